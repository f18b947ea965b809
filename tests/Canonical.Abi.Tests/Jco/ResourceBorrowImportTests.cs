using Wasm.Components.Tests.Support;
using Wasm.Components.Types;
using Wasm.Components.Values;

namespace Wasm.Components.Tests.Jco;

/// <summary>resource_borrow_import.component.wasm (wit-bindgen tests/runtime/resource_borrow_import.rs; no jco script).</summary>
public sealed class ResourceBorrowImportTests
{
    [Fact]
    public void GuestLendsHostThingToHost()
    {
        var h = JcoHarness.For("resource_borrow_import");
        var thing = new HostResource<uint>("thing");
        var borrowed = new List<ValueKind>();
        h.Linker.Instance("test:resource-borrow-import/test")
            .DefineResource("thing", thing.Type)
            .DefineFunction("[constructor]thing", a => thing.New(a[0].AsUInt32() + 2))
            .DefineFunction("foo", a =>
            {
                borrowed.Add(a[0].Kind);
                return WitValue.U32(thing[a[0]] + 3);
            });
        WitAssert.Equal(WitValue.U32(42 + 1 + 2 + 3 + 4), h.Call("test", WitValue.U32(42)));
        Assert.Equal(new[] { ValueKind.Borrow }, borrowed);
        Assert.Single(thing.Dropped);
    }
}
