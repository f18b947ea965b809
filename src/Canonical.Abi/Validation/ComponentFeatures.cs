namespace Wasm.Components;

/// <summary>
/// Component Model extensions that validation accepts beyond the MVP, each marked by an emoji in Explainer.md.
/// The defaults are wasmtime's.
/// </summary>
public sealed record ComponentFeatures
{
    /// <summary>The default set.</summary>
    public static ComponentFeatures Default { get; } = new();

    /// <summary>🏷️ The <c>(implements "…")</c> and <c>(external-id "…")</c> attributes of import and export names.
    /// Off by default.</summary>
    public bool Implements { get; init; }
}
