using System.Collections.Generic;
using Wit.Diagnostics;
using Wit.Model;

namespace Wit.Ast;

/// <summary>An identifier with its span (the `%` of explicit identifiers is stripped).</summary>
internal readonly struct Identifier
{
    public Identifier(string name, TextSpan span)
    {
        Name = name;
        Span = span;
    }

    public string Name { get; }

    public TextSpan Span { get; }

    public override string ToString() => Name;
}

/// <summary>The raw comments preceding an item, still with their comment markers.</summary>
internal sealed class DocComments
{
    public static readonly DocComments Empty = new(new List<string>(), TextSpan.Unknown);

    public DocComments(List<string> lines, TextSpan span)
    {
        Lines = lines;
        Span = span;
    }

    public List<string> Lines { get; }

    public TextSpan Span { get; }
}

/// <summary>The kinds of `@name(...)` attributes.</summary>
internal enum AttributeKind
{
    Since,
    Unstable,
    Deprecated,
    ExternalId,
}

/// <summary>One `@since`, `@unstable`, `@deprecated` or `@external-id` attribute.</summary>
internal sealed class AttributeSyntax
{
    public AttributeKind Kind { get; init; }

    public TextSpan Span { get; init; }

    public SemVersion? Version { get; init; }

    public string? Feature { get; init; }

    public string? ExternalId { get; init; }
}

/// <summary>`ns:name@version` as written, with its span.</summary>
internal sealed class PackageNameSyntax
{
    public DocComments Docs { get; init; } = DocComments.Empty;

    public TextSpan Span { get; init; }

    public Identifier Namespace { get; init; }

    public Identifier Name { get; init; }

    public SemVersion? Version { get; init; }

    public PackageName ToPackageName() => new(Namespace.Name, Name.Name, Version);
}

/// <summary>A path to an interface or world: `name` or `ns:pkg/name@version`.</summary>
internal sealed class UsePathSyntax
{
    public Identifier Name { get; init; }

    /// <summary>The package of a fully qualified path, or null for a local name.</summary>
    public PackageNameSyntax? Package { get; init; }
}
