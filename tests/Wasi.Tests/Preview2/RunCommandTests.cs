using Wasm.Components.Text;

namespace Wasm.Wasi.Tests.Preview2;

/// <summary>
/// <c>wasmcs run</c> on small hand-written components: the exit code of <c>wasi:cli/run</c> (ok, err, a trap) and
/// <c>--invoke</c> on an export that is not <c>run</c>, with WASI linked for both.
/// </summary>
public sealed class RunCommandTests : IDisposable
{
    private readonly string _work = Path.Combine(Path.GetTempPath(), "wasi-p2-run-" + Guid.NewGuid().ToString("N"));

    public RunCommandTests() => Directory.CreateDirectory(_work);

    public void Dispose() => Directory.Delete(_work, recursive: true);

    /// <summary>
    /// A component that writes "hello from run" to stdout through wasi:cli/stdout, then runs <paramref name="tail"/>
    /// (core instructions leaving the i32 result of run: 0 ok, 1 err); it also exports <c>twice(n) -> u32</c>.
    /// </summary>
    private string Build(string tail)
    {
        var text = """
            (component
              (import "wasi:io/error@0.2.0" (instance $error (export "error" (type (sub resource)))))
              (alias export $error "error" (type $err))
              (import "wasi:io/streams@0.2.0" (instance $streams
                (alias outer 1 $err (type))
                (export "error" (type (eq 0)))
                (type (own 1))
                (type (variant (case "last-operation-failed" 2) (case "closed")))
                (export "stream-error" (type (eq 3)))
                (export "output-stream" (type (sub resource)))
                (export "[method]output-stream.blocking-write-and-flush"
                  (func (param "self" (borrow 5)) (param "contents" (list u8)) (result (result (error 4)))))))
              (alias export $streams "output-stream" (type $os))
              (import "wasi:cli/stdout@0.2.0" (instance $stdout
                (alias outer 1 $os (type))
                (export "output-stream" (type (eq 0)))
                (export "get-stdout" (func (result (own 1))))))
              (alias export $stdout "get-stdout" (func $get-stdout))
              (alias export $streams "[method]output-stream.blocking-write-and-flush" (func $write))
              (core module $libc (memory (export "mem") 1))
              (core instance $libc (instantiate $libc))
              (alias core export $libc "mem" (core memory $mem))
              (core func $get-stdout-core (canon lower (func $get-stdout)))
              (core func $write-core (canon lower (func $write) (memory $mem)))
              (core module $m
                (import "host" "mem" (memory 1))
                (import "host" "get-stdout" (func $get-stdout (result i32)))
                (import "host" "write" (func $write (param i32 i32 i32 i32)))
                (data (i32.const 16) "hello from run\n")
                (func (export "run") (result i32)
                  (call $write (call $get-stdout) (i32.const 16) (i32.const 15) (i32.const 128))
                  TAIL)
                (func (export "twice") (param i32) (result i32) (i32.mul (local.get 0) (i32.const 2))))
              (core instance $host
                (export "mem" (memory $mem))
                (export "get-stdout" (func $get-stdout-core))
                (export "write" (func $write-core)))
              (core instance $i (instantiate $m (with "host" (instance $host))))
              (func $run (result (result)) (canon lift (core func $i "run")))
              (instance $run-instance (export "run" (func $run)))
              (export "wasi:cli/run@0.2.0" (instance $run-instance))
              (func $twice (param "n" u32) (result u32) (canon lift (core func $i "twice")))
              (export "twice" (func $twice)))
            """.Replace("TAIL", tail, StringComparison.Ordinal);
        var path = Path.Combine(_work, Guid.NewGuid().ToString("N") + ".wasm");
        File.WriteAllBytes(path, ComponentWat.ToBinary(text));
        return path;
    }

    [Fact]
    public void RunOkExitsWithZero()
    {
        var run = TestComponents.Wasmcs(_work, Build("(i32.const 0)"));
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("hello from run\n", run.Stdout);
    }

    [Fact]
    public void RunErrExitsWithOne()
    {
        var run = TestComponents.Wasmcs(_work, Build("(i32.const 1)"));
        Assert.Equal(1, run.ExitCode);
        Assert.Equal("hello from run\n", run.Stdout);
    }

    [Fact]
    public void TrapExitsWith134AndItsMessage()
    {
        var run = TestComponents.Wasmcs(_work, Build("(unreachable)"));
        Assert.Equal(134, run.ExitCode);
        Assert.Equal("hello from run\n", run.Stdout);
        Assert.Contains("trap: unreachable", run.Stderr);
    }

    [Fact]
    public void InvokeCallsAnotherExport()
    {
        var run = TestComponents.Wasmcs(_work, "--invoke", "twice(21)", Build("(i32.const 0)"));
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("42\n", run.Stdout);
    }

    [Fact]
    public void MissingWasiInterfaceIsALinkError()
    {
        // wasi:sockets is not provided: linking fails with the missing name, before anything runs.
        var path = Path.Combine(_work, "sockets.wasm");
        File.WriteAllBytes(path, ComponentWat.ToBinary("""
            (component
              (import "wasi:sockets/instance-network@0.2.0" (instance
                (export "network" (type (sub resource)))
                (export "instance-network" (func (result (own 0)))))))
            """));
        var run = TestComponents.Wasmcs(_work, path);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("wasi:sockets/instance-network", run.Stderr);
    }
}
