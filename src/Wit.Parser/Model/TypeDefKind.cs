using System.Collections.Generic;
using Wit.Diagnostics;

namespace Wit.Model;

/// <summary>The shape of a <see cref="TypeDef"/>; one subclass per WIT type constructor.</summary>
public abstract class TypeDefKind
{
    private protected TypeDefKind()
    {
    }

    /// <summary>The serialized name of the kind, e.g. `record`.</summary>
    public abstract string KindName { get; }

    internal abstract TypeDefKind Clone();
}

/// <summary>`record { name: type, ... }`</summary>
public sealed class RecordKind : TypeDefKind
{
    internal RecordKind(List<Field> fields) => Fields = fields;

    /// <summary>The fields in declaration order.</summary>
    public List<Field> Fields { get; }

    /// <inheritdoc />
    public override string KindName => "record";

    internal override TypeDefKind Clone() => new RecordKind(Fields.ConvertAll(f => new Field(f.Name, f.Type, f.Docs, f.Span)));
}

/// <summary>A record field.</summary>
public sealed class Field
{
    internal Field(string name, WitType type, string? docs, TextSpan span)
    {
        Name = name;
        Type = type;
        Docs = docs;
        Span = span;
    }

    /// <summary>The field name.</summary>
    public string Name { get; }

    /// <summary>The field type.</summary>
    public WitType Type { get; internal set; }

    /// <summary>Doc comment text, if any.</summary>
    public string? Docs { get; }

    /// <summary>Where the field name is declared.</summary>
    public TextSpan Span { get; }
}

/// <summary>`resource`: an opaque handle type.</summary>
public sealed class ResourceKind : TypeDefKind
{
    internal static readonly ResourceKind Instance = new();

    private ResourceKind()
    {
    }

    /// <inheritdoc />
    public override string KindName => "resource";

    internal override TypeDefKind Clone() => this;
}

/// <summary>`own&lt;T&gt;` or `borrow&lt;T&gt;`.</summary>
public sealed class HandleKind : TypeDefKind
{
    internal HandleKind(bool isBorrow, TypeId resource)
    {
        IsBorrow = isBorrow;
        Resource = resource;
    }

    /// <summary>True for `borrow`, false for `own`.</summary>
    public bool IsBorrow { get; }

    /// <summary>The resource type (possibly an alias of it).</summary>
    public TypeId Resource { get; internal set; }

    /// <inheritdoc />
    public override string KindName => "handle";

    internal override TypeDefKind Clone() => new HandleKind(IsBorrow, Resource);
}

/// <summary>`flags { a, b }`</summary>
public sealed class FlagsKind : TypeDefKind
{
    internal FlagsKind(List<NamedCase> flags) => Flags = flags;

    /// <summary>The flag names.</summary>
    public List<NamedCase> Flags { get; }

    /// <inheritdoc />
    public override string KindName => "flags";

    internal override TypeDefKind Clone() => this;
}

/// <summary>`enum { a, b }`</summary>
public sealed class EnumKind : TypeDefKind
{
    internal EnumKind(List<NamedCase> cases) => Cases = cases;

    /// <summary>The cases.</summary>
    public List<NamedCase> Cases { get; }

    /// <inheritdoc />
    public override string KindName => "enum";

    internal override TypeDefKind Clone() => this;
}

/// <summary>A flag or enum case.</summary>
public sealed class NamedCase
{
    internal NamedCase(string name, string? docs, TextSpan span)
    {
        Name = name;
        Docs = docs;
        Span = span;
    }

    /// <summary>The name.</summary>
    public string Name { get; }

    /// <summary>Doc comment text, if any.</summary>
    public string? Docs { get; }

    /// <summary>Where the name is declared.</summary>
    public TextSpan Span { get; }
}

/// <summary>`variant { a, b(t) }`</summary>
public sealed class VariantKind : TypeDefKind
{
    internal VariantKind(List<VariantCase> cases) => Cases = cases;

    /// <summary>The cases.</summary>
    public List<VariantCase> Cases { get; }

    /// <inheritdoc />
    public override string KindName => "variant";

    internal override TypeDefKind Clone() => new VariantKind(Cases.ConvertAll(c => new VariantCase(c.Name, c.Type, c.Docs, c.Span)));
}

/// <summary>A variant case with an optional payload.</summary>
public sealed class VariantCase
{
    internal VariantCase(string name, WitType? type, string? docs, TextSpan span)
    {
        Name = name;
        Type = type;
        Docs = docs;
        Span = span;
    }

    /// <summary>The case name.</summary>
    public string Name { get; }

    /// <summary>The payload type, if any.</summary>
    public WitType? Type { get; internal set; }

