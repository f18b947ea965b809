using System.Collections.Generic;
using Wit.Diagnostics;
using Wit.Model;

namespace Wit.Resolution;

/// <summary>`include` processing: copying another world's imports and exports into a world.</summary>
internal sealed partial class Linker
{
    private void ProcessIncludes(WorldId worldId, PackageId packageId)
    {
        var world = _resolve[worldId];
        var includes = new List<WorldInclude>(world.Includes);
        world.Includes.Clear();
        foreach (var include in includes)
        {
            if (!_resolve.IncludeStability(include.Stability, packageId, include.Span))
            {
                continue;
            }

            ResolveInclude(worldId, include, packageId);
        }

        ValidateCaseInsensitiveNames(world.Imports, world.Name, "import");
        ValidateCaseInsensitiveNames(world.Exports, world.Name, "export");
    }

    private void ResolveInclude(WorldId worldId, WorldInclude include, PackageId packageId)
    {
        var world = _resolve[worldId];
        var includedId = MapWorld(include.Id, include.Span, string.Empty);
        var included = _resolve[includedId];
        bool isExternal = !Equals(world.Package, included.Package);

        var unmatched = new List<(string Name, string As)>(include.Names);
        foreach (var items in new[] { included.Imports, included.Exports })
        {
            foreach (var entry in items)
            {
                if (entry.Key.Name is { } name)
                {
                    unmatched.RemoveAll(n => Rename(name, n) is not null);
                }
            }
        }

        if (unmatched.Count > 0)
        {
            throw new WitException($"no import or export kebab-name `{unmatched[0].Name}`. Note that an ID does not support renaming", include.Span);
        }

        var cloner = new Cloner(_resolve, TypeOwner.OfWorld(includedId), TypeOwner.OfWorld(worldId), new Dictionary<TypeId, TypeId>(), packageId);
        foreach (var entry in included.Imports.ToList())
        {
            IncludeItem(cloner, include, world.Imports, entry, "import", isExternal);
        }

        foreach (var entry in included.Exports.ToList())
        {
            IncludeItem(cloner, include, world.Exports, entry, "export", isExternal);
        }
    }

    private void IncludeItem(Cloner cloner, WorldInclude include, OrderedMap<WorldKey, WorldItem> destination, KeyValuePair<WorldKey, WorldItem> entry, string itemType, bool isExternal)
    {
        if (entry.Key.Name is { } originalName)
        {
            string name = originalName;
            foreach (var rename in include.Names)
            {
                if (Rename(originalName, rename) is { } renamed)
                {
                    name = renamed;
                    break;
                }
            }

            WorldItem item;
            switch (entry.Value)
            {
                case WorldTypeItem type:
                {
                    var id = cloner.CloneType(type.Id);
                    _resolve[id].Name = name;
                    item = new WorldTypeItem(id, type.Span);
                    break;
                }

                case WorldFunctionItem function:
                {
                    var copy = function.Function.Clone();
                    cloner.CloneFunction(copy);
                    copy.Name = name;
                    item = new WorldFunctionItem(copy);
                    break;
                }

                default:
                {
                    var iface = (WorldInterfaceItem)entry.Value;
                    var id = _resolve[iface.Id].Name is null ? cloner.CloneInterface(iface.Id) : iface.Id;
                    item = iface.With(id, iface.Stability);
                    break;
                }
            }

            if (!destination.TryAdd(WorldKey.OfName(name), item))
            {
                throw new WitException($"{itemType} of `{name}` shadows previously {itemType}ed items", include.Span);
            }

            return;
        }

        var from = (WorldInterfaceItem)entry.Value;
        if (!destination.TryGetValue(entry.Key, out var existing))
        {
            existing = from.With(from.Id, from.Stability);
            destination.Insert(entry.Key, existing);
        }

        var into = (WorldInterfaceItem)existing;
        if (isExternal && from.Stability.Kind == StabilityKind.Stable)
        {
            into.Stability = Stability.Unknown;
        }
        else if (!from.Stability.Equals(into.Stability) && !from.Stability.IsUnknown)
        {
            if (!into.Stability.IsUnknown)
            {
                throw new WitException($"mismatch in stability from '{from.Stability}' to '{into.Stability}'", from.Span);
            }

            into.Stability = from.Stability;
        }
    }

    /// <summary>Applies `with { a as b }` to a name, including `[method]a.f` style function names.</summary>
    private static string? Rename(string original, (string Name, string As) rename)
    {
        if (original == rename.Name)
        {
            return rename.As;
        }

        int bracket = original.IndexOf(']');
        if (bracket < 0)
        {
            return null;
        }

        string kind = original.Substring(0, bracket);
        string rest = original.Substring(bracket + 1);
        int dot = rest.IndexOf('.');
        if (dot >= 0 && rest.Substring(0, dot) == rename.Name)
        {
            return kind + "]" + rename.As + "." + rest.Substring(dot + 1);
        }

        return rest == rename.Name ? kind + "]" + rename.As : null;
    }

    private static void ValidateCaseInsensitiveNames(OrderedMap<WorldKey, WorldItem> items, string worldName, string itemType)
    {
        var seen = new Dictionary<string, string>(System.StringComparer.Ordinal);
        foreach (var entry in items)
        {
            if (entry.Key.Name is not { } name)
            {
                continue;
            }

            string lower = name.ToLowerInvariant();
            if (seen.TryGetValue(lower, out var existing) && existing != name)
            {
                throw new WitException($"{itemType} `{name}` in world `{worldName}` conflicts with {itemType} `{existing}` (kebab-case identifiers are case-insensitive)");
            }

            seen[lower] = name;
        }
    }
}
