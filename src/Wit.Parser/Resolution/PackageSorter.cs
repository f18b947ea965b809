using System.Collections.Generic;
using Wit.Diagnostics;
using Wit.Model;

namespace Wit.Resolution;

/// <summary>Links parsed packages into a resolve, dependencies first, as wit-parser does for a package directory.</summary>
internal static class PackageSorter
{
    /// <summary>Orders packages so dependencies come first (ties by name), rejecting duplicates and cycles, then links them.</summary>
    /// <returns>The id of <paramref name="main"/>'s main package.</returns>
    public static PackageId Link(Resolve resolve, PackageGroup main, List<PackageGroup> deps)
    {
        var all = new List<UnresolvedPackage>();
        all.AddRange(main.Nested);
        all.Add(main.Main);
        foreach (var group in deps)
        {
            all.AddRange(group.Nested);
            all.Add(group.Main);
        }

        var byName = new SortedDictionary<PackageName, UnresolvedPackage>();
        foreach (var package in all)
        {
            if (byName.TryGetValue(package.Name, out var previous))
            {
                throw new WitException($"package `{package.Name}` is defined in two different locations", package.NameSpan, previous.NameSpan);
            }

            byName[package.Name] = package;
        }

        var order = new List<PackageName>();
        var done = new HashSet<PackageName>();
        var visiting = new HashSet<PackageName>();
        foreach (var package in byName.Values)
        {
            Visit(package, byName, order, done, visiting);
        }

        PackageId? mainId = null;
        foreach (var name in order)
        {
            var id = Linker.Append(resolve, byName[name]);
            if (name.Equals(main.Main.Name))
            {
                mainId = id;
            }
        }

        return mainId!.Value;
    }

    private static void Visit(UnresolvedPackage package, SortedDictionary<PackageName, UnresolvedPackage> byName, List<PackageName> order, HashSet<PackageName> done, HashSet<PackageName> visiting)
    {
        if (done.Contains(package.Name))
        {
            return;
        }

        int i = 0;
        foreach (var dep in package.ForeignDeps)
        {
            var span = package.ForeignDepSpans[i++];
            if (!visiting.Add(dep.Key))
            {
                throw new WitException($"package `{dep.Key}` creates a dependency cycle", span);
            }

            if (byName.TryGetValue(dep.Key, out var depPackage))
            {
                Visit(depPackage, byName, order, done, visiting);
            }

            visiting.Remove(dep.Key);
        }

        done.Add(package.Name);
        order.Add(package.Name);
    }
}
