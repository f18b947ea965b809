using Wasm.Components.Tests.Support;

namespace Wasm.Components.Tests.Jco;

/// <summary>
/// multi-version.component.wat, after jco's runtime/multi-version.ts: a guest importing wasi:io/poll and
/// wasi:clocks/monotonic-clock at both @0.2.0 and @0.2.1 (both linked to the WASI host's one @0.2.12 definition); its test export runs.
/// </summary>
public sealed class MultiVersionTests
{
    [Fact]
    public void Test()
    {
        var h = JcoHarness.For("multi-version.component.wat");
        Assert.Null(h.Call("test"));
        Assert.False(h.Instance.IsPoisoned);
        // The guest imports both versions of each interface; both resolve to the same host definition.
        var imports = h.Component.Type.Imports.Select(i => i.Key).ToArray();
        Assert.Contains("wasi:io/poll@0.2.0", imports);
        Assert.Contains("wasi:io/poll@0.2.1", imports);
    }
}
