using Wasm.Components.Types;

namespace Wasm.Components;

/// <summary>An instantiated component (or an instance assembled from other items): its exports, callable from the host.</summary>
public sealed partial class ComponentInstance
{
    private readonly List<KeyValuePair<string, object>> _exports;
    private readonly InstanceState? _state;

    internal ComponentInstance(Component? component, List<KeyValuePair<string, object>> exports, InstanceState? state)
    {
        Component = component;
        _exports = exports;
        _state = state;
    }

    /// <summary>The component this is an instance of (null for instances made of other definitions or nested components).</summary>
    public Component? Component { get; }

    /// <summary>
    /// The number of handles in the handle tables of the instance and of the component instances nested in it:
    /// resources they own or borrow right now (0 for instances assembled from other definitions). Once its exports
    /// returned and it dropped what it no longer needs, a non-zero count is a leak.
    /// </summary>
    public int HandleCount => _state is null ? 0 : CountHandles(_state);

    private static int CountHandles(InstanceState state)
    {
        int count = state.Handles.Count;
        foreach (var nested in state.Nested) count += CountHandles(nested);
        return count;
    }

    /// <summary>The instance's canonical ABI state (null for instances assembled from other definitions).</summary>
    internal InstanceState? State => _state;

    /// <summary>True once a trap escaped the instance: every later call into it traps.</summary>
    public bool IsPoisoned => _state?.Poisoned ?? false;

    /// <summary>The runtime item exported under a name: a <see cref="ComponentFunc"/>, a <see cref="ComponentInstance"/>,
    /// a <see cref="ResourceType"/> or value type, a core module...; null when absent.</summary>
    internal object? GetExport(string name)
    {
        foreach (var (n, item) in _exports) if (n == name) return item;
        return null;
    }

    /// <summary>
    /// An exported function: <c>"name"</c> for a top-level export, <c>"ns:pkg/iface@1.0.0#name"</c> for a function
    /// of an exported interface (the interface may also be named without its version, or with any
    /// semver-compatible version). Null when absent.
    /// </summary>
    public ComponentFunc? GetFunc(string name)
    {
        int hash = name.LastIndexOf('#');
        if (hash < 0) return GetExport(name) as ComponentFunc;
        return GetInstance(name.Substring(0, hash))?.GetFunc(name.Substring(hash + 1));
    }

    /// <summary>
    /// An exported resource type, named like <see cref="GetFunc"/> (<c>"ns:pkg/iface@1.0.0#name"</c> for one of an
    /// exported interface): what generated bindings lift and lower that resource's handles with. Null when absent.
    /// </summary>
    public ResourceType? GetResource(string name)
    {
        int hash = name.LastIndexOf('#');
        if (hash < 0) return GetExport(name) as ResourceType;
        return GetInstance(name.Substring(0, hash))?.GetResource(name.Substring(hash + 1));
    }

    /// <summary>An exported instance by name (exact, version-less, or semver-compatible), or null.</summary>
    public ComponentInstance? GetInstance(string name)
    {
        if (GetExport(name) is ComponentInstance exact) return exact;
        foreach (var (n, item) in _exports)
            if (item is ComponentInstance inst && Versions.Matches(requested: name, available: n)) return inst;
        return null;
    }

    /// <summary>The exports' names and types.</summary>
    public IReadOnlyList<KeyValuePair<string, ExternType>> Exports
    {
        get
        {
            var list = new List<KeyValuePair<string, ExternType>>(_exports.Count);
            foreach (var (n, item) in _exports) if (TypeOf(item) is { } t) list.Add(new(n, t));
            return list;
        }
    }

    /// <summary>The extern type of a runtime item.</summary>
    internal static ExternType? TypeOf(object item) => item switch
    {
        ComponentFunc f => new FuncExternType(f.Type),
        ComponentInstance i => new InstanceType(i.Exports),
        ResourceType r => new TypeExternType(r),
        WitType v => new TypeExternType(v),
        Module m => Validation.ComponentValidator.ShapeOf(m),
        _ => null,
    };
}
