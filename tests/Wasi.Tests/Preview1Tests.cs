using System.Buffers.Binary;
using System.Diagnostics;
using System.Text;
using Wasm.Wasi.Preview1;

namespace Wasm.Wasi.Tests;

/// <summary>Single syscalls against the witx layouts, through small text-format guests.</summary>
public sealed class Preview1Tests
{
    private static (Instance Instance, WasiContext Wasi, MemoryStream Stdout) Instantiate(string body, WasiConfig? config = null)
    {
        var wat = $$"""
            (module
              (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
              (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
              (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes_get (param i32 i32) (result i32)))
              (import "wasi_snapshot_preview1" "environ_get" (func $environ_get (param i32 i32) (result i32)))
              (import "wasi_snapshot_preview1" "clock_time_get" (func $clock_time_get (param i32 i64 i32) (result i32)))
              (import "wasi_snapshot_preview1" "poll_oneoff" (func $poll_oneoff (param i32 i32 i32 i32) (result i32)))
              (import "wasi_snapshot_preview1" "fd_fdstat_get" (func $fd_fdstat_get (param i32 i32) (result i32)))
              (import "wasi_snapshot_preview1" "fd_renumber" (func $fd_renumber (param i32 i32) (result i32)))
              (memory (export "memory") 1)
              {{body}})
            """;
        var engine = new Engine();
        var linker = new Linker(engine);
        var stdout = new MemoryStream();
        config ??= new WasiConfig();
        config.Stdout = stdout;
        var wasi = Wasi.AddToLinker(linker, config);
        var instance = linker.Instantiate(new Store(engine), Module.FromText(engine, wat));
        wasi.Bind(instance);
        return (instance, wasi, stdout);
    }

    [Fact]
    public void ProcExitUnwindsWithTheExitCode()
    {
        var (instance, wasi, _) = Instantiate("""(func (export "_start") (call $proc_exit (i32.const 7)) unreachable)""");
        Assert.Equal(7, wasi.RunCommand(instance));
    }

    [Fact]
    public void FdWriteGathersIovecsToStdout()
    {
        var (instance, wasi, stdout) = Instantiate("""
            (data (i32.const 100) "hello, world\n")
            (func (export "_start")
              ;; two iovecs at 0: "hello, " and "world\n"
              (i32.store (i32.const 0) (i32.const 100)) (i32.store (i32.const 4) (i32.const 7))
              (i32.store (i32.const 8) (i32.const 107)) (i32.store (i32.const 12) (i32.const 6))
              (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 2) (i32.const 16))))
            (func (export "written") (result i32) (i32.load (i32.const 16)))
            """);
        Assert.Equal(0, wasi.RunCommand(instance));
        Assert.Equal("hello, world\n", Encoding.UTF8.GetString(stdout.ToArray()));
        Assert.Equal(13, instance.GetFunction<Func<int>>("written")());
    }

    [Fact]
    public void ArgsAndEnvironAreNulTerminatedUtf8()
    {
        var (instance, _, _) = Instantiate("""
            (func (export "sizes") (result i32) (drop (call $args_sizes_get (i32.const 0) (i32.const 4))) (i32.load (i32.const 4)))
            (func (export "env") (result i32) (call $environ_get (i32.const 0) (i32.const 64)))
            """, new WasiConfig().WithArgs("prog", "ä").WithEnv("A", "b"));
        Assert.Equal(5 + 3, instance.GetFunction<Func<int>>("sizes")());
        Assert.Equal(0, instance.GetFunction<Func<int>>("env")());
        var memory = instance.GetMemory("memory")!;
        Assert.Equal(64, BinaryPrimitives.ReadInt32LittleEndian(memory.GetSpan(0, 4)));
        Assert.Equal("A=b\0"u8.ToArray(), memory.GetSpan(64, 4).ToArray());
    }

    [Fact]
    public void ClocksAreNanosecondsAndUnknownClocksAreEinval()
    {
        var (instance, _, _) = Instantiate("""
            (func (export "now") (param i32) (result i32) (call $clock_time_get (local.get 0) (i64.const 1) (i32.const 0)))
            (func (export "value") (result i64) (i64.load (i32.const 0)))
            """);
        var now = instance.GetFunction<Func<int, int>>("now");
        var value = instance.GetFunction<Func<long>>("value");
        Assert.Equal(0, now(0));
        var realtime = DateTimeOffset.FromUnixTimeMilliseconds(value() / 1_000_000);
        Assert.True(Math.Abs((realtime - DateTimeOffset.UtcNow).TotalSeconds) < 5);
        for (var id = 1; id <= 3; id++) Assert.Equal(0, now(id));
        Assert.Equal((int)Errno.Inval, now(4));
    }

    [Fact]
    public void PollOneoffSleepsForARelativeClockSubscription()
    {
        var (instance, _, _) = Instantiate("""
            (func (export "sleep") (param i64) (result i32)
              (i64.store (i32.const 0) (i64.const 42))       ;; userdata
              (i32.store8 (i32.const 8) (i32.const 0))       ;; eventtype clock
              (i32.store (i32.const 16) (i32.const 1))       ;; monotonic
              (i64.store (i32.const 24) (local.get 0))       ;; timeout
              (i32.store16 (i32.const 40) (i32.const 0))     ;; relative
              (call $poll_oneoff (i32.const 0) (i32.const 100) (i32.const 1) (i32.const 200)))
            (func (export "nevents") (result i32) (i32.load (i32.const 200)))
            (func (export "userdata") (result i64) (i64.load (i32.const 100)))
            """);
        var clock = Stopwatch.StartNew();
        Assert.Equal(0, instance.GetFunction<Func<long, int>>("sleep")(50_000_000));
        Assert.True(clock.ElapsedMilliseconds >= 45);
        Assert.Equal(1, instance.GetFunction<Func<int>>("nevents")());
        Assert.Equal(42, instance.GetFunction<Func<long>>("userdata")());
    }

    [Fact]
    public void FdstatOfStdioAndRenumber()
    {
        var (instance, _, _) = Instantiate("""
            (func (export "fdstat") (param i32) (result i32) (call $fd_fdstat_get (local.get 0) (i32.const 0)))
            (func (export "renumber") (param i32 i32) (result i32) (call $fd_renumber (local.get 0) (local.get 1)))
            """);
        var fdstat = instance.GetFunction<Func<int, int>>("fdstat");
        Assert.Equal(0, fdstat(1));
        var memory = instance.GetMemory("memory")!;
        Assert.Equal(2, memory.GetSpan(0, 1)[0]); // character device
        Assert.Equal((int)Errno.Badf, fdstat(3));
        Assert.Equal(0, instance.GetFunction<Func<int, int, int>>("renumber")(2, 1));
        Assert.Equal((int)Errno.Badf, fdstat(2));
        Assert.Equal((int)Errno.Badf, instance.GetFunction<Func<int, int, int>>("renumber")(1, 9));
    }
}
