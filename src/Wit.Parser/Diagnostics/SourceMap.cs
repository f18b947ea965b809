using System.Collections.Generic;
using System.Text;

namespace Wit.Diagnostics;

/// <summary>
/// All source files read during one resolution, laid end to end in a single offset space so
/// that a <see cref="TextSpan"/> is enough to find its file, line and column.
/// </summary>
public sealed class SourceMap
{
    private readonly List<SourceFile> _files = new();
    private int _nextOffset;

    /// <summary>The files in the order they were added.</summary>
    public IReadOnlyList<SourceFile> Files => _files;

    /// <summary>Adds a file and returns it; its text occupies the next free offsets.</summary>
    public SourceFile Add(string path, string text)
    {
        // One extra offset past the end so that "end of file" spans still belong to this file.
        var file = new SourceFile(path, text, _nextOffset);
        _nextOffset += text.Length + 1;
        _files.Add(file);
        return file;
    }

    /// <summary>Finds the file containing a global offset, or null when out of range.</summary>
    public SourceFile? FileAt(int offset)
    {
        if (offset < 0 || offset >= _nextOffset || _files.Count == 0)
        {
            return null;
        }

        int lo = 0, hi = _files.Count - 1;
        while (lo < hi)
        {
            int mid = (lo + hi + 1) / 2;
            if (_files[mid].BaseOffset <= offset)
            {
                lo = mid;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return _files[lo];
    }

    /// <summary>Converts a span start into file, line and column, or null for unknown spans.</summary>
    public SourceLocation? Locate(TextSpan span)
    {
        if (!span.IsKnown)
        {
            return null;
        }

        var file = FileAt(span.Start);
        if (file is null)
        {
            return null;
        }

        int local = span.Start - file.BaseOffset;
        file.GetLineColumn(local, out int line, out int column);
        return new SourceLocation(file.Path, line, column, local);
    }

    /// <summary>Renders a message with its location and a source snippet with a caret.</summary>
    public string Render(TextSpan span, string message)
    {
        var location = Locate(span);
        if (location is null)
        {
            return message;
        }

        var file = FileAt(span.Start)!;
        string snippet = file.GetLineText(location.Line);
        if (snippet.Length > 500)
        {
            // Very long lines would flood a terminal; print just the location.
            return $"{location}: {message}";
        }

        var sb = new StringBuilder();
        sb.Append(message).Append('\n');
        sb.Append("     --> ").Append(location.File).Append(':').Append(location.Line).Append(':').Append(location.Column).Append('\n');
        sb.Append("      |\n");
        sb.Append(' ').Append(location.Line.ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(4)).Append(" | ").Append(snippet).Append('\n');
        sb.Append("      | ").Append(' ', location.Column - 1).Append('^');
        int localEnd = span.End - file.BaseOffset;
        int localStart = span.Start - file.BaseOffset;
        if (localEnd > localStart && localEnd <= file.Text.Length)
        {
            sb.Append('-', localEnd - localStart - 1);
        }

        return sb.ToString();
    }
}
