using System.Text;
using Wasm.Components.Types;

namespace Wasm.Components.Values;

/// <summary>
/// A component value of any WIT type, for the dynamic call API, WAVE and script runners. Values are untyped
/// trees: records carry field names, variants and enums carry case names, so a value can be built without its
/// type and is checked against the type when it is lowered. Structural equality (floats compare by bits, with
/// every NaN equal to every NaN).
/// </summary>
public sealed class WitValue : IEquatable<WitValue>
{
    private WitValue(ValueKind kind) => Kind = kind;

    /// <summary>The kind of value.</summary>
    public ValueKind Kind { get; }

    /// <summary>Integers (sign- or zero-extended to 64 bits), bool (0/1), char (the scalar value), enum and variant
    /// case index once known (-1 when built by name only), flags are in <see cref="_names"/>.</summary>
    private long _bits;

    private double _float;

    /// <summary>The string of a <c>string</c>; the case name of a variant or enum.</summary>
    private string? _text;

    /// <summary>Items of list, tuple, record (field values), option (0 or 1), result (0 or 1), variant (0 or 1).</summary>
    private WitValue[]? _items;

    /// <summary>Field names of a record; set flag names of flags.</summary>
    private string[]? _names;

    private ResourceHandle? _handle;

    /// <summary>For strings lifted from linear memory: the spec's (encoding + 1) &lt;&lt; 32 | tagged code units of the
    /// source, which decides how lowering allocates; 0 for strings made by the host.</summary>
    internal ulong StringOrigin;

    /// <summary>For a string that a call between two component instances left in the source memory: that memory.
    /// The pointer is then in <see cref="_bits"/>, the encoding and tagged code units in <see cref="StringOrigin"/>,
    /// and <see cref="_text"/> is decoded on first use.</summary>
    private Memory? _sourceMemory;

    // ------------------------------------------------------------------ construction

    /// <summary>A <c>bool</c>.</summary>
    public static WitValue Bool(bool v) => v ? True : False;

    private static readonly WitValue True = new(ValueKind.Bool) { _bits = 1 }, False = new(ValueKind.Bool) { _bits = 0 };

    /// <summary>An <c>s8</c>.</summary>
    public static WitValue S8(sbyte v) => S8Values[(byte)v];

    /// <summary>A <c>u8</c>.</summary>
    public static WitValue U8(byte v) => U8Values[v];

    // Values are immutable, so the 256 of each byte type are shared: a lifted list<u8> allocates no element.
    private static readonly WitValue[] U8Values = Bytes(ValueKind.U8, b => b), S8Values = Bytes(ValueKind.S8, b => (sbyte)b);

    private static WitValue[] Bytes(ValueKind kind, Func<byte, long> bits)
    {
        var values = new WitValue[256];
        for (int i = 0; i < 256; i++) values[i] = new WitValue(kind) { _bits = bits((byte)i) };
        return values;
    }

    /// <summary>An <c>s16</c>.</summary>
    public static WitValue S16(short v) => new(ValueKind.S16) { _bits = v };

    /// <summary>A <c>u16</c>.</summary>
    public static WitValue U16(ushort v) => new(ValueKind.U16) { _bits = v };

    /// <summary>An <c>s32</c>.</summary>
    public static WitValue S32(int v) => new(ValueKind.S32) { _bits = v };

    /// <summary>A <c>u32</c>.</summary>
    public static WitValue U32(uint v) => new(ValueKind.U32) { _bits = v };

    /// <summary>An <c>s64</c>.</summary>
    public static WitValue S64(long v) => new(ValueKind.S64) { _bits = v };

    /// <summary>A <c>u64</c>.</summary>
    public static WitValue U64(ulong v) => new(ValueKind.U64) { _bits = unchecked((long)v) };

    /// <summary>An <c>f32</c>.</summary>
    public static WitValue F32(float v) => new(ValueKind.F32) { _float = v };

    /// <summary>An <c>f64</c>.</summary>
    public static WitValue F64(double v) => new(ValueKind.F64) { _float = v };

    /// <summary>A <c>char</c> (a Unicode scalar value; surrogates are rejected).</summary>
    public static WitValue Char(int scalar)
    {
        if (scalar is < 0 or > 0x10FFFF || (scalar >= 0xD800 && scalar <= 0xDFFF))
            throw new ArgumentOutOfRangeException(nameof(scalar), $"0x{scalar:x} is not a Unicode scalar value");
        return new(ValueKind.Char) { _bits = scalar };
    }

