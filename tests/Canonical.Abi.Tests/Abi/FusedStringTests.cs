using System.Runtime.InteropServices;
using System.Text;
using Wasm.Components.Abi;
using Wasm.Components.Model;
using Wasm.Components.Values;

namespace Wasm.Components.Tests.Abi;

/// <summary>Strings passed between two component instances (fused calls): left in the source memory when lifted,
/// transcoded memory to memory when lowered, with Wasmtime's allocation sequence and limits.</summary>
public class FusedStringTests
{
    private const uint Tag = 1u << 31;

    private static WitValue LiftFused(GuestMemory g, StringEncoding encoding, Value[] flat) =>
        CanonicalAbi.LiftFlat(new LiftLowerContext(g.Options(encoding)) { Fused = true }, WitType.String, flat);

    private static Value[] Flat(int ptr, uint taggedCodeUnits) => [Value.FromI32(ptr), Value.FromI32(unchecked((int)taggedCodeUnits))];

    /// <summary>The realloc calls without the pointers the allocator chose.</summary>
    private static (bool Fresh, uint OldSize, uint Align, uint NewSize)[] Sizes(GuestMemory g) =>
        g.Calls.Select(c => (c.Old == 0, c.OldSize, c.Align, c.NewSize)).ToArray();

    [Theory]
    [MemberData(nameof(StringTests.Pairs), MemberType = typeof(StringTests))]
    public void Transcodes_MemoryToMemory_WithTheSpecsReallocs(StringEncoding from, StringEncoding to, string s)
    {
        var src = new GuestMemory();
        var lifted = LiftFused(src, from, StringTests.WriteGuestString(src, s, from));
        Assert.Same(src.Memory, lifted.SourceMemory);

        var dst = new GuestMemory();
        var flat = CanonicalAbi.LowerFlat(dst.Context(to, recording: true), lifted, WitType.String);
        Assert.Equal(s, CanonicalAbi.LiftFlat(dst.Context(to), WitType.String, flat).AsString());

        // Below Wasmtime's limits its sequence is the spec's: the same tagged length from the same reallocs.
        var decoded = CanonicalAbi.LiftFlat(src.Context(from), WitType.String, StringTests.WriteGuestString(src, s, from));
        var spec = new GuestMemory();
        var specFlat = CanonicalAbi.LowerFlat(spec.Context(to, recording: true), decoded, WitType.String);
        Assert.Equal(specFlat[1].I32, flat[1].I32);
        Assert.Equal(Sizes(spec), Sizes(dst));
    }

    [Fact]
    public void Utf16ToUtf8_AllocatesTheUnits_ThenTheWorstCase_ThenShrinks()
    {
        var src = new GuestMemory();
        var dst = new GuestMemory();
        var lifted = LiftFused(src, StringEncoding.Utf16, StringTests.WriteGuestString(src, "héllo", StringEncoding.Utf16));
        var flat = CanonicalAbi.LowerFlat(dst.Context(StringEncoding.Utf8, recording: true), lifted, WitType.String);
        Assert.Equal([(true, 0u, 1u, 5u), (false, 5u, 1u, 15u), (false, 15u, 1u, 6u)], Sizes(dst));
        Assert.Equal("héllo", Encoding.UTF8.GetString(dst.Bytes.Slice(flat[0].I32, flat[1].I32)));
    }

    [Fact]
    public void Utf8ToLatin1Utf16_InflatesWhatWasWritten_OnTheFirstWideCharacter()
    {
        var src = new GuestMemory();
        var dst = new GuestMemory();
        var lifted = LiftFused(src, StringEncoding.Utf8, StringTests.WriteGuestString(src, "aé✓", StringEncoding.Utf8));
        var flat = CanonicalAbi.LowerFlat(dst.Context(StringEncoding.Latin1Utf16, recording: true), lifted, WitType.String);
        Assert.Equal([(true, 0u, 2u, 6u), (false, 6u, 2u, 12u), (false, 12u, 2u, 6u)], Sizes(dst));
        Assert.Equal(3u | Tag, (uint)flat[1].I32);
        Assert.Equal("aé✓", Encoding.Unicode.GetString(dst.Bytes.Slice(flat[0].I32, 6)));
    }

    /// <summary>The UTF-16 code units of <paramref name="s"/> as they are, unpaired surrogates included.</summary>
    private static byte[] Utf16Bytes(string s) => MemoryMarshal.AsBytes(s.AsSpan()).ToArray();

