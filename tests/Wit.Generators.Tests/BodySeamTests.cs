using Wit.Generators.Emit;
using Wit.Generators.Model;

namespace Wit.Generators.Tests;

/// <summary>The declarations take their bodies from an <see cref="IFunctionBodyEmitter"/>, which the ABI layer supplies.</summary>
public sealed class BodySeamTests
{
    [Fact]
    public void BodiesComeFromTheEmitter()
    {
        const string wit = "package a:b;\n\ninterface i {\n  f: func(x: u32) -> u32;\n}\n\nworld w { import i; export i; }\n";
        var request = new BindingRequest(
            "/app/wit",
            new[] { new WitFile("/app/wit/a.wit", wit, null, null, null) }.ToEquatableArray(),
            EquatableArray<string>.Empty,
            "App",
            BindingSide.Host,
            null,
            EquatableArray<DiagnosticInfo>.Empty);
        var emitter = new RecordingEmitter();
        var result = BindingsBuilder.Build(request, emitter, CancellationToken.None);

        Assert.Empty(result.Diagnostics);
        Assert.Equal(["f"], emitter.Exported);
        Assert.Equal(["a:b/i"], emitter.Imported);
        Assert.Contains(result.Sources, s => s.Text.Contains("return x; // f", StringComparison.Ordinal));
    }

    [Fact]
    public void GuestSideGeneratesTheWorldAndTheGuestRuntime()
    {
        var run = GeneratorHarness.Run([new WitInput("/app/wit/a.wit", "package a:b;\n\nworld w {}\n", Side: "guest")]);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Contains("Wasm.Components.Guest.g.cs", run.Sources.Keys);
        Assert.Contains(run.Sources.Values, s => s.Contains("public partial class W", StringComparison.Ordinal));
    }

    [Fact]
    public void FlagsBeyond64AreSkippedWithTheirFunctions()
    {
        string names = string.Join(", ", Enumerable.Range(0, 65).Select(i => "flag" + i));
        string wit = $"package a:b;\n\ninterface i {{\n  flags many {{ {names} }}\n  take: func(m: many);\n  keep: func();\n}}\n\nworld w {{ import i; }}\n";
        var run = GeneratorHarness.Run([new WitInput("/app/wit/a.wit", wit)]);
        Assert.True(run.GeneratorDiagnostics.Count(d => d.Id == "WIT0005") == 2, string.Join("\n", run.GeneratorDiagnostics));
        Assert.Empty(run.Problems("WIT0005"));
        Assert.Contains(run.Sources.Values, s => s.Contains("void Keep();", StringComparison.Ordinal) && !s.Contains("Take", StringComparison.Ordinal));
    }

    private sealed class RecordingEmitter : IFunctionBodyEmitter
    {
        public List<string> Exported { get; } = [];

        public List<string?> Imported { get; } = [];

        public void EmitExportsState(SourceWriter writer, ExportsClass exports) =>
            NotImplementedBodyEmitter.Instance.EmitExportsState(writer, exports);

        public void EmitExportCall(SourceWriter writer, FunctionBinding function)
        {
            Exported.Add(function.Function.Name);
            using (writer.Block())
            {
                writer.Line($"return {function.Parameters[0].Name}; // {function.ExternName}");
            }
        }

        public void EmitHandleState(SourceWriter writer, ResourceBinding resource) =>
            NotImplementedBodyEmitter.Instance.EmitHandleState(writer, resource);

        public void EmitAddToLinker(SourceWriter writer, ImportsBinding imports)
        {
            Imported.Add(imports.InstanceName);
            NotImplementedBodyEmitter.Instance.EmitAddToLinker(writer, imports);
        }

        public void EmitPreState(SourceWriter writer, WorldBinding world) => NotImplementedBodyEmitter.Instance.EmitPreState(writer, world);

        public void EmitPreInstantiate(SourceWriter writer, WorldBinding world) => NotImplementedBodyEmitter.Instance.EmitPreInstantiate(writer, world);
    }
}
