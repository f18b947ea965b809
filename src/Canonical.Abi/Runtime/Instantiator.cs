using Wasm.Components.Model;
using Wasm.Components.Types;
using Wasm.Components.Validation;
using Wasm.Components.Values;

namespace Wasm.Components;

/// <summary>A component definition together with the scope it was defined in (for its outer aliases).</summary>
internal sealed record ComponentClosure(ValidatedComponent Component, RuntimeScope? DefiningScope);

/// <summary>The runtime index spaces of one component instance while it is being instantiated.</summary>
internal sealed class RuntimeScope
{
    public RuntimeScope(RuntimeScope? parent, InstanceState state, Dictionary<ResourceType, ResourceType> resources)
    {
        Parent = parent;
        State = state;
        Resources = resources;
    }

    public RuntimeScope? Parent { get; }
    public InstanceState State { get; }

    /// <summary>Static resource type → this instance's runtime resource type.</summary>
    public Dictionary<ResourceType, ResourceType> Resources { get; }

    public readonly List<Module> CoreModules = new();
    public readonly List<IReadOnlyDictionary<string, Extern>> CoreInstances = new();
    public readonly List<Function> CoreFuncs = new();
    public readonly List<Table> CoreTables = new();
    public readonly List<Memory> CoreMemories = new();
    public readonly List<Global> CoreGlobals = new();
    public readonly List<Extern?> CoreTags = new();
    public readonly List<object> Types = new();
    public readonly List<ComponentFunc> Funcs = new();
    public readonly List<WitValue> Values = new();
    public readonly List<ComponentClosure> Components = new();
    public readonly List<ComponentInstance> Instances = new();

    /// <summary>Adds a runtime item to the index space of its kind.</summary>
    public void Add(object item)
    {
        switch (item)
        {
            case ComponentFunc f: Funcs.Add(f); break;
            case ComponentInstance i: Instances.Add(i); break;
            case ComponentClosure c: Components.Add(c); break;
            case Module m: CoreModules.Add(m); break;
            case WitValue v: Values.Add(v); break;
            default: Types.Add(item); break;
        }
    }

    /// <summary>The runtime item a sort index denotes.</summary>
    public object Item(SortIndex s) => s.Sort switch
    {
        Sort.Func => Funcs[(int)s.Index],
        Sort.Value => Values[(int)s.Index],
        Sort.Type => Types[(int)s.Index],
        Sort.Component => Components[(int)s.Index],
        Sort.Instance => Instances[(int)s.Index],
        _ => CoreModules[(int)s.Index],
    };

    public WitType Substitute(WitType t) => TypeSubstitution.Apply(t, Resources);

    public ComponentFuncType Substitute(ComponentFuncType t) => TypeSubstitution.Apply(t, Resources);
}

/// <summary>
/// Instantiates a validated component: walks its definitions in order, creating core instances, lifting and
/// lowering functions through the canonical ABI, creating resource types and nested instances, and collecting
/// its exports. Imports arrive as runtime items (functions, instances, resource types...) keyed by name.
/// </summary>
internal sealed class Instantiator
{
    private readonly Store _store;
    private readonly Engine _engine;

    public Instantiator(Store store)
    {
        _store = store;
        _engine = store.Engine;
    }

    /// <summary>Instantiates <paramref name="closure"/> with the given imports (already checked against its types).</summary>
    public ComponentInstance Instantiate(ComponentClosure closure, IReadOnlyDictionary<string, object> imports, Component? component)
    {
        var vc = closure.Component;
        var state = new InstanceState();
        var resources = closure.DefiningScope is { } p
            ? new Dictionary<ResourceType, ResourceType>(p.Resources, ReferenceEqualityComparer.Instance)
            : new Dictionary<ResourceType, ResourceType>(ReferenceEqualityComparer.Instance);
        var s = new RuntimeScope(closure.DefiningScope, state, resources);
        var exports = new List<KeyValuePair<string, object>>();
        state.MayEnter = false;
        try
        {
            var defs = vc.Ast.Definitions;
            for (int d = 0; d < defs.Count; d++) Definition(s, defs[d], vc.Info[d], imports, exports);
        }
        finally
        {
            state.MayEnter = true;
        }
        return new ComponentInstance(component, exports, state);
    }

