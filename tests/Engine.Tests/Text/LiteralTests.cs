using Wasm.Text;

namespace Wasm.Tests.Text;

public class LiteralTests
{
    [Theory]
    [InlineData("0", 0u)]
    [InlineData("-1", 0xFFFFFFFFu)]
    [InlineData("4294967295", 0xFFFFFFFFu)]
    [InlineData("-2147483648", 0x80000000u)]
    [InlineData("0x7fff_ffff", 0x7FFFFFFFu)]
    [InlineData("+0x10", 16u)]
    [InlineData("1_000", 1000u)]
    public void I32InRange(string text, uint expected)
    {
        Assert.Equal(LiteralStatus.Ok, Literals.ParseInt(text, 32, out var v));
        Assert.Equal(expected, (uint)v);
    }

    [Theory]
    [InlineData("4294967296")]
    [InlineData("-2147483649")]
    [InlineData("0x1_0000_0000")]
    public void I32OutOfRange(string text) => Assert.Equal(LiteralStatus.OutOfRange, Literals.ParseInt(text, 32, out _));

    [Theory]
    [InlineData("1__0")]
    [InlineData("_1")]
    [InlineData("1_")]
    [InlineData("0x")]
    [InlineData("nan")]
    public void IntInvalid(string text) => Assert.Equal(LiteralStatus.Invalid, Literals.ParseInt(text, 32, out _));

    [Theory]
    [InlineData("0x1p-149", 0x00000001u)]
    [InlineData("0x1.fffffep127", 0x7F7FFFFFu)]
    [InlineData("0x1.000001p0", 0x3F800000u)] // tie, rounds to even
    [InlineData("0x1.000003p0", 0x3F800002u)] // tie, rounds to even (up)
    [InlineData("0x1.0000010000000000000001p0", 0x3F800001u)] // just above the tie
    [InlineData("0x1p-150", 0x00000000u)] // half of the smallest subnormal: ties to zero
    [InlineData("0x1.8p-149", 0x00000002u)]
    [InlineData("inf", 0x7F800000u)]
    [InlineData("-inf", 0xFF800000u)]
    [InlineData("nan", 0x7FC00000u)]
    [InlineData("-nan:0x200000", 0xFFA00000u)]
    [InlineData("nan:0x1", 0x7F800001u)]
    [InlineData("1e-45", 0x00000001u)]
    [InlineData("3.4028235e38", 0x7F7FFFFFu)]
    [InlineData("-0", 0x80000000u)]
    [InlineData("1.5", 0x3FC00000u)]
    [InlineData("1_000.5", 0x447A2000u)]
    public void F32Bits(string text, uint expected)
    {
        Assert.Equal(LiteralStatus.Ok, Literals.ParseF32(text, out var bits));
        Assert.Equal(expected, bits);
    }

    [Theory]
    [InlineData("0x1p128")]
    [InlineData("0x1.ffffffp127")]
    [InlineData("1e39")]
    [InlineData("nan:0x800000")]
    [InlineData("nan:0x0")]
    public void F32OutOfRange(string text) => Assert.Equal(LiteralStatus.OutOfRange, Literals.ParseF32(text, out _));

    [Theory]
    [InlineData("0x1p-1074", 0x0000000000000001UL)]
    [InlineData("0x1.fffffffffffff8p1023", 0UL)] // overflow marker, checked below
    [InlineData("0x1.0000000000000_8p0", 0x3FF0000000000000UL)]
    [InlineData("0x1.00000000000018p0", 0x3FF0000000000002UL)]
    [InlineData("nan:0xf_ffff_ffff_ffff", 0x7FFFFFFFFFFFFFFFUL)]
    [InlineData("0x.8p1", 0UL)] // invalid: no leading digit
    [InlineData("1.7976931348623157e308", 0x7FEFFFFFFFFFFFFFUL)]
    [InlineData("0x1P+2", 0x4010000000000000UL)]
    public void F64Bits(string text, ulong expected)
    {
        var st = Literals.ParseF64(text, out var bits);
        if (text == "0x1.fffffffffffff8p1023") Assert.Equal(LiteralStatus.OutOfRange, st);
        else if (text == "0x.8p1") Assert.Equal(LiteralStatus.Invalid, st);
        else
        {
            Assert.Equal(LiteralStatus.Ok, st);
            Assert.Equal(expected, bits);
        }
    }
}
