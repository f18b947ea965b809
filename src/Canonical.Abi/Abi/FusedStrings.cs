using System.Buffers;
using System.Text;
using System.Text.Unicode;
using Wasm.Components.Model;
using Wasm.Components.Values;

namespace Wasm.Components.Abi;

/// <summary>
/// Strings passed from one component instance to another, as Wasmtime's fused adapters pass them. Lifting only
/// checks the source range and leaves the string in the source memory (<see cref="WitValue.StringInMemory"/>);
/// lowering transcodes it straight from there into the destination's memory, validating UTF-8 and UTF-16 as it
/// copies, with Wasmtime's sequence: its limit of 2^31-1 bytes (the spec's 2^28-1 stays for the host) checked
/// for each allocation's width, worst-case allocations, inflation reallocs and shrinking reallocs. Such strings
/// never become .NET strings. Addresses into either memory are recomputed after every realloc, which may grow
/// (and so move) a memory. Assumes a little-endian host.
/// </summary>
internal static unsafe class FusedStrings
{
    /// <summary>Wasmtime's <c>MAX_STRING_BYTE_LENGTH</c> for strings passed between instances.</summary>
    public const uint MaxByteLength = int.MaxValue;

    /// <summary>The fixed encodings strings are transcoded between (latin1+utf16 is Latin-1 or UTF-16 by its tag).</summary>
    private enum Form { Utf8, Utf16, Latin1 }

    private static uint Width(Form form) => form == Form.Utf16 ? 2u : 1u;

    private static uint Alignment(Form form) => form == Form.Utf8 ? 1u : 2u;

    /// <summary>The code units of a source string in its memory.</summary>
    private readonly struct Source(Memory memory, uint ptr, uint units)
    {
        public readonly uint Units = units;

        /// <summary>The address <paramref name="offset"/> bytes into the string; valid until the next guest call.</summary>
        public byte* At(uint offset) => memory.Base + (ulong)ptr + offset;
    }

    /// <summary>The address of <paramref name="ptr"/> in the destination memory; valid until the next guest call.</summary>
    private static byte* Destination(LiftLowerContext cx, uint ptr) => cx.Options.RequireMemory().Base + ptr;

    /// <summary>
    /// <c>load_string_from_range</c> of a fused call: traps unless the string is aligned and inside the memory,
    /// then leaves it there. Its length is checked when it is lowered, against the destination's encoding.
    /// </summary>
    public static WitValue Lift(LiftLowerContext cx, uint ptr, uint taggedCodeUnits)
    {
        var encoding = cx.Options.StringEncoding;
        if (encoding != StringEncoding.Utf8) LiftLowerContext.CheckAligned(ptr, 2, "string pointer");
        cx.CheckBounds(ptr, Strings.ByteLength(encoding, taggedCodeUnits).ByteLength, Strings.OutOfBounds);
        return WitValue.StringInMemory(cx.Options.RequireMemory(), ptr, encoding, taggedCodeUnits);
    }

    /// <summary>Transcodes a string lifted by <see cref="Lift"/> into the memory of <paramref name="cx"/>: returns
    /// the pointer and tagged code units there.</summary>
    public static (uint Ptr, uint TaggedCodeUnits) Store(LiftLowerContext cx, Memory memory, uint ptr, StringEncoding encoding, uint taggedCodeUnits)
    {
        var from = encoding switch
        {
            StringEncoding.Utf8 => Form.Utf8,
            StringEncoding.Utf16 => Form.Utf16,
            _ => (taggedCodeUnits & Strings.Utf16Tag) != 0 ? Form.Utf16 : Form.Latin1,
        };
        var src = new Source(memory, ptr, taggedCodeUnits & ~(encoding == StringEncoding.Latin1Utf16 ? Strings.Utf16Tag : 0));
        switch (cx.Options.StringEncoding)
        {
            case StringEncoding.Utf8:
                return from == Form.Utf8 ? StringCopy(cx, src, Form.Utf8, Form.Utf8) : DeflateToUtf8(cx, src, from);
            case StringEncoding.Utf16:
                return from == Form.Utf8 ? Utf8ToUtf16(cx, src) : StringCopy(cx, src, from, Form.Utf16);
            default:
                if (from == Form.Latin1) return StringCopy(cx, src, Form.Latin1, Form.Latin1);
                if (encoding == StringEncoding.Latin1Utf16) return CompactUtf16ToCompact(cx, src);
                return ToCompact(cx, src, from);
        }
    }

