using System.Text;

namespace Wasm.Components.Wave;

/// <summary>The WAVE tokens.</summary>
internal enum WaveToken : byte
{
    End,
    BraceOpen,
    BraceClose,
    ParenOpen,
    ParenClose,
    BracketOpen,
    BracketClose,
    Colon,
    Comma,
    /// <summary><c>-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?</c> or <c>-inf</c>.</summary>
    Number,
    /// <summary>A kebab-case label, optionally <c>%</c>-prefixed; also the keywords.</summary>
    Label,
    Char,
    String,
    MultilineString,
}

/// <summary>
/// The WAVE lexer. It reads one token at a time from a position, so that errors surface in parse order (a
/// malformed token after a syntax error is never reported). Whitespace is space, tab, CR and LF; comments run
/// from <c>//</c> to the end of the line. Positions are UTF-16 offsets.
/// </summary>
internal sealed class WaveLexer(string text)
{
    public string Text { get; } = text;

    /// <summary>Reads the token at or after <paramref name="pos"/> (skipping whitespace and comments).</summary>
    /// <returns>The token, its start and its end (exclusive).</returns>
    public (WaveToken Token, int Start, int End) Read(int pos)
    {
        pos = SkipTrivia(pos);
        if (pos >= Text.Length) return (WaveToken.End, Text.Length, Text.Length);
        char c = Text[pos];
        WaveToken single = c switch
        {
            '{' => WaveToken.BraceOpen,
            '}' => WaveToken.BraceClose,
            '(' => WaveToken.ParenOpen,
            ')' => WaveToken.ParenClose,
            '[' => WaveToken.BracketOpen,
            ']' => WaveToken.BracketClose,
            ':' => WaveToken.Colon,
            ',' => WaveToken.Comma,
            _ => WaveToken.End,
        };
        if (single != WaveToken.End) return (single, pos, pos + 1);
        if (c == '-' || IsDigit(c)) return (WaveToken.Number, pos, LexNumber(pos));
        if (c == '%' || IsLetter(c)) return (WaveToken.Label, pos, LexLabel(pos));
        if (c == '\'') return (WaveToken.Char, pos, LexChar(pos));
        if (c == '"')
        {
            if (string.CompareOrdinal(Text, pos, "\"\"\"", 0, 3) == 0)
            {
                int close = Text.IndexOf("\"\"\"", pos + 3, StringComparison.Ordinal);
                if (close < 0) throw Invalid(pos, 3);
                return (WaveToken.MultilineString, pos, close + 3);
            }

            return (WaveToken.String, pos, LexString(pos));
        }

        throw Invalid(pos, 1);
    }

    /// <summary>Skips whitespace and comments.</summary>
    public int SkipTrivia(int pos)
    {
        while (pos < Text.Length)
        {
            char c = Text[pos];
            if (c is ' ' or '\t' or '\n' or '\r')
            {
                pos++;
            }
            else if (c == '/' && pos + 1 < Text.Length && Text[pos + 1] == '/')
            {
                int nl = Text.IndexOf('\n', pos);
                pos = nl < 0 ? Text.Length : nl;
            }
            else
            {
                break;
            }
        }

        return pos;
    }

    public WaveFormatException Error(WaveErrorKind kind, string? detail, int start, int end) => new(kind, detail, Text, start, end - start);

    private WaveFormatException Invalid(int start, int length) => new(WaveErrorKind.InvalidToken, null, Text, start, length);

    private static bool IsDigit(char c) => c is >= '0' and <= '9';

    private static bool IsLower(char c) => c is >= 'a' and <= 'z';

    private static bool IsUpper(char c) => c is >= 'A' and <= 'Z';

    private static bool IsLetter(char c) => IsLower(c) || IsUpper(c);

    private bool At(int pos, Func<char, bool> test) => pos < Text.Length && test(Text[pos]);

    private int LexNumber(int start)
    {
        int pos = start;
        if (Text[pos] == '-')
        {
            pos++;
            if (string.CompareOrdinal(Text, pos, "inf", 0, 3) == 0) return pos + 3;
        }

        if (!At(pos, IsDigit)) throw Invalid(start, 1);
        if (Text[pos] == '0') pos++;
        else while (At(pos, IsDigit)) pos++;
        if (At(pos, c => c == '.') && At(pos + 1, IsDigit))
        {
            pos += 2;
            while (At(pos, IsDigit)) pos++;
        }

        if (At(pos, c => c is 'e' or 'E'))
        {
            int exp = pos + 1;
            if (At(exp, c => c is '+' or '-')) exp++;
            if (At(exp, IsDigit))
            {
                while (At(exp, IsDigit)) exp++;
                pos = exp;
            }
        }

        return pos;
    }

