using System.Diagnostics;

namespace Wasm.Tests.Api;

/// <summary>
/// The threads proposal on real threads: one shared memory, imported by an instance in each thread's own store
/// (stores are single-threaded; the memory is what they share).
/// </summary>
public class SharedMemoryTests
{
    private const string Counters = """
        (module
          (import "env" "mem" (memory 1 2 shared))
          (func (export "count") (param $n i32)
            (loop $again
              (drop (i32.atomic.rmw.add (i32.const 0) (i32.const 1)))
              (drop (i64.atomic.rmw.add (i32.const 8) (i64.const 3)))
              ;; two narrow counters in one 32-bit word: each update must leave the other intact
              (drop (i32.atomic.rmw8.add_u (i32.const 16) (i32.const 1)))
              (drop (i32.atomic.rmw16.add_u (i32.const 18) (i32.const 1)))
              (br_if $again (local.tee $n (i32.sub (local.get $n) (i32.const 1))))))
          (func (export "cas_increment") (param $n i32)
            (local $old i32)
            (loop $again
              (loop $retry
                (local.set $old (i32.atomic.load (i32.const 24)))
                (br_if $retry (i32.ne (local.get $old)
                  (i32.atomic.rmw.cmpxchg (i32.const 24) (local.get $old) (i32.add (local.get $old) (i32.const 1))))))
              (br_if $again (local.tee $n (i32.sub (local.get $n) (i32.const 1))))))
          (func (export "i32") (param i32) (result i32) (i32.atomic.load (local.get 0)))
          (func (export "i64") (param i32) (result i64) (i64.atomic.load (local.get 0))))
        """;

    private const string Waiting = """
        (module
          (import "env" "mem" (memory 1 2 shared))
          (func (export "wait32") (param $addr i32) (param $expected i32) (param $timeout i64) (result i32)
            (memory.atomic.wait32 (local.get $addr) (local.get $expected) (local.get $timeout)))
          (func (export "wait64") (param $addr i32) (param $expected i64) (param $timeout i64) (result i32)
            (memory.atomic.wait64 (local.get $addr) (local.get $expected) (local.get $timeout)))
          (func (export "notify") (param $addr i32) (param $count i32) (result i32)
            (memory.atomic.notify (local.get $addr) (local.get $count)))
          (func (export "store") (param $addr i32) (param $value i32) (i32.atomic.store (local.get $addr) (local.get $value))))
        """;

    private static Memory NewShared(ulong min = 1, ulong max = 2) => new(new MemoryType(new Limits(min, max), Shared: true));

    private static Instance Instantiate(Engine engine, Module module, Memory memory) =>
        new Linker(engine).Define("env", "mem", memory).Instantiate(new Store(engine), module);

