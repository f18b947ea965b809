using System.Reflection;
using System.Runtime.ExceptionServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Wit.Generators.Tests.EndToEnd;

namespace Wit.Generators.Tests.Guest;

/// <summary>
/// A C# component linked in-process: guest bindings for a world that exports <c>test:e2e/host</c>, implemented
/// by ordinary C# classes (<c>IHost</c>, <c>IHost.IStore</c>), are added to a <c>ComponentLinker</c> with the
/// generated <c>Host.AddToLinker</c>; the cross-language wasm components of tests/components import that
/// interface from it, so every call of their <c>test:e2e/guest</c> exports crosses into the C# component (strings,
/// lists, records, variants, options, results, flags, and the C# component's <c>store</c> resource, which the wasm
/// component creates, lends, moves and drops). The same compilation holds the component's core exports for the
/// NativeAOT-LLVM build, which call the same class through <c>Host.Implementation</c>.
/// </summary>
public sealed class InProcessGuestTests
{
    public static TheoryData<string> Languages => new() { "js", "c" };

    private const string World = """
        package test:e2e@0.1.0;

        /// The host side of the cross-language tests, as a component written in C#.
        world csharp-host {
          export host;
        }
        """;

    private const string Component = """
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using Guest.Test.E2e;
        using Wasm.Components.Bindings;
        using static Guest.Test.E2e.Types;

        namespace CSharpComponent;

        public sealed class Store(string name, Dictionary<string, string> entries, List<string> dropped) : IHost.IStore, IDisposable
        {
            public string StoreName => name;
            public Dictionary<string, string> Entries => entries;
            public string Name() => name;
            public void Put(string key, string value) => entries[key] = value;
            public string? Get(string key) => entries.TryGetValue(key, out var v) ? v : null;
            public void Dispose() => dropped.Add(name);
        }

        /// <summary>The component: an ordinary class implementing the generated interface.</summary>
        public sealed class HostComponent : IHost
        {
            public readonly List<string> Calls = new();
            public readonly List<string> Dropped = new();
            public string Greet(string name) { Calls.Add("greet"); return $"Hello, {name}!"; }
            public byte[] Reverse(byte[] data) { Calls.Add("reverse"); return data.Reverse().ToArray(); }
            public IReadOnlyList<string> Words(string text) { Calls.Add("words"); return text.Split(' '); }
            public IReadOnlyList<Point> MoveAll(IReadOnlyList<Point> points, Point by) { Calls.Add("move-all"); return points.Select(p => new Point(p.X + by.X, p.Y + by.Y)).ToArray(); }
            public Item Tag(Item it, string tag) { Calls.Add("tag"); return it with { Tags = it.Tags.Append(tag).ToArray() }; }
            public Color NextColor(Color c) { Calls.Add("next-color"); return (Color)(((int)c + 1) % 3); }
            public Perms Flip(Perms p) { Calls.Add("flip"); return ~p & (Perms.Read | Perms.Write | Perms.Exec); }
            public Shape Scale(Shape s, uint k)
            {
                Calls.Add("scale");
                return s switch
                {
                    Shape.Circle c => new Shape.Circle(c.Value * k),
                    Shape.Rect r => new Shape.Rect(new Point(r.Value.X * (int)k, r.Value.Y * (int)k)),
                    _ => s,
                };
            }
            public Option<string?> Find(string key)
            {
                Calls.Add("find");
                return key switch { "a" => Option.Some<string?>("alpha"), "nothing" => Option.Some<string?>(null), _ => Option<string?>.None };
            }
            public Result<long, Failure> Parse(string text)
            {
                Calls.Add("parse");
                if (text.Length == 0) return Result<long, Failure>.Err(new Failure.NotFound());
                return long.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var n)
                    ? Result<long, Failure>.Ok(n)
                    : Result<long, Failure>.Err(new Failure.Invalid(text));
            }
            public Result<Unit, Unit> Check(bool pass) { Calls.Add("check"); return pass ? Result<Unit, Unit>.Ok(default) : Result<Unit, Unit>.Err(default); }
            public (uint, string) Swap((string, uint) t) { Calls.Add("swap"); return (t.Item2, t.Item1); }
            public IHost.IStore CreateStore(string name) { Calls.Add("store " + name); return new Store(name, new(), Dropped); }
            public IHost.IStore StoreMerge(IHost.IStore a, IHost.IStore b)
            {
                Calls.Add("merge");
                Store x = (Store)a, y = (Store)b;
                var entries = new Dictionary<string, string>(x.Entries);
                foreach (var (k, v) in y.Entries) entries[k] = v;
                return new Store($"{x.StoreName}+{y.StoreName}", entries, Dropped);
            }
            public uint Size(IHost.IStore s) { Calls.Add("size " + ((Store)s).StoreName); return (uint)((Store)s).Entries.Count; }
        }
        """;

