using System.Buffers.Binary;
using Wasm.Components.Types;
using Wasm.Components.Values;

namespace Wasm.Components.Abi;

/// <summary>Lowering: <c>lower_flat</c> (component values to core values) and <c>store</c> (component values to
/// linear memory). A value that does not match its type is a host programming error
/// (<see cref="ArgumentException"/>); what the guest does wrong (realloc results) traps.</summary>
internal static class Lowering
{
    private const string ListAllocation = "list content out-of-bounds";

    /// <summary><c>lower_flat</c>: writes the flat values of <paramref name="v"/> at <paramref name="pos"/>.</summary>
    public static void LowerFlat(LiftLowerContext cx, WitValue v, WitType t, Span<Value> dst, ref int pos)
    {
        switch (t.Kind)
        {
            case ValueKind.Bool: dst[pos++] = Value.FromI32(Expect(v, t).RawBits != 0 ? 1 : 0); return;
            case ValueKind.S8 or ValueKind.U8 or ValueKind.S16 or ValueKind.U16 or ValueKind.S32 or ValueKind.U32 or ValueKind.Char:
                dst[pos++] = Value.FromI32(unchecked((int)Expect(v, t).RawBits));
                return;
            case ValueKind.S64 or ValueKind.U64: dst[pos++] = Value.FromI64(Expect(v, t).RawBits); return;
            case ValueKind.F32: dst[pos++] = Value.FromF32Bits(EncodeF32(Expect(v, t))); return;
            case ValueKind.F64: dst[pos++] = Value.FromF64Bits(EncodeF64(Expect(v, t))); return;
            case ValueKind.String:
            {
                var (ptr, units) = Strings.Store(cx, Expect(v, t));
                dst[pos++] = Value.FromI32(unchecked((int)ptr));
                dst[pos++] = Value.FromI32(unchecked((int)units));
                return;
            }
            case ValueKind.List:
            case ValueKind.Map:
            {
                var layout = TypeLayout.Of(t);
                var items = Expect(v, ValueKind.List, t).RawItems;
                if (layout.Shape == LayoutShape.FixedList)
                {
                    CheckCount(items.Length, layout.FixedLength, t);
                    foreach (var item in items) LowerFlat(cx, item, layout.Children[0]!, dst, ref pos);
                    return;
                }
                var (p, n) = StoreListIntoRange(cx, items, layout.Children[0]!);
                dst[pos++] = Value.FromI32(unchecked((int)p));
                dst[pos++] = Value.FromI32(unchecked((int)n));
                return;
            }
            case ValueKind.Record:
            case ValueKind.Tuple:
            {
                var layout = TypeLayout.Of(t);
                var items = RecordItems(v, t, layout);
                for (int i = 0; i < items.Length; i++) LowerFlat(cx, items[i], layout.Children[i]!, dst, ref pos);
                return;
            }
            case ValueKind.Variant:
            case ValueKind.Enum:
            case ValueKind.Option:
            case ValueKind.Result:
            {
                var layout = TypeLayout.Of(t);
                var (index, payload) = MatchCase(v, t, layout);
                dst[pos++] = Value.FromI32(index);
                int start = pos;
                if (payload is not null) LowerFlat(cx, payload, layout.Children[index]!, dst, ref pos);
                var joined = layout.Flat!;
                for (int i = start; i < pos; i++) dst[i] = Coerce(dst[i], joined[1 + i - start]);
                int end = start + joined.Length - 1;
                for (int i = pos; i < end; i++) dst[i] = Value.Default(joined[1 + i - start]);
                pos = end;
                return;
            }
            case ValueKind.Flags:
            {
                var layout = TypeLayout.Of(t);
                Span<uint> bits = stackalloc uint[layout.FlagCount <= 32 ? 1 : (layout.FlagCount + 31) / 32];
                PackFlags(Expect(v, t), (FlagsType)t, bits);
                foreach (var w in bits) dst[pos++] = Value.FromI32(unchecked((int)w));
                return;
            }
            case ValueKind.Own:
            case ValueKind.Borrow:
                dst[pos++] = Value.FromI32(unchecked((int)LowerHandle(cx, v, (HandleType)t)));
                return;
            default:
                throw new NotSupportedException($"the canonical ABI for {t} is not implemented");
        }
    }

