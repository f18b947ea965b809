using Wasm.Components.Types;

namespace Wasm.Components.Validation;

/// <summary>
/// Replaces resource types inside types: instantiating a component gives its abstract imported resources the
/// resources actually supplied, and each instance its own copies of the resources it defines. Types that
/// mention no replaced resource are returned unchanged (same object), so layouts stay cached.
/// </summary>
internal static class TypeSubstitution
{
    /// <summary>Substitutes in an extern type.</summary>
    public static ExternType Apply(ExternType t, Dictionary<ResourceType, ResourceType> map)
    {
        if (map.Count == 0) return t;
        switch (t)
        {
            case FuncExternType f:
                {
                    var ft = Apply(f.Type, map);
                    return ReferenceEquals(ft, f.Type) ? t : new FuncExternType(ft);
                }
            case ValueExternType v:
                {
                    var vt = Apply(v.Type, map);
                    return ReferenceEquals(vt, v.Type) ? t : new ValueExternType(vt);
                }
            case TypeExternType { Resource: { } r } tr:
                return map.TryGetValue(r, out var nr) ? new TypeExternType(nr) { ResourceName = tr.ResourceName } : t;
            case TypeExternType tv:
                {
                    var vt = Apply(tv.WitType!, map);
                    return ReferenceEquals(vt, tv.WitType) ? t : new TypeExternType(vt);
                }
            case DefinedTypeExternType d:
                return d.Type switch
                {
                    ComponentFuncType ft => new DefinedTypeExternType(Apply(ft, map)),
                    ExternType et => new DefinedTypeExternType(Apply(et, map)),
                    _ => t,
                };
            case InstanceType i:
                {
                    var exports = new KeyValuePair<string, ExternType>[i.Exports.Count];
                    bool changed = false;
                    for (int k = 0; k < exports.Length; k++)
                    {
                        var e = Apply(i.Exports[k].Value, map);
                        changed |= !ReferenceEquals(e, i.Exports[k].Value);
                        exports[k] = new(i.Exports[k].Key, e);
                    }
                    return changed ? new InstanceType(exports) { DefinedResources = Apply(i.DefinedResources, map) } : t;
                }
            case ComponentType c:
                {
                    var imports = new KeyValuePair<string, ExternType>[c.Imports.Count];
                    var exports = new KeyValuePair<string, ExternType>[c.Exports.Count];
                    for (int k = 0; k < imports.Length; k++) imports[k] = new(c.Imports[k].Key, Apply(c.Imports[k].Value, map));
                    for (int k = 0; k < exports.Length; k++) exports[k] = new(c.Exports[k].Key, Apply(c.Exports[k].Value, map));
                    return new ComponentType(imports, exports)
                    {
                        ImportedResources = Apply(c.ImportedResources, map),
                        DefinedResources = Apply(c.DefinedResources, map),
                    };
                }
            default:
                return t;
        }
    }

    private static IReadOnlyList<ResourceType> Apply(IReadOnlyList<ResourceType> resources, Dictionary<ResourceType, ResourceType> map)
    {
        if (resources.Count == 0) return resources;
        var result = new ResourceType[resources.Count];
        for (int i = 0; i < result.Length; i++) result[i] = map.GetValueOrDefault(resources[i], resources[i]);
        return result;
    }

    /// <summary>Substitutes in a function type.</summary>
    public static ComponentFuncType Apply(ComponentFuncType f, Dictionary<ResourceType, ResourceType> map)
    {
        if (map.Count == 0) return f;
        Param[]? ps = null;
        for (int i = 0; i < f.Params.Count; i++)
        {
            var t = Apply(f.Params[i].Type, map);
            if (!ReferenceEquals(t, f.Params[i].Type))
            {
                ps ??= f.Params.ToArray();
                ps[i] = new Param(f.Params[i].Name, t);
            }
        }
        var r = f.Result is null ? null : Apply(f.Result, map);
        return ps is null && ReferenceEquals(r, f.Result) ? f : new ComponentFuncType(ps ?? f.Params, r, f.IsAsync);
    }

    /// <summary>
    /// Results per map, so that one type substituted twice under the same bindings is one object (named types
    /// keep their identity: a record exported as <c>foo</c> and used by a function stay the same object).
    /// </summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Dictionary<ResourceType, ResourceType>, Dictionary<WitType, (int Count, WitType Result)>> Memo = new();

    /// <summary>Substitutes in a value type.</summary>
    public static WitType Apply(WitType t, Dictionary<ResourceType, ResourceType> map)
    {
        if (map.Count == 0 || t is PrimitiveType) return t;
        var memo = Memo.GetValue(map, static _ => new Dictionary<WitType, (int, WitType)>(ReferenceEqualityComparer.Instance));
        lock (memo)
        {
            if (memo.TryGetValue(t, out var hit) && hit.Count == map.Count) return hit.Result;
        }
        var result = Compute(t, map);
        lock (memo) memo[t] = (map.Count, result);
        return result;
    }

    private static WitType Compute(WitType t, Dictionary<ResourceType, ResourceType> map)
    {
        switch (t)
        {
            case HandleType h:
                return map.TryGetValue(h.Resource, out var r) ? new HandleType(r, h.IsOwn) { ResourceName = h.ResourceName } : t;
            case RecordType rec:
                {
                    Field[]? fs = null;
                    for (int i = 0; i < rec.Fields.Count; i++)
                    {
                        var ft = Apply(rec.Fields[i].Type, map);
                        if (!ReferenceEquals(ft, rec.Fields[i].Type)) { fs ??= rec.Fields.ToArray(); fs[i] = new Field(rec.Fields[i].Name, ft); }
                    }
                    return fs is null ? t : new RecordType(fs) { AliasOf = AliasOf(rec, map) };
                }
            case VariantType v:
                {
                    Case[]? cs = null;
                    for (int i = 0; i < v.Cases.Count; i++)
                    {
                        if (v.Cases[i].Type is not { } ct) continue;
                        var nt = Apply(ct, map);
                        if (!ReferenceEquals(nt, ct)) { cs ??= v.Cases.ToArray(); cs[i] = new Case(v.Cases[i].Name, nt); }
                    }
                    return cs is null ? t : new VariantType(cs) { AliasOf = AliasOf(v, map) };
                }
            case ListType l:
                {
                    var e = Apply(l.Element, map);
                    return ReferenceEquals(e, l.Element) ? t : new ListType(e, l.FixedLength);
                }
            case TupleType tu:
                {
                    WitType[]? ts = null;
                    for (int i = 0; i < tu.Types.Count; i++)
                    {
                        var nt = Apply(tu.Types[i], map);
                        if (!ReferenceEquals(nt, tu.Types[i])) { ts ??= tu.Types.ToArray(); ts[i] = nt; }
                    }
                    return ts is null ? t : new TupleType(ts);
                }
            case OptionType o:
                {
                    var i = Apply(o.Inner, map);
                    return ReferenceEquals(i, o.Inner) ? t : new OptionType(i);
                }
            case ResultType res:
                {
                    var ok = res.Ok is null ? null : Apply(res.Ok, map);
                    var err = res.Error is null ? null : Apply(res.Error, map);
                    return ReferenceEquals(ok, res.Ok) && ReferenceEquals(err, res.Error) ? t : new ResultType(ok, err);
                }
            default:
                return t;
        }
    }

    /// <summary>A substituted alias names the substituted definition (the memo makes that one object per map).</summary>
    private static WitType? AliasOf(WitType t, Dictionary<ResourceType, ResourceType> map) =>
        t.AliasOf is { } definition ? Apply(definition, map) : null;
}
