using Wasm.Components.Tests.Support;

namespace Wasm.Components.Tests.Jco;

/// <summary>resource_into_inner.component.wasm (wit-bindgen tests/runtime/resource_into_inner.rs; no jco script).</summary>
public sealed class ResourceIntoInnerTests
{
    [Fact]
    public void GuestTestRuns()
    {
        var h = JcoHarness.For("resource_into_inner");
        Assert.Null(h.Call("test:resource-into-inner/test#test"));
        Assert.False(h.Instance.IsPoisoned);
    }
}
