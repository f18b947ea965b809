using Wasm.Components.Tests.Support;

namespace Wasm.Components.Tests.Jco;

/// <summary>smoke.component.wasm, after jco's runtime/smoke.ts.</summary>
public sealed class SmokeTests
{
    [Fact]
    public void ThunkCallsTheImportedThunk()
    {
        var h = JcoHarness.For("smoke");
        var hit = false;
        h.Linker.Instance("test:smoke/imports").DefineFunction("thunk", _ =>
        {
            hit = true;
            return null;
        });
        Assert.Null(h.Call("thunk"));
        Assert.True(hit, "import not called");
    }
}
