using Wasm.Components.Model;
using Wasm.Components.Types;

namespace Wasm.Components.Validation;

/// <summary>
/// Validates a decoded component definition by definition, building its index spaces with resolved types
/// (Binary.md's validation notes; the canonical definitions' rules from CanonicalABI.md), and compiles its core
/// modules. The result carries everything instantiation needs.
/// </summary>
internal sealed partial class ComponentValidator
{
    private readonly Engine _engine;
    private readonly ComponentFeatures _features;
    private int _depth;
    private readonly TypeSizes _sizes = new();

    private ComponentValidator(Engine engine, ComponentFeatures features)
    {
        _engine = engine;
        _features = features;
    }

    /// <summary>Validates a top-level component.</summary>
    /// <exception cref="InvalidModuleException">The component is invalid (the message gives the byte offset).</exception>
    public static ValidatedComponent Validate(Engine engine, ComponentAst ast, ComponentFeatures features) =>
        new ComponentValidator(engine, features).Component(ast, null);

    private const int MaxDepth = 100;

    private ValidatedComponent Component(ComponentAst ast, Scope? parent)
    {
        if (++_depth > MaxDepth) throw Scope.Invalid("components nested too deeply", ast.Offset);
        var s = new Scope(parent, isComponent: true);
        var defs = ast.Definitions;
        var info = new object?[defs.Count];
        for (int d = 0; d < defs.Count; d++)
            info[d] = Definition(s, defs[d]);
        _depth--;
        return new ValidatedComponent(ast, info, new ComponentType(s.Imports.ToArray(), s.Exports.ToArray())
        {
            ImportedResources = s.ImportedResources.ToArray(),
            DefinedResources = s.DefinedResources.ToArray(),
        });
    }

    private object? Definition(Scope s, Definition def)
    {
        int at = def.Offset;
        switch (def)
        {
            case CoreModuleDefinition m:
                {
                    Module module;
                    try
                    {
                        module = Module.FromBytes(_engine, m.Bytes.Span);
                    }
                    catch (MalformedModuleException e)
                    {
                        throw new MalformedModuleException(e.Reason, e.Offset + m.BytesOffset);
                    }
                    catch (InvalidModuleException e)
                    {
                        throw new InvalidModuleException(e.Reason, e.Offset + m.BytesOffset);
                    }
                    s.CoreModules.Add(UniqueImports(ShapeOf(module), at));
                    return module;
                }
            case CoreInstantiateDefinition ci:
                s.CoreInstances.Add(CoreInstantiate(s, ci));
                return null;
            case CoreInlineInstanceDefinition inl:
                {
                    var shape = new CoreInstanceShape();
                    foreach (var (name, sort, index) in inl.Exports)
                    {
                        if (!shape.Exports.TryAdd(name, CoreItem(s, sort, index, at)))
                            throw Scope.Invalid($"export name `{name}` already defined", at);
                    }
                    s.CoreInstances.Add(shape);
                    return null;
                }
            case CoreTypeDefinition ct:
                {
                    int first = s.CoreTypes.Count;
                    AddCoreTypes(s, s.CoreTypes, ct.Type, at);
                    return s.CoreTypes[first];
                }
            case ComponentDefinition cd:
                {
                    var nested = Component(cd.Component, s);
                    _sizes.Check(nested.Type, at);
                    s.Components.Add(nested.Type);
                    return nested;
                }
            case InstantiateDefinition inst:
                {
                    var t = Instantiate(s, inst);
                    _sizes.Check(t, at);
                    s.Instances.Add(t);
                    return t;
                }
            case InlineInstanceDefinition inl:
                {
                    var exports = new List<KeyValuePair<string, ExternType>>();
                    var names = new Dictionary<string, string>(StringComparer.Ordinal);
                    foreach (var (name, item) in inl.Exports)
                        // A bag of exports introduces no type names of its own for annotated names to refer to.
                        AddExtern(exports, names, name, s.ExternTypeOf(item, at), isExport: true, at, namesTypes: false);
                    var t = new InstanceType(exports);
                    _sizes.Check(t, at);
                    s.Instances.Add(t);
                    return null;
                }
            case AliasDefinition a:
                Alias(s, a);
                return null;
            case TypeDefinition td:
                {
                    var t = DefType(s, td.Type, at);
                    CheckNesting(t, at);
                    _sizes.Check(t, at);
                    if (t is ResourceType r)
                    {
                        s.LocalResources.Add(r);
                        s.DefinedResources.Add(r);
                    }
                    s.Types.Add(t);
                    return t;
                }
            case CanonDefinition cd:
                return Canon(s, cd.Canon, at);
            case StartDefinition st:
                {
                    var f = Scope.Get(s.Funcs, st.Func, "func", at);
                    if (f.Params.Count != st.Args.Count) throw Scope.Invalid("component start function has a different number of parameters", at);
                    for (int i = 0; i < st.Args.Count; i++)
                        if (!Subtyping.ValueTypesEqual(Scope.Get(s.Values, st.Args[i], "value", at), f.Params[i].Type))
                            throw Scope.Invalid("type mismatch for component start function argument", at);
                    if ((f.Result is null ? 0u : 1u) != st.Results) throw Scope.Invalid("component start function has a different number of results", at);
                    if (f.Result is not null) s.Values.Add(f.Result);
                    return f;
                }
            case ImportDefinition im:
                {
                    var t = Introduce(s, ExternDesc(s, im.Type, im.Name.Name, at), im.Type, isImport: true);
                    CheckVisibility(s, t, import: true, at);
                    AddExtern(s.Imports, s.ImportNames, im.Name, t, isExport: false, at);
                    s.Add(t);
                    return t;
                }
            case ExportDefinition ex:
                {
                    var t = s.ExternTypeOf(ex.Item, at);
                    if (ex.Type is { } ascribed)
                    {
                        var want = ExternDesc(s, ascribed, ex.Name.Name, at);
                        if (!Subtyping.IsSubtype(t, want))
                            throw Scope.Invalid($"ascribed type of export is not compatible with item's type: {Subtyping.LastMismatch}", at);
                        t = Introduce(s, want, ascribed, isImport: false);
                    }
                    else if (t is TypeExternType te)
                    {
                        t = NewName(te); // the exported type is a new name for it, distinct from the local one
                    }
                    CheckVisibility(s, t, import: false, at);
                    AddExtern(s.Exports, s.ExportNames, ex.Name, t, isExport: true, at);
                    if (t is TypeExternType { Resource: { } res }) res.Name ??= ex.Name.Name;
                    s.Add(t);
                    return t;
                }
            case ValueDefinition v:
                s.Values.Add(ValType(s, v.Type, at));
                return null;
            default:
                throw Scope.Invalid("unknown definition", at);
        }
    }

