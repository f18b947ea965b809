using Wasm.Components.Types;
using Wasm.Components.Values;
using Wasm.Components.Wave;

namespace Wasm.Components.Tests.Wave;

/// <summary>
/// The reference WAVE test vectors (wasm-wave tests/ui/*.waves and their .out files), re-expressed: each input is a
/// call of a function of <see cref="WaveTypes.Functions"/>; accepted inputs must re-encode to the reference output,
/// rejected ones must fail with the reference error kind at the reference offset. (The reference offsets are UTF-8
/// byte offsets and ours are UTF-16 offsets; the inputs kept here are ASCII up to the error, where both agree.)
/// </summary>
public class WaveVectorTests
{
    private static string Reencode(string expr)
    {
        var (name, _) = WaveParser.ParseCall(expr);
        // ui.wit functions may be named plainly, by interface (ui.f) or fully (ui:tests/ui.f@0.1.0).
        string key = name.Split('@')[0];
        key = key[(key.LastIndexOf('.') + 1)..];
        var values = WaveParser.ParseCallArgs(expr, WaveTypes.Functions[key]);
        return name + "(" + string.Join(", ", values.Select(v => WaveWriter.ToString(v))) + ")";
    }

    public static TheoryData<string, string> Accepted => new()
    {
        // accept-chars
        { "list-chars(['W', 'A', 'V', 'E', '🌊'])", "list-chars(['W', 'A', 'V', 'E', '🌊'])" },
        { @"list-chars(['\\', '\'', '\""', '\t', '\n', '\r'])", @"list-chars(['\\', '\'', '\""', '\t', '\n', '\r'])" },
        { @"list-chars(['\u{0}', '\u{000000}'])", @"list-chars(['\u{0}', '\u{0}'])" },
        { @"list-chars(['x', '\u{78}', '\u{000078}'])", "list-chars(['x', 'x', 'x'])" },
        { @"list-chars(['☃', '\u{2603}', '\u{002603}'])", "list-chars(['☃', '☃', '☃'])" },
        { @"list-chars(['""', '\""', '\u{22}'])", @"list-chars(['\""', '\""', '\""'])" },
        // accept-floats
        { "list-f32([0, 0.0, 0e0, 0.0e0, 0e-1, 0e+1, 0.000e100])", "list-f32([0, 0, 0, 0, 0, 0, 0])" },
        { "list-f32([-3.1415, -100000, -0.0e-0])", "list-f32([-3.1415, -100000, -0])" },
        { "list-f32([nan, inf, -inf])", "list-f32([nan, inf, -inf])" },
        { "f32(3.4028234664e38)", "f32(340282350000000000000000000000000000000)" },
        { "f32(3.4028234664123e38)", "f32(340282350000000000000000000000000000000)" },
        { "f32(3.4028234664e39)", "f32(inf)" },
        { "f32(1.4012984643e-45)", "f32(0.000000000000000000000000000000000000000000001)" },
        { "f32(1.4012984643e-46)", "f32(0)" },
        // accept-strings
        { "string(\"\")", "string(\"\")" },
        { "string(\"WAVE🌊\")", "string(\"WAVE🌊\")" },
        { @"string(""\\\'\""\t\n\r"")", @"string(""\\\'\""\t\n\r"")" },
        { @"string(""'\'\u{27}"")", @"string(""\'\'\'"")" },
        { @"string(""☃\u{2603}\u{002603}"")", "string(\"☃☃☃\")" },
        { "string(\"\"\"\n\"\"\")", "string(\"\")" },
        { "string(\"\"\"\nBreak up double quote sequences: \"\"\\\"\"\nOther escapes work: \\\\\\'\\\"\\t\\n\\r\\u{2603}\n\"\"\")",
          "string(\"Break up double quote sequences: \\\"\\\"\\\"\\\"\\nOther escapes work: \\\\\\'\\\"\\t\\n\\r☃\")" },
        { "string(\"\"\"\n    Trailing indent\n  determines dedent\n      behavior.\n  \"\"\")",
          "string(\"  Trailing indent\\ndetermines dedent\\n    behavior.\")" },
        { "string(\"\"\"\n\nEmpty leading and trailing lines are retained\n\n\"\"\")",
          "string(\"\\nEmpty leading and trailing lines are retained\\n\")" },
        { "string(\"\"\"\r\n  CRLF line breaks\r\n  \"\"\")", "string(\"CRLF line breaks\")" },
        // accept-records
        { "basic-record({ required: 1 })", "basic-record({required: 1})" },
        { "basic-record({ required: 1, optional: none })", "basic-record({required: 1})" },
        { "basic-record({ required: 1, optional: none, })", "basic-record({required: 1})" },
        { "basic-record({ optional: none, required: 1 })", "basic-record({required: 1})" },
        { "basic-record({ required: 1, optional: some(2) })", "basic-record({required: 1, optional: some(2)})" },
        { "basic-record({ optional: some(2), required: 1, })", "basic-record({required: 1, optional: some(2)})" },
        { "optional-fields-record({:})", "optional-fields-record({:})" },
        { "optional-fields-record({ : })", "optional-fields-record({:})" },
        { "optional-fields-record({a:none,b:none})", "optional-fields-record({:})" },
        { "optional-fields-record({b:none,})", "optional-fields-record({:})" },
        { "optional-fields-record({a:some(1)})", "optional-fields-record({a: some(1)})" },
        { "optional-fields-record({b:some(2),a:some(1)})", "optional-fields-record({a: some(1), b: some(2)})" },
        { "keyword-fields-record({true: true, false: false, some: some(1), none: none, ok: ok, err: err, inf: inf, nan: nan})",
          "keyword-fields-record({true: true, false: false, some: some(1), ok: ok, err: err, inf: inf, nan: nan})" },
        { "basic-record({ %required: 1 })", "basic-record({required: 1})" },
        // accept-flags
        { "permission-flags({})", "permission-flags({})" },
        { "permission-flags({ read })", "permission-flags({read})" },
        { "permission-flags({ read, })", "permission-flags({read})" },
        { "permission-flags({ write })", "permission-flags({write})" },
        { "permission-flags({ write, read })", "permission-flags({read, write})" },
        { "permission-flags({ read, write, })", "permission-flags({read, write})" },
        // accept-enums
        { "hand-enum(left)", "hand-enum(left)" },
        { "hand-enum(%left)", "hand-enum(left)" },
        { "keyword-cases-enum(%true)", "keyword-cases-enum(%true)" },
        { "keyword-cases-enum(%none)", "keyword-cases-enum(%none)" },
        { "keyword-cases-enum(%nan)", "keyword-cases-enum(%nan)" },
        // accept-nullary, accept-comments
        { "nullary()", "nullary()" },
        { "basic-record(       // comment\n  {                 // comment\n    required: 1,    // comment\n    optional: some( // comment\n      1             // comment\n    ),              // comment\n  }                 // comment\n)                   // comment",
          "basic-record({required: 1, optional: some(1)})" },
        { "basic-record(\n  // comment\n  {\n    // comment\n    required: 1,\n    // comment\n    optional: some(1)\n    // comment\n  }\n  // comment\n)",
          "basic-record({required: 1, optional: some(1)})" },
        // accept-funcs
        { "ui.string(\"\")", "ui.string(\"\")" },
        { "ui:tests/ui.nullary()", "ui:tests/ui.nullary()" },
        { "ui:tests/ui.string@0.1.0(\"\")", "ui:tests/ui.string@0.1.0(\"\")" },
        // option and result sugar
        { "option-u8(7)", "option-u8(some(7))" },
        { "option-u8(none)", "option-u8(none)" },
        { "option-u8()", "option-u8(none)" },
        { "result-ok-u8(7)", "result-ok-u8(ok(7))" },
        { "result-err-u8(ok)", "result-err-u8(ok)" },
        { "result-both-u8(err(3))", "result-both-u8(err(3))" },
        { "result-no-payloads(err)", "result-no-payloads(err)" },
    };

    [Theory]
    [MemberData(nameof(Accepted))]
    public void Accepts(string input, string expected) => Assert.Equal(expected, Reencode(input));

    public static TheoryData<string, WaveErrorKind, int> Rejected => new()
    {
        // reject-chars
        { "char('')", WaveErrorKind.InvalidToken, 5 },
        { "char('ab')", WaveErrorKind.InvalidToken, 5 },
        { @"char('\n\n')", WaveErrorKind.InvalidToken, 5 },
        { @"char('\z')", WaveErrorKind.InvalidToken, 5 },
        { @"char('\x1f')", WaveErrorKind.InvalidToken, 5 },
        { @"char('\u1f')", WaveErrorKind.InvalidToken, 5 },
        { @"char('\u{1f')", WaveErrorKind.InvalidToken, 5 },
        { @"char('\u{}')", WaveErrorKind.InvalidToken, 5 },
        { @"char('\u{x}')", WaveErrorKind.InvalidToken, 5 },
        { @"char('\u{12345678}')", WaveErrorKind.InvalidToken, 5 },
        { @"char('\u{110000}')", WaveErrorKind.InvalidEscape, 5 },
        { @"char('\u{D800}')", WaveErrorKind.InvalidEscape, 5 },
        { @"char('\u{DFFF}')", WaveErrorKind.InvalidEscape, 5 },
        { "char(')", WaveErrorKind.InvalidToken, 5 },
        { "char(x')", WaveErrorKind.InvalidToken, 6 },
        { "char('x)", WaveErrorKind.InvalidToken, 5 },
        { @"char('\')", WaveErrorKind.InvalidToken, 5 },
        { "char(''')", WaveErrorKind.InvalidToken, 5 },
        { "char('\n')", WaveErrorKind.InvalidToken, 5 },
        // reject-comments
        { "basic-record(// { required: 1 })", WaveErrorKind.UnexpectedEnd, 32 },
        { "basic-record({ required: 1 } // )", WaveErrorKind.UnexpectedEnd, 33 },
        { "basic-record(// {\n  required: 1,\n})", WaveErrorKind.UnexpectedToken, 28 },
        { "basic-record(\n  {\n    required: 1,\n//}\n)", WaveErrorKind.UnexpectedToken, 39 },
        { "basic-record({\n  // required: 1,\n  optional: none,\n})", WaveErrorKind.ValueMismatch, 13 },
        // reject-enums
        { "keyword-cases-enum(true)", WaveErrorKind.InvalidType, 19 },
        { "keyword-cases-enum(false)", WaveErrorKind.InvalidType, 19 },
        { "keyword-cases-enum(some)", WaveErrorKind.UnexpectedToken, 23 },
        { "keyword-cases-enum(none)", WaveErrorKind.InvalidType, 19 },
        { "keyword-cases-enum(ok)", WaveErrorKind.InvalidType, 19 },
        { "keyword-cases-enum(err)", WaveErrorKind.InvalidType, 19 },
        { "keyword-cases-enum(inf)", WaveErrorKind.InvalidType, 19 },
        { "keyword-cases-enum(nan)", WaveErrorKind.InvalidType, 19 },
        // reject-flags
        { "permission-flags({ read, read })", WaveErrorKind.DuplicateFlag, 25 },
        { "permission-flags({ write, write })", WaveErrorKind.DuplicateFlag, 26 },
        { "permission-flags({ read, write, read })", WaveErrorKind.DuplicateFlag, 32 },
        { "permission-flags({ read, write, execute })", WaveErrorKind.ValueMismatch, 17 },
        // reject-floats
        { "f32(-nan)", WaveErrorKind.InvalidToken, 4 },
        { "f32(NaN)", WaveErrorKind.UnexpectedToken, 5 },
        { "f32(infinity)", WaveErrorKind.InvalidType, 4 },
        { "f64(-infinity)", WaveErrorKind.UnexpectedToken, 8 },
        { "f32(INFINITY)", WaveErrorKind.InvalidType, 4 },
        { "f64(-INFINITY)", WaveErrorKind.InvalidToken, 4 },
        { "f32(Infinity)", WaveErrorKind.UnexpectedToken, 5 },
        { "f32(Inf)", WaveErrorKind.UnexpectedToken, 5 },
        { "f32(INF)", WaveErrorKind.InvalidType, 4 },
        // reject-funcs (type mismatches; unknown names are the caller's business)
        { "string()", WaveErrorKind.InvalidParams, 7 }, // ours points at the ')', the reference at the name
        { "nullary(\"\")", WaveErrorKind.InvalidParams, 8 },
        { "ui.nullary(\"\")", WaveErrorKind.InvalidParams, 11 },
        // reject-lists
        { "list-strings([\"\\u{0}\",,])", WaveErrorKind.UnexpectedToken, 22 },
        { "list-strings([,\"\\u{0}\"])", WaveErrorKind.UnexpectedToken, 14 },
        { "list-strings([,])", WaveErrorKind.UnexpectedToken, 14 },
        { "list-strings([))", WaveErrorKind.UnexpectedToken, 14 },
        { "list-strings((])", WaveErrorKind.UnexpectedToken, 14 },
        { "list-strings([})", WaveErrorKind.UnexpectedToken, 14 },
        { "list-strings({])", WaveErrorKind.UnexpectedToken, 14 },
        // reject-options
        { "option-u8(some)", WaveErrorKind.UnexpectedToken, 14 },
        { "option-u8(some())", WaveErrorKind.UnexpectedToken, 15 },
        { "option-u8(some(some))", WaveErrorKind.UnexpectedToken, 19 },
        { "option-u8(some(some()))", WaveErrorKind.UnexpectedToken, 20 },
        { "option-u8(some(some(0)))", WaveErrorKind.InvalidType, 15 },
        { "option-u8(some(some(some(0))))", WaveErrorKind.InvalidType, 15 },
        { "option-u8(none())", WaveErrorKind.UnexpectedToken, 14 },
        { "option-u8(some(none()))", WaveErrorKind.UnexpectedToken, 19 },
        { "option-u8(none(0))", WaveErrorKind.UnexpectedToken, 14 },
        // reject-records
        { "basic-record({ optional: none })", WaveErrorKind.ValueMismatch, 13 },
        { "basic-record({ optional: some(0) })", WaveErrorKind.ValueMismatch, 13 },
        { "basic-record({ required: 0, required: 0 })", WaveErrorKind.DuplicateField, 28 },
        { "basic-record({ required: 0, optional: some(0), optional: none })", WaveErrorKind.DuplicateField, 47 },
        { "basic-record({ required: 0,, })", WaveErrorKind.UnexpectedToken, 27 },
        { "basic-record({ , required: 0, })", WaveErrorKind.UnexpectedToken, 15 },
        { "basic-record({ ,, required: 0 })", WaveErrorKind.UnexpectedToken, 15 },
        { "optional-fields-record({})", WaveErrorKind.InvalidType, 23 },
        // reject-results
        { "result-ok-u8(ok)", WaveErrorKind.ValueMismatch, 13 },
        { "result-ok-u8(ok())", WaveErrorKind.UnexpectedToken, 16 },
        { "result-ok-u8(o(0))", WaveErrorKind.InvalidType, 13 },
        { "result-ok-u8(err(0))", WaveErrorKind.ValueMismatch, 13 },
        { "result-err-u8(err)", WaveErrorKind.ValueMismatch, 14 },
        { "result-err-u8(e(0))", WaveErrorKind.InvalidType, 14 },
        { "result-err-u8(ok(0))", WaveErrorKind.ValueMismatch, 14 },
        { "result-no-payloads(o(0))", WaveErrorKind.InvalidType, 19 },
        { "result-no-payloads(ok(0))", WaveErrorKind.ValueMismatch, 19 },
        { "result-no-payloads(err(0))", WaveErrorKind.ValueMismatch, 19 },
        { "result-both-u8(ok)", WaveErrorKind.ValueMismatch, 15 },
        { "result-both-u8(err)", WaveErrorKind.ValueMismatch, 15 },
        { "result-both-u8(e(0))", WaveErrorKind.InvalidType, 15 },
        // reject-strings
        { @"string(""\u{d800}"")", WaveErrorKind.InvalidEscape, 8 },
        { @"string(""\u{dcff}"")", WaveErrorKind.InvalidEscape, 8 },
        { @"string(""\u{110000}"")", WaveErrorKind.InvalidEscape, 8 },
        { @"string(""\u{ffffffff}"")", WaveErrorKind.InvalidEscape, 8 },
        { @"string(""\u{-1}"")", WaveErrorKind.InvalidToken, 7 },
        { @"string(""\u{+1}"")", WaveErrorKind.InvalidToken, 7 },
        { "string(\"\"\")", WaveErrorKind.InvalidToken, 7 },
        { "string(\"\\\")", WaveErrorKind.InvalidToken, 7 },
        { "string(\"\n\")", WaveErrorKind.InvalidToken, 7 },
        { "string(\"\"\"\"\"\")", WaveErrorKind.InvalidMultilineString, 10 },
        { "string(\"\"\" \"\"\")", WaveErrorKind.InvalidMultilineString, 10 },
        { "string(\"\"\"\"\n\"\"\")", WaveErrorKind.InvalidMultilineString, 10 },
        { "string(\"\"\"\n\"\")", WaveErrorKind.InvalidToken, 7 },
        { "string(\"\"\"extra\n\"\"\")", WaveErrorKind.InvalidMultilineString, 10 },
        { "string(\"\"\"\nextra\"\"\")", WaveErrorKind.InvalidMultilineString, 16 },
        { "string(\"\"\"\n  Between \"\"\" words\n  \"\"\")", WaveErrorKind.UnexpectedToken, 25 },
        { "string(\"\"\"\nInvalid surrogate: \\u{d800}\n\"\"\")", WaveErrorKind.InvalidEscape, 30 },
        { "string(\"\"\"\nInvalid escape: \\j\n\"\"\")", WaveErrorKind.InvalidEscape, 27 },
        { "string(\"\"\"\n  under-indented\n   \"\"\")", WaveErrorKind.InvalidMultilineString, 11 },
    };

    [Theory]
    [MemberData(nameof(Rejected))]
    public void Rejects(string input, WaveErrorKind kind, int offset)
    {
        var e = Assert.Throws<WaveFormatException>(() => Reencode(input));
        Assert.Equal((kind, offset), (e.Kind, e.Offset));
    }

    [Fact]
    public void NestingIsLimited()
    {
        var type = Types.WitType.U8;
        string deep = new string('[', 101) + new string(']', 101);
        var e = Assert.Throws<WaveFormatException>(() => WaveParser.Parse(deep, new Types.ListType(type)));
        Assert.Equal(WaveErrorKind.NestingTooDeep, e.Kind);
        string ok = string.Concat(Enumerable.Repeat("some(", 99)) + "0" + new string(')', 99);
        Types.WitType t = type;
        for (int i = 0; i < 99; i++) t = new Types.OptionType(t);
        Assert.Equal(ok, WaveWriter.ToString(WaveParser.Parse(ok, t)));
    }
}

/// <summary>The types of the reference WAVE test vectors (wasm-wave's tests/ui/ui.wit), rebuilt as component types.</summary>
internal static class WaveTypes
{
    public static readonly RecordType Basic = new([new("required", WitType.U8), new("optional", new OptionType(WitType.U8))]);

