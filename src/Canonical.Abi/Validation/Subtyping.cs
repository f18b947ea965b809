using Wasm.Components.Types;

namespace Wasm.Components.Validation;

/// <summary>
/// Type equality and subtyping of component types (Explainer.md, "Subtyping"): value types compare structurally,
/// resources by identity; an instance with more exports is a subtype of one with fewer.
/// </summary>
internal static class Subtyping
{
    [ThreadStatic] private static string? _lastMismatch;

    /// <summary>Why the last <see cref="IsSubtype"/> call on this thread answered false.</summary>
    public static string LastMismatch => _lastMismatch ?? "types differ";

    private static bool Fail(string why)
    {
        _lastMismatch = why;
        return false;
    }

    /// <summary>Whether <paramref name="a"/> may be supplied where <paramref name="b"/> is expected.</summary>
    public static bool IsSubtype(ExternType a, ExternType b)
    {
        switch (b)
        {
            case FuncExternType fb:
                return a is FuncExternType fa ? FuncTypesEqual(fa.Type, fb.Type) : Fail($"expected func, found {KindName(a)}");
            case ValueExternType vb:
                return a is ValueExternType va ? ValueTypesEqual(va.Type, vb.Type) || Fail("value types differ") : Fail($"expected value, found {KindName(a)}");
            case TypeExternType tb:
                {
                    if (a is not TypeExternType ta) return Fail($"expected type, found {KindName(a)}");
                    if (tb.Resource is not null)
                        return ta.Resource is not null && ReferenceEquals(ta.Resource, tb.Resource) || Fail("resource types are not the same");
                    return ta.WitType is not null && ValueTypesEqual(ta.WitType, tb.WitType!) || Fail("expected a different type");
                }
            case DefinedTypeExternType db:
                return a is DefinedTypeExternType da && DefinedEqual(da.Type, db.Type) || Fail("type mismatch");
            case InstanceType ib:
                {
                    if (a is not InstanceType ia) return Fail($"expected instance, found {KindName(a)}");
                    foreach (var (name, want) in ib.Exports)
                    {
                        var have = ia.Find(name);
                        if (have is null) return Fail($"missing expected export `{name}`");
                        if (!IsSubtype(have, want)) return Fail($"type mismatch in instance export `{name}`: {LastMismatch}");
                    }
                    return true;
                }
            case ComponentType cb:
                {
                    if (a is not ComponentType ca) return Fail($"expected component, found {KindName(a)}");
                    // Whoever expects `cb` supplies cb's imports to `ca` (binding ca's imported resources); ca's exports,
                    // in terms of those, must then satisfy cb's exports (binding cb's defined resources to ca's).
                    var imports = new Dictionary<ResourceType, ResourceType>(ReferenceEqualityComparer.Instance);
                    if (!Satisfies(ca.Imports, name => Find(cb.Imports, name), ca.ImportedResources, "import", imports)) return false;
                    var exports = new Dictionary<ResourceType, ResourceType>(ReferenceEqualityComparer.Instance);
                    return Satisfies(cb.Exports, name => Find(ca.Exports, name) is { } e ? TypeSubstitution.Apply(e, imports) : null,
                        cb.DefinedResources, "export", exports);
                }
            case CoreModuleExternType mb:
                {
                    if (a is not CoreModuleExternType ma) return Fail($"expected module, found {KindName(a)}");
                    // Imports are contravariant: the expected type may supply more than `ma` asks for.
                    foreach (var (m, name, have) in ma.Imports)
                    {
                        object? want = null;
                        foreach (var (m2, n2, t2) in mb.Imports) if (m2 == m && n2 == name) want = t2;
                        if (want is null) return Fail($"missing expected import `{m}::{name}`");
                        if (!CoreExternSubtype(want, have)) return Fail($"type mismatch in import `{m}::{name}`");
                    }
                    foreach (var (name, want) in mb.Exports)
                    {
                        object? have = null;
                        foreach (var (n2, t2) in ma.Exports) if (n2 == name) have = t2;
                        if (have is null) return Fail($"missing expected export `{name}`");
                        if (!CoreExternSubtype(have, want)) return Fail($"type mismatch in export `{name}`");
                    }
                    return true;
                }
        }
        return Fail("unknown type");
    }

