using Wasm.Components.Model;
using Wasm.Components.Types;

namespace Wasm.Components.Validation;

internal sealed partial class ComponentValidator
{
    // ---------------------------------------------------------------- value and defined types

    private static WitType ValType(Scope s, ValTypeRef r, int at)
    {
        if (!r.IsIndex) return WitType.Primitive(r.Primitive);
        var t = Scope.Get(s.Types, r.Index, "type", at);
        return t as WitType ?? throw Scope.Invalid($"type index {r.Index} is not a defined type", at);
    }

    private static ResourceType ResourceAt(Scope s, uint index, int at) =>
        Scope.Get(s.Types, index, "type", at) as ResourceType ?? throw Scope.Invalid($"type index {index} is not a resource type", at);

    private object DefType(Scope s, DefType def, int at)
    {
        switch (def)
        {
            case PrimitiveDefType p: return WitType.Primitive(p.Kind);
            case RecordDefType r:
                {
                    if (r.Fields.Count == 0) throw Scope.Invalid("record type must have at least one field", at);
                    var fields = new Field[r.Fields.Count];
                    var names = new HashSet<string>(StringComparer.Ordinal);
                    for (int i = 0; i < fields.Length; i++)
                    {
                        CheckLabel(r.Fields[i].Name, "record field", names, at);
                        fields[i] = new Field(r.Fields[i].Name, ValType(s, r.Fields[i].Type, at));
                    }
                    return Sized(new RecordType(fields), at);
                }
            case VariantDefType v:
                {
                    if (v.Cases.Count == 0) throw Scope.Invalid("variant type must have at least one case", at);
                    var cases = new Case[v.Cases.Count];
                    var names = new HashSet<string>(StringComparer.Ordinal);
                    for (int i = 0; i < cases.Length; i++)
                    {
                        CheckLabel(v.Cases[i].Name, "variant case", names, at);
                        cases[i] = new Case(v.Cases[i].Name, v.Cases[i].Type is { } t ? ValType(s, t, at) : null);
                    }
                    return Sized(new VariantType(cases), at);
                }
            case ListDefType l:
                if (l.FixedLength is 0) throw Scope.Invalid("fixed size list length must be greater than 0", at);
                return Sized(new ListType(ValType(s, l.Element, at), l.FixedLength), at);
            case TupleDefType t:
                {
                    if (t.Types.Count == 0) throw Scope.Invalid("tuple type must have at least one type", at);
                    var types = new WitType[t.Types.Count];
                    for (int i = 0; i < types.Length; i++) types[i] = ValType(s, t.Types[i], at);
                    return Sized(new TupleType(types), at);
                }
            case FlagsDefType f:
                {
                    if (f.Names.Count == 0) throw Scope.Invalid("flags must have at least one entry", at);
                    if (f.Names.Count > 32) throw Scope.Invalid("cannot have more than 32 flags", at);
                    var names = new HashSet<string>(StringComparer.Ordinal);
                    foreach (var n in f.Names) CheckLabel(n, "flag", names, at);
                    return new FlagsType(f.Names);
                }
            case EnumDefType e:
                {
                    if (e.Names.Count == 0) throw Scope.Invalid("enum type must have at least one variant", at);
                    var names = new HashSet<string>(StringComparer.Ordinal);
                    foreach (var n in e.Names) CheckLabel(n, "enum tag", names, at);
                    return new EnumType(e.Names);
                }
            case OptionDefType o: return Sized(new OptionType(ValType(s, o.Type, at)), at);
            case ResultDefType r:
                return Sized(new ResultType(r.Ok is { } ok ? ValType(s, ok, at) : null, r.Error is { } err ? ValType(s, err, at) : null), at);
            case OwnDefType o: return new HandleType(ResourceAt(s, o.Resource, at), isOwn: true) { ResourceName = s.ResourceNameAt(o.Resource) };
            case BorrowDefType b: return new HandleType(ResourceAt(s, b.Resource, at), isOwn: false) { ResourceName = s.ResourceNameAt(b.Resource) };
            case StreamDefType st:
                {
                    var element = st.Element is { } se ? ValType(s, se, at) : null;
                    if (element?.Kind == ValueKind.Char)
                        throw Scope.Invalid("`stream<char>` is not valid at this time, use `stream<u8>` with a defined by encoding instead for now", at);
                    return new AsyncValueType(true, element);
                }
            case FutureDefType fu: return new AsyncValueType(false, fu.Element is { } fe ? ValType(s, fe, at) : null);
            case MapDefType m: return new MapType(ValType(s, m.Key, at), ValType(s, m.Value, at));
            case FuncDefType f:
                {
                    var ps = new Param[f.Params.Count];
                    var names = new HashSet<string>(StringComparer.Ordinal);
                    for (int i = 0; i < ps.Length; i++)
                    {
                        CheckLabel(f.Params[i].Name, "function parameter", names, at);
                        ps[i] = new Param(f.Params[i].Name, ValType(s, f.Params[i].Type, at));
                    }
                    var result = f.Result is { } r ? ValType(s, r, at) : null;
                    if (result is not null && Subtyping.ContainsBorrow(result))
                        throw Scope.Invalid("function result cannot contain a `borrow` type", at);
                    return new ComponentFuncType(ps, result, f.IsAsync);
                }
            case ResourceDefType r:
                {
                    if (!s.IsComponent) throw Scope.Invalid("resources can only be defined within a concrete component", at);
                    if (r.Rep != Wasm.ValType.I32) throw Scope.Invalid("resources can only be represented by `i32`", at);
                    if (r.Destructor is { } d)
                    {
                        var ft = Scope.Get(s.CoreFuncs, d, "core func", at);
                        if (!ft.Equals(new Wasm.FuncType(new[] { Wasm.ValType.I32 }, Array.Empty<Wasm.ValType>())))
                            throw Scope.Invalid("wrong signature for a destructor", at);
                    }
                    return new ResourceType(null);
                }
            case ComponentDefType c: return TypeScope(s, c.Decls, isComponent: true, at);
            case InstanceDefType i: return TypeScope(s, i.Decls, isComponent: false, at);
            default: throw Scope.Invalid("unknown type", at);
        }
    }

