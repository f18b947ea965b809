using Wit.Diagnostics;
using Wit.Model;
using Wit.Resolution;

namespace Wit.Generators.Tests.Abi;

/// <summary>
/// Resolves WIT text with the parser compiled into the generator (as the generator itself sees it), ordering
/// packages by their dependencies the way the file-system loader does.
/// </summary>
internal static class WitSources
{
    /// <summary>Resolves one package group (with nested packages) given as text.</summary>
    public static Resolve FromText(string text) => Resolve([[("input.wit", text)]]);

    /// <summary>Resolves a <c>.wit</c> file, or a package folder with its <c>deps/</c>.</summary>
    public static Resolve FromPath(string path)
    {
        if (File.Exists(path)) return Resolve([[(Path.GetFileName(path), File.ReadAllText(path))]]);
        var groups = new List<List<(string, string)>> { Files(path) };
        var deps = Path.Combine(path, "deps");
        if (Directory.Exists(deps))
        {
            foreach (var entry in Directory.GetFileSystemEntries(deps).Order(StringComparer.Ordinal))
                groups.Add(Directory.Exists(entry) ? Files(entry) : [(Path.GetFileName(entry), File.ReadAllText(entry))]);
        }

        return Resolve(groups);
    }

    private static List<(string, string)> Files(string dir) =>
        Directory.GetFiles(dir, "*.wit").Order(StringComparer.Ordinal).Select(f => (Path.GetFileName(f), File.ReadAllText(f))).ToList();

    private static Resolve Resolve(List<List<(string Name, string Text)>> groups)
    {
        var resolve = new Resolve();
        var all = new List<UnresolvedPackage>();
        foreach (var group in groups)
        {
            var parsed = PackageGroup.Parse(group.Select(f => resolve.SourceMap.Add(f.Name, f.Text)).ToList());
            all.AddRange(parsed.Nested);
            all.Add(parsed.Main);
        }

        var byName = new SortedDictionary<PackageName, UnresolvedPackage>();
        foreach (var package in all) byName[package.Name] = package;
        var done = new HashSet<PackageName>();
        void Visit(UnresolvedPackage package)
        {
            if (!done.Add(package.Name)) return;
            foreach (var dep in package.ForeignDeps)
                if (byName.TryGetValue(dep.Key, out var d)) Visit(d);
            Linker.Append(resolve, package);
        }

        foreach (var package in byName.Values) Visit(package);
        return resolve;
    }
}
