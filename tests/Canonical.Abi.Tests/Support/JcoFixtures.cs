using System.Collections.Concurrent;
using Wasm.Components;

namespace Wasm.Components.Tests.Support;

/// <summary>
/// Locates the jco runtime fixtures (shared/corpora/components/jco, next to the repository root) and caches one
/// compiled <see cref="Component"/> per fixture on a shared engine; every test instantiates into its own store.
/// </summary>
internal static class JcoFixtures
{
    private static readonly Lazy<string> Dir = new(FindDirectory);
    private static readonly Lazy<Engine> SharedEngine = new(() => new Engine());
    private static readonly ConcurrentDictionary<string, Lazy<Component>> Cache = new(StringComparer.Ordinal);

    /// <summary>The fixture directory.</summary>
    public static string Directory => Dir.Value;

    /// <summary>The engine every cached fixture is compiled with.</summary>
    public static Engine Engine => SharedEngine.Value;

    /// <summary>Full path of a fixture file, e.g. <c>numbers.component.wasm</c>.</summary>
    public static string PathOf(string fileName)
    {
        var path = Path.Combine(Directory, fileName);
        if (!File.Exists(path)) throw new FileNotFoundException($"jco fixture '{fileName}' not found in {Directory}", path);
        return path;
    }

    /// <summary>The compiled fixture (<c>name</c> without <c>.component.wasm</c>, or a full file name; <c>.wat</c> files are parsed as text).</summary>
    public static Component Load(string name)
    {
        var file = name.EndsWith(".wasm", StringComparison.Ordinal) || name.EndsWith(".wat", StringComparison.Ordinal)
            ? name
            : name + ".component.wasm";
        return Cache.GetOrAdd(file, f => new Lazy<Component>(() => f.EndsWith(".wat", StringComparison.Ordinal)
            ? Component.FromText(Engine, File.ReadAllText(PathOf(f)))
            : Component.FromFile(Engine, PathOf(f)))).Value;
    }

    private static string FindDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            foreach (var candidate in new[]
                     {
                         Path.Combine(dir.FullName, "shared", "corpora", "components", "jco"),
                         Path.Combine(dir.FullName, "..", "shared", "corpora", "components", "jco"),
                     })
            {
                if (System.IO.Directory.Exists(candidate)) return Path.GetFullPath(candidate);
            }
        }
        throw new DirectoryNotFoundException(
            $"shared/corpora/components/jco was not found above {AppContext.BaseDirectory}");
    }
}
