using Wasm.Components.Tests.Support;
using Wasm.Components.Types;
using Wasm.Components.Values;

namespace Wasm.Components.Tests.Jco;

/// <summary>
/// owning, borrowing and borrowing-duplicate-if-necessary.component.wasm (wit-bindgen tests/runtime/ownership.rs;
/// no jco script): the same guest built with three ownership modes of the Rust bindings.
/// </summary>
public sealed class OwnershipTests
{
    [Theory]
    [InlineData("owning")]
    [InlineData("borrowing")]
    [InlineData("borrowing-duplicate-if-necessary")]
    public void Foo(string fixture)
    {
        var h = JcoHarness.For(fixture);
        bool calledFoo = false, calledBar = false, calledBaz = false, destructorRan = false;
        string[]? lastResourceList = null;
        var theResource = new ResourceType("the-resource") { HostDestructor = _ => destructorRan = true };
        var thing1 = W.Rec(("name", W.Str("thing 1")), ("value", W.Strings("some value", "another value")));

        h.Linker.Instance("lists").DefineFunction("foo", a =>
        {
            calledFoo = true;
            WitAssert.Equal(WitValue.List(W.Strings("foo", "bar")), a[0]);
            return a[0];
        });
        h.Linker.Instance("thing-in").DefineFunction("bar", a =>
        {
            calledBar = true;
            WitAssert.Equal(thing1, a[0]);
            return null;
        });
        h.Linker.Instance("thing-in-and-out").DefineFunction("baz", a =>
        {
            calledBaz = true;
            WitAssert.Equal(thing1, a[0]);
            return a[0];
        });
        h.Linker.Instance("test:ownership/both-list-and-resource")
            .DefineResource("the-resource", theResource)
            .DefineFunction("[constructor]the-resource", a =>
            {
                Assert.Null(lastResourceList);
                lastResourceList = W.ToStrings(a[0]);
                return W.Own(theResource, 100);
            })
            .DefineFunction("list-and-resource", a =>
            {
                var b = a[0].Field("b");
                Assert.Equal(100u, b.AsHandle().Rep);
                Assert.True(b.AsHandle().IsOwn);
                Assert.Equal(lastResourceList, W.ToStrings(a[0].Field("a")));
                return null;
            });

        Assert.Null(h.Call("foo"));
        Assert.True(calledFoo);
        Assert.True(calledBar);
        Assert.True(calledBaz);
        Assert.Equal(new[] { "foo", "bar", "baz" }, lastResourceList);
        // The resource was moved to the host, which never dropped it.
        Assert.False(destructorRan);
    }
}
