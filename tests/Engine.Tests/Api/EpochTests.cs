using System.Diagnostics;
using Xunit.Abstractions;

namespace Wasm.Tests.Api;

public class EpochTests(ITestOutputHelper output)
{
    private const string Wat = """
        (module
          (func (export "forever") (loop (br 0)))
          (func $f (export "recurse") (call $f))
          (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1))))
        """;

    private static (Engine Engine, Store Store, Instance Instance) Create(bool epochs = true)
    {
        var engine = new Engine(new EngineConfig { EpochInterruption = epochs });
        var store = new Store(engine);
        var instance = new Linker(engine).Instantiate(store, Module.FromText(engine, Wat));
        return (engine, store, instance);
    }

    /// <summary>Runs <paramref name="guest"/> until another thread advances the epoch past the deadline; returns
    /// the time from that increment to the trap reaching the host.</summary>
    private static TimeSpan Interrupt(Engine engine, Store store, Action guest)
    {
        store.SetEpochDeadline(1);
        long incrementedAt = 0;
        var timer = new Thread(() =>
        {
            Thread.Sleep(50);
            Volatile.Write(ref incrementedAt, Stopwatch.GetTimestamp());
            engine.IncrementEpoch();
        });
        timer.Start();
        var e = Assert.Throws<TrapException>(guest);
        var trappedAt = Stopwatch.GetTimestamp();
        timer.Join();
        Assert.Equal(TrapCode.Interrupted, e.Code);
        Assert.Equal("interrupt", e.Message);
        return Stopwatch.GetElapsedTime(Volatile.Read(ref incrementedAt), trappedAt);
    }

    [Fact]
    public void InfiniteLoop_StopsWithin100msOfTheDeadline()
    {
        var (engine, store, instance) = Create();
        var forever = instance.GetFunction<Action>("forever");
        var latency = Interrupt(engine, store, forever);
        output.WriteLine($"interrupt latency: {latency.TotalMilliseconds:F3} ms");
        Assert.True(latency < TimeSpan.FromMilliseconds(100), $"trapped {latency.TotalMilliseconds} ms after the deadline");
    }

    [Fact]
    public void Recursion_IsInterruptedAtFunctionEntry()
    {
        var (engine, store, instance) = Create();
        // No loop anywhere: only the check on function entry can stop it (before the stack limit would).
        store.SetEpochDeadline(0);
        var e = Assert.Throws<TrapException>(() => instance.GetFunction<Action>("recurse")());
        Assert.Equal(TrapCode.Interrupted, e.Code);
    }

    [Fact]
    public void NewStore_DeadlineHasPassed()
    {
        var (_, _, instance) = Create();
        Assert.Equal(TrapCode.Interrupted, Assert.Throws<TrapException>(() => instance.GetFunction<Func<int, int, int>>("add")(1, 2)).Code);
    }

    [Fact]
    public void AfterAnInterrupt_ANewDeadlineLetsTheStoreRunAgain()
    {
        var (engine, store, instance) = Create();
        var forever = instance.GetFunction<Action>("forever");
        var add = instance.GetFunction<Func<int, int, int>>("add");
        Interrupt(engine, store, forever);
        Assert.Equal(TrapCode.Interrupted, Assert.Throws<TrapException>(() => add(1, 2)).Code);
        store.SetEpochDeadline(1);
        Assert.Equal(3, add(1, 2));
        Interrupt(engine, store, forever);
    }

    [Fact]
    public void Deadline_CountsTicksFromNow()
    {
        var (engine, store, instance) = Create();
        var add = instance.GetFunction<Func<int, int, int>>("add");
        for (var i = 0; i < 5; i++) engine.IncrementEpoch();
        store.SetEpochDeadline(3);
        engine.IncrementEpoch();
        engine.IncrementEpoch();
        Assert.Equal(3, add(1, 2));
        engine.IncrementEpoch();
        Assert.Equal(TrapCode.Interrupted, Assert.Throws<TrapException>(() => add(1, 2)).Code);
        store.SetEpochDeadline(ulong.MaxValue);
        Assert.Equal(3, add(1, 2));
    }

    [Fact]
    public void EpochsOff_IncrementDoesNothingAndTheDeadlineApiIsRejected()
    {
        var (engine, store, instance) = Create(epochs: false);
        engine.IncrementEpoch();
        Assert.Equal(3, instance.GetFunction<Func<int, int, int>>("add")(1, 2));
        Assert.Throws<InvalidOperationException>(() => store.SetEpochDeadline(1));
    }

    [Fact]
    public void FuelAndEpochs_Together()
    {
        var engine = new Engine(new EngineConfig { ConsumeFuel = true, EpochInterruption = true });
        var store = new Store(engine);
        var instance = new Linker(engine).Instantiate(store, Module.FromText(engine, Wat));
        store.SetEpochDeadline(1);
        store.SetFuel(1000);
        Assert.Equal(TrapCode.OutOfFuel, Assert.Throws<TrapException>(() => instance.GetFunction<Action>("forever")()).Code);
        store.SetFuel(ulong.MaxValue);
        Assert.True(Interrupt(engine, store, instance.GetFunction<Action>("forever")) < TimeSpan.FromMilliseconds(100));
    }
}
