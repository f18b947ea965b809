using Wasm.Components.Types;

namespace Wasm.Components.Tests.Wave;

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
