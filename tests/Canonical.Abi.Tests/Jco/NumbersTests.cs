using Wasm.Components.Tests.Support;
using Wasm.Components.Values;

namespace Wasm.Components.Tests.Jco;

/// <summary>numbers.component.wasm, after jco's runtime/numbers.ts.</summary>
public sealed class NumbersTests
{
    private const string I = "test:numbers/test";

    private static readonly string[] Names =
    [
        "roundtrip-u8", "roundtrip-s8", "roundtrip-u16", "roundtrip-s16", "roundtrip-u32", "roundtrip-s32",
        "roundtrip-u64", "roundtrip-s64", "roundtrip-f32", "roundtrip-f64", "roundtrip-char", "set-scalar", "get-scalar",
    ];

    private static JcoHarness Setup(List<string>? calls = null)
    {
        var h = JcoHarness.For("numbers");
        var scalar = 0u;
        var imports = h.Linker.Instance(I);
        foreach (var name in Names.Where(n => n.StartsWith("roundtrip-", StringComparison.Ordinal)))
        {
            var n = name;
            imports.DefineFunction(n, args =>
            {
                calls?.Add(n);
                return args[0];
            });
        }
        imports.DefineFunction("set-scalar", args =>
        {
            calls?.Add("set-scalar");
            scalar = args[0].AsUInt32();
            return null;
        });
        imports.DefineFunction("get-scalar", _ =>
        {
            calls?.Add("get-scalar");
            return WitValue.U32(scalar);
        });
        return h;
    }

    [Fact]
    public void TestImports_GuestRoundtripsEveryScalarThroughTheHost()
    {
        var calls = new List<string>();
        var h = Setup(calls);
        Assert.Null(h.Call("test-imports"));
        // The guest asserts the answers itself (it traps on a wrong one); check that it asked for all of them.
        foreach (var name in Names) Assert.Contains(name, calls);
    }

    [Fact]
    public void TestImports_WrongHostAnswerMakesTheGuestPanic()
    {
        var h = JcoHarness.For("numbers");
        var imports = h.Linker.Instance(I);
        foreach (var name in Names.Where(n => n.StartsWith("roundtrip-", StringComparison.Ordinal)))
            imports.DefineFunction(name, args => args[0]);
        imports.DefineFunction("set-scalar", _ => null);
        imports.DefineFunction("get-scalar", _ => WitValue.U32(12345));   // never what was set

        var f = h.Func("test-imports");
        var trap = Assert.Throws<TrapException>(() => f.Call());
        Assert.True(h.Instance.IsPoisoned);
        // The guest (C, built with wit-bindgen's C generator) reports the failed assert on stderr, through
        // wasi:cli/stderr, before trapping.
        Assert.Contains("Assertion failed", h.Wasi.Stderr);
        Assert.Contains("get_scalar", h.Wasi.Stderr);
        Assert.NotNull(trap);
    }

    [Fact]
    public void Trap_PoisonsOnlyTheTrappingInstance()
    {
        var h = JcoHarness.For("numbers");
        var imports = h.Linker.Instance(I);
        foreach (var name in Names.Where(n => n.StartsWith("roundtrip-", StringComparison.Ordinal)))
            imports.DefineFunction(name, args => args[0]);
        imports.DefineFunction("set-scalar", _ => null);
        imports.DefineFunction("get-scalar", _ => WitValue.U32(12345));   // never what was set

        var poisoned = h.Instantiate();
        var healthy = h.Linker.Instantiate(new Store(JcoFixtures.Engine), h.Component);
        Assert.Throws<TrapException>(() => poisoned.GetFunc("test-imports")!.Call());

        Assert.True(poisoned.IsPoisoned);
        var again = Assert.Throws<TrapException>(() => poisoned.GetFunc($"{I}#roundtrip-u32")!.Call(WitValue.U32(1)));
        Assert.Contains("poisoned", again.Message);
        Assert.False(healthy.IsPoisoned);
        Assert.Equal(WitValue.U32(7), healthy.GetFunc($"{I}#roundtrip-u32")!.Call(WitValue.U32(7)));
    }

    [Fact]
    public void Unsigned8And16()
    {
        var h = Setup();
        WitAssert.Equal(WitValue.U8(1), h.Call($"{I}#roundtrip-u8", WitValue.U8(1)));
        WitAssert.Equal(WitValue.U8(255), h.Call($"{I}#roundtrip-u8", WitValue.U8(255)));
        WitAssert.Equal(WitValue.U16(1), h.Call($"{I}#roundtrip-u16", WitValue.U16(1)));
        WitAssert.Equal(WitValue.U16(65535), h.Call($"{I}#roundtrip-u16", WitValue.U16(65535)));
    }

