using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using V = System.Runtime.Intrinsics.Vector128<byte>;

namespace Wasm.Compilation;

/// <summary>
/// The SIMD instructions, one method per opcode (named after it), on <c>Vector128&lt;byte&gt;</c> as the one
/// representation of <c>v128</c>. Every method is aggressively inlined, so the JIT sees straight-line
/// <see cref="Vector128"/> / SSE code: the calls exist only in IL. Lane immediates arrive as constants and fold
/// after inlining.
/// <para>
/// <see cref="Vector128"/> operations are used where their semantics equal wasm's for every input; x86 intrinsics
/// where they do and the portable form would be slower; explicit sequences where the hardware differs (NaN and
/// signed zero in min/max, out-of-range float → int, saturation in <c>q15mulr</c>).
/// </para>
/// </summary>
internal static unsafe class SimdOps
{
    private const MethodImplOptions Inline = MethodImplOptions.AggressiveInlining;

    // ---- constants, memory ----

    [MethodImpl(Inline)] public static V V128Const(ulong lo, ulong hi) => Vector128.Create(lo, hi).AsByte();

    [MethodImpl(Inline)] public static V V128Load(nint p) => Unsafe.ReadUnaligned<V>((void*)p);
    [MethodImpl(Inline)] public static void V128Store(nint p, V v) => Unsafe.WriteUnaligned((void*)p, v);

    [MethodImpl(Inline)] private static Vector128<ulong> Load64(nint p) => Vector128.CreateScalar(Unsafe.ReadUnaligned<ulong>((void*)p));

    [MethodImpl(Inline)] public static V V128Load8x8S(nint p) => Vector128.WidenLower(Load64(p).AsSByte()).AsByte();
    [MethodImpl(Inline)] public static V V128Load8x8U(nint p) => Vector128.WidenLower(Load64(p).AsByte()).AsByte();
    [MethodImpl(Inline)] public static V V128Load16x4S(nint p) => Vector128.WidenLower(Load64(p).AsInt16()).AsByte();
    [MethodImpl(Inline)] public static V V128Load16x4U(nint p) => Vector128.WidenLower(Load64(p).AsUInt16()).AsByte();
    [MethodImpl(Inline)] public static V V128Load32x2S(nint p) => Vector128.WidenLower(Load64(p).AsInt32()).AsByte();
    [MethodImpl(Inline)] public static V V128Load32x2U(nint p) => Vector128.WidenLower(Load64(p).AsUInt32()).AsByte();

    [MethodImpl(Inline)] public static V V128Load8Splat(nint p) => Vector128.Create(*(byte*)p);
    [MethodImpl(Inline)] public static V V128Load16Splat(nint p) => Vector128.Create(Unsafe.ReadUnaligned<ushort>((void*)p)).AsByte();
    [MethodImpl(Inline)] public static V V128Load32Splat(nint p) => Vector128.Create(Unsafe.ReadUnaligned<uint>((void*)p)).AsByte();
    [MethodImpl(Inline)] public static V V128Load64Splat(nint p) => Vector128.Create(Unsafe.ReadUnaligned<ulong>((void*)p)).AsByte();
    [MethodImpl(Inline)] public static V V128Load32Zero(nint p) => Vector128.CreateScalar(Unsafe.ReadUnaligned<uint>((void*)p)).AsByte();
    [MethodImpl(Inline)] public static V V128Load64Zero(nint p) => Load64(p).AsByte();

    [MethodImpl(Inline)] public static V V128Load8Lane(nint p, V v, int lane) => v.WithElement(lane, *(byte*)p);
    [MethodImpl(Inline)] public static V V128Load16Lane(nint p, V v, int lane) => v.AsUInt16().WithElement(lane, Unsafe.ReadUnaligned<ushort>((void*)p)).AsByte();
    [MethodImpl(Inline)] public static V V128Load32Lane(nint p, V v, int lane) => v.AsUInt32().WithElement(lane, Unsafe.ReadUnaligned<uint>((void*)p)).AsByte();
    [MethodImpl(Inline)] public static V V128Load64Lane(nint p, V v, int lane) => v.AsUInt64().WithElement(lane, Unsafe.ReadUnaligned<ulong>((void*)p)).AsByte();
    [MethodImpl(Inline)] public static void V128Store8Lane(nint p, V v, int lane) => *(byte*)p = v.GetElement(lane);
    [MethodImpl(Inline)] public static void V128Store16Lane(nint p, V v, int lane) => Unsafe.WriteUnaligned((void*)p, v.AsUInt16().GetElement(lane));
    [MethodImpl(Inline)] public static void V128Store32Lane(nint p, V v, int lane) => Unsafe.WriteUnaligned((void*)p, v.AsUInt32().GetElement(lane));
    [MethodImpl(Inline)] public static void V128Store64Lane(nint p, V v, int lane) => Unsafe.WriteUnaligned((void*)p, v.AsUInt64().GetElement(lane));

    // ---- shuffles, splats, lanes ----

    // Vector128.Shuffle yields 0 for an index outside 0..15, so each source contributes only its own lanes.
    [MethodImpl(Inline)]
    public static V I8x16Shuffle(V a, V b, ulong lo, ulong hi)
    {
        var idx = Vector128.Create(lo, hi).AsByte();
        return Vector128.Shuffle(a, idx) | Vector128.Shuffle(b, idx - Vector128.Create((byte)16));
    }

    // pshufb zeroes a lane whose index has the top bit set; a saturating add of 0x70 sets it for every index >= 16.
    [MethodImpl(Inline)]
    public static V I8x16Swizzle(V a, V s) =>
        Ssse3.IsSupported ? Ssse3.Shuffle(a, Sse2.AddSaturate(s, Vector128.Create((byte)0x70))) : Vector128.Shuffle(a, s);

    [MethodImpl(Inline)] public static V I8x16Splat(int x) => Vector128.Create((byte)x);
    [MethodImpl(Inline)] public static V I16x8Splat(int x) => Vector128.Create((short)x).AsByte();
    [MethodImpl(Inline)] public static V I32x4Splat(int x) => Vector128.Create(x).AsByte();
    [MethodImpl(Inline)] public static V I64x2Splat(long x) => Vector128.Create(x).AsByte();
    [MethodImpl(Inline)] public static V F32x4Splat(float x) => Vector128.Create(x).AsByte();
    [MethodImpl(Inline)] public static V F64x2Splat(double x) => Vector128.Create(x).AsByte();