    public static TheoryData<StringEncoding, byte[], uint, StringEncoding, string> InvalidSources()
    {
        var data = new TheoryData<StringEncoding, byte[], uint, StringEncoding, string>();
        foreach (var to in new[] { StringEncoding.Utf8, StringEncoding.Utf16, StringEncoding.Latin1Utf16 })
        {
            data.Add(StringEncoding.Utf8, [0x61, 0xFF, 0x62], 3, to, "invalid utf-8 sequence of 1 bytes from index 1");
            data.Add(StringEncoding.Utf8, [0x61, 0xC3], 2, to, "incomplete utf-8 byte sequence from index 1");
            data.Add(StringEncoding.Utf8, Encoding.UTF8.GetBytes("é✓").Append((byte)0xE2).ToArray(), 6, to, "incomplete utf-8 byte sequence from index 5");
            data.Add(StringEncoding.Utf16, Utf16Bytes("a\uD800b"), 3, to, "invalid utf-16: unpaired surrogate 0xd800 at index 1");
            data.Add(StringEncoding.Utf16, Utf16Bytes("é✓\uDC00"), 3, to, "invalid utf-16: unpaired surrogate 0xdc00 at index 2");
            data.Add(StringEncoding.Latin1Utf16, Utf16Bytes("\uDC00"), 1 | Tag, to, "invalid utf-16: unpaired surrogate 0xdc00 at index 0");
            data.Add(StringEncoding.Latin1Utf16, Utf16Bytes("✓\uD83D"), 2 | Tag, to, "invalid utf-16: unpaired surrogate 0xd83d at index 1");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(InvalidSources))]
    public void InvalidSource_TrapsWhenTranscoded_WithTheHostsMessage(StringEncoding from, byte[] bytes, uint units, StringEncoding to, string message)
    {
        var src = new GuestMemory();
        bytes.CopyTo(src.Bytes[0x1000..]);
        var lifted = LiftFused(src, from, Flat(0x1000, units)); // only the range is checked here
        var e = Assert.Throws<TrapException>(() => CanonicalAbi.LowerFlat(new GuestMemory().Context(to), lifted, WitType.String));
        Assert.Equal(message, e.Message);
        Assert.Equal(TrapCode.CanonicalAbi, e.Code);
        Assert.Equal(message, Assert.Throws<TrapException>(() => lifted.AsString()).Message);
    }

    [Fact]
    public void UnpairedSurrogate_InTheAsciiPass_TrapsBeforeTheWorstCaseRealloc()
    {
        var src = new GuestMemory();
        var dst = new GuestMemory();
        Utf16Bytes("ab\uDC00").CopyTo(src.Bytes[0x1000..]);
        var lifted = LiftFused(src, StringEncoding.Utf16, Flat(0x1000, 3));
        Assert.Throws<TrapException>(() => CanonicalAbi.LowerFlat(dst.Context(StringEncoding.Utf8, recording: true), lifted, WitType.String));
        Assert.Equal([(true, 0u, 1u, 3u)], Sizes(dst));
    }

    [Fact]
    public void Lift_ChecksAlignmentAndBounds()
    {
        var g = new GuestMemory();
        TrapException Trap(StringEncoding encoding, int ptr, uint units) =>
            Assert.Throws<TrapException>(() => LiftFused(g, encoding, Flat(ptr, units)));
        Assert.Contains("string content out-of-bounds", Trap(StringEncoding.Utf8, 65535, 2).Message);
        Assert.Contains("string content out-of-bounds", Trap(StringEncoding.Utf16, 65534, 2).Message);
        Assert.Contains("string content out-of-bounds", Trap(StringEncoding.Utf8, unchecked((int)0xFFFF_FFFF), 2).Message);
        Assert.Equal("unaligned pointer: string pointer not aligned to 2", Trap(StringEncoding.Utf16, 0x1001, 1).Message);
        Assert.Equal("unaligned pointer: string pointer not aligned to 2", Trap(StringEncoding.Latin1Utf16, 0x1001, 0).Message);
        // latin1+utf16 is measured by its tag: 40000 Latin-1 bytes fit after 0x1000, 40000 UTF-16 units do not
        Assert.Equal(40000u, LiftFused(g, StringEncoding.Latin1Utf16, Flat(0x1000, 40000)).SourceTaggedCodeUnits);
        Assert.Contains("string content out-of-bounds", Trap(StringEncoding.Latin1Utf16, 0x1000, 40000 | Tag).Message);
        Assert.Equal("", LiftFused(g, StringEncoding.Utf8, Flat(65536, 0)).AsString());
    }

