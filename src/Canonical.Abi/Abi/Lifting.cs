using System.Buffers.Binary;
using Wasm.Components.Types;
using Wasm.Components.Values;

namespace Wasm.Components.Abi;

/// <summary>Reads flat core values in order (the spec's <c>CoreValueIter</c>). Every value is read by its raw bits,
/// so the variant payload coercions of <c>lift_flat_variant</c> (wrap i64 to i32, reinterpret to float) fall out
/// of reading the bits as the wanted type.</summary>
internal ref struct FlatReader(ReadOnlySpan<Value> values)
{
    private readonly ReadOnlySpan<Value> _values = values;
    private int _index;

    public long Next() => _values[_index++].Bits;

    public void Skip(int count) => _index += count;
}

/// <summary>Lifting: <c>lift_flat</c> (core values to component values) and <c>load</c> (linear memory to
/// component values). Every ABI violation traps with <see cref="TrapCode.CanonicalAbi"/>.</summary>
internal static class Lifting
{
    internal const string ListOutOfBounds = "list content out-of-bounds: list pointer/length out of bounds of memory";

    /// <summary><c>MAX_LIST_BYTE_LENGTH</c>.</summary>
    internal const ulong MaxListByteLength = (1u << 28) - 1;

    /// <summary><c>lift_flat</c>.</summary>
    public static WitValue LiftFlat(LiftLowerContext cx, ref FlatReader vi, WitType t)
    {
        switch (t.Kind)
        {
            case ValueKind.Bool: return WitValue.Bool((int)vi.Next() != 0);
            case ValueKind.S8: return WitValue.S8((sbyte)vi.Next());
            case ValueKind.U8: return WitValue.U8((byte)vi.Next());
            case ValueKind.S16: return WitValue.S16((short)vi.Next());
            case ValueKind.U16: return WitValue.U16((ushort)vi.Next());
            case ValueKind.S32: return WitValue.S32((int)vi.Next());
            case ValueKind.U32: return WitValue.U32((uint)vi.Next());
            case ValueKind.S64: return WitValue.S64(vi.Next());
            case ValueKind.U64: return WitValue.U64((ulong)vi.Next());
            case ValueKind.F32: return WitValue.F32(DecodeF32((int)vi.Next()));
            case ValueKind.F64: return WitValue.F64(DecodeF64(vi.Next()));
            case ValueKind.Char: return Char((uint)vi.Next());
            case ValueKind.String:
            {
                uint ptr = (uint)vi.Next();
                return Strings.Load(cx, ptr, (uint)vi.Next());
            }
            case ValueKind.List:
            case ValueKind.Map:
            {
                var layout = TypeLayout.Of(t);
                if (layout.Shape == LayoutShape.FixedList)
                {
                    var items = new WitValue[layout.FixedLength];
                    for (int i = 0; i < items.Length; i++) items[i] = LiftFlat(cx, ref vi, layout.Children[0]!);
                    return WitValue.List(items);
                }
                uint ptr = (uint)vi.Next();
                return LoadListFromRange(cx, ptr, (uint)vi.Next(), layout.Children[0]!);
            }
            case ValueKind.Record:
            case ValueKind.Tuple:
            {
                var layout = TypeLayout.Of(t);
                var items = new WitValue[layout.Children.Length];
                for (int i = 0; i < items.Length; i++) items[i] = LiftFlat(cx, ref vi, layout.Children[i]!);
                return layout.Names is { } names ? WitValue.RecordFrom(names, items) : WitValue.Tuple(items);
            }
            case ValueKind.Variant:
            case ValueKind.Enum:
            case ValueKind.Option:
            case ValueKind.Result:
            {
                var layout = TypeLayout.Of(t);
                uint index = CheckDiscriminant((uint)vi.Next(), layout);
                var payloadType = layout.Children[index];
                WitValue? payload = null;
                int used = 0;
                if (payloadType is not null)
                {
                    payload = LiftFlat(cx, ref vi, payloadType);
                    used = TypeLayout.Of(payloadType).FlatCount;
                }
                vi.Skip(layout.FlatCount - 1 - used);
                return MakeCase(t, layout, (int)index, payload);
            }
            case ValueKind.Flags:
            {
                var layout = TypeLayout.Of(t);
                int words = layout.FlagCount <= 32 ? 1 : (layout.FlagCount + 31) / 32;
                Span<uint> bits = stackalloc uint[words];
                for (int i = 0; i < words; i++) bits[i] = (uint)vi.Next();
                return UnpackFlags((FlagsType)t, bits);
            }
            case ValueKind.Own:
            case ValueKind.Borrow:
                return LiftHandle(cx, (uint)vi.Next(), (HandleType)t);
            default:
                throw new NotSupportedException($"the canonical ABI for {t} is not implemented");
        }
    }

