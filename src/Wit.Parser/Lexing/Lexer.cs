using System.Collections.Generic;
using System.Globalization;
using Wit.Diagnostics;

namespace Wit.Lexing;

/// <summary>
/// Turns WIT source text into tokens with global spans. Whitespace is dropped, comments are
/// kept (they become doc comments). A lexing error becomes a final <see cref="TokenKind.Error"/>
/// token so that it is reported only when the parser reaches it, like a lazy lexer would.
/// </summary>
internal static class Lexer
{
    public static TokenStream Tokenize(SourceFile file)
    {
        string text = file.Text;
        int baseOffset = file.BaseOffset;
        var tokens = new List<Token>(text.Length / 4 + 4);
        WitException? error = CheckForbiddenCharacters(text, baseOffset);
        int i = error is null ? 0 : text.Length;
        if (i < text.Length && text[i] == '\uFEFF')
        {
            i++;
        }

        while (error is null && i < text.Length)
        {
            char ch = text[i];
            int start = i;
            TokenKind kind;
            switch (ch)
            {
                case ' ':
                case '\t':
                case '\n':
                    i++;
                    continue;
                case '\r' when i + 1 < text.Length && text[i + 1] == '\n':
                    i += 2;
                    continue;
                case '/':
                    if (i + 1 < text.Length && text[i + 1] == '/')
                    {
                        i += 2;
                        while (i < text.Length && text[i] != '\n')
                        {
                            i++;
                        }

                        if (i < text.Length)
                        {
                            i++;
                        }

                        kind = TokenKind.Comment;
                    }
                    else if (i + 1 < text.Length && text[i + 1] == '*')
                    {
                        i = SkipBlockComment(text, i + 2, baseOffset + start, ref error);
                        kind = TokenKind.Comment;
                    }
                    else
                    {
                        i++;
                        kind = TokenKind.Slash;
                    }

                    break;
                case '=': i++; kind = TokenKind.Equals; break;
                case ',': i++; kind = TokenKind.Comma; break;
                case ':': i++; kind = TokenKind.Colon; break;
                case '.': i++; kind = TokenKind.Period; break;
                case ';': i++; kind = TokenKind.Semicolon; break;
                case '(': i++; kind = TokenKind.LeftParen; break;
                case ')': i++; kind = TokenKind.RightParen; break;
                case '{': i++; kind = TokenKind.LeftBrace; break;
                case '}': i++; kind = TokenKind.RightBrace; break;
                case '<': i++; kind = TokenKind.LessThan; break;
                case '>': i++; kind = TokenKind.GreaterThan; break;
                case '*': i++; kind = TokenKind.Star; break;
                case '@': i++; kind = TokenKind.At; break;
                case '+': i++; kind = TokenKind.Plus; break;
                case '-':
                    if (i + 1 < text.Length && text[i + 1] == '>')
                    {
                        i += 2;
                        kind = TokenKind.RArrow;
                    }
                    else
                    {
                        i++;
                        kind = TokenKind.Minus;
                    }

                    break;
                case '%':
                    i++;
                    if (i < text.Length && IsKeylikeStart(text, i) > 0)
                    {
                        i = SkipKeylike(text, i + IsKeylikeStart(text, i));
                    }

                    kind = TokenKind.ExplicitId;
                    break;
                case '"':
                    i = SkipStringLiteral(text, i + 1, baseOffset, ref error);
                    kind = TokenKind.StringLiteral;
                    break;
                default:
                    if (ch >= '0' && ch <= '9')
                    {
                        while (i < text.Length && text[i] >= '0' && text[i] <= '9')
                        {
                            i++;
                        }

                        kind = TokenKind.Integer;
                    }
                    else if (IsKeylikeStart(text, i) is var width && width > 0)
                    {
                        i = SkipKeylike(text, i + width);
                        kind = Keywords.Lookup(text, start, i - start);
                    }
                    else
                    {
                        error = new WitException($"unexpected character {DebugChar(text, i)}", new TextSpan(baseOffset + i, baseOffset + i + 1));
                        continue;
                    }

                    break;
            }

            if (error is not null)
            {
                break;
            }

            tokens.Add(new Token(kind, baseOffset + start, baseOffset + i));
        }

        if (error is not null)
        {
            tokens.Add(new Token(TokenKind.Error, error.Span.Start, error.Span.End));
        }

        int eof = baseOffset + text.Length;
        tokens.Add(new Token(TokenKind.Eof, eof, eof));
        return new TokenStream(file, tokens.ToArray(), error);
    }