    /// <summary><c>validate_string_length</c>: traps unless <paramref name="units"/> code units of
    /// <paramref name="width"/> bytes each stay within <see cref="MaxByteLength"/>.</summary>
    private static void CheckLength(uint units, uint width)
    {
        if (units > MaxByteLength / width) throw HandleTables.Trap(Strings.Allocation);
    }

    /// <summary><c>string_copy</c>: one allocation of the code units at the destination's width, then a validating
    /// copy (UTF-8 and UTF-16 to themselves, Latin-1 to Latin-1 or UTF-16).</summary>
    private static (uint, uint) StringCopy(LiftLowerContext cx, Source src, Form from, Form to)
    {
        uint n = src.Units;
        CheckLength(n, Width(to));
        uint ptr = cx.Allocate(Alignment(to), n * Width(to), Strings.Allocation);
        byte* s = src.At(0), d = Destination(cx, ptr);
        switch (from)
        {
            case Form.Utf8:
                ValidateUtf8(new ReadOnlySpan<byte>(s, (int)n), 0);
                Buffer.MemoryCopy(s, d, n, n);
                break;
            case Form.Utf16:
                ValidateUtf16(new ReadOnlySpan<char>(s, (int)n), 0);
                Buffer.MemoryCopy(s, d, 2ul * n, 2ul * n);
                break;
            default:
                if (to == Form.Utf16) Encoding.Latin1.GetChars(new ReadOnlySpan<byte>(s, (int)n), new Span<char>(d, (int)n));
                else Buffer.MemoryCopy(s, d, n, n);
                break;
        }
        return (ptr, n);
    }

    /// <summary><c>string_deflate_to_utf8</c> from UTF-16 or Latin-1: allocate a byte a code unit and copy the ASCII
    /// prefix; at the first wider character, reallocate to the worst case (3 or 2 bytes a unit), encode the rest
    /// and shrink to fit.</summary>
    private static (uint, uint) DeflateToUtf8(LiftLowerContext cx, Source src, Form from)
    {
        uint n = src.Units;
        CheckLength(n, Width(from));
        uint ptr = cx.Allocate(1, n, Strings.Allocation);
        uint ascii = from == Form.Utf16
            ? CopyAsciiPrefix(new ReadOnlySpan<char>(src.At(0), (int)n), Destination(cx, ptr))
            : CopyAsciiPrefix(new ReadOnlySpan<byte>(src.At(0), (int)n), Destination(cx, ptr));
        if (ascii == n) return (ptr, n);

        uint factor = from == Form.Utf16 ? 3u : 2u;
        CheckLength(n, factor);
        uint worstCase = n * factor;
        ptr = cx.Reallocate(ptr, n, 1, worstCase, Strings.Allocation);
        var rest = new Span<byte>(Destination(cx, ptr) + ascii, (int)(worstCase - ascii));
        uint length = ascii + (from == Form.Utf16
            ? TranscodeUtf16ToUtf8(new ReadOnlySpan<char>(src.At(2 * ascii), (int)(n - ascii)), rest, ascii)
            : TranscodeLatin1ToUtf8(new ReadOnlySpan<byte>(src.At(ascii), (int)(n - ascii)), rest));
        if (length != worstCase) ptr = cx.Reallocate(ptr, worstCase, 1, length, Strings.Allocation);
        return (ptr, length);
    }

    /// <summary><c>string_utf8_to_utf16</c>: allocate the worst case of a UTF-16 unit a byte, transcode, shrink to fit.</summary>
    private static (uint, uint) Utf8ToUtf16(LiftLowerContext cx, Source src)
    {
        uint n = src.Units;
        CheckLength(n, 2);
        uint worstCase = 2 * n;
        uint ptr = cx.Allocate(2, worstCase, Strings.Allocation);
        uint length = TranscodeUtf8ToUtf16(new ReadOnlySpan<byte>(src.At(0), (int)n), new Span<char>(Destination(cx, ptr), (int)n), 0);
        if (length != n) ptr = cx.Reallocate(ptr, worstCase, 2, 2 * length, Strings.Allocation);
        return (ptr, length);
    }

    /// <summary><c>string_compact_utf16_to_compact</c> from UTF-16-tagged latin1+utf16: allocate two bytes a unit and
    /// copy; when every character fits Latin-1, compact instead and shrink to a byte a unit.</summary>
    private static (uint, uint) CompactUtf16ToCompact(LiftLowerContext cx, Source src)
    {
        uint n = src.Units;
        CheckLength(n, 2);
        uint byteLength = 2 * n;
        uint ptr = cx.Allocate(2, byteLength, Strings.Allocation);
        var chars = new ReadOnlySpan<char>(src.At(0), (int)n);
        ValidateUtf16(chars, 0);
        byte* d = Destination(cx, ptr);
        if (chars.IndexOfAnyExceptInRange('\0', '\u00FF') >= 0)
        {
            chars.CopyTo(new Span<char>(d, (int)n));
            return (ptr, n | Strings.Utf16Tag);
        }
        Encoding.Latin1.GetBytes(chars, new Span<byte>(d, (int)n));
        ptr = cx.Reallocate(ptr, byteLength, 2, n, Strings.Allocation);
        return (ptr, n);
    }

