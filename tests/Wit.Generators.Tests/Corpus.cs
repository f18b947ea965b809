namespace Wit.Generators.Tests;

/// <summary>Locates the shared corpora (../shared next to the repository root).</summary>
internal static class Corpus
{
    private static readonly Lazy<string> RepoRoot = new(() =>
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Components.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Components.sln not found above " + AppContext.BaseDirectory);
    });

    public static string Repository => RepoRoot.Value;

    public static string Codegen => Path.Combine(Repository, "..", "shared", "corpora", "wit-codegen");

    public static string Wasi02 => Path.Combine(Repository, "..", "shared", "corpora", "wasi-wit", "0.2");

    /// <summary>Each package of the codegen corpus: a single .wit file, or a folder's wit/ directory.</summary>
    public static IEnumerable<(string Name, List<WitInput> Files)> CodegenPackages()
    {
        foreach (var file in Directory.GetFiles(Codegen, "*.wit").OrderBy(p => p, StringComparer.Ordinal))
        {
            yield return (Path.GetFileName(file), [new WitInput(file, File.ReadAllText(file))]);
        }

        foreach (var dir in Directory.GetDirectories(Codegen).OrderBy(p => p, StringComparer.Ordinal))
        {
            string root = Directory.Exists(Path.Combine(dir, "wit")) ? Path.Combine(dir, "wit") : dir;
            yield return (Path.GetFileName(dir), GeneratorHarness.Folder(root));
        }
    }
}