    /// <summary>A <c>string</c>.</summary>
    public static WitValue String(string v) => new(ValueKind.String) { _text = v ?? throw new ArgumentNullException(nameof(v)) };

    /// <summary>A <c>list</c>.</summary>
    public static WitValue List(params WitValue[] items) => new(ValueKind.List) { _items = items };

    /// <summary>A <c>tuple</c>.</summary>
    public static WitValue Tuple(params WitValue[] items) => new(ValueKind.Tuple) { _items = items };

    /// <summary>A <c>record</c> from fields in declaration order.</summary>
    public static WitValue Record(params (string Name, WitValue Value)[] fields)
    {
        var names = new string[fields.Length];
        var items = new WitValue[fields.Length];
        for (int i = 0; i < fields.Length; i++) (names[i], items[i]) = fields[i];
        return new(ValueKind.Record) { _names = names, _items = items };
    }

    /// <summary>A <c>variant</c> case with an optional payload.</summary>
    public static WitValue Variant(string caseName, WitValue? payload = null) =>
        new(ValueKind.Variant) { _text = caseName, _bits = -1, _items = payload is null ? Array.Empty<WitValue>() : new[] { payload } };

    /// <summary>An <c>enum</c> case.</summary>
    public static WitValue Enum(string caseName) => new(ValueKind.Enum) { _text = caseName, _bits = -1 };

    /// <summary><c>some(v)</c>.</summary>
    public static WitValue Some(WitValue v) => new(ValueKind.Option) { _items = new[] { v } };

    /// <summary><c>none</c>.</summary>
    public static WitValue None { get; } = new(ValueKind.Option) { _items = Array.Empty<WitValue>() };

    /// <summary><c>ok</c> with an optional payload.</summary>
    public static WitValue Ok(WitValue? v = null) => new(ValueKind.Result) { _bits = 0, _items = v is null ? Array.Empty<WitValue>() : new[] { v } };

    /// <summary><c>err</c> with an optional payload.</summary>
    public static WitValue Err(WitValue? v = null) => new(ValueKind.Result) { _bits = 1, _items = v is null ? Array.Empty<WitValue>() : new[] { v } };

    /// <summary>A <c>flags</c> value: the names of the flags that are set.</summary>
    public static WitValue Flags(params string[] set) => new(ValueKind.Flags) { _names = set };

    /// <summary>An <c>own</c> or <c>borrow</c> handle held by the host.</summary>
    public static WitValue Handle(ResourceHandle handle) =>
        new(handle.IsOwn ? ValueKind.Own : ValueKind.Borrow) { _handle = handle };

    /// <summary>A variant or enum value with its case index already known (used by lifting).</summary>
    internal static WitValue VariantAt(int index, string caseName, WitValue? payload) =>
        new(ValueKind.Variant) { _text = caseName, _bits = index, _items = payload is null ? Array.Empty<WitValue>() : new[] { payload } };

    /// <summary>A string lifted from linear memory, remembering its source encoding and tagged code units.</summary>
    internal static WitValue StringFrom(string v, Model.StringEncoding encoding, uint taggedCodeUnits) =>
        new(ValueKind.String) { _text = v, StringOrigin = ((ulong)encoding + 1) << 32 | taggedCodeUnits };

    /// <summary>A string left in <paramref name="memory"/> by a call between two component instances, whose range
    /// was checked; lowering transcodes it from there, host code that reads it decodes it.</summary>
    internal static WitValue StringInMemory(Memory memory, uint ptr, Model.StringEncoding encoding, uint taggedCodeUnits) =>
        new(ValueKind.String) { _sourceMemory = memory, _bits = ptr, StringOrigin = ((ulong)encoding + 1) << 32 | taggedCodeUnits };

    /// <summary>The memory a string still lives in (see <see cref="StringInMemory"/>), else null.</summary>
    internal Memory? SourceMemory => _sourceMemory;

    /// <summary>The pointer of a string in <see cref="SourceMemory"/>.</summary>
    internal uint SourcePointer => (uint)_bits;

    /// <summary>The encoding of a string lifted from memory.</summary>
    internal Model.StringEncoding SourceEncoding => (Model.StringEncoding)((StringOrigin >> 32) - 1);

    /// <summary>The tagged code units of a string lifted from memory.</summary>
    internal uint SourceTaggedCodeUnits => (uint)StringOrigin;

    /// <summary>A record from parallel name and value arrays (used by lifting; the arrays are not copied).</summary>
    internal static WitValue RecordFrom(string[] names, WitValue[] items) => new(ValueKind.Record) { _names = names, _items = items };

