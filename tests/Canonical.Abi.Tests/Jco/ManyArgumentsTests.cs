using Wasm.Components.Tests.Support;
using Wasm.Components.Values;

namespace Wasm.Components.Tests.Jco;

/// <summary>many-arguments.component.wasm and many_arguments.component.wasm, after jco's runtime/many-arguments.ts.</summary>
public sealed class ManyArgumentsTests
{
    [Theory]
    [InlineData("many-arguments")]
    [InlineData("many_arguments")]
    public void SixteenU64sReachTheHostInOrder(string fixture)
    {
        var h = JcoHarness.For(fixture);
        ulong[]? received = null;
        h.Linker.Instance("imports").DefineFunction("many-arguments", args =>
        {
            received = args.ToArray().Select(a => a.AsUInt64()).ToArray();
            return null;
        });
        var args = Enumerable.Range(1, 16).Select(i => WitValue.U64((ulong)i)).ToArray();
        Assert.Null(h.Call("many-arguments", args));
        WitAssert.Equal(Enumerable.Range(1, 16).Select(i => (ulong)i).ToArray(), received);
    }
}
