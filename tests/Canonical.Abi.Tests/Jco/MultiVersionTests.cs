using Wasm.Components.Tests.Support;

namespace Wasm.Components.Tests.Jco;

/// <summary>
/// multi-version.component.wat, after jco's runtime/multi-version.ts: a guest importing wasi:io/poll and
/// wasi:clocks/monotonic-clock at both @0.2.0 and @0.2.1 (all provided by the test WASI host); its test export runs.
/// </summary>
public sealed class MultiVersionTests
{
    [Fact]
    public void Test()
    {
        var h = JcoHarness.For("multi-version.component.wat");
        Assert.Null(h.Call("test"));
        Assert.False(h.Instance.IsPoisoned);
    }
}