    private void Definition(RuntimeScope s, Definition def, object? info, IReadOnlyDictionary<string, object> imports, List<KeyValuePair<string, object>> exports)
    {
        switch (def)
        {
            case CoreModuleDefinition:
                s.CoreModules.Add((Module)info!);
                break;
            case CoreInstantiateDefinition ci:
                {
                    var module = s.CoreModules[(int)ci.Module];
                    var args = new Dictionary<string, IReadOnlyDictionary<string, Extern>>(StringComparer.Ordinal);
                    foreach (var (name, index) in ci.Args) args[name] = s.CoreInstances[(int)index];
                    var externs = new Extern[module.Info.Imports.Count];
                    for (int i = 0; i < externs.Length; i++)
                    {
                        var im = module.Info.Imports[i];
                        externs[i] = args[im.Module][im.Name];
                    }
                    var instance = Wasm.Runtime.Instantiation.Instantiate(_store, module, externs);
                    var map = new Dictionary<string, Extern>(StringComparer.Ordinal);
                    foreach (var (name, item) in instance.Exports) map[name] = item;
                    s.CoreInstances.Add(map);
                    break;
                }
            case CoreInlineInstanceDefinition inl:
                {
                    var map = new Dictionary<string, Extern>(StringComparer.Ordinal);
                    foreach (var (name, sort, index) in inl.Exports)
                    {
                        map[name] = sort switch
                        {
                            CoreSort.Func => s.CoreFuncs[(int)index],
                            CoreSort.Table => s.CoreTables[(int)index],
                            CoreSort.Memory => s.CoreMemories[(int)index],
                            CoreSort.Global => s.CoreGlobals[(int)index],
                            _ => s.CoreTags[(int)index]!,
                        };
                    }
                    s.CoreInstances.Add(map);
                    break;
                }
            case CoreTypeDefinition:
                break;
            case ComponentDefinition:
                s.Components.Add(new ComponentClosure((ValidatedComponent)info!, s));
                break;
            case InstantiateDefinition inst:
                {
                    var target = s.Components[(int)inst.Component];
                    var args = new Dictionary<string, object>(StringComparer.Ordinal);
                    foreach (var (name, item) in inst.Args) args[name] = s.Item(item);
                    var child = Instantiate(target, BindImports(target.Component, args), null);
                    s.State.Nested.Add(child.State!);
                    // Validation gave the instance's resources static identities; later definitions name those.
                    BindResources((InstanceType)info!, child, s.Resources);
                    s.Instances.Add(child);
                    break;
                }
            case InlineInstanceDefinition inl:
                {
                    var items = new List<KeyValuePair<string, object>>();
                    foreach (var (name, item) in inl.Exports) items.Add(new(name.Name, s.Item(item)));
                    s.Instances.Add(new ComponentInstance(null, items, null));
                    break;
                }
            case AliasDefinition a:
                Alias(s, a);
                break;
            case TypeDefinition:
                if (info is ResourceType staticResource)
                {
                    var fresh = new ResourceType(staticResource.Name) { DefiningInstance = s.State };
                    var dtor = ((ResourceDefType)((TypeDefinition)def).Type).Destructor;
                    if (dtor is { } d) fresh.Destructor = s.CoreFuncs[(int)d];
                    s.Resources[staticResource] = fresh;
                    s.Types.Add(fresh);
                }
                else
                {
                    s.Types.Add(info switch
                    {
                        WitType vt => s.Substitute(vt),
                        ComponentFuncType ft => s.Substitute(ft),
                        ExternType et => TypeSubstitution.Apply(et, s.Resources),
                        _ => info!,
                    });
                }
                break;
            case CanonDefinition cd:
                Canon(s, cd.Canon, info);
                break;
            case StartDefinition st:
                {
                    var f = s.Funcs[(int)st.Func];
                    var args = new WitValue[st.Args.Count];
                    for (int i = 0; i < args.Length; i++) args[i] = s.Values[(int)st.Args[i]];
                    var r = f.Call(args);
                    if (r is not null) s.Values.Add(r);
                    break;
                }
            case ImportDefinition im:
                {
                    var item = imports[im.Name.Name];
                    var type = (ExternType)info!;
                    BindResources(type, item, s.Resources);
                    s.Add(Typed(item, TypeSubstitution.Apply(type, s.Resources)));
                    break;
                }
            case ExportDefinition ex:
                {
                    var item = s.Item(ex.Item);
                    exports.Add(new(ex.Name.Name, item));
                    s.Add(item);
                    break;
                }
            case ValueDefinition:
                throw new UnsupportedFeatureException("component-model-values", def.Offset);
        }
    }

    /// <summary>Gives host functions the type their importer declared.</summary>
    private static object Typed(object item, ExternType type) => (item, type) switch
    {
        (ComponentFunc f, FuncExternType ft) => f.WithType(ft.Type),
        _ => item,
    };

    /// <summary>Maps the static resources of an import's or instance's type to the runtime resources the item has.</summary>
    private static void BindResources(ExternType type, object item, Dictionary<ResourceType, ResourceType> map)
    {
        switch (type)
        {
            case TypeExternType { Resource: { } r } when item is ResourceType actual:
                map.TryAdd(r, actual);
                break;
            case InstanceType it when item is ComponentInstance inst:
                foreach (var (name, t) in it.Exports)
                    if (inst.GetExport(name) is { } sub) BindResources(t, sub, map);
                break;
        }
    }