    [MethodImpl(Inline)] public static int I8x16ExtractLaneS(V v, int lane) => v.AsSByte().GetElement(lane);
    [MethodImpl(Inline)] public static int I8x16ExtractLaneU(V v, int lane) => v.GetElement(lane);
    [MethodImpl(Inline)] public static int I16x8ExtractLaneS(V v, int lane) => v.AsInt16().GetElement(lane);
    [MethodImpl(Inline)] public static int I16x8ExtractLaneU(V v, int lane) => v.AsUInt16().GetElement(lane);
    [MethodImpl(Inline)] public static int I32x4ExtractLane(V v, int lane) => v.AsInt32().GetElement(lane);
    [MethodImpl(Inline)] public static long I64x2ExtractLane(V v, int lane) => v.AsInt64().GetElement(lane);
    [MethodImpl(Inline)] public static float F32x4ExtractLane(V v, int lane) => v.AsSingle().GetElement(lane);
    [MethodImpl(Inline)] public static double F64x2ExtractLane(V v, int lane) => v.AsDouble().GetElement(lane);
    [MethodImpl(Inline)] public static V I8x16ReplaceLane(V v, int x, int lane) => v.WithElement(lane, (byte)x);
    [MethodImpl(Inline)] public static V I16x8ReplaceLane(V v, int x, int lane) => v.AsInt16().WithElement(lane, (short)x).AsByte();
    [MethodImpl(Inline)] public static V I32x4ReplaceLane(V v, int x, int lane) => v.AsInt32().WithElement(lane, x).AsByte();
    [MethodImpl(Inline)] public static V I64x2ReplaceLane(V v, long x, int lane) => v.AsInt64().WithElement(lane, x).AsByte();
    [MethodImpl(Inline)] public static V F32x4ReplaceLane(V v, float x, int lane) => v.AsSingle().WithElement(lane, x).AsByte();
    [MethodImpl(Inline)] public static V F64x2ReplaceLane(V v, double x, int lane) => v.AsDouble().WithElement(lane, x).AsByte();

    // ---- integer comparisons ----

    [MethodImpl(Inline)] public static V I8x16Eq(V a, V b) => Vector128.Equals(a, b);
    [MethodImpl(Inline)] public static V I8x16Ne(V a, V b) => ~Vector128.Equals(a, b);
    [MethodImpl(Inline)] public static V I8x16LtS(V a, V b) => Vector128.LessThan(a.AsSByte(), b.AsSByte()).AsByte();
    [MethodImpl(Inline)] public static V I8x16LtU(V a, V b) => Vector128.LessThan(a, b);
    [MethodImpl(Inline)] public static V I8x16GtS(V a, V b) => Vector128.GreaterThan(a.AsSByte(), b.AsSByte()).AsByte();
    [MethodImpl(Inline)] public static V I8x16GtU(V a, V b) => Vector128.GreaterThan(a, b);
    [MethodImpl(Inline)] public static V I8x16LeS(V a, V b) => Vector128.LessThanOrEqual(a.AsSByte(), b.AsSByte()).AsByte();
    [MethodImpl(Inline)] public static V I8x16LeU(V a, V b) => Vector128.LessThanOrEqual(a, b);
    [MethodImpl(Inline)] public static V I8x16GeS(V a, V b) => Vector128.GreaterThanOrEqual(a.AsSByte(), b.AsSByte()).AsByte();
    [MethodImpl(Inline)] public static V I8x16GeU(V a, V b) => Vector128.GreaterThanOrEqual(a, b);

    [MethodImpl(Inline)] public static V I16x8Eq(V a, V b) => Vector128.Equals(a.AsInt16(), b.AsInt16()).AsByte();
    [MethodImpl(Inline)] public static V I16x8Ne(V a, V b) => (~Vector128.Equals(a.AsInt16(), b.AsInt16())).AsByte();
    [MethodImpl(Inline)] public static V I16x8LtS(V a, V b) => Vector128.LessThan(a.AsInt16(), b.AsInt16()).AsByte();
    [MethodImpl(Inline)] public static V I16x8LtU(V a, V b) => Vector128.LessThan(a.AsUInt16(), b.AsUInt16()).AsByte();
    [MethodImpl(Inline)] public static V I16x8GtS(V a, V b) => Vector128.GreaterThan(a.AsInt16(), b.AsInt16()).AsByte();
    [MethodImpl(Inline)] public static V I16x8GtU(V a, V b) => Vector128.GreaterThan(a.AsUInt16(), b.AsUInt16()).AsByte();
    [MethodImpl(Inline)] public static V I16x8LeS(V a, V b) => Vector128.LessThanOrEqual(a.AsInt16(), b.AsInt16()).AsByte();
    [MethodImpl(Inline)] public static V I16x8LeU(V a, V b) => Vector128.LessThanOrEqual(a.AsUInt16(), b.AsUInt16()).AsByte();
    [MethodImpl(Inline)] public static V I16x8GeS(V a, V b) => Vector128.GreaterThanOrEqual(a.AsInt16(), b.AsInt16()).AsByte();
    [MethodImpl(Inline)] public static V I16x8GeU(V a, V b) => Vector128.GreaterThanOrEqual(a.AsUInt16(), b.AsUInt16()).AsByte();

    [MethodImpl(Inline)] public static V I32x4Eq(V a, V b) => Vector128.Equals(a.AsInt32(), b.AsInt32()).AsByte();
    [MethodImpl(Inline)] public static V I32x4Ne(V a, V b) => (~Vector128.Equals(a.AsInt32(), b.AsInt32())).AsByte();
    [MethodImpl(Inline)] public static V I32x4LtS(V a, V b) => Vector128.LessThan(a.AsInt32(), b.AsInt32()).AsByte();
    [MethodImpl(Inline)] public static V I32x4LtU(V a, V b) => Vector128.LessThan(a.AsUInt32(), b.AsUInt32()).AsByte();
    [MethodImpl(Inline)] public static V I32x4GtS(V a, V b) => Vector128.GreaterThan(a.AsInt32(), b.AsInt32()).AsByte();
    [MethodImpl(Inline)] public static V I32x4GtU(V a, V b) => Vector128.GreaterThan(a.AsUInt32(), b.AsUInt32()).AsByte();
    [MethodImpl(Inline)] public static V I32x4LeS(V a, V b) => Vector128.LessThanOrEqual(a.AsInt32(), b.AsInt32()).AsByte();
    [MethodImpl(Inline)] public static V I32x4LeU(V a, V b) => Vector128.LessThanOrEqual(a.AsUInt32(), b.AsUInt32()).AsByte();
    [MethodImpl(Inline)] public static V I32x4GeS(V a, V b) => Vector128.GreaterThanOrEqual(a.AsInt32(), b.AsInt32()).AsByte();
    [MethodImpl(Inline)] public static V I32x4GeU(V a, V b) => Vector128.GreaterThanOrEqual(a.AsUInt32(), b.AsUInt32()).AsByte();

