using System.Runtime.Intrinsics;

namespace Wasm;

/// <summary>
/// A GC object allocated by guest code (GC proposal): a struct or an array. The host sees it as an opaque
/// reference it may hold and pass back; the .NET garbage collector manages its lifetime.
/// </summary>
public abstract class GcObject
{
    private protected GcObject(DefinedType type) => Type = type;

    /// <summary>The object's run-time type: the canonical defined type it was allocated with.</summary>
    public DefinedType Type { get; }
}

/// <summary>
/// A struct instance: numeric fields in 64-bit slots (v128 takes two), references in their own slots. The first
/// <see cref="InlineSlots"/> of each kind live in the object itself, so a typical struct is one allocation; larger
/// ones spill the rest into arrays.
/// </summary>
public sealed class GcStruct : GcObject
{
    internal const int InlineSlots = 4;

    [System.Runtime.CompilerServices.InlineArray(InlineSlots)]
    internal struct NumberSlots { private long _first; }

    [System.Runtime.CompilerServices.InlineArray(InlineSlots)]
    internal struct ReferenceSlots { private object? _first; }

    private NumberSlots _numbers;
    private ReferenceSlots _refs;
    private readonly long[] _moreNumbers;
    private readonly object?[] _moreRefs;

    internal GcStruct(DefinedType type) : base(type)
    {
        _moreNumbers = type.NumericSlots <= InlineSlots ? [] : new long[type.NumericSlots - InlineSlots];
        _moreRefs = type.RefSlots <= InlineSlots ? [] : new object?[type.RefSlots - InlineSlots];
    }

    /// <summary>Numeric slot <paramref name="slot"/>.</summary>
    internal ref long Num(int slot) => ref slot < InlineSlots ? ref _numbers[slot] : ref _moreNumbers[slot - InlineSlots];

    /// <summary>Reference slot <paramref name="slot"/>.</summary>
    internal ref object? Ref(int slot) => ref slot < InlineSlots ? ref _refs[slot] : ref _moreRefs[slot - InlineSlots];

    /// <summary>Reads field <paramref name="index"/> as a <see cref="Value"/> (packed fields zero-extended).</summary>
    public Value GetField(int index)
    {
        var f = Type.Fields[index];
        int slot = Type.Slots[index];
        return f.Type.Kind switch
        {
            ValKind.I32 => Value.FromI32((int)Num(slot)),
            ValKind.I64 => Value.FromI64(Num(slot)),
            ValKind.F32 => Value.FromF32Bits((int)Num(slot)),
            ValKind.F64 => Value.FromF64Bits(Num(slot)),
            ValKind.V128 => Value.FromV128(Vector128.Create(Num(slot), Num(slot + 1)).AsByte()),
            _ => Value.FromRef(f.Type, Ref(slot)),
        };
    }

    /// <inheritdoc/>
    public override string ToString() => "struct " + Type;
}

/// <summary>An array instance; its elements live in a typed .NET array (bytes for i8, ushorts for i16, ...).</summary>
public abstract class GcArray : GcObject
{
    private protected GcArray(DefinedType type) : base(type) { }

    /// <summary>Number of elements.</summary>
    public abstract int Length { get; }

    /// <summary>The typed backing store (e.g. <c>int[]</c>, <c>byte[]</c>, <c>object?[]</c>).</summary>
    public abstract Array Storage { get; }

    /// <inheritdoc/>
    public override string ToString() => $"array[{Length}] {Type}";
}

/// <summary>An array whose elements are stored as <typeparamref name="T"/>.</summary>
internal sealed class GcArray<T> : GcArray
{
    internal readonly T[] Items;

    internal GcArray(DefinedType type, T[] items) : base(type) => Items = items;

    public override int Length => Items.Length;

    public override Array Storage => Items;
}

/// <summary>An <c>i31ref</c>: a 31-bit integer as a reference (GC). Compared by value with <c>ref.eq</c>.</summary>
public sealed class I31Ref : IEquatable<I31Ref>
{
    private static readonly I31Ref[] Small = CreateSmall();

    private I31Ref(int value) => Value = value;

    /// <summary>The value zero-extended from 31 bits.</summary>
    public int Value { get; }

    /// <summary>The value sign-extended from 31 bits.</summary>
    public int SignedValue => (Value << 1) >> 1;

    /// <summary>The reference for the low 31 bits of <paramref name="value"/>.</summary>
    public static I31Ref Of(int value)
    {
        int v = value & 0x7FFFFFFF;
        return v < Small.Length ? Small[v] : new I31Ref(v);
    }

    private static I31Ref[] CreateSmall()
    {
        // Small non-negative values are the common case (tags, booleans, counters): share them.
        var a = new I31Ref[256];
        for (int i = 0; i < a.Length; i++) a[i] = new I31Ref(i);
        return a;
    }

    /// <inheritdoc/>
    public bool Equals(I31Ref? other) => other is not null && other.Value == Value;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as I31Ref);

    /// <inheritdoc/>
    public override int GetHashCode() => Value;

    /// <inheritdoc/>
    public override string ToString() => $"i31:{Value}";
}
