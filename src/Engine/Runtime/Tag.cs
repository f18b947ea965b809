namespace Wasm;

/// <summary>
/// An exception tag (exception handling): the identity a <c>catch</c> clause matches and the types of the payload
/// thrown with it. Two tags are the same only when they are the same object, even with equal types.
/// </summary>
public sealed class Tag : Extern
{
    /// <summary>Creates a tag whose exceptions carry values of <paramref name="type"/>'s parameter types.</summary>
    /// <exception cref="ArgumentException">The type has results (a tag's type has none).</exception>
    public Tag(FuncType type)
    {
        if (type.Results.Length != 0) throw new ArgumentException("a tag's type has no results", nameof(type));
        Type = type;
        DefinedType = TypeRegistry.OfFunc(type);
    }

    internal Tag(DefinedType type) : this(type.Func!) => DefinedType = type;

    /// <summary>The canonical defined type (a tag declared with a type of a recursion group keeps that identity).</summary>
    public DefinedType DefinedType { get; }

    /// <summary>The payload types are the parameters; there are no results.</summary>
    public FuncType Type { get; }

    /// <inheritdoc/>
    public override ExternKind Kind => ExternKind.Tag;
}
