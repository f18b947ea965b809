using Wasm.Components.Values;

namespace Wasm.Components.Tests.Abi;

/// <summary>The host drops owned handles of guest resources that exports gave it.</summary>
public sealed class HostDropTests
{
    // `make` returns a new owned handle (rep 42); the destructor records the rep it got and counts calls.
    private const string Guest = """
        (component
          (core module $dtor
            (global $count (export "count") (mut i32) (i32.const 0))
            (global $last (export "last") (mut i32) (i32.const 0))
            (func (export "dtor") (param i32)
              (global.set $last (local.get 0))
              (global.set $count (i32.add (global.get $count) (i32.const 1)))))
          (core instance $d (instantiate $dtor))
          (type $R (resource (rep i32) (dtor (func $d "dtor"))))
          (core func $new (canon resource.new $R))
          (core module $m
            (import "" "new" (func $new (param i32) (result i32)))
            (import "d" "count" (global $count (mut i32)))
            (import "d" "last" (global $last (mut i32)))
            (func (export "make") (result i32) (call $new (i32.const 42)))
            (func (export "drops") (result i32) (global.get $count))
            (func (export "last") (result i32) (global.get $last)))
          (core instance $i (instantiate $m (with "" (instance (export "new" (func $new)))) (with "d" (instance $d))))
          (export $RE "r" (type $R))
          (func (export "make") (result (own $RE)) (canon lift (core func $i "make")))
          (func (export "drops") (result u32) (canon lift (core func $i "drops")))
          (func (export "last") (result u32) (canon lift (core func $i "last"))))
        """;

    [Fact]
    public void DroppingAnOwnedHandleRunsTheGuestDestructorOnce()
    {
        var engine = new Engine();
        var instance = new ComponentLinker(engine).Instantiate(new Store(engine), Component.FromText(engine, Guest));
        var handle = instance.GetFunc("make")!.Call()!.AsHandle();
        Assert.Same(instance.GetResource("r"), handle.Type);
        Assert.Equal(WitValue.U32(0), instance.GetFunc("drops")!.Call());

        handle.Drop();

        Assert.Equal(WitValue.U32(1), instance.GetFunc("drops")!.Call());
        Assert.Equal(WitValue.U32(42), instance.GetFunc("last")!.Call());
        Assert.Throws<InvalidOperationException>(handle.Drop);
        Assert.Equal(WitValue.U32(1), instance.GetFunc("drops")!.Call());
    }
}
