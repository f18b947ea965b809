using Wasm.Components.Types;
using Wasm.Components.Values;

namespace Wasm.Components;

/// <summary>An instantiated component: its exports, callable from the host.</summary>
public sealed partial class ComponentInstance
{
    /// <summary>The component this is an instance of (null for instances made of other definitions).</summary>
    public Component? Component { get; }

    /// <summary>
    /// An exported function: <c>"name"</c> for a top-level export, <c>"ns:pkg/iface@1.0.0#name"</c> for a function
    /// of an exported interface (a version-less interface name also matches). Null when absent.
    /// </summary>
    public ComponentFunc? GetFunc(string name) => throw new NotImplementedException();

    /// <summary>An exported instance by name, or null.</summary>
    public ComponentInstance? GetInstance(string name) => throw new NotImplementedException();

    /// <summary>The exports' names and types.</summary>
    public IReadOnlyList<KeyValuePair<string, ExternType>> Exports => throw new NotImplementedException();

    /// <summary>True once the instance trapped: every later call into it traps.</summary>
    public bool IsPoisoned { get; internal set; }
}

/// <summary>A component function: lifted from a core function of some component instance, or defined by the host.</summary>
public sealed partial class ComponentFunc
{
    /// <summary>The function's type.</summary>
    public ComponentFuncType Type { get; } = null!;

    /// <summary>Calls the function with arguments in WIT values and returns its result (null when it has none).</summary>
    /// <exception cref="TrapException">The callee trapped (the instance is then poisoned), or a value broke the canonical ABI.</exception>
    /// <exception cref="ArgumentException">An argument does not match the parameter's type.</exception>
    public WitValue? Call(params WitValue[] args) => throw new NotImplementedException();
}
