using System.Collections.Generic;
using Wit.Diagnostics;
using Wit.Model;

namespace Wit.Resolution;

/// <summary>
/// Appends an <see cref="UnresolvedPackage"/> to a <see cref="Resolve"/>: connects its foreign
/// references to packages already present, drops items whose feature gate is off, renumbers
/// everything into the shared arenas, then processes `include`s and elaborates worlds.
/// </summary>
internal sealed partial class Linker
{
    private readonly Resolve _resolve;
    private readonly List<TypeId?> _types = new();
    private readonly List<InterfaceId?> _interfaces = new();
    private readonly List<WorldId?> _worlds = new();
    private readonly Dictionary<TypeId, TypeId> _ownHandles = new();
    private readonly Dictionary<int, bool> _typeHasBorrow = new();

    private Linker(Resolve resolve) => _resolve = resolve;

    public static PackageId Append(Resolve resolve, UnresolvedPackage unresolved) => new Linker(resolve).AppendPackage(unresolved);

    private PackageId AppendPackage(UnresolvedPackage unresolved)
    {
        var packageId = new PackageId(_resolve.PackageList.Count);
        _resolve.PackageList.Add(new Package(unresolved.Name, unresolved.Docs));
        _resolve.PackageIndex[unresolved.Name] = packageId;
        ProcessForeignDeps(unresolved, packageId);

        int foreignTypes = _types.Count;
        int foreignInterfaces = _interfaces.Count;
        int foreignWorlds = _worlds.Count;

        for (int i = foreignTypes; i < unresolved.Types.Count; i++)
        {
            var type = unresolved.Types[i];
            if (!_resolve.IncludeStability(type.Stability, packageId, type.Span))
            {
                _types.Add(null);
                continue;
            }

            UpdateTypeDef(type, type.Span);
            var newId = _resolve.AddType(type);
            if (type.Name is null && type.Owner.Kind == TypeOwnerKind.None && type.Kind is HandleKind { IsBorrow: false } own)
            {
                // Share one `own<T>` per resource, including those created implicitly below.
                if (_ownHandles.TryGetValue(own.Resource, out var existing))
                {
                    newId = existing;
                }
                else
                {
                    _ownHandles[own.Resource] = newId;
                }
            }

            _types.Add(newId);
        }

        for (int i = foreignInterfaces; i < unresolved.Interfaces.Count; i++)
        {
            var iface = unresolved.Interfaces[i];
            if (!_resolve.IncludeStability(iface.Stability, packageId, iface.Span))
            {
                _interfaces.Add(null);
                continue;
            }

            iface.Package = packageId;
            UpdateInterface(iface, packageId);
            _interfaces.Add(_resolve.AddInterface(iface));
        }

        for (int i = foreignTypes; i < _types.Count; i++)
        {
            if (_types[i] is not { } id)
            {
                continue;
            }

            var type = _resolve[id];
            if (type.Owner.Kind == TypeOwnerKind.Interface)
            {
                type.Owner = TypeOwner.OfInterface(MapInterface(type.Owner.Interface, type.Span, "; this type is not gated by a feature but its interface is"));
            }
        }

        for (int i = foreignWorlds; i < unresolved.Worlds.Count; i++)
        {
            var world = unresolved.Worlds[i];
            if (!_resolve.IncludeStability(world.Stability, packageId, world.Span))
            {
                _worlds.Add(null);
                continue;
            }

            UpdateWorld(world, packageId);
            _worlds.Add(_resolve.AddWorld(world));
        }

        for (int i = foreignTypes; i < _types.Count; i++)
        {
            if (_types[i] is not { } id)
            {
                continue;
            }

            var type = _resolve[id];
            if (type.Owner.Kind == TypeOwnerKind.World)
            {
                type.Owner = TypeOwner.OfWorld(MapWorld(type.Owner.World, type.Span, "; this type is not gated by a feature but its world is"));
            }
        }

        for (int i = foreignWorlds; i < _worlds.Count; i++)
        {
            if (_worlds[i] is not { } id)
            {
                continue;
            }

            ProcessIncludes(id, packageId);
            WorldElaborator.Elaborate(_resolve, id, _resolve[id].Span);
        }

        var package = _resolve[packageId];
        for (int i = foreignInterfaces; i < _interfaces.Count; i++)
        {
            if (_interfaces[i] is not { } id)
            {
                continue;
            }

            var iface = _resolve[id];
            iface.Package = packageId;
            if (iface.Name is { } name)
            {
                package.Interfaces.Insert(name, id);
            }
        }

        for (int i = foreignWorlds; i < _worlds.Count; i++)
        {
            if (_worlds[i] is not { } id)
            {
                continue;
            }

            var world = _resolve[id];
            world.Package = packageId;
            package.Worlds.Insert(world.Name, id);
        }

        return packageId;
    }