    [Fact]
    public void Signed8And16()
    {
        var h = Setup();
        WitAssert.Equal(WitValue.S8(1), h.Call($"{I}#roundtrip-s8", WitValue.S8(1)));
        WitAssert.Equal(WitValue.S8(127), h.Call($"{I}#roundtrip-s8", WitValue.S8(127)));
        WitAssert.Equal(WitValue.S8(-128), h.Call($"{I}#roundtrip-s8", WitValue.S8(-128)));
        WitAssert.Equal(WitValue.S16(1), h.Call($"{I}#roundtrip-s16", WitValue.S16(1)));
        WitAssert.Equal(WitValue.S16(32767), h.Call($"{I}#roundtrip-s16", WitValue.S16(32767)));
        WitAssert.Equal(WitValue.S16(-32768), h.Call($"{I}#roundtrip-s16", WitValue.S16(-32768)));
    }

    [Fact]
    public void ThirtyTwoBit()
    {
        var h = Setup();
        WitAssert.Equal(WitValue.U32(1), h.Call($"{I}#roundtrip-u32", WitValue.U32(1)));
        WitAssert.Equal(WitValue.U32(uint.MaxValue), h.Call($"{I}#roundtrip-u32", WitValue.U32(uint.MaxValue)));
        WitAssert.Equal(WitValue.S32(1), h.Call($"{I}#roundtrip-s32", WitValue.S32(1)));
        WitAssert.Equal(WitValue.S32(int.MaxValue), h.Call($"{I}#roundtrip-s32", WitValue.S32(int.MaxValue)));
        WitAssert.Equal(WitValue.S32(int.MinValue), h.Call($"{I}#roundtrip-s32", WitValue.S32(int.MinValue)));
    }

    [Fact]
    public void SixtyFourBit()
    {
        var h = Setup();
        WitAssert.Equal(WitValue.U64(1), h.Call($"{I}#roundtrip-u64", WitValue.U64(1)));
        WitAssert.Equal(WitValue.U64(ulong.MaxValue), h.Call($"{I}#roundtrip-u64", WitValue.U64(ulong.MaxValue)));
        WitAssert.Equal(ulong.MaxValue, h.CallValue($"{I}#roundtrip-u64", WitValue.U64(ulong.MaxValue)).AsUInt64());
        WitAssert.Equal(WitValue.S64(1), h.Call($"{I}#roundtrip-s64", WitValue.S64(1)));
        WitAssert.Equal(WitValue.S64(long.MaxValue), h.Call($"{I}#roundtrip-s64", WitValue.S64(long.MaxValue)));
        WitAssert.Equal(WitValue.S64(long.MinValue), h.Call($"{I}#roundtrip-s64", WitValue.S64(long.MinValue)));
    }

    [Fact]
    public void Floats()
    {
        var h = Setup();
        WitAssert.Equal(1f, h.CallValue($"{I}#roundtrip-f32", WitValue.F32(1f)).AsSingle());
        WitAssert.Equal(float.PositiveInfinity, h.CallValue($"{I}#roundtrip-f32", WitValue.F32(float.PositiveInfinity)).AsSingle());
        WitAssert.Equal(float.NegativeInfinity, h.CallValue($"{I}#roundtrip-f32", WitValue.F32(float.NegativeInfinity)).AsSingle());
        Assert.True(float.IsNaN(h.CallValue($"{I}#roundtrip-f32", WitValue.F32(float.NaN)).AsSingle()));

        WitAssert.Equal(1d, h.CallValue($"{I}#roundtrip-f64", WitValue.F64(1d)).AsDouble());
        WitAssert.Equal(double.PositiveInfinity, h.CallValue($"{I}#roundtrip-f64", WitValue.F64(double.PositiveInfinity)).AsDouble());
        WitAssert.Equal(double.NegativeInfinity, h.CallValue($"{I}#roundtrip-f64", WitValue.F64(double.NegativeInfinity)).AsDouble());
        Assert.True(double.IsNaN(h.CallValue($"{I}#roundtrip-f64", WitValue.F64(double.NaN)).AsDouble()));
    }

    [Fact]
    public void Chars()
    {
        var h = Setup();
        WitAssert.Equal('a', h.CallValue($"{I}#roundtrip-char", WitValue.Char('a')).AsChar());
        WitAssert.Equal(' ', h.CallValue($"{I}#roundtrip-char", WitValue.Char(' ')).AsChar());
        WitAssert.Equal(0x1F6A9, h.CallValue($"{I}#roundtrip-char", WitValue.Char(0x1F6A9)).AsChar());
    }

    [Fact]
    public void Scalar()
    {
        var h = Setup();
        Assert.Null(h.Call($"{I}#set-scalar", WitValue.U32(2)));
        WitAssert.Equal(WitValue.U32(2), h.Call($"{I}#get-scalar"));
        h.Call($"{I}#set-scalar", WitValue.U32(4));
        WitAssert.Equal(WitValue.U32(4), h.Call($"{I}#get-scalar"));
    }
}