    /// <summary><c>string_to_compact</c> from UTF-8 or UTF-16: allocate a byte a code unit and write Latin-1 while it
    /// fits; at the first wider character, reallocate to two bytes a unit, inflate what was written, transcode the
    /// rest to UTF-16 and shrink to fit.</summary>
    private static (uint, uint) ToCompact(LiftLowerContext cx, Source src, Form from)
    {
        uint n = src.Units;
        CheckLength(n, Width(from));
        uint ptr = cx.Allocate(2, n, Strings.Allocation);
        var latin1 = new Span<byte>(Destination(cx, ptr), (int)n);
        var (read, written) = from == Form.Utf8
            ? TranscodeUtf8ToLatin1(new ReadOnlySpan<byte>(src.At(0), (int)n), latin1)
            : TranscodeUtf16ToLatin1(new ReadOnlySpan<char>(src.At(0), (int)n), latin1);
        if (read == n)
        {
            if (written != n) ptr = cx.Reallocate(ptr, n, 2, written, Strings.Allocation);
            return (ptr, written);
        }

        // UTF-16 sources passed this limit already; a UTF-8 one may be too long to double
        if (from == Form.Utf8) CheckLength(n, 2);
        uint worstCase = 2 * n;
        ptr = cx.Reallocate(ptr, n, 2, worstCase, Strings.Allocation);
        char* d = (char*)Destination(cx, ptr);
        InflateLatin1(d, written);
        var rest = new Span<char>(d + written, (int)(n - written));
        uint length = written + (from == Form.Utf8
            ? TranscodeUtf8ToUtf16(new ReadOnlySpan<byte>(src.At(read), (int)(n - read)), rest, read)
            : CopyUtf16(new ReadOnlySpan<char>(src.At(2 * read), (int)(n - read)), rest, read));
        if (length != n) ptr = cx.Reallocate(ptr, worstCase, 2, 2 * length, Strings.Allocation);
        return (ptr, length | Strings.Utf16Tag);
    }

    // ------------------------------------------------------------------ transcoders (Wasmtime's libcalls)

    /// <summary>Copies the ASCII prefix of <paramref name="chars"/> to <paramref name="dst"/> as bytes and returns its
    /// length. Like Wasmtime's first pass, the character it stops at is decoded first, so an unpaired surrogate
    /// traps here, before any realloc.</summary>
    private static uint CopyAsciiPrefix(ReadOnlySpan<char> chars, byte* dst)
    {
        Ascii.FromUtf16(chars, new Span<byte>(dst, chars.Length), out int ascii);
        if (ascii < chars.Length && char.IsSurrogate(chars[ascii]) && !Strings.IsPairedSurrogateAt(chars, ascii))
            throw Strings.InvalidUtf16(chars[ascii], ascii);
        return (uint)ascii;
    }

    /// <summary>Copies the ASCII prefix of the Latin-1 <paramref name="bytes"/> to <paramref name="dst"/> and returns its length.</summary>
    private static uint CopyAsciiPrefix(ReadOnlySpan<byte> bytes, byte* dst)
    {
        int ascii = bytes.IndexOfAnyInRange((byte)0x80, (byte)0xFF);
        if (ascii < 0) ascii = bytes.Length;
        bytes[..ascii].CopyTo(new Span<byte>(dst, ascii));
        return (uint)ascii;
    }

    /// <summary>Encodes <paramref name="chars"/>, which start at code unit <paramref name="offset"/> of the string, as
    /// UTF-8 into <paramref name="dst"/> (large enough) and returns the bytes written.</summary>
    private static uint TranscodeUtf16ToUtf8(ReadOnlySpan<char> chars, Span<byte> dst, uint offset)
    {
        var status = Utf8.FromUtf16(chars, dst, out int read, out int written, replaceInvalidSequences: false);
        if (status != OperationStatus.Done) throw Strings.InvalidUtf16(chars[read], offset + read);
        return (uint)written;
    }

