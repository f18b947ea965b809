using Wit.Model;
using Wit.Resolution;

namespace Wit.Parser.Tests;

/// <summary>The WASI packages and the bindings-generator corpus all resolve.</summary>
public sealed class RealWorldCorpusTests
{
    public static TheoryData<string, string> WasiPackages()
    {
        var data = new TheoryData<string, string>();
        foreach (var version in new[] { "0.2", "0.3" })
        {
            data.Add(version, "world.wit");
            foreach (var file in Directory.GetFiles(Path.Combine(Corpus.Wasi, version, "deps"), "*.wit").OrderBy(f => f, StringComparer.Ordinal))
            {
                data.Add(version, "deps/" + Path.GetFileName(file));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(WasiPackages))]
    public void WasiPackageResolvesWithSiblingsAsDependencies(string version, string relativePath)
    {
        string root = Path.Combine(Corpus.Wasi, version);
        string main = Path.Combine(root, relativePath);
        var siblings = Directory.GetFiles(Path.Combine(root, "deps"), "*.wit").Where(f => f != main);
        var resolve = new Resolve();
        var id = WitLoader.PushWithDependencies(resolve, main, siblings);
        Assert.True(resolve[id].Interfaces.Count + resolve[id].Worlds.Count > 0);
    }

    [Theory]
    [InlineData("0.2")]
    [InlineData("0.3")]
    public void WasiDirectoryResolves(string version)
    {
        var (resolve, id) = WitLoader.Load(Path.Combine(Corpus.Wasi, version));
        Assert.Equal("wasmtime:wasi-http", resolve[id].Name.ToString());
        Assert.Equal(version == "0.2" ? 8 : 7, resolve.Packages.Count);
    }

    public static TheoryData<string> CodegenCases()
    {
        var data = new TheoryData<string>();
        foreach (var entry in Directory.GetFileSystemEntries(Corpus.Codegen).OrderBy(f => f, StringComparer.Ordinal))
        {
            string name = Path.GetFileName(entry);
            if (Directory.Exists(entry) || name.EndsWith(".wit", StringComparison.Ordinal))
            {
                data.Add(name);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CodegenCases))]
    public void CodegenInputResolves(string name)
    {
        string path = Path.Combine(Corpus.Codegen, name);
        if (Directory.Exists(path))
        {
            path = Path.Combine(path, "wit");
        }

        var (resolve, _) = WitLoader.Load(path);
        Assert.NotEmpty(resolve.Packages);
    }
}
