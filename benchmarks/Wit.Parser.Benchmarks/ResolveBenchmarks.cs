using BenchmarkDotNet.Attributes;
using Wit.Model;
using Wit.Resolution;

namespace Wit.Parser.Benchmarks;

/// <summary>Resolving the WASI 0.2 packages that `wasi:http/proxy` needs, from disk, warm.</summary>
[MemoryDiagnoser]
public class ResolveBenchmarks
{
    private string _wasiRoot = string.Empty;
    private string[] _httpDependencies = Array.Empty<string>();

    /// <summary>Finds the corpus next to the repository.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _wasiRoot = Path.Combine(SharedCorpus.Find(), "corpora", "wasi-wit", "0.2");
        _httpDependencies = Directory.GetFiles(Path.Combine(_wasiRoot, "deps"), "*.wit")
            .Where(f => !f.EndsWith("http.wit", StringComparison.Ordinal))
            .ToArray();
    }

    /// <summary>wasi:http with all its dependency packages; returns the proxy world's import count.</summary>
    [Benchmark]
    public int ResolveWasiHttpProxy()
    {
        var resolve = new Resolve();
        var http = WitLoader.PushWithDependencies(resolve, Path.Combine(_wasiRoot, "deps", "http.wit"), _httpDependencies);
        return resolve[resolve[http].Worlds["proxy"]].Imports.Count;
    }

    /// <summary>The whole 0.2 directory (world.wit plus deps/).</summary>
    [Benchmark]
    public int ResolveWasiDirectory()
    {
        var (resolve, _) = WitLoader.Load(_wasiRoot);
        return resolve.Types.Count;
    }
}
