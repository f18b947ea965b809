namespace Wasm.Tests.Api;

public class FuelTests
{
    private const string Wat = """
        (module
          (global $i (export "i") (mut i32) (i32.const 0))
          ;; 5 instructions per iteration (global.get, i32.const, i32.add, global.set, br); loop and end are free
          (func (export "spin")
            (loop
              (global.set $i (i32.add (global.get $i) (i32.const 1)))
              (br 0)))
          ;; counts to n: 4 for each test, 5 for each increment, 1 for the result: 9n + 5 in all
          (func (export "count") (param $n i32) (result i32)
            (local $i i32)
            (block $done
              (loop $next
                (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (br $next)))
            (local.get $i))
          (func $fib (export "fib") (param i32) (result i32)
            (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
              (then (local.get 0))
              (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                             (call $fib (i32.sub (local.get 0) (i32.const 2))))))))
        """;

    private static (Store Store, Instance Instance) Create(bool fuel = true)
    {
        var engine = new Engine(new EngineConfig { ConsumeFuel = fuel });
        var store = new Store(engine);
        var instance = new Linker(engine).Instantiate(store, Module.FromText(engine, Wat));
        return (store, instance);
    }

    [Theory]
    [InlineData(100UL, 20)]
    [InlineData(104UL, 20)]
    [InlineData(105UL, 21)]
    [InlineData(4UL, 0)]
    public void InfiniteLoop_RunsExactlyAsManyIterationsAsTheFuelPays(ulong fuel, int iterations)
    {
        var (store, instance) = Create();
        store.SetFuel(fuel);
        var e = Assert.Throws<TrapException>(() => instance.GetFunction<Action>("spin")());
        Assert.Equal(TrapCode.OutOfFuel, e.Code);
        Assert.Equal("all fuel consumed by WebAssembly", e.Message);
        Assert.Equal(iterations, instance.GetGlobal("i")!.Value.I32);
        Assert.Equal(0UL, store.GetFuel());
    }

    [Fact]
    public void GetFuel_ReflectsTheInstructionsExecuted()
    {
        var (store, instance) = Create();
        var count = instance.GetFunction<Func<int, int>>("count");
        store.SetFuel(1000);
        Assert.Equal(10, count(10));
        Assert.Equal(1000UL - (9 * 10 + 5), store.GetFuel());
        Assert.Equal(0, count(0));
        Assert.Equal(1000UL - (9 * 10 + 5) - 5, store.GetFuel());
    }

    [Fact]
    public void ExactFuel_Suffices_OneLessTraps()
    {
        var (store, instance) = Create();
        var count = instance.GetFunction<Func<int, int>>("count");
        store.SetFuel(9 * 7 + 5);
        Assert.Equal(7, count(7));
        Assert.Equal(0UL, store.GetFuel());
        store.SetFuel(9 * 7 + 4);
        Assert.Equal(TrapCode.OutOfFuel, Assert.Throws<TrapException>(() => count(7)).Code);
    }

    [Fact]
    public void NewStore_HasNoFuel()
    {
        var (store, instance) = Create();
        Assert.Equal(0UL, store.GetFuel());
        Assert.Equal(TrapCode.OutOfFuel, Assert.Throws<TrapException>(() => instance.GetFunction<Func<int, int>>("count")(0)).Code);
    }

    [Fact]
    public void Refuelling_LetsTheSameStoreRunAgain()
    {
        var (store, instance) = Create();
        var spin = instance.GetFunction<Action>("spin");
        store.SetFuel(50);
        Assert.Throws<TrapException>(spin);
        Assert.Equal(10, instance.GetGlobal("i")!.Value.I32);

        store.SetFuel(50);
        Assert.Throws<TrapException>(spin);
        Assert.Equal(20, instance.GetGlobal("i")!.Value.I32);

        store.SetFuel(ulong.MaxValue);
        Assert.Equal(1000, instance.GetFunction<Func<int, int>>("count")(1000));
    }

    [Fact]
    public void Recursion_IsMetered()
    {
        var (store, instance) = Create();
        var fib = instance.GetFunction<Func<int, int>>("fib");
        store.SetFuel(1000);
        Assert.Equal(TrapCode.OutOfFuel, Assert.Throws<TrapException>(() => fib(30)).Code);
        store.SetFuel(ulong.MaxValue);
        Assert.Equal(832040, fib(30));
    }

    [Fact]
    public void FuelOff_RunsUnmeteredAndRejectsTheFuelApi()
    {
        var (store, instance) = Create(fuel: false);
        Assert.Equal(100_000, instance.GetFunction<Func<int, int>>("count")(100_000));
        Assert.Throws<InvalidOperationException>(() => store.SetFuel(10));
        Assert.Throws<InvalidOperationException>(() => store.GetFuel());
    }
}
