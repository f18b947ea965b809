using Wasm.Components.Types;
using Wasm.Components.Validation;

namespace Wasm.Components.Bindings;

/// <summary>
/// How generated bindings bind to an instance's exports: each function is looked up once and checked against the
/// component type the bindings were generated for.
/// </summary>
public static class GuestExports
{
    /// <summary>
    /// The exported function <paramref name="name"/> (<c>"f"</c> or <c>"ns:pkg/iface@1.0.0#f"</c>), lifted from a
    /// guest, whose type equals <paramref name="type"/>.
    /// </summary>
    /// <exception cref="LinkException">The function is missing, not lifted from a guest, or has another type.</exception>
    public static GuestFunction Function(ComponentInstance instance, string name, ComponentFuncType type)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(type);
        var func = instance.GetFunc(name) ?? throw new LinkException($"the instance has no exported function `{name}`");
        if (!Subtyping.FuncTypesEqual(func.Type, type))
            throw new LinkException($"exported function `{name}` has the wrong type: {Subtyping.LastMismatch} (expected `{type}`, found `{func.Type}`)");
        return func.Guest ?? throw new LinkException($"exported function `{name}` is not lifted from a guest");
    }

    /// <summary>The exported resource type <paramref name="name"/> (<c>"ns:pkg/iface@1.0.0#r"</c>).</summary>
    /// <exception cref="LinkException">The resource is missing.</exception>
    public static ResourceType Resource(ComponentInstance instance, string name)
    {
        ArgumentNullException.ThrowIfNull(instance);
        return instance.GetResource(name) ?? throw new LinkException($"the instance has no exported resource `{name}`");
    }
}
