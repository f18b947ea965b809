using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Wit.Generators.Tests.Guest;

/// <summary>Generates guest bindings (<c>WitSide=guest</c>) and compiles them as a guest project does: with unsafe code allowed.</summary>
internal static class GuestHarness
{
    public static (GenerationRun Run, Compilation Output) Run(IEnumerable<WitInput> files, params string[] sources)
    {
        var guestFiles = files.Select(f => f with { Side = f.Side ?? "guest" }).ToList();
        var compilation = GeneratorHarness.Compilation(sources);
        compilation = compilation.WithOptions(compilation.Options.WithAllowUnsafe(true));
        var driver = GeneratorHarness.Driver(guestFiles).RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        var generated = driver.GetRunResult().Results.SelectMany(r => r.GeneratedSources).ToDictionary(s => s.HintName, s => s.SourceText.ToString());
        return (new GenerationRun(generatorDiagnostics, output.GetDiagnostics(), generated), output);
    }

    /// <summary>Every method of the compilation's own types (nested ones included) that carries one of the attributes.</summary>
    public static IEnumerable<IMethodSymbol> MethodsWith(Compilation compilation, params string[] attributes)
    {
        var stack = new Stack<INamespaceOrTypeSymbol>();
        stack.Push(compilation.Assembly.GlobalNamespace);
        while (stack.Count > 0)
        {
            var symbol = stack.Pop();
            foreach (var member in symbol.GetMembers())
            {
                switch (member)
                {
                    case INamespaceOrTypeSymbol nested:
                        stack.Push(nested);
                        break;
                    case IMethodSymbol method when method.GetAttributes().Any(a => attributes.Contains(a.AttributeClass?.Name)):
                        yield return method;
                        break;
                }
            }
        }
    }

    public static string? Named(AttributeData attribute, string name) =>
        attribute.NamedArguments.FirstOrDefault(a => a.Key == name).Value.Value as string;

    /// <summary>The core signature a C# method declares, e.g. <c>(i32 i64) -> (i32)</c>.</summary>
    public static string CoreSignature(IMethodSymbol method) =>
        $"({string.Join(" ", method.Parameters.Select(p => Core(p.Type)))}) -> ({(method.ReturnsVoid ? string.Empty : Core(method.ReturnType))})";

    private static string Core(ITypeSymbol type) => type.SpecialType switch
    {
        SpecialType.System_Int32 => "i32",
        SpecialType.System_Int64 => "i64",
        SpecialType.System_Single => "f32",
        SpecialType.System_Double => "f64",
        _ => "<" + type.ToDisplayString() + ">",
    };

    public static ImmutableArray<Diagnostic> Errors(Compilation compilation) =>
        compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToImmutableArray();
}
