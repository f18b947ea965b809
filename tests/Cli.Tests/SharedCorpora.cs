namespace WasmCs.Cli.Tests;

/// <summary>Locates files of the shared corpora (a <c>shared</c> folder next to or above the repository root).</summary>
internal static class SharedCorpora
{
    public static string PathOf(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            foreach (var root in new[] { Path.Combine(dir.FullName, "shared"), Path.Combine(dir.FullName, "..", "shared") })
            {
                string candidate = Path.Combine(root, relative);
                if (File.Exists(candidate)) return Path.GetFullPath(candidate);
            }
        }
        throw new FileNotFoundException($"shared/{relative} was not found above {AppContext.BaseDirectory}");
    }
}
