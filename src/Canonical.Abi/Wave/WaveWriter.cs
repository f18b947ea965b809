using System.Globalization;
using System.Text;
using Wasm.Components.Types;
using Wasm.Components.Values;

namespace Wasm.Components.Wave;

/// <summary>
/// Writes values in WAVE, the WebAssembly Value Encoding, in the canonical form the reference writer (wasm-wave)
/// produces: <c>{a: 1, b: "x"}</c>, <c>(1, 2)</c>, <c>[1, 2]</c>, <c>case(payload)</c>, <c>some(x)</c>/<c>none</c>,
/// <c>ok(x)</c>/<c>err</c>, flags <c>{read, write}</c> (in the order the value lists them; parsed values list them in
/// type order); floats in the shortest text that reads back to the same
/// value, never with an exponent (<c>1e-7</c> is written <c>0.0000001</c>), and <c>nan</c>, <c>inf</c>, <c>-inf</c>.
/// Record fields whose value is <c>none</c> are left out (a record left empty is <c>{:}</c>). Resource handles have
/// no WAVE form; they are written as <c>own&lt;name&gt;#rep</c> for reading only.
/// </summary>
public static class WaveWriter
{
    /// <summary>Appends the WAVE text of a value.</summary>
    public static void Write(StringBuilder sb, WitValue value)
    {
        ArgumentNullException.ThrowIfNull(sb);
        ArgumentNullException.ThrowIfNull(value);
        switch (value.Kind)
        {
            case ValueKind.Bool:
                sb.Append(value.AsBool() ? "true" : "false");
                break;
            case ValueKind.S8 or ValueKind.S16 or ValueKind.S32 or ValueKind.S64:
                sb.Append(value.AsInt64().ToString(CultureInfo.InvariantCulture));
                break;
            case ValueKind.U8 or ValueKind.U16 or ValueKind.U32 or ValueKind.U64:
                sb.Append(value.AsUInt64().ToString(CultureInfo.InvariantCulture));
                break;
            case ValueKind.F32:
                AppendFloat(sb, value.AsSingle());
                break;
            case ValueKind.F64:
                AppendFloat(sb, value.AsDouble());
                break;
            case ValueKind.Char:
                sb.Append('\'');
                AppendChar(sb, new Rune(value.AsChar()));
                sb.Append('\'');
                break;
            case ValueKind.String:
                sb.Append('"');
                foreach (var rune in value.AsString().EnumerateRunes()) AppendChar(sb, rune);
                sb.Append('"');
                break;
            case ValueKind.List:
                AppendSequence(sb, '[', value.Items, ']');
                break;
            case ValueKind.Tuple:
                AppendSequence(sb, '(', value.Items, ')');
                break;
            case ValueKind.Record:
                AppendRecord(sb, value);
                break;
            case ValueKind.Variant:
                AppendLabel(sb, value.CaseName);
                AppendPayload(sb, value.Payload);
                break;
            case ValueKind.Enum:
                AppendLabel(sb, value.CaseName);
                break;
            case ValueKind.Option:
                if (value.IsSome)
                {
                    sb.Append("some");
                    AppendPayload(sb, value.Payload);
                }
                else
                {
                    sb.Append("none");
                }

                break;
            case ValueKind.Result:
                sb.Append(value.IsOk ? "ok" : "err");
                AppendPayload(sb, value.Payload);
                break;
            case ValueKind.Flags:
                sb.Append('{').AppendJoin(", ", value.SetFlags).Append('}');
                break;
            case ValueKind.Own or ValueKind.Borrow:
                sb.Append(value.AsHandle().ToString());
                break;
            default:
                sb.Append('<').Append(value.Kind.ToString().ToLowerInvariant()).Append('>');
                break;
        }
    }

    /// <summary>The WAVE text of a value.</summary>
    public static string ToString(WitValue value)
    {
        var sb = new StringBuilder();
        Write(sb, value);
        return sb.ToString();
    }

    /// <summary>Appends a float the way WAVE writes it: the shortest decimal that reads back to the same value,
    /// without an exponent; <c>nan</c>, <c>inf</c>, <c>-inf</c>; negative zero is <c>-0</c>.</summary>
    public static void AppendFloat(StringBuilder sb, double value) =>
        AppendExpanded(sb, value, value.ToString("R", CultureInfo.InvariantCulture));

    /// <summary>Appends an <c>f32</c> the way WAVE writes it (shortest decimal for single precision).</summary>
    public static void AppendFloat(StringBuilder sb, float value) =>
        AppendExpanded(sb, value, value.ToString("R", CultureInfo.InvariantCulture));