    /// <summary>The deepest nesting of value types a type definition may have (as wasmparser limits it).</summary>
    private const int MaxTypeNesting = 100;

    /// <summary>Nesting depth of the value types seen so far (types are shared graphs, so depths are memoised).</summary>
    private readonly Dictionary<WitType, int> _nesting = new(ReferenceEqualityComparer.Instance);

    private void CheckNesting(object type, int at)
    {
        if (type is WitType t && Nesting(t) > MaxTypeNesting) throw Scope.Invalid("type nesting is too deep", at);
    }

    /// <summary>1 for a type without element types, else one more than its deepest element type.</summary>
    private int Nesting(WitType t)
    {
        if (t is PrimitiveType) return 1;
        if (_nesting.TryGetValue(t, out int depth)) return depth;
        int inner = 0;
        void Element(WitType? e)
        {
            if (e is not null) inner = Math.Max(inner, Nesting(e));
        }
        switch (t)
        {
            case RecordType r: foreach (var f in r.Fields) Element(f.Type); break;
            case VariantType v: foreach (var c in v.Cases) Element(c.Type); break;
            case TupleType tu: foreach (var e in tu.Types) Element(e); break;
            case ListType l: Element(l.Element); break;
            case OptionType o: Element(o.Inner); break;
            case ResultType re: Element(re.Ok); Element(re.Error); break;
            case MapType m: Element(m.Key); Element(m.Value); break;
            case AsyncValueType a: Element(a.Element); break;
        }
        return _nesting[t] = inner + 1;
    }

    /// <summary>Validation requires every defined value type to be smaller than 2^28 bytes in the canonical ABI.</summary>
    private static WitType Sized(WitType t, int at)
    {
        if (!Abi.CanonicalAbi.IsWithinMaxElemSize(t)) throw Scope.Invalid("value type too large", at);
        return t;
    }

