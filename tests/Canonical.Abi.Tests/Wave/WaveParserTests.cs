using Wasm.Components.Types;
using Wasm.Components.Values;
using Wasm.Components.Wave;

namespace Wasm.Components.Tests.Wave;

/// <summary>Typed parsing of every kind of value, the sugar WAVE allows, round trips, error positions and call
/// expressions as <c>wasmcs run --invoke</c> takes them.</summary>
public class WaveParserTests
{
    private static WitValue P(string text, WitType type) => WaveParser.Parse(text, type);

    private static WaveFormatException Fails(string text, WitType type) => Assert.Throws<WaveFormatException>(() => P(text, type));

    [Fact]
    public void NumbersAreTypeDirected()
    {
        Assert.Equal(WitValue.U8(1), P("1", WitType.U8));
        Assert.Equal(WitValue.F64(1), P("1", WitType.F64));
        Assert.Equal(WitValue.F32(1.5f), P("1.5", WitType.F32));
        Assert.Equal(WitValue.S64(long.MinValue), P("-9223372036854775808", WitType.S64));
        Assert.Equal(WitValue.U64(ulong.MaxValue), P("18446744073709551615", WitType.U64));
        Assert.Equal(WitValue.S8(-128), P("-128", WitType.S8));
        Assert.Equal(WitValue.U16(65535), P("65535", WitType.U16));
        Assert.Equal(WitValue.S16(-1), P("-1", WitType.S16));
        Assert.Equal(WitValue.S32(int.MaxValue), P("2147483647", WitType.S32));
        Assert.Equal(WitValue.U32(uint.MaxValue), P("4294967295", WitType.U32));
        Assert.True(double.IsNaN(P("nan", WitType.F64).AsDouble()));
        Assert.Equal(double.NegativeInfinity, P("-inf", WitType.F64).AsDouble());
        Assert.Equal(6.022e23, P("6.022e+23", WitType.F64).AsDouble());
    }

    [Theory]
    [InlineData("256", "u8")]
    [InlineData("-1", "u32")]
    [InlineData("-0", "u8")]
    [InlineData("128", "s8")]
    [InlineData("1.0", "s32")]
    [InlineData("1e3", "u64")]
    [InlineData("nan", "s64")]
    [InlineData("18446744073709551616", "u64")]
    public void IntegersOutOfRangeOrNotIntegral(string text, string typeName)
    {
        WitType type = typeName switch { "u8" => WitType.U8, "u32" => WitType.U32, "s8" => WitType.S8, "s32" => WitType.S32, "u64" => WitType.U64, _ => WitType.S64 };
        var e = Fails(text, type);
        Assert.Equal((WaveErrorKind.InvalidValue, 0, 1), (e.Kind, e.Offset, e.Column));
    }

    [Fact]
    public void BoolsCharsStrings()
    {
        Assert.Equal(WitValue.Bool(true), P("true", WitType.Bool));
        Assert.Equal(WitValue.Bool(false), P(" false // comment", WitType.Bool));
        Assert.Equal(WitValue.Char(0x1F30A), P("'🌊'", WitType.Char));
        Assert.Equal(WitValue.Char('\''), P(@"'\''", WitType.Char));
        Assert.Equal(WitValue.String("a\tb\u2603"), P(@"""a\tb\u{2603}""", WitType.String));
    }

    [Fact]
    public void RecordsTuplesLists()
    {
        var rec = new RecordType([new("name", WitType.String), new("age", WitType.U32), new("nick", new OptionType(WitType.String))]);
        var v = P("{age: 36, name: \"Ada\"}", rec);
        Assert.Equal(WitValue.Record(("name", WitValue.String("Ada")), ("age", WitValue.U32(36)), ("nick", WitValue.None)), v);
        Assert.Equal(WitValue.Tuple(WitValue.U8(1), WitValue.String("x")), P("(1, \"x\",)", new TupleType([WitType.U8, WitType.String])));
        Assert.Equal(WitValue.List(), P("[]", new ListType(WitType.U8)));
        Assert.Equal(WitValue.List(WitValue.U8(1), WitValue.U8(2)), P("[1, 2]", new ListType(WitType.U8, 2)));
        Assert.Equal(WaveErrorKind.ValueMismatch, Fails("[1]", new ListType(WitType.U8, 2)).Kind);
        Assert.Equal(WaveErrorKind.ValueMismatch, Fails("(1)", new TupleType([WitType.U8, WitType.U8])).Kind);
        Assert.Equal(WaveErrorKind.EmptyTuple, Fails("()", new TupleType([WitType.U8])).Kind);
        var unknown = Fails("{name: \"Ada\", age: 1, height: 2}", rec);
        Assert.Equal((WaveErrorKind.ValueMismatch, 22), (unknown.Kind, unknown.Offset));
    }

