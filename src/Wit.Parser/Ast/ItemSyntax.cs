using System.Collections.Generic;
using Wit.Diagnostics;

namespace Wit.Ast;

/// <summary>One parsed file (or one nested `package x:y { ... }` block).</summary>
internal sealed class PackageFileSyntax
{
    public PackageNameSyntax? PackageName { get; set; }

    public List<TopLevelItemSyntax> Items { get; } = new();
}

/// <summary>A top-level declaration in a package scope.</summary>
internal abstract class TopLevelItemSyntax
{
}

/// <summary>`interface name { ... }`.</summary>
internal sealed class InterfaceSyntax : TopLevelItemSyntax
{
    public DocComments Docs { get; init; } = DocComments.Empty;

    public List<AttributeSyntax> Attributes { get; init; } = new();

    public Identifier Name { get; init; }

    public List<InterfaceItemSyntax> Items { get; init; } = new();
}

/// <summary>`world name { ... }`.</summary>
internal sealed class WorldSyntax : TopLevelItemSyntax
{
    public DocComments Docs { get; init; } = DocComments.Empty;

    public List<AttributeSyntax> Attributes { get; init; } = new();

    public Identifier Name { get; init; }

    public List<WorldItemSyntax> Items { get; init; } = new();
}

/// <summary>`use path [as name];` at the top level of a file.</summary>
internal sealed class TopLevelUseSyntax : TopLevelItemSyntax
{
    public TextSpan Span { get; init; }

    public List<AttributeSyntax> Attributes { get; init; } = new();

    public UsePathSyntax Item { get; init; } = null!;

    public Identifier? As { get; init; }

    public Identifier LocalName => As ?? Item.Name;
}

/// <summary>A nested `package x:y { ... }` block.</summary>
internal sealed class NestedPackageSyntax : TopLevelItemSyntax
{
    public PackageFileSyntax File { get; init; } = null!;
}

/// <summary>An item inside an interface body.</summary>
internal abstract class InterfaceItemSyntax
{
}

/// <summary>An item inside a world body.</summary>
internal abstract class WorldItemSyntax
{
}

/// <summary>`use path.{a, b as c};` inside an interface or world.</summary>
internal sealed class UseSyntax
{
    public List<AttributeSyntax> Attributes { get; init; } = new();

    public UsePathSyntax From { get; init; } = null!;

    public List<UseNameSyntax> Names { get; init; } = new();
}

/// <summary>One name of a `use` list with its optional rename.</summary>
internal sealed class UseNameSyntax
{
    public Identifier Name { get; init; }

    public Identifier? As { get; init; }

    public Identifier LocalName => As ?? Name;
}

/// <summary>A `use` as an interface item.</summary>
internal sealed class InterfaceUseSyntax : InterfaceItemSyntax
{
    public UseSyntax Use { get; init; } = null!;
}

/// <summary>A type definition as an interface item.</summary>
internal sealed class InterfaceTypeSyntax : InterfaceItemSyntax
{
    public TypeDefSyntax TypeDef { get; init; } = null!;
}

/// <summary>A function as an interface item.</summary>
internal sealed class InterfaceFuncSyntax : InterfaceItemSyntax
{
    public NamedFuncSyntax Func { get; init; } = null!;
}

/// <summary>A `use` as a world item.</summary>
internal sealed class WorldUseSyntax : WorldItemSyntax
{
    public UseSyntax Use { get; init; } = null!;
}

/// <summary>A type definition as a world item.</summary>
internal sealed class WorldTypeSyntax : WorldItemSyntax
{
    public TypeDefSyntax TypeDef { get; init; } = null!;
}

/// <summary>`include path [with { a as b }];`.</summary>
internal sealed class IncludeSyntax : WorldItemSyntax
{
    public List<AttributeSyntax> Attributes { get; init; } = new();

    public UsePathSyntax From { get; init; } = null!;

    public List<(Identifier Name, Identifier As)> Names { get; init; } = new();
}

/// <summary>`import ...;` or `export ...;`.</summary>
internal sealed class ImportExportSyntax : WorldItemSyntax
{
    public bool IsExport { get; init; }

    public DocComments Docs { get; init; } = DocComments.Empty;

    public List<AttributeSyntax> Attributes { get; init; } = new();

    public ExternSyntax Kind { get; init; } = null!;
}

/// <summary>What an import or export refers to.</summary>
internal enum ExternKind
{
    /// <summary>`name: interface { ... }`</summary>
    Interface,

    /// <summary>`path`</summary>
    Path,

    /// <summary>`name: [async] func(...)`</summary>
    Func,

    /// <summary>`label: path`</summary>
    NamedPath,
}

/// <summary>The target of an import or export.</summary>
internal sealed class ExternSyntax
{
    public ExternKind Kind { get; init; }

    public Identifier Name { get; init; }

    public List<InterfaceItemSyntax>? Items { get; init; }

    public UsePathSyntax? Path { get; init; }

    public FuncSyntax? Func { get; init; }

    public TextSpan Span => Kind == ExternKind.Path ? (Path!.Package?.Span ?? Path.Name.Span) : Name.Span;
}
