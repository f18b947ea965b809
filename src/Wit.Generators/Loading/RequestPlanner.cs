using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text.RegularExpressions;
using Wit.Generators.Model;
using Wit.Resolution;

namespace Wit.Generators.Loading;

/// <summary>
/// Groups <c>.wit</c> files into package folders and decides what each generates: the worlds named by their
/// metadata (all worlds of the root package by default), and the world of each <c>[WitWorld]</c> class.
/// </summary>
internal static class RequestPlanner
{
    public static ImmutableArray<BindingRequest> Plan(ImmutableArray<WitFile> files, string? rootNamespace, ImmutableArray<AttributeTarget?> targets)
    {
        string defaultNamespace = string.IsNullOrEmpty(rootNamespace) ? "Wit" : rootNamespace + ".Wit";
        var folders = files
            .GroupBy(f => WitSources.PackageRootOf(f.Path), StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (Root: g.Key, Files: g.OrderBy(f => f.Path, StringComparer.Ordinal).ToEquatableArray()))
            .Where(f => f.Files.Any(file => Folder(file.Path) == f.Root))
            .ToList();

        var requests = ImmutableArray.CreateBuilder<BindingRequest>();
        var attributes = targets.Where(t => t is not null).Select(t => t!).ToList();
        foreach (var (root, folderFiles) in folders)
        {
            var diagnostics = new List<DiagnosticInfo>();
            var rootFiles = folderFiles.Where(f => Folder(f.Path) == root).ToList();
            string? world = Single(rootFiles, f => f.World, "WitWorld", diagnostics);
            string ns = Single(rootFiles, f => f.Namespace, "WitNamespace", diagnostics) ?? defaultNamespace;
            var side = ParseSide(Single(rootFiles, f => f.Side, "WitSide", diagnostics), rootFiles[0], diagnostics);
            var results = ParseResultAs(Single(rootFiles, f => f.ResultAs, "WitResultAs", diagnostics), rootFiles[0], diagnostics);

            // [WitWorld] classes replace the default of generating every world; explicit metadata still applies.
            if (world is not null || attributes.Count == 0)
            {
                var worlds = world is null ? EquatableArray<string>.Empty : world.Split(new[] { ';', ',' }, StringSplitOptions.RemoveEmptyEntries).Select(w => w.Trim()).ToEquatableArray();
                requests.Add(new BindingRequest(root, folderFiles, worlds, ns, side, null, diagnostics.ToEquatableArray(), results));
            }
        }

        foreach (var target in attributes)
        {
            if (target.Problem is not null || folders.Count == 0)
            {
                var problem = new DiagnosticInfo(target.Problem is null ? "WIT0003" : "WIT0006", target.Problem ?? $"world `{target.World}` not found: the project has no .wit AdditionalFiles", target.Location);
                requests.Add(new BindingRequest(string.Empty, EquatableArray<WitFile>.Empty, EquatableArray<string>.Empty, target.Namespace, target.Side, target, new[] { problem }.ToEquatableArray()));
                continue;
            }

            var folder = FolderDeclaring(folders, target.World);
            requests.Add(new BindingRequest(folder.Root, folder.Files, new[] { target.World }.ToEquatableArray(), target.Namespace, target.Side, target, EquatableArray<DiagnosticInfo>.Empty, target.Results));
        }

        return requests.ToImmutable();
    }

    /// <summary>
    /// The folder whose root package declares the world, by a textual look for <c>world name</c> (parsing every folder
    /// here would repeat the expensive stage); with no unique match, the first folder, where WIT0003 reports it.
    /// </summary>
    private static (string Root, EquatableArray<WitFile> Files) FolderDeclaring(List<(string Root, EquatableArray<WitFile> Files)> folders, string world)
    {
        if (folders.Count == 1)
        {
            return folders[0];
        }

        string name = world.Substring(world.LastIndexOf('/') + 1);
        int at = name.IndexOf('@');
        name = at >= 0 ? name.Substring(0, at) : name;
        var pattern = new Regex(@"\bworld\s+%?" + Regex.Escape(name) + @"\s*\{");
        var matches = folders.Where(f => f.Files.Any(file => Folder(file.Path) == f.Root && pattern.IsMatch(file.Text))).ToList();
        return matches.Count == 1 ? matches[0] : folders[0];
    }

    private static string? Single(List<WitFile> files, Func<WitFile, string?> select, string metadata, List<DiagnosticInfo> diagnostics)
    {
        string? value = null;
        foreach (var file in files)
        {
            string? own = select(file);
            if (own is null)
            {
                continue;
            }

            if (value is not null && own != value)
            {
                diagnostics.Add(new DiagnosticInfo("WIT0006", $"{metadata} is `{own}` here but `{value}` on another file of the same package folder; `{value}` is used", new FileSpan(file.Path, default, default)));
                continue;
            }

            value = own;
        }

        return value;
    }

    private static BindingSide ParseSide(string? side, WitFile file, List<DiagnosticInfo> diagnostics)
    {
        if (side is null || side.Equals("host", StringComparison.OrdinalIgnoreCase))
        {
            return BindingSide.Host;
        }

        if (side.Equals("guest", StringComparison.OrdinalIgnoreCase))
        {
            return BindingSide.Guest;
        }

        diagnostics.Add(new DiagnosticInfo("WIT0006", $"WitSide `{side}` is neither `host` nor `guest`; `host` is used", new FileSpan(file.Path, default, default)));
        return BindingSide.Host;
    }

    private static ResultMapping ParseResultAs(string? value, WitFile file, List<DiagnosticInfo> diagnostics)
    {
        if (value is null || value.Equals("result", StringComparison.OrdinalIgnoreCase))
        {
            return ResultMapping.Result;
        }

        if (value.Equals("exception", StringComparison.OrdinalIgnoreCase))
        {
            return ResultMapping.Exception;
        }

        diagnostics.Add(new DiagnosticInfo("WIT0006", $"WitResultAs `{value}` is neither `result` nor `exception`; `result` is used", new FileSpan(file.Path, default, default)));
        return ResultMapping.Result;
    }

    private static string Folder(string path)
    {
        string normalized = path.Replace('\\', '/');
        int slash = normalized.LastIndexOf('/');
        return slash < 0 ? string.Empty : normalized.Substring(0, slash);
    }
}