    /// <summary>Doc comment text, if any.</summary>
    public string? Docs { get; }

    /// <summary>Where the case is declared.</summary>
    public TextSpan Span { get; }
}

/// <summary>`tuple&lt;a, b&gt;`</summary>
public sealed class TupleKind : TypeDefKind
{
    internal TupleKind(List<WitType> types) => Types = types;

    /// <summary>The element types.</summary>
    public List<WitType> Types { get; }

    /// <inheritdoc />
    public override string KindName => "tuple";

    internal override TypeDefKind Clone() => new TupleKind(new List<WitType>(Types));
}

/// <summary>`option&lt;T&gt;`</summary>
public sealed class OptionKind : TypeDefKind
{
    internal OptionKind(WitType type) => Type = type;

    /// <summary>The payload type.</summary>
    public WitType Type { get; internal set; }

    /// <inheritdoc />
    public override string KindName => "option";

    internal override TypeDefKind Clone() => new OptionKind(Type);
}

/// <summary>`result`, `result&lt;T&gt;`, `result&lt;_, E&gt;` or `result&lt;T, E&gt;`.</summary>
public sealed class ResultKind : TypeDefKind
{
    internal ResultKind(WitType? ok, WitType? err)
    {
        Ok = ok;
        Err = err;
    }

    /// <summary>The success payload, if any.</summary>
    public WitType? Ok { get; internal set; }

    /// <summary>The error payload, if any.</summary>
    public WitType? Err { get; internal set; }

    /// <inheritdoc />
    public override string KindName => "result";

    internal override TypeDefKind Clone() => new ResultKind(Ok, Err);
}

/// <summary>`list&lt;T&gt;`</summary>
public sealed class ListKind : TypeDefKind
{
    internal ListKind(WitType type) => Type = type;

    /// <summary>The element type.</summary>
    public WitType Type { get; internal set; }

    /// <inheritdoc />
    public override string KindName => "list";

    internal override TypeDefKind Clone() => new ListKind(Type);
}

/// <summary>`list&lt;T, N&gt;`</summary>
public sealed class FixedLengthListKind : TypeDefKind
{
    internal FixedLengthListKind(WitType type, uint size)
    {
        Type = type;
        Size = size;
    }

    /// <summary>The element type.</summary>
    public WitType Type { get; internal set; }

    /// <summary>The number of elements.</summary>
    public uint Size { get; }

    /// <inheritdoc />
    public override string KindName => "fixed-length-list";

    internal override TypeDefKind Clone() => new FixedLengthListKind(Type, Size);
}

/// <summary>`map&lt;K, V&gt;`</summary>
public sealed class MapKind : TypeDefKind
{
    internal MapKind(WitType key, WitType value)
    {
        Key = key;
        Value = value;
    }

    /// <summary>The key type.</summary>
    public WitType Key { get; internal set; }

    /// <summary>The value type.</summary>
    public WitType Value { get; internal set; }

    /// <inheritdoc />
    public override string KindName => "map";

    internal override TypeDefKind Clone() => new MapKind(Key, Value);
}

/// <summary>`future` or `future&lt;T&gt;`</summary>
public sealed class FutureKind : TypeDefKind
{
    internal FutureKind(WitType? type) => Type = type;

    /// <summary>The payload type, if any.</summary>
    public WitType? Type { get; internal set; }

    /// <inheritdoc />
    public override string KindName => "future";

    internal override TypeDefKind Clone() => new FutureKind(Type);
}

/// <summary>`stream` or `stream&lt;T&gt;`</summary>
public sealed class StreamKind : TypeDefKind
{
    internal StreamKind(WitType? type) => Type = type;

    /// <summary>The payload type, if any.</summary>
    public WitType? Type { get; internal set; }

    /// <inheritdoc />
    public override string KindName => "stream";

    internal override TypeDefKind Clone() => new StreamKind(Type);
}

/// <summary>`type a = b`: an alias of another type (also what `use` produces).</summary>
public sealed class AliasKind : TypeDefKind
{
    internal AliasKind(WitType target) => Target = target;

    /// <summary>The aliased type.</summary>
    public WitType Target { get; internal set; }

    /// <inheritdoc />
    public override string KindName => "type";

    internal override TypeDefKind Clone() => new AliasKind(Target);
}

/// <summary>Placeholder for a type imported from a package not yet resolved; never in a finished <see cref="Resolve"/>.</summary>
internal sealed class UnknownKind : TypeDefKind
{
    internal static readonly UnknownKind Instance = new();

    public override string KindName => "unknown";

    internal override TypeDefKind Clone() => this;
}
