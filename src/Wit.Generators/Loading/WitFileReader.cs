using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Wit.Generators.Model;

namespace Wit.Generators.Loading;

/// <summary>Reads a <c>.wit</c> AdditionalFile and its <c>WitWorld</c>, <c>WitNamespace</c>, <c>WitSide</c> and <c>WitResultAs</c> metadata.</summary>
internal static class WitFileReader
{
    public static bool IsWit(AdditionalText file) => file.Path.EndsWith(".wit", System.StringComparison.OrdinalIgnoreCase);

    public static WitFile Read(AdditionalText file, AnalyzerConfigOptions options, CancellationToken cancellationToken)
    {
        string text = file.GetText(cancellationToken)?.ToString() ?? string.Empty;
        return new WitFile(file.Path, text, Metadata(options, "WitWorld"), Metadata(options, "WitNamespace"), Metadata(options, "WitSide"), Metadata(options, "WitResultAs"));
    }

    /// <summary>Item metadata reaches analyzers only when declared as <c>CompilerVisibleItemMetadata</c> (see <c>build/</c>).</summary>
    private static string? Metadata(AnalyzerConfigOptions options, string name) =>
        options.TryGetValue("build_metadata.AdditionalFiles." + name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
}
