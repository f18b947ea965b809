namespace Wit.Model;

/// <summary>Whether an item is gated: unknown (no gate), `@unstable(feature)` or `@since(version)`.</summary>
public enum StabilityKind
{
    /// <summary>No `@since` or `@unstable` attribute.</summary>
    Unknown,

    /// <summary>`@unstable(feature = ...)`: included only when the feature is active.</summary>
    Unstable,

    /// <summary>`@since(version = ...)`: stable since the version.</summary>
    Stable,
}

/// <summary>The feature-gate annotation of an item, including `@deprecated`.</summary>
public sealed class Stability : System.IEquatable<Stability>
{
    /// <summary>The annotation of items that have none.</summary>
    public static readonly Stability Unknown = new(StabilityKind.Unknown, null, null, null);

    /// <summary>Creates a stability annotation.</summary>
    public Stability(StabilityKind kind, string? feature, SemVersion? since, SemVersion? deprecated)
    {
        Kind = kind;
        Feature = feature;
        Since = since;
        Deprecated = deprecated;
    }

    /// <summary>The gate kind.</summary>
    public StabilityKind Kind { get; }

    /// <summary>The feature of an unstable item.</summary>
    public string? Feature { get; }

    /// <summary>The version of a stable item.</summary>
    public SemVersion? Since { get; }

    /// <summary>The version since which the item is deprecated, if any.</summary>
    public SemVersion? Deprecated { get; }

    /// <summary>True when the item has no gate.</summary>
    public bool IsUnknown => Kind == StabilityKind.Unknown;

    /// <inheritdoc />
    public bool Equals(Stability? other) =>
        other is not null && Kind == other.Kind && Feature == other.Feature && Equals(Since, other.Since) && Equals(Deprecated, other.Deprecated);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Stability other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => (int)Kind ^ (Feature?.GetHashCode() ?? 0) ^ (Since?.GetHashCode() ?? 0);

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        StabilityKind.Unstable => Deprecated is null ? $"Unstable {{ feature: \"{Feature}\", deprecated: None }}" : $"Unstable {{ feature: \"{Feature}\", deprecated: Some(Version {{ {Deprecated} }}) }}",
        StabilityKind.Stable => $"Stable {{ since: Version {{ {Since} }}, deprecated: {(Deprecated is null ? "None" : "Some(" + Deprecated + ")")} }}",
        _ => "Unknown",
    };
}