    /// <summary>Encodes Latin-1 <paramref name="bytes"/> as UTF-8 into <paramref name="dst"/> (large enough) and
    /// returns the bytes written.</summary>
    private static uint TranscodeLatin1ToUtf8(ReadOnlySpan<byte> bytes, Span<byte> dst)
    {
        int i = 0, j = 0;
        while (true)
        {
            int ascii = bytes[i..].IndexOfAnyInRange((byte)0x80, (byte)0xFF);
            if (ascii < 0) ascii = bytes.Length - i;
            bytes.Slice(i, ascii).CopyTo(dst[j..]);
            i += ascii;
            j += ascii;
            if (i == bytes.Length) return (uint)j;
            byte b = bytes[i++];
            dst[j++] = (byte)(0xC0 | b >> 6);
            dst[j++] = (byte)(0x80 | b & 0x3F);
        }
    }

    /// <summary>Decodes the UTF-8 <paramref name="bytes"/>, which start at code unit <paramref name="offset"/> of the
    /// string, into <paramref name="dst"/> (large enough) and returns the UTF-16 units written.</summary>
    private static uint TranscodeUtf8ToUtf16(ReadOnlySpan<byte> bytes, Span<char> dst, uint offset)
    {
        var status = Utf8.ToUtf16(bytes, dst, out int read, out int written, replaceInvalidSequences: false);
        if (status != OperationStatus.Done) throw Strings.InvalidUtf8(bytes, read, offset);
        return (uint)written;
    }

    /// <summary>Writes the longest prefix of the UTF-8 <paramref name="bytes"/> that is Latin-1 (and valid) to
    /// <paramref name="dst"/>: returns the bytes read and written.</summary>
    private static (uint Read, uint Written) TranscodeUtf8ToLatin1(ReadOnlySpan<byte> bytes, Span<byte> dst)
    {
        int i = 0, j = 0;
        while (i < bytes.Length)
        {
            int ascii = bytes[i..].IndexOfAnyInRange((byte)0x80, (byte)0xFF);
            if (ascii < 0) ascii = bytes.Length - i;
            bytes.Slice(i, ascii).CopyTo(dst[j..]);
            i += ascii;
            j += ascii;
            if (i == bytes.Length) break;
            // C2 80 to C3 BF encode U+0080 to U+00FF; anything else is wider (or invalid) and ends the prefix
            byte lead = bytes[i];
            if (lead is < 0xC2 or > 0xC3 || i + 1 == bytes.Length || (bytes[i + 1] & 0xC0) != 0x80) break;
            dst[j++] = (byte)((lead & 0x1F) << 6 | bytes[i + 1] & 0x3F);
            i += 2;
        }
        return ((uint)i, (uint)j);
    }

    /// <summary>Writes the longest prefix of <paramref name="chars"/> that is Latin-1 to <paramref name="dst"/>: returns
    /// the code units read and written (the same).</summary>
    private static (uint Read, uint Written) TranscodeUtf16ToLatin1(ReadOnlySpan<char> chars, Span<byte> dst)
    {
        int latin1 = chars.IndexOfAnyExceptInRange('\0', '\u00FF');
        if (latin1 < 0) latin1 = chars.Length;
        Encoding.Latin1.GetBytes(chars[..latin1], dst);
        return ((uint)latin1, (uint)latin1);
    }

    /// <summary>Widens the first <paramref name="count"/> Latin-1 bytes at <paramref name="chars"/> to UTF-16 in place.</summary>
    private static void InflateLatin1(char* chars, uint count)
    {
        // backwards, so each byte is read before a wider write reaches it
        byte* bytes = (byte*)chars;
        for (long i = (long)count - 1; i >= 0; i--) chars[i] = (char)bytes[i];
    }

    /// <summary>Copies <paramref name="chars"/>, which start at code unit <paramref name="offset"/> of the string, to
    /// <paramref name="dst"/> after checking they are valid UTF-16; returns the units copied.</summary>
    private static uint CopyUtf16(ReadOnlySpan<char> chars, Span<char> dst, uint offset)
    {
        ValidateUtf16(chars, offset);
        chars.CopyTo(dst);
        return (uint)chars.Length;
    }

    private static void ValidateUtf8(ReadOnlySpan<byte> bytes, uint offset)
    {
        if (!Utf8.IsValid(bytes)) throw Strings.InvalidUtf8(bytes, Strings.FirstInvalidUtf8(bytes), offset);
    }

    private static void ValidateUtf16(ReadOnlySpan<char> chars, uint offset)
    {
        int invalid = Strings.FirstUnpairedSurrogate(chars);
        if (invalid >= 0) throw Strings.InvalidUtf16(chars[invalid], offset + invalid);
    }
}
