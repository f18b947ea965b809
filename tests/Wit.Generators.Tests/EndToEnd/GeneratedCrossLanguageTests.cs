using System.Collections.Concurrent;
using Wasm.Components;
using Wasm.Components.Types;
using Wasm.Components.Values;

namespace Wit.Generators.Tests.EndToEnd;

/// <summary>
/// The cross-language components of tests/components (JavaScript through componentize-js, C with a hand-written
/// canonical ABI) through bindings generated from tests/components/wit/e2e.wit: the host implements the generated
/// <c>IHost</c> (its <c>store</c> resource as host objects) and calls the guest through the generated
/// <c>Guest</c> class (its <c>counter</c> resource as handle classes), so every type crosses the boundary in both
/// directions (expectations of tests/Canonical.Abi.Tests/CrossLanguage).
/// </summary>
public sealed class GeneratedCrossLanguageTests
{
    public static TheoryData<string> Languages => new() { "js", "c" };

    private const string Scenario = """
        using Gen.Test.E2e;
        using static Gen.Test.E2e.Types;
        using G = Gen.Exports.Test.E2e.Guest;
        sealed class Store : IHost.IStore, IDisposable
        {
            public readonly string StoreName;
            public readonly Dictionary<string, string> Entries;
            public readonly List<string> Dropped;
            public Store(string name, Dictionary<string, string> entries, List<string> dropped) { StoreName = name; Entries = entries; Dropped = dropped; }
            public string Name() => StoreName;
            public void Put(string key, string value) => Entries[key] = value;
            public string? Get(string key) => Entries.TryGetValue(key, out var v) ? v : null;
            public void Dispose() => Dropped.Add(StoreName);
        }
        sealed class Host : IHost
        {
            public readonly List<string> Calls = new();
            public readonly List<string> Dropped = new();
            public readonly List<string> Sized = new();
            public Action<string>? BeforeCall;
            void Call(string name) { Calls.Add(name); BeforeCall?.Invoke(name); }
            public string Greet(string name) { Call("greet"); return $"Hello, {name}!"; }
            public byte[] Reverse(byte[] data) { Call("reverse"); return data.Reverse().ToArray(); }
            public IReadOnlyList<string> Words(string text) { Call("words"); return text.Split(' '); }
            public IReadOnlyList<Point> MoveAll(IReadOnlyList<Point> points, Point by)
            {
                Call($"move-all({string.Join(" ", points)}, {by})");
                return points.Select(p => new Point(p.X + by.X, p.Y + by.Y)).ToArray();
            }
            public Item Tag(Item it, string tag) { Call("tag"); return it with { Tags = it.Tags.Append(tag).ToArray() }; }
            public Color NextColor(Color c) { Call("next-color"); return (Color)(((int)c + 1) % 3); }
            public Perms Flip(Perms p) { Call($"flip({p})"); return ~p & (Perms.Read | Perms.Write | Perms.Exec); }
            public Shape Scale(Shape s, uint k)
            {
                Call($"scale({s}, {k})");
                return s switch
                {
                    Shape.Circle c => new Shape.Circle(c.Value * k),
                    Shape.Rect r => new Shape.Rect(new Point(r.Value.X * (int)k, r.Value.Y * (int)k)),
                    _ => s,
                };
            }
            public Option<string?> Find(string key)
            {
                Call($"find({key})");
                return key switch { "a" => Option.Some<string?>("alpha"), "nothing" => Option.Some<string?>(null), _ => Option<string?>.None };
            }
            public Result<long, Failure> Parse(string text)
            {
                Call("parse");
                if (text.Length == 0) return Result<long, Failure>.Err(new Failure.NotFound());
                return long.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var n)
                    ? Result<long, Failure>.Ok(n)
                    : Result<long, Failure>.Err(new Failure.Invalid(text));
            }
            public Result<Unit, Unit> Check(bool pass) { Call($"check({pass})"); return pass ? Result<Unit, Unit>.Ok(default) : Result<Unit, Unit>.Err(default); }
            public (uint, string) Swap((string, uint) t) { Call("swap"); return (t.Item2, t.Item1); }
            public IHost.IStore CreateStore(string name) { Call("store"); return new Store(name, new(), Dropped); }
            public IHost.IStore StoreMerge(IHost.IStore a, IHost.IStore b)
            {
                Call("merge");
                Store x = (Store)a, y = (Store)b;
                var entries = new Dictionary<string, string>(x.Entries);
                foreach (var (k, v) in y.Entries) entries[k] = v;
                return new Store($"{x.StoreName}+{y.StoreName}", entries, Dropped);
            }
            public uint Size(IHost.IStore s)
            {
                Call("size");
                var store = (Store)s;
                Sized.Add(store.StoreName);
                return (uint)store.Entries.Count;
            }
        }
        public static class Scenario
        {
            public static void Run(Component component, Wasm.Engine engine)
            {
                var linker = new ComponentLinker(engine);
                Wit.Generators.Tests.EndToEnd.CrossLanguageComponents.StubWasi(linker, component);
                var host = new Host();
                Gen.Test.E2e.Host.AddToLinker(linker, host);
                var pre = new WorldPre(component, linker);
                var g = pre.Instantiate(new Wasm.Store(engine)).Guest;

                Check.Equal("Hello, Wörld 🌍! 👋", g.Greet("Wörld 🌍"), "greet");
                Check.Equal("Hello, ! 👋", g.Greet(""), "greet empty");
                var longName = string.Concat(Enumerable.Repeat("ñ€𝄞", 700));
                Check.Equal($"Hello, {longName}! 👋", g.Greet(longName), "greet long");

                var (sum, reversed) = g.Digest(new byte[] { 1, 2, 3 });
                Check.Equal(6u, sum, "digest sum");
                Check.Seq(new byte[] { 3, 2, 1 }, reversed, "digest bytes");
                var data = Enumerable.Range(0, 5000).Select(i => unchecked((byte)(i * 31))).ToArray();
                (sum, reversed) = g.Digest(data);
                Check.Equal((uint)data.Sum(b => b), sum, "digest sum of 5000 bytes");
                Check.Seq(data.Reverse(), reversed, "digest 5000 bytes");
                Check.Equal(0, g.Digest(Array.Empty<byte>()).Item2.Length, "digest empty");

                Check.Seq(new[] { "🦀", "für", "one" }, g.Words("one für 🦀"), "words");
                Check.Seq(new[] { "" }, g.Words(""), "words empty");

                host.Calls.Clear();
                Check.Seq(new[] { new Point(2, -2), new Point(-3, 5), new Point(int.MaxValue, int.MinValue) },
                    g.Shift(new[] { new Point(0, 0), new Point(-5, 7), new Point(int.MaxValue - 2, int.MinValue + 2) }, new Point(1, -1)), "shift");
                Check.Seq(new[] { $"move-all({new Point(0, 0)} {new Point(-5, 7)} {new Point(int.MaxValue - 2, int.MinValue + 2)}, {new Point(1, -1)})" }, host.Calls, "move-all calls");
                Check.Equal(0, g.Shift(Array.Empty<Point>(), new Point(1, 1)).Count, "shift empty");

                var tagged = g.Tag(new Item("ünïcode ✓", new[] { "x", "🏷" }, new Point(3, -4), new byte[] { 0, 255, 128 }));
                Check.Equal("ünïcode ✓", tagged.Name, "tag name");
                Check.Seq(new[] { "x", "🏷", "guest" }, tagged.Tags, "tag tags");
                Check.Equal(new Point(3, -4), tagged.At, "tag at");
                Check.Seq(new byte[] { 0, 255, 128 }, tagged.Data, "tag data");
                tagged = g.Tag(new Item("", Array.Empty<string>(), new Point(0, 0), Array.Empty<byte>()));
                Check.Seq(new[] { "guest" }, tagged.Tags, "tag of an empty item");

                Check.Equal(Color.Blue, g.NextColor(Color.Red), "next-color red");
                Check.Equal(Color.Red, g.NextColor(Color.Green), "next-color green");
                Check.Equal(Color.Green, g.NextColor(Color.Blue), "next-color blue");

                host.Calls.Clear();
                Check.Equal(Perms.Read | Perms.Write | Perms.Exec, g.Flip(Perms.None), "flip none");
                Check.Equal(Perms.Read, g.Flip(Perms.Read | Perms.Write | Perms.Exec), "flip all");
                Check.Equal(Perms.Read | Perms.Exec, g.Flip(Perms.Write), "flip write");
                Check.Equal(Perms.Read | Perms.Write, g.Flip(Perms.Read | Perms.Exec), "flip read, exec");
                Check.Seq(new[] { "flip(None)", "flip(Read, Write, Exec)", "flip(Write)", "flip(Read, Exec)" }, host.Calls, "flip calls");

                Check.Equal<Shape>(new Shape.Empty(), g.Scale(new Shape.Empty()), "scale empty");
                Check.Equal<Shape>(new Shape.Circle(21), g.Scale(new Shape.Circle(7)), "scale circle");
                Check.Equal<Shape>(new Shape.Rect(new Point(6, -9)), g.Scale(new Shape.Rect(new Point(2, -3))), "scale rect");
                Check.Equal<Shape>(new Shape.Named("名前"), g.Scale(new Shape.Named("名前")), "scale named");

                host.Calls.Clear();
                Check.Equal(Option.Some<string?>("alpha"), g.Find("a"), "find a");
                Check.Equal(Option.Some<string?>(null), g.Find("nothing"), "find nothing");
                Check.Equal(Option<string?>.None, g.Find("zzz"), "find zzz");
                Check.Equal(Option<string?>.None, g.Find(null), "find none");
                Check.Seq(new[] { "find(a)", "find(nothing)", "find(zzz)" }, host.Calls, "find calls");

                Check.Equal(Result<long, Failure>.Ok(40), g.Add("42", "-2"), "add");
                Check.Equal(Result<long, Failure>.Ok(long.MinValue), g.Add("-9223372036854775807", "-1"), "add min");
                Check.Equal(Result<long, Failure>.Err(new Failure.Invalid("x½")), g.Add("1", "x½"), "add invalid");
                Check.Equal(Result<long, Failure>.Err(new Failure.NotFound()), g.Add("", "1"), "add not-found");

                Check.Equal(Result<Unit, Unit>.Ok(default), g.Check(true), "check true");
                Check.Equal(Result<Unit, Unit>.Err(default), g.Check(false), "check false");

                Check.Equal((42u, "zwölf"), g.Swap(("zwölf", 41u)), "swap");
                Check.Equal((1u, ""), g.Swap(("", 0u)), "swap empty");

                // Host resources: stores the guest creates, merges and drops, and stores the host lends and gives.
                Check.Equal(("a+b", (string?)"värde ✨", 2u), g.Stores("key", "värde ✨"), "stores");
                Check.Seq(new[] { "a", "b" }, host.Dropped.Order(), "stores the guest dropped");
                Check.Seq(new[] { "a+b" }, host.Sized, "stores moved into size");
                host.Dropped.Clear();
                host.Sized.Clear();
                var mine = new Store("mine", new() { ["old"] = "1" }, host.Dropped);
                g.Fill(mine, new[] { "k", "ключ" });
                Check.Seq(new[] { "k", "old", "ключ" }, mine.Entries.Keys.Order(StringComparer.Ordinal), "filled keys");
                Check.Equal("1", mine.Entries["old"], "old value");
                Check.Equal("k", mine.Entries["k"], "filled value");
                Check.Equal("ключ", mine.Entries["ключ"], "filled value");
                Check.Equal(0, host.Dropped.Count, "a lent store is not dropped");
                Check.Equal(3u, g.Drain(mine), "drain");
                Check.Seq(new[] { "mine" }, host.Sized, "the store given to the guest came back to size");

                // Guest resources: counters as handle classes.
                host.Calls.Clear();
                var c = g.CreateCounter("clicks 🖱");
                Check.Equal(2u, c.Add(2), "add 2");
                Check.Equal(7u, c.Add(5), "add 5");
                Check.Equal("clicks 🖱", c.Label(), "label");
                var d = g.CreateCounter("d");
                Check.Equal(10u, d.Add(10), "d add 10");
                c.Absorb(d);
                Check.Equal(17u, c.Add(0), "absorbed");
                Check.Equal("clicks 🖱=17", g.Finish(c), "finish c");
                Check.Equal("d=10", g.Finish(d), "finish d");
                Check.Equal(0, host.Calls.Count, "counters call no imports");
                // A moved handle is refused before the guest is entered: the instance stays usable.
                try { c.Add(1); throw new Exception("a moved handle was used"); } catch (ObjectDisposedException) { }
                try { g.Finish(c); throw new Exception("a moved handle was moved again"); } catch (ObjectDisposedException) { }
                c.Dispose();
                using (var e = g.CreateCounter("e")) Check.Equal(1u, e.Add(1), "a counter dropped by Dispose");
                Check.Equal("y=0", g.Finish(g.CreateCounter("y")), "usable after refused handles");

                // A second instance of the same Pre is independent.
                var g2 = pre.Instantiate(new Wasm.Store(engine)).Guest;
                Check.Equal("z=0", g2.Finish(g2.CreateCounter("z")), "second instance");

                // An import calling back into the guest traps, and the instance is poisoned.
                host.BeforeCall = _ => g.Check(true);
                try { g.Greet("x"); throw new Exception("reentrance did not trap"); }
                catch (Wasm.TrapException e) when (e.Message.StartsWith("cannot enter component instance", StringComparison.Ordinal)) { }
            }
        }
        """;

