namespace Wasm.Tests.Text;

/// <summary>Locates the shared spec-test corpus relative to the repository root.</summary>
internal static class CorpusPaths
{
    public static string? Testsuite
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Components.sln"))) dir = dir.Parent;
            if (dir is null) return null;
            var path = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "corpora", "wasm-testsuite"));
            return Directory.Exists(path) ? path : null;
        }
    }

    public static IEnumerable<object[]> WastFiles()
    {
        var root = Testsuite;
        if (root is null) yield break;
        foreach (var f in Directory.GetFiles(root, "*.wast").OrderBy(x => x, StringComparer.Ordinal))
            yield return [Path.GetFileName(f)];
    }
}
