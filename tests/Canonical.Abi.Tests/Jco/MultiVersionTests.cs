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
        // It sleeps through both versions of the clock and poll interfaces.
        Assert.Equal(new[]
        {
            "wasi:clocks/monotonic-clock@0.2.0#subscribe-duration", "wasi:io/poll@0.2.0#poll",
            "wasi:clocks/monotonic-clock@0.2.1#subscribe-duration", "wasi:io/poll@0.2.1#poll",
        }, h.Wasi.Calls.OrderBy(c => c.Contains("0.2.1", StringComparison.Ordinal)).ToArray());
    }
}
