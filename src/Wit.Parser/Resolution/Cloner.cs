using System.Collections.Generic;
using Wit.Model;

namespace Wit.Resolution;

/// <summary>
/// Deep-copies world-owned types, functions and inline interfaces when `include` moves them into
/// another world, so that every copy gets its own ids and owner.
/// </summary>
internal sealed class Cloner
{
    private readonly Resolve _resolve;
    private readonly TypeOwner _previousOwner;
    private readonly TypeOwner _newOwner;
    private readonly Dictionary<TypeId, TypeId> _types;
    private readonly PackageId? _newPackage;

    public Cloner(Resolve resolve, TypeOwner previousOwner, TypeOwner newOwner, Dictionary<TypeId, TypeId> types, PackageId? newPackage)
    {
        _resolve = resolve;
        _previousOwner = previousOwner;
        _newOwner = newOwner;
        _types = types;
        _newPackage = newPackage;
    }

    public TypeId CloneType(TypeId id)
    {
        if (_types.TryGetValue(id, out var existing))
        {
            return existing;
        }

        var copy = _resolve[id].CloneShallow();
        UpdateTypeDef(copy);
        var newId = _resolve.AddType(copy);
        _types[id] = newId;
        return newId;
    }

    public void CloneFunction(Function function)
    {
        if (function.Resource is { } resource)
        {
            function.Resource = CloneType(resource);
        }

        foreach (var param in function.Params)
        {
            param.Type = CloneUse(param.Type);
        }

        if (function.Result is { } result)
        {
            function.Result = CloneUse(result);
        }
    }

    public InterfaceId CloneInterface(InterfaceId id)
    {
        var original = _resolve[id];
        var nextId = new InterfaceId(_resolve.Interfaces.Count);
        var inner = new Cloner(_resolve, TypeOwner.OfInterface(id), TypeOwner.OfInterface(nextId), _types, null);
        var copy = new Interface(original.Name, original.Span)
        {
            Docs = original.Docs,
            Stability = original.Stability,
            CloneOf = id,
        };
        foreach (var entry in original.Types)
        {
            copy.Types.Insert(entry.Key, inner.CloneType(entry.Value));
        }

        foreach (var entry in original.Functions)
        {
            var function = entry.Value.Clone();
            inner.CloneFunction(function);
            copy.Functions.Insert(entry.Key, function);
        }

        copy.Package = _newPackage ?? (_newOwner.Kind == TypeOwnerKind.Interface ? _resolve[_newOwner.Interface].Package : _resolve[_newOwner.World].Package);
        return _resolve.AddInterface(copy);
    }

    private WitType CloneUse(WitType type) => type.IsId ? WitType.FromId(CloneType(type.Id)) : type;

    private void UpdateTypeDef(TypeDef def)
    {
        if (def.Owner.Kind != TypeOwnerKind.None)
        {
            def.Owner = _newOwner;
        }

        switch (def.Kind)
        {
            case AliasKind { Target.IsId: true } alias:
            {
                var target = alias.Target.Id;
                if (_resolve[target].Owner == _previousOwner)
                {
                    alias.Target = WitType.FromId(CloneType(target));
                }
                else if (_types.TryGetValue(target, out var mapped))
                {
                    alias.Target = WitType.FromId(mapped);
                }

                break;
            }

            case HandleKind handle:
                handle.Resource = CloneType(handle.Resource);
                break;
            case OptionKind option:
                option.Type = CloneUse(option.Type);
                break;
            case ListKind list:
                list.Type = CloneUse(list.Type);
                break;
            case FixedLengthListKind fixedList:
                fixedList.Type = CloneUse(fixedList.Type);
                break;
            case MapKind map:
                map.Key = CloneUse(map.Key);
                map.Value = CloneUse(map.Value);
                break;
            case TupleKind tuple:
                for (int i = 0; i < tuple.Types.Count; i++)
                {
                    tuple.Types[i] = CloneUse(tuple.Types[i]);
                }

                break;
            case RecordKind record:
                foreach (var field in record.Fields)
                {
                    field.Type = CloneUse(field.Type);
                }

                break;
            case VariantKind variant:
                foreach (var c in variant.Cases)
                {
                    if (c.Type is { } t)
                    {
                        c.Type = CloneUse(t);
                    }
                }

                break;
            case ResultKind result:
                if (result.Ok is { } ok)
                {
                    result.Ok = CloneUse(ok);
                }

                if (result.Err is { } err)
                {
                    result.Err = CloneUse(err);
                }

                break;
            case FutureKind { Type: { } ft } future:
                future.Type = CloneUse(ft);
                break;
            case StreamKind { Type: { } st } stream:
                stream.Type = CloneUse(st);
                break;
        }
    }
}
