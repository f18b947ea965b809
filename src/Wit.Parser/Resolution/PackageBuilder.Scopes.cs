using System.Collections.Generic;
using Wit.Ast;
using Wit.Diagnostics;
using Wit.Model;

namespace Wit.Resolution;

/// <summary>Interface and world bodies: `use`, type definitions, functions, imports and exports.</summary>
internal sealed partial class PackageBuilder
{
    private void ResolveInterface(int interfaceId, List<InterfaceItemSyntax> items, DocComments docs, List<AttributeSyntax> attributes)
    {
        var iface = _interfaces[interfaceId];
        iface.Docs = DocsText.From(docs);
        iface.Stability = StabilityOf(attributes);

        var uses = new List<UseSyntax>();
        var defs = new List<object>();
        foreach (var item in items)
        {
            if (item is InterfaceUseSyntax use)
            {
                uses.Add(use.Use);
                defs.Add(use.Use);
            }
            else if (item is InterfaceTypeSyntax type)
            {
                defs.Add(type.TypeDef);
            }
        }

        ResolveTypes(TypeOwner.OfInterface(new InterfaceId(interfaceId)), uses, defs);
        foreach (var entry in _typeLookup)
        {
            iface.Types.Insert(entry.Key, entry.Value.Type!.Value);
        }

        var functions = new List<Function>();
        foreach (var item in items)
        {
            switch (item)
            {
                case InterfaceFuncSyntax func:
                    DefineName(func.Func.Name, new NameBinding(null, "function", func.Func.Name.Span));
                    functions.Add(ResolveFunction(func.Func.Docs, func.Func.Attributes, func.Func.Name.Name, func.Func.Name.Span, func.Func.Func,
                        func.Func.Func.IsAsync ? FunctionKindTag.AsyncFreestanding : FunctionKindTag.Freestanding, null));
                    break;
                case InterfaceTypeSyntax { TypeDef: { Type.Kind: TypeSyntaxKind.Resource } resource }:
                    foreach (var func in resource.Type.ResourceFuncs!)
                    {
                        functions.Add(ResolveResourceFunction(func, resource.Name));
                    }

                    break;
            }
        }

        foreach (var function in functions)
        {
            iface.Functions.Insert(function.Name, function);
        }

        _interfaceTypes[interfaceId] = _typeLookup;
        _typeLookup = new OrderedMap<string, NameBinding>();
    }

    /// <summary>Binds `use`d names, then defines named types in dependency order.</summary>
    private void ResolveTypes(TypeOwner owner, List<UseSyntax> uses, List<object> items)
    {
        foreach (var use in uses)
        {
            ResolveUse(owner, use);
        }

        var typeDeps = new OrderedMap<string, List<Identifier>>(System.StringComparer.Ordinal);
        var typeDefs = new Dictionary<string, TypeDefSyntax?>(System.StringComparer.Ordinal);
        foreach (var item in items)
        {
            if (item is TypeDefSyntax def)
            {
                if (typeDefs.ContainsKey(def.Name.Name))
                {
                    throw new WitException($"name `{def.Name.Name}` is defined more than once", def.Name.Span);
                }

                typeDefs[def.Name.Name] = def;
                var deps = new List<Identifier>();
                CollectDeps(def.Type, deps);
                typeDeps.Insert(def.Name.Name, deps);
            }
            else if (item is UseSyntax use)
            {
                foreach (var name in use.Names)
                {
                    typeDeps.Insert(name.LocalName.Name, new List<Identifier>());
                    typeDefs[name.LocalName.Name] = null;
                }
            }
        }

        List<string> order;
        try
        {
            order = Toposort.Sort("type", typeDeps);
        }
        catch (WitException e) when (e.Message is "type `float32` does not exist" or "type `float64` does not exist")
        {
            string old = e.Message.Contains("float32") ? "float32" : "float64";
            string replacement = old == "float32" ? "f32" : "f64";
            throw new WitException(
                e.Message + $"\nthe `{old}` type has been renamed to `{replacement}` and is no longer accepted, but the `WIT_REQUIRE_F32_F64=0` environment variable can be used to temporarily disable this error",
                e.Span);
        }

        foreach (var name in order)
        {
            if (!typeDefs.TryGetValue(name, out var def) || def is null)
            {
                continue;
            }

            typeDefs.Remove(name);
            string? docs = DocsText.From(def.Docs);
            var stability = StabilityOf(def.Attributes);
            string? externalId = ExternalIdOf(def.Attributes);
            var kind = ResolveTypeDefKind(def.Type, stability);
            var id = AllocType(new TypeDef(def.Name.Name, kind, owner, docs, stability, def.Name.Span, externalId));
            DefineName(def.Name, new NameBinding(id, null, def.Name.Span));
        }
    }

    private void ResolveUse(TypeOwner owner, UseSyntax use)
    {
        var (item, itemName, span) = ResolveItemPath(use.From);
        int from = ExpectInterface(item, itemName, span);
        var stability = StabilityOf(use.Attributes);
        string? externalId = ExternalIdOf(use.Attributes);
        foreach (var name in use.Names)
        {
            var lookup = _interfaceTypes[from];
            if (!lookup.TryGetValue(name.Name.Name, out var binding))
            {
                throw new WitException($"name `{name.Name.Name}` does not exist", name.Name.Span);
            }

            if (binding.Type is not { } target)
            {
                throw new WitException($"cannot import {binding.ItemKind} `{name.Name.Name}`", name.Name.Span);
            }

            var local = name.LocalName;
            var id = AllocType(new TypeDef(local.Name, new AliasKind(WitType.FromId(target)), owner, null, stability, name.Name.Span, externalId));
            DefineName(local, new NameBinding(id, null, local.Span));
        }
    }

