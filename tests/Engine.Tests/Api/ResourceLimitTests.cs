namespace Wasm.Tests.Api;

public class ResourceLimitTests
{
    private const string GrowWat = """
        (module
          (memory (export "mem") 1)
          (table (export "tab") 1 funcref)
          (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
          (func (export "grow_table") (param i32) (result i32) (table.grow (ref.null func) (local.get 0)))
          (func (export "size") (result i32) (memory.size)))
        """;

    private sealed class RecordingLimiter(ulong allowBytes, uint allowElements) : IResourceLimiter
    {
        public List<(ulong Current, ulong Desired, ulong? Maximum)> MemoryRequests { get; } = [];
        public List<(uint Current, uint Desired, uint? Maximum)> TableRequests { get; } = [];

        public bool MemoryGrowing(Memory memory, ulong currentBytes, ulong desiredBytes, ulong? maximumBytes)
        {
            MemoryRequests.Add((currentBytes, desiredBytes, maximumBytes));
            return desiredBytes <= allowBytes;
        }

        public bool TableGrowing(Table table, uint currentElements, uint desiredElements, uint? maximumElements)
        {
            TableRequests.Add((currentElements, desiredElements, maximumElements));
            return desiredElements <= allowElements;
        }
    }

    private static (Store Store, Instance Instance) Create(IResourceLimiter? limiter, string wat = GrowWat)
    {
        var engine = new Engine();
        var store = new Store(engine) { Limiter = limiter };
        return (store, new Linker(engine).Instantiate(store, Module.FromText(engine, wat)));
    }

    [Fact]
    public void LimiterRefusingMemoryGrowMakesItReturnMinusOneAndTheGuestContinues()
    {
        var limiter = new RecordingLimiter(allowBytes: 2 * Memory.PageSize, allowElements: 10);
        var (_, instance) = Create(limiter);
        var grow = instance.GetFunction<Func<int, int>>("grow");
        Assert.Equal(1, grow(1));
        Assert.Equal(-1, grow(1));
        Assert.Equal(-1, grow(100));
        Assert.Equal(2, instance.GetFunction<Func<int>>("size")());
        Assert.Equal(2UL, instance.GetMemory("mem")!.Pages);
        // Creation (0 → 1 page), then the three requests; growing by 0 is not asked.
        Assert.Equal(2, grow(0));
        Assert.Equal(
            [(0UL, 65536UL, (ulong?)null), (65536UL, 131072UL, null), (131072UL, 196608UL, null), (131072UL, 131072UL + 100 * 65536UL, null)],
            limiter.MemoryRequests);
        // The host's own Grow is limited too.
        Assert.Equal(-1, instance.GetMemory("mem")!.Grow(1));
    }

    [Fact]
    public void LimiterRefusingTableGrowMakesItReturnMinusOne()
    {
        var limiter = new RecordingLimiter(allowBytes: ulong.MaxValue, allowElements: 3);
        var (_, instance) = Create(limiter);
        var grow = instance.GetFunction<Func<int, int>>("grow_table");
        Assert.Equal(1, grow(2));
        Assert.Equal(-1, grow(1));
        Assert.Equal(3U, instance.GetTable("tab")!.Size);
        Assert.Equal([(0U, 1U, (uint?)null), (1U, 3U, null), (3U, 4U, null)], limiter.TableRequests);
    }

    [Fact]
    public void StaticMemoryLimitRefusesGrowthBeyondIt()
    {
        var (_, instance) = Create(new StoreLimitsBuilder().MemorySize(4 * Memory.PageSize).Build());
        var grow = instance.GetFunction<Func<int, int>>("grow");
        Assert.Equal(-1, grow(4));
        Assert.Equal(1, grow(3));
        Assert.Equal(-1, grow(1));
        Assert.Equal(4UL, instance.GetMemory("mem")!.Pages);
    }

