using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Unicode;
using Wasm.Components.Model;
using Wasm.Components.Values;

namespace Wasm.Components.Abi;

/// <summary>
/// Strings in linear memory: <c>load_string_from_range</c> (decode the guest's encoding into a .NET string,
/// trapping on invalid input) and <c>store_string_into_range</c> (encode into the destination encoding with the
/// spec's allocation sequence: worst-case allocations, shrinking reallocs, latin1+utf16 tagging). Strings passed
/// between two component instances take <see cref="FusedStrings"/> instead. Assumes a little-endian host.
/// </summary>
internal static class Strings
{
    /// <summary><c>UTF16_TAG</c> for 32-bit memories.</summary>
    public const uint Utf16Tag = 1u << 31;

    /// <summary><c>MAX_STRING_BYTE_LENGTH</c>.</summary>
    public const uint MaxStringByteLength = (1u << 28) - 1;

    internal const string OutOfBounds = "string content out-of-bounds: string pointer/length out of bounds of memory";
    internal const string Allocation = "string content out-of-bounds";

    /// <summary><c>load_string_from_range</c>; in a call between two component instances the string is only
    /// checked and left in memory (<see cref="FusedStrings.Lift"/>).</summary>
    public static WitValue Load(LiftLowerContext cx, uint ptr, uint taggedCodeUnits)
    {
        if (cx.Fused) return FusedStrings.Lift(cx, ptr, taggedCodeUnits);
        return WitValue.StringFrom(LoadText(cx, ptr, taggedCodeUnits), cx.Options.StringEncoding, taggedCodeUnits);
    }

    /// <summary><c>load_string_from_range</c> into a .NET string.</summary>
    public static string LoadText(LiftLowerContext cx, uint ptr, uint taggedCodeUnits)
    {
        var encoding = cx.Options.StringEncoding;
        var (byteLength, utf16) = ByteLength(encoding, taggedCodeUnits);
        if (byteLength > MaxStringByteLength) throw HandleTables.Trap(OutOfBounds);
        if (encoding != StringEncoding.Utf8) LiftLowerContext.CheckAligned(ptr, 2, "string pointer");
        cx.CheckBounds(ptr, byteLength, OutOfBounds);
        return Decode(cx.Options.RequireMemory().GetSpan(ptr, (int)byteLength), encoding, utf16);
    }

    /// <summary>
    /// Decodes a string that a call between two component instances left in memory, once host code reads it:
    /// the host's limit (<see cref="MaxStringByteLength"/>) applies. Its range was checked when it was lifted, and
    /// memories never shrink.
    /// </summary>
    public static string Decode(Memory memory, uint ptr, StringEncoding encoding, uint taggedCodeUnits)
    {
        var (byteLength, utf16) = ByteLength(encoding, taggedCodeUnits);
        if (byteLength > MaxStringByteLength) throw HandleTables.Trap(OutOfBounds);
        return Decode(memory.GetSpan(ptr, (int)byteLength), encoding, utf16);
    }

    /// <summary>The byte length of a string of <paramref name="taggedCodeUnits"/> in <paramref name="encoding"/>,
    /// and whether it is UTF-16 (for latin1+utf16, what the tag says).</summary>
    internal static (ulong ByteLength, bool Utf16) ByteLength(StringEncoding encoding, uint taggedCodeUnits) => encoding switch
    {
        StringEncoding.Utf8 => (taggedCodeUnits, false),
        StringEncoding.Utf16 => (2ul * taggedCodeUnits, true),
        _ => (taggedCodeUnits & Utf16Tag) != 0 ? (2ul * (taggedCodeUnits ^ Utf16Tag), true) : (taggedCodeUnits, false),
    };

    private static string Decode(ReadOnlySpan<byte> bytes, StringEncoding encoding, bool utf16)
    {
        if (utf16)
        {
            var chars = MemoryMarshal.Cast<byte, char>(bytes);
            int invalid = FirstUnpairedSurrogate(chars);
            if (invalid >= 0) throw InvalidUtf16(chars[invalid], invalid);
            return new string(chars);
        }
        if (encoding != StringEncoding.Utf8) return Encoding.Latin1.GetString(bytes);
        if (!Utf8.IsValid(bytes)) throw InvalidUtf8(bytes, FirstInvalidUtf8(bytes), 0);
        return Encoding.UTF8.GetString(bytes);
    }

    /// <summary>The index of the first byte of <paramref name="bytes"/> that does not start valid UTF-8, or -1.</summary>
    internal static int FirstInvalidUtf8(ReadOnlySpan<byte> bytes)
    {
        // Utf8.ToUtf16 finds it vectorized; the text itself goes to a scratch buffer and is dropped.
        Span<char> scratch = stackalloc char[512];
        int index = 0;
        while (true)
        {
            var status = Utf8.ToUtf16(bytes[index..], scratch, out int read, out _, replaceInvalidSequences: false);
            index += read;
            if (status == OperationStatus.Done) return -1;
            if (status != OperationStatus.DestinationTooSmall) return index;
        }
    }

