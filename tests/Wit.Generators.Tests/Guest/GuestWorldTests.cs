namespace Wit.Generators.Tests.Guest;

/// <summary>Guest bindings selected by the attribute, with a world's own imported and exported functions, used by C# the way a component author writes it.</summary>
public sealed class GuestWorldTests
{
    private const string Wit = """
        package test:app;

        interface logging {
          log: func(msg: string);
        }

        world calculator {
          import logging;
          import clock: func() -> u64;
          record pair { a: u32, b: u32 }
          export add: func(p: pair) -> u32;
          export describe: func(p: pair) -> string;
        }
        """;

    private const string Code = """
        using Wasm.Components.Bindings;

        namespace MyApp
        {
            [WitWorld("calculator", Side = WitSide.Guest)]
            internal partial class Calculator;

            /// <summary>The component's exports, an ordinary class.</summary>
            internal sealed class Exports : ICalculatorExports
            {
                public uint Add(Calculator.Pair p)
                {
                    Test.App.Logging.Imports.Log("add at " + Calculator.Imports.Clock());
                    return p.A + p.B;
                }

                public string Describe(Calculator.Pair p) => $"{p.A}+{p.B}";
            }

            internal static class Startup
            {
                [System.Runtime.CompilerServices.ModuleInitializer]
                internal static void Register() => Calculator.Implementation = new Exports();
            }
        }
        """;

    [Fact]
    public void AttributedGuestWorldCompilesWithTheUsersImplementation()
    {
        var (run, compilation) = GuestHarness.Run([new WitInput("/app/wit/app.wit", Wit)], Code);
        Assert.Empty(run.Problems().Select(d => d.ToString()));
        string world = run.Sources["MyApp.Calculator.Guest.g.cs"];
        Assert.Contains("    partial class Calculator\n", world, StringComparison.Ordinal);
        Assert.Contains("internal interface ICalculatorExports", world, StringComparison.Ordinal);

        // World-level functions: exports by their plain name, imports from `$root`; the string result has a post-return.
        var entries = GuestHarness.MethodsWith(compilation, "UnmanagedCallersOnlyAttribute")
            .Select(m => GuestHarness.Named(m.GetAttributes().Single(a => a.AttributeClass!.Name == "UnmanagedCallersOnlyAttribute"), "EntryPoint"))
            .Order(StringComparer.Ordinal);
        Assert.Equal(["add", "cabi_post_describe", "cabi_realloc", "describe"], entries);
        var imports = GuestHarness.MethodsWith(compilation, "DllImportAttribute")
            .Select(m => m.GetAttributes().Single(a => a.AttributeClass!.Name == "DllImportAttribute"))
            .Select(a => a.ConstructorArguments[0].Value + " " + GuestHarness.Named(a, "EntryPoint"))
            .Order(StringComparer.Ordinal);
        Assert.Equal(["$root clock", "test:app/logging log"], imports);
    }

    /// <summary>The example of the generator's README, with metadata instead of the attribute.</summary>
    [Fact]
    public void ReadmeAdderCompiles()
    {
        const string wit = """
            package docs:adder@0.1.0;

            interface add {
              add: func(x: u32, y: u32) -> u32;
            }

            world adder {
              export add;
            }
            """;
        const string code = """
            sealed class Adder : MyComponent.Docs.Adder.IAdd
            {
                public uint Add(uint x, uint y) => x + y;

                [System.Runtime.CompilerServices.ModuleInitializer]
                internal static void Register() => MyComponent.Docs.Adder.Add.Implementation = new Adder();
            }
            """;
        var (run, compilation) = GuestHarness.Run([new WitInput("/app/wit/adder.wit", wit, World: "adder", Namespace: "MyComponent")], code);
        Assert.Empty(run.Problems().Select(d => d.ToString()));
        var export = Assert.Single(GuestHarness.MethodsWith(compilation, "UnmanagedCallersOnlyAttribute"), m => m.Name != "CabiRealloc");
        Assert.Equal("(i32 i32) -> (i32)", GuestHarness.CoreSignature(export));
        Assert.Equal("docs:adder/add@0.1.0#add", GuestHarness.Named(export.GetAttributes()[0], "EntryPoint"));
    }
}
