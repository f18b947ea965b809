using Wasm.Components.Tests.Support;
using Wasm.Components.Values;

namespace Wasm.Components.Tests.Jco;

/// <summary>resource_borrow_export.component.wasm (wit-bindgen tests/runtime/resource_borrow_export.rs; no jco script).</summary>
public sealed class ResourceBorrowExportTests
{
    [Fact]
    public void FooBorrowsGuestThing()
    {
        var h = JcoHarness.For("resource_borrow_export");
        const string I = "test:resource-borrow-export/test";
        var thing = h.CallValue($"{I}#[constructor]thing", WitValue.U32(42));
        WitAssert.Equal(WitValue.U32(42 + 1 + 2), h.Call($"{I}#foo", W.Lend(thing)));
    }
}
