using Microsoft.CodeAnalysis.Text;

namespace Wit.Generators.Model;

/// <summary>Which side of the component boundary the bindings are for.</summary>
internal enum BindingSide
{
    /// <summary>The host embeds components: imports are implemented in C#, exports are called.</summary>
    Host,

    /// <summary>A component written in C#: exports are implemented in C#, imports are called (Emit/Guest).</summary>
    Guest,
}

/// <summary>How a function's WIT <c>result</c> appears in C#.</summary>
internal enum ResultMapping
{
    /// <summary>As a <c>Result&lt;T, E&gt;</c> value (the default).</summary>
    Result,

    /// <summary>
    /// A function whose result is a <c>result&lt;T, E&gt;</c> returns <c>T</c>, and <c>err</c> is a
    /// <c>ResultException&lt;E&gt;</c>: thrown by calls to exports, thrown by host implementations of imports.
    /// </summary>
    Exception,
}

/// <summary>
/// A <c>.wit</c> AdditionalFile with its MSBuild metadata (null when not set).
/// </summary>
internal sealed record WitFile(string Path, string Text, string? World, string? Namespace, string? Side, string? ResultAs = null);

/// <summary>A position in a file, kept as plain values so it can cross pipeline stages.</summary>
internal sealed record FileSpan(string Path, TextSpan Span, LinePositionSpan Lines);

/// <summary>A partial class carrying <c>[WitWorld]</c>: the world's members are generated into it.</summary>
/// <param name="Namespace">The class's namespace, empty for the global namespace.</param>
/// <param name="ClassName">The class name.</param>
/// <param name="Accessibility">The class's declared accessibility keyword(s), e.g. <c>public</c>.</param>
/// <param name="World">The world name, optionally qualified (<c>ns:pkg/world</c>).</param>
/// <param name="Side">The side from the attribute.</param>
/// <param name="Location">The attribute, for diagnostics.</param>
/// <param name="Problem">Why the class cannot receive bindings, if it cannot.</param>
/// <param name="Results">How results are bound, from the attribute's <c>ResultAs</c>.</param>
internal sealed record AttributeTarget(string Namespace, string ClassName, string Accessibility, string World, BindingSide Side, FileSpan? Location, string? Problem, ResultMapping Results = ResultMapping.Result);

/// <summary>
/// One unit of generation: a WIT package folder and which of its worlds to generate where. The output of the
/// planning stage and the input of the (expensive) resolve-and-emit stage.
/// </summary>
/// <param name="Root">The package folder.</param>
/// <param name="Files">The folder's files, dependencies included.</param>
/// <param name="Worlds">World names to generate; empty means every world of the root package.</param>
/// <param name="Namespace">The root namespace of the generated code.</param>
/// <param name="Side">Host or guest.</param>
/// <param name="Target">The attributed class that receives the world, if any.</param>
/// <param name="Diagnostics">Problems found while planning (configuration conflicts).</param>
/// <param name="Results">How functions returning a WIT <c>result</c> are bound.</param>
internal sealed record BindingRequest(
    string Root,
    EquatableArray<WitFile> Files,
    EquatableArray<string> Worlds,
    string Namespace,
    BindingSide Side,
    AttributeTarget? Target,
    EquatableArray<DiagnosticInfo> Diagnostics,
    ResultMapping Results = ResultMapping.Result);