    [Theory, MemberData(nameof(Languages))]
    public void BothDirections(string language)
    {
        var world = language + "-guest";
        var worldClass = "Gen.Test.E2e." + (language == "js" ? "JsGuest" : "CGuest");
        var source = GeneratedJcoTests.Source(Scenario.Replace("WorldPre", worldClass + "Pre", StringComparison.Ordinal), worldClass);
        GeneratedBindings.Run(CrossLanguageComponents.Load(language), File.ReadAllText(CrossLanguageComponents.Wit), source, world);
    }

    /// <summary>The same scenario with the host as the world's <c>I{World}Host</c>, defined by <c>new {World}Pre(component, linker, host)</c>.</summary>
    [Theory, MemberData(nameof(Languages))]
    public void BothDirectionsThroughTheWorldHost(string language)
    {
        var world = language + "-guest";
        var worldClass = "Gen.Test.E2e." + (language == "js" ? "JsGuest" : "CGuest");
        var scenario = Scenario
            .Replace("sealed class Host : IHost", "sealed class Host : " + worldClass.Replace("E2e.", "E2e.I", StringComparison.Ordinal) + "Host", StringComparison.Ordinal)
            .Replace("Gen.Test.E2e.Host.AddToLinker(linker, host);", string.Empty, StringComparison.Ordinal)
            .Replace("new WorldPre(component, linker)", "new WorldPre(component, linker, host)", StringComparison.Ordinal)
            .Replace("WorldPre", worldClass + "Pre", StringComparison.Ordinal);
        Assert.Contains("Pre(component, linker, host)", scenario, StringComparison.Ordinal);
        Assert.DoesNotContain("AddToLinker", scenario, StringComparison.Ordinal);
        GeneratedBindings.Run(CrossLanguageComponents.Load(language), File.ReadAllText(CrossLanguageComponents.Wit), GeneratedJcoTests.Source(scenario, worldClass), world);
    }
}

