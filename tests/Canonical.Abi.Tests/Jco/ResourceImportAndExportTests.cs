using Wasm.Components.Tests.Support;
using Wasm.Components.Types;
using Wasm.Components.Values;

namespace Wasm.Components.Tests.Jco;

/// <summary>
/// resource_import_and_export.component.wasm and its twin resource-import-and-export (wit-bindgen
/// tests/runtime/resource_import_and_export.rs; no jco script): the guest exports a <c>thing</c> wrapping the
/// host's imported <c>thing</c>.
/// </summary>
public sealed class ResourceImportAndExportTests
{
    private const string I = "test:resource-import-and-export/test";

    private static (JcoHarness, HostResource<uint>, List<string>) Setup(string fixture)
    {
        var h = JcoHarness.For(fixture);
        var thing = new HostResource<uint>("thing");
        var log = new List<string>();
        uint Foo(WitValue self) => thing[self] + 2;
        h.Linker.Instance(I)
            .DefineResource("thing", thing.Type)
            .DefineFunction("[constructor]thing", a => thing.New(a[0].AsUInt32() + 1))
            .DefineFunction("[method]thing.foo", a => WitValue.U32(Foo(a[0])))
            .DefineFunction("[method]thing.bar", a =>
            {
                thing.Set(a[0], a[1].AsUInt32() + 3);
                return null;
            })
            .DefineFunction("[static]thing.baz", a => thing.New(Foo(a[0]) + Foo(a[1]) + 4 + 1));
        h.Linker.Root.DefineFunction("toplevel-import", a =>
        {
            log.Add("toplevel-import");
            return a[0];
        });
        // `use test.{thing}` in the world is a top-level (import "thing" (type (eq ...))) of the resource imported
        // above: it needs no definition of its own.
        return (h, thing, log);
    }

    [Theory]
    [InlineData("resource_import_and_export")]
    [InlineData("resource-import-and-export")]
    public void ThingMethods(string fixture)
    {
        var (h, _, _) = Setup(fixture);
        var thing1 = h.CallValue($"{I}#[constructor]thing", WitValue.U32(42));
        // 42 + 1 (constructor) + 1 (constructor) + 2 (foo) + 2 (foo)
        WitAssert.Equal(WitValue.U32(48), h.Call($"{I}#[method]thing.foo", W.Lend(thing1)));
        // 33 + 3 (bar) + 3 (bar) + 2 (foo) + 2 (foo)
        Assert.Null(h.Call($"{I}#[method]thing.bar", W.Lend(thing1), WitValue.U32(33)));
        WitAssert.Equal(WitValue.U32(43), h.Call($"{I}#[method]thing.foo", W.Lend(thing1)));

        var thing2 = h.CallValue($"{I}#[constructor]thing", WitValue.U32(81));
        var thing3 = h.CallValue($"{I}#[static]thing.baz", thing1, thing2);
        WitAssert.Equal(WitValue.U32(33 + 3 + 3 + 81 + 1 + 1 + 2 + 2 + 4 + 1 + 2 + 4 + 1 + 1 + 2 + 2),
            h.Call($"{I}#[method]thing.foo", W.Lend(thing3)));
    }

    [Theory]
    [InlineData("resource_import_and_export")]
    [InlineData("resource-import-and-export")]
    public void ToplevelExportGoesThroughToplevelImport(string fixture)
    {
        // The top-level functions use the imported (host) thing.
        var (h, thing, log) = Setup(fixture);
        var mine = thing.New(5);
        var back = h.CallValue("toplevel-export", mine);
        WitAssert.Equal(ValueKind.Own, back.Kind);
        Assert.Same(thing.Type, back.AsHandle().Type);
        WitAssert.Equal(mine.AsHandle().Rep, back.AsHandle().Rep);
        Assert.Equal(new[] { "toplevel-import" }, log);
    }
}
