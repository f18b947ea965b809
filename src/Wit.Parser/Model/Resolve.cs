using System.Collections.Generic;
using Wit.Diagnostics;

namespace Wit.Model;

/// <summary>
/// A fully resolved set of WIT packages. Worlds, interfaces, types and packages live in arenas
/// indexed by <see cref="WorldId"/>, <see cref="InterfaceId"/>, <see cref="TypeId"/> and
/// <see cref="PackageId"/>; dependencies always come before the items that use them.
/// Build one with <c>Wit.Resolution.WitLoader</c>.
/// </summary>
public sealed partial class Resolve
{
    internal readonly List<World> WorldList = new();
    internal readonly List<Interface> InterfaceList = new();
    internal readonly List<TypeDef> TypeList = new();
    internal readonly List<Package> PackageList = new();
    internal readonly Dictionary<PackageName, PackageId> PackageIndex = new();

    /// <summary>Creates an empty resolve with the given active features.</summary>
    public Resolve(IEnumerable<string>? features = null, bool allFeatures = false)
    {
        if (features is not null)
        {
            foreach (var feature in features)
            {
                Features.Add(feature);
            }
        }

        AllFeatures = allFeatures;
    }

    /// <summary>All worlds.</summary>
    public IReadOnlyList<World> Worlds => WorldList;

    /// <summary>All interfaces (named and inline).</summary>
    public IReadOnlyList<Interface> Interfaces => InterfaceList;

    /// <summary>All types, each defined before any type that refers to it.</summary>
    public IReadOnlyList<TypeDef> Types => TypeList;

    /// <summary>All packages, dependencies first.</summary>
    public IReadOnlyList<Package> Packages => PackageList;

    /// <summary>Package lookup by name.</summary>
    public IReadOnlyDictionary<PackageName, PackageId> PackageNames => PackageIndex;

    /// <summary>Features for which `@unstable(feature = ...)` items are kept.</summary>
    public HashSet<string> Features { get; } = new(System.StringComparer.Ordinal);

    /// <summary>Keep every `@unstable` item regardless of <see cref="Features"/>.</summary>
    public bool AllFeatures { get; set; }

    /// <summary>Every source file read, for turning spans into locations.</summary>
    public SourceMap SourceMap { get; } = new();

    /// <summary>The type with the given id.</summary>
    public TypeDef this[TypeId id] => TypeList[id.Index];

    /// <summary>The interface with the given id.</summary>
    public Interface this[InterfaceId id] => InterfaceList[id.Index];

    /// <summary>The world with the given id.</summary>
    public World this[WorldId id] => WorldList[id.Index];

    /// <summary>The package with the given id.</summary>
    public Package this[PackageId id] => PackageList[id.Index];

    /// <summary>The fully qualified id of a named interface, e.g. `wasi:io/streams@0.2.0`; null for inline interfaces.</summary>
    public string? IdOf(InterfaceId id)
    {
        var iface = InterfaceList[id.Index];
        if (iface.Name is null || iface.Package is not { } package)
        {
            return null;
        }

        return PackageList[package.Index].Name.InterfaceId(iface.Name);
    }

    /// <summary>The name a world key is known by: its name, or the interface id.</summary>
    public string NameOf(WorldKey key) => key.Name ?? IdOf(key.Interface) ?? "<anonymous>";

    /// <summary>Follows aliases (`type a = b`, `use`) to the underlying definition.</summary>
    public TypeId Dealias(TypeId id)
    {
        while (TypeList[id.Index].Kind is AliasKind { Target.IsId: true } alias)
        {
            id = alias.Target.Id;
        }

        return id;
    }

    /// <summary>The interface a `use`-alias type comes from, when it differs from the type's own owner.</summary>
    public InterfaceId? TypeInterfaceDependency(TypeId id)
    {
        var type = TypeList[id.Index];
        if (type.Kind is not AliasKind { Target.IsId: true } alias)
        {
            return null;
        }

        var other = TypeList[alias.Target.Id.Index];
        if (type.Owner == other.Owner || other.Owner.Kind != TypeOwnerKind.Interface)
        {
            return null;
        }

        return other.Owner.Interface;
    }

    /// <summary>Interfaces whose types this interface uses (may repeat).</summary>
    public IEnumerable<InterfaceId> InterfaceDirectDependencies(InterfaceId id)
    {
        foreach (var entry in InterfaceList[id.Index].Types)
        {
            if (TypeInterfaceDependency(entry.Value) is { } dep)
            {
                yield return dep;
            }
        }
    }

    /// <summary>
    /// Picks a world of a package: the named one, or the only one when <paramref name="name"/> is null.
    /// Throws <see cref="WitException"/> when there is no such (single) world.
    /// </summary>
    public WorldId SelectWorld(PackageId package, string? name = null)
    {
        var worlds = PackageList[package.Index].Worlds;
        if (name is not null)
        {
            return worlds.TryGetValue(name, out var id)
                ? id
                : throw new WitException($"world `{name}` not found in package `{PackageList[package.Index].Name}`");
        }

        if (worlds.Count != 1)
        {
            throw new WitException($"package `{PackageList[package.Index].Name}` has {worlds.Count} worlds; name the one to use");
        }

        return worlds.GetAt(0).Value;
    }

    /// <summary>Stability of a world item (types carry it on their definition).</summary>
    public Stability StabilityOf(WorldItem item) => item switch
    {
        WorldInterfaceItem i => i.Stability,
        WorldFunctionItem f => f.Function.Stability,
        WorldTypeItem t => TypeList[t.Id.Index].Stability,
        _ => Stability.Unknown,
    };

    internal TypeId AddType(TypeDef type)
    {
        TypeList.Add(type);
        return new TypeId(TypeList.Count - 1);
    }

    internal InterfaceId AddInterface(Interface iface)
    {
        InterfaceList.Add(iface);
        return new InterfaceId(InterfaceList.Count - 1);
    }

    internal WorldId AddWorld(World world)
    {
        WorldList.Add(world);
        return new WorldId(WorldList.Count - 1);
    }

    /// <summary>Decides whether a gated item is kept, validating `@since` against the package version.</summary>
    internal bool IncludeStability(Stability stability, PackageId package, TextSpan span)
    {
        switch (stability.Kind)
        {
            case StabilityKind.Stable:
            {
                var name = PackageList[package.Index].Name;
                if (name.Version is null)
                {
                    throw new WitException($"package [{name}] contains a feature gate with a version specifier, so it must have a version", span);
                }

                if (stability.Since! > name.Version)
                {
                    throw new WitException($"feature gate cannot reference unreleased version {stability.Since} of package [{name}] (current version {name.Version})", span);
                }

                return true;
            }

            case StabilityKind.Unstable:
                return AllFeatures || Features.Contains(stability.Feature!);
            default:
                return true;
        }
    }
}
