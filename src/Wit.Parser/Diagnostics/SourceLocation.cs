namespace Wit.Diagnostics;

/// <summary>A human readable position: file name, 1-based line and column, and offset in the file.</summary>
/// <param name="File">The file name as given to the source map.</param>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column (in UTF-16 code units).</param>
/// <param name="Offset">0-based offset within the file.</param>
public sealed record SourceLocation(string File, int Line, int Column, int Offset)
{
    /// <inheritdoc />
    public override string ToString() => $"{File}:{Line}:{Column}";
}
