using Wit.Diagnostics;

namespace Wit.Model;

/// <summary>What an owner of a type is: an interface, a world, or nothing (anonymous types).</summary>
public enum TypeOwnerKind
{
    /// <summary>Anonymous types such as `list&lt;u8&gt;` have no owner.</summary>
    None,

    /// <summary>Owned by an interface.</summary>
    Interface,

    /// <summary>Owned by a world.</summary>
    World,
}

/// <summary>The interface or world a named type belongs to.</summary>
/// <param name="Kind">Interface, world or none.</param>
/// <param name="Index">Index of the owning interface or world, -1 for none.</param>
public readonly record struct TypeOwner(TypeOwnerKind Kind, int Index)
{
    /// <summary>No owner.</summary>
    public static TypeOwner None => new(TypeOwnerKind.None, -1);

    /// <summary>Owned by an interface.</summary>
    public static TypeOwner OfInterface(InterfaceId id) => new(TypeOwnerKind.Interface, id.Index);

    /// <summary>Owned by a world.</summary>
    public static TypeOwner OfWorld(WorldId id) => new(TypeOwnerKind.World, id.Index);

    /// <summary>The owning interface (when <see cref="Kind"/> is Interface).</summary>
    public InterfaceId Interface => new(Index);

    /// <summary>The owning world (when <see cref="Kind"/> is World).</summary>
    public WorldId World => new(Index);
}

/// <summary>An entry of <see cref="Resolve.Types"/>: a named or anonymous type definition.</summary>
public sealed class TypeDef
{
    internal TypeDef(string? name, TypeDefKind kind, TypeOwner owner, string? docs, Stability stability, TextSpan span, string? externalId = null)
    {
        Name = name;
        Kind = kind;
        Owner = owner;
        Docs = docs;
        Stability = stability;
        Span = span;
        ExternalId = externalId;
    }

    /// <summary>The name, or null for anonymous types.</summary>
    public string? Name { get; internal set; }

    /// <summary>The shape of the type.</summary>
    public TypeDefKind Kind { get; internal set; }

    /// <summary>The owning interface or world.</summary>
    public TypeOwner Owner { get; internal set; }

    /// <summary>Doc comment text, if any.</summary>
    public string? Docs { get; }

    /// <summary>Feature gate of the type.</summary>
    public Stability Stability { get; }

    /// <summary>Where the type is declared.</summary>
    public TextSpan Span { get; }

    /// <summary>The `@external-id` value, if any.</summary>
    public string? ExternalId { get; }

    internal TypeDef CloneShallow() => new(Name, Kind.Clone(), Owner, Docs, Stability, Span, ExternalId);
}
