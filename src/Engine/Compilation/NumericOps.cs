using System.Runtime.CompilerServices;

namespace Wasm.Compilation;

/// <summary>
/// Numeric instructions whose wasm semantics differ from a single IL opcode (traps, NaN rules, rounding).
/// All are aggressively inlined: the JIT turns each into a few machine instructions, not a call.
/// </summary>
internal static class NumericOps
{
    private const MethodImplOptions Inline = MethodImplOptions.AggressiveInlining;

    [MethodImpl(Inline)]
    public static int I32DivS(int a, int b)
    {
        if (b == 0) Traps.Throw(TrapCode.IntegerDivideByZero);
        if (b == -1 && a == int.MinValue) Traps.Throw(TrapCode.IntegerOverflow);
        return a / b;
    }

    [MethodImpl(Inline)]
    public static int I32DivU(int a, int b)
    {
        if (b == 0) Traps.Throw(TrapCode.IntegerDivideByZero);
        return (int)((uint)a / (uint)b);
    }

    [MethodImpl(Inline)]
    public static int I32RemS(int a, int b)
    {
        if (b == 0) Traps.Throw(TrapCode.IntegerDivideByZero);
        return b == -1 ? 0 : a % b;
    }

    [MethodImpl(Inline)]
    public static int I32RemU(int a, int b)
    {
        if (b == 0) Traps.Throw(TrapCode.IntegerDivideByZero);
        return (int)((uint)a % (uint)b);
    }

    [MethodImpl(Inline)]
    public static long I64DivS(long a, long b)
    {
        if (b == 0) Traps.Throw(TrapCode.IntegerDivideByZero);
        if (b == -1 && a == long.MinValue) Traps.Throw(TrapCode.IntegerOverflow);
        return a / b;
    }

    [MethodImpl(Inline)]
    public static long I64DivU(long a, long b)
    {
        if (b == 0) Traps.Throw(TrapCode.IntegerDivideByZero);
        return (long)((ulong)a / (ulong)b);
    }

    [MethodImpl(Inline)]
    public static long I64RemS(long a, long b)
    {
        if (b == 0) Traps.Throw(TrapCode.IntegerDivideByZero);
        return b == -1 ? 0 : a % b;
    }

    [MethodImpl(Inline)]
    public static long I64RemU(long a, long b)
    {
        if (b == 0) Traps.Throw(TrapCode.IntegerDivideByZero);
        return (long)((ulong)a % (ulong)b);
    }

