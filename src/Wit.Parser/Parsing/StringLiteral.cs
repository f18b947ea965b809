using System.Globalization;
using System.Text;
using Wit.Diagnostics;
using Wit.Lexing;

namespace Wit.Parsing;

/// <summary>Decodes the escapes of a `"..."` literal (used by `@external-id`).</summary>
internal static class StringLiteral
{
    public static string Decode(TokenStream stream, TextSpan span)
    {
        string text = stream.File.Text;
        int i = span.Start - stream.File.BaseOffset + 1;
        int end = span.End - stream.File.BaseOffset - 1;
        var sb = new StringBuilder();
        while (i < end)
        {
            char ch = text[i++];
            if (ch != '\\')
            {
                sb.Append(ch);
                continue;
            }

            int at = stream.File.BaseOffset + i;
            char esc = i < end ? text[i++] : '\0';
            switch (esc)
            {
                case '"': sb.Append('"'); break;
                case '\'': sb.Append('\''); break;
                case 't': sb.Append('\t'); break;
                case 'n': sb.Append('\n'); break;
                case 'r': sb.Append('\r'); break;
                case '\\': sb.Append('\\'); break;
                case 'u':
                {
                    int close = text.IndexOf('}', i);
                    if (i >= end || text[i] != '{' || close < 0 || close > end
                        || !int.TryParse(text.Substring(i + 1, close - i - 1).Replace("_", string.Empty), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int value)
                        || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF))
                    {
                        throw new WitException("invalid unicode escape", new TextSpan(at, at + 1));
                    }

                    sb.Append(char.ConvertFromUtf32(value));
                    i = close + 1;
                    break;
                }

                default:
                    throw new WitException($"invalid string escape '{esc}'", new TextSpan(at, at + 1));
            }
        }

        return sb.ToString();
    }
}
