namespace Wit.Generators.Tests;

/// <summary>The <c>[WitWorld]</c> alternative to item metadata.</summary>
public sealed class AttributeTests
{
    private const string Wit = """
        package test:app;

        interface logging {
          log: func(message: string);
        }

        /// A calculator.
        world calculator {
          import logging;
          import now: func() -> u64;
          record pair { a: u32, b: u32 }
          export add: func(p: pair) -> u32;
        }

        world other {
          export f: func();
        }
        """;

    [Fact]
    public void WorldMembersGoIntoTheAttributedClass()
    {
        const string code = """
            using Wasm.Components.Bindings;

            namespace MyApp
            {
                [WitWorld("calculator", Side = WitSide.Host)]
                internal partial class Calculator
                {
                    public static uint Use(Calculator c) => c.Add(new Calculator.Pair(1, 2));
                }
            }
            """;
        var run = GeneratorHarness.Run([new WitInput("/app/wit/app.wit", Wit)], code);
        Assert.Empty(run.Problems().Select(d => d.ToString()));
        Assert.Contains("MyApp.Calculator.g.cs", run.Sources.Keys);
        Assert.Contains("MyApp.Test.App.Logging.g.cs", run.Sources.Keys);
        Assert.Contains("internal interface ICalculatorImports", run.Sources["MyApp.Calculator.g.cs"], StringComparison.Ordinal);

        // The attribute replaces the default of generating every world.
        Assert.DoesNotContain(run.Sources.Keys, k => k.Contains("Other", StringComparison.Ordinal));
    }

    [Fact]
    public void UnknownWorldIsReportedAtTheAttribute()
    {
        const string code = """
            namespace MyApp
            {
                [Wasm.Components.Bindings.WitWorld("missing")]
                public partial class Bindings
                {
                }
            }
            """;
        var run = GeneratorHarness.Run([new WitInput("/app/wit/app.wit", Wit)], code);
        var error = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("WIT0003", error.Id);
        Assert.Equal("Source0.cs", error.Location.GetLineSpan().Path);
    }

    [Fact]
    public void ResultAsExceptionOnTheAttribute()
    {
        const string wit = """
            package test:app;

            interface parse {
              parse: func(text: string) -> result<s64, string>;
            }

            world parser {
              import parse;
              export parse;
            }
            """;
        const string code = """
            using Wasm.Components.Bindings;

            namespace MyApp
            {
                [WitWorld("parser", ResultAs = WitResultAs.Exception)]
                internal partial class Parser
                {
                    public static long Use(Parser p) => p.Parse.Parse_("1");
                }

                sealed class Host : MyApp.Test.App.IParse
                {
                    public long Parse(string text) => text.Length > 0 ? 1 : throw new ResultException<string>("empty");
                }
            }
            """;
        var run = GeneratorHarness.Run([new WitInput("/app/wit/app.wit", wit)], code);
        Assert.Empty(run.Problems().Select(d => d.ToString()));
    }
}
