using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Wasm.Runtime;

namespace Wasm.Compilation;

/// <summary>
/// GC instructions as compiled code calls them: typed per storage (no boxing), null and bounds checks trapping
/// with the spec's messages. Immediates (field slot, segment index, type) come last.
/// </summary>
internal static class GcOps
{
    private static GcStruct S(object? o) => o is GcStruct s ? s : throw new TrapException(TrapCode.NullStructReference);

    private static GcArray<T> A<T>(object? o) => o is GcArray<T> a ? a : throw new TrapException(TrapCode.NullArrayReference);

    // ---- structs ----

    public static GcStruct StructNew(DefinedType type) => new(type);

    public static int StructGetI32(object? s, int slot) => (int)S(s).Num(slot);
    public static long StructGetI64(object? s, int slot) => S(s).Num(slot);
    public static float StructGetF32(object? s, int slot) => BitConverter.Int32BitsToSingle((int)S(s).Num(slot));
    public static double StructGetF64(object? s, int slot) => BitConverter.Int64BitsToDouble(S(s).Num(slot));
    public static Vector128<byte> StructGetV128(object? s, int slot)
    {
        var o = S(s);
        return Vector128.Create(o.Num(slot), o.Num(slot + 1)).AsByte();
    }
    public static object? StructGetRef(object? s, int slot) => S(s).Ref(slot);

    public static void StructSetI32(object? s, int v, int slot) => S(s).Num(slot) = v;
    public static void StructSetI64(object? s, long v, int slot) => S(s).Num(slot) = v;
    public static void StructSetF32(object? s, float v, int slot) => S(s).Num(slot) = BitConverter.SingleToInt32Bits(v);
    public static void StructSetF64(object? s, double v, int slot) => S(s).Num(slot) = BitConverter.DoubleToInt64Bits(v);
    public static void StructSetV128(object? s, Vector128<byte> v, int slot)
    {
        var o = S(s);
        o.Num(slot) = v.AsInt64().GetElement(0);
        o.Num(slot + 1) = v.AsInt64().GetElement(1);
    }
    public static void StructSetRef(object? s, object? v, int slot) => S(s).Ref(slot) = v;

    // ---- arrays ----

    private static T[] Allocate<T>(int length)
    {
        if ((uint)length > (uint)Array.MaxLength / 2) throw new TrapException(TrapCode.AllocationTooLarge);
        return length == 0 ? [] : new T[length];
    }

    public static GcArray<T> ArrayNew<T>(T value, int length, DefinedType type)
    {
        var items = Allocate<T>(length);
        if (!EqualityComparer<T>.Default.Equals(value, default!)) items.AsSpan().Fill(value);
        return new GcArray<T>(type, items);
    }

    public static GcArray<T> ArrayNewDefault<T>(int length, DefinedType type) => new(type, Allocate<T>(length));

    /// <summary>An array of <paramref name="length"/> elements read from a data segment (little-endian).</summary>
    public static GcArray<T> ArrayNewData<T>(int offset, int length, DefinedType type, VmContext ctx, int segment) where T : unmanaged
    {
        var data = ctx.Datas[segment].Span; // empty once dropped
        ulong bytes = (ulong)(uint)length * (ulong)Unsafe.SizeOf<T>();
        if ((ulong)(uint)offset + bytes > (ulong)data.Length) throw new TrapException(TrapCode.MemoryOutOfBounds);
        var items = Allocate<T>(length);
        data.Slice(offset, (int)bytes).CopyTo(MemoryMarshal.AsBytes(items.AsSpan()));
        return new GcArray<T>(type, items);
    }

    public static GcArray<object?> ArrayNewElem(int offset, int length, DefinedType type, VmContext ctx, int segment)
    {
        var elems = ctx.Elems[segment] ?? [];
        if ((ulong)(uint)offset + (uint)length > (ulong)elems.Length) throw new TrapException(TrapCode.TableOutOfBounds);
        var items = Allocate<object?>(length);
        Array.Copy(elems, offset, items, 0, length);
        return new GcArray<object?>(type, items);
    }

    public static T ArrayGet<T>(object? a, int index)
    {
        var items = A<T>(a).Items;
        if ((uint)index >= (uint)items.Length) throw new TrapException(TrapCode.ArrayOutOfBounds);
        return items[index];
    }

    public static void ArraySet<T>(object? a, int index, T value)
    {
        var items = A<T>(a).Items;
        if ((uint)index >= (uint)items.Length) throw new TrapException(TrapCode.ArrayOutOfBounds);
        items[index] = value;
    }

