using System.Text;
using Wasm.Components.Abi;
using Wasm.Components.Model;
using Wasm.Components.Values;

namespace Wasm.Components.Tests.Abi;

public class StringTests
{
    private const uint Tag = 1u << 31;

    /// <summary>Writes <paramref name="s"/> at 0x1000 in the encoding of <paramref name="encoding"/> and returns the flat (ptr, tagged units).</summary>
    internal static Value[] WriteGuestString(GuestMemory g, string s, StringEncoding encoding)
    {
        byte[] bytes;
        uint units;
        switch (encoding)
        {
            case StringEncoding.Utf8:
                bytes = Encoding.UTF8.GetBytes(s);
                units = (uint)bytes.Length;
                break;
            case StringEncoding.Utf16:
                bytes = Encoding.Unicode.GetBytes(s);
                units = (uint)s.Length;
                break;
            default:
                bool latin1 = s.All(c => c < 0x100);
                bytes = latin1 ? Encoding.Latin1.GetBytes(s) : Encoding.Unicode.GetBytes(s);
                units = (uint)s.Length | (latin1 ? 0 : Tag);
                break;
        }
        bytes.CopyTo(g.Bytes[0x1000..]);
        return [Value.FromI32(0x1000), Value.FromI32((int)units)];
    }

    public static TheoryData<StringEncoding, StringEncoding, string> Pairs()
    {
        var data = new TheoryData<StringEncoding, StringEncoding, string>();
        var encodings = new[] { StringEncoding.Utf8, StringEncoding.Utf16, StringEncoding.Latin1Utf16 };
        foreach (var from in encodings)
            foreach (var to in encodings)
                foreach (var s in new[] { "", "hello", "héllo ÿ", "✓ ő 😀 a" })
                    data.Add(from, to, s);
        return data;
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Transcodes_BetweenEveryPairOfEncodings(StringEncoding from, StringEncoding to, string s)
    {
        var g = new GuestMemory();
        var src = g.Context(from);
        var lifted = CanonicalAbi.LiftFlat(src, WitType.String, WriteGuestString(g, s, from));
        Assert.Equal(s, lifted.AsString());

        var dst = g.Context(to, recording: true);
        var flat = CanonicalAbi.LowerFlat(dst, lifted, WitType.String);
        uint tagged = (uint)flat[1].I32;
        uint ptr = (uint)flat[0].I32;
        switch (to)
        {
            case StringEncoding.Utf8: Assert.Equal(Encoding.UTF8.GetByteCount(s), (int)tagged); break;
            case StringEncoding.Utf16: Assert.Equal(s.Length, (int)tagged); Assert.Equal(0u, ptr % 2); break;
            default:
                bool latin1 = s.All(c => c < 0x100);
                Assert.Equal((uint)s.Length | (latin1 ? 0 : Tag), tagged);
                break;
        }
        Assert.Equal(s, CanonicalAbi.LiftFlat(g.Context(to), WitType.String, flat).AsString());

        // and a host string (no source encoding) lowers to the same text
        var hostFlat = CanonicalAbi.LowerFlat(g.Context(to, recording: true), WitValue.String(s), WitType.String);
        Assert.Equal(s, CanonicalAbi.LiftFlat(g.Context(to), WitType.String, hostFlat).AsString());
    }

    [Fact]
    public void Utf16ToUtf8_AllocatesWorstCaseThenShrinks()
    {
        // store_utf16_to_utf8: allocate(1, n), on the first non-ASCII realloc to 3n, then shrink to the encoded size
        var g = new GuestMemory();
        var lifted = CanonicalAbi.LiftFlat(g.Context(StringEncoding.Utf16), WitType.String, WriteGuestString(g, "héllo", StringEncoding.Utf16));
        var flat = CanonicalAbi.LowerFlat(g.Context(StringEncoding.Utf8, recording: true), lifted, WitType.String);
        Assert.Equal(3, g.Calls.Count);
        Assert.Equal((0u, 0u, 1u, 5u), (g.Calls[0].Old, g.Calls[0].OldSize, g.Calls[0].Align, g.Calls[0].NewSize));
        Assert.Equal((g.Calls[0].Result, 5u, 1u, 15u), (g.Calls[1].Old, g.Calls[1].OldSize, g.Calls[1].Align, g.Calls[1].NewSize));
        Assert.Equal((g.Calls[1].Result, 15u, 1u, 6u), (g.Calls[2].Old, g.Calls[2].OldSize, g.Calls[2].Align, g.Calls[2].NewSize));
        Assert.Equal(6, flat[1].I32);
    }

    [Fact]
    public void Utf8ToLatin1Utf16_InflatesOnTheFirstWideCharacter()
    {
        // store_string_to_latin1_or_utf16 from "aé✓" (6 UTF-8 bytes): allocate(2, 6), realloc(6 -> 12), shrink to 6
        var g = new GuestMemory();
        var lifted = CanonicalAbi.LiftFlat(g.Context(), WitType.String, WriteGuestString(g, "aé✓", StringEncoding.Utf8));
        var flat = CanonicalAbi.LowerFlat(g.Context(StringEncoding.Latin1Utf16, recording: true), lifted, WitType.String);
        Assert.Equal(new uint[] { 6, 12, 6 }, g.Calls.Select(c => c.NewSize));
        Assert.All(g.Calls, c => Assert.Equal(2u, c.Align));
        Assert.Equal(3u | Tag, (uint)flat[1].I32);
        Assert.Equal("aé✓", Encoding.Unicode.GetString(g.Bytes.Slice(flat[0].I32, 6)));
    }

    [Fact]
    public void Utf8ToLatin1Utf16_ShrinksLatin1()
    {
        var g = new GuestMemory();
        var flat = CanonicalAbi.LowerFlat(g.Context(StringEncoding.Latin1Utf16, recording: true), WitValue.String("né"), WitType.String);
        Assert.Equal(new uint[] { 3, 2 }, g.Calls.Select(c => c.NewSize));
        Assert.Equal(2, flat[1].I32);
        Assert.Equal(new byte[] { (byte)'n', 0xE9 }, g.Bytes.Slice(flat[0].I32, 2).ToArray());
    }

    [Fact]
    public void TaggedUtf16ToLatin1Utf16_CompactsWhenLatin1Suffices()
    {
        // store_probably_utf16_to_latin1_or_utf16: allocate(2, 2n), then realloc(2n -> n), with alignment 2
        // (the spec says 1, but the result must load as a 2-aligned latin1+utf16 string; Wasmtime also uses 2)
        var g = new GuestMemory();
        Encoding.Unicode.GetBytes("abc").CopyTo(g.Bytes[0x1000..]);
        var lifted = CanonicalAbi.LiftFlat(g.Context(StringEncoding.Latin1Utf16), WitType.String, [Value.FromI32(0x1000), Value.FromI32(unchecked((int)(3 | Tag)))]);
        var flat = CanonicalAbi.LowerFlat(g.Context(StringEncoding.Latin1Utf16, recording: true), lifted, WitType.String);
        Assert.Equal(new (uint, uint)[] { (2, 6), (2, 3) }, g.Calls.Select(c => (c.Align, c.NewSize)));
        Assert.Equal(3, flat[1].I32);
        Assert.Equal("abc", Encoding.Latin1.GetString(g.Bytes.Slice(flat[0].I32, 3)));
    }

    private static TrapException LiftTrap(GuestMemory g, StringEncoding encoding, byte[] bytes, int ptr, int units)
    {
        if (bytes.Length > 0) bytes.CopyTo(g.Bytes[ptr..]);
        return Assert.Throws<TrapException>(() => CanonicalAbi.LiftFlat(g.Context(encoding), WitType.String, [Value.FromI32(ptr), Value.FromI32(units)]));
    }

    [Fact]
    public void InvalidInput_Traps()
    {
        var g = new GuestMemory();
        Assert.Contains("invalid utf-8", LiftTrap(g, StringEncoding.Utf8, [0x61, 0xff], 0x1000, 2).Message);
        Assert.Contains("incomplete utf-8 byte sequence", LiftTrap(g, StringEncoding.Utf8, [0xc3], 0x1000, 1).Message);
        Assert.Contains("invalid utf-16", LiftTrap(g, StringEncoding.Utf16, [0x00, 0xd8, 0x61, 0x00], 0x1000, 2).Message);
        Assert.Contains("invalid utf-16", LiftTrap(g, StringEncoding.Latin1Utf16, [0x00, 0xdc], 0x1000, unchecked((int)(1 | Tag))).Message);
        var e = LiftTrap(g, StringEncoding.Utf16, [], 0x1001, 1);
        Assert.Contains("unaligned pointer", e.Message);
        Assert.Contains("string pointer not aligned to 2", e.Message);
        Assert.Equal(TrapCode.CanonicalAbi, e.Code);
        Assert.Contains("unaligned pointer", LiftTrap(g, StringEncoding.Latin1Utf16, [], 0x1001, 0).Message);
        e = LiftTrap(g, StringEncoding.Utf8, [], 65535, 2);
        Assert.Contains("string pointer/length out of bounds of memory", e.Message);
        Assert.Contains("string content out-of-bounds", e.Message);
        Assert.Contains("out of bounds", LiftTrap(g, StringEncoding.Utf8, [], unchecked((int)0xdeadbeef), 0).Message);
        Assert.Contains("out-of-bounds", LiftTrap(g, StringEncoding.Utf8, [], 0, 1 << 28).Message);
    }

    [Fact]
    public void EmptyStringAtTheEndOfMemory_IsFine()
    {
        var g = new GuestMemory();
        Assert.Equal("", CanonicalAbi.LiftFlat(g.Context(), WitType.String, [Value.FromI32(65536), Value.FromI32(0)]).AsString());
    }

    [Fact]
    public void MisbehavingRealloc_Traps()
    {
        var g = new GuestMemory { ForcedResult = 1 };
        var e = Assert.Throws<TrapException>(() => CanonicalAbi.LowerFlat(g.Context(StringEncoding.Utf16, recording: true), WitValue.String("x"), WitType.String));
        Assert.Equal("unaligned pointer: realloc return: result not aligned", e.Message);
        g.ForcedResult = 65535;
        e = Assert.Throws<TrapException>(() => CanonicalAbi.LowerFlat(g.Context(StringEncoding.Utf8, recording: true), WitValue.String("xy"), WitType.String));
        Assert.Contains("realloc return: beyond end of memory", e.Message);
        Assert.Contains("string content out-of-bounds", e.Message);
    }
}
