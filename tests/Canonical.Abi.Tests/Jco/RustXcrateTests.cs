using Wasm.Components.Tests.Support;
using Wasm.Components.Types;
using Wasm.Components.Values;

namespace Wasm.Components.Tests.Jco;

/// <summary>rust_xcrate.component.wasm (wit-bindgen tests/runtime/rust_xcrate.rs; no jco script).</summary>
public sealed class RustXcrateTests
{
    private static (JcoHarness, List<string>) Setup()
    {
        var h = JcoHarness.For("rust_xcrate");
        var log = new List<string>();
        foreach (var iface in new[] { "a", "b" })
        {
            var x = new ResourceType("x") { HostDestructor = rep => log.Add($"{iface}: drop {rep}") };
            h.Linker.Instance($"test:xcrate/{iface}-imports")
                .DefineResource("x", x)
                .DefineFunction("[constructor]x", _ => { log.Add($"{iface}: new"); return W.Own(x, 2); })
                .DefineFunction("[method]x.foo", a => { log.Add($"{iface}: foo {W.Rep(a[0])}"); return null; })
                .DefineFunction(iface, _ => { log.Add($"{iface}: {iface}"); return null; });
        }
        return (h, log);
    }

    [Fact]
    public void BCallsIntoTheImports()
    {
        var (h, log) = Setup();
        Assert.Null(h.Call("b"));
        Assert.Equal(new[] { "a: a", "b: b", "a: new", "a: foo 2", "a: drop 2", "b: new", "b: foo 2", "b: drop 2" }, log);
    }

    [Fact]
    public void ExportedResource()
    {
        var (h, _) = Setup();
        var x = h.CallValue("an-exported-interface#[constructor]x");
        Assert.Equal(ValueKind.Own, x.Kind);
        Assert.Null(h.Call("an-exported-interface#[method]x.foo", W.Lend(x)));
    }
}
