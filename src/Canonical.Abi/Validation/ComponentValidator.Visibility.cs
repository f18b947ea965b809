using Wasm.Components.Types;

namespace Wasm.Components.Validation;

// External visibility of types (Explainer.md): whatever a component imports or exports may only mention record,
// variant, enum and flags types and resources that an earlier import of the component named (for exports, an
// earlier import or export), so that every such type has a name outside. Types inside anonymous ones (tuples, lists,
// options, results...) need names; the anonymous ones do not. Component types check their imports and exports as
// they are declared; instance types only once they type an import or export.

internal sealed partial class ComponentValidator
{
    /// <summary>
    /// Checks that an import or export of a component (or component type) mentions only visible types, and makes
    /// the types it names visible.
    /// </summary>
    private static void CheckVisibility(Scope s, ExternType t, bool import, int at)
    {
        if (!Publish(s, t, import))
            throw Scope.Invalid($"{ItemKind(t)} not valid to be used as {(import ? "import" : "export")}", at);
    }

    private static string ItemKind(ExternType t) => t switch
    {
        FuncExternType => "func",
        TypeExternType or DefinedTypeExternType => "type",
        InstanceType => "instance",
        ComponentType => "component",
        ValueExternType => "value",
        _ => "module",
    };

    /// <summary>Checks one import or export, or an export of an imported or exported instance, and records the
    /// names it gives (in order, so that later exports of the instance may use earlier ones).</summary>
    private static bool Publish(Scope s, ExternType t, bool import)
    {
        var names = import ? s.ImportedNames : s.ExportedNames;
        switch (t)
        {
            case TypeExternType te:
                if (te.WitType is { } w && !PartsNamed(s, names, w)) return false;
                if (TypeName.Of(te) is { } name)
                {
                    // An imported type may be exported again, not the other way round.
                    if (import) s.ImportedNames.Add(name);
                    s.ExportedNames.Add(name);
                }
                return true;
            case DefinedTypeExternType d:
                return DefinedTypeNamed(s, names, d.Type);
            case InstanceType i:
                foreach (var (_, e) in i.Exports)
                    if (!Publish(s, e, import)) return false;
                return true;
            case FuncExternType f:
                return FuncNamed(s, names, f.Type);
            case ValueExternType v:
                return Named(s, names, v.Type);
            default:
                return true; // components and modules are self-contained
        }
    }

    /// <summary>A function, instance or component type a type import or export names: what it mentions must be named.</summary>
    private static bool DefinedTypeNamed(Scope s, HashSet<TypeName> names, object type) => type switch
    {
        ComponentFuncType f => FuncNamed(s, names, f),
        InstanceType i => InstanceNamed(s, names, i),
        _ => true, // component types were checked as they were declared
    };

    private static bool InstanceNamed(Scope s, HashSet<TypeName> names, InstanceType instance)
    {
        foreach (var (_, e) in instance.Exports)
        {
            bool ok = e switch
            {
                FuncExternType f => FuncNamed(s, names, f.Type),
                TypeExternType { WitType: { } w } => PartsNamed(s, names, w),
                DefinedTypeExternType d => DefinedTypeNamed(s, names, d.Type),
                ValueExternType v => PartsNamed(s, names, v.Type),
                InstanceType i => InstanceNamed(s, names, i),
                _ => true,
            };
            if (!ok) return false;
        }
        return true;
    }

    private static bool FuncNamed(Scope s, HashSet<TypeName> names, ComponentFuncType f)
    {
        foreach (var p in f.Params)
            if (!Named(s, names, p.Type)) return false;
        return f.Result is null || Named(s, names, f.Result);
    }

    /// <summary>Whether a type used by an import or export is visible: named itself if it must have a name, else
    /// through its parts.</summary>
    private static bool Named(Scope s, HashSet<TypeName> names, WitType t) => t switch
    {
        RecordType or VariantType or EnumType or FlagsType => Contains(s, names, new TypeName(t)),
        _ => PartsNamed(s, names, t),
    };

    /// <summary>Whether the types a type is made of are visible (one level down: named ones are not looked into).</summary>
    private static bool PartsNamed(Scope s, HashSet<TypeName> names, WitType t)
    {
        switch (t)
        {
            case RecordType r:
                foreach (var f in r.Fields)
                    if (!Named(s, names, f.Type)) return false;
                return true;
            case VariantType v:
                foreach (var c in v.Cases)
                    if (c.Type is not null && !Named(s, names, c.Type)) return false;
                return true;
            case TupleType tu:
                foreach (var e in tu.Types)
                    if (!Named(s, names, e)) return false;
                return true;
            case ListType l: return Named(s, names, l.Element);
            case OptionType o: return Named(s, names, o.Inner);
            case ResultType re: return (re.Ok is null || Named(s, names, re.Ok)) && (re.Error is null || Named(s, names, re.Error));
            case MapType m: return Named(s, names, m.Key) && Named(s, names, m.Value);
            case AsyncValueType a: return a.Element is null || Named(s, names, a.Element);
            case HandleType h: return Contains(s, names, TypeName.Of(h));
            default: return true; // primitives, enums and flags mention nothing
        }
    }

    /// <summary>Whether a name is visible, directly or as a type a nested instantiation was given for it.</summary>
    private static bool Contains(Scope s, HashSet<TypeName> names, TypeName name)
    {
        if (names.Contains(name)) return true;
        if (s.SuppliedNames.TryGetValue(name, out var supplied))
            foreach (var n in supplied)
                if (Contains(s, names, n)) return true;
        return false;
    }

    /// <summary>
    /// A new name for the type a type import or export refers to: a copy of a record, variant, enum or flags type
    /// (aliasing the definition), or a fresh name of a resource. Other types need no name of their own.
    /// </summary>
    private static TypeExternType NewName(TypeExternType t)
    {
        if (t.Resource is { } r) return new TypeExternType(r) { ResourceName = new object() };
        return t.WitType switch
        {
            RecordType rec => new TypeExternType(new RecordType(rec.Fields) { AliasOf = rec.Definition }),
            VariantType v => new TypeExternType(new VariantType(v.Cases) { AliasOf = v.Definition }),
            EnumType e => new TypeExternType(new EnumType(e.Names) { AliasOf = e.Definition }),
            FlagsType f => new TypeExternType(new FlagsType(f.Names) { AliasOf = f.Definition }),
            _ => t,
        };
    }

    /// <summary>
    /// Records which of the parent's types an instantiation supplied for the types the component imports, so that
    /// the instance's types, which mention the latter, count as mentioning the former.
    /// </summary>
    private static void RecordSuppliedNames(Scope s, ExternType expected, ExternType provided)
    {
        switch (expected)
        {
            case TypeExternType e when provided is TypeExternType p:
                if (TypeName.Of(e) is { } imported && TypeName.Of(p) is { } supplied)
                {
                    if (!s.SuppliedNames.TryGetValue(imported, out var list)) s.SuppliedNames[imported] = list = new List<TypeName>();
                    list.Add(supplied);
                }
                break;
            case InstanceType ie when provided is InstanceType ip:
                foreach (var (name, t) in ie.Exports)
                    if (ip.Find(name) is { } pt) RecordSuppliedNames(s, t, pt);
                break;
        }
    }
}
