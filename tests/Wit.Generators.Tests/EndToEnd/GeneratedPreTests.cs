using Wasm.Components;

namespace Wit.Generators.Tests.EndToEnd;

/// <summary>
/// <c>{World}Pre</c> checks the component's exports against the world once, when it is created, from the
/// component's type alone: a component that does not match the WIT the bindings were generated from is a
/// <c>LinkException</c> naming the function before any import is defined or any instance exists.
/// </summary>
public sealed class GeneratedPreTests
{
    private const string Scenario = """
        public static class Scenario
        {
            public static void Run(Component component, Wasm.Engine engine)
            {
                var linker = new ComponentLinker(engine);
                try
                {
                    new World.RootPre(component, linker);
                }
                catch (Wasm.LinkException e)
                {
                    throw new Wasm.LinkException("Pre: " + e.Message);
                }
                throw new Exception("the Pre accepted a component that does not match");
            }
        }
        """;

    private static Wasm.LinkException Mismatch(string fixture, Func<string, string> edit)
    {
        var component = Component.FromFile(GeneratedBindings.Engine, Path.Combine(Abi.Corpus.Jco, fixture + ".component.wasm"));
        var wit = GeneratedBindings.WitOf(component);
        var edited = edit(wit);
        Assert.True(wit != edited, "the edit did not apply to:\n" + wit);
        var source = GeneratedJcoTests.Source(Scenario, "Gen.Root.Component");
        var e = Assert.Throws<Wasm.LinkException>(() => GeneratedBindings.Run(component, edited, source));
        Assert.StartsWith("Pre: ", e.Message, StringComparison.Ordinal);
        return e;
    }

    [Fact]
    public void WrongParameterTypeNamesTheFunction()
    {
        var e = Mismatch("numbers", wit => wit.Replace("roundtrip-u8: func(a: u8) -> u8;", "roundtrip-u8: func(a: u16) -> u8;", StringComparison.Ordinal));
        Assert.Contains("`test:numbers/test#roundtrip-u8` has the wrong type", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingFunctionIsNamed()
    {
        var e = Mismatch("numbers", wit => wit.Replace("roundtrip-u8: func(a: u8) -> u8;", "roundtrip-u8: func(a: u8) -> u8;\n    roundtrip-u7: func(a: u8) -> u8;", StringComparison.Ordinal));
        Assert.Contains("exports no function `test:numbers/test#roundtrip-u7`", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OwnForBorrowOfAnExportedResourceNamesTheFunction()
    {
        var e = Mismatch("resources", wit => wit.Replace("add: func(a: borrow<z>, b: borrow<z>) -> z;", "add: func(a: z, b: borrow<z>) -> z;", StringComparison.Ordinal));
        Assert.Contains("`exports#add` has the wrong type", e.Message, StringComparison.Ordinal);
    }
}