    /// <summary>True when a case name is a WAVE keyword and must be written with a <c>%</c> prefix.</summary>
    public static bool IsKeyword(string label) =>
        label is "true" or "false" or "some" or "none" or "ok" or "err" or "inf" or "nan";

    private static void AppendExpanded(StringBuilder sb, double value, string roundTrip)
    {
        if (double.IsNaN(value))
        {
            sb.Append("nan");
            return;
        }

        if (double.IsInfinity(value))
        {
            sb.Append(value > 0 ? "inf" : "-inf");
            return;
        }

        // roundTrip is "[-]d[.ddd][E[+-]x]": collect the significant digits and where the decimal point falls.
        int pos = 0;
        bool negative = roundTrip[0] == '-';
        if (negative) pos++;
        var digits = new StringBuilder();
        int point = -1;
        for (; pos < roundTrip.Length && roundTrip[pos] is not ('E' or 'e'); pos++)
        {
            if (roundTrip[pos] == '.') point = digits.Length;
            else digits.Append(roundTrip[pos]);
        }

        if (point < 0) point = digits.Length;
        if (pos < roundTrip.Length) point += int.Parse(roundTrip.AsSpan(pos + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);

        string d = digits.ToString();
        int lead = 0;
        while (lead < d.Length && d[lead] == '0') lead++;
        d = d[lead..].TrimEnd('0');
        point -= lead;
        if (negative) sb.Append('-');
        if (d.Length == 0) sb.Append('0');
        else if (point <= 0) sb.Append("0.").Append('0', -point).Append(d);
        else if (point >= d.Length) sb.Append(d).Append('0', point - d.Length);
        else sb.Append(d, 0, point).Append('.').Append(d, point, d.Length - point);
    }

    private static void AppendSequence(StringBuilder sb, char open, IReadOnlyList<WitValue> items, char close)
    {
        sb.Append(open);
        for (int i = 0; i < items.Count; i++)
        {
            if (i != 0) sb.Append(", ");
            Write(sb, items[i]);
        }

        sb.Append(close);
    }

    private static void AppendRecord(StringBuilder sb, WitValue record)
    {
        sb.Append('{');
        bool first = true;
        var names = record.FieldNames;
        var items = record.Items;
        for (int i = 0; i < items.Count; i++)
        {
            if (items[i].Kind == ValueKind.Option && !items[i].IsSome) continue;
            if (!first) sb.Append(", ");
            first = false;
            sb.Append(names[i]).Append(": ");
            Write(sb, items[i]);
        }

        if (first) sb.Append(':');
        sb.Append('}');
    }

    private static void AppendLabel(StringBuilder sb, string label)
    {
        if (IsKeyword(label)) sb.Append('%');
        sb.Append(label);
    }

    private static void AppendPayload(StringBuilder sb, WitValue? payload)
    {
        if (payload is null) return;
        sb.Append('(');
        Write(sb, payload);
        sb.Append(')');
    }

    /// <summary>Appends one character of a char or string literal: the escapes <c>\\ \" \' \t \r \n</c>,
    /// <c>\u{..}</c> for control, format, separator, private-use, unassigned and combining characters, the
    /// character itself otherwise.</summary>
    private static void AppendChar(StringBuilder sb, Rune rune)
    {
        switch (rune.Value)
        {
            case '\\': sb.Append("\\\\"); return;
            case '"': sb.Append("\\\""); return;
            case '\'': sb.Append("\\'"); return;
            case '\t': sb.Append("\\t"); return;
            case '\r': sb.Append("\\r"); return;
            case '\n': sb.Append("\\n"); return;
            case ' ': sb.Append(' '); return;
        }

        if (NeedsUnicodeEscape(rune))
        {
            sb.Append("\\u{").Append(rune.Value.ToString("x", CultureInfo.InvariantCulture)).Append('}');
            return;
        }

        Span<char> buf = stackalloc char[2];
        int n = rune.EncodeToUtf16(buf);
        sb.Append(buf[..n]);
    }

    private static bool NeedsUnicodeEscape(Rune rune)
    {
        if (rune.Value is 0x200C or 0xFF9E or 0xFF9F) return true; // other grapheme extenders
        return Rune.GetUnicodeCategory(rune) switch
        {
            UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse
                or UnicodeCategory.OtherNotAssigned or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
                or UnicodeCategory.SpaceSeparator or UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark => true,
            _ => false,
        };
    }
}
