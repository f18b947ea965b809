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
/// spec's allocation sequence: worst-case allocations, shrinking reallocs, latin1+utf16 tagging).
/// Assumes a little-endian host.
/// </summary>
internal static class Strings
{
    /// <summary><c>UTF16_TAG</c> for 32-bit memories.</summary>
    public const uint Utf16Tag = 1u << 31;

    /// <summary><c>MAX_STRING_BYTE_LENGTH</c>.</summary>
    public const uint MaxStringByteLength = (1u << 28) - 1;

    private const string OutOfBounds = "string content out-of-bounds: string pointer/length out of bounds of memory";
    private const string Allocation = "string content out-of-bounds";

    /// <summary><c>load_string_from_range</c>.</summary>
    public static WitValue Load(LiftLowerContext cx, uint ptr, uint taggedCodeUnits)
    {
        var encoding = cx.Options.StringEncoding;
        ulong byteLength;
        uint alignment;
        bool utf16;
        switch (encoding)
        {
            case StringEncoding.Utf8:
                (alignment, byteLength, utf16) = (1, taggedCodeUnits, false);
                break;
            case StringEncoding.Utf16:
                (alignment, byteLength, utf16) = (2, 2ul * taggedCodeUnits, true);
                break;
            default:
                alignment = 2;
                utf16 = (taggedCodeUnits & Utf16Tag) != 0;
                byteLength = utf16 ? 2ul * (taggedCodeUnits ^ Utf16Tag) : taggedCodeUnits;
                break;
        }
        if (byteLength > MaxStringByteLength) throw HandleTables.Trap(OutOfBounds);
        if (alignment == 2 && (ptr & 1) != 0) throw HandleTables.Trap("unaligned pointer: string pointer not aligned to 2");
        cx.CheckBounds(ptr, byteLength, OutOfBounds);
        var bytes = cx.Mem.Slice((int)ptr, (int)byteLength);
        string text;
        if (utf16) text = DecodeUtf16(MemoryMarshal.Cast<byte, char>(bytes));
        else if (encoding == StringEncoding.Utf8) text = DecodeUtf8(bytes);
        else text = Encoding.Latin1.GetString(bytes);
        return WitValue.StringFrom(text, encoding, taggedCodeUnits);
    }

    private static string DecodeUtf8(ReadOnlySpan<byte> bytes)
    {
        if (Utf8.IsValid(bytes)) return Encoding.UTF8.GetString(bytes);
        int index = 0;
        while (true)
        {
            var status = Rune.DecodeFromUtf8(bytes[index..], out _, out int consumed);
            if (status == OperationStatus.NeedMoreData)
                throw HandleTables.Trap($"incomplete utf-8 byte sequence from index {index}");
            if (status != OperationStatus.Done)
                throw HandleTables.Trap($"invalid utf-8 sequence of {consumed} bytes from index {index}");
            index += consumed;
        }
    }

    private static string DecodeUtf16(ReadOnlySpan<char> chars)
    {
        for (int i = 0; i < chars.Length; i++)
        {
            char c = chars[i];
            if (!char.IsSurrogate(c)) continue;
            if (char.IsHighSurrogate(c) && i + 1 < chars.Length && char.IsLowSurrogate(chars[i + 1])) { i++; continue; }
            throw HandleTables.Trap($"invalid utf-16: unpaired surrogate 0x{(int)c:x4} at index {i}");
        }
        return new string(chars);
    }

    /// <summary><c>store_string_into_range</c>: returns the pointer and tagged code units.</summary>
    public static (uint Ptr, uint TaggedCodeUnits) Store(LiftLowerContext cx, WitValue value)
    {
        string s = value.RawText!;
        // The source encoding: the guest's for strings lifted from memory, UTF-8 for host strings (as wasmtime's
        // host strings are), which decides the allocation sizes the destination sees.
        StringEncoding srcEncoding;
        uint srcTagged;
        if (value.StringOrigin != 0)
        {
            srcEncoding = (StringEncoding)((value.StringOrigin >> 32) - 1);
            srcTagged = (uint)value.StringOrigin;
        }
        else
        {
            int n = Encoding.UTF8.GetByteCount(s);
            if ((uint)n > MaxStringByteLength) throw new ArgumentException($"string of {n} UTF-8 bytes exceeds the canonical ABI limit");
            srcEncoding = StringEncoding.Utf8;
            srcTagged = (uint)n;
        }
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
        Encoding.UTF8.GetBytes(s, cx.Mem.Slice((int)ptr, (int)units));
        return (ptr, units);
    }

