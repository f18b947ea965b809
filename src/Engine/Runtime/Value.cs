using System.Runtime.Intrinsics;

namespace Wasm;

/// <summary>
/// A WebAssembly value of any type, for the dynamic call API and for globals. Typed calls through delegates
/// (<see cref="Instance.GetFunction{TDelegate}(string)"/>) never use it.
/// </summary>
public readonly struct Value : IEquatable<Value>
{
    private readonly long _bits;
    private readonly Vector128<byte> _v128;

    private Value(ValType type, long bits, object? reference, Vector128<byte> v128)
    {
        Type = type;
        _bits = bits;
        Ref = reference;
        _v128 = v128;
    }

    /// <summary>The value's type.</summary>
    public ValType Type { get; }

    /// <summary>The reference, for reference types (null is the null reference).</summary>
    public object? Ref { get; }

    /// <summary>An <c>i32</c>.</summary>
    public static Value FromI32(int v) => new(ValType.I32, v, null, default);
    /// <summary>An <c>i64</c>.</summary>
    public static Value FromI64(long v) => new(ValType.I64, v, null, default);
    /// <summary>An <c>f32</c>.</summary>
    public static Value FromF32(float v) => new(ValType.F32, BitConverter.SingleToInt32Bits(v), null, default);
    /// <summary>An <c>f32</c> from its bit pattern (keeps NaN payloads exactly).</summary>
    public static Value FromF32Bits(int bits) => new(ValType.F32, bits, null, default);
    /// <summary>An <c>f64</c>.</summary>
    public static Value FromF64(double v) => new(ValType.F64, BitConverter.DoubleToInt64Bits(v), null, default);
    /// <summary>An <c>f64</c> from its bit pattern.</summary>
    public static Value FromF64Bits(long bits) => new(ValType.F64, bits, null, default);
    /// <summary>A <c>v128</c>.</summary>
    public static Value FromV128(Vector128<byte> v) => new(ValType.V128, 0, null, v);
    /// <summary>A reference of the given reference type.</summary>
    public static Value FromRef(ValType type, object? reference) => new(type, 0, reference, default);
    /// <summary>A <c>funcref</c>.</summary>
    public static Value FromFuncRef(Function? f) => new(ValType.FuncRef, 0, f, default);
    /// <summary>An <c>externref</c>.</summary>
    public static Value FromExternRef(object? o) => new(ValType.ExternRef, 0, o, default);

    /// <summary>The zero value of a type (null for references).</summary>
    public static Value Default(ValType type) => new(type, 0, null, default);

    /// <summary>As <c>i32</c>.</summary>
    public int I32 => (int)_bits;
    /// <summary>As <c>i64</c>.</summary>
    public long I64 => _bits;
    /// <summary>As <c>f32</c>.</summary>
    public float F32 => BitConverter.Int32BitsToSingle((int)_bits);
    /// <summary>As <c>f64</c>.</summary>
    public double F64 => BitConverter.Int64BitsToDouble(_bits);
    /// <summary>As <c>v128</c>.</summary>
    public Vector128<byte> V128 => _v128;
    /// <summary>The raw bits of a numeric value (floats as their IEEE bit pattern).</summary>
    public long Bits => _bits;

    /// <summary>Boxes the value as its natural C# type (int, long, float, double, Vector128, or the reference).</summary>
    public object? ToObject() => Type.Kind switch
    {
        ValKind.I32 => I32,
        ValKind.I64 => I64,
        ValKind.F32 => F32,
        ValKind.F64 => F64,
        ValKind.V128 => V128,
        _ => Ref,
    };

    /// <inheritdoc/>
    /// <remarks>References compare by identity, except i31 references: they are values (as for <c>ref.eq</c>).</remarks>
    public bool Equals(Value other) =>
        Type == other.Type && _bits == other._bits && _v128 == other._v128
        && (ReferenceEquals(Ref, other.Ref) || (Ref is I31Ref a && other.Ref is I31Ref b && a.Value == b.Value));

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Value v && Equals(v);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Type, _bits, Ref);

    /// <summary>Text-format-like rendering, e.g. <c>i32:42</c>.</summary>
    public override string ToString() => Type.Kind switch
    {
        ValKind.I32 => $"i32:{I32}",
        ValKind.I64 => $"i64:{I64}",
        ValKind.F32 => $"f32:{F32}",
        ValKind.F64 => $"f64:{F64}",
        ValKind.V128 => $"v128:{V128}",
        _ => Ref is null ? $"{Type}:null" : $"{Type}:{Ref}",
    };

    /// <summary>Equality.</summary>
    public static bool operator ==(Value a, Value b) => a.Equals(b);
    /// <summary>Inequality.</summary>
    public static bool operator !=(Value a, Value b) => !a.Equals(b);
}