    /// <summary><c>load</c>: the value of type <paramref name="t"/> at <paramref name="ptr"/>, which the caller checked
    /// to be aligned and in bounds.</summary>
    public static WitValue Load(LiftLowerContext cx, uint ptr, WitType t)
    {
        switch (t.Kind)
        {
            case ValueKind.Bool: return WitValue.Bool(cx.At(ptr, 1)[0] != 0);
            case ValueKind.S8: return WitValue.S8((sbyte)cx.At(ptr, 1)[0]);
            case ValueKind.U8: return WitValue.U8(cx.At(ptr, 1)[0]);
            case ValueKind.S16: return WitValue.S16(BinaryPrimitives.ReadInt16LittleEndian(cx.At(ptr, 2)));
            case ValueKind.U16: return WitValue.U16(BinaryPrimitives.ReadUInt16LittleEndian(cx.At(ptr, 2)));
            case ValueKind.S32: return WitValue.S32(ReadI32(cx, ptr));
            case ValueKind.U32: return WitValue.U32((uint)ReadI32(cx, ptr));
            case ValueKind.S64: return WitValue.S64(BinaryPrimitives.ReadInt64LittleEndian(cx.At(ptr, 8)));
            case ValueKind.U64: return WitValue.U64(BinaryPrimitives.ReadUInt64LittleEndian(cx.At(ptr, 8)));
            case ValueKind.F32: return WitValue.F32(DecodeF32(ReadI32(cx, ptr)));
            case ValueKind.F64: return WitValue.F64(DecodeF64(BinaryPrimitives.ReadInt64LittleEndian(cx.At(ptr, 8))));
            case ValueKind.Char: return Char((uint)ReadI32(cx, ptr));
            case ValueKind.String: return Strings.Load(cx, (uint)ReadI32(cx, ptr), (uint)ReadI32(cx, ptr + 4));
            case ValueKind.List:
            case ValueKind.Map:
            {
                var layout = TypeLayout.Of(t);
                if (layout.Shape == LayoutShape.FixedList) return LoadListFromValidRange(cx, ptr, layout.FixedLength, layout.Children[0]!);
                return LoadListFromRange(cx, (uint)ReadI32(cx, ptr), (uint)ReadI32(cx, ptr + 4), layout.Children[0]!);
            }
            case ValueKind.Record:
            case ValueKind.Tuple:
            {
                var layout = TypeLayout.Of(t);
                var items = new WitValue[layout.Children.Length];
                for (int i = 0; i < items.Length; i++) items[i] = Load(cx, ptr + layout.FieldOffsets![i], layout.Children[i]!);
                return layout.Names is { } names ? WitValue.RecordFrom(names, items) : WitValue.Tuple(items);
            }
            case ValueKind.Variant:
            case ValueKind.Enum:
            case ValueKind.Option:
            case ValueKind.Result:
            {
                var layout = TypeLayout.Of(t);
                uint disc = layout.DiscriminantSize switch
                {
                    1 => cx.At(ptr, 1)[0],
                    2 => BinaryPrimitives.ReadUInt16LittleEndian(cx.At(ptr, 2)),
                    _ => (uint)ReadI32(cx, ptr),
                };
                uint index = CheckDiscriminant(disc, layout);
                var payloadType = layout.Children[index];
                var payload = payloadType is null ? null : Load(cx, ptr + layout.PayloadOffset, payloadType);
                return MakeCase(t, layout, (int)index, payload);
            }
            case ValueKind.Flags:
            {
                var layout = TypeLayout.Of(t);
                int n = layout.FlagCount;
                Span<uint> bits = stackalloc uint[n <= 32 ? 1 : (n + 31) / 32];
                if (n <= 8) bits[0] = cx.At(ptr, 1)[0];
                else if (n <= 16) bits[0] = BinaryPrimitives.ReadUInt16LittleEndian(cx.At(ptr, 2));
                else for (int i = 0; i < bits.Length; i++) bits[i] = (uint)ReadI32(cx, ptr + 4 * (uint)i);
                return UnpackFlags((FlagsType)t, bits);
            }
            case ValueKind.Own:
            case ValueKind.Borrow:
                return LiftHandle(cx, (uint)ReadI32(cx, ptr), (HandleType)t);
            default:
                throw new NotSupportedException($"the canonical ABI for {t} is not implemented");
        }
    }