    private static void CheckLabel(string name, string what, HashSet<string> seen, int at)
    {
        if (!Names.IsLabel(name)) throw Scope.Invalid($"{what} name `{name}` is not in kebab case", at);
        if (!seen.Add(name.ToLowerInvariant())) throw Scope.Invalid($"{what} name `{name}` conflicts with previous {what} name", at);
    }

    /// <summary>A component or instance type: its declarators are validated in a fresh scope.</summary>
    private ExternType TypeScope(Scope parent, IReadOnlyList<Decl> decls, bool isComponent, int at)
    {
        if (++_depth > MaxDepth) throw Scope.Invalid("types nested too deeply", at);
        var s = new Scope(parent, isComponent: false);
        foreach (var decl in decls)
        {
            int o = decl.Offset;
            switch (decl)
            {
                case CoreTypeDecl2 ct: AddCoreTypes(s, s.CoreTypes, ct.Type, o); break;
                case TypeDecl td:
                    {
                        var t = DefType(s, td.Type, o);
                        CheckNesting(t, o);
                        _sizes.Check(t, o);
                        s.Types.Add(t);
                        break;
                    }
                case AliasDecl ad:
                    if (ad.Alias.Kind == AliasKind.Outer && !(ad.Alias.Sort == Sort.Type || (ad.Alias.Sort == Sort.Core && ad.Alias.CoreSort == CoreSort.Type)))
                        throw Scope.Invalid("outer aliases in type declarators may only refer to types", o);
                    if (ad.Alias.Kind == AliasKind.CoreInstanceExport) throw Scope.Invalid("core export aliases are not allowed in type declarators", o);
                    Alias(s, ad.Alias);
                    break;
                case ImportDecl im:
                    {
                        if (!isComponent) throw Scope.Invalid("instance types cannot have imports", o);
                        var t = Introduce(s, ExternDesc(s, im.Type, im.Name.Name, o), im.Type, isImport: true);
                        CheckVisibility(s, t, import: true, o);
                        AddExtern(s.Imports, s.ImportNames, im.Name, t, isExport: false, o);
                        s.Add(t);
                        break;
                    }
                case ExportDecl ex:
                    {
                        var t = Introduce(s, ExternDesc(s, ex.Type, ex.Name.Name, o), ex.Type, isImport: false);
                        if (isComponent) CheckVisibility(s, t, import: false, o);
                        AddExtern(s.Exports, s.ExportNames, ex.Name, t, isExport: true, o);
                        s.Add(t);
                        break;
                    }
            }
        }
        _depth--;
        return isComponent
            ? new ComponentType(s.Imports.ToArray(), s.Exports.ToArray())
            {
                ImportedResources = s.ImportedResources.ToArray(),
                DefinedResources = s.DefinedResources.ToArray(),
            }
            : new InstanceType(s.Exports.ToArray()) { DefinedResources = s.DefinedResources.ToArray() };
    }

    /// <summary>
    /// Records the abstract resources an import or export introduces into its scope (as imported or defined
    /// resources): a <c>(sub resource)</c> bound creates one, and an instance type's own resources get fresh
    /// identities so that two instances of one type never share them.
    /// </summary>
    private static ExternType Introduce(Scope s, ExternType t, ExternDesc d, bool isImport)
    {
        var into = isImport ? s.ImportedResources : s.DefinedResources;
        switch (t)
        {
            case TypeExternType { Resource: { } r } when d.SubResource:
                into.Add(r);
                return t;
            case InstanceType { DefinedResources.Count: > 0 } i:
                {
                    var map = new Dictionary<ResourceType, ResourceType>(ReferenceEqualityComparer.Instance);
                    foreach (var r in i.DefinedResources)
                    {
                        var fresh = new ResourceType(r.Name);
                        map[r] = fresh;
                        into.Add(fresh);
                    }
                    return new InstanceType(((InstanceType)TypeSubstitution.Apply(i, map)).Exports);
                }
            default:
                return t;
        }
    }

