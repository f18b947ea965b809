using Wasm.Components.Types;
using ValueType = Wasm.Components.Types.ValueType;

namespace Wasm.Components.Tests.Wave;

/// <summary>The types of the reference WAVE test vectors (wasm-wave's tests/ui/ui.wit), rebuilt as component types.</summary>
internal static class WaveTypes
{
    public static readonly RecordType Basic = new([new("required", ValueType.U8), new("optional", new OptionType(ValueType.U8))]);

    public static readonly RecordType OptionalFields = new([new("a", new OptionType(ValueType.U8)), new("b", new OptionType(ValueType.U8))]);

    public static readonly RecordType KeywordFields = new([
        new("true", ValueType.Bool), new("false", ValueType.Bool), new("some", new OptionType(ValueType.U8)),
        new("none", new OptionType(ValueType.U8)), new("ok", new ResultType(null, null)), new("err", new ResultType(null, null)),
        new("inf", ValueType.F32), new("nan", ValueType.F32),
    ]);

    public static readonly EnumType Hand = new(["left", "right"]);

    public static readonly EnumType KeywordCases = new(["true", "false", "some", "none", "ok", "err", "inf", "nan"]);

    public static readonly FlagsType Permissions = new(["read", "write"]);

    /// <summary>The functions of ui.wit: name to parameter types.</summary>
    public static readonly Dictionary<string, ValueType[]> Functions = new()
    {
        ["nullary"] = [],
        ["f32"] = [ValueType.F32],
        ["list-f32"] = [new ListType(ValueType.F32)],
        ["f64"] = [ValueType.F64],
        ["list-f64"] = [new ListType(ValueType.F64)],
        ["char"] = [ValueType.Char],
        ["list-chars"] = [new ListType(ValueType.Char)],
        ["string"] = [ValueType.String],
        ["list-strings"] = [new ListType(ValueType.String)],
        ["option-u8"] = [new OptionType(ValueType.U8)],
        ["result-ok-u8"] = [new ResultType(ValueType.U8, null)],
        ["result-err-u8"] = [new ResultType(null, ValueType.U8)],
        ["result-both-u8"] = [new ResultType(ValueType.U8, ValueType.U8)],
        ["result-no-payloads"] = [new ResultType(null, null)],
        ["basic-record"] = [Basic],
        ["optional-fields-record"] = [OptionalFields],
        ["keyword-fields-record"] = [KeywordFields],
        ["hand-enum"] = [Hand],
        ["keyword-cases-enum"] = [KeywordCases],
        ["permission-flags"] = [Permissions],
    };
}