    private const string Scenario = """
        using System;
        using System.Linq;
        using Wasm.Components;
        using Wasm.Components.Values;

        namespace InProcess;

        public static class Scenario
        {
            public static void Run(Component component, Wasm.Engine engine)
            {
                var csharp = new CSharpComponent.HostComponent();
                // The NativeAOT-LLVM build of the component calls the same object through its core exports.
                Guest.Test.E2e.Host.Implementation = csharp;

                var linker = new ComponentLinker(engine);
                Wit.Generators.Tests.EndToEnd.CrossLanguageComponents.StubWasi(linker, component);
                Guest.Test.E2e.Host.AddToLinker(linker, Guest.Test.E2e.Host.Implementation);
                var guest = linker.Instantiate(new Wasm.Store(engine), component).GetInstance("test:e2e/guest@0.1.0")!;
                string Call(string name, params WitValue[] args) => guest.GetFunc(name)!.Call(args)?.ToString() ?? "()";
                void Expect(string expected, string actual, string what)
                {
                    if (expected != actual) throw new Exception($"{what}: expected {expected}, got {actual}");
                }

                Expect("\"Hello, Wörld 🌍! 👋\"", Call("greet", WitValue.String("Wörld 🌍")), "greet");
                Expect("(6, [3, 2, 1])", Call("digest", WitValue.List(WitValue.U8(1), WitValue.U8(2), WitValue.U8(3))), "digest");
                Expect("[\"🦀\", \"für\", \"one\"]", Call("words", WitValue.String("one für 🦀")), "words");
                WitValue Point(int x, int y) => WitValue.Record(("x", WitValue.S32(x)), ("y", WitValue.S32(y)));
                Expect("[{x: 2, y: -2}, {x: -3, y: 5}]", Call("shift", WitValue.List(Point(0, 0), Point(-5, 7)), Point(1, -1)), "shift");
                var item = WitValue.Record(("name", WitValue.String("ünï")), ("tags", WitValue.List(WitValue.String("x"))), ("at", Point(3, -4)), ("data", WitValue.List(WitValue.U8(0), WitValue.U8(255))));
                Expect("{name: \"ünï\", tags: [\"x\", \"guest\"], at: {x: 3, y: -4}, data: [0, 255]}", Call("tag", item), "tag");
                Expect("blue", Call("next-color", WitValue.Enum("red")), "next-color");
                Expect("{read, exec}", Call("flip", WitValue.Flags("write")), "flip");
                Expect("rect({x: 6, y: -9})", Call("scale", WitValue.Variant("rect", Point(2, -3))), "scale");
                Expect("named(\"名前\")", Call("scale", WitValue.Variant("named", WitValue.String("名前"))), "scale named");
                Expect("some(some(\"alpha\"))", Call("find", WitValue.Some(WitValue.String("a"))), "find a");
                Expect("some(none)", Call("find", WitValue.Some(WitValue.String("nothing"))), "find nothing");
                Expect("none", Call("find", WitValue.Some(WitValue.String("zzz"))), "find zzz");
                Expect("ok(40)", Call("add", WitValue.String("42"), WitValue.String("-2")), "add");
                Expect("err(invalid(\"x½\"))", Call("add", WitValue.String("1"), WitValue.String("x½")), "add invalid");
                Expect("err(not-found)", Call("add", WitValue.String(""), WitValue.String("1")), "add not-found");
                Expect("ok", Call("check", WitValue.Bool(true)), "check true");
                Expect("err", Call("check", WitValue.Bool(false)), "check false");
                Expect("(42, \"zwölf\")", Call("swap", WitValue.Tuple(WitValue.String("zwölf"), WitValue.U32(41))), "swap");

                // The wasm component creates two of the C# component's stores, merges them, moves the merged one
                // into size (the C# component owns it from then on) and drops the others.
                csharp.Calls.Clear();
                Expect("(\"a+b\", some(\"värde ✨\"), 2)", Call("stores", WitValue.String("key"), WitValue.String("värde ✨")), "stores");
                Expect("store a, store b, merge, size a+b", string.Join(", ", csharp.Calls), "store calls");
                Expect("a, b", string.Join(", ", csharp.Dropped.Order(StringComparer.Ordinal)), "stores dropped");
            }
        }
        """;

    [Theory, MemberData(nameof(Languages))]
    public void WasmComponentCallsTheCSharpComponent(string language)
    {
        string wit = File.ReadAllText(CrossLanguageComponents.Wit);
        var files = new List<WitInput>
        {
            new("/component/wit/e2e.wit", wit, World: "csharp-host", Namespace: "Guest"),
            new("/component/wit/world.wit", World, World: "csharp-host", Namespace: "Guest"),
        };
        var (run, _) = GuestHarness.Run(files);
        Assert.Empty(run.Problems().Select(d => d.ToString()));

        var trees = run.Sources.Select(s => CSharpSyntaxTree.ParseText(s.Value, GeneratorHarness.ParseOptions, s.Key))
            .Append(CSharpSyntaxTree.ParseText(Component, GeneratorHarness.ParseOptions, "Component.cs"))
            .Append(CSharpSyntaxTree.ParseText(Scenario, GeneratorHarness.ParseOptions, "Scenario.cs"));
        var compilation = GeneratorHarness.Compilation().AddSyntaxTrees(trees)
            .AddReferences(MetadataReference.CreateFromFile(typeof(InProcessGuestTests).Assembly.Location))
            .WithOptions(new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true, warningLevel: 9999));
        using var image = new MemoryStream();
        var result = compilation.Emit(image);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(20)));
        // The generated code is warning-free; the hand-written classes here are not documented.
        Assert.Empty(result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Warning && run.Sources.ContainsKey(d.Location.SourceTree?.FilePath ?? string.Empty)).Select(d => d.ToString()));

        var scenario = Assembly.Load(image.ToArray()).GetType("InProcess.Scenario", true)!.GetMethod("Run")!;
        try
        {
            scenario.Invoke(null, [CrossLanguageComponents.Load(language), GeneratedBindings.Engine]);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            ExceptionDispatchInfo.Capture(e.InnerException).Throw();
        }
    }
}
