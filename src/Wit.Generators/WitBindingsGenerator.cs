using Microsoft.CodeAnalysis;

namespace Wit.Generators;

/// <summary>
/// Generates C# bindings for the WIT worlds in a project's <c>.wit</c> <c>AdditionalFiles</c>
/// (see <c>docs/bindings.md</c>).
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class WitBindingsGenerator : IIncrementalGenerator
{
    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
    }
}
