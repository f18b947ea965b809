using Wit.Diagnostics;

namespace Wit.Lexing;

/// <summary>A token with its global source span.</summary>
internal readonly struct Token
{
    public Token(TokenKind kind, int start, int end)
    {
        Kind = kind;
        Start = start;
        End = end;
    }

    public TokenKind Kind { get; }

    public int Start { get; }

    public int End { get; }

    public TextSpan Span => new(Start, End);
}
