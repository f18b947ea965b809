using Wasm.Binary;

namespace Wasm.Tests.Binary;

public class WasmReaderTests
{
    private static uint U32(params byte[] b) { var r = new WasmReader(b, 0, b.Length); return r.ReadU32(); }
    private static int S32(params byte[] b) { var r = new WasmReader(b, 0, b.Length); return r.ReadS32(); }
    private static long S64(params byte[] b) { var r = new WasmReader(b, 0, b.Length); return r.ReadS64(); }
    private static long S33(params byte[] b) { var r = new WasmReader(b, 0, b.Length); return r.ReadS33(); }
    private static ulong U64(params byte[] b) { var r = new WasmReader(b, 0, b.Length); return r.ReadU64(); }

    private static string Error(Action a) => Assert.Throws<MalformedModuleException>(a).Reason;

    [Fact]
    public void U32_Boundaries()
    {
        Assert.Equal(0u, U32(0x00));
        Assert.Equal(0u, U32(0x80, 0x80, 0x80, 0x80, 0x00));
        Assert.Equal(uint.MaxValue, U32(0xFF, 0xFF, 0xFF, 0xFF, 0x0F));
        Assert.Equal(624485u, U32(0xE5, 0x8E, 0x26));
    }

    [Fact]
    public void U32_TooLongAndTooLarge()
    {
        Assert.Equal("integer representation too long", Error(() => U32(0x80, 0x80, 0x80, 0x80, 0x80, 0x00)));
        Assert.Equal("integer too large", Error(() => U32(0xFF, 0xFF, 0xFF, 0xFF, 0x1F)));
        Assert.Equal("integer too large", Error(() => U32(0x80, 0x80, 0x80, 0x80, 0x70)));
        Assert.Equal("unexpected end", Error(() => U32(0x80, 0x80)));
    }

    [Fact]
    public void S32_Boundaries()
    {
        Assert.Equal(-1, S32(0x7F));
        Assert.Equal(63, S32(0x3F));
        Assert.Equal(-64, S32(0x40));
        Assert.Equal(int.MinValue, S32(0x80, 0x80, 0x80, 0x80, 0x78));
        Assert.Equal(int.MaxValue, S32(0xFF, 0xFF, 0xFF, 0xFF, 0x07));
        Assert.Equal(-1, S32(0xFF, 0xFF, 0xFF, 0xFF, 0x7F));
    }

    [Fact]
    public void S32_UnusedBitsMustBeSignExtension()
    {
        Assert.Equal("integer too large", Error(() => S32(0xFF, 0xFF, 0xFF, 0xFF, 0x0F)));
        Assert.Equal("integer too large", Error(() => S32(0x80, 0x80, 0x80, 0x80, 0x70)));
        Assert.Equal("integer representation too long", Error(() => S32(0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F)));
    }

    [Fact]
    public void S64_Boundaries()
    {
        Assert.Equal(long.MinValue, S64(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7F));
        Assert.Equal(long.MaxValue, S64(0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00));
        Assert.Equal(-2, S64(0x7E));
        Assert.Equal("integer too large", Error(() => S64(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01 | 0x40)));
        Assert.Equal("integer representation too long",
            Error(() => S64(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00)));
    }

    [Fact]
    public void U64_And_S33()
    {
        Assert.Equal(ulong.MaxValue, U64(0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01));
        Assert.Equal("integer too large", Error(() => U64(0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x03)));
        Assert.Equal(-64, S33(0x40));
        Assert.Equal(uint.MaxValue, S33(0xFF, 0xFF, 0xFF, 0xFF, 0x0F));
        Assert.Equal(-(1L << 32), S33(0x80, 0x80, 0x80, 0x80, 0x70));
        Assert.Equal("integer too large", Error(() => S33(0x80, 0x80, 0x80, 0x80, 0x20)));
    }

    [Fact]
    public void Names_AreValidatedUtf8()
    {
        byte[] ok = [0x02, 0xC3, 0xA9];
        var r = new WasmReader(ok, 0, ok.Length);
        Assert.Equal("é", r.ReadName());
        byte[] overlong = [0x02, 0xC0, 0x80];
        Assert.Equal("malformed UTF-8 encoding", Error(() => { var x = new WasmReader(overlong, 0, overlong.Length); x.ReadName(); }));
        byte[] surrogate = [0x03, 0xED, 0xA0, 0x80];
        Assert.Equal("malformed UTF-8 encoding", Error(() => { var x = new WasmReader(surrogate, 0, surrogate.Length); x.ReadName(); }));
        byte[] tooLong = [0x05, 0x61];
        Assert.Equal("length out of bounds", Error(() => { var x = new WasmReader(tooLong, 0, tooLong.Length); x.ReadName(); }));
    }

    [Fact]
    public void Errors_CarryTheOffsetOfTheInteger()
    {
        byte[] b = [0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0x1F];
        var e = Assert.Throws<MalformedModuleException>(() => { var r = new WasmReader(b, 2, b.Length); r.ReadU32(); });
        Assert.Equal(2, e.Offset);
    }
}