    /// <summary>A value's items without copying (list, tuple, record, option, result, variant).</summary>
    internal WitValue[] RawItems => _items!;

    /// <summary>A value's names without copying (record fields, set flags).</summary>
    internal string[] RawNames => _names!;

    /// <summary>The case name of a variant or enum, or the text of a string made by the host or decoded, without checks.</summary>
    internal string? RawText => _text;

    /// <summary>The raw integer bits (integers, bool, char, case index).</summary>
    internal long RawBits => _bits;

    /// <summary>The raw float (f32 and f64 values).</summary>
    internal double RawFloat => _float;

    /// <summary>The handle of an own or borrow value without checks.</summary>
    internal ResourceHandle? RawHandle => _handle;

    /// <summary>An enum value with its index already known (used by lifting).</summary>
    internal static WitValue EnumAt(int index, string caseName) => new(ValueKind.Enum) { _text = caseName, _bits = index };

    // ------------------------------------------------------------------ access

    /// <summary>The value of a <c>bool</c>.</summary>
    public bool AsBool() => Expect(ValueKind.Bool)._bits != 0;

    /// <summary>Any integer as a signed 64-bit value (u64 above <see cref="long.MaxValue"/> wraps).</summary>
    public long AsInt64() => IsInteger ? _bits : throw Mismatch("an integer");

    /// <summary>Any unsigned integer (or a non-negative signed one) as 64 bits.</summary>
    public ulong AsUInt64() => IsInteger ? unchecked((ulong)_bits) : throw Mismatch("an integer");

    /// <summary>An <c>s32</c> or narrower integer.</summary>
    public int AsInt32() => IsInteger ? unchecked((int)_bits) : throw Mismatch("an integer");

    /// <summary>A <c>u32</c> or narrower integer.</summary>
    public uint AsUInt32() => IsInteger ? unchecked((uint)_bits) : throw Mismatch("an integer");

    /// <summary>An <c>f32</c> or <c>f64</c>.</summary>
    public double AsDouble() => Kind is ValueKind.F32 or ValueKind.F64 ? _float : throw Mismatch("a float");

    /// <summary>An <c>f32</c>.</summary>
    public float AsSingle() => (float)Expect(ValueKind.F32)._float;

    /// <summary>The scalar value of a <c>char</c>.</summary>
    public int AsChar() => (int)Expect(ValueKind.Char)._bits;

    /// <summary>The text of a <c>string</c>.</summary>
    /// <exception cref="TrapException">The string was left in a guest's memory and is not valid there.</exception>
    public string AsString() => Expect(ValueKind.String).Text;

    private string Text => _text ??= Abi.Strings.Decode(_sourceMemory!, SourcePointer, SourceEncoding, SourceTaggedCodeUnits);

    /// <summary>Items of a list or tuple; field values of a record.</summary>
    public IReadOnlyList<WitValue> Items => Kind is ValueKind.List or ValueKind.Tuple or ValueKind.Record ? _items! : throw Mismatch("a list, tuple or record");

    /// <summary>The field names of a record.</summary>
    public IReadOnlyList<string> FieldNames => Expect(ValueKind.Record)._names!;

    /// <summary>The field of a record by name.</summary>
    public WitValue Field(string name)
    {
        Expect(ValueKind.Record);
        for (int i = 0; i < _names!.Length; i++) if (_names[i] == name) return _items![i];
        throw new KeyNotFoundException($"record has no field '{name}'");
    }

    /// <summary>The case name of a variant or enum.</summary>
    public string CaseName => Kind is ValueKind.Variant or ValueKind.Enum ? _text! : throw Mismatch("a variant or enum");

    /// <summary>The case index of a variant or enum when known (after lifting), otherwise -1.</summary>
    public int CaseIndex => Kind is ValueKind.Variant or ValueKind.Enum ? (int)_bits : throw Mismatch("a variant or enum");

    /// <summary>The payload of a variant case, option <c>some</c> or result case; null when absent.</summary>
    public WitValue? Payload => Kind is ValueKind.Variant or ValueKind.Option or ValueKind.Result
        ? (_items!.Length == 0 ? null : _items[0])
        : throw Mismatch("a variant, option or result");

    /// <summary>True for <c>some</c>.</summary>
    public bool IsSome => Expect(ValueKind.Option)._items!.Length != 0;

