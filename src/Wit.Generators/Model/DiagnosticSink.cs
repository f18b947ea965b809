using System.Collections.Generic;
using Microsoft.CodeAnalysis.Text;
using Wit.Diagnostics;
using TextSpan = Wit.Diagnostics.TextSpan;

namespace Wit.Generators.Model;

/// <summary>Collects diagnostics located by WIT spans, turned into file, line and column of the <c>.wit</c> file.</summary>
internal sealed class DiagnosticSink
{
    private readonly List<DiagnosticInfo> _items = new();
    private readonly HashSet<DiagnosticInfo> _seen = new();

    public SourceMap? SourceMap { get; set; }

    public FileSpan? Fallback { get; set; }

    public IReadOnlyList<DiagnosticInfo> Items => _items;

    public void Report(string id, string message, TextSpan? span = null) => Add(new DiagnosticInfo(id, message, Locate(span) ?? Fallback));

    public void Add(DiagnosticInfo diagnostic)
    {
        if (_seen.Add(diagnostic))
        {
            _items.Add(diagnostic);
        }
    }

    public FileSpan? Locate(TextSpan? span)
    {
        if (span is not { IsKnown: true } known || SourceMap?.FileAt(known.Start) is not { } file)
        {
            return null;
        }

        int start = known.Start - file.BaseOffset;
        int end = System.Math.Max(start, System.Math.Min(known.End - file.BaseOffset, file.Text.Length));
        file.GetLineColumn(start, out int startLine, out int startColumn);
        file.GetLineColumn(end, out int endLine, out int endColumn);
        var lines = new LinePositionSpan(new LinePosition(startLine - 1, startColumn - 1), new LinePosition(endLine - 1, endColumn - 1));
        return new FileSpan(file.Path, Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(start, end), lines);
    }
}