    private void ProcessForeignDeps(UnresolvedPackage unresolved, PackageId packageId)
    {
        var interfaceToPackage = new Dictionary<int, (PackageName Package, string Name, TextSpan Span, List<Stability> Stabilities)>();
        var worldToPackage = new Dictionary<int, (PackageName Package, string Name, TextSpan Span, List<Stability> Stabilities)>();
        int depIndex = 0;
        foreach (var dep in unresolved.ForeignDeps)
        {
            foreach (var item in dep.Value)
            {
                var entry = (dep.Key, item.Key, unresolved.ForeignDepSpans[depIndex], item.Value.Stabilities);
                if (item.Value.Item.IsWorld)
                {
                    worldToPackage[item.Value.Item.Index] = entry;
                }
                else
                {
                    interfaceToPackage[item.Value.Item.Index] = entry;
                }
            }

            depIndex++;
        }

        for (int i = 0; i < unresolved.Interfaces.Count; i++)
        {
            if (!interfaceToPackage.TryGetValue(i, out var foreign))
            {
                break;
            }

            var package = _resolve[FindPackage(foreign.Package, foreign.Span)];
            var span = unresolved.Interfaces[i].Span;
            if (!AnyIncluded(foreign.Stabilities, packageId, span))
            {
                _interfaces.Add(null);
                continue;
            }

            if (!package.Interfaces.TryGetValue(foreign.Name, out var id))
            {
                throw new WitException($"interface '{foreign.Name}' not found in package '{package.Name}'", span);
            }

            _interfaces.Add(id);
        }

        for (int i = 0; i < unresolved.Worlds.Count; i++)
        {
            if (!worldToPackage.TryGetValue(i, out var foreign))
            {
                break;
            }

            var package = _resolve[FindPackage(foreign.Package, foreign.Span)];
            var span = unresolved.Worlds[i].Span;
            if (!AnyIncluded(foreign.Stabilities, packageId, span))
            {
                _worlds.Add(null);
                continue;
            }

            if (!package.Worlds.TryGetValue(foreign.Name, out var id))
            {
                throw new WitException($"world '{foreign.Name}' not found in package '{package.Name}'", span);
            }

            _worlds.Add(id);
        }

        for (int i = 0; i < unresolved.Types.Count; i++)
        {
            var type = unresolved.Types[i];
            if (type.Kind is not UnknownKind)
            {
                break;
            }

            if (!_resolve.IncludeStability(type.Stability, packageId, type.Span))
            {
                _types.Add(null);
                continue;
            }

            var ifaceId = MapInterface(type.Owner.Interface, TextSpan.Unknown, string.Empty);
            if (!_resolve[ifaceId].Types.TryGetValue(type.Name!, out var typeId))
            {
                throw new WitException($"type `{type.Name}` not defined in interface", unresolved.UnknownTypeSpans[i]);
            }

            _types.Add(typeId);
        }

        foreach (var (unresolvedId, span) in unresolved.RequiredResourceTypes)
        {
            if (unresolvedId.Index >= _types.Count || _types[unresolvedId.Index] is not { } id)
            {
                continue;
            }

            while (true)
            {
                var kind = _resolve[id].Kind;
                if (kind is AliasKind { Target.IsId: true } alias)
                {
                    id = alias.Target.Id;
                }
                else if (kind is ResourceKind)
                {
                    break;
                }
                else
                {
                    throw new WitException("type used in a handle must be a resource", span);
                }
            }
        }
    }

    private bool AnyIncluded(List<Stability> stabilities, PackageId packageId, TextSpan span)
    {
        foreach (var stability in stabilities)
        {
            if (_resolve.IncludeStability(stability, packageId, span))
            {
                return true;
            }
        }

        return false;
    }

    private PackageId FindPackage(PackageName name, TextSpan span)
    {
        if (_resolve.PackageIndex.TryGetValue(name, out var id))
        {
            return id;
        }

        if (_resolve.PackageIndex.Count == 0)
        {
            throw new WitException($"package '{name}' not found", span);
        }

        var known = new List<string>();
        foreach (var package in _resolve.PackageList)
        {
            known.Add("\n    " + package.Name);
        }

        throw new WitException($"package '{name}' not found. known packages:{string.Concat(known)}", span);
    }
}
