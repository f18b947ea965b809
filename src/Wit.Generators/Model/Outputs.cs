using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Wit.Generators.Model;

/// <summary>A diagnostic as values (no <see cref="Location"/>, which holds a syntax tree), rebuilt when reported.</summary>
internal sealed record DiagnosticInfo(string Id, string Message, FileSpan? Location)
{
    public Diagnostic ToDiagnostic()
    {
        var descriptor = Diagnostics.Descriptor(Id);
        var location = Location is null ? Microsoft.CodeAnalysis.Location.None : Microsoft.CodeAnalysis.Location.Create(Location.Path, Location.Span, Location.Lines);
        return Diagnostic.Create(descriptor, location, Message);
    }
}

/// <summary>One generated file.</summary>
internal sealed record GeneratedSource(string HintName, string Text);

/// <summary>What one <see cref="BindingRequest"/> produced.</summary>
internal sealed record GenerationResult(EquatableArray<GeneratedSource> Sources, EquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>Helpers to build <see cref="FileSpan"/>s.</summary>
internal static class FileSpans
{
    public static FileSpan FromLocation(Location location)
    {
        var lines = location.GetLineSpan();
        return new FileSpan(lines.Path, location.SourceSpan, lines.Span);
    }
}
