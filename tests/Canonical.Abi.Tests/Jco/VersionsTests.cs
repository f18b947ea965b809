using Wasm.Components.Tests.Support;
using Wasm.Components.Values;

namespace Wasm.Components.Tests.Jco;

/// <summary>
/// versions.component.wasm (wit-bindgen tests/runtime/versions.rs; no jco script): the same interface imported and
/// exported at two versions, test:dep/test@0.1.0 and @0.2.0, which are not semver-compatible.
/// </summary>
public sealed class VersionsTests
{
    private static JcoHarness Setup(List<string>? calls = null)
    {
        var h = JcoHarness.For("versions");
        h.Linker.Instance("test:dep/test@0.1.0")
            .DefineFunction("x", _ => { calls?.Add("0.1.0#x"); return WitValue.F32(1); })
            .DefineFunction("y", a => { calls?.Add("0.1.0#y"); return WitValue.F32(1 + a[0].AsSingle()); });
        h.Linker.Instance("test:dep/test@0.2.0")
            .DefineFunction("x", _ => { calls?.Add("0.2.0#x"); return WitValue.F32(2); })
            .DefineFunction("z", a => { calls?.Add("0.2.0#z"); return WitValue.F32(2 + a[0].AsSingle() + a[1].AsSingle()); });
        return h;
    }

    [Fact]
    public void Version1Exports()
    {
        var h = Setup();
        WitAssert.Equal(WitValue.F32(1), h.Call("test:dep/test@0.1.0#x"));
        WitAssert.Equal(WitValue.F32(2), h.Call("test:dep/test@0.1.0#y", WitValue.F32(1)));
    }

    [Fact]
    public void Version2Exports()
    {
        var h = Setup();
        WitAssert.Equal(WitValue.F32(2), h.Call("test:dep/test@0.2.0#x"));
        WitAssert.Equal(WitValue.F32(4), h.Call("test:dep/test@0.2.0#z", WitValue.F32(1), WitValue.F32(1)));
    }

    [Fact]
    public void TestImportsReachesBothVersions()
    {
        var calls = new List<string>();
        var h = Setup(calls);
        Assert.Null(h.Call("test-imports"));
        Assert.Contains("0.1.0#x", calls);
        Assert.Contains("0.1.0#y", calls);
        Assert.Contains("0.2.0#x", calls);
        Assert.Contains("0.2.0#z", calls);
    }
}