    /// <summary>
    /// Whether the items <paramref name="provided"/> gives by name satisfy the <paramref name="expected"/> imports or
    /// exports of a component type. Each of the type's abstract resources in <paramref name="bound"/> is bound in
    /// <paramref name="map"/> to the resource supplied in its place, and later items are checked under those bindings.
    /// </summary>
    public static bool Satisfies(IReadOnlyList<KeyValuePair<string, ExternType>> expected, Func<string, ExternType?> provided,
        IReadOnlyList<ResourceType> bound, string what, Dictionary<ResourceType, ResourceType> map)
    {
        foreach (var (name, want) in expected)
        {
            var have = provided(name);
            if (have is null) return Fail($"missing {what} named `{name}`");
            BindResources(want, have, bound, map);
            if (!IsSubtype(have, TypeSubstitution.Apply(want, map))) return Fail($"type mismatch for {what} `{name}`: {LastMismatch}");
        }
        return true;
    }

    private static ExternType? Find(IReadOnlyList<KeyValuePair<string, ExternType>> items, string name)
    {
        foreach (var e in items) if (e.Key == name) return e.Value;
        return null;
    }

    /// <summary>Core import/export subtyping: limits of tables and memories may be narrower than expected.</summary>
    public static bool CoreExternSubtype(object a, object b) => (a, b) switch
    {
        (Wasm.FuncType fa, Wasm.FuncType fb) => fa.Equals(fb),
        (Wasm.TableType ta, Wasm.TableType tb) => ta.Element == tb.Element && tb.Limits.Accepts(ta.Limits),
        (Wasm.MemoryType ma, Wasm.MemoryType mb) => ma.Is64 == mb.Is64 && ma.Shared == mb.Shared && mb.Limits.Accepts(ma.Limits),
        (Wasm.GlobalType ga, Wasm.GlobalType gb) => ga == gb,
        _ => a.Equals(b),
    };

    private static string KindName(ExternType t) => t.Kind switch
    {
        ExternTypeKind.CoreModule => "module",
        ExternTypeKind.Func => "func",
        ExternTypeKind.Value => "value",
        ExternTypeKind.Type => "type",
        ExternTypeKind.Component => "component",
        _ => "instance",
    };

    private static bool DefinedEqual(object a, object b) => (a, b) switch
    {
        (ComponentFuncType fa, ComponentFuncType fb) => FuncTypesEqual(fa, fb),
        (ExternType ea, ExternType eb) => IsSubtype(ea, eb) && IsSubtype(eb, ea),
        _ => ReferenceEquals(a, b),
    };

    /// <summary>Function types are equal when parameter names and types and the result type are.</summary>
    public static bool FuncTypesEqual(ComponentFuncType a, ComponentFuncType b)
    {
        if (a.IsAsync != b.IsAsync) return Fail("async mismatch");
        if (a.Params.Count != b.Params.Count) return Fail($"expected {b.Params.Count} parameters, found {a.Params.Count}");
        for (int i = 0; i < a.Params.Count; i++)
        {
            if (a.Params[i].Name != b.Params[i].Name) return Fail($"expected parameter named `{b.Params[i].Name}`, found `{a.Params[i].Name}`");
            if (!ValueTypesEqual(a.Params[i].Type, b.Params[i].Type)) return Fail($"type mismatch in function parameter `{a.Params[i].Name}`");
        }
        if (a.Result is null != b.Result is null) return Fail("expected a result, found none");
        if (a.Result is not null && !ValueTypesEqual(a.Result, b.Result!)) return Fail("type mismatch with result type");
        return true;
    }

    /// <summary>Structural equality of value types (resources by identity).</summary>
    public static bool ValueTypesEqual(WitType a, WitType b)
    {
        if (ReferenceEquals(a, b)) return true;
        if (a.Kind != b.Kind) return false;
        switch (a)
        {
            case PrimitiveType: return true;
            case RecordType ra:
                {
                    var rb = (RecordType)b;
                    if (ra.Fields.Count != rb.Fields.Count) return false;
                    for (int i = 0; i < ra.Fields.Count; i++)
                        if (ra.Fields[i].Name != rb.Fields[i].Name || !ValueTypesEqual(ra.Fields[i].Type, rb.Fields[i].Type)) return false;
                    return true;
                }
            case VariantType va:
                {
                    var vb = (VariantType)b;
                    if (va.Cases.Count != vb.Cases.Count) return false;
                    for (int i = 0; i < va.Cases.Count; i++)
                        if (va.Cases[i].Name != vb.Cases[i].Name || !OptEqual(va.Cases[i].Type, vb.Cases[i].Type)) return false;
                    return true;
                }
            case ListType la: { var lb = (ListType)b; return la.FixedLength == lb.FixedLength && ValueTypesEqual(la.Element, lb.Element); }
            case TupleType ta:
                {
                    var tb = (TupleType)b;
                    if (ta.Types.Count != tb.Types.Count) return false;
                    for (int i = 0; i < ta.Types.Count; i++) if (!ValueTypesEqual(ta.Types[i], tb.Types[i])) return false;
                    return true;
                }
            case FlagsType fa: return fa.Names.SequenceEqual(((FlagsType)b).Names);
            case EnumType ea: return ea.Names.SequenceEqual(((EnumType)b).Names);
            case OptionType oa: return ValueTypesEqual(oa.Inner, ((OptionType)b).Inner);
            case ResultType ra2: { var rb2 = (ResultType)b; return OptEqual(ra2.Ok, rb2.Ok) && OptEqual(ra2.Error, rb2.Error); }
            case HandleType ha: return ReferenceEquals(ha.Resource, ((HandleType)b).Resource);
            case AsyncValueType aa: return OptEqual(aa.Element, ((AsyncValueType)b).Element);
            case MapType ma: { var mb = (MapType)b; return ValueTypesEqual(ma.Key, mb.Key) && ValueTypesEqual(ma.Value, mb.Value); }
        }
        return false;
    }

