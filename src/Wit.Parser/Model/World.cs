using System.Collections.Generic;
using Wit.Diagnostics;

namespace Wit.Model;

/// <summary>The key of a world import or export: a plain name, or an interface imported by path.</summary>
public readonly struct WorldKey : System.IEquatable<WorldKey>
{
    private WorldKey(string? name, int interfaceIndex)
    {
        Name = name;
        InterfaceIndex = interfaceIndex;
    }

    /// <summary>The kebab name, or null when the key is an interface.</summary>
    public string? Name { get; }

    private int InterfaceIndex { get; }

    /// <summary>Whether this key is an interface id.</summary>
    public bool IsInterface => Name is null;

    /// <summary>The interface of an interface key.</summary>
    public InterfaceId Interface => new(InterfaceIndex);

    /// <summary>A named key.</summary>
    public static WorldKey OfName(string name) => new(name, -1);

    /// <summary>An interface key.</summary>
    public static WorldKey OfInterface(InterfaceId id) => new(null, id.Index);

    /// <inheritdoc />
    public bool Equals(WorldKey other) => Name is null ? other.Name is null && InterfaceIndex == other.InterfaceIndex : Name == other.Name;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is WorldKey other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => Name?.GetHashCode() ?? InterfaceIndex;

    /// <inheritdoc />
    public override string ToString() => Name ?? "interface-" + InterfaceIndex;
}

/// <summary>An import or export of a world.</summary>
public abstract class WorldItem
{
    private protected WorldItem()
    {
    }

    /// <summary>Where the item is declared.</summary>
    public abstract TextSpan Span { get; }
}

/// <summary>An imported or exported interface.</summary>
public sealed class WorldInterfaceItem : WorldItem
{
    internal WorldInterfaceItem(InterfaceId id, Stability stability, string? docs, TextSpan span, string? externalId)
    {
        Id = id;
        Stability = stability;
        Docs = docs;
        ItemSpan = span;
        ExternalId = externalId;
    }

    /// <summary>The interface.</summary>
    public InterfaceId Id { get; internal set; }

    /// <summary>Feature gate of the import/export statement.</summary>
    public Stability Stability { get; internal set; }

    /// <summary>Doc comment on the statement, if any.</summary>
    public string? Docs { get; }

    /// <summary>The `@external-id` value, if any.</summary>
    public string? ExternalId { get; }

    internal TextSpan ItemSpan { get; }

    /// <inheritdoc />
    public override TextSpan Span => ItemSpan;

    internal WorldInterfaceItem With(InterfaceId id, Stability stability) => new(id, stability, Docs, ItemSpan, ExternalId);
}

/// <summary>An imported or exported function.</summary>
public sealed class WorldFunctionItem : WorldItem
{
    internal WorldFunctionItem(Function function) => Function = function;

    /// <summary>The function.</summary>
    public Function Function { get; }

    /// <inheritdoc />
    public override TextSpan Span => Function.Span;
}

/// <summary>A type imported into a world (defined in or used by the world).</summary>
public sealed class WorldTypeItem : WorldItem
{
    internal WorldTypeItem(TypeId id, TextSpan span)
    {
        Id = id;
        ItemSpan = span;
    }

    /// <summary>The type.</summary>
    public TypeId Id { get; internal set; }

    internal TextSpan ItemSpan { get; }

    /// <inheritdoc />
    public override TextSpan Span => ItemSpan;
}

/// <summary>A pending `include` of another world (processed during resolution).</summary>
internal sealed class WorldInclude
{
    public Stability Stability { get; init; } = Stability.Unknown;

    public WorldId Id { get; set; }

    public List<(string Name, string As)> Names { get; init; } = new();

    public TextSpan Span { get; init; }
}

/// <summary>An entry of <see cref="Resolve.Worlds"/>.</summary>
public sealed class World
{
    internal World(string name, TextSpan span)
    {
        Name = name;
        Span = span;
    }

    /// <summary>The world name.</summary>
    public string Name { get; internal set; }

    /// <summary>Imports in elaborated, topological order.</summary>
    public OrderedMap<WorldKey, WorldItem> Imports { get; internal set; } = new();

    /// <summary>Exports in elaborated order.</summary>
    public OrderedMap<WorldKey, WorldItem> Exports { get; internal set; } = new();

    /// <summary>The package the world belongs to.</summary>
    public PackageId? Package { get; internal set; }

    /// <summary>Doc comment text, if any.</summary>
    public string? Docs { get; internal set; }

    /// <summary>Feature gate of the world.</summary>
    public Stability Stability { get; internal set; } = Stability.Unknown;

    /// <summary>Where the world name is declared.</summary>
    public TextSpan Span { get; internal set; }

    internal List<WorldInclude> Includes { get; } = new();
}
