using System;
using System.Collections.Generic;
using Wit.Diagnostics;
using Wit.Model;

namespace Wit.Resolution;

/// <summary>One WIT source text and the path it is known by (forward or back slashes).</summary>
/// <param name="Path">The file's path; also the name diagnostics use.</param>
/// <param name="Text">The file's contents.</param>
public sealed record WitSource(string Path, string Text);

/// <summary>
/// Resolves a WIT package folder given as text rather than read from disk (a source generator sees WIT files only
/// as <c>AdditionalFiles</c> text). The files are laid out as wit-parser reads a directory: every file of one
/// folder is the root package, and each <c>deps/&lt;name&gt;/</c> folder or <c>deps/&lt;file&gt;.wit</c> beside it
/// is a dependency package.
/// </summary>
public static class WitSources
{
    /// <summary>
    /// Resolves the package folder <paramref name="root"/>: the files directly in it form the root package, and
    /// files under <c>{root}/deps/</c> the dependencies. Files elsewhere are ignored.
    /// </summary>
    /// <param name="root">The package folder, e.g. <c>/src/app/wit</c>.</param>
    /// <param name="files">Source texts, in any order.</param>
    /// <param name="features">Features for which <c>@unstable</c> items are kept.</param>
    /// <exception cref="WitException">Invalid WIT; located at file:line:col, <see cref="WitException.IsSyntaxError"/> tells the phase.</exception>
    public static (Resolve Resolve, PackageId Package) Load(string root, IEnumerable<WitSource> files, IEnumerable<string>? features = null)
    {
        var resolve = new Resolve(features);
        string rootDir = Normalize(root).TrimEnd('/');
        var rootFiles = new List<SourceFile>();
        var depFolders = new SortedDictionary<string, List<SourceFile>>(StringComparer.Ordinal);
        foreach (var source in files)
        {
            string path = Normalize(source.Path);
            if (!TryRelative(rootDir, path, out string relative) || !relative.EndsWith(".wit", StringComparison.Ordinal))
            {
                continue;
            }

            var parts = relative.Split('/');
            string text = source.Text.Length > 0 && source.Text[0] == '\uFEFF' ? source.Text.Substring(1) : source.Text;
            if (parts.Length == 1)
            {
                rootFiles.Add(resolve.SourceMap.Add(source.Path, text));
            }
            else if (parts[0] == "deps" && parts.Length is 2 or 3)
            {
                // deps/x.wit is a package of its own; deps/x/*.wit are the files of package folder x.
                string key = parts.Length == 2 ? parts[1] : parts[1] + "/";
                if (!depFolders.TryGetValue(key, out var group))
                {
                    depFolders.Add(key, group = new List<SourceFile>());
                }

                group.Add(resolve.SourceMap.Add(source.Path, text));
            }
        }

        try
        {
            if (rootFiles.Count == 0)
            {
                throw new WitException($"no WIT files in package folder [{rootDir}]");
            }

            var main = PackageGroup.Parse(rootFiles);
            var deps = new List<PackageGroup>();
            foreach (var folder in depFolders.Values)
            {
                deps.Add(PackageGroup.Parse(folder));
            }

            return (resolve, PackageSorter.Link(resolve, main, deps));
        }
        catch (WitException e)
        {
            throw e.WithSourceMap(resolve.SourceMap);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Bad input must never surface as anything but a WitException.
            throw new WitException("internal error while resolving WIT: " + e.Message).WithSourceMap(resolve.SourceMap);
        }
    }

    /// <summary>The package folder a WIT file belongs to: its own folder, or the folder holding the <c>deps/</c> it is under.</summary>
    public static string PackageRootOf(string path)
    {
        string normalized = Normalize(path);
        int slash = normalized.LastIndexOf('/');
        string folder = slash < 0 ? string.Empty : normalized.Substring(0, slash);
        int deps = folder.LastIndexOf("/deps", StringComparison.Ordinal);
        while (deps >= 0)
        {
            // Only a deps folder one or two levels above the file counts: deps/x.wit or deps/x/y.wit.
            string tail = folder.Substring(deps + "/deps".Length);
            if (tail.Length == 0 || (tail[0] == '/' && tail.IndexOf('/', 1) < 0))
            {
                return folder.Substring(0, deps);
            }

            deps = deps == 0 ? -1 : folder.LastIndexOf("/deps", deps - 1, StringComparison.Ordinal);
        }

        return folder;
    }

    private static string Normalize(string path) => path.Replace('\\', '/');

    private static bool TryRelative(string root, string path, out string relative)
    {
        relative = string.Empty;
        if (root.Length == 0)
        {
            relative = path;
            return true;
        }

        if (path.Length <= root.Length + 1 || path[root.Length] != '/' || !path.StartsWith(root, StringComparison.Ordinal))
        {
            return false;
        }

        relative = path.Substring(root.Length + 1);
        return true;
    }
}
