using System.Collections.Immutable;
using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Wit.Generators.Benchmarks;

/// <summary>
/// The bindings generator on the <c>wasi:http/proxy</c> world of WASI 0.2, as a project would list it:
/// <c>wit/http.wit</c> plus the WASI packages in <c>wit/deps/</c>, all with <c>WitWorld="proxy"</c>.
/// </summary>
[MemoryDiagnoser]
public class GeneratorBenchmarks
{
    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private ImmutableArray<AdditionalText> _texts;
    private AdditionalText _original = null!;
    private AdditionalText _edited = null!;
    private CSharpCompilation _compilation = null!;
    private CSharpCompilation _editedCompilation = null!;
    private OptionsProvider _options = null!;
    private GeneratorDriver _witDriver = null!;
    private GeneratorDriver _csharpDriver = null!;
    private bool _witEdited;
    private bool _csharpEdited;

    /// <summary>Files the generator produced on its first run.</summary>
    public int GeneratedFiles { get; private set; }

    /// <summary>Reads the WASI 0.2 packages and runs the generator once, failing on any generator diagnostic.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var deps = Path.Combine(SharedCorpus.Find(), "corpora", "wasi-wit", "0.2", "deps");
        var http = File.ReadAllText(Path.Combine(deps, "http.wit"));
        _original = new InMemoryText("/app/wit/http.wit", http);

        // The edit a user makes while working on the WIT: a doc comment, which reaches the generated XML docs.
        const string doc = "/// This interface defines all of the types and methods for implementing";
        if (!http.Contains(doc, StringComparison.Ordinal))
        {
            throw new InvalidOperationException("the doc comment to edit is not in http.wit");
        }

        _edited = new InMemoryText(_original.Path, http.Replace(doc, "/// Edited. " + doc[4..], StringComparison.Ordinal));
        _texts = Directory.GetFiles(deps, "*.wit")
            .Where(p => Path.GetFileName(p) != "http.wit")
            .Order(StringComparer.Ordinal)
            .Select(p => (AdditionalText)new InMemoryText("/app/wit/deps/" + Path.GetFileName(p), File.ReadAllText(p)))
            .Prepend(_original)
            .ToImmutableArray();
        _options = new OptionsProvider();

        var references = new[] { MetadataReference.CreateFromFile(typeof(object).Assembly.Location) };
        var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary);
        _compilation = CSharpCompilation.Create("App", [CSharpSyntaxTree.ParseText("namespace App; public static class Program { }", ParseOptions)], references, options);
        _editedCompilation = _compilation.ReplaceSyntaxTree(
            _compilation.SyntaxTrees[0],
            CSharpSyntaxTree.ParseText("namespace App; public static class Program { public static int Answer => 42; }", ParseOptions));

        var driver = CreateDriver().RunGenerators(_compilation);
        var result = driver.GetRunResult();
        if (!result.Diagnostics.IsEmpty)
        {
            throw new InvalidOperationException("generator diagnostics: " + string.Join("; ", result.Diagnostics));
        }

        GeneratedFiles = result.GeneratedTrees.Length;
        _witDriver = driver;
        _csharpDriver = driver;
    }

    /// <summary>A new driver's first run: parse, resolve and emit everything.</summary>
    [Benchmark]
    public GeneratorDriver ColdDriver() => CreateDriver().RunGenerators(_compilation);

    /// <summary>The driver re-run after an edit to <c>http.wit</c> (alternately applied and undone).</summary>
    [Benchmark]
    public GeneratorDriver WarmAfterWitEdit()
    {
        var (from, to) = _witEdited ? (_edited, _original) : (_original, _edited);
        _witEdited = !_witEdited;
        return _witDriver = _witDriver.ReplaceAdditionalText(from, to).RunGenerators(_compilation);
    }

    /// <summary>The driver re-run after an edit to C# code that has no <c>[WitWorld]</c> class: nothing is regenerated.</summary>
    [Benchmark]
    public GeneratorDriver WarmAfterCSharpEdit()
    {
        _csharpEdited = !_csharpEdited;
        return _csharpDriver = _csharpDriver.RunGenerators(_csharpEdited ? _editedCompilation : _compilation);
    }

    private GeneratorDriver CreateDriver() =>
        CSharpGeneratorDriver.Create([new WitBindingsGenerator().AsSourceGenerator()], _texts, ParseOptions, _options);

    private sealed class InMemoryText(string path, string text) : AdditionalText
    {
        private readonly SourceText _text = SourceText.From(text, Encoding.UTF8);

        public override string Path => path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
    }

    /// <summary><c>&lt;AdditionalFiles Include="wit/**/*.wit" WitWorld="proxy" WitNamespace="App.Wasi" /&gt;</c>.</summary>
    private sealed class OptionsProvider : AnalyzerConfigOptionsProvider
    {
        private static readonly Options None = new([]);
        private static readonly Options Wit = new(new()
        {
            ["build_metadata.AdditionalFiles.WitWorld"] = "proxy",
            ["build_metadata.AdditionalFiles.WitNamespace"] = "App.Wasi",
        });

        public override AnalyzerConfigOptions GlobalOptions { get; } = new Options(new() { ["build_property.RootNamespace"] = "App" });

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => None;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Wit;
    }

    private sealed class Options(Dictionary<string, string> values) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, out string value) => values.TryGetValue(key, out value!);
    }
}
