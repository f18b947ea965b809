using Wasm.Components.Tests.Support;
using Wasm.Components.Types;
using Wasm.Components.Values;

namespace Wasm.Components.Tests.Jco;

/// <summary>resource_borrow_in_record.component.wasm (wit-bindgen tests/runtime/resource_borrow_in_record.rs; no jco script).</summary>
public sealed class ResourceBorrowInRecordTests
{
    private const string I = "test:resource-borrow-in-record/test";

    [Fact]
    public void BorrowsInsideListOfRecords()
    {
        var h = JcoHarness.For("resource_borrow_in_record");
        var thing = new HostResource<string>("thing");
        h.Linker.Instance(I)
            .DefineResource("thing", thing.Type)
            .DefineFunction("[constructor]thing", a => thing.New(a[0].AsString() + " HostThing"))
            .DefineFunction("[method]thing.get", a => W.Str(thing[a[0]] + " HostThing.get"))
            .DefineFunction("test", a => WitValue.List(
                a[0].Items.Select(foo =>
                {
                    WitAssert.Equal(ValueKind.Borrow, foo.Field("thing").Kind);
                    return thing.New(thing[foo.Field("thing")] + " test" + " HostThing");
                }).ToArray()));

        var thing1 = h.CallValue($"{I}#[constructor]thing", W.Str("Bonjour"));
        var thing2 = h.CallValue($"{I}#[constructor]thing", W.Str("mon cher"));
        var list = h.CallValue($"{I}#test",
            WitValue.List(W.Rec(("thing", W.Lend(thing1))), W.Rec(("thing", W.Lend(thing2)))));
        var got = list.Items.Select(x => h.CallValue($"{I}#[method]thing.get", W.Lend(x)).AsString()).ToArray();
        WitAssert.Equal(new[]
        {
            "Bonjour Thing HostThing test HostThing HostThing.get Thing.get",
            "mon cher Thing HostThing test HostThing HostThing.get Thing.get",
        }, got);
    }
}
