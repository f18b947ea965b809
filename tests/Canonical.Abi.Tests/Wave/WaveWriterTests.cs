using Wasm.Components.Values;
using Wasm.Components.Wave;

namespace Wasm.Components.Tests.Wave;

/// <summary>The canonical WAVE text of every kind of value (the forms the reference writer, wasm-wave, prints).</summary>
public class WaveWriterTests
{
    private static string W(WitValue v) => WaveWriter.ToString(v);

    [Fact]
    public void Bools() => Assert.Equal("[true, false]", W(WitValue.List(WitValue.Bool(true), WitValue.Bool(false))));

    [Fact]
    public void Integers()
    {
        Assert.Equal("-128", W(WitValue.S8(-128)));
        Assert.Equal("255", W(WitValue.U8(255)));
        Assert.Equal("-32768", W(WitValue.S16(short.MinValue)));
        Assert.Equal("65535", W(WitValue.U16(ushort.MaxValue)));
        Assert.Equal("-2147483648", W(WitValue.S32(int.MinValue)));
        Assert.Equal("4294967295", W(WitValue.U32(uint.MaxValue)));
        Assert.Equal("-9223372036854775808", W(WitValue.S64(long.MinValue)));
        Assert.Equal("18446744073709551615", W(WitValue.U64(ulong.MaxValue)));
    }

    [Theory]
    [InlineData(0.0, "0")]
    [InlineData(-0.0, "-0")]
    [InlineData(1.0, "1")]
    [InlineData(-3.1415, "-3.1415")]
    [InlineData(-100000.0, "-100000")]
    [InlineData(1e-7, "0.0000001")]
    [InlineData(6.022e23, "602200000000000000000000")]
    [InlineData(0.1, "0.1")]
    [InlineData(123.456, "123.456")]
    [InlineData(double.NaN, "nan")]
    [InlineData(double.PositiveInfinity, "inf")]
    [InlineData(double.NegativeInfinity, "-inf")]
    public void F64(double value, string expected) => Assert.Equal(expected, W(WitValue.F64(value)));

    [Fact]
    public void F64NeverUsesAnExponent()
    {
        Assert.Equal("0." + new string('0', 323) + "5", W(WitValue.F64(double.Epsilon)));
        Assert.Equal("17976931348623157" + new string('0', 292), W(WitValue.F64(double.MaxValue)));
    }

    [Theory]
    // wasm-wave accept-floats: the largest normal f32, the smallest subnormal, a shortest-digits case.
    [InlineData(3.4028234664e38f, "340282350000000000000000000000000000000")]
    [InlineData(1.4012984643e-45f, "0.000000000000000000000000000000000000000000001")]
    [InlineData(0.1f, "0.1")]
    [InlineData(float.NaN, "nan")]
    [InlineData(float.NegativeInfinity, "-inf")]
    public void F32(float value, string expected) => Assert.Equal(expected, W(WitValue.F32(value)));

    [Fact]
    public void CharsUseWaveEscapes()
    {
        // wasm-wave accept-chars: every mandatory or conventional escape, and characters written as themselves.
        Assert.Equal(@"['\\', '\'', '\""', '\t', '\n', '\r']",
            W(WitValue.List(WitValue.Char('\\'), WitValue.Char('\''), WitValue.Char('"'), WitValue.Char('\t'), WitValue.Char('\n'), WitValue.Char('\r'))));
        Assert.Equal(@"['\u{0}', 'x', '☃', '🌊', ' ']", W(WitValue.List(WitValue.Char(0), WitValue.Char('x'), WitValue.Char(0x2603), WitValue.Char(0x1F30A), WitValue.Char(' '))));
        Assert.Equal(@"'\u{7f}'", W(WitValue.Char(0x7f)));
        Assert.Equal(@"'\u{200b}'", W(WitValue.Char(0x200b))); // format character
        Assert.Equal(@"'\u{301}'", W(WitValue.Char(0x301))); // combining mark
        Assert.Equal(@"'\u{a0}'", W(WitValue.Char(0xa0))); // non-breaking space
    }