    // ---------------------------------------------------------------- core instances

    internal static CoreModuleExternType ShapeOf(Module module)
    {
        var imports = new List<(string, string, object)>();
        foreach (var i in module.Imports) imports.Add((i.Module, i.Name, i.Type));
        var exports = new List<(string, object)>();
        foreach (var e in module.Exports) exports.Add((e.Name, e.Type));
        return new CoreModuleExternType(imports, exports);
    }

    /// <summary>
    /// Components name a core module's imports by module and name together, so a pair may appear only once
    /// (Explainer.md, "Import and Export Definitions").
    /// </summary>
    private static CoreModuleExternType UniqueImports(CoreModuleExternType module, int at)
    {
        var seen = new HashSet<(string, string)>();
        foreach (var (moduleName, name, _) in module.Imports)
            if (!seen.Add((moduleName, name)))
                throw Scope.Invalid($"module has a duplicate import name `{moduleName}:{name}` that is not allowed in components", at);
        return module;
    }

    private static CoreInstanceShape CoreInstantiate(Scope s, CoreInstantiateDefinition ci)
    {
        int at = ci.Offset;
        var module = Scope.Get(s.CoreModules, ci.Module, "module", at);
        var args = new Dictionary<string, CoreInstanceShape>(StringComparer.Ordinal);
        foreach (var (name, index) in ci.Args)
            if (!args.TryAdd(name, Scope.Get(s.CoreInstances, index, "instance", at)))
                throw Scope.Invalid($"duplicate module instantiation argument named `{name}`", at);
        foreach (var (modName, name, type) in module.Imports)
        {
            if (!args.TryGetValue(modName, out var arg))
                throw Scope.Invalid($"missing module instantiation argument named `{modName}`", at);
            if (!arg.Exports.TryGetValue(name, out var item))
                throw Scope.Invalid($"module instantiation argument `{modName}` does not export an item named `{name}`", at);
            if (!CoreMatches(item, type))
                throw Scope.Invalid($"type mismatch for export `{name}` of module instantiation argument `{modName}`", at);
        }
        var shape = new CoreInstanceShape();
        foreach (var (name, type) in module.Exports) shape.Exports[name] = (KindOf(type), type);
        return shape;
    }

    private static Wasm.ExternKind KindOf(object? type) => type switch
    {
        Wasm.FuncType => Wasm.ExternKind.Func,
        Wasm.TableType => Wasm.ExternKind.Table,
        Wasm.MemoryType => Wasm.ExternKind.Memory,
        Wasm.GlobalType => Wasm.ExternKind.Global,
        _ => Wasm.ExternKind.Tag,
    };

    /// <summary>Whether a provided core item matches an expected import type (core subtyping of limits).</summary>
    private static bool CoreMatches((Wasm.ExternKind Kind, object? Type) item, object expected) =>
        expected is Wasm.FuncType or Wasm.TableType or Wasm.MemoryType or Wasm.GlobalType or Wasm.TagType
            ? item.Type is { } t && Subtyping.CoreExternSubtype(t, expected)
            : item.Kind == Wasm.ExternKind.Tag;