    [Fact]
    public void LeftInMemory_IsAStringToHostCode()
    {
        var g = new GuestMemory();
        var lifted = LiftFused(g, StringEncoding.Latin1Utf16, StringTests.WriteGuestString(g, "grüße 😀", StringEncoding.Latin1Utf16));
        Assert.Equal(WitValue.String("grüße 😀"), lifted);
        Assert.Equal(WitValue.String("grüße 😀").GetHashCode(), lifted.GetHashCode());
        Assert.Equal("grüße 😀", lifted.AsString());
    }

    [Fact]
    public void LongStrings_HaveWasmtimesLimit_CheckedAgainWhenInflating()
    {
        // A UTF-8 source of 2^30 bytes starting with "Ā" (C4 80): beyond the host's 2^28-1, within Wasmtime's
        // 2^31-1 as Latin-1, but not once "Ā" needs two bytes a unit. Untouched pages of the grown memories cost
        // nothing.
        const uint n = 1u << 30;
        var src = new GuestMemory();
        src.Memory.Grow(n / (uint)Memory.PageSize);
        src.Bytes[0] = 0xC4;
        src.Bytes[1] = 0x80;
        var dst = new GuestMemory { ForcedResult = 0 };
        dst.Memory.Grow(n / (uint)Memory.PageSize);

        var lifted = LiftFused(src, StringEncoding.Utf8, Flat(0, n));
        var e = Assert.Throws<TrapException>(() => CanonicalAbi.LowerFlat(dst.Context(StringEncoding.Latin1Utf16, recording: true), lifted, WitType.String));
        Assert.Equal("string content out-of-bounds", e.Message);
        Assert.Equal([(0u, 0u, 2u, n)], dst.Calls.Select(c => (c.Old, c.OldSize, c.Align, c.NewSize)));

        // a byte shorter, the inflating realloc is made (and its result does not fit this memory)
        dst.Calls.Clear();
        lifted = LiftFused(src, StringEncoding.Utf8, Flat(0, n - 1));
        e = Assert.Throws<TrapException>(() => CanonicalAbi.LowerFlat(dst.Context(StringEncoding.Latin1Utf16, recording: true), lifted, WitType.String));
        Assert.Equal("realloc return: beyond end of memory: string content out-of-bounds", e.Message);
        Assert.Equal([(0u, 0u, 2u, n - 1), (0u, n - 1, 2u, 2 * n - 2)], dst.Calls.Select(c => (c.Old, c.OldSize, c.Align, c.NewSize)));

        // host code reading it still has the spec's limit
        Assert.Contains("string content out-of-bounds", Assert.Throws<TrapException>(() => lifted.AsString()).Message);
    }

    [Fact]
    public void FusedCall_LowersTheResultIntoTheCaller_BeforePostReturn()
    {
        var engine = new Engine();
        var component = Component.FromText(engine, """
            (component
              (component $callee
                (core module $m
                  (memory (export "mem") 1)
                  (data (i32.const 16) "h\c3\a9llo")
                  (func (export "get") (result i32)
                    (i32.store (i32.const 0) (i32.const 16))
                    (i32.store (i32.const 4) (i32.const 6))
                    (i32.const 0))
                  ;; the caller must have its copy before this clobbers the string
                  (func (export "post") (param i32) (i64.store (i32.const 16) (i64.const 0))))
                (core instance $i (instantiate $m))
                (func (export "get") (result string)
                  (canon lift (core func $i "get") (memory (core memory $i "mem")) (post-return (core func $i "post")))))
              (component $caller
                (import "get" (func $get (result string)))
                (core module $libc
                  (memory (export "mem") 1)
                  (func (export "realloc") (param i32 i32 i32 i32) (result i32) (i32.const 256)))
                (core instance $libc (instantiate $libc))
                (core func $get (canon lower (func $get) string-encoding=utf16
                  (memory (core memory $libc "mem")) (realloc (core func $libc "realloc"))))
                (core module $m
                  (import "" "get" (func $get (param i32)))
                  (func (export "run") (result i32) (call $get (i32.const 8)) (i32.const 8)))
                (core instance $i (instantiate $m (with "" (instance (export "get" (func $get))))))
                (func (export "run") (result string)
                  (canon lift (core func $i "run") string-encoding=utf16 (memory (core memory $libc "mem")))))
              (instance $callee (instantiate $callee))
              (instance $caller (instantiate $caller (with "get" (func $callee "get"))))
              (export "run" (func $caller "run")))
            """);
        var instance = new ComponentLinker(engine).Instantiate(new Store(engine), component);
        Assert.Equal("héllo", instance.GetFunc("run")!.Call()!.AsString());
    }
}
