using Wasm.Components.Tests.Support;
using Wasm.Components.Types;
using Wasm.Components.Values;

namespace Wasm.Components.Tests.Jco;

/// <summary>
/// resources.2.component.wat and resources.3.component.wat: jco codegen fixtures in the text format whose core
/// functions are all <c>unreachable</c>; they must parse, link and instantiate, and calling into them traps.
/// </summary>
public sealed class TextFixturesTests
{
    [Fact]
    public void Resources2ExportsGuestResources()
    {
        var h = JcoHarness.For("resources.2.component.wat");
        var exports = Assert.IsType<InstanceType>(h.Instance.Exports.Single(e => e.Key == "exports").Value);
        foreach (var name in new[] { "x", "[constructor]x", "[method]x.get-a", "[method]x.set-a", "[static]x.add", "z", "[constructor]z", "add" })
            Assert.NotNull(exports.Find(name));
        var f = h.Func("exports#[constructor]x");
        var trap = Assert.Throws<TrapException>(() => f.Call(WitValue.F64(1)));
        Assert.Equal(TrapCode.Unreachable, trap.Code);
    }

    [Fact]
    public void Resources3ImportsHostResource()
    {
        var h = JcoHarness.For("resources.3.component.wat");
        var y = new ResourceType("y") { HostDestructor = _ => { } };
        h.Linker.Instance("my:resources/imports")
            .DefineResource("y", y)
            .DefineFunction("[constructor]y", a => W.Own(y, 1))
            .DefineFunction("[method]y.get-a", _ => WitValue.F64(0))
            .DefineFunction("[method]y.set-a", _ => null)
            .DefineFunction("[static]y.add", a => a[0]);
        // (import "y" (type (eq ...))) re-imports the interface's resource and needs no definition.
        var f = h.Func("add");
        var trap = Assert.Throws<TrapException>(() => f.Call(W.Own(y, 1)));
        Assert.Equal(TrapCode.Unreachable, trap.Code);
    }
}
