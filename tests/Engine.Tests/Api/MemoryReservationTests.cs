namespace Wasm.Tests.Api;

/// <summary>Linear memories reserve address space and commit pages as they grow (64-bit Linux and Windows).</summary>
public class MemoryReservationTests
{
    private static bool Reserves => Environment.Is64BitProcess && (OperatingSystem.IsLinux() || OperatingSystem.IsWindows());

    [Fact]
    public void UnsharedMemory_GrowsInPlaceWithinItsReservation()
    {
        Assert.True(Reserves, "this platform is expected to reserve address space");
        using var memory = new Memory(new MemoryType(new Limits(1, null)));
        var first = memory.GetSpan(0, 16);
        first[3] = 77;
        for (var i = 0; i < 100; i++) Assert.Equal(1 + i, memory.Grow(1));
        // A span taken before growing still addresses the live memory: the base did not move.
        memory.Span[4] = 78;
        Assert.Equal(78, (int)first[4]);
        Assert.Equal(77, (int)memory.Span[3]);
        // New pages read as zero.
        Assert.All(memory.GetSpan(65536, 100 * 65536).ToArray(), b => Assert.Equal(0, b));
    }

    [Fact]
    public void Memory_OutgrowingItsReservation_MovesAndKeepsItsContents()
    {
        var engine = new Engine(new EngineConfig { MemoryReservation = 2 * Memory.PageSize });
        var instance = new Linker(engine).Instantiate(new Store(engine), Module.FromText(engine, """
            (module (memory (export "mem") 1)
              (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
              (func (export "fill") (param $pages i32)
                (memory.fill (i32.const 0) (i32.const 0x5A) (i32.mul (local.get $pages) (i32.const 65536))))
              (func (export "sum") (param $at i32) (result i32) (i32.load8_u (local.get $at))))
            """));
        var grow = instance.GetFunction<Func<int, int>>("grow");
        var sum = instance.GetFunction<Func<int, int>>("sum");
        instance.GetFunction<Action<int>>("fill")(1);
        Assert.Equal(1, grow(1)); // fits the two reserved pages
        Assert.Equal(2, grow(5)); // beyond: a larger reservation, contents copied
        Assert.Equal(0x5A, sum(65535));
        Assert.Equal(0, sum(65536));
        Assert.Equal(0, sum(7 * 65536 - 1));
        Assert.Equal(7UL, instance.GetMemory("mem")!.Pages);
    }

    [Fact]
    public void SharedMemory_CannotGrowBeyondItsReservation()
    {
        // The base of a shared memory never moves, so it grows only inside the address space it reserved.
        var engine = new Engine(new EngineConfig { MemoryReservation = 2 * Memory.PageSize });
        var instance = new Linker(engine).Instantiate(new Store(engine), Module.FromText(engine, """
            (module (memory (export "mem") 1 10 shared)
              (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))
            """));
        var grow = instance.GetFunction<Func<int, int>>("grow");
        Assert.Equal(1, grow(1));
        Assert.Equal(-1, grow(1));
        Assert.Equal(2UL, instance.GetMemory("mem")!.Pages);
    }

    [Fact]
    public void StoreLimits_StillDecideGrowth()
    {
        var engine = new Engine();
        var store = new Store(engine) { Limiter = new StoreLimitsBuilder().MemorySize(3 * Memory.PageSize).Build() };
        var instance = new Linker(engine).Instantiate(store, Module.FromText(engine, """
            (module (memory 1 100)
              (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))
            """));
        var grow = instance.GetFunction<Func<int, int>>("grow");
        Assert.Equal(1, grow(2));
        Assert.Equal(-1, grow(1));
    }
}
