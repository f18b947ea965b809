using System.Collections.Generic;
using System.Linq;
using Wit.Model;

namespace Wit.Generators.Emit;

/// <summary>
/// C# expressions that build the runtime's component types (<c>Wasm.Components.Types</c>) of WIT functions, which
/// generated bindings check exports against and define imports with.
/// </summary>
internal sealed class RuntimeTypes
{
    public const string Namespace = "global::Wasm.Components.Types.";

    private readonly Resolve _resolve;

    public RuntimeTypes(Resolve resolve) => _resolve = resolve;

    /// <summary>
    /// <c>new ComponentFuncType(...)</c> for <paramref name="function"/>; <paramref name="resource"/> gives the
    /// expression of each resource type its handles refer to.
    /// </summary>
    public string Function(Function function, System.Func<TypeId, string> resource)
    {
        string parameters = function.Params.Count == 0
            ? $"global::System.Array.Empty<{Namespace}Param>()"
            : $"new {Namespace}Param[] {{ {string.Join(", ", function.Params.Select(p => $"new(\"{p.Name}\", {Of(p.Type, resource)})"))} }}";
        string result = function.Result is { } r ? Of(r, resource) : "null";
        return $"new {Namespace}ComponentFuncType({parameters}, {result})";
    }

    /// <summary>The resources whose handles appear in <paramref name="function"/>'s type, in order of appearance.</summary>
    public void CollectResources(Function function, ICollection<TypeId> resources)
    {
        foreach (var p in function.Params)
        {
            Collect(p.Type, resources);
        }

        if (function.Result is { } r)
        {
            Collect(r, resources);
        }
    }

    private void Collect(WitType type, ICollection<TypeId> resources)
    {
        if (!type.IsId)
        {
            return;
        }

        switch (_resolve[type.Id].Kind)
        {
            case AliasKind a: Collect(a.Target, resources); break;
            case HandleKind h:
                var r = _resolve.Dealias(h.Resource);
                if (!resources.Contains(r))
                {
                    resources.Add(r);
                }

                break;
            case RecordKind rec: rec.Fields.ForEach(f => Collect(f.Type, resources)); break;
            case VariantKind v: v.Cases.ForEach(c => { if (c.Type is { } t) Collect(t, resources); }); break;
            case TupleKind t: t.Types.ForEach(x => Collect(x, resources)); break;
            case ListKind l: Collect(l.Type, resources); break;
            case FixedLengthListKind l: Collect(l.Type, resources); break;
            case OptionKind o: Collect(o.Type, resources); break;
            case ResultKind res:
                if (res.Ok is { } ok) Collect(ok, resources);
                if (res.Err is { } err) Collect(err, resources);
                break;
        }
    }

    private string Of(WitType type, System.Func<TypeId, string> resource)
    {
        switch (type.Kind)
        {
            case WitTypeKind.Bool: return Namespace + "WitType.Bool";
            case WitTypeKind.U8: return Namespace + "WitType.U8";
            case WitTypeKind.U16: return Namespace + "WitType.U16";
            case WitTypeKind.U32: return Namespace + "WitType.U32";
            case WitTypeKind.U64: return Namespace + "WitType.U64";
            case WitTypeKind.S8: return Namespace + "WitType.S8";
            case WitTypeKind.S16: return Namespace + "WitType.S16";
            case WitTypeKind.S32: return Namespace + "WitType.S32";
            case WitTypeKind.S64: return Namespace + "WitType.S64";
            case WitTypeKind.F32: return Namespace + "WitType.F32";
            case WitTypeKind.F64: return Namespace + "WitType.F64";
            case WitTypeKind.Char: return Namespace + "WitType.Char";
            case WitTypeKind.String: return Namespace + "WitType.String";
            case WitTypeKind.Id: break;
            default: throw new System.NotSupportedException($"`{type.Kind}` has no runtime type");
        }

        switch (_resolve[type.Id].Kind)
        {
            case AliasKind alias:
                return Of(alias.Target, resource);
            case RecordKind record:
                return $"new {Namespace}RecordType(new {Namespace}Field[] {{ {string.Join(", ", record.Fields.Select(f => $"new(\"{f.Name}\", {Of(f.Type, resource)})"))} }})";
            case VariantKind variant:
                return $"new {Namespace}VariantType(new {Namespace}Case[] {{ {string.Join(", ", variant.Cases.Select(c => $"new(\"{c.Name}\", {(c.Type is { } t ? Of(t, resource) : "null")})"))} }})";
            case EnumKind @enum:
                return $"new {Namespace}EnumType(new[] {{ {string.Join(", ", @enum.Cases.Select(c => $"\"{c.Name}\""))} }})";
            case FlagsKind flags:
                return flags.Flags.Count == 0
                    ? $"new {Namespace}FlagsType(global::System.Array.Empty<string>())"
                    : $"new {Namespace}FlagsType(new[] {{ {string.Join(", ", flags.Flags.Select(f => $"\"{f.Name}\""))} }})";
            case TupleKind tuple:
                return tuple.Types.Count == 0
                    ? $"new {Namespace}TupleType(global::System.Array.Empty<{Namespace}WitType>())"
                    : $"new {Namespace}TupleType(new {Namespace}WitType[] {{ {string.Join(", ", tuple.Types.Select(t => Of(t, resource)))} }})";
            case ListKind list:
                return $"new {Namespace}ListType({Of(list.Type, resource)})";
            case FixedLengthListKind fixedList:
                return $"new {Namespace}ListType({Of(fixedList.Type, resource)}, {fixedList.Size}u)";
            case OptionKind option:
                return $"new {Namespace}OptionType({Of(option.Type, resource)})";
            case ResultKind result:
                return $"new {Namespace}ResultType({(result.Ok is { } ok ? Of(ok, resource) : "null")}, {(result.Err is { } err ? Of(err, resource) : "null")})";
            case HandleKind handle:
                return $"new {Namespace}HandleType({resource(_resolve.Dealias(handle.Resource))}, isOwn: {(handle.IsBorrow ? "false" : "true")})";
            case var kind:
                throw new System.NotSupportedException($"a {kind.KindName} has no runtime type");
        }
    }
}