    /// <summary><c>load_list_from_range</c>: checks the byte length, alignment and bounds, then loads.</summary>
    public static WitValue LoadListFromRange(LiftLowerContext cx, uint ptr, uint length, WitType element)
    {
        var e = TypeLayout.Of(element);
        ulong byteLength = (ulong)length * e.Size;
        if (byteLength > MaxListByteLength) throw HandleTables.Trap(ListOutOfBounds);
        LiftLowerContext.CheckAligned(ptr, e.Alignment, "list pointer");
        cx.CheckBounds(ptr, byteLength, ListOutOfBounds);
        return LoadListFromValidRange(cx, ptr, length, element);
    }

    private static WitValue LoadListFromValidRange(LiftLowerContext cx, uint ptr, uint length, WitType element)
    {
        uint size = TypeLayout.Of(element).Size;
        var items = new WitValue[length];
        for (uint i = 0; i < length; i++) items[i] = Load(cx, ptr + i * size, element);
        return WitValue.List(items);
    }

    private static int ReadI32(LiftLowerContext cx, uint ptr) => BinaryPrimitives.ReadInt32LittleEndian(cx.At(ptr, 4));

    /// <summary><c>decode_i32_as_float</c>: reinterpret and canonicalize NaN.</summary>
    internal static float DecodeF32(int bits)
    {
        float f = BitConverter.Int32BitsToSingle(bits);
        return float.IsNaN(f) ? BitConverter.Int32BitsToSingle(CanonicalAbi.CanonicalNaN32) : f;
    }

    /// <summary><c>decode_i64_as_float</c>: reinterpret and canonicalize NaN.</summary>
    internal static double DecodeF64(long bits)
    {
        double f = BitConverter.Int64BitsToDouble(bits);
        return double.IsNaN(f) ? BitConverter.Int64BitsToDouble(CanonicalAbi.CanonicalNaN64) : f;
    }

    /// <summary><c>convert_i32_to_char</c>.</summary>
    private static WitValue Char(uint i)
    {
        if (i >= 0x110000 || (i >= 0xD800 && i <= 0xDFFF)) throw HandleTables.Trap("invalid `char` bit pattern");
        return WitValue.Char((int)i);
    }

    private static uint CheckDiscriminant(uint disc, TypeLayout layout)
    {
        int n = layout.Children.Length;
        if (disc >= (uint)n) throw HandleTables.Trap($"invalid variant discriminant: discriminant {disc} out of range [0..{n})");
        return disc;
    }

    private static WitValue MakeCase(WitType t, TypeLayout layout, int index, WitValue? payload) => t.Kind switch
    {
        ValueKind.Enum => WitValue.EnumAt(index, layout.Names![index]),
        ValueKind.Option => index == 0 ? WitValue.None : WitValue.Some(payload!),
        ValueKind.Result => index == 0 ? WitValue.Ok(payload) : WitValue.Err(payload),
        _ => WitValue.VariantAt(index, layout.Names![index], payload),
    };

    /// <summary><c>unpack_flags_from_int</c>: bits beyond the labels are ignored.</summary>
    private static WitValue UnpackFlags(FlagsType t, ReadOnlySpan<uint> bits)
    {
        var names = t.Names;
        int count = 0;
        for (int i = 0; i < names.Count; i++) if ((bits[i >> 5] & (1u << (i & 31))) != 0) count++;
        var set = new string[count];
        count = 0;
        for (int i = 0; i < names.Count; i++) if ((bits[i >> 5] & (1u << (i & 31))) != 0) set[count++] = names[i];
        return WitValue.Flags(set);
    }

    /// <summary><c>lift_own</c> / <c>lift_borrow</c>.</summary>
    private static WitValue LiftHandle(LiftLowerContext cx, uint index, HandleType t)
    {
        var tables = cx.Options.Handles;
        if (t.IsOwn) return WitValue.Handle(new ResourceHandle(t.Resource, tables.LiftOwn(index, t.Resource), true));
        return WitValue.Handle(new ResourceHandle(t.Resource, tables.LiftBorrow(index, t.Resource, cx), false));
    }
}
