using Wasm.Components.Tests.Support;
using Wasm.Components.Values;

namespace Wasm.Components.Tests.Jco;

/// <summary>
/// asmjs_bigint (jco runtime/asmjs_bigint.ts), async_call and simple-nested (jco test/jspi.ts, where JSPI makes the
/// host imports async on the JS side; the components themselves are synchronous), simple-nested-optimized and adder.
/// </summary>
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
            return W.Str("Hello from Async Function!");
        });
        WitAssert.Equal(W.Str("Hello from Async Function!"), h.Call("calvinrp:test-async-funcs/hello@0.1.0#hello-world"));
        Assert.Equal(1, calls);
    }

    [Fact]
    public void AsyncCall()
    {
        var h = JcoHarness.For("async_call");
        h.Linker.Instance("something:test/test-interface")
            .DefineFunction("call-async", _ => W.Str("called async"))
            .DefineFunction("call-sync", _ => W.Str("called sync"));
        WitAssert.Equal(W.Str("called sync"), h.Call("run-sync"));
        WitAssert.Equal(W.Str("called async"), h.Call("run-async"));
    }
}
