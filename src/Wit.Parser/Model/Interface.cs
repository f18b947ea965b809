using Wit.Diagnostics;

namespace Wit.Model;

/// <summary>An entry of <see cref="Resolve.Interfaces"/>: named, or anonymous (inline in a world).</summary>
public sealed class Interface
{
    internal Interface(string? name, TextSpan span)
    {
        Name = name;
        Span = span;
    }

    /// <summary>The name, or null for inline world interfaces.</summary>
    public string? Name { get; internal set; }

    /// <summary>Types defined or used in this interface, by name.</summary>
    public OrderedMap<string, TypeId> Types { get; internal set; } = new();

    /// <summary>Functions by full name (resource functions use `[method]r.f` style names).</summary>
    public OrderedMap<string, Function> Functions { get; internal set; } = new();

    /// <summary>Doc comment text, if any.</summary>
    public string? Docs { get; internal set; }

    /// <summary>Feature gate of the interface.</summary>
    public Stability Stability { get; internal set; } = Stability.Unknown;

    /// <summary>The package the interface belongs to.</summary>
    public PackageId? Package { get; internal set; }

    /// <summary>Where the interface name is declared.</summary>
    public TextSpan Span { get; internal set; }

    /// <summary>The interface this one was copied from (inline interfaces copied by `include`).</summary>
    public InterfaceId? CloneOf { get; internal set; }
}