    // min/max: NaN if either operand is NaN (quieted by the addition), and -0 < +0.
    [MethodImpl(Inline)]
    public static float F32Min(float a, float b)
    {
        if (a < b) return a;
        if (b < a) return b;
        if (a == b) return BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(a) | BitConverter.SingleToInt32Bits(b));
        return a + b;
    }

    [MethodImpl(Inline)]
    public static float F32Max(float a, float b)
    {
        if (a > b) return a;
        if (b > a) return b;
        if (a == b) return BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(a) & BitConverter.SingleToInt32Bits(b));
        return a + b;
    }

    [MethodImpl(Inline)]
    public static double F64Min(double a, double b)
    {
        if (a < b) return a;
        if (b < a) return b;
        if (a == b) return BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(a) | BitConverter.DoubleToInt64Bits(b));
        return a + b;
    }

    [MethodImpl(Inline)]
    public static double F64Max(double a, double b)
    {
        if (a > b) return a;
        if (b > a) return b;
        if (a == b) return BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(a) & BitConverter.DoubleToInt64Bits(b));
        return a + b;
    }

    /// <summary>Quiets a NaN (wasm arithmetic results never carry a signalling NaN).</summary>
    [MethodImpl(Inline)]
    public static float QuietF32(float x) => float.IsNaN(x) ? BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(x) | 0x00400000) : x;

    [MethodImpl(Inline)]
    public static float F32Nearest(float a) => MathF.Round(a, MidpointRounding.ToEven);

    [MethodImpl(Inline)]
    public static double F64Nearest(double a) => Math.Round(a, MidpointRounding.ToEven);

    // Trapping float → int: NaN is an invalid conversion, anything whose truncation is out of range overflows.
    [MethodImpl(Inline)]
    public static int I32TruncF32S(float x)
    {
        if (!(x >= -2147483648f && x < 2147483648f)) TruncFail(float.IsNaN(x));
        return (int)x;
    }

    [MethodImpl(Inline)]
    public static int I32TruncF32U(float x)
    {
        if (!(x > -1f && x < 4294967296f)) TruncFail(float.IsNaN(x));
        return (int)(uint)x;
    }

    [MethodImpl(Inline)]
    public static int I32TruncF64S(double x)
    {
        if (!(x > -2147483649.0 && x < 2147483648.0)) TruncFail(double.IsNaN(x));
        return (int)x;
    }

    [MethodImpl(Inline)]
    public static int I32TruncF64U(double x)
    {
        if (!(x > -1.0 && x < 4294967296.0)) TruncFail(double.IsNaN(x));
        return (int)(uint)x;
    }

    [MethodImpl(Inline)]
    public static long I64TruncF32S(float x)
    {
        if (!(x >= -9223372036854775808f && x < 9223372036854775808f)) TruncFail(float.IsNaN(x));
        return (long)x;
    }

    [MethodImpl(Inline)]
    public static long I64TruncF32U(float x)
    {
        if (!(x > -1f && x < 18446744073709551616f)) TruncFail(float.IsNaN(x));
        return (long)(ulong)x;
    }

    [MethodImpl(Inline)]
    public static long I64TruncF64S(double x)
    {
        if (!(x >= -9223372036854775808.0 && x < 9223372036854775808.0)) TruncFail(double.IsNaN(x));
        return (long)x;
    }

    [MethodImpl(Inline)]
    public static long I64TruncF64U(double x)
    {
        if (!(x > -1.0 && x < 18446744073709551616.0)) TruncFail(double.IsNaN(x));
        return (long)(ulong)x;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void TruncFail(bool nan) =>
        Traps.Throw(nan ? TrapCode.InvalidConversionToInteger : TrapCode.IntegerOverflow);

    // Saturating float → int: NaN is 0, out of range clamps.
    [MethodImpl(Inline)]
    public static int I32TruncSatF32S(float x) =>
        float.IsNaN(x) ? 0 : x <= -2147483648f ? int.MinValue : x >= 2147483648f ? int.MaxValue : (int)x;

    [MethodImpl(Inline)]
    public static int I32TruncSatF32U(float x) =>
        !(x > 0f) ? 0 : x >= 4294967296f ? -1 : (int)(uint)x;

    [MethodImpl(Inline)]
    public static int I32TruncSatF64S(double x) =>
        double.IsNaN(x) ? 0 : x <= -2147483648.0 ? int.MinValue : x >= 2147483647.0 ? int.MaxValue : (int)x;

    [MethodImpl(Inline)]
    public static int I32TruncSatF64U(double x) =>
        !(x > 0.0) ? 0 : x >= 4294967295.0 ? -1 : (int)(uint)x;

    [MethodImpl(Inline)]
    public static long I64TruncSatF32S(float x) =>
        float.IsNaN(x) ? 0 : x <= -9223372036854775808f ? long.MinValue : x >= 9223372036854775808f ? long.MaxValue : (long)x;

    [MethodImpl(Inline)]
    public static long I64TruncSatF32U(float x) =>
        !(x > 0f) ? 0 : x >= 18446744073709551616f ? -1L : (long)(ulong)x;

    [MethodImpl(Inline)]
    public static long I64TruncSatF64S(double x) =>
        double.IsNaN(x) ? 0 : x <= -9223372036854775808.0 ? long.MinValue : x >= 9223372036854775808.0 ? long.MaxValue : (long)x;

    [MethodImpl(Inline)]
    public static long I64TruncSatF64U(double x) =>
        !(x > 0.0) ? 0 : x >= 18446744073709551616.0 ? -1L : (long)(ulong)x;

    // Unsigned 64-bit → float with one rounding (a detour through double would round twice).
    [MethodImpl(Inline)]
    public static float F32ConvertI64U(long v)
    {
        var x = (ulong)v;
        if (v >= 0) return (float)v;
        var half = (long)((x >> 1) | (x & 1));
        return (float)half * 2f;
    }

    [MethodImpl(Inline)]
    public static double F64ConvertI64U(long v)
    {
        var x = (ulong)v;
        if (v >= 0) return (double)v;
        var half = (long)((x >> 1) | (x & 1));
        return (double)half * 2.0;
    }

    [MethodImpl(Inline)]
    public static float F32ConvertI64S(long v) => (float)v;
}

/// <summary>
/// Float constants the JIT must not see as constants. RyuJIT keeps float constants as doubles (a signalling NaN
/// would come back quiet) and folds identities such as <c>x - 0.0</c> or <c>x * 1.0</c> that wasm defines to
/// quiet a signalling NaN operand. Loading these few values from mutable statics keeps both exact; elsewhere
/// constants stay immediate.
/// </summary>
internal static class OpaqueConstants
{
#pragma warning disable CA2211 // mutable on purpose: never folded by the JIT
    public static float F32PlusZero = 0f, F32MinusZero = -0f, F32One = 1f, F32MinusOne = -1f;
    public static double F64PlusZero = 0d, F64MinusZero = -0d, F64One = 1d, F64MinusOne = -1d;
#pragma warning restore CA2211

    /// <summary>The static to load for an f32 constant, or null when an immediate is exact and safe.</summary>
    public static System.Reflection.FieldInfo? ForF32(int bits) => bits switch
    {
        0 => Field(nameof(F32PlusZero)),
        unchecked((int)0x80000000) => Field(nameof(F32MinusZero)),
        0x3F800000 => Field(nameof(F32One)),
        unchecked((int)0xBF800000) => Field(nameof(F32MinusOne)),
        _ => null,
    };

    /// <summary>The static to load for an f64 constant, or null.</summary>
    public static System.Reflection.FieldInfo? ForF64(long bits) => bits switch
    {
        0 => Field(nameof(F64PlusZero)),
        unchecked((long)0x8000000000000000) => Field(nameof(F64MinusZero)),
        0x3FF0000000000000 => Field(nameof(F64One)),
        unchecked((long)0xBFF0000000000000) => Field(nameof(F64MinusOne)),
        _ => null,
    };

    private static System.Reflection.FieldInfo Field(string name) => typeof(OpaqueConstants).GetField(name)!;

    /// <summary>An f32 from bits, opaque to constant folding (for signalling NaN constants).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static float F32FromBits(int bits) => BitConverter.Int32BitsToSingle(bits);

    /// <summary>An f64 from bits, opaque to constant folding (for signalling NaN constants).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static double F64FromBits(long bits) => BitConverter.Int64BitsToDouble(bits);
}
