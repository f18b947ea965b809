namespace Wasm.Text;

/// <summary>
/// WebAssembly text (WAT or WAST) that does not parse. <see cref="MalformedModuleException.Reason"/> holds the spec's
/// wording (e.g. "unexpected token" or "unknown operator"); the message adds the source position.
/// </summary>
public sealed class TextFormatException : MalformedModuleException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="reason">What is wrong, without position.</param>
    /// <param name="fileName">The source file, if known.</param>
    /// <param name="line">1-based line.</param>
    /// <param name="column">1-based column (in bytes of UTF-8).</param>
    /// <param name="offset">0-based byte offset in the UTF-8 text.</param>
    public TextFormatException(string reason, string? fileName, int line, int column, long offset)
        : base(reason, offset, $"{reason} (at {(fileName is null ? "" : fileName + ":")}{line}:{column})")
    {
        FileName = fileName;
        Line = line;
        Column = column;
    }

    /// <summary>The source file name, when one was given.</summary>
    public string? FileName { get; }

    /// <summary>1-based line of the problem.</summary>
    public int Line { get; }

    /// <summary>1-based column of the problem.</summary>
    public int Column { get; }
}
