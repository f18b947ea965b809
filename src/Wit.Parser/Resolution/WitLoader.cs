using System;
using System.Collections.Generic;
using System.IO;
using Wit.Diagnostics;
using Wit.Model;

namespace Wit.Resolution;

/// <summary>
/// Reads WIT from the file system or from strings into a <see cref="Resolve"/>. A path may be a
/// `.wit` file, a package directory (all `*.wit` files, plus an optional `deps/` folder whose
/// entries are package directories or single files), or a WIT package encoded as a component.
/// </summary>
public static class WitLoader
{
    /// <summary>Loads a file or directory into a new resolve with the given features active.</summary>
    public static (Resolve Resolve, PackageId Package) Load(string path, IEnumerable<string>? features = null, string? displayBase = null)
    {
        var resolve = new Resolve(features);
        var id = PushPath(resolve, path, displayBase);
        return (resolve, id);
    }

    /// <summary>Adds a file or package directory (with its `deps/`) to a resolve; returns the main package.</summary>
    /// <param name="resolve">The resolve to add to.</param>
    /// <param name="path">A `.wit`/`.wat`/`.wasm` file or a package directory.</param>
    /// <param name="displayBase">Optional directory stripped from file names in diagnostics.</param>
    public static PackageId PushPath(Resolve resolve, string path, string? displayBase = null)
    {
        var loader = new Loader(resolve, displayBase);
        return Guard(resolve, () =>
        {
            if (Directory.Exists(path))
            {
                try
                {
                    return loader.PushDirectory(path);
                }
                catch (WitException e)
                {
                    throw e.WithContext($"failed to resolve directory while parsing WIT for path [{loader.Display(path)}]");
                }
            }

            return loader.PushFile(path);
        });
    }

    /// <summary>
    /// Adds a package (file or directory) together with explicitly listed dependency packages
    /// (files or directories); all are ordered topologically before linking.
    /// </summary>
    /// <param name="resolve">The resolve to add to.</param>
    /// <param name="mainPath">The package whose id is returned.</param>
    /// <param name="dependencyPaths">Packages the main one may refer to, in any order.</param>
    /// <param name="displayBase">Optional directory stripped from file names in diagnostics.</param>
    public static PackageId PushWithDependencies(Resolve resolve, string mainPath, IEnumerable<string> dependencyPaths, string? displayBase = null)
    {
        var loader = new Loader(resolve, displayBase);
        return Guard(resolve, () =>
        {
            var main = loader.ParsePackage(mainPath) ?? throw new WitException($"[{loader.Display(mainPath)}] is not a WIT package");
            var deps = new List<PackageGroup>();
            foreach (var path in dependencyPaths)
            {
                if (loader.ParsePackage(path) is { } group)
                {
                    deps.Add(group);
                }
            }

            return loader.Sort(main, deps);
        });
    }

    /// <summary>Adds WIT source text (a single file's contents) to a resolve; returns its main package.</summary>
    public static PackageId PushSource(Resolve resolve, string fileName, string contents)
    {
        var loader = new Loader(resolve, null);
        return Guard(resolve, () =>
        {
            var file = resolve.SourceMap.Add(fileName, contents);
            return loader.Sort(PackageGroup.Parse(new List<SourceFile> { file }), new List<PackageGroup>());
        });
    }

    private static PackageId Guard(Resolve resolve, Func<PackageId> action)
    {
        try
        {
            return action();
        }
        catch (WitException e)
        {
            throw e.WithSourceMap(resolve.SourceMap);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new WitException(e.Message).WithSourceMap(resolve.SourceMap);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Bad input must never surface as anything but a WitException.
            throw new WitException("internal error while resolving WIT: " + e.Message).WithSourceMap(resolve.SourceMap);
        }
    }

    private sealed class Loader
    {
        private readonly Resolve _resolve;
        private readonly string? _displayBase;

