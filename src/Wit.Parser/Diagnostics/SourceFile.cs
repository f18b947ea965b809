using System.Collections.Generic;

namespace Wit.Diagnostics;

/// <summary>One source text registered in a <see cref="SourceMap"/>.</summary>
public sealed class SourceFile
{
    private int[]? _lineStarts;

    internal SourceFile(string path, string text, int baseOffset)
    {
        Path = path;
        Text = text;
        BaseOffset = baseOffset;
    }

    /// <summary>The name used in diagnostics.</summary>
    public string Path { get; }

    /// <summary>The full text.</summary>
    public string Text { get; }

    /// <summary>The global offset of the first character.</summary>
    public int BaseOffset { get; }

    /// <summary>Computes the 1-based line and column of a file-local offset.</summary>
    public void GetLineColumn(int localOffset, out int line, out int column)
    {
        var starts = LineStarts();
        int lo = 0, hi = starts.Length - 1;
        while (lo < hi)
        {
            int mid = (lo + hi + 1) / 2;
            if (starts[mid] <= localOffset)
            {
                lo = mid;
            }
            else
            {
                hi = mid - 1;
            }
        }

        line = lo + 1;
        column = localOffset - starts[lo] + 1;
    }

    /// <summary>Returns the text of a 1-based line without its line terminator.</summary>
    public string GetLineText(int line)
    {
        var starts = LineStarts();
        if (line < 1 || line > starts.Length)
        {
            return string.Empty;
        }

        int start = starts[line - 1];
        int end = line < starts.Length ? starts[line] - 1 : Text.Length;
        if (end > start && end <= Text.Length && Text[end - 1] == '\r')
        {
            end--;
        }

        return end > start ? Text.Substring(start, end - start) : string.Empty;
    }

    private int[] LineStarts()
    {
        if (_lineStarts is null)
        {
            var list = new List<int> { 0 };
            for (int i = 0; i < Text.Length; i++)
            {
                if (Text[i] == '\n')
                {
                    list.Add(i + 1);
                }
            }

            _lineStarts = list.ToArray();
        }

        return _lineStarts;
    }
}
