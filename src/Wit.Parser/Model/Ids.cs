namespace Wit.Model;

/// <summary>Index of a type in <see cref="Resolve.Types"/>.</summary>
/// <param name="Index">Zero-based position in the arena.</param>
public readonly record struct TypeId(int Index)
{
    /// <inheritdoc />
    public override string ToString() => "type#" + Index;
}

/// <summary>Index of an interface in <see cref="Resolve.Interfaces"/>.</summary>
/// <param name="Index">Zero-based position in the arena.</param>
public readonly record struct InterfaceId(int Index)
{
    /// <inheritdoc />
    public override string ToString() => "interface#" + Index;
}

/// <summary>Index of a world in <see cref="Resolve.Worlds"/>.</summary>
/// <param name="Index">Zero-based position in the arena.</param>
public readonly record struct WorldId(int Index)
{
    /// <inheritdoc />
    public override string ToString() => "world#" + Index;
}

/// <summary>Index of a package in <see cref="Resolve.Packages"/>.</summary>
/// <param name="Index">Zero-based position in the arena.</param>
public readonly record struct PackageId(int Index)
{
    /// <inheritdoc />
    public override string ToString() => "package#" + Index;
}
