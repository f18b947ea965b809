namespace Benchmarks.Shared;

/// <summary>Locates ../shared relative to the repository root (the folder holding Components.sln).</summary>
internal static class SharedCorpus
{
    public static string Find()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Components.sln")) && dir.Parent is not null)
                {
                    return Path.Combine(dir.Parent.FullName, "shared");
                }
            }
        }

        throw new InvalidOperationException("Components.sln not found");
    }
}