    [MethodImpl(Inline)] public static V I64x2Eq(V a, V b) => Vector128.Equals(a.AsInt64(), b.AsInt64()).AsByte();
    [MethodImpl(Inline)] public static V I64x2Ne(V a, V b) => (~Vector128.Equals(a.AsInt64(), b.AsInt64())).AsByte();
    [MethodImpl(Inline)] public static V I64x2LtS(V a, V b) => Vector128.LessThan(a.AsInt64(), b.AsInt64()).AsByte();
    [MethodImpl(Inline)] public static V I64x2GtS(V a, V b) => Vector128.GreaterThan(a.AsInt64(), b.AsInt64()).AsByte();
    [MethodImpl(Inline)] public static V I64x2LeS(V a, V b) => Vector128.LessThanOrEqual(a.AsInt64(), b.AsInt64()).AsByte();
    [MethodImpl(Inline)] public static V I64x2GeS(V a, V b) => Vector128.GreaterThanOrEqual(a.AsInt64(), b.AsInt64()).AsByte();

    // ---- float comparisons (ordered, so false on NaN; ne is the complement of eq, so true on NaN) ----

    [MethodImpl(Inline)] public static V F32x4Eq(V a, V b) => Vector128.Equals(a.AsSingle(), b.AsSingle()).AsByte();
    [MethodImpl(Inline)] public static V F32x4Ne(V a, V b) => (~Vector128.Equals(a.AsSingle(), b.AsSingle())).AsByte();
    [MethodImpl(Inline)] public static V F32x4Lt(V a, V b) => Vector128.LessThan(a.AsSingle(), b.AsSingle()).AsByte();
    [MethodImpl(Inline)] public static V F32x4Gt(V a, V b) => Vector128.GreaterThan(a.AsSingle(), b.AsSingle()).AsByte();
    [MethodImpl(Inline)] public static V F32x4Le(V a, V b) => Vector128.LessThanOrEqual(a.AsSingle(), b.AsSingle()).AsByte();
    [MethodImpl(Inline)] public static V F32x4Ge(V a, V b) => Vector128.GreaterThanOrEqual(a.AsSingle(), b.AsSingle()).AsByte();
    [MethodImpl(Inline)] public static V F64x2Eq(V a, V b) => Vector128.Equals(a.AsDouble(), b.AsDouble()).AsByte();
    [MethodImpl(Inline)] public static V F64x2Ne(V a, V b) => (~Vector128.Equals(a.AsDouble(), b.AsDouble())).AsByte();
    [MethodImpl(Inline)] public static V F64x2Lt(V a, V b) => Vector128.LessThan(a.AsDouble(), b.AsDouble()).AsByte();
    [MethodImpl(Inline)] public static V F64x2Gt(V a, V b) => Vector128.GreaterThan(a.AsDouble(), b.AsDouble()).AsByte();
    [MethodImpl(Inline)] public static V F64x2Le(V a, V b) => Vector128.LessThanOrEqual(a.AsDouble(), b.AsDouble()).AsByte();
    [MethodImpl(Inline)] public static V F64x2Ge(V a, V b) => Vector128.GreaterThanOrEqual(a.AsDouble(), b.AsDouble()).AsByte();

    // ---- bitwise ----

    [MethodImpl(Inline)] public static V V128Not(V a) => ~a;
    [MethodImpl(Inline)] public static V V128And(V a, V b) => a & b;
    [MethodImpl(Inline)] public static V V128Andnot(V a, V b) => Vector128.AndNot(a, b);
    [MethodImpl(Inline)] public static V V128Or(V a, V b) => a | b;
    [MethodImpl(Inline)] public static V V128Xor(V a, V b) => a ^ b;
    [MethodImpl(Inline)] public static V V128Bitselect(V a, V b, V mask) => Vector128.ConditionalSelect(mask, a, b);
    [MethodImpl(Inline)] public static int V128AnyTrue(V a) => a != V.Zero ? 1 : 0;

    [MethodImpl(Inline)] public static int I8x16AllTrue(V a) => Vector128.EqualsAny(a, V.Zero) ? 0 : 1;
    [MethodImpl(Inline)] public static int I16x8AllTrue(V a) => Vector128.EqualsAny(a.AsUInt16(), Vector128<ushort>.Zero) ? 0 : 1;
    [MethodImpl(Inline)] public static int I32x4AllTrue(V a) => Vector128.EqualsAny(a.AsUInt32(), Vector128<uint>.Zero) ? 0 : 1;
    [MethodImpl(Inline)] public static int I64x2AllTrue(V a) => Vector128.EqualsAny(a.AsUInt64(), Vector128<ulong>.Zero) ? 0 : 1;

    [MethodImpl(Inline)] public static int I8x16Bitmask(V a) => (int)a.ExtractMostSignificantBits();
    [MethodImpl(Inline)] public static int I16x8Bitmask(V a) => (int)a.AsInt16().ExtractMostSignificantBits();
    [MethodImpl(Inline)] public static int I32x4Bitmask(V a) => (int)a.AsInt32().ExtractMostSignificantBits();
    [MethodImpl(Inline)] public static int I64x2Bitmask(V a) => (int)a.AsInt64().ExtractMostSignificantBits();

    // ---- integer arithmetic ----

    [MethodImpl(Inline)] public static V I8x16Abs(V a) => Vector128.Abs(a.AsSByte()).AsByte();
    [MethodImpl(Inline)] public static V I16x8Abs(V a) => Vector128.Abs(a.AsInt16()).AsByte();
    [MethodImpl(Inline)] public static V I32x4Abs(V a) => Vector128.Abs(a.AsInt32()).AsByte();

    // Without AVX-512 there is no 64-bit abs; (x ^ s) - s with s the sign mask wraps like wasm at MinValue.
    [MethodImpl(Inline)]
    public static V I64x2Abs(V a)
    {
        var x = a.AsInt64();
        var s = Vector128.ShiftRightArithmetic(x, 63);
        return ((x ^ s) - s).AsByte();
    }

    [MethodImpl(Inline)] public static V I8x16Neg(V a) => (V.Zero - a);
    [MethodImpl(Inline)] public static V I16x8Neg(V a) => (Vector128<short>.Zero - a.AsInt16()).AsByte();
    [MethodImpl(Inline)] public static V I32x4Neg(V a) => (Vector128<int>.Zero - a.AsInt32()).AsByte();
    [MethodImpl(Inline)] public static V I64x2Neg(V a) => (Vector128<long>.Zero - a.AsInt64()).AsByte();

