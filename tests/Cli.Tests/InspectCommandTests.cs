using System.Text.Json;
using WasmCs.Cli.Commands;

namespace WasmCs.Cli.Tests;

public sealed class InspectCommandTests : IDisposable
{
    private const string Sightglass = "bench/sightglass/bz2/benchmark.wasm";
    private const string JcoResources = "corpora/components/jco/resource_borrow_simple.component.wasm";
    private const string JcoNested = "corpora/components/jco/simple-nested.component.wasm";

    private readonly List<string> _temporaries = new();

    public void Dispose()
    {
        foreach (string file in _temporaries) File.Delete(file);
    }

    private static (int Code, string Out, string Err) Inspect(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = InspectCommand.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private static JsonElement InspectJson(string path)
    {
        var (code, output, err) = Inspect(path, "--json");
        Assert.True(code == 0, err);
        return JsonDocument.Parse(output).RootElement.Clone();
    }

    private string Truncated(string relative, int length)
    {
        string path = Path.GetTempFileName();
        _temporaries.Add(path);
        File.WriteAllBytes(path, File.ReadAllBytes(SharedCorpora.PathOf(relative)).AsSpan(0, length).ToArray());
        return path;
    }

    [Fact]
    public void CoreModuleTextListsWasiImportsWithSignaturesAndSectionSizes()
    {
        var (code, output, err) = Inspect(SharedCorpora.PathOf(Sightglass));
        Assert.True(code == 0, err);
        Assert.StartsWith("core module, ", output, StringComparison.Ordinal);
        Assert.Contains("wasi_snapshot_preview1.fd_write: (func (param i32 i32 i32 i32) (result i32))", output, StringComparison.Ordinal);
        Assert.Contains("wasi_snapshot_preview1.proc_exit: (func (param i32))", output, StringComparison.Ordinal);
        Assert.Contains("_start: (func)", output, StringComparison.Ordinal);
        Assert.Matches(@"\n    code +\d+ bytes  at 0x[0-9a-f]+\n", output);
    }

    [Fact]
    public void CoreModuleSectionsTileTheFile()
    {
        string path = SharedCorpora.PathOf(Sightglass);
        var bytes = File.ReadAllBytes(path);
        var summary = InspectJson(path);
        Assert.Equal("module", summary.GetProperty("kind").GetString());
        Assert.Equal(bytes.Length, summary.GetProperty("size").GetInt32());

        // Each section starts where the previous one's contents end: id byte, LEB128 size, contents.
        long expected = 8;
        foreach (var s in summary.GetProperty("sections").EnumerateArray())
        {
            long offset = s.GetProperty("offset").GetInt64();
            Assert.Equal(expected, offset);
            Assert.Equal(s.GetProperty("id").GetByte(), bytes[offset]);
            long size = s.GetProperty("size").GetInt64();
            expected = offset + 1 + LebLength(size) + size;
        }
        Assert.Equal(bytes.Length, expected);
    }

    [Fact]
    public void CoreModuleJsonHasImportsExportsAndCounts()
    {
        var summary = InspectJson(SharedCorpora.PathOf(Sightglass));
        var imports = summary.GetProperty("imports").EnumerateArray().ToList();
        var fdWrite = Assert.Single(imports, i => i.GetProperty("name").GetString() == "fd_write");
        Assert.Equal("wasi_snapshot_preview1", fdWrite.GetProperty("module").GetString());
        Assert.Equal("func", fdWrite.GetProperty("kind").GetString());

        var exports = summary.GetProperty("exports").EnumerateArray().Select(e => (e.GetProperty("name").GetString(), e.GetProperty("kind").GetString())).ToList();
        Assert.Contains(("_start", "func"), exports);
        Assert.Contains(("memory", "memory"), exports);

        // Imported functions come first in the function index space: every import here is a function.
        Assert.Equal(imports.Count, summary.GetProperty("functions").GetProperty("imported").GetInt32());
        Assert.Equal(1, summary.GetProperty("memories").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, summary.GetProperty("start").ValueKind);
    }

    [Fact]
    public void ComponentShowsWitOfImportsAndExportsAndItsCoreModules()
    {
        var (code, output, err) = Inspect(SharedCorpora.PathOf(JcoResources));
        Assert.True(code == 0, err);
        Assert.StartsWith("component, ", output, StringComparison.Ordinal);
        Assert.Contains("wasi:io/streams@0.2.0 (instance): interface {", output, StringComparison.Ordinal);
        Assert.Contains("resource output-stream {", output, StringComparison.Ordinal);
        Assert.Contains("test-imports (func): func()", output, StringComparison.Ordinal);
        Assert.Contains("core modules (4):", output, StringComparison.Ordinal);
        Assert.Contains("module name: wit-component:adapter:wasi_snapshot_preview1", output, StringComparison.Ordinal);
        Assert.Matches(@"lower func \d+ \(memory 0, realloc \d+, string-encoding=utf8\)", output);
        Assert.Matches(@"lift core func \d+, type \d+", output);
        Assert.Matches(@"resource\.drop type \d+", output);
    }

    [Fact]
    public void ComponentJsonHasImportsExportsNestedModulesAndProducers()
    {
        var summary = InspectJson(SharedCorpora.PathOf(JcoResources));
        Assert.Equal("component", summary.GetProperty("kind").GetString());
        var imports = summary.GetProperty("imports").EnumerateArray().ToDictionary(i => i.GetProperty("name").GetString()!);
        Assert.Equal("instance", imports["wasi:cli/stdout@0.2.0"].GetProperty("kind").GetString());
        Assert.Contains("get-stdout: func() -> output-stream;", imports["wasi:cli/stdout@0.2.0"].GetProperty("wit").GetString(), StringComparison.Ordinal);
        Assert.Equal("resource", imports["r"].GetProperty("kind").GetString());
        Assert.Equal("func(r: borrow<r>)", imports["test"].GetProperty("wit").GetString());

        var export = Assert.Single(summary.GetProperty("exports").EnumerateArray());
        Assert.Equal("test-imports", export.GetProperty("name").GetString());
        Assert.Equal("func()", export.GetProperty("wit").GetString());

        var modules = summary.GetProperty("coreModules").EnumerateArray().ToList();
        Assert.Equal(4, modules.Count);
        Assert.All(modules, m => Assert.Equal("module", m.GetProperty("kind").GetString()));
        // The main module imports what the component's own imports lower into it.
        Assert.Contains(modules[0].GetProperty("imports").EnumerateArray(), i => i.GetProperty("module").GetString() == "$root" && i.GetProperty("name").GetString() == "test");

        var producers = Assert.Single(summary.GetProperty("customSections").EnumerateArray(), s => s.GetProperty("name").GetString() == "producers");
        Assert.Contains(producers.GetProperty("producers").GetProperty("processed-by").EnumerateArray(), p => p.GetProperty("name").GetString() == "wit-component");
        var moduleProducers = Assert.Single(modules[0].GetProperty("customSections").EnumerateArray(), s => s.GetProperty("name").GetString() == "producers");
        Assert.Contains(moduleProducers.GetProperty("producers").GetProperty("language").EnumerateArray(), p => p.GetProperty("name").GetString() == "Rust");
    }

    [Fact]
    public void NestedComponentsAreSummarisedRecursively()
    {
        var summary = InspectJson(SharedCorpora.PathOf(JcoNested));
        var nested = summary.GetProperty("components").EnumerateArray().ToList();
        Assert.Equal(2, nested.Count);
        var inner = nested[0];
        Assert.Equal("component", inner.GetProperty("kind").GetString());
        Assert.Equal("calvinrp:test-async-funcs/hello@0.1.0", Assert.Single(inner.GetProperty("imports").EnumerateArray()).GetProperty("name").GetString());
        Assert.Equal(3, inner.GetProperty("coreModules").GetArrayLength());
        var innermost = Assert.Single(inner.GetProperty("components").EnumerateArray());
        Assert.Equal("hello-world", Assert.Single(innermost.GetProperty("exports").EnumerateArray()).GetProperty("name").GetString());

        // The nested summaries' sizes are the nested binaries' sizes, inside the outer one.
        long outer = summary.GetProperty("size").GetInt64();
        foreach (var c in nested)
            Assert.InRange(c.GetProperty("offset").GetInt64() + c.GetProperty("size").GetInt64(), 1, outer);
    }

    [Theory]
    [InlineData(Sightglass, 1000)]
    [InlineData(JcoResources, 5000)]
    [InlineData(JcoResources, 6)]
    public void TruncatedInputIsAnErrorWithItsOffset(string relative, int length)
    {
        var (code, output, err) = Inspect(Truncated(relative, length));
        Assert.Equal(1, code);
        Assert.Empty(output);
        // The decoders' wording: a section running past the input is "length out of bounds" in a core module.
        Assert.Matches(@"^wasmcs inspect: .+: (unexpected end.*|length out of bounds) \(at offset 0x[0-9a-f]+\)\r?\n$", err);
        Assert.DoesNotContain("   at ", err, StringComparison.Ordinal);
    }

    [Fact]
    public void MalformedNestedModuleIsReportedAtItsOffsetInTheFile()
    {
        string source = SharedCorpora.PathOf(JcoResources);
        long moduleAt = InspectJson(source).GetProperty("coreModules")[0].GetProperty("offset").GetInt64();
        var bytes = File.ReadAllBytes(source);
        bytes[moduleAt + 8] = 0x7f; // the first section's id, right after the module's preamble
        string path = Path.GetTempFileName();
        _temporaries.Add(path);
        File.WriteAllBytes(path, bytes);

        var (code, _, err) = Inspect(path);
        Assert.Equal(1, code);
        Assert.Contains($"malformed section id (at offset 0x{moduleAt + 8:x})", err, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingFileAndBadUsageAreReported()
    {
        Assert.Equal(1, Inspect("/nonexistent/file.wasm").Code);
        Assert.Equal(2, Inspect().Code);
        Assert.Equal(2, Inspect("a.wasm", "--bogus").Code);
    }

    private static int LebLength(long value)
    {
        int n = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            n++;
        }
        return n;
    }
}