    /// <summary>The trap for the invalid UTF-8 sequence at <paramref name="index"/> of <paramref name="bytes"/>, a
    /// slice of a string starting at its code unit <paramref name="offset"/> (for the reported index).</summary>
    internal static TrapException InvalidUtf8(ReadOnlySpan<byte> bytes, int index, long offset)
    {
        var status = Rune.DecodeFromUtf8(bytes[index..], out _, out int consumed);
        return status == OperationStatus.NeedMoreData
            ? HandleTables.Trap($"incomplete utf-8 byte sequence from index {offset + index}")
            : HandleTables.Trap($"invalid utf-8 sequence of {consumed} bytes from index {offset + index}");
    }

    /// <summary>The index of the first surrogate of <paramref name="chars"/> that is not part of a pair, or -1.</summary>
    internal static int FirstUnpairedSurrogate(ReadOnlySpan<char> chars)
    {
        int i = 0;
        while (true)
        {
            int next = chars[i..].IndexOfAnyInRange('\uD800', '\uDFFF');
            if (next < 0) return -1;
            i += next;
            if (!IsPairedSurrogateAt(chars, i)) return i;
            i += 2;
        }
    }

    /// <summary>True when <c>chars[i]</c> is a high surrogate followed by a low one.</summary>
    internal static bool IsPairedSurrogateAt(ReadOnlySpan<char> chars, int i) =>
        char.IsHighSurrogate(chars[i]) && i + 1 < chars.Length && char.IsLowSurrogate(chars[i + 1]);

    /// <summary>The trap for the unpaired surrogate <paramref name="c"/> at code unit <paramref name="index"/>.</summary>
    internal static TrapException InvalidUtf16(char c, long index) =>
        HandleTables.Trap($"invalid utf-16: unpaired surrogate 0x{(int)c:x4} at index {index}");

    /// <summary><c>store_string_into_range</c>: returns the pointer and tagged code units.</summary>
    public static (uint Ptr, uint TaggedCodeUnits) Store(LiftLowerContext cx, WitValue value)
    {
        if (value.SourceMemory is { } source)
            return FusedStrings.Store(cx, source, value.SourcePointer, value.SourceEncoding, value.SourceTaggedCodeUnits);
        // The source encoding: the guest's for strings lifted from memory, UTF-8 for host strings (as wasmtime's
        // host strings are), which decides the allocation sizes the destination sees.
        if (value.StringOrigin == 0) return StoreHostString(cx, value.RawText!);
        return Store(cx, value.RawText!, (StringEncoding)((value.StringOrigin >> 32) - 1), (uint)value.StringOrigin);
    }

    /// <summary><c>store_string_into_range</c> of a host string (its source encoding is UTF-8).</summary>
    public static (uint Ptr, uint TaggedCodeUnits) StoreHostString(LiftLowerContext cx, string s)
    {
        int n = Encoding.UTF8.GetByteCount(s);
        if ((uint)n > MaxStringByteLength) throw new ArgumentException($"string of {n} UTF-8 bytes exceeds the canonical ABI limit");
        return Store(cx, s, StringEncoding.Utf8, (uint)n);
    }

    private static (uint Ptr, uint TaggedCodeUnits) Store(LiftLowerContext cx, string s, StringEncoding srcEncoding, uint srcTagged)
    {
        // latin1+utf16 sources split into their simple encodings
        bool srcLatin1 = false;
        bool srcUtf16 = srcEncoding == StringEncoding.Utf16;
        uint units = srcTagged;
        if (srcEncoding == StringEncoding.Latin1Utf16)
        {
            srcUtf16 = (srcTagged & Utf16Tag) != 0;
            srcLatin1 = !srcUtf16;
            if (srcUtf16) units ^= Utf16Tag;
        }
        switch (cx.Options.StringEncoding)
        {
            case StringEncoding.Utf8:
                if (srcUtf16) return StoreToUtf8(cx, s, units, units * 3);
                if (srcLatin1) return StoreToUtf8(cx, s, units, units * 2);
                return CopyUtf8(cx, s, units);
            case StringEncoding.Utf16:
                if (srcUtf16 || srcLatin1) return CopyUtf16(cx, s, units);
                return StoreUtf8ToUtf16(cx, s, units);
            default:
                if (srcEncoding != StringEncoding.Latin1Utf16) return StoreToLatin1OrUtf16(cx, s, units);
                if (srcLatin1) return CopyLatin1(cx, s, units);
                return StoreProbablyUtf16ToLatin1OrUtf16(cx, s, units);
        }
    }

    private static (uint, uint) CopyUtf8(LiftLowerContext cx, string s, uint units)
    {
        uint ptr = cx.Allocate(1, units, Allocation);
        Encoding.UTF8.GetBytes(s, cx.At(ptr, (int)units));
        return (ptr, units);
    }

