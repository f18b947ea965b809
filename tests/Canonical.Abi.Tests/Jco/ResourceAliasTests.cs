using Wasm.Components.Tests.Support;
using Wasm.Components.Types;
using Wasm.Components.Values;

namespace Wasm.Components.Tests.Jco;

/// <summary>
/// resource_alias.component.wasm (wit-bindgen tests/runtime/resource_alias.rs; no jco script): a resource of
/// interface e1 used by e2 under another name; the functions give back the handles they were given.
/// </summary>
public sealed class ResourceAliasTests
{
    private const string E1 = "test:resource-alias/e1";
    private const string E2 = "test:resource-alias/e2";

    [Fact]
    public void E1AReturnsTheGivenHandle()
    {
        var h = JcoHarness.For("resource_alias");
        var x = h.CallValue($"{E1}#[constructor]x", WitValue.U32(42));
        var rep = x.AsHandle().Rep;
        var list = h.CallValue($"{E1}#a", W.Rec(("x", x)));
        var back = Assert.Single(list.Items);
        WitAssert.Equal(ValueKind.Own, back.Kind);
        Assert.Same(x.AsHandle().Type, back.AsHandle().Type);
        WitAssert.Equal(rep, back.AsHandle().Rep);
    }

    [Fact]
    public void E2AReturnsBothRecordHandles()
    {
        var h = JcoHarness.For("resource_alias");
        var f = h.CallValue($"{E1}#[constructor]x", WitValue.U32(7));
        var g = h.CallValue($"{E1}#[constructor]x", WitValue.U32(8));
        var y = h.CallValue($"{E1}#[constructor]x", WitValue.U32(8));
        var reps = new[] { f.AsHandle().Rep, g.AsHandle().Rep };
        var list = h.CallValue($"{E2}#a", W.Rec(("x", f)), W.Rec(("x", g)), W.Lend(y));
        WitAssert.Equal(reps, list.Items.Select(v => v.AsHandle().Rep).ToArray());
        Assert.All(list.Items, v => WitAssert.Equal(ValueKind.Own, v.Kind));
    }
}
