using System.Globalization;
using System.Text;
using Wasm.Components.Types;
using Wasm.Components.Values;

namespace Wasm.Components.Tests.Support;

/// <summary>Equality assertions on WIT values whose failure messages show the values.</summary>
internal static class WitAssert
{
    public static void Equal(WitValue? expected, WitValue? actual)
    {
        if (expected is null ? actual is null : expected.Equals(actual)) return;
        throw new Xunit.Sdk.XunitException($"WIT values differ\nExpected: {Show(expected)}\nActual:   {Show(actual)}");
    }

    public static void Equal<T>(T expected, T actual) => Assert.Equal(expected, actual);

    /// <summary>A readable, WAVE-like rendering of a value (independent of the runtime's own writer).</summary>
    public static string Show(WitValue? v)
    {
        if (v is null) return "(no value)";
        var sb = new StringBuilder();
        Write(sb, v);
        return sb.ToString();
    }

    private static void Write(StringBuilder sb, WitValue v)
    {
        var inv = CultureInfo.InvariantCulture;
        switch (v.Kind)
        {
            case ValueKind.Bool: sb.Append(v.AsBool() ? "true" : "false"); break;
            case ValueKind.S8 or ValueKind.S16 or ValueKind.S32 or ValueKind.S64:
                sb.Append(v.AsInt64().ToString(inv)).Append(':').Append(v.Kind.ToString().ToLowerInvariant()); break;
            case ValueKind.U8 or ValueKind.U16 or ValueKind.U32 or ValueKind.U64:
                sb.Append(v.AsUInt64().ToString(inv)).Append(':').Append(v.Kind.ToString().ToLowerInvariant()); break;
            case ValueKind.F32: sb.Append(v.AsSingle().ToString("R", inv)).Append(":f32"); break;
            case ValueKind.F64: sb.Append(v.AsDouble().ToString("R", inv)).Append(":f64"); break;
            case ValueKind.Char: sb.Append('\'').Append(char.ConvertFromUtf32(v.AsChar())).Append('\''); break;
            case ValueKind.String: sb.Append('"').Append(v.AsString()).Append('"'); break;
            case ValueKind.List: Seq(sb, "[", v.Items, "]"); break;
            case ValueKind.Tuple: Seq(sb, "(", v.Items, ")"); break;
            case ValueKind.Record:
                sb.Append('{');
                for (int i = 0; i < v.Items.Count; i++)
                {
                    if (i > 0) sb.Append(", ");
                    sb.Append(v.FieldNames[i]).Append(": ");
                    Write(sb, v.Items[i]);
                }
                sb.Append('}');
                break;
            case ValueKind.Variant:
                sb.Append(v.CaseName);
                if (v.Payload is { } p) { sb.Append('('); Write(sb, p); sb.Append(')'); }
                break;
            case ValueKind.Enum: sb.Append(v.CaseName); break;
            case ValueKind.Option:
                if (v.Payload is { } s) { sb.Append("some("); Write(sb, s); sb.Append(')'); } else sb.Append("none");
                break;
            case ValueKind.Result:
                sb.Append(v.IsOk ? "ok" : "err");
                if (v.Payload is { } r) { sb.Append('('); Write(sb, r); sb.Append(')'); }
                break;
            case ValueKind.Flags: sb.Append("{").Append(string.Join(", ", v.SetFlags)).Append('}'); break;
            case ValueKind.Own or ValueKind.Borrow: sb.Append(v.AsHandle()); break;
            default: sb.Append(v.Kind); break;
        }
    }

    private static void Seq(StringBuilder sb, string open, IReadOnlyList<WitValue> items, string close)
    {
        sb.Append(open);
        for (int i = 0; i < items.Count; i++)
        {
            if (i > 0) sb.Append(", ");
            Write(sb, items[i]);
        }
        sb.Append(close);
    }
}
