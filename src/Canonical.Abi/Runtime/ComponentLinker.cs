using Wasm.Components.Types;
using Wasm.Components.Validation;
using Wasm.Components.Values;

namespace Wasm.Components;

/// <summary>
/// A host function callable by components: receives the lifted arguments and returns the result (null for
/// functions without one). An exception it throws traps the calling component instance and reaches the host
/// caller of the outermost export unchanged.
/// </summary>
public delegate WitValue? ComponentHostFunction(ReadOnlySpan<WitValue> args);

/// <summary>
/// Resolves the imports of components by name. The root defines top-level imports (<c>"log"</c>); named
/// instances define interface imports (<c>"wasi:cli/stdout@0.2.0"</c>). Versioned names match any
/// semver-compatible version (an import of <c>@0.2.0</c> links against a definition of <c>@0.2.12</c>).
/// </summary>
public sealed class ComponentLinker
{
    /// <summary>Creates an empty linker.</summary>
    public ComponentLinker(Engine engine)
    {
        Engine = engine;
        Root = new ComponentLinkerInstance(this, "");
    }

    /// <summary>The engine.</summary>
    public Engine Engine { get; }

    /// <summary>When true, defining a name twice replaces the earlier definition instead of throwing.</summary>
    public bool AllowShadowing { get; set; }

    /// <summary>The root scope: top-level imports of a component.</summary>
    public ComponentLinkerInstance Root { get; }

    /// <summary>The scope of an instance import such as <c>wasi:cli/stdout@0.2.0</c>, created on first use.</summary>
    public ComponentLinkerInstance Instance(string name) => Root.Instance(name);

    /// <summary>Instantiates a component: resolves its imports, instantiates its core modules and runs its start functions.</summary>
    /// <exception cref="LinkException">An import is missing or its definition has an incompatible type.</exception>
    /// <exception cref="TrapException">Instantiation trapped.</exception>
    public ComponentInstance Instantiate(Store store, Component component)
    {
        if (!ReferenceEquals(store.Engine, component.Engine)) throw new ArgumentException("the store and the component belong to different engines");
        var map = new Dictionary<ResourceType, ResourceType>(ReferenceEqualityComparer.Instance);
        var imports = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var (name, type) in component.Type.Imports)
            imports[name] = Root.Resolve(name, type, map);
        return new Instantiator(store).Instantiate(component.Closure, imports, component);
    }
}

/// <summary>One scope of a <see cref="ComponentLinker"/>: the root or a named instance.</summary>
public sealed class ComponentLinkerInstance
{
    private readonly ComponentLinker _linker;
    private readonly string _path;
    private readonly Dictionary<string, object> _items = new(StringComparer.Ordinal);

    internal ComponentLinkerInstance(ComponentLinker linker, string path)
    {
        _linker = linker;
        _path = path;
    }

    /// <summary>Defines a function.</summary>
    public ComponentLinkerInstance DefineFunction(string name, ComponentHostFunction function) => Define(name, function);

    /// <summary>
    /// Defines a host function of a known type whose core function is made for each importing guest by
    /// <paramref name="lowering"/> (as generated bindings do, marshalling directly between C# and linear memory).
    /// </summary>
    public ComponentLinkerInstance DefineFunction(string name, ComponentFuncType type, Bindings.HostLowering lowering) =>
        Define(name, new LoweredHostFunction(type ?? throw new ArgumentNullException(nameof(type)), lowering ?? throw new ArgumentNullException(nameof(lowering))));

    /// <summary>Defines a resource type (a host resource; its handles carry host-chosen representations).</summary>
    public ComponentLinkerInstance DefineResource(string name, ResourceType type) => Define(name, type);

    /// <summary>Defines an instance (e.g. an exported interface of another component) under a name.</summary>
    public ComponentLinkerInstance DefineInstance(string name, ComponentInstance instance) => Define(name, instance);

    /// <summary>Defines a function of another component under a name.</summary>
    public ComponentLinkerInstance DefineFunction(string name, ComponentFunc function) => Define(name, function);

    /// <summary>Defines a core module (for components that import one).</summary>
    public ComponentLinkerInstance DefineModule(string name, Module module) => Define(name, module);

    /// <summary>A nested instance scope, created on first use.</summary>
    public ComponentLinkerInstance Instance(string name)
    {
        if (_items.TryGetValue(name, out var existing))
            return existing as ComponentLinkerInstance ?? throw new ArgumentException($"`{name}` is already defined as something other than an instance");
        var scope = new ComponentLinkerInstance(_linker, ChildPath(name));
        _items[name] = scope;
        return scope;
    }

