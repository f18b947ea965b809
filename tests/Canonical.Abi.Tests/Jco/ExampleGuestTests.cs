using Wasm.Components.Tests.Support;
using Wasm.Components.Types;
using Wasm.Components.Values;

namespace Wasm.Components.Tests.Jco;

/// <summary>example_guest_export.wasm and example_guest_import.wasm, after jco's runtime/example_guest_*.ts.</summary>
public sealed class ExampleGuestTests
{
    [Fact]
    public void GuestExport()
    {
        var h = JcoHarness.For("example_guest_export.wasm");
        const string I = "example:component/backend@0.1.0";
        WitAssert.Equal(WitValue.U32(5), h.Call($"{I}#[static]scalars.get-a"));
        var scalar = h.CallValue($"{I}#[constructor]scalars");
        WitAssert.Equal(WitValue.U32(2), h.Call($"{I}#[method]scalars.get-b", W.Lend(scalar)));
        WitAssert.Equal(WitValue.U32(7), h.Call($"{I}#scalar-arg", W.Lend(scalar)));
    }

    [Fact]
    public void GuestImport()
    {
        var h = JcoHarness.For("example_guest_import.wasm");
        // Host Scalars: the rep is the instance number, get-b returns it; fetch records its argument and makes a new one.
        var scalars = new ResourceType("scalars") { HostDestructor = _ => { } };
        uint next = 0;
        var received = new List<uint>();
        h.Linker.Instance("example2:component/backend@0.1.0")
            .DefineResource("scalars", scalars)
            .DefineFunction("[method]scalars.get-b", a => WitValue.U32(W.Rep(a[0])))
            .DefineFunction("fetch", a =>
            {
                received.Add(W.Rep(a[0]));
                return W.Own(scalars, next++);
            });

        var x = W.Own(scalars, next++);
        var y = W.Own(scalars, next++);
        const string F = "example2:component/front@0.1.0#handle";
        WitAssert.Equal(WitValue.U32(2), h.Call(F, x));
        WitAssert.Equal(WitValue.U32(4), h.Call(F, y));
        Assert.Equal(new uint[] { 0, 1 }, received);
        // jco hands the received (borrowed) objects back in as owned ones; the host can do that with new handles.
        WitAssert.Equal(WitValue.U32(4), h.Call(F, W.Own(scalars, received[0])));
        WitAssert.Equal(WitValue.U32(6), h.Call(F, W.Own(scalars, received[1])));
    }
}