    /// <summary>The joins of <c>lower_flat_variant</c>: f32 to i32 by bits, i32/f32 to i64 zero-extended, f64 to i64 by bits.</summary>
    private static Value Coerce(Value have, Wasm.ValType want)
    {
        if (have.Type == want) return have;
        if (want.Kind == ValKind.I32) return Value.FromI32((int)have.Bits);
        if (have.Type.Kind is ValKind.I32 or ValKind.F32) return Value.FromI64((uint)have.Bits);
        return Value.FromI64(have.Bits);
    }

    /// <summary><c>store</c>: writes <paramref name="v"/> at <paramref name="ptr"/>, which the caller checked.</summary>
    public static void Store(LiftLowerContext cx, WitValue v, WitType t, uint ptr)
    {
        switch (t.Kind)
        {
            case ValueKind.Bool: cx.At(ptr, 1)[0] = Expect(v, t).RawBits != 0 ? (byte)1 : (byte)0; return;
            case ValueKind.S8 or ValueKind.U8: cx.At(ptr, 1)[0] = unchecked((byte)Expect(v, t).RawBits); return;
            case ValueKind.S16 or ValueKind.U16: BinaryPrimitives.WriteInt16LittleEndian(cx.At(ptr, 2), unchecked((short)Expect(v, t).RawBits)); return;
            case ValueKind.S32 or ValueKind.U32 or ValueKind.Char: WriteI32(cx, ptr, unchecked((uint)Expect(v, t).RawBits)); return;
            case ValueKind.S64 or ValueKind.U64: BinaryPrimitives.WriteInt64LittleEndian(cx.At(ptr, 8), Expect(v, t).RawBits); return;
            case ValueKind.F32: WriteI32(cx, ptr, (uint)EncodeF32(Expect(v, t))); return;
            case ValueKind.F64: BinaryPrimitives.WriteInt64LittleEndian(cx.At(ptr, 8), EncodeF64(Expect(v, t))); return;
            case ValueKind.String:
            {
                var (p, units) = Strings.Store(cx, Expect(v, t));
                WriteI32(cx, ptr, p);
                WriteI32(cx, ptr + 4, units);
                return;
            }
            case ValueKind.List:
            case ValueKind.Map:
            {
                var layout = TypeLayout.Of(t);
                var items = Expect(v, ValueKind.List, t).RawItems;
                if (layout.Shape == LayoutShape.FixedList)
                {
                    CheckCount(items.Length, layout.FixedLength, t);
                    StoreListIntoValidRange(cx, items, layout.Children[0]!, ptr);
                    return;
                }
                var (p, n) = StoreListIntoRange(cx, items, layout.Children[0]!);
                WriteI32(cx, ptr, p);
                WriteI32(cx, ptr + 4, n);
                return;
            }
            case ValueKind.Record:
            case ValueKind.Tuple:
            {
                var layout = TypeLayout.Of(t);
                StoreFields(cx, RecordItems(v, t, layout), layout, ptr);
                return;
            }
            case ValueKind.Variant:
            case ValueKind.Enum:
            case ValueKind.Option:
            case ValueKind.Result:
            {
                var layout = TypeLayout.Of(t);
                var (index, payload) = MatchCase(v, t, layout);
                switch (layout.DiscriminantSize)
                {
                    case 1: cx.At(ptr, 1)[0] = (byte)index; break;
                    case 2: BinaryPrimitives.WriteUInt16LittleEndian(cx.At(ptr, 2), (ushort)index); break;
                    default: WriteI32(cx, ptr, (uint)index); break;
                }
                if (payload is not null) Store(cx, payload, layout.Children[index]!, ptr + layout.PayloadOffset);
                return;
            }
            case ValueKind.Flags:
            {
                var layout = TypeLayout.Of(t);
                int n = layout.FlagCount;
                Span<uint> bits = stackalloc uint[n <= 32 ? 1 : (n + 31) / 32];
                PackFlags(Expect(v, t), (FlagsType)t, bits);
                if (n <= 8) cx.At(ptr, 1)[0] = (byte)bits[0];
                else if (n <= 16) BinaryPrimitives.WriteUInt16LittleEndian(cx.At(ptr, 2), (ushort)bits[0]);
                else for (int i = 0; i < bits.Length; i++) WriteI32(cx, ptr + 4 * (uint)i, bits[i]);
                return;
            }
            case ValueKind.Own:
            case ValueKind.Borrow:
                WriteI32(cx, ptr, LowerHandle(cx, v, (HandleType)t));
                return;
            default:
                throw new NotSupportedException($"the canonical ABI for {t} is not implemented");
        }
    }

