using Wasm.Components.Tests.Support;
using Wasm.Components.Types;
using Wasm.Components.Values;

namespace Wasm.Components.Tests.Jco;

/// <summary>
/// resource_borrow_simple.component.wasm (and its WASI-free twin resource-borrow-simple), after jco's
/// runtime/resource_borrow_simple.ts: the guest constructs a host resource and lends it to a host function.
/// </summary>
public sealed class ResourceBorrowSimpleTests
{
    [Theory]
    [InlineData("resource_borrow_simple")]
    [InlineData("resource-borrow-simple")]
    public void GuestConstructsHostResourceAndLendsIt(string fixture)
    {
        var h = JcoHarness.For(fixture);
        var r = new ResourceType("r");
        var dropped = new List<uint>();
        r.HostDestructor = rep => dropped.Add(rep);
        var constructed = 0;
        var tested = new List<WitValue>();
        h.Linker.Root.DefineResource("r", r);
        h.Linker.Root.DefineFunction("[constructor]r", _ =>
        {
            constructed++;
            return W.Own(r, 7);
        });
        h.Linker.Root.DefineFunction("test", args =>
        {
            tested.Add(args[0]);
            return null;
        });

        Assert.Null(h.Call("test-imports"));

        WitAssert.Equal(1, constructed);
        var borrowed = Assert.Single(tested);
        WitAssert.Equal(ValueKind.Borrow, borrowed.Kind);
        Assert.Same(r, borrowed.AsHandle().Type);
        WitAssert.Equal(7u, borrowed.AsHandle().Rep);
        // The guest drops its own handle when done with it.
        Assert.Equal(new[] { 7u }, dropped);
    }
}
