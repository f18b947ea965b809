using System.Text;
using Wasm.Components.Abi;

namespace Wasm.Components.Bindings;

/// <summary>The canonical ABI's conversions of scalars between core values and C# values, for generated bindings.</summary>
public static class Scalars
{
    /// <summary><c>bool</c> from its flat i32: any non-zero value is true.</summary>
    public static bool LiftBool(int value) => value != 0;

    /// <summary><c>char</c> from its flat i32; traps on surrogates and values above U+10FFFF.</summary>
    public static Rune LiftChar(int value) =>
        Rune.TryCreate(value, out var rune) ? rune : throw HandleTables.Trap("invalid `char` bit pattern");

    /// <summary><c>f32</c> from its flat value, with NaNs canonicalized.</summary>
    public static float LiftF32(float value) => float.IsNaN(value) ? BitConverter.Int32BitsToSingle(CanonicalAbi.CanonicalNaN32) : value;

    /// <summary><c>f64</c> from its flat value, with NaNs canonicalized.</summary>
    public static double LiftF64(double value) => double.IsNaN(value) ? BitConverter.Int64BitsToDouble(CanonicalAbi.CanonicalNaN64) : value;

    /// <summary>A variant, enum or option discriminant; traps when it is not below <paramref name="cases"/>.</summary>
    public static int LiftDiscriminant(int value, int cases) =>
        unchecked((uint)value) < (uint)cases ? value
            : throw HandleTables.Trap($"invalid variant discriminant: discriminant {unchecked((uint)value)} out of range [0..{cases})");

    /// <summary>One i32 of flags from its flat value: bits beyond the <paramref name="count"/> labels are ignored.</summary>
    public static int LiftFlags(int value, int count) => count >= 32 ? value : value & ((1 << count) - 1);
}
