using System.Collections.Generic;
using Wit.Diagnostics;
using Wit.Model;

namespace Wit.Resolution;

/// <summary>A reference to an interface or world in a package's local arenas.</summary>
internal readonly record struct ItemRef(bool IsWorld, int Index)
{
    public static ItemRef Interface(int index) => new(false, index);

    public static ItemRef World(int index) => new(true, index);
}

/// <summary>An interface or world a package uses from another package, and the gates of each use.</summary>
internal sealed class ForeignItem
{
    public ForeignItem(ItemRef item) => Item = item;

    public ItemRef Item { get; }

    public List<Stability> Stabilities { get; } = new();
}

/// <summary>
/// One package resolved internally but not yet linked against its dependencies. Foreign
/// interfaces, worlds and types come first in the arenas as placeholders.
/// </summary>
internal sealed class UnresolvedPackage
{
    public UnresolvedPackage(PackageName name, TextSpan nameSpan, string? docs)
    {
        Name = name;
        NameSpan = nameSpan;
        Docs = docs;
    }

    public PackageName Name { get; }

    public TextSpan NameSpan { get; }

    public string? Docs { get; }

    public List<TypeDef> Types { get; } = new();

    public List<Interface> Interfaces { get; } = new();

    public List<World> Worlds { get; } = new();

    public OrderedMap<PackageName, OrderedMap<string, ForeignItem>> ForeignDeps { get; } = new();

    public List<TextSpan> ForeignDepSpans { get; } = new();

    public List<TextSpan> UnknownTypeSpans { get; } = new();

    public List<(TypeId Type, TextSpan Span)> RequiredResourceTypes { get; } = new();
}
