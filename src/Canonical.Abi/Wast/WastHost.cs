using Wasm.Components.Types;
using Wasm.Components.Values;

namespace Wasm.Components.Wast;

/// <summary>
/// The host items component scripts import, with the behaviour Wasmtime's script runner gives them:
/// <c>host-return-two</c>, and the <c>host</c> instance with <c>return-three</c>, <c>nested.return-four</c>, the core
/// module <c>simple-module</c>, and the host resources <c>resource1</c> (also as <c>resource1-again</c>) and
/// <c>resource2</c> with their constructor, methods and statics.
/// </summary>
internal static class WastHost
{
    public static void Define(ComponentLinker linker)
    {
        linker.Root.DefineFunction("host-return-two", _ => WitValue.U32(2));
        var host = linker.Instance("host");
        host.DefineFunction("return-three", _ => WitValue.U32(3));
        host.Instance("nested").DefineFunction("return-four", _ => WitValue.U32(4));
        host.DefineModule("simple-module", Module.FromText(linker.Engine,
            "(module (global (export \"g\") i32 i32.const 100) (func (export \"f\") (result i32) i32.const 101))"));

        uint drops = 0, lastDrop = 0;
        var resource1 = new ResourceType("resource1") { HostDestructor = rep => { drops++; lastDrop = rep; } };
        var resource2 = new ResourceType("resource2");
        host.DefineResource("resource1", resource1);
        host.DefineResource("resource2", resource2);
        host.DefineResource("resource1-again", resource1);
        host.DefineFunction("[constructor]resource1", args => WitValue.Handle(new ResourceHandle(resource1, args[0].AsUInt32(), isOwn: true)));
        host.DefineFunction("[static]resource1.assert", args =>
        {
            Check(args[0].AsHandle().Rep == args[1].AsUInt32(), "resource1.assert: the representation differs");
            return null;
        });
        host.DefineFunction("[static]resource1.last-drop", _ => WitValue.U32(lastDrop));
        host.DefineFunction("[static]resource1.drops", _ => WitValue.U32(drops));
        host.DefineFunction("[method]resource1.simple", args =>
        {
            var h = args[0].AsHandle();
            Check(!h.IsOwn && h.Rep == args[1].AsUInt32(), "resource1.simple: expected a borrow of the given representation");
            return null;
        });
        host.DefineFunction("[method]resource1.take-borrow", args =>
        {
            Check(!args[0].AsHandle().IsOwn && !args[1].AsHandle().IsOwn, "resource1.take-borrow: expected two borrows");
            return null;
        });
        host.DefineFunction("[method]resource1.take-own", args =>
        {
            Check(!args[0].AsHandle().IsOwn && args[1].AsHandle().IsOwn, "resource1.take-own: expected a borrow and an own");
            return null;
        });
    }

    private static void Check(bool condition, string message)
    {
        if (!condition) throw new InvalidOperationException(message);
    }
}