    private static bool OptEqual(WitType? a, WitType? b) => a is null ? b is null : b is not null && ValueTypesEqual(a, b);

    /// <summary>
    /// Records, for each abstract resource in <paramref name="bound"/> that <paramref name="expected"/> introduces,
    /// the resource that <paramref name="provided"/> supplies in the same position.
    /// </summary>
    private static void BindResources(ExternType expected, ExternType provided, IReadOnlyList<ResourceType> bound, Dictionary<ResourceType, ResourceType> map)
    {
        switch (expected)
        {
            case TypeExternType { Resource: { } r } when provided is TypeExternType { Resource: { } p }:
                if (!map.ContainsKey(r) && bound.Contains(r)) map[r] = p;
                break;
            case InstanceType ie when provided is InstanceType ip:
                foreach (var (name, t) in ie.Exports)
                    if (ip.Find(name) is { } pt) BindResources(t, pt, bound, map);
                break;
        }
    }

    /// <summary>True when a type mentions a resource (through own/borrow) anywhere.</summary>
    public static bool MentionsResource(object t) => t switch
    {
        ResourceType => true,
        WitType v => Any(v, static x => x is HandleType),
        ComponentFuncType f => f.Params.Any(p => MentionsResource(p.Type)) || f.Result is not null && MentionsResource(f.Result),
        InstanceType i => i.Exports.Any(e => MentionsExtern(e.Value)),
        ComponentType c => c.Imports.Any(e => MentionsExtern(e.Value)) || c.Exports.Any(e => MentionsExtern(e.Value)),
        _ => false,
    };

    private static bool MentionsExtern(ExternType e) => e switch
    {
        FuncExternType f => MentionsResource(f.Type),
        TypeExternType t => t.Resource is not null || MentionsResource(t.WitType!),
        ValueExternType v => MentionsResource(v.Type),
        DefinedTypeExternType d => MentionsResource(d.Type),
        _ => MentionsResource(e),
    };

    /// <summary>True when a value type contains a <c>borrow</c>.</summary>
    public static bool ContainsBorrow(WitType t) => Any(t, static x => x.Kind == ValueKind.Borrow);

    /// <summary>True when lifting or lowering the type touches linear memory (strings and lists).</summary>
    public static bool UsesMemory(WitType t) => Any(t, static x => x.Kind is ValueKind.String || x is ListType { FixedLength: null } || x.Kind == ValueKind.Map);

    /// <summary>Whether any type nested in <paramref name="t"/> (itself included) satisfies a predicate.</summary>
    public static bool Any(WitType t, Func<WitType, bool> pred)
    {
        if (pred(t)) return true;
        switch (t)
        {
            case RecordType r: foreach (var f in r.Fields) if (Any(f.Type, pred)) return true; return false;
            case VariantType v: foreach (var c in v.Cases) if (c.Type is not null && Any(c.Type, pred)) return true; return false;
            case ListType l: return Any(l.Element, pred);
            case TupleType tu: foreach (var x in tu.Types) if (Any(x, pred)) return true; return false;
            case OptionType o: return Any(o.Inner, pred);
            case ResultType re: return re.Ok is not null && Any(re.Ok, pred) || re.Error is not null && Any(re.Error, pred);
            case MapType m: return Any(m.Key, pred) || Any(m.Value, pred);
            case AsyncValueType a: return a.Element is not null && Any(a.Element, pred);
            default: return false;
        }
    }
}
