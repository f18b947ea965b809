using Wasm.Components.Tests.Support;
using Wasm.Components.Types;

namespace Wasm.Components.Tests.Jco;

/// <summary>other-dependencies.component.wasm (wit-bindgen tests/runtime/other_dependencies.rs; no jco script): instantiates.</summary>
public sealed class OtherDependenciesTests
{
    [Fact]
    public void Instantiates()
    {
        var h = JcoHarness.For("other-dependencies");
        var instance = h.Instantiate();
        Assert.Contains(instance.Exports, e => e.Key == "other:test/test" && e.Value is InstanceType);
    }
}
