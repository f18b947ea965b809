using System;

namespace Wit.Model;

/// <summary>A package name `namespace:name[@version]`; ordered by namespace, name, then version.</summary>
public sealed class PackageName : IEquatable<PackageName>, IComparable<PackageName>
{
    /// <summary>Creates a package name.</summary>
    public PackageName(string @namespace, string name, SemVersion? version)
    {
        Namespace = @namespace;
        Name = name;
        Version = version;
    }

    /// <summary>The namespace, e.g. `wasi`.</summary>
    public string Namespace { get; }

    /// <summary>The package name, e.g. `http`.</summary>
    public string Name { get; }

    /// <summary>The optional version.</summary>
    public SemVersion? Version { get; }

    /// <summary>The id of an interface of this package: `ns:name/iface[@version]`.</summary>
    public string InterfaceId(string interfaceName)
    {
        string id = Namespace + ":" + Name + "/" + interfaceName;
        return Version is null ? id : id + "@" + Version;
    }

    /// <inheritdoc />
    public bool Equals(PackageName? other) =>
        other is not null && Namespace == other.Namespace && Name == other.Name && Equals(Version, other.Version);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is PackageName other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => unchecked(Namespace.GetHashCode() * 31 + Name.GetHashCode() * 7 + (Version?.GetHashCode() ?? 0));

    /// <inheritdoc />
    public int CompareTo(PackageName? other)
    {
        if (other is null)
        {
            return 1;
        }

        int c = string.CompareOrdinal(Namespace, other.Namespace);
        if (c == 0) c = string.CompareOrdinal(Name, other.Name);
        if (c == 0)
        {
            c = Version is null ? (other.Version is null ? 0 : -1) : Version.CompareTo(other.Version);
        }

        return c;
    }

    /// <inheritdoc />
    public override string ToString() => Version is null ? Namespace + ":" + Name : Namespace + ":" + Name + "@" + Version;
}