    public static readonly RecordType OptionalFields = new([new("a", new OptionType(WitType.U8)), new("b", new OptionType(WitType.U8))]);

    public static readonly RecordType KeywordFields = new([
        new("true", WitType.Bool), new("false", WitType.Bool), new("some", new OptionType(WitType.U8)),
        new("none", new OptionType(WitType.U8)), new("ok", new ResultType(null, null)), new("err", new ResultType(null, null)),
        new("inf", WitType.F32), new("nan", WitType.F32),
    ]);

    public static readonly EnumType Hand = new(["left", "right"]);

    public static readonly EnumType KeywordCases = new(["true", "false", "some", "none", "ok", "err", "inf", "nan"]);

    public static readonly FlagsType Permissions = new(["read", "write"]);

    /// <summary>The functions of ui.wit: name to parameter types.</summary>
    public static readonly Dictionary<string, WitType[]> Functions = new()
    {
        ["nullary"] = [],
        ["f32"] = [WitType.F32],
        ["list-f32"] = [new ListType(WitType.F32)],
        ["f64"] = [WitType.F64],
        ["list-f64"] = [new ListType(WitType.F64)],
        ["char"] = [WitType.Char],
        ["list-chars"] = [new ListType(WitType.Char)],
        ["string"] = [WitType.String],
        ["list-strings"] = [new ListType(WitType.String)],
        ["option-u8"] = [new OptionType(WitType.U8)],
        ["result-ok-u8"] = [new ResultType(WitType.U8, null)],
        ["result-err-u8"] = [new ResultType(null, WitType.U8)],
        ["result-both-u8"] = [new ResultType(WitType.U8, WitType.U8)],
        ["result-no-payloads"] = [new ResultType(null, null)],
        ["basic-record"] = [Basic],
        ["optional-fields-record"] = [OptionalFields],
        ["keyword-fields-record"] = [KeywordFields],
        ["hand-enum"] = [Hand],
        ["keyword-cases-enum"] = [KeywordCases],
        ["permission-flags"] = [Permissions],
    };
}