    /// <summary>Runs <paramref name="body"/> on <paramref name="count"/> threads released together; rethrows the
    /// first failure.</summary>
    private static void OnThreads(int count, Action<int> body)
    {
        var barrier = new Barrier(count);
        var errors = new System.Collections.Concurrent.ConcurrentQueue<Exception>();
        var threads = Enumerable.Range(0, count).Select(i => new Thread(() =>
        {
            try
            {
                barrier.SignalAndWait();
                body(i);
            }
            catch (Exception e)
            {
                errors.Enqueue(e);
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        if (errors.TryDequeue(out var first)) throw new AggregateException(first);
    }

    [Fact]
    public void AtomicIncrements_FromTwoThreads_LoseNoUpdate()
    {
        var engine = new Engine();
        var module = Module.FromText(engine, Counters);
        using var memory = NewShared();
        const int perThread = 1_000_000;
        OnThreads(2, _ => Instantiate(engine, module, memory).GetFunction<Action<int>>("count")(perThread));
        var check = Instantiate(engine, module, memory);
        var i32 = check.GetFunction<Func<int, int>>("i32");
        Assert.Equal(2 * perThread, i32(0));
        Assert.Equal(3L * 2 * perThread, check.GetFunction<Func<int, long>>("i64")(8));
        // The narrow counters wrap at their width and never disturb each other.
        Assert.Equal(2 * perThread % 256, (int)memory.Span[16]);
        Assert.Equal(0, (int)memory.Span[17]);
        Assert.Equal(2 * perThread % 65536, (int)BitConverter.ToUInt16(memory.Span[18..20]));
    }

    [Fact]
    public void CompareExchangeLoops_FromTwoThreads_LoseNoUpdate()
    {
        var engine = new Engine();
        var module = Module.FromText(engine, Counters);
        using var memory = NewShared();
        OnThreads(2, _ => Instantiate(engine, module, memory).GetFunction<Action<int>>("cas_increment")(200_000));
        Assert.Equal(400_000, Instantiate(engine, module, memory).GetFunction<Func<int, int>>("i32")(24));
    }

    [Fact]
    public void Wait_BlocksUntilAnotherThreadNotifies()
    {
        var engine = new Engine();
        var module = Module.FromText(engine, Waiting);
        using var memory = NewShared();
        var results = new int[2];
        OnThreads(2, i =>
        {
            var instance = Instantiate(engine, module, memory);
            if (i == 0)
            {
                // Blocks with no timeout: only the notify below ends it.
                results[0] = instance.GetFunction<Func<int, int, long, int>>("wait32")(64, 0, -1);
                return;
            }
            var notify = instance.GetFunction<Func<int, int, int>>("notify");
            var deadline = Stopwatch.StartNew();
            // Notify returns how many it woke: 0 until the waiter is queued.
            while ((results[1] = notify(64, 1)) == 0)
            {
                if (deadline.Elapsed > TimeSpan.FromSeconds(30)) throw new TimeoutException("the waiter never blocked");
                Thread.Sleep(1);
            }
        });
        Assert.Equal(0, results[0]); // "ok": woken
        Assert.Equal(1, results[1]);
    }

    [Fact]
    public void Notify_WakesAtMostCountWaiters()
    {
        var engine = new Engine();
        var module = Module.FromText(engine, Waiting);
        using var memory = NewShared();
        var results = new int[3];
        var elsewhere = -1;
        OnThreads(4, i =>
        {
            var instance = Instantiate(engine, module, memory);
            if (i < 3)
            {
                // Three waiters on the same 64-bit cell; the one left over times out after 2 s.
                results[i] = instance.GetFunction<Func<int, long, long, int>>("wait64")(128, 0, 2_000_000_000);
                return;
            }
            var notify = instance.GetFunction<Func<int, int, int>>("notify");
            var woken = 0;
            var deadline = Stopwatch.StartNew();
            while (woken < 2)
            {
                if (deadline.Elapsed > TimeSpan.FromSeconds(30)) throw new TimeoutException("the waiters never blocked");
                var n = notify(128, 2 - woken);
                Assert.InRange(n, 0, 2 - woken);
                woken += n;
                Thread.Sleep(1);
            }
            elsewhere = notify(120, 5); // nobody waits on another address
        });
        Assert.Equal(0, elsewhere);
        Assert.Equal(2, results.Count(r => r == 0));
        Assert.Equal(1, results.Count(r => r == 2));
    }

    [Fact]
    public void Wait_ReturnsNotEqualAndTimedOut()
    {
        var engine = new Engine();
        var instance = Instantiate(engine, Module.FromText(engine, Waiting), NewShared());
        var wait32 = instance.GetFunction<Func<int, int, long, int>>("wait32");
        instance.GetFunction<Action<int, int>>("store")(0, 5);
        Assert.Equal(1, wait32(0, 4, -1)); // the value differs: no blocking at all
        var clock = Stopwatch.StartNew();
        Assert.Equal(2, wait32(0, 5, 50_000_000)); // 50 ms in nanoseconds
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(45), $"returned after {clock.Elapsed}");
        Assert.Equal(2, wait32(0, 5, 0));
        Assert.Equal(2, instance.GetFunction<Func<int, long, long, int>>("wait64")(0, 5, 1_000));
    }

    [Fact]
    public void Wait_WithoutTimeout_IsInterruptedByTheEpochDeadline()
    {
        var engine = new Engine(new EngineConfig { EpochInterruption = true });
        var store = new Store(engine);
        store.SetEpochDeadline(1);
        var instance = new Linker(engine).Define("env", "mem", NewShared()).Instantiate(store, Module.FromText(engine, Waiting));
        var wait32 = instance.GetFunction<Func<int, int, long, int>>("wait32");
        var ticker = new Thread(() =>
        {
            Thread.Sleep(100);
            engine.IncrementEpoch();
        });
        ticker.Start();
        var clock = Stopwatch.StartNew();
        var trap = Assert.Throws<TrapException>(() => wait32(0, 0, -1));
        ticker.Join();
        Assert.Equal(TrapCode.Interrupted, trap.Code);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(90), $"interrupted after {clock.Elapsed}");
        // The interrupted waiter left the queue: nobody is there to notify.
        store.SetEpochDeadline(10);
        Assert.Equal(0, instance.GetFunction<Func<int, int, int>>("notify")(0, 1));
    }

    [Fact]
    public void Wait_OnUnsharedMemory_Traps()
    {
        var instance = ApiHelpers.Instantiate("""
            (module (memory 1)
              (func (export "wait") (result i32) (memory.atomic.wait32 (i32.const 0) (i32.const 0) (i64.const -1)))
              (func (export "notify") (result i32) (memory.atomic.notify (i32.const 0) (i32.const 1))))
            """);
        var trap = Assert.Throws<TrapException>(() => instance.GetFunction<Func<int>>("wait")());
        Assert.Equal(TrapCode.ExpectedSharedMemory, trap.Code);
        Assert.Equal("expected shared memory", trap.Message);
        Assert.Equal(0, instance.GetFunction<Func<int>>("notify")());
    }

    [Fact]
    public void AtomicAccesses_TrapWhenUnalignedOrOutOfBounds_On64BitMemories()
    {
        var instance = ApiHelpers.Instantiate("""
            (module (memory i64 1 1 shared)
              (func (export "add") (param i64 i64) (result i64) (i64.atomic.rmw.add (local.get 0) (local.get 1)))
              (func (export "xchg16") (param i64 i32) (result i32) (i32.atomic.rmw16.xchg_u offset=2 (local.get 0) (local.get 1)))
              (func (export "cmpxchg8") (param i64 i64 i64) (result i64)
                (i64.atomic.rmw8.cmpxchg_u (local.get 0) (local.get 1) (local.get 2))))
            """);
        var add = instance.GetFunction<Func<long, long, long>>("add");
        var xchg16 = instance.GetFunction<Func<long, int, int>>("xchg16");
        var cmpxchg8 = instance.GetFunction<Func<long, long, long, long>>("cmpxchg8");
        Assert.Equal(0, add(65528, 7));
        Assert.Equal(7, add(65528, 1));
        Assert.Equal(TrapCode.UnalignedAtomic, Assert.Throws<TrapException>(() => add(4, 1)).Code);
        Assert.Equal(TrapCode.MemoryOutOfBounds, Assert.Throws<TrapException>(() => add(65536, 1)).Code);
        Assert.Equal(TrapCode.MemoryOutOfBounds, Assert.Throws<TrapException>(() => add(long.MinValue, 1)).Code);
        Assert.Equal(0, xchg16(0, 0x12345));
        Assert.Equal(0x2345, xchg16(0, 1)); // stored wrapped to 16 bits at 2
        Assert.Equal(TrapCode.UnalignedAtomic, Assert.Throws<TrapException>(() => xchg16(1, 0)).Code);
        // The expected value is wrapped to the access width too.
        Assert.Equal(0, cmpxchg8(100, 0x100, 0x1FF));
        Assert.Equal(0xFF, cmpxchg8(100, 0, 1));
        Assert.Equal(0xFF, cmpxchg8(100, 0xFF, 2));
        Assert.Equal(2, cmpxchg8(100, 0, 0));
    }

    [Theory]
    [InlineData("(i32.atomic.load align=2 (i32.const 0))", "atomic alignment must be natural")]
    [InlineData("(i32.atomic.load align=8 (i32.const 0))", "alignment must not be larger than natural")]
    [InlineData("(i64.atomic.rmw32.add_u align=4 (i32.const 0) (i64.const 0))", null)]
    [InlineData("(i64.atomic.rmw32.add_u align=8 (i32.const 0) (i64.const 0))", "alignment must not be larger than natural")]
    public void AtomicAlignmentImmediate_MustBeNatural(string expression, string? error)
    {
        var wat = $"(module (memory 1 1 shared) (func (drop {expression})))";
        if (error is null)
        {
            Module.FromText(new Engine(), wat);
            return;
        }
        var e = Assert.Throws<InvalidModuleException>(() => Module.FromText(new Engine(), wat));
        Assert.Contains(error, e.Message);
    }

    [Fact]
    public void SharedMemory_GrownByOneThread_IsSeenByCodeRunningInAnother()
    {
        var engine = new Engine();
        var module = Module.FromText(engine, """
            (module
              (import "env" "mem" (memory 1 4 shared))
              (func (export "grow_then_signal") (result i32)
                (memory.grow (i32.const 1))
                (i32.atomic.store (i32.const 0) (i32.const 1)))
              (func (export "await_then_write") (result i32)
                ;; this function started while the memory had one page
                (loop $spin (br_if $spin (i32.eqz (i32.atomic.load (i32.const 0)))))
                (i32.store (i32.const 65536) (i32.const 42))
                (i32.add (memory.size) (i32.load (i32.const 65536)))))
            """);
        using var memory = NewShared(1, 4);
        var results = new int[2];
        OnThreads(2, i =>
        {
            var instance = Instantiate(engine, module, memory);
            if (i == 0)
            {
                Thread.Sleep(50);
                results[0] = instance.GetFunction<Func<int>>("grow_then_signal")();
            }
            else results[1] = instance.GetFunction<Func<int>>("await_then_write")();
        });
        Assert.Equal(1, results[0]);
        Assert.Equal(2 + 42, results[1]);
    }

    [Fact]
    public void SharedMemory_KeepsItsBaseAndCannotOutgrowItsMaximum()
    {
        using var memory = NewShared(1, 3);
        var before = memory.GetSpan(0, 1);
        before[0] = 9;
        Assert.Equal(1, memory.Grow(2));
        Assert.Equal(-1, memory.Grow(1));
        // The old span still points at the live memory: nothing moved.
        Assert.Equal(9, (int)memory.Span[0]);
        memory.Span[0] = 10;
        Assert.Equal(10, (int)before[0]);
        Assert.Equal(3UL, memory.Pages);
    }

    [Fact]
    public void Fence_RunsAndItsReservedByteMustBeZero()
    {
        var wat = """(module (func (export "f") (result i32) (atomic.fence) (i32.const 7)))""";
        var binary = global::Wasm.Text.Wat.ToBinary(wat);
        var engine = new Engine();
        var instance = new Linker(engine).Instantiate(new Store(engine), Module.FromBytes(engine, binary));
        Assert.Equal(7, instance.GetFunction<Func<int>>("f")());
        var fence = binary.AsSpan().IndexOf(new byte[] { 0xFE, 0x03, 0x00 });
        Assert.True(fence > 0);
        binary[fence + 2] = 1;
        Assert.Throws<MalformedModuleException>(() => Module.FromBytes(engine, binary));
    }

    [Fact]
    public void SharedMemory_WithoutMaximum_IsRejected()
    {
        Assert.Throws<ArgumentException>(() => new Memory(new MemoryType(new Limits(1, null), Shared: true)));
        Assert.Throws<InvalidModuleException>(() => Module.FromText(new Engine(), "(module (memory 1 shared))"));
    }

    [Fact]
    public void Imports_MatchSharedness()
    {
        var engine = new Engine();
        var wantsShared = Module.FromText(engine, """(module (import "env" "mem" (memory 1 2 shared)))""");
        var wantsUnshared = Module.FromText(engine, """(module (import "env" "mem" (memory 1 2)))""");
        using var shared = NewShared();
        using var unshared = new Memory(new MemoryType(new Limits(1, 2)));
        Instantiate(engine, wantsShared, shared);
        Instantiate(engine, wantsUnshared, unshared);
        Assert.Throws<LinkException>(() => Instantiate(engine, wantsShared, unshared));
        Assert.Throws<LinkException>(() => Instantiate(engine, wantsUnshared, shared));
    }
}
