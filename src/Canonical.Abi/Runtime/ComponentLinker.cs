using Wasm.Components.Types;
using Wasm.Components.Values;

namespace Wasm.Components;

/// <summary>
/// A host function callable by components: receives the lifted arguments and returns the result (null for
/// functions without one). Throwing an exception traps the calling component and the exception reaches the host
/// caller of the outermost export unchanged.
/// </summary>
public delegate WitValue? ComponentHostFunction(ReadOnlySpan<WitValue> args);

/// <summary>
/// Resolves the imports of components by name. The root defines top-level imports (<c>"log"</c>); named
/// instances define interface imports (<c>"wasi:cli/stdout@0.2.0"</c>). Versioned names match any
/// semver-compatible version (an import of <c>@0.2.0</c> links against a definition of <c>@0.2.12</c>).
/// </summary>
public sealed partial class ComponentLinker
{
    /// <summary>Creates an empty linker.</summary>
    public ComponentLinker(Engine engine) => throw new NotImplementedException();

    /// <summary>The engine.</summary>
    public Engine Engine { get; } = null!;

    /// <summary>When true, defining a name twice replaces the earlier definition instead of throwing.</summary>
    public bool AllowShadowing { get; set; }

    /// <summary>The root scope: top-level imports of a component.</summary>
    public ComponentLinkerInstance Root => throw new NotImplementedException();

    /// <summary>The scope of an instance import such as <c>wasi:cli/stdout@0.2.0</c>, created on first use.</summary>
    public ComponentLinkerInstance Instance(string name) => throw new NotImplementedException();

    /// <summary>Instantiates a component: resolves its imports, instantiates its core modules and runs its start functions.</summary>
    /// <exception cref="LinkException">An import is missing or its definition has an incompatible type.</exception>
    /// <exception cref="TrapException">Instantiation trapped.</exception>
    public ComponentInstance Instantiate(Store store, Component component) => throw new NotImplementedException();
}

/// <summary>One scope of a <see cref="ComponentLinker"/>: the root or a named instance.</summary>
public sealed partial class ComponentLinkerInstance
{
    /// <summary>Defines a function.</summary>
    public ComponentLinkerInstance DefineFunction(string name, ComponentHostFunction function) => throw new NotImplementedException();

    /// <summary>Defines a resource type (a host resource; its handles carry host-chosen representations).</summary>
    public ComponentLinkerInstance DefineResource(string name, ResourceType type) => throw new NotImplementedException();

    /// <summary>Defines an export of an instance under a name (e.g. a function or instance of another component).</summary>
    public ComponentLinkerInstance DefineInstance(string name, ComponentInstance instance) => throw new NotImplementedException();

    /// <summary>A nested instance scope.</summary>
    public ComponentLinkerInstance Instance(string name) => throw new NotImplementedException();
}
