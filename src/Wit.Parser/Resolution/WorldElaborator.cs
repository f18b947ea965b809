using System.Collections.Generic;
using Wit.Diagnostics;
using Wit.Model;

namespace Wit.Resolution;

/// <summary>
/// Completes a world after `include`s: adds every interface its imports and exports depend on,
/// in dependency order, and rejects exports whose dependencies would be both imported and exported.
/// </summary>
internal static class WorldElaborator
{
    public static void Elaborate(Resolve resolve, WorldId worldId, TextSpan span)
    {
        var world = resolve[worldId];
        var newImports = new OrderedMap<WorldKey, WorldItem>();

        var imports = world.Imports.ToList();
        StableSort(resolve, imports);
        foreach (var entry in imports)
        {
            switch (entry.Value)
            {
                case WorldInterfaceItem iface:
                    AddImport(resolve, newImports, entry.Key, iface.Id, iface.Stability, iface.Docs, iface.ExternalId);
                    break;
                case WorldFunctionItem:
                    newImports.Insert(entry.Key, entry.Value);
                    break;
                case WorldTypeItem type:
                    if (resolve.TypeInterfaceDependency(type.Id) is { } dep)
                    {
                        AddImport(resolve, newImports, WorldKey.OfInterface(dep), dep, resolve[type.Id].Stability, null, null);
                    }

                    newImports.Insert(entry.Key, entry.Value);
                    break;
            }
        }

        var newExports = new OrderedMap<WorldKey, WorldItem>();
        var exportInterfaces = new OrderedMap<WorldKey, WorldItem>();
        foreach (var entry in world.Exports)
        {
            if (entry.Value is WorldInterfaceItem)
            {
                exportInterfaces.Insert(entry.Key, entry.Value);
            }
            else
            {
                newExports.Insert(entry.Key, entry.Value);
            }
        }

        var requiredImports = new HashSet<InterfaceId>();
        foreach (var entry in exportInterfaces)
        {
            if (!AddExport(resolve, newImports, newExports, exportInterfaces, requiredImports, entry.Key, (WorldInterfaceItem)entry.Value, true))
            {
                throw new WitException($"interface `{resolve.NameOf(entry.Key)}` transitively depends on an interface in incompatible ways", span);
            }
        }

        var sorted = newImports.ToList();
        StableSort(resolve, sorted);
        newImports.ReplaceAll(sorted);
        world.Imports = newImports;
        world.Exports = newExports;
    }

    /// <summary>Orders world items by class: interfaces, used types, defined types, functions, resource functions.</summary>
    private static void StableSort(Resolve resolve, List<KeyValuePair<WorldKey, WorldItem>> items)
    {
        var keyed = new List<(int Class, int Position)>(items.Count);
        for (int i = 0; i < items.Count; i++)
        {
            keyed.Add((ClassOf(resolve, items[i].Value), i));
        }

        keyed.Sort((a, b) => a.Class != b.Class ? a.Class.CompareTo(b.Class) : a.Position.CompareTo(b.Position));
        var copy = new List<KeyValuePair<WorldKey, WorldItem>>(items);
        for (int i = 0; i < keyed.Count; i++)
        {
            items[i] = copy[keyed[i].Position];
        }
    }

    private static int ClassOf(Resolve resolve, WorldItem item)
    {
        switch (item)
        {
            case WorldInterfaceItem:
                return 0;
            case WorldTypeItem type:
            {
                var def = resolve[type.Id];
                return def.Kind is AliasKind { Target.IsId: true } alias && resolve[alias.Target.Id].Owner != def.Owner ? 1 : 2;
            }

            case WorldFunctionItem function:
                return function.Function.Resource is null ? 3 : 4;
            default:
                return 5;
        }
    }

    private static void AddImport(Resolve resolve, OrderedMap<WorldKey, WorldItem> imports, WorldKey key, InterfaceId id, Stability stability, string? docs, string? externalId)
    {
        if (imports.ContainsKey(key))
        {
            return;
        }

        foreach (var dep in resolve.InterfaceDirectDependencies(id))
        {
            AddImport(resolve, imports, WorldKey.OfInterface(dep), dep, stability, null, null);
        }

        imports.Insert(key, new WorldInterfaceItem(id, stability, docs, TextSpan.Unknown, externalId));
    }

    private static bool AddExport(
        Resolve resolve,
        OrderedMap<WorldKey, WorldItem> imports,
        OrderedMap<WorldKey, WorldItem> exports,
        OrderedMap<WorldKey, WorldItem> exportInterfaces,
        HashSet<InterfaceId> requiredImports,
        WorldKey key,
        WorldInterfaceItem item,
        bool addExport)
    {
        if (exports.ContainsKey(key))
        {
            return addExport;
        }

        if (!addExport && requiredImports.Contains(item.Id))
        {
            return true;
        }

        foreach (var dep in resolve.InterfaceDirectDependencies(item.Id))
        {
            var depKey = WorldKey.OfInterface(dep);
            var depItem = new WorldInterfaceItem(dep, item.Stability, null, TextSpan.Unknown, item.ExternalId);
            if (!AddExport(resolve, imports, exports, exportInterfaces, requiredImports, depKey, depItem, addExport && exportInterfaces.ContainsKey(depKey)))
            {
                return false;
            }
        }

        if (addExport)
        {
            if (requiredImports.Contains(item.Id))
            {
                return false;
            }

            exports.Insert(key, item);
        }
        else
        {
            requiredImports.Add(item.Id);
            imports.TryAdd(key, item);
        }

        return true;
    }
}