    // Population count per byte: two lookups of a nibble table.
    [MethodImpl(Inline)]
    public static V I8x16Popcnt(V a)
    {
        var table = Vector128.Create((byte)0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4);
        var low = Vector128.Create((byte)0x0F);
        var lo = a & low;
        var hi = Vector128.ShiftRightLogical(a, 4) & low;
        // The nibbles are in range, so pshufb needs none of the fix-up Vector128.Shuffle adds for variable indices.
        if (Ssse3.IsSupported) return Ssse3.Shuffle(table, lo) + Ssse3.Shuffle(table, hi);
        return Vector128.Shuffle(table, lo) + Vector128.Shuffle(table, hi);
    }

    // Shift counts are taken modulo the lane width.
    [MethodImpl(Inline)] public static V I8x16Shl(V a, int n) => Vector128.ShiftLeft(a, n & 7);
    [MethodImpl(Inline)] public static V I8x16ShrS(V a, int n) => Vector128.ShiftRightArithmetic(a.AsSByte(), n & 7).AsByte();
    [MethodImpl(Inline)] public static V I8x16ShrU(V a, int n) => Vector128.ShiftRightLogical(a, n & 7);
    [MethodImpl(Inline)] public static V I16x8Shl(V a, int n) => Vector128.ShiftLeft(a.AsInt16(), n & 15).AsByte();
    [MethodImpl(Inline)] public static V I16x8ShrS(V a, int n) => Vector128.ShiftRightArithmetic(a.AsInt16(), n & 15).AsByte();
    [MethodImpl(Inline)] public static V I16x8ShrU(V a, int n) => Vector128.ShiftRightLogical(a.AsUInt16(), n & 15).AsByte();
    [MethodImpl(Inline)] public static V I32x4Shl(V a, int n) => Vector128.ShiftLeft(a.AsInt32(), n & 31).AsByte();
    [MethodImpl(Inline)] public static V I32x4ShrS(V a, int n) => Vector128.ShiftRightArithmetic(a.AsInt32(), n & 31).AsByte();
    [MethodImpl(Inline)] public static V I32x4ShrU(V a, int n) => Vector128.ShiftRightLogical(a.AsUInt32(), n & 31).AsByte();
    [MethodImpl(Inline)] public static V I64x2Shl(V a, int n) => Vector128.ShiftLeft(a.AsInt64(), n & 63).AsByte();
    [MethodImpl(Inline)] public static V I64x2ShrS(V a, int n) => Vector128.ShiftRightArithmetic(a.AsInt64(), n & 63).AsByte();
    [MethodImpl(Inline)] public static V I64x2ShrU(V a, int n) => Vector128.ShiftRightLogical(a.AsUInt64(), n & 63).AsByte();

    [MethodImpl(Inline)] public static V I8x16Add(V a, V b) => a + b;
    [MethodImpl(Inline)] public static V I8x16Sub(V a, V b) => a - b;
    [MethodImpl(Inline)] public static V I16x8Add(V a, V b) => (a.AsInt16() + b.AsInt16()).AsByte();
    [MethodImpl(Inline)] public static V I16x8Sub(V a, V b) => (a.AsInt16() - b.AsInt16()).AsByte();
    [MethodImpl(Inline)] public static V I16x8Mul(V a, V b) => (a.AsInt16() * b.AsInt16()).AsByte();
    [MethodImpl(Inline)] public static V I32x4Add(V a, V b) => (a.AsInt32() + b.AsInt32()).AsByte();
    [MethodImpl(Inline)] public static V I32x4Sub(V a, V b) => (a.AsInt32() - b.AsInt32()).AsByte();
    [MethodImpl(Inline)] public static V I32x4Mul(V a, V b) => (a.AsInt32() * b.AsInt32()).AsByte();
    [MethodImpl(Inline)] public static V I64x2Add(V a, V b) => (a.AsInt64() + b.AsInt64()).AsByte();
    [MethodImpl(Inline)] public static V I64x2Sub(V a, V b) => (a.AsInt64() - b.AsInt64()).AsByte();
    [MethodImpl(Inline)] public static V I64x2Mul(V a, V b) => (a.AsInt64() * b.AsInt64()).AsByte();

    [MethodImpl(Inline)] public static V I8x16AddSatS(V a, V b) => Vector128.AddSaturate(a.AsSByte(), b.AsSByte()).AsByte();
    [MethodImpl(Inline)] public static V I8x16AddSatU(V a, V b) => Vector128.AddSaturate(a, b);
    [MethodImpl(Inline)] public static V I8x16SubSatS(V a, V b) => Vector128.SubtractSaturate(a.AsSByte(), b.AsSByte()).AsByte();
    [MethodImpl(Inline)] public static V I8x16SubSatU(V a, V b) => Vector128.SubtractSaturate(a, b);
    [MethodImpl(Inline)] public static V I16x8AddSatS(V a, V b) => Vector128.AddSaturate(a.AsInt16(), b.AsInt16()).AsByte();
    [MethodImpl(Inline)] public static V I16x8AddSatU(V a, V b) => Vector128.AddSaturate(a.AsUInt16(), b.AsUInt16()).AsByte();
    [MethodImpl(Inline)] public static V I16x8SubSatS(V a, V b) => Vector128.SubtractSaturate(a.AsInt16(), b.AsInt16()).AsByte();
    [MethodImpl(Inline)] public static V I16x8SubSatU(V a, V b) => Vector128.SubtractSaturate(a.AsUInt16(), b.AsUInt16()).AsByte();

    [MethodImpl(Inline)] public static V I8x16MinS(V a, V b) => Vector128.Min(a.AsSByte(), b.AsSByte()).AsByte();
    [MethodImpl(Inline)] public static V I8x16MinU(V a, V b) => Vector128.Min(a, b);
    [MethodImpl(Inline)] public static V I8x16MaxS(V a, V b) => Vector128.Max(a.AsSByte(), b.AsSByte()).AsByte();
    [MethodImpl(Inline)] public static V I8x16MaxU(V a, V b) => Vector128.Max(a, b);
    [MethodImpl(Inline)] public static V I16x8MinS(V a, V b) => Vector128.Min(a.AsInt16(), b.AsInt16()).AsByte();
    [MethodImpl(Inline)] public static V I16x8MinU(V a, V b) => Vector128.Min(a.AsUInt16(), b.AsUInt16()).AsByte();
    [MethodImpl(Inline)] public static V I16x8MaxS(V a, V b) => Vector128.Max(a.AsInt16(), b.AsInt16()).AsByte();
    [MethodImpl(Inline)] public static V I16x8MaxU(V a, V b) => Vector128.Max(a.AsUInt16(), b.AsUInt16()).AsByte();
    [MethodImpl(Inline)] public static V I32x4MinS(V a, V b) => Vector128.Min(a.AsInt32(), b.AsInt32()).AsByte();
    [MethodImpl(Inline)] public static V I32x4MinU(V a, V b) => Vector128.Min(a.AsUInt32(), b.AsUInt32()).AsByte();
    [MethodImpl(Inline)] public static V I32x4MaxS(V a, V b) => Vector128.Max(a.AsInt32(), b.AsInt32()).AsByte();
    [MethodImpl(Inline)] public static V I32x4MaxU(V a, V b) => Vector128.Max(a.AsUInt32(), b.AsUInt32()).AsByte();