    [Fact]
    public void StaticTableLimitRefusesGrowthBeyondIt()
    {
        var (_, instance) = Create(new StoreLimitsBuilder().TableElements(5).Build());
        var grow = instance.GetFunction<Func<int, int>>("grow_table");
        Assert.Equal(-1, grow(5));
        Assert.Equal(1, grow(4));
        Assert.Equal(-1, grow(1));
    }

    [Fact]
    public void InstanceCountLimit()
    {
        var engine = new Engine();
        var store = new Store(engine) { Limiter = new StoreLimitsBuilder().Instances(2).Build() };
        var module = Module.FromText(engine, "(module)");
        var linker = new Linker(engine);
        linker.Instantiate(store, module);
        linker.Instantiate(store, module);
        var e = Assert.Throws<ResourceLimitException>(() => linker.Instantiate(store, module));
        Assert.Contains("instance count limit of 2", e.Message);
        // Other stores are unaffected.
        linker.Instantiate(new Store(engine) { Limiter = new StoreLimitsBuilder().Instances(2).Build() }, module);
    }

    [Fact]
    public void MemoryAndTableCountLimits()
    {
        var engine = new Engine();
        var store = new Store(engine) { Limiter = new StoreLimitsBuilder().Memories(1).Tables(2).Build() };
        var linker = new Linker(engine);
        linker.Instantiate(store, Module.FromText(engine, "(module (memory 0) (table 0 funcref))"));
        var e = Assert.Throws<ResourceLimitException>(() => linker.Instantiate(store, Module.FromText(engine, "(module (memory 0))")));
        Assert.Contains("memory count limit of 1", e.Message);
        linker.Instantiate(store, Module.FromText(engine, "(module (table 0 funcref))"));
        e = Assert.Throws<ResourceLimitException>(() => linker.Instantiate(store, Module.FromText(engine, "(module (table 0 funcref))")));
        Assert.Contains("table count limit of 2", e.Message);
    }

    [Fact]
    public void InitialMemoryAboveTheLimitFailsToInstantiate()
    {
        var engine = new Engine();
        var store = new Store(engine) { Limiter = new StoreLimitsBuilder().MemorySize(1 << 20).Build() };
        var linker = new Linker(engine);
        var e = Assert.Throws<ResourceLimitException>(() => linker.Instantiate(store, Module.FromText(engine, "(module (memory 17))")));
        Assert.Contains("memory of 1114112 bytes", e.Message);
        Assert.Equal(16UL, linker.Instantiate(store, Module.FromText(engine, "(module (memory (export \"m\") 16))")).GetMemory("m")!.Pages);
    }

    [Fact]
    public void InitialTableAboveTheLimitFailsToInstantiate()
    {
        var engine = new Engine();
        var store = new Store(engine) { Limiter = new StoreLimitsBuilder().TableElements(10).Build() };
        Assert.Throws<ResourceLimitException>(() =>
            new Linker(engine).Instantiate(store, Module.FromText(engine, "(module (table 11 funcref))")));
    }

    [Fact]
    public void HostMemoriesAndStoresWithoutLimiterAreUnlimited()
    {
        var (_, instance) = Create(null);
        Assert.Equal(1, instance.GetFunction<Func<int, int>>("grow")(100));
        var host = new Memory(new MemoryType(new Limits(1, null)));
        Assert.Equal(1, host.Grow(10));
    }

    [Fact]
    public void LimiterExceptionPropagatesToTheCaller()
    {
        var (_, instance) = Create(new ThrowingLimiter());
        Assert.Throws<InvalidOperationException>(() => instance.GetFunction<Func<int, int>>("grow")(1));
    }

    private sealed class ThrowingLimiter : IResourceLimiter
    {
        public bool MemoryGrowing(Memory memory, ulong currentBytes, ulong desiredBytes, ulong? maximumBytes) =>
            currentBytes == 0 ? true : throw new InvalidOperationException("no");
        public bool TableGrowing(Table table, uint currentElements, uint desiredElements, uint? maximumElements) => true;
    }
}
