using Wasm.Components.Abi;
using Wasm.Components.Types;
using Wasm.Components.Values;

namespace Wasm.Components.Tests.Abi;

public class HandleTests
{
    private static TrapException Trap(Action a)
    {
        var e = Assert.Throws<TrapException>(a);
        Assert.Equal(TrapCode.CanonicalAbi, e.Code);
        return e;
    }

    [Fact]
    public void NewRepDrop_ReuseFreedIndices_AndNeverUseZero()
    {
        var tables = new HandleTables();
        var r = new ResourceType("r");
        var dropped = new List<uint>();
        r.HostDestructor = dropped.Add;
        Assert.Equal(1u, tables.ResourceNew(r, 100));
        Assert.Equal(2u, tables.ResourceNew(r, 200));
        Assert.Equal(3u, tables.ResourceNew(r, 300));
        Assert.Equal(200u, tables.ResourceRep(r, 2));
        tables.ResourceDrop(r, 2);
        tables.ResourceDrop(r, 1);
        Assert.Equal(new uint[] { 200, 100 }, dropped);
        Assert.Equal(1u, tables.ResourceNew(r, 400)); // last freed first
        Assert.Equal(2u, tables.ResourceNew(r, 500));
        Assert.Equal(3, tables.Count);
    }

    [Fact]
    public void UnknownAndWrongTypeHandles_Trap()
    {
        var tables = new HandleTables();
        var owner = new object();
        var r1 = new ResourceType("r1") { DefiningInstance = owner };
        var r2 = new ResourceType("r2") { DefiningInstance = owner };
        var h = new ResourceType("h");
        tables.ResourceNew(r1, 7);
        Assert.Equal("unknown handle index 0", Trap(() => tables.ResourceDrop(r1, 0)).Message);
        Assert.Equal("unknown handle index 5", Trap(() => tables.ResourceRep(r1, 5)).Message);
        Assert.Equal("unknown handle index 4294967295", Trap(() => tables.ResourceDrop(r1, uint.MaxValue)).Message);
        Assert.Equal("handle index 1 used with the wrong type, expected guest-defined resource but found a different guest-defined resource",
            Trap(() => tables.ResourceDrop(r2, 1)).Message);
        Assert.Contains("expected host resource but found guest-defined resource", Trap(() => tables.ResourceRep(h, 1)).Message);
        tables.ResourceDrop(r1, 1);
        Assert.Equal("unknown handle index 1", Trap(() => tables.ResourceDrop(r1, 1)).Message);
    }

    [Fact]
    public void CoreDestructor_RunsWithTheRep()
    {
        var engine = new Engine();
        int seen = -1;
        var dtor = Function.FromCallback(engine, new Wasm.FuncType([ValType.I32], []), (args, _) => seen = args[0].I32);
        var r = new ResourceType("r") { Destructor = dtor };
        var tables = new HandleTables();
        tables.ResourceDrop(r, tables.ResourceNew(r, 42));
        Assert.Equal(42, seen);
    }

    [Fact]
    public void BorrowLentToAHostImport_BlocksDropUntilTheCallEnds()
    {
        var g = new GuestMemory();
        var r = new ResourceType("r");
        uint handle = g.Handles.ResourceNew(r, 9);
        var ft = new ComponentFuncType([new("x", new HandleType(r, false))], WitType.U32);
        var results = new Value[1];
        CanonicalAbi.CallLowered(g.Options(), ft, [Value.FromI32((int)handle)], results, args =>
        {
            var b = args[0].AsHandle();
            Assert.False(b.IsOwn);
            Assert.Equal(9u, b.Rep);
            Assert.Equal("cannot remove owned resource while borrowed", Trap(() => g.Handles.ResourceDrop(r, handle)).Message);
            return WitValue.U32(b.Rep + 1);
        });
        Assert.Equal(10, results[0].I32);
        g.Handles.ResourceDrop(r, handle); // lend returned
        Assert.Equal(0, g.Handles.Count);
    }

    [Fact]
    public void OwnHandles_MoveBetweenHostAndGuest()
    {
        var g = new GuestMemory();
        var r = new ResourceType("r");
        var ft = new ComponentFuncType([new("x", new HandleType(r, true))], new HandleType(r, true));
        var host = new ResourceHandle(r, 77, isOwn: true);

        var cx = g.Context();
        var flat = CanonicalAbi.LowerParams(cx, ft, [WitValue.Handle(host)]);
        Assert.True(host.IsConsumed);
        Assert.Equal(1, g.Handles.Count);
        Assert.Throws<ArgumentException>(() => CanonicalAbi.LowerParams(g.Context(), ft, [WitValue.Handle(host)]));

        // the guest returns the same handle: lifting the result moves it out of the table
        var back = CanonicalAbi.LiftResults(cx, ft, flat)!.AsHandle();
        Assert.True(back.IsOwn);
        Assert.Equal(77u, back.Rep);
        Assert.Equal(0, g.Handles.Count);
        Assert.Equal($"unknown handle index {flat[0].I32}", Trap(() => CanonicalAbi.LiftResults(g.Context(), ft, flat)).Message);
        cx.ExitCall();
    }

    [Fact]
    public void BorrowsLoweredIntoAnExport_MustBeDroppedBeforeTheCallEnds()
    {
        var g = new GuestMemory();
        var r = new ResourceType("r");
        var ft = new ComponentFuncType([new("x", new HandleType(r, false))], null);
        var host = WitValue.Handle(new ResourceHandle(r, 5, isOwn: true));

        var cx = g.Context();
        var flat = CanonicalAbi.LowerParams(cx, ft, [host]);
        Assert.Equal(5u, g.Handles.ResourceRep(r, (uint)flat[0].I32));
        Assert.Equal("borrow handles still remain at the end of the call", Trap(cx.ExitCall).Message);

        cx = g.Context();
        flat = CanonicalAbi.LowerParams(cx, ft, [host]);
        g.Handles.ResourceDrop(r, (uint)flat[0].I32); // dropping a borrow runs no destructor
        cx.ExitCall();
    }

    [Fact]
    public void BorrowsOfTheInstancesOwnResources_PassTheRep()
    {
        var g = new GuestMemory();
        var r = new ResourceType("r") { DefiningInstance = g.Handles.Owner };
        var ft = new ComponentFuncType([new("x", new HandleType(r, false))], null);
        var cx = g.Context();
        var flat = CanonicalAbi.LowerParams(cx, ft, [WitValue.Handle(new ResourceHandle(r, 1234, isOwn: false))]);
        Assert.Equal(1234, flat[0].I32);
        Assert.Equal(0, g.Handles.Count);
        cx.ExitCall();
    }

    [Fact]
    public void HandleOfAnotherResourceType_IsAnArgumentError()
    {
        var g = new GuestMemory();
        var ft = new ComponentFuncType([new("x", new HandleType(new ResourceType("a"), true))], null);
        Assert.Throws<ArgumentException>(() => CanonicalAbi.LowerParams(g.Context(), ft, [WitValue.Handle(new ResourceHandle(new ResourceType("b"), 1, true))]));
    }
}
