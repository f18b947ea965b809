using System.Text;
using Wasm.Components.Tests.Support;
using Wasm.Components.Values;

namespace Wasm.Components.Tests.Jco;

/// <summary>resource_with_lists.component.wasm (wit-bindgen tests/runtime/resource_with_lists.rs; no jco script).</summary>
public sealed class ResourceWithListsTests
{
    private const string I = "test:resource-with-lists/test";

    private static string Text(WitValue list) => Encoding.UTF8.GetString(W.ToBytes(list));

    [Fact]
    public void ListsThroughGuestAndHostThings()
    {
        var h = JcoHarness.For("resource_with_lists");
        var thing = new HostResource<string>("thing");
        h.Linker.Instance(I)
            .DefineResource("thing", thing.Type)
            .DefineFunction("[constructor]thing", a => thing.New(Text(a[0]) + " HostThing"))
            .DefineFunction("[method]thing.foo", a => W.Bytes(thing[a[0]] + " HostThing.foo"))
            .DefineFunction("[method]thing.bar", a =>
            {
                thing.Set(a[0], Text(a[1]) + " HostThing.bar");
                return null;
            })
            .DefineFunction("[static]thing.baz", a => W.Bytes(Text(a[0]) + " HostThing.baz"));

        var t = h.CallValue($"{I}#[constructor]thing", W.Bytes("Hi"));
        WitAssert.Equal("Hi Thing HostThing HostThing.foo Thing.foo", Text(h.CallValue($"{I}#[method]thing.foo", W.Lend(t))));

        Assert.Null(h.Call($"{I}#[method]thing.bar", W.Lend(t), W.Bytes("Hola")));
        WitAssert.Equal("Hola Thing.bar HostThing.bar HostThing.foo Thing.foo", Text(h.CallValue($"{I}#[method]thing.foo", W.Lend(t))));

        WitAssert.Equal("Ohayo Gozaimas Thing.baz HostThing.baz Thing.baz again",
            Text(h.CallValue($"{I}#[static]thing.baz", W.Bytes("Ohayo Gozaimas"))));
    }
}
