using Wasm.Components.Tests.Support;
using Wasm.Components.Values;

namespace Wasm.Components.Tests.Jco;

/// <summary>strings.component.wasm, after jco's runtime/strings.ts.</summary>
public sealed class StringsTests
{
    private const string Unicode = "🚀🚀🚀 𠈄𓀀";

    private static JcoHarness Setup(List<string> received)
    {
        var h = JcoHarness.For("strings");
        h.Linker.Instance("test:strings/imports")
            .DefineFunction("take-basic", args =>
            {
                received.Add(args[0].AsString());
                WitAssert.Equal("latin utf16", args[0].AsString());
                return null;
            })
            .DefineFunction("return-unicode", _ => WitValue.String(Unicode));
        return h;
    }

    [Fact]
    public void TestImports_PassesLatinStringToHost()
    {
        var received = new List<string>();
        var h = Setup(received);
        Assert.Null(h.Call("test-imports"));
        Assert.Equal(new[] { "latin utf16" }, received);
    }

    [Fact]
    public void Roundtrip()
    {
        var h = Setup(new List<string>());
        WitAssert.Equal("str", h.CallValue("roundtrip", W.Str("str")).AsString());
        WitAssert.Equal(Unicode, h.CallValue("roundtrip", W.Str(Unicode)).AsString());
    }

    [Fact]
    public void ReturnEmpty()
    {
        var h = Setup(new List<string>());
        WitAssert.Equal("", h.CallValue("return-empty").AsString());
    }
}