    private static (Wasm.ExternKind, object?) CoreItem(Scope s, CoreSort sort, uint index, int at) => sort switch
    {
        CoreSort.Func => (Wasm.ExternKind.Func, Scope.Get(s.CoreFuncs, index, "core func", at)),
        CoreSort.Table => (Wasm.ExternKind.Table, Scope.Get(s.CoreTables, index, "core table", at)),
        CoreSort.Memory => (Wasm.ExternKind.Memory, Scope.Get(s.CoreMemories, index, "core memory", at)),
        CoreSort.Global => (Wasm.ExternKind.Global, Scope.Get(s.CoreGlobals, index, "core global", at)),
        CoreSort.Tag => (Wasm.ExternKind.Tag, Scope.Get(s.CoreTags, index, "core tag", at)),
        _ => throw Scope.Invalid("only core functions, tables, memories, globals and tags can be exported from a core instance", at),
    };

    // ---------------------------------------------------------------- aliases

    private static void Alias(Scope s, AliasDefinition a)
    {
        int at = a.Offset;
        switch (a.Kind)
        {
            case AliasKind.CoreInstanceExport:
                {
                    var inst = Scope.Get(s.CoreInstances, a.Instance, "core instance", at);
                    if (!inst.Exports.TryGetValue(a.Name!, out var item))
                        throw Scope.Invalid($"core instance {a.Instance} has no export named `{a.Name}`", at);
                    var want = a.CoreSort switch
                    {
                        CoreSort.Func => Wasm.ExternKind.Func,
                        CoreSort.Table => Wasm.ExternKind.Table,
                        CoreSort.Memory => Wasm.ExternKind.Memory,
                        CoreSort.Global => Wasm.ExternKind.Global,
                        CoreSort.Tag => Wasm.ExternKind.Tag,
                        _ => throw Scope.Invalid("invalid core export alias sort", at),
                    };
                    if (item.Kind != want) throw Scope.Invalid($"export `{a.Name}` for core instance {a.Instance} is not a {want.ToString().ToLowerInvariant()}", at);
                    switch (item.Type)
                    {
                        case Wasm.FuncType f: s.CoreFuncs.Add(f); break;
                        case Wasm.TableType t: s.CoreTables.Add(t); break;
                        case Wasm.MemoryType m: s.CoreMemories.Add(m); break;
                        case Wasm.GlobalType g: s.CoreGlobals.Add(g); break;
                        default: s.CoreTags.Add(item.Type); break;
                    }
                    return;
                }
            case AliasKind.InstanceExport:
                {
                    var inst = Scope.Get(s.Instances, a.Instance, "instance", at);
                    var t = inst.Find(a.Name!) ?? throw Scope.Invalid($"instance {a.Instance} has no export named `{a.Name}`", at);
                    if (!SortMatches(a.Sort, a.CoreSort, t)) throw Scope.Invalid($"export `{a.Name}` for instance {a.Instance} is not a {SortName(a.Sort, a.CoreSort)}", at);
                    if (!s.IsComponent && a.Sort is not (Sort.Type or Sort.Instance))
                        throw Scope.Invalid("instance and component type declarators may only alias types and instances", at);
                    s.Add(t);
                    return;
                }
            default:
                {
                    var target = s;
                    bool crossesComponent = false;
                    for (uint i = 0; i < a.Instance; i++)
                    {
                        if (target.IsComponent) crossesComponent = true;
                        target = target.Parent ?? throw Scope.Invalid($"invalid outer alias count of {a.Instance}", at);
                    }
                    switch (a.Sort, a.CoreSort)
                    {
                        case (Sort.Type, _):
                            {
                                var t = Scope.Get(target.Types, a.Index, "type", at);
                                if (crossesComponent && a.Instance > 0 && Subtyping.MentionsResource(t))
                                    throw Scope.Invalid("canonical outer aliases cannot refer to resources; found a type that refers to a resource", at);
                                s.AddType(t, t is ResourceType ? target.ResourceNameAt(a.Index) : null);
                                return;
                            }
                        case (Sort.Core, CoreSort.Type):
                            s.CoreTypes.Add(Scope.Get(target.CoreTypes, a.Index, "core type", at));
                            return;
                        case (Sort.Core, CoreSort.Module):
                            s.CoreModules.Add(Scope.Get(target.CoreModules, a.Index, "module", at));
                            return;
                        case (Sort.Component, _):
                            s.Components.Add(Scope.Get(target.Components, a.Index, "component", at));
                            return;
                        default:
                            throw Scope.Invalid("outer aliases may only refer to types, modules and components", at);
                    }
                }
        }
    }

    private static bool SortMatches(Sort sort, CoreSort core, ExternType t) => (sort, t) switch
    {
        (Sort.Func, FuncExternType) => true,
        (Sort.Value, ValueExternType) => true,
        (Sort.Type, TypeExternType or DefinedTypeExternType) => true,
        (Sort.Component, ComponentType) => true,
        (Sort.Instance, InstanceType) => true,
        (Sort.Core, CoreModuleExternType) => core == CoreSort.Module,
        _ => false,
    };

    private static string SortName(Sort sort, CoreSort core) => sort == Sort.Core ? "core " + core.ToString().ToLowerInvariant() : sort.ToString().ToLowerInvariant();
}