    private void DefineName(Identifier name, NameBinding binding)
    {
        if (_typeLookup.Insert(name.Name, binding))
        {
            throw new WitException($"name `{name.Name}` is defined more than once", name.Span);
        }
    }

    private void ResolveWorld(int worldId, WorldSyntax syntax)
    {
        var world = _worlds[worldId];
        world.Docs = DocsText.From(syntax.Docs);
        world.Stability = StabilityOf(syntax.Attributes);

        var uses = new List<UseSyntax>();
        var defs = new List<object>();
        foreach (var item in syntax.Items)
        {
            if (item is WorldUseSyntax use)
            {
                uses.Add(use.Use);
                defs.Add(use.Use);
            }
            else if (item is WorldTypeSyntax type)
            {
                defs.Add(type.TypeDef);
            }
        }

        ResolveTypes(TypeOwner.OfWorld(new WorldId(worldId)), uses, defs);

        foreach (var item in syntax.Items)
        {
            if (item is IncludeSyntax include)
            {
                var stability = StabilityOf(include.Attributes);
                var (target, name, span) = ResolveItemPath(include.From);
                int included = ExpectWorld(target, name, span);
                var names = new List<(string, string)>();
                foreach (var (from, to) in include.Names)
                {
                    names.Add((from.Name, to.Name));
                }

                world.Includes.Add(new WorldInclude { Stability = stability, Id = new WorldId(included), Names = names, Span = span });
            }
        }

        foreach (var entry in _typeLookup)
        {
            if (world.Imports.Insert(WorldKey.OfName(entry.Key), new WorldTypeItem(entry.Value.Type!.Value, entry.Value.Span)))
            {
                throw new WitException($"import `{entry.Key}` conflicts with prior import of same name", entry.Value.Span);
            }
        }

        var importedInterfaces = new HashSet<int>();
        var exportedInterfaces = new HashSet<int>();
        foreach (var item in syntax.Items)
        {
            if (item is WorldTypeSyntax { TypeDef: { Type.Kind: TypeSyntaxKind.Resource } resource })
            {
                foreach (var func in resource.Type.ResourceFuncs!)
                {
                    var function = ResolveResourceFunction(func, resource.Name);
                    world.Imports.Insert(WorldKey.OfName(function.Name), new WorldFunctionItem(function));
                }

                continue;
            }

            if (item is not ImportExportSyntax ie)
            {
                continue;
            }

            string desc = ie.IsExport ? "export" : "import";
            var worldItem = ResolveWorldItem(ie.Docs, ie.Attributes, ie.Kind);
            WorldKey key;
            switch (ie.Kind.Kind)
            {
                case ExternKind.Func:
                    key = WorldKey.OfName(((WorldFunctionItem)worldItem).Function.Name);
                    break;
                case ExternKind.Path:
                {
                    var (target, name, span) = ResolveItemPath(ie.Kind.Path!);
                    key = WorldKey.OfInterface(new InterfaceId(ExpectInterface(target, name, span)));
                    break;
                }

                default:
                    key = WorldKey.OfName(ie.Kind.Name.Name);
                    break;
            }

            if (key.IsInterface && !(ie.IsExport ? exportedInterfaces : importedInterfaces).Add(key.Interface.Index))
            {
                throw new WitException($"interface cannot be {desc}ed more than once", ie.Kind.Span);
            }

            var destination = ie.IsExport ? world.Exports : world.Imports;
            if (destination.TryGetValue(key, out var previous))
            {
                string prevKind = previous switch
                {
                    WorldInterfaceItem => "interface",
                    WorldFunctionItem => "func",
                    _ => "type",
                };
                throw new WitException($"{desc} `{key.Name}` conflicts with prior {prevKind} of same name", ie.Kind.Span);
            }

            destination.Insert(key, worldItem);
        }

        _typeLookup = new OrderedMap<string, NameBinding>();
    }

    private WorldItem ResolveWorldItem(DocComments docs, List<AttributeSyntax> attributes, ExternSyntax kind)
    {
        switch (kind.Kind)
        {
            case ExternKind.Interface:
            {
                var saved = _typeLookup;
                _typeLookup = new OrderedMap<string, NameBinding>();
                int id = AllocInterface(null, kind.Name.Span);
                ResolveInterface(id, kind.Items!, docs, attributes);
                _typeLookup = saved;
                return new WorldInterfaceItem(new InterfaceId(id), _interfaces[id].Stability, null, kind.Name.Span, ExternalIdOf(attributes));
            }

            case ExternKind.Path:
            case ExternKind.NamedPath:
            {
                var stability = StabilityOf(attributes);
                string? externalId = ExternalIdOf(attributes);
                string? docText = DocsText.From(docs);
                var (target, name, span) = ResolveItemPath(kind.Path!);
                int id = ExpectInterface(target, name, span);
                return new WorldInterfaceItem(new InterfaceId(id), stability, docText, kind.Kind == ExternKind.Path ? span : kind.Name.Span, externalId);
            }

            default:
            {
                var function = ResolveFunction(docs, attributes, kind.Name.Name, kind.Name.Span, kind.Func!,
                    kind.Func!.IsAsync ? FunctionKindTag.AsyncFreestanding : FunctionKindTag.Freestanding, null);
                return new WorldFunctionItem(function);
            }
        }
    }
}
