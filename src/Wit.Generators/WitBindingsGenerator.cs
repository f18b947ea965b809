using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Wit.Generators.Emit;
using Wit.Generators.Loading;
using Wit.Generators.Model;

namespace Wit.Generators;

/// <summary>
/// Generates C# bindings for the WIT worlds in a project's <c>.wit</c> <c>AdditionalFiles</c>
/// (see <c>docs/bindings.md</c>).
/// </summary>
/// <remarks>
/// Pipeline: <c>.wit</c> files with their metadata, and <c>[WitWorld]</c> classes, are read into plain records
/// (Loading/); planning groups them into one <see cref="BindingRequest"/> per package folder and target; each
/// request is resolved and written (Naming/, Emit/). Every stage's output is equatable, so an edit to C# code
/// that does not touch a <c>[WitWorld]</c> class leaves every stage cached.
/// </remarks>
[Generator(LanguageNames.CSharp)]
public sealed class WitBindingsGenerator : IIncrementalGenerator
{
    /// <summary>Tracking names of the pipeline's stages, for incrementality tests.</summary>
    internal static class Steps
    {
        public const string Files = "WitFiles";
        public const string Attributes = "WitWorldAttributes";
        public const string Requests = "BindingRequests";
        public const string Results = "GenerationResults";
    }

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        context.RegisterPostInitializationOutput(static c => c.AddSource("WitWorldAttribute.g.cs", WitWorldAttributeSource.Text));

        var files = context.AdditionalTextsProvider
            .Where(WitFileReader.IsWit)
            .Combine(context.AnalyzerConfigOptionsProvider)
            .Select(static (pair, ct) => WitFileReader.Read(pair.Left, pair.Right.GetOptions(pair.Left), ct))
            .WithTrackingName(Steps.Files)
            .Collect();

        var rootNamespace = context.AnalyzerConfigOptionsProvider
            .Select(static (options, _) => options.GlobalOptions.TryGetValue("build_property.RootNamespace", out var ns) ? ns : null);

        var attributes = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                WitWorldAttributeSource.MetadataName,
                static (node, _) => node is ClassDeclarationSyntax,
                WitWorldAttributeSource.Read)
            .WithTrackingName(Steps.Attributes)
            .Collect();

        var requests = files
            .Combine(rootNamespace)
            .Combine(attributes)
            .SelectMany(static (input, _) => RequestPlanner.Plan(input.Left.Left, input.Left.Right, input.Right))
            .WithTrackingName(Steps.Requests);

        var results = requests
            .Select(static (request, ct) => BindingsBuilder.Build(request, static plan => new AbiBodyEmitter(plan), ct))
            .WithTrackingName(Steps.Results)
            .Collect();

        context.RegisterSourceOutput(results, static (output, all) => Report(output, all));
    }

    /// <summary>Adds every file once: package folders that share dependencies produce the same interface files.</summary>
    private static void Report(SourceProductionContext output, IEnumerable<GenerationResult> results)
    {
        var added = new Dictionary<string, string>(System.StringComparer.OrdinalIgnoreCase);
        foreach (var result in results)
        {
            foreach (var diagnostic in result.Diagnostics)
            {
                output.ReportDiagnostic(diagnostic.ToDiagnostic());
            }

            foreach (var source in result.Sources)
            {
                if (added.TryGetValue(source.HintName, out var text))
                {
                    if (text != source.Text)
                    {
                        output.ReportDiagnostic(new DiagnosticInfo("WIT0004", $"two package folders generate `{source.HintName}` differently; only the first is kept", null).ToDiagnostic());
                    }

                    continue;
                }

                added.Add(source.HintName, source.Text);
                output.AddSource(source.HintName, source.Text);
            }
        }
    }
}
