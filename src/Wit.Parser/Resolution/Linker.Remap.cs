using System.Collections.Generic;
using Wit.Diagnostics;
using Wit.Model;

namespace Wit.Resolution;

/// <summary>Renumbering of package-local ids into the shared arenas.</summary>
internal sealed partial class Linker
{
    private TypeId MapType(TypeId id, TextSpan span) =>
        _types[id.Index] ?? throw Excluded("type", span, string.Empty);

    private InterfaceId MapInterface(InterfaceId id, TextSpan span, string suffix) =>
        _interfaces[id.Index] ?? throw Excluded("interface", span, suffix);

    private WorldId MapWorld(WorldId id, TextSpan span, string suffix) =>
        _worlds[id.Index] ?? throw Excluded("world", span, suffix);

    private static WitException Excluded(string what, TextSpan span, string suffix) =>
        new($"found a reference to a {what} which is excluded due to its feature not being activated{suffix}", span);

    private void UpdateTypeDef(TypeDef type, TextSpan span)
    {
        switch (type.Kind)
        {
            case HandleKind handle:
                handle.Resource = MapType(handle.Resource, span);
                break;
            case RecordKind record:
                foreach (var field in record.Fields)
                {
                    field.Type = UpdateType(field.Type, field.Span);
                }

                break;
            case TupleKind tuple:
                for (int i = 0; i < tuple.Types.Count; i++)
                {
                    tuple.Types[i] = UpdateType(tuple.Types[i], span);
                }

                break;
            case VariantKind variant:
                foreach (var c in variant.Cases)
                {
                    if (c.Type is { } t)
                    {
                        c.Type = UpdateType(t, span);
                    }
                }

                break;
            case OptionKind option:
                option.Type = UpdateType(option.Type, span);
                break;
            case ListKind list:
                list.Type = UpdateType(list.Type, span);
                break;
            case FixedLengthListKind fixedList:
                fixedList.Type = UpdateType(fixedList.Type, span);
                break;
            case FutureKind { Type: { } futureType } future:
                future.Type = UpdateType(futureType, span);
                break;
            case StreamKind { Type: { } streamType } stream:
                stream.Type = UpdateType(streamType, span);
                break;
            case MapKind map:
                map.Key = UpdateType(map.Key, span);
                map.Value = UpdateType(map.Value, span);
                break;
            case ResultKind result:
                if (result.Ok is { } ok)
                {
                    result.Ok = UpdateType(ok, span);
                }

                if (result.Err is { } err)
                {
                    result.Err = UpdateType(err, span);
                }

                break;
            case AliasKind { Target.IsId: true } alias:
                // `type a = r` stays an alias (usable both as resource and handle), not `own<r>`.
                alias.Target = WitType.FromId(MapType(alias.Target.Id, span));
                break;
        }
    }

    /// <summary>Maps a type use; a use of a resource becomes an implicit `own&lt;T&gt;` handle.</summary>
    private WitType UpdateType(WitType type, TextSpan span)
    {
        if (!type.IsId)
        {
            return type;
        }

        var id = MapType(type.Id, span);
        var current = id;
        while (_resolve[current].Kind is AliasKind { Target.IsId: true } alias)
        {
            current = alias.Target.Id;
        }

        if (_resolve[current].Kind is ResourceKind)
        {
            if (!_ownHandles.TryGetValue(id, out var own))
            {
                own = _resolve.AddType(new TypeDef(null, new HandleKind(false, id), TypeOwner.None, null, Stability.Unknown, TextSpan.Unknown));
                _ownHandles[id] = own;
            }

            id = own;
        }

        return WitType.FromId(id);
    }

    private void UpdateInterface(Interface iface, PackageId packageId)
    {
        var types = new OrderedMap<string, TypeId>();
        foreach (var entry in iface.Types)
        {
            if (_types[entry.Value.Index] is not null)
            {
                types.Insert(entry.Key, MapType(entry.Value, iface.Span));
            }
        }

        iface.Types = types;
        var functions = new OrderedMap<string, Function>();
        foreach (var entry in iface.Functions)
        {
            var function = entry.Value;
            if (_resolve.IncludeStability(function.Stability, packageId, function.Span))
            {
                UpdateFunction(function, function.Span);
                functions.Insert(entry.Key, function);
            }
        }

        iface.Functions = functions;
    }

    private void UpdateFunction(Function function, TextSpan span)
    {
        if (function.Resource is { } resource)
        {
            function.Resource = MapType(resource, span);
        }

        foreach (var param in function.Params)
        {
            param.Type = UpdateType(param.Type, span);
        }

        if (function.Result is { } result)
        {
            function.Result = UpdateType(result, span);
            if (TypeHasBorrow(function.Result.Value))
            {
                throw new WitException($"function `{function.Name}` returns a type which contains a `borrow<T>` which is not supported", span);
            }
        }
    }

    private void UpdateWorld(World world, PackageId packageId)
    {
        var imports = world.Imports.ToList();
        var exports = world.Exports.ToList();
        world.Imports = new OrderedMap<WorldKey, WorldItem>();
        world.Exports = new OrderedMap<WorldKey, WorldItem>();
        UpdateWorldItems(imports, world.Imports, packageId);
        UpdateWorldItems(exports, world.Exports, packageId);
    }

    private void UpdateWorldItems(List<KeyValuePair<WorldKey, WorldItem>> items, OrderedMap<WorldKey, WorldItem> destination, PackageId packageId)
    {
        foreach (var entry in items)
        {
            var item = entry.Value;
            var span = item.Span;
            if (item is WorldTypeItem typeItem)
            {
                typeItem.Id = MapType(typeItem.Id, span);
            }

            if (!_resolve.IncludeStability(_resolve.StabilityOf(item), packageId, span))
            {
                continue;
            }

            var key = entry.Key.IsInterface ? WorldKey.OfInterface(MapInterface(entry.Key.Interface, span, string.Empty)) : entry.Key;
            switch (item)
            {
                case WorldInterfaceItem iface:
                    iface.Id = MapInterface(iface.Id, span, string.Empty);
                    break;
                case WorldFunctionItem function:
                    UpdateFunction(function.Function, span);
                    break;
            }

            destination.Insert(key, item);
        }
    }

    private bool TypeHasBorrow(WitType type)
    {
        if (!type.IsId)
        {
            return false;
        }

        if (_typeHasBorrow.TryGetValue(type.Id.Index, out bool cached))
        {
            return cached;
        }

        bool result = _resolve[type.Id].Kind switch
        {
            AliasKind alias => TypeHasBorrow(alias.Target),
            VariantKind variant => variant.Cases.Exists(c => c.Type is { } t && TypeHasBorrow(t)),
            HandleKind handle => handle.IsBorrow,
            RecordKind record => record.Fields.Exists(f => TypeHasBorrow(f.Type)),
            TupleKind tuple => tuple.Types.Exists(TypeHasBorrow),
            ListKind list => TypeHasBorrow(list.Type),
            FixedLengthListKind fixedList => TypeHasBorrow(fixedList.Type),
            OptionKind option => TypeHasBorrow(option.Type),
            FutureKind { Type: { } ft } => TypeHasBorrow(ft),
            StreamKind { Type: { } st } => TypeHasBorrow(st),
            MapKind map => TypeHasBorrow(map.Key) || TypeHasBorrow(map.Value),
            ResultKind r => (r.Ok is { } ok && TypeHasBorrow(ok)) || (r.Err is { } err && TypeHasBorrow(err)),
            _ => false,
        };
        _typeHasBorrow[type.Id.Index] = result;
        return result;
    }
}