    /// <summary>Stores record or tuple fields (also the spilled parameter tuple) at <paramref name="ptr"/>.</summary>
    internal static void StoreFields(LiftLowerContext cx, ReadOnlySpan<WitValue> items, TypeLayout layout, uint ptr)
    {
        for (int i = 0; i < items.Length; i++) Store(cx, items[i], layout.Children[i]!, ptr + layout.FieldOffsets![i]);
    }

    /// <summary><c>store_list_into_range</c>: allocates with realloc and stores the elements.</summary>
    private static (uint Ptr, uint Length) StoreListIntoRange(LiftLowerContext cx, WitValue[] items, WitType element)
    {
        var e = TypeLayout.Of(element);
        ulong byteLength = (ulong)items.Length * e.Size;
        if (byteLength > Lifting.MaxListByteLength) throw new ArgumentException($"a list of {items.Length} {element} exceeds the canonical ABI limit");
        uint ptr = cx.Allocate(e.Alignment, (uint)byteLength, ListAllocation);
        StoreListIntoValidRange(cx, items, element, ptr);
        return (ptr, (uint)items.Length);
    }

    private static void StoreListIntoValidRange(LiftLowerContext cx, WitValue[] items, WitType element, uint ptr)
    {
        uint size = TypeLayout.Of(element).Size;
        for (int i = 0; i < items.Length; i++) Store(cx, items[i], element, ptr + (uint)i * size);
    }

    private static void WriteI32(LiftLowerContext cx, uint ptr, uint v) => BinaryPrimitives.WriteUInt32LittleEndian(cx.At(ptr, 4), v);

    /// <summary><c>encode_float_as_i32</c> with the deterministic profile: NaN becomes the canonical NaN.</summary>
    private static int EncodeF32(WitValue v)
    {
        float f = (float)v.RawFloat;
        return float.IsNaN(f) ? CanonicalAbi.CanonicalNaN32 : BitConverter.SingleToInt32Bits(f);
    }

    private static long EncodeF64(WitValue v)
    {
        double f = v.RawFloat;
        return double.IsNaN(f) ? CanonicalAbi.CanonicalNaN64 : BitConverter.DoubleToInt64Bits(f);
    }

    // ------------------------------------------------------------------ value/type matching

    private static WitValue Expect(WitValue v, WitType t) => Expect(v, t.Kind, t);

    private static WitValue Expect(WitValue v, ValueKind kind, WitType t)
    {
        if (v is null) throw new ArgumentNullException(nameof(v), $"expected a value of type {t}, found null");
        if (v.Kind != kind) throw Mismatch(v, t);
        return v;
    }

    private static ArgumentException Mismatch(WitValue v, WitType t, string? detail = null) =>
        new($"expected a value of type {t}, found {v.Kind.ToString().ToLowerInvariant()} value {v}" + (detail is null ? "" : ": " + detail));