    private static (uint, uint) CopyUtf16(LiftLowerContext cx, string s, uint units)
    {
        uint ptr = cx.Allocate(2, units * 2, Allocation);
        MemoryMarshal.AsBytes(s.AsSpan()).CopyTo(cx.Mem.Slice((int)ptr, (int)units * 2));
        return (ptr, units);
    }

    private static (uint, uint) CopyLatin1(LiftLowerContext cx, string s, uint units)
    {
        uint ptr = cx.Allocate(2, units, Allocation);
        Encoding.Latin1.GetBytes(s, cx.Mem.Slice((int)ptr, (int)units));
        return (ptr, units);
    }

    /// <summary><c>store_string_to_utf8</c> from UTF-16 or Latin-1 sources.</summary>
    private static (uint, uint) StoreToUtf8(LiftLowerContext cx, string s, uint units, uint worstCase)
    {
        uint ptr = cx.Allocate(1, units, Allocation, checkAlignment: false);
        var mem = cx.Mem;
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            if (c < 0x80)
            {
                mem[(int)ptr + i] = (byte)c;
                continue;
            }
            ptr = cx.Reallocate(ptr, units, 1, worstCase, Allocation, checkAlignment: false);
            int total = i + Encoding.UTF8.GetBytes(s.AsSpan(i), cx.Mem.Slice((int)ptr + i, (int)worstCase - i));
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
        MemoryMarshal.AsBytes(s.AsSpan()).CopyTo(cx.Mem.Slice((int)ptr, (int)length));
        if (length < worstCase) ptr = cx.Reallocate(ptr, worstCase, 2, length, Allocation);
        return (ptr, (uint)s.Length);
    }

    /// <summary><c>store_string_to_latin1_or_utf16</c> from UTF-8 or UTF-16 sources.</summary>
    private static (uint, uint) StoreToLatin1OrUtf16(LiftLowerContext cx, string s, uint units)
    {
        uint ptr = cx.Allocate(2, units, Allocation);
        var mem = cx.Mem;
        int written = 0;
        for (; written < s.Length; written++)
        {
            char c = s[written];
            if (c < 0x100)
            {
                mem[(int)ptr + written] = (byte)c;
                continue;
            }
            uint worstCase = 2 * units;
            ptr = cx.Reallocate(ptr, units, 2, worstCase, Allocation);
            mem = cx.Mem;
            for (int j = written - 1; j >= 0; j--)
            {
                mem[(int)ptr + 2 * j] = mem[(int)ptr + j];
                mem[(int)ptr + 2 * j + 1] = 0;
            }
            uint length = (uint)s.Length * 2;
            MemoryMarshal.AsBytes(s.AsSpan(written)).CopyTo(mem.Slice((int)ptr + 2 * written, (int)length - 2 * written));
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
        var mem = cx.Mem;
        MemoryMarshal.AsBytes(s.AsSpan()).CopyTo(mem.Slice((int)ptr, s.Length * 2));
        bool latin1 = true;
        foreach (char c in s)
        {
            if (c >= 0x100) { latin1 = false; break; }
        }
        if (!latin1) return (ptr, (uint)s.Length | Utf16Tag);
        for (int i = 0; i < s.Length; i++) mem[(int)ptr + i] = mem[(int)ptr + 2 * i];
        // The spec passes alignment 1 here, yet a latin1+utf16 string must be 2-aligned when it is loaded again;
        // like Wasmtime, ask for (and check) alignment 2.
        ptr = cx.Reallocate(ptr, srcBytes, 2, (uint)s.Length, Allocation);
        return (ptr, (uint)s.Length);
    }
}
