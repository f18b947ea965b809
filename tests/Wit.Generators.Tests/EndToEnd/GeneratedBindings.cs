using System.Reflection;
using System.Runtime.ExceptionServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Wasm.Components;
using Wasm.Components.WitPrinting;

namespace Wit.Generators.Tests.EndToEnd;

/// <summary>
/// Runs the real generator over a component's WIT (an AdditionalFile, as a project would have it), compiles its
/// output with a C# scenario written against the generated API, and runs <c>Scenario.Run(Component, Engine)</c>
/// against the component.
/// </summary>
internal static class GeneratedBindings
{
    public static readonly Wasm.Engine Engine = new();

    /// <summary>The generated files for <paramref name="wit"/> (namespace <c>Gen</c>); fails on any diagnostic but WIT0005.</summary>
    public static Dictionary<string, string> Generate(string wit, string world = "root", string? resultAs = null) =>
        Generate([new WitInput("/bindings/wit/component.wit", wit, World: world, Namespace: "Gen", ResultAs: resultAs)]);

    /// <summary>The generated files for AdditionalFiles <paramref name="files"/>; fails on any diagnostic but WIT0005.</summary>
    public static Dictionary<string, string> Generate(IEnumerable<WitInput> files)
    {
        var run = GeneratorHarness.Run(files);
        var problems = run.Problems("WIT0005");
        if (problems.Count > 0) throw new Xunit.Sdk.XunitException(string.Join("\n", problems.Take(20)));
        return run.Sources;
    }

    /// <summary>The WIT of a component's world, printed from its type: package <c>root:component</c>, world <c>root</c>.</summary>
    public static string WitOf(Component component) => ComponentWitPrinter.Print(component.Type);

    /// <summary>Generates bindings for <paramref name="wit"/>, compiles them with <paramref name="scenario"/>, and runs it.</summary>
    public static void Run(Component component, string wit, string scenario, string world = "root", string? resultAs = null) =>
        Run(component, Generate(wit, world, resultAs), scenario);

    /// <summary>Compiles <paramref name="sources"/> (generated) with <paramref name="scenario"/>, and runs it.</summary>
    public static void Run(Component component, Dictionary<string, string> sources, string scenario)
    {
        var trees = sources.Select(s => CSharpSyntaxTree.ParseText(s.Value, GeneratorHarness.ParseOptions, s.Key)).ToList();
        var test = CSharpSyntaxTree.ParseText(scenario, GeneratorHarness.ParseOptions, "Scenario.cs");
        var compilation = GeneratorHarness.Compilation().AddSyntaxTrees(trees).AddSyntaxTrees(test)
            .AddReferences(MetadataReference.CreateFromFile(typeof(GeneratedBindings).Assembly.Location))
            .WithOptions(new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, checkOverflow: true, warningLevel: 9999));
        using var image = new MemoryStream();
        var result = compilation.Emit(image);
        var problems = result.Diagnostics
            .Where(d => d.Severity == DiagnosticSeverity.Error || (d.Severity == DiagnosticSeverity.Warning && d.Location.SourceTree != test))
            .ToList();
        if (problems.Count > 0)
        {
            var listing = string.Join("\n\n", problems.Select(p => p.Location.SourceTree).Distinct().Where(t => t is not null).Take(3).Select(t => t!.FilePath + "\n" + Numbered(t.ToString())));
            throw new Xunit.Sdk.XunitException(string.Join("\n", problems.Take(20)) + "\n\n" + listing);
        }

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
    }

    private static string Numbered(string source) =>
        string.Join("\n", source.Split('\n').Select((l, i) => $"{i + 1,5}: {l}"));
}