    /// <summary>Returns the number of chars (1 or 2) of a keylike start character at <paramref name="i"/>, or 0.</summary>
    internal static int IsKeylikeStart(string text, int i)
    {
        char ch = text[i];
        if (ch < 0x80)
        {
            return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_' || ch == '-' ? 1 : 0;
        }

        var category = CharUnicodeInfo.GetUnicodeCategory(text, i);
        int width = char.IsHighSurrogate(ch) && i + 1 < text.Length ? 2 : 1;
        return category switch
        {
            UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter or UnicodeCategory.LetterNumber => width,
            _ => 0,
        };
    }

    private static int IsKeylikeContinue(string text, int i)
    {
        char ch = text[i];
        if (ch < 0x80)
        {
            return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_' || ch == '-' ? 1 : 0;
        }

        int start = IsKeylikeStart(text, i);
        if (start > 0)
        {
            return start;
        }

        var category = CharUnicodeInfo.GetUnicodeCategory(text, i);
        int width = char.IsHighSurrogate(ch) && i + 1 < text.Length ? 2 : 1;
        return category switch
        {
            UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.DecimalDigitNumber
                or UnicodeCategory.ConnectorPunctuation => width,
            _ => 0,
        };
    }

    private static int SkipKeylike(string text, int i)
    {
        while (i < text.Length)
        {
            int width = IsKeylikeContinue(text, i);
            if (width == 0)
            {
                break;
            }

            i += width;
        }

        return i;
    }

    private static int SkipBlockComment(string text, int i, int errorOffset, ref WitException? error)
    {
        int depth = 1;
        while (depth > 0)
        {
            if (i >= text.Length)
            {
                error = new WitException("unterminated block comment", new TextSpan(errorOffset, errorOffset + 1));
                return i;
            }

            char ch = text[i++];
            if (ch == '/' && i < text.Length && text[i] == '*')
            {
                i++;
                depth++;
            }
            else if (ch == '*' && i < text.Length && text[i] == '/')
            {
                i++;
                depth--;
            }
        }

        return i;
    }

    private static int SkipStringLiteral(string text, int i, int baseOffset, ref WitException? error)
    {
        while (true)
        {
            if (i >= text.Length)
            {
                error = new WitException("unexpected end of file", new TextSpan(baseOffset + i, baseOffset + i + 1));
                return i;
            }

            char ch = text[i];
            if (ch == '"')
            {
                return i + 1;
            }

            if (ch == '\\')
            {
                i += 2;
                continue;
            }

            if (ch < 0x20 || ch == 0x7f)
            {
                error = new WitException($"invalid string character {DebugChar(text, i)}", new TextSpan(baseOffset + i, baseOffset + i + 1));
                return i;
            }

            i++;
        }
    }

    private static WitException? CheckForbiddenCharacters(string text, int baseOffset)
    {
        for (int i = 0; i < text.Length; i++)
        {
            char ch = text[i];
            if (ch == '\n' || ch == '\r' || ch == '\t' || (ch >= 0x20 && ch < 0x7f))
            {
                continue;
            }

            var span = new TextSpan(baseOffset + i, baseOffset + i + 1);
            switch (ch)
            {
                case '\u202a' or '\u202b' or '\u202c' or '\u202d' or '\u202e' or '\u2066' or '\u2067' or '\u2068' or '\u2069':
                    return new WitException($"Input contains bidirectional override codepoint \"{EscapeUnicode(ch)}\"", span);
                case '\u0149' or '\u0673' or '\u0f77' or '\u0f79' or '\u17a3' or '\u17a4' or '\u17b4' or '\u17b5':
                    return new WitException($"Codepoint \"{EscapeUnicode(ch)}\" is discouraged by Unicode", span);
            }

            if (char.IsControl(ch))
            {
                return new WitException($"Control code '{EscapeUnicode(ch)}'", span);
            }
        }

        return null;
    }

    private static string EscapeUnicode(char ch) => "\\u{" + ((int)ch).ToString("x", CultureInfo.InvariantCulture) + "}";

    internal static string DebugChar(string text, int i)
    {
        char ch = text[i];
        if (char.IsHighSurrogate(ch) && i + 1 < text.Length)
        {
            return "'" + text.Substring(i, 2) + "'";
        }

        return ch switch
        {
            '\'' => "'\\''",
            '\\' => "'\\\\'",
            '\r' => "'\\r'",
            '\n' => "'\\n'",
            '\t' => "'\\t'",
            _ => "'" + ch + "'",
        };
    }
}