    // Rounding average (a + b + 1) >> 1 without overflow: pavgb/pavgw exactly, else (a | b) - ((a ^ b) >> 1).
    [MethodImpl(Inline)]
    public static V I8x16AvgrU(V a, V b) =>
        Sse2.IsSupported ? Sse2.Average(a, b) : (a | b) - Vector128.ShiftRightLogical(a ^ b, 1);

    [MethodImpl(Inline)]
    public static V I16x8AvgrU(V a, V b)
    {
        if (Sse2.IsSupported) return Sse2.Average(a.AsUInt16(), b.AsUInt16()).AsByte();
        var x = a.AsUInt16();
        var y = b.AsUInt16();
        return ((x | y) - Vector128.ShiftRightLogical(x ^ y, 1)).AsByte();
    }

    // ---- narrowing, widening ----

    [MethodImpl(Inline)] public static V I8x16NarrowI16x8S(V a, V b) => Vector128.NarrowWithSaturation(a.AsInt16(), b.AsInt16()).AsByte();
    [MethodImpl(Inline)] public static V I16x8NarrowI32x4S(V a, V b) => Vector128.NarrowWithSaturation(a.AsInt32(), b.AsInt32()).AsByte();

    // Signed input, unsigned saturation: negative lanes clamp to 0 first (packuswb/packusdw on x86).
    [MethodImpl(Inline)]
    public static V I8x16NarrowI16x8U(V a, V b)
    {
        if (Sse2.IsSupported) return Sse2.PackUnsignedSaturate(a.AsInt16(), b.AsInt16());
        var zero = Vector128<short>.Zero;
        return Vector128.NarrowWithSaturation(Vector128.Max(a.AsInt16(), zero).AsUInt16(), Vector128.Max(b.AsInt16(), zero).AsUInt16());
    }

    [MethodImpl(Inline)]
    public static V I16x8NarrowI32x4U(V a, V b)
    {
        if (Sse41.IsSupported) return Sse41.PackUnsignedSaturate(a.AsInt32(), b.AsInt32()).AsByte();
        var zero = Vector128<int>.Zero;
        return Vector128.NarrowWithSaturation(Vector128.Max(a.AsInt32(), zero).AsUInt32(), Vector128.Max(b.AsInt32(), zero).AsUInt32()).AsByte();
    }

    [MethodImpl(Inline)] public static V I16x8ExtendLowI8x16S(V a) => Vector128.WidenLower(a.AsSByte()).AsByte();
    [MethodImpl(Inline)] public static V I16x8ExtendHighI8x16S(V a) => Vector128.WidenUpper(a.AsSByte()).AsByte();
    [MethodImpl(Inline)] public static V I16x8ExtendLowI8x16U(V a) => Vector128.WidenLower(a).AsByte();
    [MethodImpl(Inline)] public static V I16x8ExtendHighI8x16U(V a) => Vector128.WidenUpper(a).AsByte();
    [MethodImpl(Inline)] public static V I32x4ExtendLowI16x8S(V a) => Vector128.WidenLower(a.AsInt16()).AsByte();
    [MethodImpl(Inline)] public static V I32x4ExtendHighI16x8S(V a) => Vector128.WidenUpper(a.AsInt16()).AsByte();
    [MethodImpl(Inline)] public static V I32x4ExtendLowI16x8U(V a) => Vector128.WidenLower(a.AsUInt16()).AsByte();
    [MethodImpl(Inline)] public static V I32x4ExtendHighI16x8U(V a) => Vector128.WidenUpper(a.AsUInt16()).AsByte();
    [MethodImpl(Inline)] public static V I64x2ExtendLowI32x4S(V a) => Vector128.WidenLower(a.AsInt32()).AsByte();
    [MethodImpl(Inline)] public static V I64x2ExtendHighI32x4S(V a) => Vector128.WidenUpper(a.AsInt32()).AsByte();
    [MethodImpl(Inline)] public static V I64x2ExtendLowI32x4U(V a) => Vector128.WidenLower(a.AsUInt32()).AsByte();
    [MethodImpl(Inline)] public static V I64x2ExtendHighI32x4U(V a) => Vector128.WidenUpper(a.AsUInt32()).AsByte();

    // Pairwise sums: the even lane sign- or zero-extended in place plus the odd lane shifted down.
    [MethodImpl(Inline)]
    public static V I16x8ExtaddPairwiseI8x16S(V a)
    {
        // pmaddubsw (unsigned × signed, pairwise) with an all-ones unsigned operand: no product can saturate.
        if (Ssse3.IsSupported) return Ssse3.MultiplyAddAdjacent(Vector128.Create((byte)1), a.AsSByte()).AsByte();
        var x = a.AsInt16();
        return (Vector128.ShiftRightArithmetic(Vector128.ShiftLeft(x, 8), 8) + Vector128.ShiftRightArithmetic(x, 8)).AsByte();
    }

    [MethodImpl(Inline)]
    public static V I16x8ExtaddPairwiseI8x16U(V a)
    {
        if (Ssse3.IsSupported) return Ssse3.MultiplyAddAdjacent(a, Vector128.Create((sbyte)1)).AsByte();
        var x = a.AsUInt16();
        return ((x & Vector128.Create((ushort)0xFF)) + Vector128.ShiftRightLogical(x, 8)).AsByte();
    }

    [MethodImpl(Inline)]
    public static V I32x4ExtaddPairwiseI16x8S(V a)
    {
        if (Sse2.IsSupported) return Sse2.MultiplyAddAdjacent(a.AsInt16(), Vector128.Create((short)1)).AsByte();
        var x = a.AsInt32();
        return (Vector128.ShiftRightArithmetic(Vector128.ShiftLeft(x, 16), 16) + Vector128.ShiftRightArithmetic(x, 16)).AsByte();
    }

    [MethodImpl(Inline)]
    public static V I32x4ExtaddPairwiseI16x8U(V a)
    {
        var x = a.AsUInt32();
        return ((x & Vector128.Create(0xFFFFu)) + Vector128.ShiftRightLogical(x, 16)).AsByte();
    }