    /// <summary>True for <c>ok</c>.</summary>
    public bool IsOk => Expect(ValueKind.Result)._bits == 0;

    /// <summary>The set flags of a <c>flags</c> value.</summary>
    public IReadOnlyList<string> SetFlags => Expect(ValueKind.Flags)._names!;

    /// <summary>The handle of an <c>own</c> or <c>borrow</c>.</summary>
    public ResourceHandle AsHandle() => Kind is ValueKind.Own or ValueKind.Borrow ? _handle! : throw Mismatch("a resource handle");

    private bool IsInteger => Kind is >= ValueKind.S8 and <= ValueKind.U64;

    private WitValue Expect(ValueKind kind) => Kind == kind ? this : throw Mismatch(kind.ToString().ToLowerInvariant());

    private InvalidOperationException Mismatch(string expected) => new($"expected {expected}, found a {Kind.ToString().ToLowerInvariant()} value");

    // ------------------------------------------------------------------ equality and text

    /// <inheritdoc/>
    public bool Equals(WitValue? other)
    {
        if (other is null || other.Kind != Kind) return false;
        switch (Kind)
        {
            case ValueKind.F32:
            case ValueKind.F64:
                return double.IsNaN(_float) ? double.IsNaN(other._float) : BitConverter.DoubleToInt64Bits(_float) == BitConverter.DoubleToInt64Bits(other._float);
            case ValueKind.String:
                return Text == other.Text;
            case ValueKind.Enum:
                return _text == other._text;
            case ValueKind.Variant:
                return _text == other._text && ItemsEqual(_items!, other._items!);
            case ValueKind.Record:
                return _names!.AsSpan().SequenceEqual(other._names) && ItemsEqual(_items!, other._items!);
            case ValueKind.List:
            case ValueKind.Tuple:
            case ValueKind.Option:
                return ItemsEqual(_items!, other._items!);
            case ValueKind.Result:
                return _bits == other._bits && ItemsEqual(_items!, other._items!);
            case ValueKind.Flags:
                return new HashSet<string>(_names!).SetEquals(other._names!);
            case ValueKind.Own:
            case ValueKind.Borrow:
                return ReferenceEquals(_handle, other._handle) || Equals(_handle, other._handle);
            default:
                return _bits == other._bits;
        }
    }

    private static bool ItemsEqual(WitValue[] a, WitValue[] b)
    {
        if (a.Length != b.Length) return false;
        for (int i = 0; i < a.Length; i++) if (!a[i].Equals(b[i])) return false;
        return true;
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is WitValue v && Equals(v);

    /// <inheritdoc/>
    public override int GetHashCode() => Kind == ValueKind.String ? HashCode.Combine(Kind, Text) : HashCode.Combine(Kind, _bits, _text);

    /// <summary>The value in WAVE (the WebAssembly Value Encoding).</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        Wave.WaveWriter.Write(sb, this);
        return sb.ToString();
    }
}

/// <summary>
/// A resource handle held by the host: an <c>own</c> or <c>borrow</c> of a resource of some type. Owned handles
/// from guests must be dropped (or passed back) by the host; <see cref="Rep"/> is meaningful for host-defined
/// resources.
/// </summary>
public sealed class ResourceHandle
{
    /// <summary>Creates a handle.</summary>
    public ResourceHandle(ResourceType type, uint rep, bool isOwn)
    {
        Type = type;
        Rep = rep;
        IsOwn = isOwn;
    }

    /// <summary>The resource type.</summary>
    public ResourceType Type { get; }

    /// <summary>The representation (for resources defined by a component, the value it gave to <c>resource.new</c>).</summary>
    public uint Rep { get; }

    /// <summary>True for an owning handle.</summary>
    public bool IsOwn { get; }

    /// <summary>True once the handle was moved into a call or dropped.</summary>
    public bool IsConsumed { get; internal set; }

    /// <summary>Drops an owned handle the host holds, running the resource's destructor (see <see cref="ResourceType.DropOwned"/>).</summary>
    /// <exception cref="InvalidOperationException">The handle is a borrow, or was already moved or dropped.</exception>
    public void Drop()
    {
        if (!IsOwn) throw new InvalidOperationException("only owned handles are dropped; a borrow ends with its call");
        if (IsConsumed) throw new InvalidOperationException("the handle was already moved or dropped");
        IsConsumed = true;
        Type.DropOwned(Rep);
    }

    /// <inheritdoc/>
    public override string ToString() => $"{(IsOwn ? "own" : "borrow")}<{Type}>#{Rep}";
}
