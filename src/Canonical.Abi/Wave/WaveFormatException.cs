namespace Wasm.Components.Wave;

/// <summary>The kinds of WAVE parse error (the same classification as the reference wasm-wave parser).</summary>
public enum WaveErrorKind
{
    /// <summary><c>()</c> is not a value.</summary>
    EmptyTuple,
    /// <summary>A char literal holds more than one character.</summary>
    MultipleChars,
    /// <summary>An escape names no Unicode scalar value (out of range or a surrogate).</summary>
    InvalidEscape,
    /// <summary>A <c>"""</c> string breaks the multiline rules (line breaks, indentation).</summary>
    InvalidMultilineString,
    /// <summary>The arguments of a call do not match the parameters.</summary>
    InvalidParams,
    /// <summary>Text that is no WAVE token.</summary>
    InvalidToken,
    /// <summary>The value's form does not fit the expected type (a string where a number is expected, ...).</summary>
    InvalidType,
    /// <summary>The value has the right form but is not a value of the type (300 for <c>u8</c>, 1.5 for <c>s32</c>).</summary>
    InvalidValue,
    /// <summary>Text after a complete value.</summary>
    TrailingCharacters,
    /// <summary>The text ends inside a value.</summary>
    UnexpectedEnd,
    /// <summary>A token that cannot appear here.</summary>
    UnexpectedToken,
    /// <summary>A record field given twice.</summary>
    DuplicateField,
    /// <summary>A flag given twice.</summary>
    DuplicateFlag,
    /// <summary>The value does not fit the type: a missing or unknown field, an unknown case, a missing or unexpected payload.</summary>
    ValueMismatch,
    /// <summary>Values nested deeper than the parser allows.</summary>
    NestingTooDeep,
    /// <summary>The type has no WAVE form (resource handles, streams, futures, error contexts, maps).</summary>
    UnsupportedType,
}

/// <summary>A WAVE text could not be parsed, or its value does not fit the expected type.</summary>
public sealed class WaveFormatException : FormatException
{
    /// <summary>Creates the exception for a problem in <paramref name="text"/> at <paramref name="offset"/>.</summary>
    /// <param name="kind">The kind of problem.</param>
    /// <param name="detail">What is wrong, without the position (may be null).</param>
    /// <param name="text">The whole text that was parsed (used to compute the line and column).</param>
    /// <param name="offset">The zero-based UTF-16 offset of the problem in <paramref name="text"/>.</param>
    /// <param name="length">The length of the offending text.</param>
    public WaveFormatException(WaveErrorKind kind, string? detail, string text, int offset, int length)
        : base(Compose(kind, detail, text, offset, out int line, out int column))
    {
        Kind = kind;
        Detail = detail;
        Offset = offset;
        Length = length;
        Line = line;
        Column = column;
    }

    /// <summary>The kind of problem.</summary>
    public WaveErrorKind Kind { get; }

    /// <summary>What is wrong, without the position; null when the kind says it all.</summary>
    public string? Detail { get; }

    /// <summary>The zero-based UTF-16 offset of the problem in the parsed text.</summary>
    public int Offset { get; }

    /// <summary>The length of the offending text (at least 0).</summary>
    public int Length { get; }

    /// <summary>The one-based line of the problem.</summary>
    public int Line { get; }

    /// <summary>The one-based column of the problem within its line (in UTF-16 code units).</summary>
    public int Column { get; }

    /// <summary>The description of a kind of problem.</summary>
    public static string Describe(WaveErrorKind kind) => kind switch
    {
        WaveErrorKind.EmptyTuple => "empty tuple",
        WaveErrorKind.MultipleChars => "multiple characters in char value",
        WaveErrorKind.InvalidEscape => "invalid character escape",
        WaveErrorKind.InvalidMultilineString => "invalid multiline string",
        WaveErrorKind.InvalidParams => "invalid params",
        WaveErrorKind.InvalidToken => "invalid token",
        WaveErrorKind.InvalidType => "invalid value type",
        WaveErrorKind.InvalidValue => "invalid value",
        WaveErrorKind.TrailingCharacters => "trailing characters after value",
        WaveErrorKind.UnexpectedEnd => "unexpected end of input",
        WaveErrorKind.UnexpectedToken => "unexpected token",
        WaveErrorKind.DuplicateField => "duplicate field",
        WaveErrorKind.DuplicateFlag => "duplicate flag",
        WaveErrorKind.ValueMismatch => "value does not match the type",
        WaveErrorKind.NestingTooDeep => "value nesting too deep",
        WaveErrorKind.UnsupportedType => "type has no WAVE encoding",
        _ => kind.ToString(),
    };

    private static string Compose(WaveErrorKind kind, string? detail, string text, int offset, out int line, out int column)
    {
        line = 1;
        int lineStart = 0;
        int end = Math.Clamp(offset, 0, text.Length);
        for (int i = 0; i < end; i++)
        {
            if (text[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        column = end - lineStart + 1;
        string what = detail is null ? Describe(kind) : Describe(kind) + ": " + detail;
        return line == 1 ? $"{what} (at column {column})" : $"{what} (at line {line}, column {column})";
    }
}