    [MethodImpl(Inline)] public static V I16x8ExtmulLowI8x16S(V a, V b) => (Vector128.WidenLower(a.AsSByte()) * Vector128.WidenLower(b.AsSByte())).AsByte();
    [MethodImpl(Inline)] public static V I16x8ExtmulHighI8x16S(V a, V b) => (Vector128.WidenUpper(a.AsSByte()) * Vector128.WidenUpper(b.AsSByte())).AsByte();
    [MethodImpl(Inline)] public static V I16x8ExtmulLowI8x16U(V a, V b) => (Vector128.WidenLower(a) * Vector128.WidenLower(b)).AsByte();
    [MethodImpl(Inline)] public static V I16x8ExtmulHighI8x16U(V a, V b) => (Vector128.WidenUpper(a) * Vector128.WidenUpper(b)).AsByte();
    [MethodImpl(Inline)] public static V I32x4ExtmulLowI16x8S(V a, V b) => (Vector128.WidenLower(a.AsInt16()) * Vector128.WidenLower(b.AsInt16())).AsByte();
    [MethodImpl(Inline)] public static V I32x4ExtmulHighI16x8S(V a, V b) => (Vector128.WidenUpper(a.AsInt16()) * Vector128.WidenUpper(b.AsInt16())).AsByte();
    [MethodImpl(Inline)] public static V I32x4ExtmulLowI16x8U(V a, V b) => (Vector128.WidenLower(a.AsUInt16()) * Vector128.WidenLower(b.AsUInt16())).AsByte();
    [MethodImpl(Inline)] public static V I32x4ExtmulHighI16x8U(V a, V b) => (Vector128.WidenUpper(a.AsUInt16()) * Vector128.WidenUpper(b.AsUInt16())).AsByte();
    [MethodImpl(Inline)] public static V I64x2ExtmulLowI32x4S(V a, V b) => (Vector128.WidenLower(a.AsInt32()) * Vector128.WidenLower(b.AsInt32())).AsByte();
    [MethodImpl(Inline)] public static V I64x2ExtmulHighI32x4S(V a, V b) => (Vector128.WidenUpper(a.AsInt32()) * Vector128.WidenUpper(b.AsInt32())).AsByte();
    [MethodImpl(Inline)] public static V I64x2ExtmulLowI32x4U(V a, V b) => (Vector128.WidenLower(a.AsUInt32()) * Vector128.WidenLower(b.AsUInt32())).AsByte();
    [MethodImpl(Inline)] public static V I64x2ExtmulHighI32x4U(V a, V b) => (Vector128.WidenUpper(a.AsUInt32()) * Vector128.WidenUpper(b.AsUInt32())).AsByte();

    // pmaddwd is exactly i32x4.dot_i16x8_s (the only overflowing case, all four inputs -32768, wraps in both).
    [MethodImpl(Inline)]
    public static V I32x4DotI16x8S(V a, V b)
    {
        if (Sse2.IsSupported) return Sse2.MultiplyAddAdjacent(a.AsInt16(), b.AsInt16()).AsByte();
        var x = a.AsInt32();
        var y = b.AsInt32();
        var even = Vector128.ShiftRightArithmetic(Vector128.ShiftLeft(x, 16), 16) * Vector128.ShiftRightArithmetic(Vector128.ShiftLeft(y, 16), 16);
        var odd = Vector128.ShiftRightArithmetic(x, 16) * Vector128.ShiftRightArithmetic(y, 16);
        return (even + odd).AsByte();
    }

    // pmulhrsw computes (a * b + 0x4000) >> 15; it yields 0x8000 for -32768 * -32768 where wasm saturates to 0x7FFF.
    [MethodImpl(Inline)]
    public static V I16x8Q15mulrSatS(V a, V b)
    {
        if (Ssse3.IsSupported)
        {
            var r = Ssse3.MultiplyHighRoundScale(a.AsInt16(), b.AsInt16());
            return (r ^ Vector128.Equals(r, Vector128.Create(short.MinValue))).AsByte();
        }
        var round = Vector128.Create(0x4000);
        var lo = Vector128.ShiftRightArithmetic(Vector128.WidenLower(a.AsInt16()) * Vector128.WidenLower(b.AsInt16()) + round, 15);
        var hi = Vector128.ShiftRightArithmetic(Vector128.WidenUpper(a.AsInt16()) * Vector128.WidenUpper(b.AsInt16()) + round, 15);
        return Vector128.NarrowWithSaturation(lo, hi).AsByte();
    }

    // ---- float arithmetic ----

    [MethodImpl(Inline)] public static V F32x4Abs(V a) => (a.AsUInt32() & Vector128.Create(0x7FFFFFFFu)).AsByte();
    [MethodImpl(Inline)] public static V F32x4Neg(V a) => (a.AsUInt32() ^ Vector128.Create(0x80000000u)).AsByte();
    [MethodImpl(Inline)] public static V F64x2Abs(V a) => (a.AsUInt64() & Vector128.Create(0x7FFFFFFFFFFFFFFFul)).AsByte();
    [MethodImpl(Inline)] public static V F64x2Neg(V a) => (a.AsUInt64() ^ Vector128.Create(0x8000000000000000ul)).AsByte();
    [MethodImpl(Inline)] public static V F32x4Sqrt(V a) => Vector128.Sqrt(a.AsSingle()).AsByte();
    [MethodImpl(Inline)] public static V F64x2Sqrt(V a) => Vector128.Sqrt(a.AsDouble()).AsByte();
    [MethodImpl(Inline)] public static V F32x4Add(V a, V b) => (a.AsSingle() + b.AsSingle()).AsByte();
    [MethodImpl(Inline)] public static V F32x4Sub(V a, V b) => (a.AsSingle() - b.AsSingle()).AsByte();
    [MethodImpl(Inline)] public static V F32x4Mul(V a, V b) => (a.AsSingle() * b.AsSingle()).AsByte();
    [MethodImpl(Inline)] public static V F32x4Div(V a, V b) => (a.AsSingle() / b.AsSingle()).AsByte();
    [MethodImpl(Inline)] public static V F64x2Add(V a, V b) => (a.AsDouble() + b.AsDouble()).AsByte();
    [MethodImpl(Inline)] public static V F64x2Sub(V a, V b) => (a.AsDouble() - b.AsDouble()).AsByte();
    [MethodImpl(Inline)] public static V F64x2Mul(V a, V b) => (a.AsDouble() * b.AsDouble()).AsByte();
    [MethodImpl(Inline)] public static V F64x2Div(V a, V b) => (a.AsDouble() / b.AsDouble()).AsByte();

