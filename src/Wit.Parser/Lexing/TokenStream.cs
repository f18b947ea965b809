using Wit.Diagnostics;

namespace Wit.Lexing;

/// <summary>The tokens of one file plus the lexing error (if any) that ended it.</summary>
internal sealed class TokenStream
{
    public TokenStream(SourceFile file, Token[] tokens, WitException? error)
    {
        File = file;
        Tokens = tokens;
        Error = error;
    }

    public SourceFile File { get; }

    public Token[] Tokens { get; }

    public WitException? Error { get; }

    /// <summary>The source text covered by a token.</summary>
    public string TextOf(in Token token) => File.Text.Substring(token.Start - File.BaseOffset, token.End - token.Start);

    /// <summary>The global offset of the end of the file.</summary>
    public int EofOffset => File.BaseOffset + File.Text.Length;
}
