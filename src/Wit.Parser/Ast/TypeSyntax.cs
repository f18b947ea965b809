using System.Collections.Generic;
using Wit.Diagnostics;

namespace Wit.Ast;

/// <summary>`type`, `record`, `variant`, `enum`, `flags` or `resource` declaration.</summary>
internal sealed class TypeDefSyntax
{
    public DocComments Docs { get; init; } = DocComments.Empty;

    public List<AttributeSyntax> Attributes { get; init; } = new();

    public Identifier Name { get; init; }

    public TypeSyntax Type { get; init; } = null!;
}

/// <summary>The shapes a type expression can take.</summary>
internal enum TypeSyntaxKind
{
    Bool, U8, U16, U32, U64, S8, S16, S32, S64, F32, F64, Char, String, ErrorContext,
    Name, List, FixedLengthList, Map, Own, Borrow, Resource, Record, Flags, Variant, Tuple, Enum,
    Option, Result, Future, Stream,
}

/// <summary>A type expression or the body of a named type declaration.</summary>
internal sealed class TypeSyntax
{
    public TypeSyntaxKind Kind { get; init; }

    /// <summary>The keyword span, or the declared name for declarations and handles.</summary>
    public TextSpan Span { get; init; }

    /// <summary>Referenced name for <see cref="TypeSyntaxKind.Name"/> and handles.</summary>
    public Identifier Name { get; init; }

    /// <summary>Element / ok / key type.</summary>
    public TypeSyntax? First { get; init; }

    /// <summary>Err / value type.</summary>
    public TypeSyntax? Second { get; init; }

    public uint Size { get; init; }

    public List<TypeSyntax>? Types { get; init; }

    public List<FieldSyntax>? Fields { get; init; }

    public List<CaseSyntax>? Cases { get; init; }

    public List<ResourceFuncSyntax>? ResourceFuncs { get; init; }
}

/// <summary>A record field, flag, enum case or variant case.</summary>
internal sealed class FieldSyntax
{
    public DocComments Docs { get; init; } = DocComments.Empty;

    public Identifier Name { get; init; }

    public TypeSyntax Type { get; init; } = null!;
}

/// <summary>A variant case, enum case or flag (no type for the latter two).</summary>
internal sealed class CaseSyntax
{
    public DocComments Docs { get; init; } = DocComments.Empty;

    public Identifier Name { get; init; }

    public TypeSyntax? Type { get; init; }
}

/// <summary>`name: [async] func(params) [-> result]`.</summary>
internal sealed class NamedFuncSyntax
{
    public DocComments Docs { get; init; } = DocComments.Empty;

    public List<AttributeSyntax> Attributes { get; init; } = new();

    public Identifier Name { get; init; }

    public FuncSyntax Func { get; init; } = null!;
}

/// <summary>A function signature.</summary>
internal sealed class FuncSyntax
{
    public TextSpan Span { get; init; }

    public bool IsAsync { get; init; }

    public List<(Identifier Name, TypeSyntax Type)> Params { get; init; } = new();

    public TypeSyntax? Result { get; init; }
}

/// <summary>How a function inside a resource is declared.</summary>
internal enum ResourceFuncKind
{
    Method,
    Static,
    Constructor,
}

/// <summary>A method, static function or constructor inside a resource body.</summary>
internal sealed class ResourceFuncSyntax
{
    public ResourceFuncKind Kind { get; init; }

    public NamedFuncSyntax Func { get; init; } = null!;
}