    /// <summary>Resolves an <c>externtype</c>. A <c>(sub resource)</c> bound introduces a fresh abstract resource.</summary>
    private static ExternType ExternDesc(Scope s, ExternDesc d, string name, int at)
    {
        switch (d.Kind)
        {
            case ExternDescKind.CoreModule:
                return Scope.Get(s.CoreTypes, d.Index, "core type", at) as CoreModuleExternType
                    ?? throw Scope.Invalid($"core type index {d.Index} is not a module type", at);
            case ExternDescKind.Func:
                return new FuncExternType(Scope.Get(s.Types, d.Index, "type", at) as ComponentFuncType
                    ?? throw Scope.Invalid($"type index {d.Index} is not a function type", at));
            case ExternDescKind.Value:
                return new ValueExternType(d.ValueEq ? Scope.Get(s.Values, d.Index, "value", at) : ValType(s, d.WitType!.Value, at));
            case ExternDescKind.Type:
                if (d.SubResource)
                    return new TypeExternType(new ResourceType(name));
                // An (eq t) bound gives the type a new name, distinct from the one it had here.
                var t = Scope.Get(s.Types, d.Index, "type", at);
                return t switch
                {
                    ResourceType rt => NewName(new TypeExternType(rt)),
                    WitType vt => NewName(new TypeExternType(vt)),
                    _ => new DefinedTypeExternType(t),
                };
            case ExternDescKind.Component:
                return Scope.Get(s.Types, d.Index, "type", at) as ComponentType
                    ?? throw Scope.Invalid($"type index {d.Index} is not a component type", at);
            case ExternDescKind.Instance:
                return Scope.Get(s.Types, d.Index, "type", at) as InstanceType
                    ?? throw Scope.Invalid($"type index {d.Index} is not an instance type", at);
            default:
                throw Scope.Invalid("unknown extern type", at);
        }
    }

    // ---------------------------------------------------------------- core types

    /// <summary>
    /// Adds the types a core type definition defines to <paramref name="into"/>: one, or every member of a GC rec
    /// group, canonicalised against the earlier types of that index space.
    /// </summary>
    private static void AddCoreTypes(Scope s, List<object> into, CoreDefType t, int at)
    {
        if (t is not CoreRecGroupDefType g)
        {
            into.Add(CoreType(s, t, at));
            return;
        }
        var known = new Wasm.DefinedType[into.Count];
        for (int i = 0; i < known.Length; i++)
            known[i] = into[i] switch
            {
                Wasm.FuncType f => Wasm.TypeRegistry.OfFunc(f),
                Wasm.DefinedType d => d,
                _ => null!,
            };
        foreach (var raw in g.Types)
        {
            CheckCoreTypeReference(known, raw.SuperIndex, at);
            foreach (var v in raw.Params) CheckCoreTypeReference(known, v, at);
            foreach (var v in raw.Results) CheckCoreTypeReference(known, v, at);
            foreach (var f in raw.Fields) CheckCoreTypeReference(known, f.Type, at);
        }
        var defined = Wasm.TypeRegistry.Canonicalize(g.Types, known.Length, known);
        foreach (var d in defined)
        {
            Wasm.Validation.TypeRules.CheckDeclaredSupertype(d, at);
            // A final function type without a supertype is the plain signature every other core function type is.
            into.Add(d.Kind == Wasm.CompositeKind.Func && d.Final && d.Super is null ? d.Func! : d);
        }
    }

    private static void CheckCoreTypeReference(Wasm.DefinedType[] known, Wasm.ValType v, int at)
    {
        if (v.IsRef && v.TypeId < 0) CheckCoreTypeReference(known, -v.TypeId - 1, at);
    }

    /// <summary>A rec group may refer to earlier core types only when they are function, struct or array types.</summary>
    private static void CheckCoreTypeReference(Wasm.DefinedType[] known, int index, int at)
    {
        if (index >= 0 && index < known.Length && known[index] is null)
            throw Scope.Invalid($"type index {index} is not a function, struct or array type", at);
    }