    public static int ArrayLen(object? a) => a is GcArray g ? g.Length : throw new TrapException(TrapCode.NullArrayReference);

    public static void ArrayFill<T>(object? a, int offset, T value, int count)
    {
        var items = A<T>(a).Items;
        if ((ulong)(uint)offset + (uint)count > (ulong)items.Length) throw new TrapException(TrapCode.ArrayOutOfBounds);
        items.AsSpan(offset, count).Fill(value);
    }

    public static void ArrayCopy<T>(object? dst, int dstOffset, object? src, int srcOffset, int count)
    {
        var d = A<T>(dst).Items;
        var s = A<T>(src).Items;
        if ((ulong)(uint)dstOffset + (uint)count > (ulong)d.Length || (ulong)(uint)srcOffset + (uint)count > (ulong)s.Length)
            throw new TrapException(TrapCode.ArrayOutOfBounds);
        Array.Copy(s, srcOffset, d, dstOffset, count);
    }

    public static void ArrayInitData<T>(object? a, int dstOffset, int srcOffset, int count, VmContext ctx, int segment) where T : unmanaged
    {
        var items = A<T>(a).Items;
        if ((ulong)(uint)dstOffset + (uint)count > (ulong)items.Length) throw new TrapException(TrapCode.ArrayOutOfBounds);
        var data = ctx.Datas[segment].Span; // empty once dropped
        ulong bytes = (ulong)(uint)count * (ulong)Unsafe.SizeOf<T>();
        if ((ulong)(uint)srcOffset + bytes > (ulong)data.Length) throw new TrapException(TrapCode.MemoryOutOfBounds);
        data.Slice(srcOffset, (int)bytes).CopyTo(MemoryMarshal.AsBytes(items.AsSpan(dstOffset, count)));
    }

    public static void ArrayInitElem(object? a, int dstOffset, int srcOffset, int count, VmContext ctx, int segment)
    {
        var items = A<object?>(a).Items;
        if ((ulong)(uint)dstOffset + (uint)count > (ulong)items.Length) throw new TrapException(TrapCode.ArrayOutOfBounds);
        var elems = ctx.Elems[segment] ?? [];
        if ((ulong)(uint)srcOffset + (uint)count > (ulong)elems.Length) throw new TrapException(TrapCode.TableOutOfBounds);
        Array.Copy(elems, srcOffset, items, dstOffset, count);
    }

    // ---- untyped construction (constant expressions, the embedding API) ----

    /// <summary>The CLR element type an array of <paramref name="element"/> stores.</summary>
    public static Type StorageType(FieldType element) => element.Packed switch
    {
        PackedType.I8 => typeof(byte),
        PackedType.I16 => typeof(ushort),
        _ => Signatures.ClrType(element.Type),
    };

    /// <summary>A default-initialised array of <paramref name="type"/>.</summary>
    public static GcArray NewArray(DefinedType type, int length) => StorageType(type.Fields[0]) switch
    {
        var t when t == typeof(byte) => ArrayNewDefault<byte>(length, type),
        var t when t == typeof(ushort) => ArrayNewDefault<ushort>(length, type),
        var t when t == typeof(int) => ArrayNewDefault<int>(length, type),
        var t when t == typeof(long) => ArrayNewDefault<long>(length, type),
        var t when t == typeof(float) => ArrayNewDefault<float>(length, type),
        var t when t == typeof(double) => ArrayNewDefault<double>(length, type),
        var t when t == typeof(Vector128<byte>) => ArrayNewDefault<Vector128<byte>>(length, type),
        _ => ArrayNewDefault<object?>(length, type),
    };

    /// <summary>Stores <paramref name="v"/> (of the element's value type) at <paramref name="index"/>.</summary>
    public static void SetElement(GcArray array, int index, Value v)
    {
        switch (array)
        {
            case GcArray<byte> a: a.Items[index] = (byte)v.I32; break;
            case GcArray<ushort> a: a.Items[index] = (ushort)v.I32; break;
            case GcArray<int> a: a.Items[index] = v.I32; break;
            case GcArray<long> a: a.Items[index] = v.I64; break;
            case GcArray<float> a: a.Items[index] = v.F32; break;
            case GcArray<double> a: a.Items[index] = v.F64; break;
            case GcArray<Vector128<byte>> a: a.Items[index] = v.V128; break;
            case GcArray<object?> a: a.Items[index] = v.Ref; break;
        }
    }

