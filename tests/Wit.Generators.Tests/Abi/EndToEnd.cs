using System.Reflection;
using System.Runtime.ExceptionServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Wasm.Components;
using Wasm.Components.Types;
using Wasm.Components.WitPrinting;

namespace Wit.Generators.Tests.Abi;

/// <summary>Component-level types the generated <c>AddToLinker</c>s define their functions with.</summary>
public static class ComponentTypes
{
    /// <summary>The type of function <paramref name="function"/> of the instance the component imports as <paramref name="instance"/>.</summary>
    public static ComponentFuncType Import(Component component, string instance, string function)
    {
        foreach (var (name, type) in component.Type.Imports)
        {
            if (name != instance || type is not InstanceType it) continue;
            foreach (var (export, e) in it.Exports)
                if (export == function && e is FuncExternType f) return f.Type;
        }

        throw new KeyNotFoundException($"{instance}#{function} is not imported");
    }

    /// <summary>Defines every function of the component's WASI imports as a trap (the fixtures' tests call none).</summary>
    public static void StubWasi(ComponentLinker linker, Component component)
    {
        foreach (var (name, type) in component.Type.Imports)
        {
            if (!name.StartsWith("wasi:", StringComparison.Ordinal) || type is not InstanceType instance) continue;
            var scope = linker.Instance(name);
            foreach (var (export, e) in instance.Exports)
            {
                if (e is FuncExternType) scope.DefineFunction(export, _ => throw new InvalidOperationException($"{name}#{export} is stubbed"));
                else if (e is TypeExternType { Resource: not null }) scope.DefineResource(export, new ResourceType(export));
            }
        }
    }
}

/// <summary>
/// Generates host bindings for a jco fixture's world (its WIT printed from the component and resolved by the
/// generator's parser), compiles them with a test scenario written against them, and runs the scenario's
/// <c>Scenario.Run(Component, Engine)</c> against the real component.
/// </summary>
internal static class EndToEnd
{
    private static readonly Wasm.Engine Engine = new();
    private static readonly Lazy<MetadataReference[]> References = new(() =>
    {
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator).ToList();
        paths.Add(typeof(Component).Assembly.Location);
        paths.Add(typeof(Wasm.Engine).Assembly.Location);
        paths.Add(typeof(EndToEnd).Assembly.Location);
        return paths.Distinct().Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToArray();
    });

    public static (Component Component, string Source) Generate(string fixture)
    {
        var component = Component.FromFile(Engine, Path.Combine(Corpus.Jco, fixture + ".component.wasm"));
        var (root, dependencies) = ComponentWitPrinter.PrintParts(component.Type);
        var resolve = WitSources.FromText(root + "\n" + dependencies);
        var package = resolve.Packages.Select((p, i) => (p, i)).Single(x => x.p.Name.Namespace == "root" && x.p.Name.Name == "component").i;
        var world = resolve.SelectWorld(new Wit.Model.PackageId(package), "root");
        return (component, TestBindings.Generate(resolve, world));
    }

    /// <summary>Compiles generated source alone; returns its errors and the warnings in it.</summary>
    public static List<Diagnostic> Compile(string source)
    {
        var tree = CSharpSyntaxTree.ParseText(source, path: "generated.g.cs");
        var compilation = CSharpCompilation.Create("Gen", [tree], References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, checkOverflow: true));
        return compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
    }

    /// <summary>Generates, compiles and runs <paramref name="scenario"/> (a C# file declaring <c>Gen.Scenario</c>).</summary>
    public static string Run(string fixture, string scenario)
    {
        var (component, source) = Generate(fixture);
        var generated = CSharpSyntaxTree.ParseText(source, path: fixture + ".g.cs");
        var test = CSharpSyntaxTree.ParseText(scenario, path: "Scenario.cs");
        var compilation = CSharpCompilation.Create("Gen_" + fixture.Replace('-', '_'), [generated, test], References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, checkOverflow: true));
        using var image = new MemoryStream();
        var result = compilation.Emit(image);
        var problems = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error || (d.Severity == DiagnosticSeverity.Warning && d.Location.SourceTree == generated)).ToList();
        if (problems.Count > 0)
            throw new Xunit.Sdk.XunitException(string.Join("\n", problems.Take(20)) + "\n\n" + Numbered(source));
        var assembly = Assembly.Load(image.ToArray());
        var run = assembly.GetType("Gen.Scenario", true)!.GetMethod("Run")!;
        try
        {
            run.Invoke(null, [component, Engine]);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            ExceptionDispatchInfo.Capture(e.InnerException).Throw();
        }

        return source;
    }

    private static string Numbered(string source) =>
        string.Join("\n", source.Split('\n').Select((l, i) => $"{i + 1,5}: {l}"));
}
