using Wasm.Components.Values;

namespace Wasm.Components.Tests.Runtime;

/// <summary>
/// A component's core instances run on the store it is instantiated in, so the store's fuel, epoch deadline,
/// resource limits and stack limit bound the whole component, host-to-guest calls and adapters included.
/// </summary>
public sealed class GuestLimitsTests
{
    // spin: loops forever; grow: memory.grow by its argument (pages), returning the old size or -1;
    // recurse: unbounded recursion inside the guest; again: calls the host import "again" with n + 1.
    private const string Guest = """
        (component
          (import "again" (func $again (param "n" u32) (result u32)))
          (core module $m
            (import "" "again" (func $again (param i32) (result i32)))
            (memory (export "mem") 1)
            (func (export "spin") (result i32) (loop $l (br $l)) (i32.const 0))
            (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
            (func $recurse (export "recurse") (param i32) (result i32)
              (i32.add (call $recurse (i32.add (local.get 0) (i32.const 1))) (i32.const 1)))
            (func (export "again") (param i32) (result i32)
              (i32.add (call $again (i32.add (local.get 0) (i32.const 1))) (i32.const 1))))
          (core func $again (canon lower (func $again)))
          (core instance $i (instantiate $m (with "" (instance (export "again" (func $again))))))
          (func (export "spin") (result u32) (canon lift (core func $i "spin")))
          (func (export "grow") (param "pages" u32) (result s32) (canon lift (core func $i "grow")))
          (func (export "recurse") (param "n" u32) (result u32) (canon lift (core func $i "recurse")))
          (func (export "again") (param "n" u32) (result u32) (canon lift (core func $i "again"))))
        """;

    private static ComponentInstance Instantiate(Component component, Store store, Func<uint, uint>? again = null)
    {
        var linker = new ComponentLinker(component.Engine);
        linker.Root.DefineFunction("again", args => WitValue.U32(again?.Invoke(args[0].AsUInt32()) ?? 0));
        return linker.Instantiate(store, component);
    }

    [Fact]
    public void Fuel_StopsAComponentGuestThatLoopsForever()
    {
        var engine = new Engine(new EngineConfig { ConsumeFuel = true });
        var component = Component.FromText(engine, Guest);
        var store = new Store(engine);
        store.SetFuel(1_000_000);
        var instance = Instantiate(component, store);
        var e = Assert.Throws<TrapException>(() => instance.GetFunc("spin")!.Call());
        Assert.Equal(TrapCode.OutOfFuel, e.Code);
        Assert.Equal(0ul, store.GetFuel());

        // Refuelled, the same store runs another instance of the component.
        store.SetFuel(1_000_000);
        var fresh = Instantiate(component, store);
        Assert.Equal(WitValue.S32(1), fresh.GetFunc("grow")!.Call(WitValue.U32(0)));
        Assert.InRange(store.GetFuel(), 1ul, 999_999ul);
    }

    [Fact]
    public void Epoch_InterruptsAComponentGuestThatLoopsForever()
    {
        var engine = new Engine(new EngineConfig { EpochInterruption = true });
        var component = Component.FromText(engine, Guest);
        var store = new Store(engine);
        store.SetEpochDeadline(1);
        var instance = Instantiate(component, store);
        using var timer = new Timer(_ => engine.IncrementEpoch(), null, 100, Timeout.Infinite);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var e = Assert.Throws<TrapException>(() => instance.GetFunc("spin")!.Call());
        Assert.Equal(TrapCode.Interrupted, e.Code);
        Assert.Equal("interrupt", e.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"interrupted after {clock.Elapsed}");
    }

    [Fact]
    public void StoreLimits_BoundAComponentGuestsMemory()
    {
        var engine = new Engine();
        var component = Component.FromText(engine, Guest);
        var store = new Store(engine) { Limiter = new StoreLimitsBuilder().MemorySize(4 * Memory.PageSize).Build() };
        var grow = Instantiate(component, store).GetFunc("grow")!;
        Assert.Equal(WitValue.S32(1), grow.Call(WitValue.U32(2)));    // 1 → 3 pages: allowed
        Assert.Equal(WitValue.S32(-1), grow.Call(WitValue.U32(2)));   // 3 → 5 pages: refused
        Assert.Equal(WitValue.S32(3), grow.Call(WitValue.U32(1)));    // 3 → 4 pages: allowed

        // The limit applies to the memory the component's instantiation creates, too.
        var tight = new Store(engine) { Limiter = new StoreLimitsBuilder().MemorySize(Memory.PageSize / 2).Build() };
        Assert.Throws<ResourceLimitException>(() => Instantiate(component, tight));
        var oneInstance = new Store(engine) { Limiter = new StoreLimitsBuilder().Instances(0).Build() };
        Assert.Throws<ResourceLimitException>(() => Instantiate(component, oneInstance));
    }

    [Fact]
    public void RecursionInsideAComponentGuest_TrapsCallStackExhausted()
    {
        var engine = new Engine();
        var instance = Instantiate(Component.FromText(engine, Guest), new Store(engine));
        var e = Assert.Throws<TrapException>(() => instance.GetFunc("recurse")!.Call(WitValue.U32(0)));
        Assert.Equal(TrapCode.StackOverflow, e.Code);
    }

    /// <summary>
    /// guest → lowered import (adapter) → host → lifted export of a new instance (adapter) → guest → … until the
    /// stack budget of the outermost call is spent. Each level is a fresh instance, since a component instance
    /// may not be re-entered.
    /// </summary>
    private static int RecurseThroughAdapters(int maxWasmStack)
    {
        var engine = new Engine(new EngineConfig { MaxWasmStack = maxWasmStack });
        var component = Component.FromText(engine, Guest);
        var store = new Store(engine);
        var deepest = 0u;
        uint Again(uint n)
        {
            deepest = Math.Max(deepest, n);
            return Instantiate(component, store, Again).GetFunc("again")!.Call(WitValue.U32(n))!.AsUInt32();
        }
        var e = Assert.Throws<TrapException>(() => Instantiate(component, store, Again).GetFunc("again")!.Call(WitValue.U32(0)));
        Assert.Equal(TrapCode.StackOverflow, e.Code);
        return (int)deepest;
    }

    [Fact]
    public void RecursionThroughHostAndAdapters_TrapsWithinMaxWasmStack()
    {
        int full = 0, quarter = 0;
        var thread = new Thread(() =>
        {
            full = RecurseThroughAdapters(1024 * 1024);
            quarter = RecurseThroughAdapters(256 * 1024);
        }, 16 * 1024 * 1024);
        thread.Start();
        thread.Join();
        Assert.True(full > 10, $"full budget: depth {full}");
        Assert.InRange(quarter, full / 8, full / 2);
    }

    [Fact]
    public void RecursionThroughHostAndAdapters_TrapsOnASmallStackThread()
    {
        Exception? failure = null;
        var depth = 0;
        var thread = new Thread(() =>
        {
            try { depth = RecurseThroughAdapters(1024 * 1024); }
            catch (Exception e) { failure = e; }
        }, 256 * 1024);
        thread.Start();
        thread.Join();
        Assert.Null(failure);
        Assert.True(depth > 0);
    }
}