    [Fact]
    public void VariantsEnumsFlags()
    {
        var variant = new VariantType([new("empty", null), new("body", new ListType(WitType.U8)), new("err", WitType.String)]);
        var body = P("body([79, 75])", variant);
        Assert.Equal((1, "body"), (body.CaseIndex, body.CaseName));
        Assert.Equal(WitValue.Variant("empty"), P("empty", variant));
        Assert.Equal(WitValue.Variant("err", WitValue.String("oops")), P("%err(\"oops\")", variant));
        Assert.Equal(WaveErrorKind.InvalidType, Fails("err(\"oops\")", variant).Kind); // keywords need %
        Assert.Equal(WaveErrorKind.ValueMismatch, Fails("empty(1)", variant).Kind);
        Assert.Equal(WaveErrorKind.ValueMismatch, Fails("body", variant).Kind);
        Assert.Equal(WaveErrorKind.ValueMismatch, Fails("other", variant).Kind);

        var status = new EnumType(["ok", "not-found"]);
        Assert.Equal((0, "ok"), (P("%ok", status).CaseIndex, P("%ok", status).CaseName));
        Assert.Equal(1, P("not-found", status).CaseIndex);

        var perms = new FlagsType(["read", "write", "exec"]);
        Assert.Equal(WitValue.Flags("read", "write"), P("{write, read,}", perms));
        Assert.Equal(["read", "write"], P("{write, read}", perms).SetFlags); // type order
        Assert.Equal(WitValue.Flags(), P("{}", perms));
    }

    [Fact]
    public void OptionAndResultSugar()
    {
        var opt = new OptionType(WitType.U8);
        Assert.Equal(WitValue.Some(WitValue.U8(123)), P("123", opt));
        Assert.Equal(WitValue.Some(WitValue.U8(123)), P("some(123)", opt));
        Assert.Equal(WitValue.None, P("none", opt));
        var nested = new OptionType(opt);
        Assert.Equal(WitValue.Some(WitValue.None), P("some(none)", nested));
        Assert.Equal(WaveErrorKind.InvalidType, Fails("5", nested).Kind); // no flattening into option<option>

        var res = new ResultType(WitType.U8, WitType.String);
        Assert.Equal(WitValue.Ok(WitValue.U8(123)), P("123", res));
        Assert.Equal(WitValue.Err(WitValue.String("oops")), P("err(\"oops\")", res));
        Assert.Equal(WitValue.Ok(), P("ok", new ResultType(null, WitType.String)));
        Assert.Equal(WitValue.Err(), P("err", new ResultType(null, null)));
        Assert.Equal(WaveErrorKind.InvalidType, Fails("1", new ResultType(null, WitType.U8)).Kind);
    }

    [Fact]
    public void HandlesHaveNoWaveForm()
    {
        var own = new HandleType(new ResourceType("r"), isOwn: true);
        Assert.Equal(WaveErrorKind.UnsupportedType, Fails("1", own).Kind);
    }

    [Fact]
    public void RoundTripsEveryKind()
    {
        var rec = new RecordType([new("a", WitType.S16), new("b", new OptionType(WitType.Char)), new("c", new ListType(WitType.F32))]);
        var variant = new VariantType([new("none", null), new("v", rec)]);
        var type = new TupleType([
            WitType.Bool, WitType.U64, WitType.S8, WitType.F64, WitType.String, rec, variant,
            new EnumType(["inf", "x"]), new FlagsType(["p", "q"]), new ResultType(new TupleType([WitType.U8, WitType.U8]), null),
            new OptionType(new OptionType(WitType.U32)),
        ]);
        string[] texts =
        [
            "(true, 18446744073709551615, -5, -0.000123, \"tab\\there \\u{0}\", {a: -7, b: some('\\n'), c: [1.5, nan, -inf]}, %none, %inf, {p, q}, ok((1, 2)), some(some(3)))",
            "(false, 0, 0, 1000000, \"\", {a: 0, c: []}, v({a: 1, c: []}), x, {}, err, none)",
        ];
        foreach (string text in texts)
        {
            var value = P(text, type);
            Assert.Equal(text, WaveWriter.ToString(value));
            Assert.Equal(value, P(WaveWriter.ToString(value), type));
        }
    }

    [Fact]
    public void ErrorsCarryLineAndColumn()
    {
        var rec = new RecordType([new("a", WitType.U8), new("b", WitType.U8)]);
        var e = Fails("{\n  a: 1,\n  b: \"two\",\n}", rec);
        Assert.Equal((WaveErrorKind.InvalidType, 3, 6), (e.Kind, e.Line, e.Column));
        Assert.Contains("line 3, column 6", e.Message);
        Assert.IsAssignableFrom<FormatException>(e);

        var trailing = Fails("1 2", WitType.U8);
        Assert.Equal((WaveErrorKind.TrailingCharacters, 3), (trailing.Kind, trailing.Column));
        Assert.Equal(WaveErrorKind.UnexpectedEnd, Fails("[1, 2", new ListType(WitType.U8)).Kind);
    }

    // ------------------------------------------------------------------ call expressions (wasmcs run --invoke)

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