    /// <summary>The imports of a nested component from instantiation arguments.</summary>
    private static IReadOnlyDictionary<string, object> BindImports(ValidatedComponent target, Dictionary<string, object> args)
    {
        foreach (var (name, _) in target.Type.Imports)
            if (!args.ContainsKey(name)) throw new LinkException($"missing import `{name}`");
        return args;
    }

    private static void Alias(RuntimeScope s, AliasDefinition a)
    {
        switch (a.Kind)
        {
            case AliasKind.CoreInstanceExport:
                {
                    var item = s.CoreInstances[(int)a.Instance][a.Name!];
                    switch (item)
                    {
                        case Function f: s.CoreFuncs.Add(f); break;
                        case Table t: s.CoreTables.Add(t); break;
                        case Memory m: s.CoreMemories.Add(m); break;
                        case Global g: s.CoreGlobals.Add(g); break;
                        default: s.CoreTags.Add(item); break;
                    }
                    break;
                }
            case AliasKind.InstanceExport:
                s.Add(s.Instances[(int)a.Instance].GetExport(a.Name!) ?? throw new LinkException($"missing export `{a.Name}`"));
                break;
            default:
                {
                    var target = s;
                    for (uint i = 0; i < a.Instance; i++) target = target.Parent!;
                    switch (a.Sort, a.CoreSort)
                    {
                        case (Sort.Type, _): s.Types.Add(target.Types[(int)a.Index]); break;
                        case (Sort.Core, CoreSort.Module): s.CoreModules.Add(target.CoreModules[(int)a.Index]); break;
                        case (Sort.Component, _): s.Components.Add(target.Components[(int)a.Index]); break;
                        case (Sort.Core, CoreSort.Type): break;
                    }
                    break;
                }
        }
    }

    private void Canon(RuntimeScope s, Canon c, object? info)
    {
        switch (c.Kind)
        {
            case CanonKind.Lift:
                {
                    var type = s.Substitute((ComponentFuncType)info!);
                    var core = s.CoreFuncs[(int)c.Func];
                    s.Funcs.Add(ComponentFunc.Lifted(type, core, Options(s, c.Options), s.State));
                    break;
                }
            case CanonKind.Lower:
                {
                    var callee = s.Funcs[(int)c.Func];
                    var coreType = (Wasm.FuncType)info!;
                    s.CoreFuncs.Add(callee.Lower(_engine, coreType, Options(s, c.Options), s.State));
                    break;
                }
            case CanonKind.ResourceNew:
                {
                    var rt = s.Resources[(ResourceType)info!];
                    var handles = s.State.Handles;
                    s.CoreFuncs.Add(Function.FromCallback(_engine, new Wasm.FuncType(new[] { ValType.I32 }, new[] { ValType.I32 }),
                        (args, results) => results[0] = Value.FromI32((int)handles.ResourceNew(rt, (uint)args[0].I32))));
                    break;
                }
            case CanonKind.ResourceRep:
                {
                    var rt = s.Resources[(ResourceType)info!];
                    var handles = s.State.Handles;
                    s.CoreFuncs.Add(Function.FromCallback(_engine, new Wasm.FuncType(new[] { ValType.I32 }, new[] { ValType.I32 }),
                        (args, results) => results[0] = Value.FromI32((int)handles.ResourceRep(rt, (uint)args[0].I32))));
                    break;
                }
            case CanonKind.ResourceDrop:
                {
                    var st = (ResourceType)info!;
                    var rt = s.Resources.TryGetValue(st, out var mapped) ? mapped : st;
                    var state = s.State;
                    s.CoreFuncs.Add(Function.FromCallback(_engine, new Wasm.FuncType(new[] { ValType.I32 }, Array.Empty<ValType>()),
                        (args, _) => state.Handles.ResourceDrop(rt, (uint)args[0].I32)));
                    break;
                }
            default:
                throw new UnsupportedFeatureException("component-model-async", 0);
        }
    }

    private static Abi.CanonicalOptions Options(RuntimeScope s, IReadOnlyList<CanonOpt> opts)
    {
        var encoding = StringEncoding.Utf8;
        Memory? memory = null;
        Function? realloc = null, postReturn = null;
        foreach (var opt in opts)
        {
            switch (opt.Kind)
            {
                case 0: encoding = StringEncoding.Utf8; break;
                case 1: encoding = StringEncoding.Utf16; break;
                case 2: encoding = StringEncoding.Latin1Utf16; break;
                case 3: memory = s.CoreMemories[(int)opt.Index]; break;
                case 4: realloc = s.CoreFuncs[(int)opt.Index]; break;
                case 5: postReturn = s.CoreFuncs[(int)opt.Index]; break;
            }
        }
        return new Abi.CanonicalOptions(s.State.Handles) { StringEncoding = encoding, Memory = memory, Realloc = realloc, PostReturn = postReturn };
    }
}
