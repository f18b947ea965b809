using Wasm.Components.Types;
using Wasm.Components.Values;
using Wasm.Components.Wave;

namespace Wasm.Components.Tests.Wave;

/// <summary>Call expressions as <c>wasmcs run --invoke</c> takes them.</summary>
public class WaveCallTests
{
    [Fact]
    public void QualifiedNames()
    {
        Assert.Equal(("test:numbers/test#roundtrip-u8", "1"), WaveParser.ParseCall("test:numbers/test#roundtrip-u8(1)"));
        Assert.Equal(("ns:pkg/iface@1.2.3#f", " "), WaveParser.ParseCall(" ns:pkg/iface@1.2.3#f ( ) "));
        Assert.Equal(("[method]blob.read", "3"), WaveParser.ParseCall("[method]blob.read(3)"));
        Assert.Equal([WitValue.U8(1)], WaveParser.ParseArgs("1", [WitType.U8]));
    }

    [Fact]
    public void RecordArgument()
    {
        string expr = "greet({name: \"Ada\", age: 36})";
        var person = new RecordType([new("name", WitType.String), new("age", WitType.U32)]);
        var (name, args) = WaveParser.ParseCall(expr);
        Assert.Equal("greet", name);
        Assert.Equal("{name: \"Ada\", age: 36}", args);
        var expected = WitValue.Record(("name", WitValue.String("Ada")), ("age", WitValue.U32(36)));
        Assert.Equal([expected], WaveParser.ParseArgs(args, [person]));
        Assert.Equal([expected], WaveParser.ParseCallArgs(expr, [person]));
    }

    [Fact]
    public void ArgumentsWithParenthesesInStrings()
    {
        var (name, args) = WaveParser.ParseCall("f(\")\", (1, 2), [3],)");
        Assert.Equal("f", name);
        var values = WaveParser.ParseArgs(args, [WitType.String, new TupleType([WitType.U8, WitType.U8]), new ListType(WitType.U8)]);
        Assert.Equal("\")\", (1, 2), [3]", string.Join(", ", values.Select(v => v.ToString())));
    }

    [Fact]
    public void TrailingOptionsMayBeLeftOut()
    {
        var opt = new OptionType(WitType.U8);
        WitType[] types = [opt, opt, opt];
        Assert.Equal([WitValue.Some(WitValue.U8(1)), WitValue.None, WitValue.None], WaveParser.ParseArgs("some(1)", types));
        Assert.Equal([WitValue.None, WitValue.None, WitValue.None], WaveParser.ParseArgs("  ", types));
        var e = Assert.Throws<WaveFormatException>(() => WaveParser.ParseArgs("", [WitType.U8]));
        Assert.Equal(WaveErrorKind.InvalidParams, e.Kind);
    }

    [Fact]
    public void ErrorPositions()
    {
        var e = Assert.Throws<WaveFormatException>(() => WaveParser.ParseArgs("1, 300", [WitType.U8, WitType.U8]));
        Assert.Equal((WaveErrorKind.InvalidValue, 3, 4), (e.Kind, e.Offset, e.Column));
        e = Assert.Throws<WaveFormatException>(() => WaveParser.ParseCallArgs("add(1, 300)", [WitType.U8, WitType.U8]));
        Assert.Equal((WaveErrorKind.InvalidValue, 7), (e.Kind, e.Offset));
        e = Assert.Throws<WaveFormatException>(() => WaveParser.ParseArgs("1 2", [WitType.U8, WitType.U8]));
        Assert.Equal((WaveErrorKind.UnexpectedToken, 2), (e.Kind, e.Offset));
        e = Assert.Throws<WaveFormatException>(() => WaveParser.ParseCall("f(1) x"));
        Assert.Equal((WaveErrorKind.TrailingCharacters, 5), (e.Kind, e.Offset));
        e = Assert.Throws<WaveFormatException>(() => WaveParser.ParseCall("f"));
        Assert.Equal(WaveErrorKind.UnexpectedEnd, e.Kind);
        e = Assert.Throws<WaveFormatException>(() => WaveParser.ParseCall("(1)"));
        Assert.Equal(WaveErrorKind.InvalidToken, e.Kind);
        e = Assert.Throws<WaveFormatException>(() => WaveParser.ParseCall("f g(1)"));
        Assert.Equal((WaveErrorKind.InvalidToken, 1), (e.Kind, e.Offset));
        e = Assert.Throws<WaveFormatException>(() => WaveParser.ParseCall("f(1"));
        Assert.Equal(WaveErrorKind.UnexpectedEnd, e.Kind);
    }
}