    /// <summary>A label: words of ASCII letters and digits joined by hyphens, each word all lowercase or all
    /// uppercase, the first starting with a letter.</summary>
    private int LexLabel(int start)
    {
        int pos = start;
        if (Text[pos] == '%') pos++;
        if (At(pos, IsLower)) while (At(pos, c => IsLower(c) || IsDigit(c))) pos++;
        else if (At(pos, IsUpper)) while (At(pos, c => IsUpper(c) || IsDigit(c))) pos++;
        else throw Invalid(start, 1);
        while (At(pos, c => c == '-') && At(pos + 1, c => IsLetter(c) || IsDigit(c)))
        {
            pos++;
            while (At(pos, IsDigit)) pos++;
            if (At(pos, IsLower)) while (At(pos, c => IsLower(c) || IsDigit(c))) pos++;
            else if (At(pos, IsUpper)) while (At(pos, c => IsUpper(c) || IsDigit(c))) pos++;
        }

        return pos;
    }

    /// <summary>A char literal: one character other than <c>\</c>, <c>'</c> and line feed, or one escape.</summary>
    private int LexChar(int start)
    {
        int pos = start + 1;
        if (At(pos, c => c == '\\'))
        {
            pos = LexEscape(pos);
            if (pos < 0 || !At(pos, c => c == '\'')) throw Invalid(start, 1);
            return pos + 1;
        }

        int count = 0;
        while (count < 4 && pos < Text.Length && Text[pos] is not ('\\' or '\'' or '\n'))
        {
            pos += char.IsSurrogatePair(Text, pos) ? 2 : 1;
            count++;
        }

        if (count == 0 || !At(pos, c => c == '\'')) throw Invalid(start, 1);
        if (count > 1) throw Invalid(start, pos + 1 - start);
        return pos + 1;
    }

    private int LexString(int start)
    {
        int pos = start + 1;
        while (true)
        {
            if (pos >= Text.Length || Text[pos] == '\n') throw Invalid(start, 1);
            char c = Text[pos];
            if (c == '"') return pos + 1;
            if (c == '\\')
            {
                pos = LexEscape(pos, anyLength: true);
                if (pos < 0) throw Invalid(start, 1);
            }
            else
            {
                pos++;
            }
        }
    }

    /// <summary>The end of the escape at <paramref name="pos"/> (<c>\' \" \\ \t \n \r</c> or <c>\u{h..h}</c> with one
    /// to six hex digits), or -1 when it is not one. In strings (<paramref name="anyLength"/>) longer hex escapes are
    /// tokens too, and fail when decoded, as the reference lexer has it.</summary>
    private int LexEscape(int pos, bool anyLength = false)
    {
        if (pos + 1 >= Text.Length) return -1;
        char e = Text[pos + 1];
        if (e is '\'' or '"' or '\\' or 't' or 'n' or 'r') return pos + 2;
        if (e != 'u' || !At(pos + 2, c => c == '{')) return -1;
        int p = pos + 3;
        while (At(p, char.IsAsciiHexDigit)) p++;
        int digits = p - (pos + 3);
        if (digits < 1 || (digits > 6 && !anyLength) || !At(p, c => c == '}')) return -1;
        return p + 1;
    }

    /// <summary>Decodes the escape at <paramref name="pos"/> (already checked by the lexer).</summary>
    /// <returns>The scalar value, or -1 for a surrogate or a value above U+10FFFF; and the escape's length.</returns>
    public static (int Scalar, int Length) Unescape(string text, int pos)
    {
        char e = text[pos + 1];
        switch (e)
        {
            case '\'': return ('\'', 2);
            case '"': return ('"', 2);
            case '\\': return ('\\', 2);
            case 't': return ('\t', 2);
            case 'n': return ('\n', 2);
            case 'r': return ('\r', 2);
        }

        int close = text.IndexOf('}', pos);
        int digits = close - pos - 3;
        int value = digits > 6 ? int.MaxValue : int.Parse(text.AsSpan(pos + 3, digits), System.Globalization.NumberStyles.HexNumber);
        bool valid = value <= 0x10FFFF && !(value >= 0xD800 && value <= 0xDFFF);
        return (valid ? value : -1, close + 1 - pos);
    }

    /// <summary>Appends the characters of <c>text[start..end)</c>, decoding escapes.</summary>
    /// <exception cref="WaveFormatException">An escape names no Unicode scalar value.</exception>
    public void AppendUnescaped(StringBuilder sb, int start, int end)
    {
        int pos = start;
        while (pos < end)
        {
            int bs = Text.IndexOf('\\', pos, end - pos);
            if (bs < 0)
            {
                sb.Append(Text, pos, end - pos);
                return;
            }

            sb.Append(Text, pos, bs - pos);
            int escapeEnd = LexEscape(bs, anyLength: true);
            if (escapeEnd < 0 || escapeEnd > end) throw Error(WaveErrorKind.InvalidEscape, null, bs, bs + 1);
            var (scalar, length) = Unescape(Text, bs);
            if (scalar < 0) throw Error(WaveErrorKind.InvalidEscape, null, bs, bs + 1);
            sb.Append(char.ConvertFromUtf32(scalar));
            pos = bs + length;
        }
    }
}
