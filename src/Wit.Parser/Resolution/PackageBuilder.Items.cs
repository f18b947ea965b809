using System.Collections.Generic;
using Wit.Ast;
using Wit.Diagnostics;
using Wit.Model;

namespace Wit.Resolution;

/// <summary>Package-level names: interfaces, worlds, top-level `use`, and their dependency order.</summary>
internal sealed partial class PackageBuilder
{
    private (List<int> Interfaces, List<int> Worlds) PopulateAstItems()
    {
        var packageItemSpans = new Dictionary<string, TextSpan>(System.StringComparer.Ordinal);
        var declarations = new Dictionary<string, TopLevelItemSyntax>(System.StringComparer.Ordinal);
        var order = new OrderedMap<string, List<Identifier>>(System.StringComparer.Ordinal);
        foreach (var declList in _declLists)
        {
            foreach (var item in declList)
            {
                Identifier name;
                if (item is InterfaceSyntax iface)
                {
                    name = iface.Name;
                }
                else if (item is WorldSyntax world)
                {
                    name = world.Name;
                }
                else
                {
                    continue;
                }

                if (packageItemSpans.ContainsKey(name.Name))
                {
                    throw new WitException($"duplicate item named `{name.Name}`", name.Span);
                }

                packageItemSpans[name.Name] = name.Span;
                order.Insert(name.Name, new List<Identifier>());
                declarations[name.Name] = item;
            }
        }

        // Record dependencies between interfaces/worlds induced by `use` and `include`.
        foreach (var declList in _declLists)
        {
            var fileNames = new Dictionary<string, (Identifier Name, Identifier? Local)>(System.StringComparer.Ordinal);
            foreach (var item in declList)
            {
                Identifier name;
                Identifier? local;
                switch (item)
                {
                    case TopLevelUseSyntax use:
                        name = use.LocalName;
                        local = use.Item.Package is null ? use.Item.Name : null;
                        break;
                    case InterfaceSyntax iface:
                        name = iface.Name;
                        local = iface.Name;
                        break;
                    case WorldSyntax world:
                        name = world.Name;
                        local = world.Name;
                        break;
                    default:
                        continue;
                }

                if (fileNames.ContainsKey(name.Name))
                {
                    throw new WitException($"duplicate name `{name.Name}` in this file", name.Span);
                }

                fileNames[name.Name] = (name, local);
            }

            foreach (var visit in CollectPaths(declList))
            {
                if (visit.Owner is not { } owner || visit.Path.Package is not null)
                {
                    continue;
                }

                var used = visit.Path.Name;
                if (fileNames.TryGetValue(used.Name, out var entry))
                {
                    if (entry.Local is { } local)
                    {
                        order[owner.Name].Add(local);
                    }
                }
                else if (packageItemSpans.ContainsKey(used.Name))
                {
                    order[owner.Name].Add(used);
                }
                else
                {
                    throw new WitException($"interface or world `{used.Name}` does not exist", used.Span);
                }
            }
        }

        var sorted = Toposort.Sort("interface or world", order);
        var ids = new Dictionary<string, ItemRef>(System.StringComparer.Ordinal);
        var interfaceOrder = new List<int>();
        var worldOrder = new List<int>();
        foreach (var name in sorted)
        {
            if (declarations[name] is InterfaceSyntax)
            {
                int id = AllocInterface(name, packageItemSpans[name]);
                ids[name] = ItemRef.Interface(id);
                interfaceOrder.Add(id);
            }
            else
            {
                int id = AllocWorld(name, packageItemSpans[name]);
                ids[name] = ItemRef.World(id);
                worldOrder.Add(id);
            }
        }

        foreach (var declList in _declLists)
        {
            var items = new Dictionary<string, ItemRef>(System.StringComparer.Ordinal);
            foreach (var item in declList)
            {
                switch (item)
                {
                    case TopLevelUseSyntax use:
                    {
                        if (use.Attributes.Count > 0)
                        {
                            throw new WitException("attributes not allowed on top-level use", use.Span);
                        }

                        ItemRef target;
                        if (use.Item.Package is { } package)
                        {
                            target = _foreignDeps[package.ToPackageName()][use.Item.Name.Name].Item;
                        }
                        else if (!ids.TryGetValue(use.Item.Name.Name, out target))
                        {
                            throw new WitException($"interface or world `{use.Item.Name.Name}` does not exist", use.Item.Name.Span);
                        }

                        items[use.LocalName.Name] = target;
                        break;
                    }

                    case InterfaceSyntax iface:
                        items[iface.Name.Name] = ids[iface.Name.Name];
                        _packageItems[iface.Name.Name] = ids[iface.Name.Name];
                        break;
                    case WorldSyntax world:
                        items[world.Name.Name] = ids[world.Name.Name];
                        _packageItems[world.Name.Name] = ids[world.Name.Name];
                        break;
                }
            }

            _fileItems.Add(items);
        }

        return (interfaceOrder, worldOrder);
    }

    /// <summary>Creates placeholder types for every name `use`d from a foreign interface.</summary>
    private void PopulateForeignTypes(List<List<PathVisit>> visits)
    {
        for (int i = 0; i < visits.Count; i++)
        {
            _currentDeclList = i;
            foreach (var visit in visits[i])
            {
                if (visit.Names is null)
                {
                    continue;
                }

                var stability = StabilityOf(visit.Attributes);
                string? externalId = ExternalIdOf(visit.Attributes);
                var (item, name, span) = ResolveItemPath(visit.Path);
                int iface = ExpectInterface(item, name, span);
                if (!_foreignInterfaces.Contains(iface))
                {
                    continue;
                }

                var lookup = _interfaceTypes[iface];
                foreach (var useName in visit.Names)
                {
                    if (lookup.ContainsKey(useName.Name.Name))
                    {
                        continue;
                    }

                    var id = AllocType(new TypeDef(useName.Name.Name, UnknownKind.Instance, TypeOwner.OfInterface(new InterfaceId(iface)), null, stability, useName.Name.Span, externalId));
                    _unknownTypeSpans.Add(useName.Name.Span);
                    lookup.Insert(useName.Name.Name, new NameBinding(id, null, useName.Name.Span));
                    _interfaces[iface].Types.Insert(useName.Name.Name, id);
                }
            }
        }
    }

    private (ItemRef Item, string Name, TextSpan Span) ResolveItemPath(UsePathSyntax path)
    {
        if (path.Package is { } package)
        {
            return (_foreignDeps[package.ToPackageName()][path.Name.Name].Item, path.Name.Name, path.Name.Span);
        }

        if (_fileItems[_currentDeclList].TryGetValue(path.Name.Name, out var item) || _packageItems.TryGetValue(path.Name.Name, out item))
        {
            return (item, path.Name.Name, path.Name.Span);
        }

        throw new WitException($"interface or world `{path.Name.Name}` does not exist", path.Name.Span);
    }

    private static int ExpectInterface(ItemRef item, string name, TextSpan span)
    {
        if (item.IsWorld)
        {
            throw new WitException($"name `{name}` is defined as a world, not an interface", span);
        }

        return item.Index;
    }

    private static int ExpectWorld(ItemRef item, string name, TextSpan span)
    {
        if (!item.IsWorld)
        {
            throw new WitException($"name `{name}` is defined as an interface, not a world", span);
        }

        return item.Index;
    }

    private TypeId AllocType(TypeDef type)
    {
        _types.Add(type);
        return new TypeId(_types.Count - 1);
    }
}
