namespace Wasm.Http.Tests;

/// <summary>The components tests/components/build.sh builds into tests/components/out/.</summary>
internal static class TestComponents
{
    private static readonly Lazy<string> Dir = new(FindDirectory);

    /// <summary>The path of a built component; a missing one is a broken build, never a skip.</summary>
    public static string PathOf(string file)
    {
        var path = Path.Combine(Dir.Value, "out", file);
        if (!File.Exists(path))
            throw new Xunit.Sdk.XunitException($"{path} is missing: run tests/components/build.sh to build the test components");
        return path;
    }

    private static string FindDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "components");
            if (Directory.Exists(candidate)) return candidate;
        }
        throw new DirectoryNotFoundException("tests/components not found above " + AppContext.BaseDirectory);
    }
}