    [MethodImpl(Inline)] public static V F32x4Ceil(V a) => Vector128.Ceiling(a.AsSingle()).AsByte();
    [MethodImpl(Inline)] public static V F32x4Floor(V a) => Vector128.Floor(a.AsSingle()).AsByte();
    [MethodImpl(Inline)] public static V F32x4Trunc(V a) => Vector128.Truncate(a.AsSingle()).AsByte();
    [MethodImpl(Inline)] public static V F32x4Nearest(V a) => Vector128.Round(a.AsSingle()).AsByte();
    [MethodImpl(Inline)] public static V F64x2Ceil(V a) => Vector128.Ceiling(a.AsDouble()).AsByte();
    [MethodImpl(Inline)] public static V F64x2Floor(V a) => Vector128.Floor(a.AsDouble()).AsByte();
    [MethodImpl(Inline)] public static V F64x2Trunc(V a) => Vector128.Truncate(a.AsDouble()).AsByte();
    [MethodImpl(Inline)] public static V F64x2Nearest(V a) => Vector128.Round(a.AsDouble()).AsByte();

    // min/max: NaN when either operand is NaN (quieted by the addition), -0 below +0. minps/maxps return the second
    // operand for NaN and for ±0 pairs, so the ordered comparisons pick the clear cases and the rest is fixed up:
    // for equal operands OR (min) / AND (max) of the bits orders the zeros.
    [MethodImpl(Inline)]
    public static V F32x4Min(V a, V b)
    {
        var x = a.AsSingle();
        var y = b.AsSingle();
        var r = Vector128.ConditionalSelect(Vector128.LessThan(y, x), y, Vector128.ConditionalSelect(Vector128.LessThan(x, y), x, x | y));
        return Vector128.ConditionalSelect(Vector128.IsNaN(x) | Vector128.IsNaN(y), x + y, r).AsByte();
    }

    [MethodImpl(Inline)]
    public static V F32x4Max(V a, V b)
    {
        var x = a.AsSingle();
        var y = b.AsSingle();
        var r = Vector128.ConditionalSelect(Vector128.GreaterThan(y, x), y, Vector128.ConditionalSelect(Vector128.GreaterThan(x, y), x, x & y));
        return Vector128.ConditionalSelect(Vector128.IsNaN(x) | Vector128.IsNaN(y), x + y, r).AsByte();
    }

    [MethodImpl(Inline)]
    public static V F64x2Min(V a, V b)
    {
        var x = a.AsDouble();
        var y = b.AsDouble();
        var r = Vector128.ConditionalSelect(Vector128.LessThan(y, x), y, Vector128.ConditionalSelect(Vector128.LessThan(x, y), x, x | y));
        return Vector128.ConditionalSelect(Vector128.IsNaN(x) | Vector128.IsNaN(y), x + y, r).AsByte();
    }

    [MethodImpl(Inline)]
    public static V F64x2Max(V a, V b)
    {
        var x = a.AsDouble();
        var y = b.AsDouble();
        var r = Vector128.ConditionalSelect(Vector128.GreaterThan(y, x), y, Vector128.ConditionalSelect(Vector128.GreaterThan(x, y), x, x & y));
        return Vector128.ConditionalSelect(Vector128.IsNaN(x) | Vector128.IsNaN(y), x + y, r).AsByte();
    }

    // Pseudo-min/max are defined as b < a ? b : a and a < b ? b : a: exactly minps(b, a) / maxps(b, a).
    [MethodImpl(Inline)] public static V F32x4Pmin(V a, V b) => Vector128.ConditionalSelect(Vector128.LessThan(b.AsSingle(), a.AsSingle()), b.AsSingle(), a.AsSingle()).AsByte();
    [MethodImpl(Inline)] public static V F32x4Pmax(V a, V b) => Vector128.ConditionalSelect(Vector128.LessThan(a.AsSingle(), b.AsSingle()), b.AsSingle(), a.AsSingle()).AsByte();
    [MethodImpl(Inline)] public static V F64x2Pmin(V a, V b) => Vector128.ConditionalSelect(Vector128.LessThan(b.AsDouble(), a.AsDouble()), b.AsDouble(), a.AsDouble()).AsByte();
    [MethodImpl(Inline)] public static V F64x2Pmax(V a, V b) => Vector128.ConditionalSelect(Vector128.LessThan(a.AsDouble(), b.AsDouble()), b.AsDouble(), a.AsDouble()).AsByte();

    // ---- conversions ----

    [MethodImpl(Inline)] public static V F32x4DemoteF64x2Zero(V a) => Vector128.Narrow(a.AsDouble(), Vector128<double>.Zero).AsByte();
    [MethodImpl(Inline)] public static V F64x2PromoteLowF32x4(V a) => Vector128.WidenLower(a.AsSingle()).AsByte();
    [MethodImpl(Inline)] public static V F32x4ConvertI32x4S(V a) => Vector128.ConvertToSingle(a.AsInt32()).AsByte();

    // Without AVX-512 there is no unsigned conversion: both 16-bit halves convert exactly, and the one addition
    // rounds once.
    [MethodImpl(Inline)]
    public static V F32x4ConvertI32x4U(V a)
    {
        var x = a.AsInt32();
        var hi = Vector128.ConvertToSingle(Vector128.ShiftRightLogical(x, 16)) * Vector128.Create(65536f);
        var lo = Vector128.ConvertToSingle(x & Vector128.Create(0xFFFF));
        return (hi + lo).AsByte();
    }

    // Without AVX-512 the 64-bit integer → double conversions are scalar; cvtdq2pd converts the low lanes directly.
    [MethodImpl(Inline)]
    public static V F64x2ConvertLowI32x4S(V a) =>
        Sse2.IsSupported
            ? Sse2.ConvertToVector128Double(a.AsInt32()).AsByte()
            : Vector128.ConvertToDouble(Vector128.WidenLower(a.AsInt32())).AsByte();

    // Unsigned: each lane becomes the low mantissa bits of 2^52 + x (exact), and subtracting 2^52 leaves x.
    [MethodImpl(Inline)]
    public static V F64x2ConvertLowI32x4U(V a)
    {
        if (!Sse.IsSupported) return Vector128.ConvertToDouble(Vector128.WidenLower(a.AsUInt32())).AsByte();
        var biased = Sse.UnpackLow(a.AsSingle(), Vector128.Create(0x43300000).AsSingle()).AsDouble();
        return (biased - Vector128.Create(4503599627370496.0)).AsByte();
    }

    // Saturating truncation. Since .NET 9 the Vector128 conversions saturate and map NaN to 0, exactly wasm's
    // trunc_sat; on x86 shorter sequences exist because cvttps2dq/cvttpd2dq return 0x80000000 for every
    // out-of-range or NaN input.
    [MethodImpl(Inline)]
    public static V I32x4TruncSatF32x4S(V a)
    {
        var x = a.AsSingle();
        if (!Sse2.IsSupported) return Vector128.ConvertToInt32(x).AsByte();
        x &= Vector128.Equals(x, x);
        // Lanes >= 2^31 came out as 0x80000000; flipping all bits gives int.MaxValue.
        return (Sse2.ConvertToVector128Int32WithTruncation(x) ^ Vector128.GreaterThanOrEqual(x, Vector128.Create(2147483648f)).AsInt32()).AsByte();
    }

