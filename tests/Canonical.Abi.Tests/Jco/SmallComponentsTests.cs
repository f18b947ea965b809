using Wasm.Components.Tests.Support;
using Wasm.Components.Values;

namespace Wasm.Components.Tests.Jco;

/// <summary>asmjs_bigint (jco runtime/asmjs_bigint.ts), adder and the simple-nested pair (no jco scripts).</summary>
public sealed class SmallComponentsTests
{
    [Fact]
    public void AsmjsBigintAdd()
    {
        var h = JcoHarness.For("asmjs_bigint");
        WitAssert.Equal(WitValue.S64(3), h.Call("add", WitValue.S64(1), WitValue.S64(2)));
        WitAssert.Equal(WitValue.S64(-4389456576512), h.Call("add", WitValue.S64(1L << 33), WitValue.S64(-(1L << 42))));
    }

    [Fact]
    public void Adder()
    {
        var h = JcoHarness.For("adder");
        WitAssert.Equal(WitValue.U32(3), h.Call("docs:adder/add@0.1.0#add", WitValue.U32(1), WitValue.U32(2)));
    }

    [Theory]
    [InlineData("simple-nested")]
    [InlineData("simple-nested-optimized")]
    public void NestedComponentsForwardTheImport(string fixture)
    {
        var h = JcoHarness.For(fixture);
        var calls = 0;
        h.Linker.Instance("calvinrp:test-async-funcs/hello@0.1.0").DefineFunction("hello-world", _ =>
        {
            calls++;
            return W.Str("hello from the host");
        });
        WitAssert.Equal(W.Str("hello from the host"), h.Call("calvinrp:test-async-funcs/hello@0.1.0#hello-world"));
        Assert.Equal(1, calls);
    }
}