        public Loader(Resolve resolve, string? displayBase)
        {
            _resolve = resolve;
            _displayBase = displayBase is null ? null : displayBase.TrimEnd('/', '\\') + Path.DirectorySeparatorChar;
        }

        public string Display(string path)
        {
            if (_displayBase is not null && path.StartsWith(_displayBase, StringComparison.Ordinal))
            {
                path = path.Substring(_displayBase.Length);
            }

            return path.Replace('\\', '/');
        }

        public PackageId PushDirectory(string path)
        {
            PackageGroup top;
            try
            {
                top = ParseDirectory(path);
            }
            catch (WitException e)
            {
                throw e.WithContext($"failed to parse package: {Display(path)}");
            }

            string depsPath = Path.Combine(path, "deps");
            List<PackageGroup> deps;
            try
            {
                deps = ParseDepsDirectory(depsPath);
            }
            catch (WitException e)
            {
                throw e.WithContext($"failed to parse dependency directory: {Display(depsPath)}");
            }

            return Sort(top, deps);
        }

        public PackageId PushFile(string path)
        {
            var (group, decoded) = ReadFile(path);
            return decoded ?? Sort(group!, new List<PackageGroup>());
        }

        /// <summary>Parses a directory or WIT file without linking; wasm packages are merged and yield null.</summary>
        public PackageGroup? ParsePackage(string path)
        {
            if (Directory.Exists(path))
            {
                return ParseDirectory(path);
            }

            return ReadFile(path).Group;
        }

        private PackageGroup ParseDirectory(string path)
        {
            var files = new List<SourceFile>();
            foreach (var file in Directory.GetFiles(path))
            {
                if (file.EndsWith(".wit", StringComparison.Ordinal))
                {
                    files.Add(_resolve.SourceMap.Add(Display(file), File.ReadAllText(file)));
                }
            }

            return PackageGroup.Parse(files);
        }

        private List<PackageGroup> ParseDepsDirectory(string path)
        {
            var groups = new List<PackageGroup>();
            if (!Directory.Exists(path))
            {
                return groups;
            }

            var entries = new List<string>(Directory.GetFileSystemEntries(path));
            entries.Sort((a, b) => string.CompareOrdinal(Path.GetFileName(a), Path.GetFileName(b)));
            foreach (var entry in entries)
            {
                if (Directory.Exists(entry))
                {
                    try
                    {
                        groups.Add(ParseDirectory(entry));
                    }
                    catch (WitException e)
                    {
                        throw e.WithContext($"failed to parse package: {Display(entry)}");
                    }

                    continue;
                }

                string extension = Path.GetExtension(entry);
                if (extension is ".wit" or ".wat" or ".wasm")
                {
                    var (group, decoded) = ReadFile(entry);
                    if (decoded is null)
                    {
                        groups.Add(group!);
                    }
                }
            }

            return groups;
        }

        /// <summary>Reads a WIT file (returned unresolved) or a wasm-encoded package (merged right away).</summary>
        private (PackageGroup? Group, PackageId? Decoded) ReadFile(string path)
        {
            byte[] bytes = File.ReadAllBytes(path);
            if (WasmPackageDecoder.IsWasm(bytes, path))
            {
                return (null, WasmPackageDecoder.DecodeInto(_resolve, bytes, Display(path)));
            }

            string text;
            try
            {
                text = new System.Text.UTF8Encoding(false, true).GetString(bytes);
            }
            catch (System.Text.DecoderFallbackException)
            {
                throw new WitException($"input file is not valid utf-8 [{Display(path)}]");
            }

            if (text.Length > 0 && text[0] == '\uFEFF')
            {
                text = text.Substring(1);
            }

            var file = _resolve.SourceMap.Add(Display(path), text);
            return (PackageGroup.Parse(new List<SourceFile> { file }), null);
        }

        public PackageId Sort(PackageGroup main, List<PackageGroup> deps) => PackageSorter.Link(_resolve, main, deps);
    }
}
