using Microsoft.CodeAnalysis;

namespace Wit.Generators.Model;

/// <summary>The generator's diagnostics; see the table in <c>docs/bindings.md</c>.</summary>
internal static class Diagnostics
{
    private const string Category = "WitBindings";

    public static readonly DiagnosticDescriptor SyntaxError = Error("WIT0001", "WIT syntax error");
    public static readonly DiagnosticDescriptor ResolutionError = Error("WIT0002", "WIT resolution error");
    public static readonly DiagnosticDescriptor WorldNotFound = Error("WIT0003", "WIT world not found");
    public static readonly DiagnosticDescriptor NameConflict = Error("WIT0004", "Conflicting C# names");

    /// <summary>A warning: the rest of the bindings is still generated and usable.</summary>
    public static readonly DiagnosticDescriptor Unsupported = new("WIT0005", "Unsupported WIT construct", "{0}", Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor ConflictingConfiguration = Error("WIT0006", "Conflicting WIT binding configuration");

    public static DiagnosticDescriptor Descriptor(string id) => id switch
    {
        "WIT0001" => SyntaxError,
        "WIT0002" => ResolutionError,
        "WIT0003" => WorldNotFound,
        "WIT0004" => NameConflict,
        "WIT0005" => Unsupported,
        _ => ConflictingConfiguration,
    };

    private static DiagnosticDescriptor Error(string id, string title) =>
        new(id, title, "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
}
