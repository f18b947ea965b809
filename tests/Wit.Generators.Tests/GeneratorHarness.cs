using System.Collections.Immutable;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Wit.Generators.Tests;

/// <summary>A <c>.wit</c> AdditionalFile with its item metadata.</summary>
internal sealed record WitInput(string Path, string Text, string? World = null, string? Namespace = null, string? Side = null, string? ResultAs = null);

/// <summary>Runs the generator in a <see cref="CSharpCompilation"/> against the runtime and the test process's framework.</summary>
internal static class GeneratorHarness
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
    {
        // The framework and the runtime (Components.Canonical.Abi, Components.Engine) as the test process loads them.
        string paths = (string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!;
        return paths.Split(Path.PathSeparator)
            .Where(p => p.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToImmutableArray();
    });

    public static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.Latest, DocumentationMode.Diagnose);

    public static CSharpCompilation Compilation(params string[] sources) =>
        CSharpCompilation.Create(
            "Generated",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, $"Source{i}.cs")),
            References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, warningLevel: 9999));

    public static GeneratorDriver Driver(IEnumerable<WitInput> files, string rootNamespace = "Test.App", bool track = false) =>
        Driver(files, out _, rootNamespace, track);

    public static GeneratorDriver Driver(IEnumerable<WitInput> files, out ImmutableArray<AdditionalText> texts, string rootNamespace = "Test.App", bool track = false)
    {
        var inputs = files.ToList();
        texts = inputs.Select(f => (AdditionalText)new InMemoryText(f.Path, f.Text)).ToImmutableArray();
        return CSharpGeneratorDriver.Create(
            new[] { new WitBindingsGenerator().AsSourceGenerator() },
            texts,
            ParseOptions,
            new OptionsProvider(inputs, rootNamespace),
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: track));
    }

    /// <summary>Generates and compiles; returns the generator's diagnostics, the compiler's, and the generated files.</summary>
    public static GenerationRun Run(IEnumerable<WitInput> files, params string[] sources)
    {
        var driver = Driver(files).RunGeneratorsAndUpdateCompilation(Compilation(sources), out var output, out var generatorDiagnostics);
        var result = driver.GetRunResult();
        var generated = result.Results.SelectMany(r => r.GeneratedSources).ToDictionary(s => s.HintName, s => s.SourceText.ToString());
        return new GenerationRun(generatorDiagnostics, output.GetDiagnostics(), generated);
    }

    /// <summary>The files of a package folder on disk (the folder's files plus its deps/), as AdditionalFiles.</summary>
    public static List<WitInput> Folder(string folder) =>
        Directory.GetFiles(folder, "*.wit", SearchOption.AllDirectories)
            .OrderBy(p => p, StringComparer.Ordinal)
            .Select(p => new WitInput(p, File.ReadAllText(p)))
            .ToList();

    internal sealed class InMemoryText(string path, string text) : AdditionalText
    {
        public override string Path => path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text, Encoding.UTF8);
    }

    private sealed class OptionsProvider(List<WitInput> files, string rootNamespace) : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions { get; } = new Options(new() { ["build_property.RootNamespace"] = rootNamespace });

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => new Options(new());

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile)
        {
            var values = new Dictionary<string, string>();
            if (files.FirstOrDefault(f => f.Path == textFile.Path) is { } file)
            {
                Add(values, "WitWorld", file.World);
                Add(values, "WitNamespace", file.Namespace);
                Add(values, "WitSide", file.Side);
                Add(values, "WitResultAs", file.ResultAs);
            }

            return new Options(values);
        }

        private static void Add(Dictionary<string, string> values, string name, string? value)
        {
            if (value is not null)
            {
                values["build_metadata.AdditionalFiles." + name] = value;
            }
        }
    }

    private sealed class Options(Dictionary<string, string> values) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, out string value) => values.TryGetValue(key, out value!);
    }
}

/// <summary>The outcome of generating and compiling.</summary>
internal sealed record GenerationRun(ImmutableArray<Diagnostic> GeneratorDiagnostics, ImmutableArray<Diagnostic> CompilerDiagnostics, Dictionary<string, string> Sources)
{
    /// <summary>Compiler errors and warnings, and generator diagnostics other than the allowed IDs.</summary>
    public List<Diagnostic> Problems(params string[] allowed) =>
        GeneratorDiagnostics.Where(d => !allowed.Contains(d.Id))
            .Concat(CompilerDiagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning))
            .ToList();
}