    /// <summary>Stores <paramref name="v"/> in field <paramref name="field"/> of <paramref name="s"/>.</summary>
    public static void SetField(GcStruct s, int field, Value v)
    {
        var f = s.Type.Fields[field];
        int slot = s.Type.Slots[field];
        switch (f.Type.Kind)
        {
            case ValKind.I32: s.Num(slot) = f.Packed == PackedType.I8 ? (byte)v.I32 : f.Packed == PackedType.I16 ? (ushort)v.I32 : v.I32; break;
            case ValKind.I64 or ValKind.F32 or ValKind.F64: s.Num(slot) = f.Type.Kind == ValKind.F32 ? v.I32 : v.I64; break;
            case ValKind.V128: StructSetV128(s, v.V128, slot); break;
            default: s.Ref(slot) = v.Ref; break;
        }
    }

    // ---- i31, equality, casts ----

    public static object RefI31(int value) => I31Ref.Of(value);

    public static int I31GetS(object? r) => r is I31Ref i ? i.SignedValue : throw new TrapException(TrapCode.NullI31Reference);

    public static int I31GetU(object? r) => r is I31Ref i ? i.Value : throw new TrapException(TrapCode.NullI31Reference);

    public static int RefEq(object? a, object? b) =>
        ReferenceEquals(a, b) || (a is I31Ref x && b is I31Ref y && x.Value == y.Value) ? 1 : 0;

    /// <summary>Whether <paramref name="r"/> is a value of <c>(ref null? heap)</c>; <paramref name="typeId"/> names a concrete type.</summary>
    public static bool IsInstance(object? r, int heap, int typeId, bool nullable)
    {
        if (r is null) return nullable;
        if (typeId > 0)
        {
            var target = TypeRegistry.Get(typeId);
            return r switch
            {
                GcObject g => g.Type.IsSubtypeOf(target),
                Function f => TypeRegistry.Get(f.TypeId).IsSubtypeOf(target),
                _ => false,
            };
        }
        return (HeapType)heap switch
        {
            HeapType.Any or HeapType.Func or HeapType.Extern or HeapType.Exn => true,
            HeapType.Eq => r is GcObject or I31Ref,
            HeapType.I31 => r is I31Ref,
            HeapType.Struct => r is GcStruct,
            HeapType.Array => r is GcArray,
            _ => false,
        };
    }

    /// <summary>[ref] → [i32] for a concrete target type.</summary>
    public static int IsInstanceOf(object? r, bool nullable, DefinedType target)
    {
        if (r is null) return nullable ? 1 : 0;
        var actual = r switch
        {
            GcObject g => g.Type,
            Function f => TypeRegistry.Get(f.TypeId),
            _ => null,
        };
        return actual is not null && actual.IsSubtypeOf(target) ? 1 : 0;
    }

    /// <summary>[ref] → [i32] for an abstract target heap type.</summary>
    public static int IsInstanceOfHeap(object? r, int heap, bool nullable) => IsInstance(r, heap, 0, nullable) ? 1 : 0;

    /// <summary>Whether a host-supplied reference of type <paramref name="t"/> needs a run-time check before compiled
    /// code may rely on it (anything narrower than a nullable <c>funcref</c>, <c>externref</c>, <c>anyref</c>, <c>exnref</c>).</summary>
    public static bool NeedsCheck(ValType t) =>
        t.IsRef && !(t.Nullable && !t.IsConcrete && t.Heap is HeapType.Func or HeapType.Extern or HeapType.Any or HeapType.Exn);

    /// <summary>Passes a host argument through when it is a value of its parameter's type.</summary>
    /// <exception cref="ArgumentException">It is not.</exception>
    public static object? CheckArgument(object? r, int heap, int typeId, bool nullable, int index)
    {
        if (IsInstance(r, heap, typeId, nullable)) return r;
        var t = new ValType(ValKind.Ref, (HeapType)heap, nullable, typeId);
        throw new ArgumentException($"argument {index}: {(r is null ? "null" : r.GetType().Name)} is not a value of {t}");
    }

    /// <summary><c>call_indirect</c> to a type that may have subtypes: does the callee's type match?</summary>
    public static bool FuncTypeMatches(int actual, int expected) =>
        actual == expected || TypeRegistry.Get(actual).IsSubtypeOf(TypeRegistry.Get(expected));
}
