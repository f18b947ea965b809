namespace Wit.Model;

/// <summary>An entry of <see cref="Resolve.Packages"/>.</summary>
public sealed class Package
{
    internal Package(PackageName name, string? docs)
    {
        Name = name;
        Docs = docs;
    }

    /// <summary>The package name.</summary>
    public PackageName Name { get; }

    /// <summary>Doc comment text of the `package` declaration, if any.</summary>
    public string? Docs { get; }

    /// <summary>Interfaces by name.</summary>
    public OrderedMap<string, InterfaceId> Interfaces { get; } = new();

    /// <summary>Worlds by name.</summary>
    public OrderedMap<string, WorldId> Worlds { get; } = new();
}