    private static (uint, uint) CopyUtf16(LiftLowerContext cx, string s, uint units)
    {
        uint ptr = cx.Allocate(2, units * 2, Allocation);
        MemoryMarshal.AsBytes(s.AsSpan()).CopyTo(cx.At(ptr, (int)units * 2));
        return (ptr, units);
    }

    private static (uint, uint) CopyLatin1(LiftLowerContext cx, string s, uint units)
    {
        uint ptr = cx.Allocate(2, units, Allocation);
        Encoding.Latin1.GetBytes(s, cx.At(ptr, (int)units));
        return (ptr, units);
    }

    /// <summary><c>store_string_to_utf8</c> from UTF-16 or Latin-1 sources.</summary>
    private static (uint, uint) StoreToUtf8(LiftLowerContext cx, string s, uint units, uint worstCase)
    {
        uint ptr = cx.Allocate(1, units, Allocation, checkAlignment: false);
        var mem = cx.At(ptr, (int)units);
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            if (c < 0x80)
            {
                mem[i] = (byte)c;
                continue;
            }
            ptr = cx.Reallocate(ptr, units, 1, worstCase, Allocation, checkAlignment: false);
            int total = i + Encoding.UTF8.GetBytes(s.AsSpan(i), cx.At(ptr + (uint)i, (int)worstCase - i));
            if (worstCase > (uint)total) ptr = cx.Reallocate(ptr, worstCase, 1, (uint)total, Allocation, checkAlignment: false);
            return (ptr, (uint)total);
        }
        return (ptr, units);
    }

    /// <summary><c>store_utf8_to_utf16</c>.</summary>
    private static (uint, uint) StoreUtf8ToUtf16(LiftLowerContext cx, string s, uint units)
    {
        uint worstCase = 2 * units;
        uint ptr = cx.Allocate(2, worstCase, Allocation);
        uint length = (uint)s.Length * 2;
        MemoryMarshal.AsBytes(s.AsSpan()).CopyTo(cx.At(ptr, (int)length));
        if (length < worstCase) ptr = cx.Reallocate(ptr, worstCase, 2, length, Allocation);
        return (ptr, (uint)s.Length);
    }

    /// <summary><c>store_string_to_latin1_or_utf16</c> from UTF-8 or UTF-16 sources.</summary>
    private static (uint, uint) StoreToLatin1OrUtf16(LiftLowerContext cx, string s, uint units)
    {
        uint ptr = cx.Allocate(2, units, Allocation);
        var mem = cx.At(ptr, (int)units);
        int written = 0;
        for (; written < s.Length; written++)
        {
            char c = s[written];
            if (c < 0x100)
            {
                mem[written] = (byte)c;
                continue;
            }
            uint worstCase = 2 * units;
            ptr = cx.Reallocate(ptr, units, 2, worstCase, Allocation);
            mem = cx.At(ptr, (int)worstCase);
            for (int j = written - 1; j >= 0; j--)
            {
                mem[2 * j] = mem[j];
                mem[2 * j + 1] = 0;
            }
            uint length = (uint)s.Length * 2;
            MemoryMarshal.AsBytes(s.AsSpan(written)).CopyTo(mem.Slice(2 * written, (int)length - 2 * written));
            if (worstCase > length) ptr = cx.Reallocate(ptr, worstCase, 2, length, Allocation);
            return (ptr, (uint)s.Length | Utf16Tag);
        }
        if ((uint)written < units) ptr = cx.Reallocate(ptr, units, 2, (uint)written, Allocation);
        return (ptr, (uint)written);
    }

    /// <summary><c>store_probably_utf16_to_latin1_or_utf16</c> from tagged-UTF-16 latin1+utf16 sources.</summary>
    private static (uint, uint) StoreProbablyUtf16ToLatin1OrUtf16(LiftLowerContext cx, string s, uint units)
    {
        uint srcBytes = 2 * units;
        uint ptr = cx.Allocate(2, srcBytes, Allocation);
        var mem = cx.At(ptr, (int)srcBytes);
        MemoryMarshal.AsBytes(s.AsSpan()).CopyTo(mem);
        bool latin1 = true;
        foreach (char c in s)
        {
            if (c >= 0x100) { latin1 = false; break; }
        }
        if (!latin1) return (ptr, (uint)s.Length | Utf16Tag);
        for (int i = 0; i < s.Length; i++) mem[i] = mem[2 * i];
        // The spec passes alignment 1 here, yet a latin1+utf16 string must be 2-aligned when it is loaded again;
        // like Wasmtime, ask for (and check) alignment 2.
        ptr = cx.Reallocate(ptr, srcBytes, 2, (uint)s.Length, Allocation);
        return (ptr, (uint)s.Length);
    }
}
