using System.Diagnostics;
using Xunit.Abstractions;

namespace Wasm.Tests.Api;

/// <summary>
/// A host that instantiates, calls and drops modules for hours must not grow: instances, memories and the code of
/// dropped modules (collectible assemblies) are all reclaimed by the garbage collector.
/// </summary>
[Collection(SoakCollection.Name)]
public sealed class SoakTests(ITestOutputHelper output)
{
    private const string Wat = """
        (module
          (memory 1)
          (global $k i32 (i32.const 0))
          (func $fib (param i32) (result i32)
            (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
              (then (local.get 0))
              (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                             (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
          (func (export "run") (param i32) (result i32)
            (i32.store (i32.const 100) (local.get 0))
            (drop (memory.grow (i32.const 1)))
            (i32.add (i32.add (call $fib (i32.const 15)) (i32.load (i32.const 100))) (global.get $k))))
        """;

    private static long SettledManagedBytes()
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    [Fact]
    public void InstantiateCallDrop_OnFourThreads_KeepsMemoryFlat()
    {
        var engine = new Engine();
        var module = Module.FromText(engine, Wat);
        const int threads = 4, cyclesPerThread = 2500;

        void Cycles(int count, int salt)
        {
            var workers = new Thread[threads];
            var errors = new System.Collections.Concurrent.ConcurrentBag<Exception>();
            for (var t = 0; t < threads; t++)
            {
                var id = t;
                workers[t] = new Thread(() =>
                {
                    try
                    {
                        for (var i = 0; i < count; i++)
                        {
                            // A fresh store and instance every time, dropped without disposal.
                            var instance = new Linker(engine).Instantiate(new Store(engine), module);
                            var n = salt + id * count + i;
                            Assert.Equal(610 + n, instance.GetFunction<Func<int, int>>("run")(n));
                        }
                    }
                    catch (Exception e) { errors.Add(e); }
                });
                workers[t].Start();
            }
            foreach (var w in workers) w.Join();
            Assert.Empty(errors);
        }

        // The first quarter reaches the allocators' working level; after it, three more quarters must not grow.
        var clock = Stopwatch.StartNew();
        Cycles(cyclesPerThread / 4, 0);
        var managed = new List<long> { SettledManagedBytes() };
        var workingSet = new List<long> { Environment.WorkingSet };
        var native = new List<long> { Memory.NativeBytesInUse };
        for (var quarter = 1; quarter < 4; quarter++)
        {
            Cycles(cyclesPerThread / 4, quarter * 100_000);
            managed.Add(SettledManagedBytes());
            workingSet.Add(Environment.WorkingSet);
            native.Add(Memory.NativeBytesInUse);
        }
        clock.Stop();
        output.WriteLine($"{threads} × {cyclesPerThread} instantiate-call-drop cycles in {clock.Elapsed.TotalSeconds:F2} s; after each " +
            $"2,500 cycles: managed heap after GC {string.Join(" → ", managed.Select(b => $"{b / 1024} KiB"))}; working set {string.Join(" → ", workingSet.Select(b => $"{b >> 20} MiB"))}; " +
            $"native bytes of live memories {string.Join(" → ", native.Select(b => $"{b / 1024} KiB"))}");
        // Each cycle allocates 128 KiB of native memory and a few KiB of managed objects: 7,500 cycles kept alive
        // would be over 900 MiB.
        Assert.InRange(managed[^1] - managed[0], long.MinValue, 2 * 1024 * 1024);
        // Linear memories are native: every one of them must have been freed (the managed heap alone would not show
        // a leak of them). The working set is reported, not asserted: it includes what the C allocator keeps cached
        // after frees, and in a test process also what other tests left there.
        Assert.InRange(native[^1] - native[0], long.MinValue, 1024 * 1024);
    }