    private static object CoreType(Scope s, CoreDefType t, int at)
    {
        switch (t)
        {
            case CoreFuncDefType f: return f.Type;
            case CoreOtherDefType o: throw new UnsupportedFeatureException("gc", at);
            case CoreModuleDefType m:
                {
                    var types = new List<object>();
                    var imports = new List<(string, string, object)>();
                    var exports = new List<(string, object)>();
                    var exportNames = new HashSet<string>(StringComparer.Ordinal);
                    foreach (var decl in m.Decls)
                    {
                        switch (decl)
                        {
                            case CoreTypeDecl td:
                                if (td.Type is CoreModuleDefType) throw Scope.Invalid("core module types cannot be nested", decl.Offset);
                                AddCoreTypes(s, types, td.Type, decl.Offset);
                                break;
                            case CoreAliasDecl ad:
                                {
                                    // Count 0 is the module type itself; 1 the scope it is declared in, and so on outwards.
                                    object aliased;
                                    if (ad.Count == 0)
                                        aliased = ad.Index < (uint)types.Count ? types[(int)ad.Index] : throw Scope.Invalid($"unknown type {ad.Index}: type index out of bounds", decl.Offset);
                                    else
                                    {
                                        var target = s;
                                        for (uint i = 1; i < ad.Count; i++) target = target.Parent ?? throw Scope.Invalid($"invalid outer alias count of {ad.Count - 1}", decl.Offset);
                                        aliased = Scope.Get(target.CoreTypes, ad.Index, "core type", decl.Offset);
                                    }
                                    if (aliased is CoreModuleExternType) throw Scope.Invalid("not implemented: aliasing core module types into a core module's types index space", decl.Offset);
                                    types.Add(aliased);
                                    break;
                                }
                            case CoreImportDecl im:
                                imports.Add((im.Module, im.Name, CoreExtern(types, im.Type, decl.Offset)));
                                break;
                            case CoreExportDecl ex:
                                if (!exportNames.Add(ex.Name)) throw Scope.Invalid($"duplicate export name `{ex.Name}`", decl.Offset);
                                exports.Add((ex.Name, CoreExtern(types, ex.Type, decl.Offset)));
                                break;
                        }
                    }
                    return UniqueImports(new CoreModuleExternType(imports, exports), at);
                }
            default:
                throw Scope.Invalid("unknown core type", at);
        }
    }

    /// <summary>The signature of a core function type (plain, or a GC sub type of one); null for other types.</summary>
    private static Wasm.FuncType? CoreFuncSignature(object type) => type switch
    {
        Wasm.FuncType f => f,
        Wasm.DefinedType { Func: { } f } => f,
        _ => null,
    };

    private static object CoreExtern(List<object> types, CoreExternDesc d, int at)
    {
        switch (d.Kind)
        {
            case Wasm.ExternKind.Func:
                return CoreFuncSignature(d.TypeIndex < (uint)types.Count ? types[(int)d.TypeIndex] : throw Scope.Invalid($"unknown type {d.TypeIndex}: type index out of bounds", at))
                    ?? throw Scope.Invalid($"type index {d.TypeIndex} is not a function type", at);
            case Wasm.ExternKind.Tag:
                return new Wasm.TagType((d.TypeIndex < (uint)types.Count ? types[(int)d.TypeIndex] : throw Scope.Invalid($"unknown type {d.TypeIndex}: type index out of bounds", at)) as Wasm.FuncType
                    ?? throw Scope.Invalid($"type index {d.TypeIndex} is not a function type", at));
            case Wasm.ExternKind.Table when d.Type is Wasm.TableType t:
                Wasm.Validation.ModuleValidator.CheckTableLimits(t.Limits, at);
                return t;
            case Wasm.ExternKind.Memory when d.Type is Wasm.MemoryType m:
                Wasm.Validation.ModuleValidator.CheckMemoryType(m, at);
                return m;
            default:
                return d.Type ?? throw Scope.Invalid("missing core extern type", at);
        }
    }
}
