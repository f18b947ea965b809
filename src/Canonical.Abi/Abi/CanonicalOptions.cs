using Wasm.Components.Model;

namespace Wasm.Components.Abi;

/// <summary>
/// The options of one <c>canon lift</c> or <c>canon lower</c> definition (the spec's <c>CanonicalOptions</c>):
/// the string encoding, the linear memory and <c>realloc</c> of the core side, the <c>post-return</c> function
/// of a lifted export, and the handle tables of the component instance the definition belongs to.
/// </summary>
public sealed class CanonicalOptions
{
    /// <summary>Creates the options of a definition of the instance whose handles live in <paramref name="handles"/>.</summary>
    public CanonicalOptions(HandleTables handles) => Handles = handles ?? throw new ArgumentNullException(nameof(handles));

    /// <summary>The encoding of strings in <see cref="Memory"/> (<c>string-encoding=</c>; UTF-8 by default).</summary>
    public StringEncoding StringEncoding { get; init; }

    /// <summary>The core memory strings, lists and spilled values live in (<c>(memory ...)</c>).</summary>
    public Memory? Memory { get; init; }

    /// <summary>The core <c>(func (param i32 i32 i32 i32) (result i32))</c> used to allocate in <see cref="Memory"/>.</summary>
    public Function? Realloc { get; init; }

    /// <summary>The core function called with the flat results after a lifted export's results were lifted.</summary>
    public Function? PostReturn { get; init; }

    /// <summary>The handle tables of the component instance that owns the definition.</summary>
    public HandleTables Handles { get; }

    /// <summary>The memory, or a host-programming error when the definition has none although a value needs it
    /// (validation guarantees it for valid components).</summary>
    internal Memory RequireMemory() =>
        Memory ?? throw new InvalidOperationException("the canonical options have no memory but the value needs one");
}