/// <summary>The components tests/components/build.sh builds into tests/components/out/, compiled once each.</summary>
public static class CrossLanguageComponents
{
    private static readonly Lazy<string> Dir = new(FindDirectory);
    private static readonly ConcurrentDictionary<string, Lazy<Component>> Cache = new(StringComparer.Ordinal);

    /// <summary>tests/components/wit/e2e.wit.</summary>
    public static string Wit => Path.Combine(Dir.Value, "wit", "e2e.wit");

    /// <summary>The component built from <c>tests/components/{language}/e2e.*</c>.</summary>
    public static Component Load(string language) =>
        Cache.GetOrAdd(language, l => new Lazy<Component>(() =>
        {
            var path = Path.Combine(Dir.Value, "out", $"e2e-{l}.wasm");
            // Never a skip: CI builds the components before the tests, so a missing one is a broken build.
            if (!File.Exists(path))
                throw new Xunit.Sdk.XunitException($"{path} is missing: run tests/components/build.sh to build the cross-language test components");
            return Component.FromFile(GeneratedBindings.Engine, path);
        })).Value;

    /// <summary>
    /// Defines the component's WASI imports as traps, except wasi:random/random (deterministic values) and
    /// wasi:clocks/monotonic-clock's <c>now</c>, which StarlingMonkey calls.
    /// </summary>
    public static void StubWasi(ComponentLinker linker, Component component)
    {
        Abi.ComponentTypes.StubWasi(linker, component);
        linker.AllowShadowing = true;
        foreach (var (name, type) in component.Type.Imports)
        {
            if (type is not InstanceType) continue;
            if (name.StartsWith("wasi:random/random@", StringComparison.Ordinal))
                linker.Instance(name)
                    .DefineFunction("get-random-bytes", a =>
                        WitValue.List(Enumerable.Range(0, (int)a[0].AsUInt64()).Select(i => WitValue.U8(unchecked((byte)(i * 151 + 7)))).ToArray()))
                    .DefineFunction("get-random-u64", _ => WitValue.U64(0x9E3779B97F4A7C15));
            else if (name.StartsWith("wasi:clocks/monotonic-clock@", StringComparison.Ordinal))
                linker.Instance(name).DefineFunction("now", _ => WitValue.U64((ulong)Environment.TickCount64 * 1_000_000));
        }
        linker.AllowShadowing = false;
    }

    private static string FindDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "components");
            if (File.Exists(Path.Combine(candidate, "build.sh"))) return candidate;
        }
        throw new DirectoryNotFoundException($"tests/components was not found above {AppContext.BaseDirectory}");
    }
}
