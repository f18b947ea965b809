using Wasm.Components.Tests.Support;
using Wasm.Components.Values;

namespace Wasm.Components.Tests.Jco;

/// <summary>
/// resource_alias_redux.component.wasm (wit-bindgen tests/runtime/resource_alias_redux.rs; no jco script): a host
/// resource <c>thing</c> imported through two interfaces, wrapped by the guest's exported <c>thing</c>.
/// </summary>
public sealed class ResourceAliasReduxTests
{
    private const string A1 = "test:resource-alias-redux/resource-alias1";
    private const string A2 = "test:resource-alias-redux/resource-alias2";

    private static (JcoHarness, HostResource<string>) Setup()
    {
        var h = JcoHarness.For("resource_alias_redux");
        var thing = new HostResource<string>("thing");
        h.Linker.Instance(A1)
            .DefineResource("thing", thing.Type)
            .DefineFunction("[constructor]thing", a => thing.New(a[0].AsString() + " HostThing"))
            .DefineFunction("[method]thing.get", a => W.Str(thing[a[0]] + " HostThing.get"))
            .DefineFunction("a", a => WitValue.List(a[0].Field("thing")));
        // resource-alias2 re-exports resource-alias1's thing with an eq bound: nothing to define for it.
        h.Linker.Instance(A2)
            .DefineFunction("b", a => WitValue.List(a[0].Field("thing"), a[1].Field("thing")));
        // The world's `use resource-alias1.{thing}` is a top-level (import "thing" (type (eq ...))) of the resource
        // imported above: it needs no definition of its own.
        return (h, thing);
    }

    [Fact]
    public void TopLevelTestPassesHostThingsThrough()
    {
        var (h, thing) = Setup();
        var thing1 = thing.New("Ni Hao HostThing");
        var result = h.CallValue("test", WitValue.List(thing1));
        WitAssert.Equal(new[] { "Ni Hao HostThing" }, result.Items.Select(v => thing[v]).ToArray());
    }

    [Fact]
    public void ExportedA()
    {
        var (h, _) = Setup();
        var thing2 = h.CallValue($"{A1}#[constructor]thing", W.Str("Ciao"));
        var list = h.CallValue($"{A1}#a", W.Rec(("thing", thing2)));
        var got = list.Items.Select(x => h.CallValue($"{A1}#[method]thing.get", W.Lend(x)).AsString()).ToArray();
        WitAssert.Equal(new[] { "Ciao Thing HostThing HostThing.get Thing.get" }, got);
    }

    [Fact]
    public void ExportedB()
    {
        var (h, _) = Setup();
        var thing3 = h.CallValue($"{A1}#[constructor]thing", W.Str("Ciao"));
        var thing4 = h.CallValue($"{A1}#[constructor]thing", W.Str("Aloha"));
        var list = h.CallValue($"{A2}#b", W.Rec(("thing", thing3)), W.Rec(("thing", thing4)));
        var got = list.Items.Select(x => h.CallValue($"{A1}#[method]thing.get", W.Lend(x)).AsString()).ToArray();
        WitAssert.Equal(new[]
        {
            "Ciao Thing HostThing HostThing.get Thing.get",
            "Aloha Thing HostThing HostThing.get Thing.get",
        }, got);
    }
}
