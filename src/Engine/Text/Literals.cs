using System.Globalization;
using System.Numerics;

namespace Wasm.Text;

/// <summary>Outcome of parsing a numeric literal.</summary>
internal enum LiteralStatus : byte
{
    /// <summary>Parsed.</summary>
    Ok,
    /// <summary>Not a literal of the requested kind.</summary>
    Invalid,
    /// <summary>Well formed but out of range.</summary>
    OutOfRange,
}

/// <summary>Numeric literal syntax of the text format: integers (decimal, hex, underscores) and floats.</summary>
internal static class Literals
{
    /// <summary>Parses an unsigned integer (no sign) with optional hex prefix and underscores.</summary>
    public static LiteralStatus ParseNat(ReadOnlySpan<char> s, out ulong value)
    {
        value = 0;
        bool hex = s.Length > 2 && s[0] == '0' && s[1] == 'x';
        if (hex) s = s[2..];
        if (s.Length == 0) return LiteralStatus.Invalid;
        bool overflow = false;
        bool prevDigit = false;
        ulong radix = hex ? 16u : 10u;
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            if (c == '_')
            {
                if (!prevDigit || i + 1 >= s.Length) return LiteralStatus.Invalid;
                prevDigit = false;
                continue;
            }
            int d = Digit(c, hex);
            if (d < 0) return LiteralStatus.Invalid;
            prevDigit = true;
            ulong next = value * radix + (ulong)d;
            if (value > (ulong.MaxValue - (ulong)d) / radix) overflow = true;
            value = next;
        }
        return overflow ? LiteralStatus.OutOfRange : LiteralStatus.Ok;
    }

    /// <summary>Parses an index (u32).</summary>
    public static bool TryParseU32(string s, out uint value)
    {
        value = 0;
        if (s.Length == 0 || s[0] < '0' || s[0] > '9') return false;
        if (ParseNat(s, out var v) != LiteralStatus.Ok || v > uint.MaxValue) return false;
        value = (uint)v;
        return true;
    }

    /// <summary>True when the token has the shape of an unsigned integer.</summary>
    public static bool IsNat(string s) => s.Length > 0 && s[0] >= '0' && s[0] <= '9' && ParseNat(s, out _) != LiteralStatus.Invalid;

    /// <summary>Parses a signed or unsigned integer of <paramref name="bits"/> bits (range [-2^(n-1), 2^n)).</summary>
    public static LiteralStatus ParseInt(string s, int bits, out ulong value)
    {
        value = 0;
        ReadOnlySpan<char> span = s;
        bool neg = false;
        if (span.Length > 0 && (span[0] == '+' || span[0] == '-'))
        {
            neg = span[0] == '-';
            span = span[1..];
        }
        if (span.Length == 0 || span[0] < '0' || span[0] > '9') return LiteralStatus.Invalid;
        var st = ParseNat(span, out var mag);
        if (st != LiteralStatus.Ok) return st;
        ulong max = bits == 64 ? ulong.MaxValue : (1UL << bits) - 1;
        if (neg)
        {
            if (mag > 1UL << (bits - 1)) return LiteralStatus.OutOfRange;
            value = (0 - mag) & max;
        }
        else
        {
            if (mag > max) return LiteralStatus.OutOfRange;
            value = mag;
        }
        return LiteralStatus.Ok;
    }

    /// <summary>Parses an f32 literal to its bit pattern.</summary>
    public static LiteralStatus ParseF32(string s, out uint bits)
    {
        var st = ParseFloat(s, 23, 8, out var b);
        bits = (uint)b;
        return st;
    }

    /// <summary>Parses an f64 literal to its bit pattern.</summary>
    public static LiteralStatus ParseF64(string s, out ulong bits) => ParseFloat(s, 52, 11, out bits);

    private static LiteralStatus ParseFloat(string text, int mantBits, int expBits, out ulong bits)
    {
        bits = 0;
        ReadOnlySpan<char> s = text;
        bool neg = false;
        if (s.Length > 0 && (s[0] == '+' || s[0] == '-'))
        {
            neg = s[0] == '-';
            s = s[1..];
        }
        ulong signBit = neg ? 1UL << (mantBits + expBits) : 0;
        ulong expMask = ((1UL << expBits) - 1) << mantBits;
        if (s.SequenceEqual("inf"))
        {
            bits = signBit | expMask;
            return LiteralStatus.Ok;
        }
        if (s.SequenceEqual("nan"))
        {
            bits = signBit | expMask | (1UL << (mantBits - 1));
            return LiteralStatus.Ok;
        }
        if (s.StartsWith("nan:0x"))
        {
            var st = ParseNat(s[4..], out var payload);
            if (st == LiteralStatus.Invalid) return st;
            if (st == LiteralStatus.OutOfRange || payload == 0 || payload >= 1UL << mantBits) return LiteralStatus.OutOfRange;
            bits = signBit | expMask | payload;
            return LiteralStatus.Ok;
        }
        if (s.Length == 0 || s[0] < '0' || s[0] > '9') return LiteralStatus.Invalid;
        if (s.Length > 2 && s[0] == '0' && s[1] == 'x')
            return ParseHexFloat(s[2..], mantBits, expBits, signBit, out bits);
        return ParseDecimalFloat(s, mantBits, signBit, out bits);
    }

    private static LiteralStatus ParseDecimalFloat(ReadOnlySpan<char> s, int mantBits, ulong signBit, out ulong bits)
    {
        bits = 0;
        Span<char> buf = s.Length <= 256 ? stackalloc char[s.Length] : new char[s.Length];
        int n = 0;
        int i = 0;
        if (!CopyDigits(s, ref i, buf, ref n, false)) return LiteralStatus.Invalid;
        if (i < s.Length && s[i] == '.')
        {
            buf[n++] = '.';
            i++;
            if (i < s.Length && s[i] >= '0' && s[i] <= '9' && !CopyDigits(s, ref i, buf, ref n, false)) return LiteralStatus.Invalid;
        }
        if (i < s.Length && (s[i] == 'e' || s[i] == 'E'))
        {
            buf[n++] = 'e';
            i++;
            if (i < s.Length && (s[i] == '+' || s[i] == '-')) buf[n++] = s[i++];
            if (!CopyDigits(s, ref i, buf, ref n, false)) return LiteralStatus.Invalid;
        }
        if (i != s.Length) return LiteralStatus.Invalid;
        var digits = buf[..n];
        if (mantBits == 23)
        {
            float f = float.Parse(digits, NumberStyles.Float, CultureInfo.InvariantCulture);
            if (float.IsInfinity(f)) return LiteralStatus.OutOfRange;
            bits = BitConverter.SingleToUInt32Bits(f) | signBit;
        }
        else
        {
            double d = double.Parse(digits, NumberStyles.Float, CultureInfo.InvariantCulture);
            if (double.IsInfinity(d)) return LiteralStatus.OutOfRange;
            bits = BitConverter.DoubleToUInt64Bits(d) | signBit;
        }
        return LiteralStatus.Ok;
    }

    /// <summary>Copies a run of digits (with single underscores between digits) into <paramref name="buf"/>.</summary>
    private static bool CopyDigits(ReadOnlySpan<char> s, ref int i, Span<char> buf, ref int n, bool hex)
    {
        int start = i;
        bool prevDigit = false;
        while (i < s.Length)
        {
            char c = s[i];
            if (c == '_')
            {
                if (!prevDigit || i + 1 >= s.Length || Digit(s[i + 1], hex) < 0) return false;
                prevDigit = false;
                i++;
                continue;
            }
            if (Digit(c, hex) < 0) break;
            buf[n++] = c;
            prevDigit = true;
            i++;
        }
        return i > start;
    }

    private static LiteralStatus ParseHexFloat(ReadOnlySpan<char> s, int mantBits, int expBits, ulong signBit, out ulong bits)
    {
        bits = 0;
        Span<char> buf = s.Length <= 256 ? stackalloc char[s.Length] : new char[s.Length];
        int n = 0, i = 0;
        if (!CopyDigits(s, ref i, buf, ref n, true)) return LiteralStatus.Invalid;
        int intDigits = n;
        if (i < s.Length && s[i] == '.')
        {
            i++;
            if (i < s.Length && Digit(s[i], true) >= 0 && !CopyDigits(s, ref i, buf, ref n, true)) return LiteralStatus.Invalid;
        }
        long exp = 0;
        if (i < s.Length && (s[i] == 'p' || s[i] == 'P'))
        {
            i++;
            bool eneg = false;
            if (i < s.Length && (s[i] == '+' || s[i] == '-')) eneg = s[i++] == '-';
            Span<char> ebuf = stackalloc char[s.Length];
            int en = 0;
            if (!CopyDigits(s, ref i, ebuf, ref en, false)) return LiteralStatus.Invalid;
            foreach (char c in ebuf[..en])
            {
                exp = exp * 10 + (c - '0');
                if (exp > 1_000_000) exp = 1_000_000;
            }
            if (eneg) exp = -exp;
        }
        if (i != s.Length) return LiteralStatus.Invalid;

        ulong mant = 0;
        bool sticky = false;
        for (int k = 0; k < n; k++)
        {
            int d = Digit(buf[k], true);
            if (mant >> 60 == 0)
            {
                mant = mant * 16 + (ulong)d;
                if (k >= intDigits) exp -= 4;
            }
            else
            {
                if (d != 0) sticky = true;
                if (k < intDigits) exp += 4;
            }
        }
        var st = RoundToIeee(mant, sticky, exp, mantBits, expBits, out bits);
        bits |= signBit;
        return st;
    }

    /// <summary>
    /// Rounds <c>mant * 2^exp</c> (plus a sticky non-zero tail below <c>mant</c>'s last bit) to the nearest
    /// IEEE 754 value with ties to even.
    /// </summary>
    internal static LiteralStatus RoundToIeee(ulong mant, bool sticky, long exp, int mantBits, int expBits, out ulong bits)
    {
        bits = 0;
        if (mant == 0) return LiteralStatus.Ok;
        long bias = (1L << (expBits - 1)) - 1;
        int msb = 63 - BitOperations.LeadingZeroCount(mant);
        if (msb + exp > bias) return LiteralStatus.OutOfRange;
        long minExp = 1 - bias - mantBits; // exponent of the smallest subnormal's unit
        long shift = Math.Max(msb - mantBits, minExp - exp);
        ulong sig;
        if (shift <= 0)
        {
            sig = mant << (int)-shift;
        }
        else if (shift > 64)
        {
            sig = 0;
        }
        else
        {
            UInt128 m = mant;
            UInt128 one = UInt128.One;
            sig = (ulong)(m >> (int)shift);
            UInt128 rem = m & ((one << (int)shift) - 1);
            UInt128 half = one << ((int)shift - 1);
            if (rem > half || (rem == half && (sticky || (sig & 1) != 0))) sig++;
        }
        long e2 = exp + shift;
        if (sig >> (mantBits + 1) != 0)
        {
            sig >>= 1;
            e2++;
        }
        if (sig >> mantBits != 0)
        {
            long biased = e2 + mantBits + bias;
            if (biased >= (1L << expBits) - 1) return LiteralStatus.OutOfRange;
            bits = ((ulong)biased << mantBits) | (sig & ((1UL << mantBits) - 1));
        }
        else
        {
            bits = sig;
        }
        return LiteralStatus.Ok;
    }

    private static int Digit(char c, bool hex) =>
        c >= '0' && c <= '9' ? c - '0'
        : !hex ? -1
        : c >= 'a' && c <= 'f' ? c - 'a' + 10
        : c >= 'A' && c <= 'F' ? c - 'A' + 10
        : -1;
}
