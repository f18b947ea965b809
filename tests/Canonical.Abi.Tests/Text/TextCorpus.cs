namespace Wasm.Components.Tests.Text;

/// <summary>Locates the shared component corpora (<c>shared/corpora</c> next to the worktree).</summary>
internal static class TextCorpus
{
    /// <summary>The <c>shared/corpora</c> directory, or null when it is not present.</summary>
    public static string? Root
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var path = Path.Combine(dir.FullName, "shared", "corpora");
                if (Directory.Exists(path)) return path;
            }
            return null;
        }
    }

    /// <summary>The component WAST directories the text encoder must handle, relative to <c>component-wast</c>.</summary>
    public static readonly string[] WastDirectories =
    [
        "wasmtime/component-model", "spec/values", "spec/resources", "spec/linking", "spec/binary", "spec/validation",
    ];

    /// <summary>Every WAST file of <see cref="WastDirectories"/> as a path relative to <c>component-wast</c>.</summary>
    public static IEnumerable<object[]> WastFiles()
    {
        var root = Root;
        if (root is null) yield break;
        foreach (var d in WastDirectories)
        {
            var dir = Path.Combine(root, "component-wast", d);
            if (!Directory.Exists(dir)) continue;
            foreach (var f in Directory.GetFiles(dir, "*.wast").OrderBy(x => x, StringComparer.Ordinal))
                yield return [d + "/" + Path.GetFileName(f)];
        }
    }

    /// <summary>The full path of a file under <c>component-wast</c>.</summary>
    public static string WastPath(string relative) => Path.Combine(Root!, "component-wast", relative);

    /// <summary>The jco <c>.wat</c> components.</summary>
    public static IEnumerable<string> JcoWatFiles()
    {
        var root = Root;
        if (root is null) return [];
        var dir = Path.Combine(root, "components", "jco");
        return Directory.Exists(dir) ? Directory.GetFiles(dir, "*.wat").OrderBy(x => x, StringComparer.Ordinal) : [];
    }
}