    [Fact]
    public void MemoryPressure_IsReportedOnlyBeyondTheAllowance()
    {
        // Runs alone, so the process's other memories are only what earlier tests dropped (freed by settling).
        SettledManagedBytes();
        var before = Memory.NativeBytesInUse;
        Assert.Equal(Math.Max(0, before - Memory.UnreportedBytes), Memory.ReportedBytes);
        const long page = 65536;
        var below = Math.Max(0, (Memory.UnreportedBytes - before) / page - 16);
        var memories = new List<Memory>();
        try
        {
            // Up to the allowance: a guest growing its memory by megabytes tells the collector nothing, so no full
            // collection interrupts it.
            var grown = new Memory(new MemoryType(new Limits(1, null)));
            memories.Add(grown);
            var reportedBefore = Memory.ReportedBytes;
            Assert.NotEqual(-1, grown.Grow((ulong)below));
            Assert.Equal(reportedBefore, Memory.ReportedBytes);
            // Beyond it, every byte is reported, and what is freed is taken back.
            memories.Add(new Memory(new MemoryType(new Limits(1024, null))));
            Assert.Equal(Memory.NativeBytesInUse - Memory.UnreportedBytes, Memory.ReportedBytes);
            Assert.InRange(Memory.ReportedBytes, 1024 * page - 32 * page, 1024 * page);
            Assert.NotEqual(-1, grown.Grow(1));
            Assert.Equal(Memory.NativeBytesInUse - Memory.UnreportedBytes, Memory.ReportedBytes);
        }
        finally
        {
            foreach (var memory in memories) memory.Dispose();
        }
        Assert.Equal(before, Memory.NativeBytesInUse);
        Assert.Equal(Math.Max(0, before - Memory.UnreportedBytes), Memory.ReportedBytes);
    }

    [Fact]
    public void ThousandModulesCompiledAndDropped_LeaveNoGrowthAfterGC()
    {
        var engine = new Engine();
        // Distinct modules (the constant differs), so each one is compiled into its own collectible assembly.
        static string Source(int i) => Wat.Replace("(global $k i32 (i32.const 0))", $"(global $k i32 (i32.const {i}))", StringComparison.Ordinal);
        void CompileAndDrop(int from, int count, List<WeakReference>? weak)
        {
            for (var i = from; i < from + count; i++)
            {
                var module = Module.FromText(engine, Source(i));
                var instance = new Linker(engine).Instantiate(new Store(engine), module);
                Assert.Equal(610 + 2 * i, instance.GetFunction<Func<int, int>>("run")(i));
                weak?.Add(new WeakReference(module));
            }
        }

        CompileAndDrop(0, 50, null);
        var managedBefore = SettledManagedBytes();
        var assembliesBefore = AppDomain.CurrentDomain.GetAssemblies().Length;
        var weak = new List<WeakReference>();
        var clock = Stopwatch.StartNew();
        CompileAndDrop(50, 1000, weak);
        clock.Stop();
        var assembliesLoaded = AppDomain.CurrentDomain.GetAssemblies().Length;
        var managedAfter = SettledManagedBytes();
        // Collectible assemblies are unloaded over a few collections after their last use.
        for (var i = 0; i < 10 && AppDomain.CurrentDomain.GetAssemblies().Length > assembliesBefore + 50; i++)
        {
            Thread.Sleep(50);
            managedAfter = SettledManagedBytes();
        }
        var assembliesAfter = AppDomain.CurrentDomain.GetAssemblies().Length;
        var alive = weak.Count(w => w.IsAlive);
        output.WriteLine($"1,000 modules compiled, run and dropped in {clock.Elapsed.TotalSeconds:F2} s; managed heap after GC " +
            $"{managedBefore / 1024} KiB → {managedAfter / 1024} KiB; loaded assemblies {assembliesBefore} → {assembliesLoaded} (peak) → {assembliesAfter}; modules still alive: {alive}");
        Assert.Equal(0, alive);
        Assert.InRange(assembliesAfter, 0, assembliesBefore + 50);
        Assert.InRange(managedAfter - managedBefore, long.MinValue, 4 * 1024 * 1024);
    }
}

/// <summary>
/// The soak tests measure the process's working set, so they run alone: after the parallel test classes, never
/// beside one that is compiling or instantiating modules of its own.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SoakCollection
{
    public const string Name = "soak (runs alone)";
}
