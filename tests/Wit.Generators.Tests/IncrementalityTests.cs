using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Wit.Generators.Tests;

/// <summary>Edits that do not concern WIT leave every pipeline stage cached.</summary>
public sealed class IncrementalityTests
{
    private const string Wit = """
        package test:numbers;

        interface math {
          record point { x: s32, y: s32 }
          add: func(a: point, b: point) -> point;
        }

        world calculator {
          export math;
        }
        """;

    [Fact]
    public void EditingUnrelatedCSharpRerunsNothing()
    {
        var compilation = GeneratorHarness.Compilation("namespace App { public class A { } }", "namespace App { public class B { } }");
        var driver = GeneratorHarness.Driver([new WitInput("/app/wit/numbers.wit", Wit)], track: true);
        driver = driver.RunGenerators(compilation);

        var edited = compilation.ReplaceSyntaxTree(
            compilation.SyntaxTrees.First(),
            CSharpSyntaxTree.ParseText("namespace App { public class A { public int X; } }", GeneratorHarness.ParseOptions, "Source0.cs"));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        // The attribute step runs only for classes that carry the attribute; there are none here.
        string[] steps = ["WitFiles", "BindingRequests", "GenerationResults"];
        foreach (var step in steps)
        {
            Assert.True(result.TrackedSteps.ContainsKey(step), $"step {step} was not tracked");
        }

        foreach (var step in result.TrackedSteps.Keys.Where(k => k.StartsWith("Wit", StringComparison.Ordinal) || k.EndsWith("s", StringComparison.Ordinal) && steps.Contains(k)))
        {
            foreach (var run in result.TrackedSteps[step])
            {
                Assert.All(run.Outputs, o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{step}: {o.Reason}"));
            }
        }

        Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(r => r.Outputs), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
    }

    [Fact]
    public void EditingWitRegenerates()
    {
        var compilation = GeneratorHarness.Compilation("namespace App { public class A { } }");
        var driver = GeneratorHarness.Driver([new WitInput("/app/wit/numbers.wit", Wit)], out var texts).RunGenerators(compilation);
        driver = driver.ReplaceAdditionalText(texts[0], new GeneratorHarness.InMemoryText("/app/wit/numbers.wit", Wit.Replace("x: s32", "x: s64", StringComparison.Ordinal)));
        var result = driver.RunGenerators(compilation).GetRunResult();
        Assert.Contains(result.GeneratedTrees, t => t.ToString().Contains("record Point(long X, int Y)", StringComparison.Ordinal));
    }
}