    [Fact]
    public void Strings()
    {
        Assert.Equal("\"\"", W(WitValue.String("")));
        Assert.Equal("\"WAVE🌊\"", W(WitValue.String("WAVE🌊")));
        Assert.Equal(@"""\\\'\""\t\n\r""", W(WitValue.String("\\'\"\t\n\r")));
        Assert.Equal(@"""a\u{1b}[0m""", W(WitValue.String("a\u001b[0m")));
    }

    [Fact]
    public void ListsTuplesRecords()
    {
        Assert.Equal("[]", W(WitValue.List()));
        Assert.Equal("[1, 2, 3]", W(WitValue.List(WitValue.U8(1), WitValue.U8(2), WitValue.U8(3))));
        Assert.Equal("(\"abc\", 123)", W(WitValue.Tuple(WitValue.String("abc"), WitValue.U32(123))));
        Assert.Equal("{field-a: 1, field-b: \"two\"}", W(WitValue.Record(("field-a", WitValue.U8(1)), ("field-b", WitValue.String("two")))));
    }

    [Fact]
    public void RecordsLeaveOutNoneFields()
    {
        Assert.Equal("{required: 1}", W(WitValue.Record(("required", WitValue.U8(1)), ("optional", WitValue.None))));
        Assert.Equal("{required: 1, optional: some(2)}", W(WitValue.Record(("required", WitValue.U8(1)), ("optional", WitValue.Some(WitValue.U8(2))))));
        Assert.Equal("{:}", W(WitValue.Record(("a", WitValue.None), ("b", WitValue.None))));
        // Keyword field names need no prefix.
        Assert.Equal("{true: true, ok: ok}", W(WitValue.Record(("true", WitValue.Bool(true)), ("ok", WitValue.Ok()))));
    }

    [Fact]
    public void VariantsAndEnums()
    {
        Assert.Equal("days(30)", W(WitValue.Variant("days", WitValue.U32(30))));
        Assert.Equal("forever", W(WitValue.Variant("forever")));
        Assert.Equal("%err(\"oops\")", W(WitValue.Variant("err", WitValue.String("oops"))));
        Assert.Equal("south", W(WitValue.Enum("south")));
        foreach (var keyword in new[] { "true", "false", "some", "none", "ok", "err", "inf", "nan" })
            Assert.Equal("%" + keyword, W(WitValue.Enum(keyword)));
    }

    [Fact]
    public void OptionsAndResults()
    {
        Assert.Equal("some(\"explicit some\")", W(WitValue.Some(WitValue.String("explicit some"))));
        Assert.Equal("none", W(WitValue.None));
        Assert.Equal("some(none)", W(WitValue.Some(WitValue.None)));
        Assert.Equal("ok(\"explicit ok\")", W(WitValue.Ok(WitValue.String("explicit ok"))));
        Assert.Equal("err(\"oops\")", W(WitValue.Err(WitValue.String("oops"))));
        Assert.Equal("[ok, err]", W(WitValue.List(WitValue.Ok(), WitValue.Err())));
    }

    [Fact]
    public void Flags()
    {
        Assert.Equal("{}", W(WitValue.Flags()));
        Assert.Equal("{read, write}", W(WitValue.Flags("read", "write")));
    }

    [Fact]
    public void HandlesAreReadable()
    {
        var r = new Types.ResourceType("blob");
        Assert.Equal("own<blob>#7", W(WitValue.Handle(new ResourceHandle(r, 7, isOwn: true))));
        Assert.Equal("borrow<blob>#1", W(WitValue.Handle(new ResourceHandle(r, 1, isOwn: false))));
    }

    [Fact]
    public void WitValueToStringIsWave() =>
        Assert.Equal("{a: [some('x')]}", WitValue.Record(("a", WitValue.List(WitValue.Some(WitValue.Char('x'))))).ToString());
}