    private ComponentLinkerInstance Define(string name, object item)
    {
        if (_items.ContainsKey(name) && !_linker.AllowShadowing)
            throw new ArgumentException($"`{Qualified(name)}` is already defined");
        _items[name] = item;
        return this;
    }

    private string ChildPath(string name) => _path.Length == 0 ? name : _path + "/" + name;

    private string Qualified(string name) => _path.Length == 0 ? name : _path + "#" + name;

    /// <summary>The definition for an import name: exact, else the newest semver-compatible version.</summary>
    private object? Lookup(string name)
    {
        if (_items.TryGetValue(name, out var item)) return item;
        string? best = null;
        foreach (var key in _items.Keys)
        {
            if (!Versions.Matches(requested: name, available: key)) continue;
            int at = key.IndexOf('@');
            if (best is null || at >= 0 && Versions.Compare(key.Substring(at + 1), best.Substring(best.IndexOf('@') + 1)) > 0) best = key;
        }
        return best is null ? null : _items[best];
    }

    /// <summary>The runtime item for an import of the given type, binding abstract resources in <paramref name="map"/>.</summary>
    internal object Resolve(string name, ExternType type, Dictionary<ResourceType, ResourceType> map)
    {
        var item = Lookup(name);
        switch (type)
        {
            case TypeExternType { Resource: { } abstractResource }:
                {
                    // An (eq T) import of a resource another import already supplied needs no definition.
                    if (item is null && map.TryGetValue(abstractResource, out var bound)) return bound;
                    if (item is not ResourceType actual) throw Missing(name, "resource type");
                    map.TryAdd(abstractResource, actual);
                    return actual;
                }
            case TypeExternType { WitType: { } value }:
                return TypeSubstitution.Apply(value, map);
            case FuncExternType ft:
                {
                    var want = TypeSubstitution.Apply(ft.Type, map);
                    switch (item)
                    {
                        case ComponentHostFunction h: return ComponentFunc.FromHost(want, h);
                        case LoweredHostFunction l:
                            if (!Subtyping.FuncTypesEqual(l.Type, want))
                                throw new LinkException($"function `{Qualified(name)}` has the wrong type: {Subtyping.LastMismatch}");
                            return ComponentFunc.FromLowering(want, l.Lowering);
                        case ComponentFunc f:
                            if (!Subtyping.FuncTypesEqual(f.Type, want))
                                throw new LinkException($"function `{Qualified(name)}` has the wrong type: {Subtyping.LastMismatch}");
                            return f;
                        default: throw Missing(name, "function");
                    }
                }
            case InstanceType it:
                switch (item)
                {
                    case ComponentLinkerInstance scope:
                        return scope.ResolveExports(it, map);
                    case null:
                        // An instance with nothing to supply (only type exports, recursively) needs no definition;
                        // resolving it against an empty scope reports whatever is really missing.
                        return new ComponentLinkerInstance(_linker, ChildPath(name)).ResolveExports(it, map);
                    case ComponentInstance inst:
                        {
                            foreach (var (n, t) in it.Exports)
                                if (t is TypeExternType { Resource: { } r } && inst.GetExport(n) is ResourceType actual) map.TryAdd(r, actual);
                            var want = TypeSubstitution.Apply(it, map);
                            if (!Subtyping.IsSubtype(new InstanceType(inst.Exports), want))
                                throw new LinkException($"instance `{Qualified(name)}` has the wrong type: {Subtyping.LastMismatch}");
                            return inst;
                        }
                    default: throw Missing(name, "instance");
                }
            case ComponentType:
                return item as Component is { } c ? c.Closure : throw Missing(name, "component");
            case CoreModuleExternType:
                return item as Module ?? throw Missing(name, "core module");
            default:
                throw Missing(name, "item");
        }
    }

    private ComponentInstance ResolveExports(InstanceType type, Dictionary<ResourceType, ResourceType> map)
    {
        var exports = new List<KeyValuePair<string, object>>();
        foreach (var (n, t) in type.Exports) exports.Add(new(n, Resolve(n, t, map)));
        return new ComponentInstance(null, exports, null);
    }

    private LinkException Missing(string name, string what) =>
        new($"{what} `{Qualified(name)}` is not defined in the linker");
}

/// <summary>A linker definition made with <see cref="ComponentLinkerInstance.DefineFunction(string, ComponentFuncType, Bindings.HostLowering)"/>.</summary>
internal sealed record LoweredHostFunction(ComponentFuncType Type, Bindings.HostLowering Lowering);
