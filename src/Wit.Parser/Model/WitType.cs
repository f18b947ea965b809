namespace Wit.Model;

/// <summary>The primitive types plus <see cref="Id"/> for references to a <see cref="TypeDef"/>.</summary>
public enum WitTypeKind : byte
{
    /// <summary>`bool`</summary>
    Bool,
    /// <summary>`u8`</summary>
    U8,
    /// <summary>`u16`</summary>
    U16,
    /// <summary>`u32`</summary>
    U32,
    /// <summary>`u64`</summary>
    U64,
    /// <summary>`s8`</summary>
    S8,
    /// <summary>`s16`</summary>
    S16,
    /// <summary>`s32`</summary>
    S32,
    /// <summary>`s64`</summary>
    S64,
    /// <summary>`f32`</summary>
    F32,
    /// <summary>`f64`</summary>
    F64,
    /// <summary>`char`</summary>
    Char,
    /// <summary>`string`</summary>
    String,
    /// <summary>`error-context`</summary>
    ErrorContext,
    /// <summary>A reference to a type definition.</summary>
    Id,
}

/// <summary>A type use: a primitive, or a reference to an entry of <see cref="Resolve.Types"/>.</summary>
public readonly struct WitType : System.IEquatable<WitType>
{
    private WitType(WitTypeKind kind, int id)
    {
        Kind = kind;
        RawId = id;
    }

    private int RawId { get; }

    /// <summary>Which primitive, or <see cref="WitTypeKind.Id"/>.</summary>
    public WitTypeKind Kind { get; }

    /// <summary>The referenced type; only meaningful when <see cref="Kind"/> is <see cref="WitTypeKind.Id"/>.</summary>
    public TypeId Id => new(RawId);

    /// <summary>Whether this refers to a type definition.</summary>
    public bool IsId => Kind == WitTypeKind.Id;

    /// <summary>A primitive type.</summary>
    public static WitType Primitive(WitTypeKind kind) => new(kind, -1);

    /// <summary>A reference to a type definition.</summary>
    public static WitType FromId(TypeId id) => new(WitTypeKind.Id, id.Index);

    /// <summary>The WIT spelling of a primitive kind.</summary>
    public static string PrimitiveName(WitTypeKind kind) => kind switch
    {
        WitTypeKind.Bool => "bool",
        WitTypeKind.U8 => "u8",
        WitTypeKind.U16 => "u16",
        WitTypeKind.U32 => "u32",
        WitTypeKind.U64 => "u64",
        WitTypeKind.S8 => "s8",
        WitTypeKind.S16 => "s16",
        WitTypeKind.S32 => "s32",
        WitTypeKind.S64 => "s64",
        WitTypeKind.F32 => "f32",
        WitTypeKind.F64 => "f64",
        WitTypeKind.Char => "char",
        WitTypeKind.String => "string",
        WitTypeKind.ErrorContext => "error-context",
        _ => "id",
    };

    /// <inheritdoc />
    public bool Equals(WitType other) => Kind == other.Kind && RawId == other.RawId;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is WitType other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => ((int)Kind << 24) ^ RawId;

    /// <inheritdoc />
    public override string ToString() => IsId ? Id.ToString() : PrimitiveName(Kind);
}