    private static void CheckCount(int count, uint expected, WitType t)
    {
        if ((uint)count != expected) throw new ArgumentException($"expected {expected} elements for {t}, found {count}");
    }

    /// <summary>The field values of a record (matched by name; in declaration order when the names line up) or tuple.</summary>
    private static WitValue[] RecordItems(WitValue v, WitType t, TypeLayout layout)
    {
        var items = Expect(v, t).RawItems;
        if (items.Length != layout.Children.Length)
            throw Mismatch(v, t, $"expected {layout.Children.Length} fields, found {items.Length}");
        if (layout.Names is not { } names) return items;
        var given = v.RawNames;
        bool inOrder = true;
        for (int i = 0; i < names.Length && inOrder; i++) inOrder = given[i] == names[i];
        if (inOrder) return items;
        var ordered = new WitValue[names.Length];
        for (int i = 0; i < names.Length; i++)
        {
            int j = Array.IndexOf(given, names[i]);
            if (j < 0) throw Mismatch(v, t, $"missing field '{names[i]}'");
            ordered[i] = items[j];
        }
        return ordered;
    }

    /// <summary><c>match_case</c>: the case index and payload, checking the payload's presence against the case.</summary>
    private static (int Index, WitValue? Payload) MatchCase(WitValue v, WitType t, TypeLayout layout)
    {
        int index;
        WitValue? payload = null;
        switch (t.Kind)
        {
            case ValueKind.Option:
                index = Expect(v, t).IsSome ? 1 : 0;
                payload = v.Payload;
                break;
            case ValueKind.Result:
                index = Expect(v, t).IsOk ? 0 : 1;
                payload = v.Payload;
                break;
            default:
            {
                var name = Expect(v, t).RawText;
                var names = layout.Names!;
                index = (int)v.RawBits;
                if ((uint)index >= (uint)names.Length || names[index] != name) index = Array.IndexOf(names, name);
                if (index < 0) throw Mismatch(v, t, $"unknown case '{name}'");
                if (t.Kind == ValueKind.Variant) payload = v.Payload;
                break;
            }
        }
        bool hasType = layout.Children[index] is not null;
        if (hasType && payload is null) throw Mismatch(v, t, $"case '{layout.Names![index]}' needs a payload");
        if (!hasType && payload is not null) throw Mismatch(v, t, $"case '{layout.Names![index]}' has no payload");
        return (index, payload);
    }

    /// <summary><c>pack_flags_into_int</c> from the names of the set flags.</summary>
    private static void PackFlags(WitValue v, FlagsType t, Span<uint> bits)
    {
        var names = t.Names;
        foreach (var name in v.RawNames)
        {
            int i = 0;
            while (i < names.Count && names[i] != name) i++;
            if (i == names.Count) throw Mismatch(v, t, $"unknown flag '{name}'");
            bits[i >> 5] |= 1u << (i & 31);
        }
    }

    /// <summary><c>lower_own</c> / <c>lower_borrow</c> of a host-held handle.</summary>
    private static uint LowerHandle(LiftLowerContext cx, WitValue v, HandleType t)
    {
        if (v is null) throw new ArgumentNullException(nameof(v), $"expected a value of type {t}, found null");
        if (v.Kind is not (ValueKind.Own or ValueKind.Borrow)) throw Mismatch(v, t);
        var h = v.RawHandle!;
        if (!ReferenceEquals(h.Type, t.Resource)) throw Mismatch(v, t, $"the handle is of resource type {h.Type}");
        if (h.IsConsumed) throw Mismatch(v, t, "the handle was already moved or dropped");
        if (t.IsOwn)
        {
            if (!h.IsOwn) throw Mismatch(v, t, "a borrow cannot be passed as an owned handle");
            h.IsConsumed = true;
            return cx.Options.Handles.LowerOwn(h.Rep, t.Resource);
        }
        return cx.Options.Handles.LowerBorrow(h.Rep, t.Resource, cx);
    }
}
