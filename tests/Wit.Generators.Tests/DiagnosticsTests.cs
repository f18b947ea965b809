using Microsoft.CodeAnalysis;

namespace Wit.Generators.Tests;

/// <summary>WIT0001–WIT0006, located in the .wit file.</summary>
public sealed class DiagnosticsTests
{
    [Fact]
    public void SyntaxErrorIsLocatedInTheWitFile()
    {
        var run = GeneratorHarness.Run([new WitInput("/app/wit/a.wit", "package a:b;\n\ninterface i {\n  f: func(x: u32 -> u32;\n}\n")]);
        var error = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("WIT0001", error.Id);
        Assert.Equal(DiagnosticSeverity.Error, error.Severity);
        var span = error.Location.GetLineSpan();
        Assert.Equal("/app/wit/a.wit", span.Path);
        Assert.Equal(3, span.StartLinePosition.Line);
    }

    [Fact]
    public void ResolutionErrorIsLocatedInTheWitFile()
    {
        var run = GeneratorHarness.Run([new WitInput("/app/wit/a.wit", "package a:b;\n\ninterface i {\n  f: func(x: missing);\n}\n")]);
        var error = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("WIT0002", error.Id);
        var span = error.Location.GetLineSpan();
        Assert.Equal("/app/wit/a.wit", span.Path);
        Assert.Equal(3, span.StartLinePosition.Line);
        Assert.Equal(13, span.StartLinePosition.Character);
    }

    [Fact]
    public void MissingWorld()
    {
        var run = GeneratorHarness.Run([new WitInput("/app/wit/a.wit", "package a:b;\n\nworld w {}\n", World: "nope")]);
        var error = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("WIT0003", error.Id);
        Assert.Contains("`w`", error.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void NamesThatCollideInCSharp()
    {
        const string wit = "package a:b;\n\ninterface i {\n  record x { a: u32 }\n  record X { a: u32 }\n}\n\nworld w { import i; }\n";
        var run = GeneratorHarness.Run([new WitInput("/app/wit/a.wit", wit)]);
        var error = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("WIT0004", error.Id);
        Assert.Equal(4, error.Location.GetLineSpan().StartLinePosition.Line);
    }

    [Fact]
    public void WorldAndInterfaceClassesThatCollide()
    {
        const string wit = "package a:b;\n\ninterface calculator-pre {\n  f: func();\n}\n\nworld calculator { import calculator-pre; }\n";
        var run = GeneratorHarness.Run([new WitInput("/app/wit/a.wit", wit)]);
        var error = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("WIT0004", error.Id);
        Assert.Contains("interface `a:b/calculator-pre` and world `calculator` both become `CalculatorPre`", error.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void AsyncFunctionsAreSkippedWithAWarning()
    {
        const string wit = "package a:b;\n\ninterface i {\n  f: async func();\n  g: func() -> u32;\n}\n\nworld w { export i; }\n";
        var run = GeneratorHarness.Run([new WitInput("/app/wit/a.wit", wit)]);
        var warning = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("WIT0005", warning.Id);
        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
        Assert.Empty(run.Problems("WIT0005"));
        Assert.Contains(run.Sources.Values, s => s.Contains("public uint G()", StringComparison.Ordinal));
    }

    [Fact]
    public void ConflictingMetadataInOnePackage()
    {
        var run = GeneratorHarness.Run(
        [
            new WitInput("/app/wit/a.wit", "package a:b;\n\nworld w {}\n", Namespace: "One"),
            new WitInput("/app/wit/b.wit", "world v {}\n", Namespace: "Two"),
        ]);
        var conflict = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("WIT0006", conflict.Id);
        Assert.Equal("/app/wit/b.wit", conflict.Location.GetLineSpan().Path);
    }

    [Fact]
    public void UnknownResultAsIsReported()
    {
        var run = GeneratorHarness.Run([new WitInput("/app/wit/a.wit", "package a:b;\nworld w {}\n", ResultAs: "throw")]);
        var problem = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("WIT0006", problem.Id);
        Assert.Contains("WitResultAs `throw`", problem.GetMessage(), StringComparison.Ordinal);
    }
}
