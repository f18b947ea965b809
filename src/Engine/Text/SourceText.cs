namespace Wasm.Text;

/// <summary>UTF-8 source text with lazy line/column mapping for diagnostics.</summary>
internal sealed class SourceText
{
    private int[]? _lineStarts;

    public SourceText(byte[] bytes, string? fileName)
    {
        Bytes = bytes;
        FileName = fileName;
    }

    /// <summary>The UTF-8 text.</summary>
    public byte[] Bytes { get; }

    /// <summary>The file name for messages, if known.</summary>
    public string? FileName { get; }

    /// <summary>Read memory limits as WebAssembly 1.0 did: a 32-bit memory's sizes are u32 literals, so a larger
    /// one is malformed ("i32 constant out of range") rather than invalid.</summary>
    public bool Wasm1Limits { get; init; }

    /// <summary>1-based line and column (in bytes) of an offset.</summary>
    public (int Line, int Column) Position(int offset)
    {
        var starts = _lineStarts ??= ComputeLineStarts(Bytes);
        int lo = 0, hi = starts.Length - 1;
        while (lo < hi)
        {
            int mid = (lo + hi + 1) >> 1;
            if (starts[mid] <= offset) lo = mid; else hi = mid - 1;
        }
        return (lo + 1, offset - starts[lo] + 1);
    }

    /// <summary>Creates an error at an offset.</summary>
    public TextFormatException Error(string reason, int offset)
    {
        var (line, col) = Position(offset);
        return new TextFormatException(reason, FileName, line, col, offset);
    }

    // The shared checks of the s-expression readers (scripts and component text): "unexpected token" errors.

    /// <summary>"unexpected token" at a node, naming what was expected.</summary>
    public TextFormatException Unexpected(SNode at, string expected) =>
        Error($"unexpected token \"{at.Describe()}\", expected {expected}", at.Offset);

    /// <summary>"unexpected token \")\"": a list ended where <paramref name="expected"/> should follow.</summary>
    public TextFormatException UnexpectedEnd(SNode list, string expected) =>
        Error($"unexpected token \")\", expected {expected}", Math.Max(list.Offset, list.End - 1));

    /// <summary>Item <paramref name="j"/> of a list, or an error naming what was expected there.</summary>
    public SNode Item(SNode list, int j, string expected) =>
        j < list.Items.Count ? list.Items[j] : throw UnexpectedEnd(list, expected);

    /// <summary>Checks that a list has no items from <paramref name="j"/> on.</summary>
    public void ExpectEnd(SNode list, int j)
    {
        if (j < list.Items.Count) throw Unexpected(list.Items[j], "\")\"");
    }

    private static int[] ComputeLineStarts(byte[] bytes)
    {
        var list = new List<int> { 0 };
        for (int i = 0; i < bytes.Length; i++)
            if (bytes[i] == (byte)'\n') list.Add(i + 1);
        return list.ToArray();
    }
}