    [MethodImpl(Inline)]
    public static V I32x4TruncSatF32x4U(V a)
    {
        var x = a.AsSingle();
        if (!Sse41.IsSupported) return Vector128.ConvertToUInt32(x).AsByte();
        x = Sse.Max(x, Vector128<float>.Zero); // maxps returns its second operand for NaN: NaN and negatives → 0
        var twoTo31 = Vector128.Create(2147483648f);
        var excess = x - twoTo31;
        // High part: x - 2^31 truncated, int.MaxValue where x >= 2^32, 0 where x < 2^31.
        var high = Sse2.ConvertToVector128Int32WithTruncation(excess) ^ Vector128.GreaterThanOrEqual(excess, twoTo31).AsInt32();
        high = Sse41.Max(high, Vector128<int>.Zero);
        // Low part is 0x80000000 exactly where the high part applies, so the sum is the unsigned result.
        return (Sse2.ConvertToVector128Int32WithTruncation(x) + high).AsByte();
    }

    [MethodImpl(Inline)]
    public static V I32x4TruncSatF64x2SZero(V a)
    {
        var x = a.AsDouble();
        if (!Sse2.IsSupported) return Vector128.Narrow(Vector128.ConvertToInt64(x), Vector128<long>.Zero).AsByte();
        // NaN → 0, clamp to the int range (exact in double), then cvttpd2dq fills the low two lanes and zeroes the rest.
        x &= Vector128.Equals(x, x);
        x = Sse2.Min(x, Vector128.Create(2147483647.0));
        return Sse2.ConvertToVector128Int32WithTruncation(x).AsByte();
    }

    [MethodImpl(Inline)]
    public static V I32x4TruncSatF64x2UZero(V a)
    {
        var x = a.AsDouble();
        if (!Sse41.IsSupported) return Vector128.Narrow(Vector128.ConvertToUInt64(x), Vector128<ulong>.Zero).AsByte();
        // NaN and negatives → 0, clamp, truncate; adding 2^52 then leaves the integer in the low 32 bits of each lane.
        x = Sse2.Min(Sse2.Max(x, Vector128<double>.Zero), Vector128.Create(4294967295.0));
        x = Sse41.RoundToZero(x) + Vector128.Create(4503599627370496.0);
        return Sse.Shuffle(x.AsSingle(), Vector128<float>.Zero, 0b00_00_10_00).AsByte();
    }

    // ---- relaxed SIMD ----
    // Every relaxed instruction takes one fixed choice among those the proposal allows, independent of the host
    // CPU, so a module computes the same results everywhere:
    //  - swizzle, truncation, min/max, q15mulr and laneselect behave like their fixed-width counterparts
    //    (out-of-range swizzle lanes are 0, truncation saturates, min/max follow the NaN/zero rules, laneselect is
    //    a bitwise select);
    //  - madd/nmadd round twice (multiply, then add), never fused;
    //  - the i7 dot products treat the second operand as signed and wrap on overflow.

    [MethodImpl(Inline)] public static V I8x16RelaxedSwizzle(V a, V s) => I8x16Swizzle(a, s);
    [MethodImpl(Inline)] public static V I32x4RelaxedTruncF32x4S(V a) => I32x4TruncSatF32x4S(a);
    [MethodImpl(Inline)] public static V I32x4RelaxedTruncF32x4U(V a) => I32x4TruncSatF32x4U(a);
    [MethodImpl(Inline)] public static V I32x4RelaxedTruncF64x2SZero(V a) => I32x4TruncSatF64x2SZero(a);
    [MethodImpl(Inline)] public static V I32x4RelaxedTruncF64x2UZero(V a) => I32x4TruncSatF64x2UZero(a);
    [MethodImpl(Inline)] public static V F32x4RelaxedMadd(V a, V b, V c) => (a.AsSingle() * b.AsSingle() + c.AsSingle()).AsByte();
    [MethodImpl(Inline)] public static V F32x4RelaxedNmadd(V a, V b, V c) => (c.AsSingle() - a.AsSingle() * b.AsSingle()).AsByte();
    [MethodImpl(Inline)] public static V F64x2RelaxedMadd(V a, V b, V c) => (a.AsDouble() * b.AsDouble() + c.AsDouble()).AsByte();
    [MethodImpl(Inline)] public static V F64x2RelaxedNmadd(V a, V b, V c) => (c.AsDouble() - a.AsDouble() * b.AsDouble()).AsByte();
    [MethodImpl(Inline)] public static V I8x16RelaxedLaneselect(V a, V b, V m) => V128Bitselect(a, b, m);
    [MethodImpl(Inline)] public static V I16x8RelaxedLaneselect(V a, V b, V m) => V128Bitselect(a, b, m);
    [MethodImpl(Inline)] public static V I32x4RelaxedLaneselect(V a, V b, V m) => V128Bitselect(a, b, m);
    [MethodImpl(Inline)] public static V I64x2RelaxedLaneselect(V a, V b, V m) => V128Bitselect(a, b, m);
    [MethodImpl(Inline)] public static V F32x4RelaxedMin(V a, V b) => F32x4Min(a, b);
    [MethodImpl(Inline)] public static V F32x4RelaxedMax(V a, V b) => F32x4Max(a, b);
    [MethodImpl(Inline)] public static V F64x2RelaxedMin(V a, V b) => F64x2Min(a, b);
    [MethodImpl(Inline)] public static V F64x2RelaxedMax(V a, V b) => F64x2Max(a, b);
    [MethodImpl(Inline)] public static V I16x8RelaxedQ15mulrS(V a, V b) => I16x8Q15mulrSatS(a, b);

    [MethodImpl(Inline)]
    public static V I16x8RelaxedDotI8x16I7x16S(V a, V b)
    {
        var x = a.AsInt16();
        var y = b.AsInt16();
        var even = Vector128.ShiftRightArithmetic(Vector128.ShiftLeft(x, 8), 8) * Vector128.ShiftRightArithmetic(Vector128.ShiftLeft(y, 8), 8);
        var odd = Vector128.ShiftRightArithmetic(x, 8) * Vector128.ShiftRightArithmetic(y, 8);
        return (even + odd).AsByte();
    }

    [MethodImpl(Inline)]
    public static V I32x4RelaxedDotI8x16I7x16AddS(V a, V b, V c) =>
        (I32x4ExtaddPairwiseI16x8S(I16x8RelaxedDotI8x16I7x16S(a, b)).AsInt32() + c.AsInt32()).AsByte();
}
