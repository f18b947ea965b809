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

    /// <summary>
    /// The exported function <paramref name="name"/> of an instance of a component whose exports were checked
    /// (<see cref="CheckFunction"/>) when the bindings were prepared: only looked up.
    /// </summary>
    /// <exception cref="LinkException">The function is missing or not lifted from a guest.</exception>
    public static GuestFunction Bind(ComponentInstance instance, string name)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var func = instance.GetFunc(name) ?? throw new LinkException($"the instance has no exported function `{name}`");
        return func.Guest ?? throw new LinkException($"exported function `{name}` is not lifted from a guest");
    }

    /// <summary>
    /// Checks that <paramref name="component"/> exports the function <paramref name="name"/> (<c>"f"</c> or
    /// <c>"ns:pkg/iface@1.0.0#f"</c>) with type <paramref name="type"/>, whose resources are the component type's
    /// own (<see cref="ExportedResource"/>, <see cref="ImportedResource"/>).
    /// </summary>
    /// <exception cref="LinkException">The function is missing or has another type.</exception>
    public static void CheckFunction(ComponentType component, string name, ComponentFuncType type)
    {
        ArgumentNullException.ThrowIfNull(component);
        ArgumentNullException.ThrowIfNull(type);
        int hash = name.IndexOf('#', StringComparison.Ordinal);
        var found = hash < 0
            ? Find(component.Exports, name)
            : (Find(component.Exports, name[..hash]) as InstanceType)?.Find(name[(hash + 1)..]);
        if (found is not FuncExternType func) throw new LinkException($"the component exports no function `{name}`");
        if (!Subtyping.FuncTypesEqual(func.Type, type))
            throw new LinkException($"exported function `{name}` has the wrong type: {Subtyping.LastMismatch} (expected `{type}`, found `{func.Type}`)");
    }

    /// <summary>
    /// The resource <paramref name="name"/> that <paramref name="component"/> exports in the instance
    /// <paramref name="instance"/> (or at its root when null), as the component's type knows it.
    /// </summary>
    /// <exception cref="LinkException">The component exports no such resource.</exception>
    public static ResourceType ExportedResource(ComponentType component, string? instance, string name)
    {
        ArgumentNullException.ThrowIfNull(component);
        return ResourceIn(component.Exports, instance, name)
               ?? throw new LinkException($"the component exports no resource `{Qualified(instance, name)}`");
    }

    /// <summary>
    /// The resource <paramref name="name"/> that <paramref name="component"/> imports in the instance
    /// <paramref name="instance"/> (or at its root when null), as the component's type knows it.
    /// </summary>
    /// <exception cref="LinkException">The component imports no such resource.</exception>
    public static ResourceType ImportedResource(ComponentType component, string? instance, string name)
    {
        ArgumentNullException.ThrowIfNull(component);
        return ResourceIn(component.Imports, instance, name)
               ?? throw new LinkException($"the component imports no resource `{Qualified(instance, name)}`");
    }

    private static ResourceType? ResourceIn(IReadOnlyList<KeyValuePair<string, ExternType>> items, string? instance, string name)
    {
        var found = instance is null ? Find(items, name) : (Find(items, instance) as InstanceType)?.Find(name);
        return (found as TypeExternType)?.Resource;
    }

    /// <summary>An item by exact name, else a semver-compatible one (bindings of <c>@0.2.12</c> bind a component built against <c>@0.2.10</c>).</summary>
    private static ExternType? Find(IReadOnlyList<KeyValuePair<string, ExternType>> items, string name)
    {
        foreach (var (key, value) in items)
            if (key == name) return value;
        foreach (var (key, value) in items)
            if (Versions.Matches(requested: name, available: key) || Versions.Matches(requested: key, available: name)) return value;
        return null;
    }

    private static string Qualified(string? instance, string name) => instance is null ? name : instance + "#" + name;

    /// <summary>The exported resource type <paramref name="name"/> (<c>"ns:pkg/iface@1.0.0#r"</c>).</summary>
    /// <exception cref="LinkException">The resource is missing.</exception>
    public static ResourceType Resource(ComponentInstance instance, string name)
    {
        ArgumentNullException.ThrowIfNull(instance);
        return instance.GetResource(name) ?? throw new LinkException($"the instance has no exported resource `{name}`");
    }
}
