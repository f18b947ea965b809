using Wasm.Components.Text;
using WasmCs.Cli.Commands;

namespace Wasm.Safety.Tests;

/// <summary>
/// <c>wasmcs run</c> under limits: a trap (in a start function too) exits with 134, as Wasmtime does, with the trap
/// message on stderr; fuel, timeouts and memory limits apply to core modules and components alike.
/// </summary>
public sealed class CliTrapTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("wasmcs-run-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        if (name.EndsWith(".wasm", StringComparison.Ordinal)) File.WriteAllBytes(path, ComponentWat.ToBinary(text));
        else File.WriteAllText(path, text);
        return path;
    }

    private static (int Exit, string Stdout, string Stderr) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = RunCommand.Run(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void TrapInStart_Exits134WithMessage()
    {
        var path = Write("start.wat", "(module (func $s unreachable) (start $s) (func (export \"_start\")))");
        var (exit, _, stderr) = Run(path);
        Assert.Equal(134, exit);
        Assert.Contains("trap: unreachable", stderr);
    }

    [Fact]
    public void TrapInUnderscoreStart_Exits134WithMessage()
    {
        var path = Write("main.wat", "(module (func (export \"_start\") (drop (i32.div_s (i32.const 1) (i32.const 0)))))");
        var (exit, _, stderr) = Run(path);
        Assert.Equal(134, exit);
        Assert.Contains("trap: integer divide by zero", stderr);
    }

    [Fact]
    public void FuelAndTimeout_StopALoopingModule()
    {
        var path = Write("loop.wat", "(module (func (export \"_start\") (loop $l (br $l))))");
        var (exit, _, stderr) = Run("--fuel", "100000", path);
        Assert.Equal(134, exit);
        Assert.Contains("all fuel consumed by WebAssembly", stderr);
        (exit, _, stderr) = Run("--timeout", "200ms", path);
        Assert.Equal(134, exit);
        Assert.Contains("trap: interrupt", stderr);
    }

    private const string Component = """
        (component
          (core module $m
            (memory 1)
            (func (export "spin") (result i32) (loop $l (br $l)) (i32.const 0))
            (func (export "fail") (result i32) unreachable)
            (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))
          (core instance $i (instantiate $m))
          (func (export "spin") (result u32) (canon lift (core func $i "spin")))
          (func (export "fail") (result u32) (canon lift (core func $i "fail")))
          (func (export "grow") (param "pages" u32) (result s32) (canon lift (core func $i "grow"))))
        """;

    [Fact]
    public void Component_TrapExits134_AndLimitsApply()
    {
        var path = Write("c.wasm", Component);
        var (exit, _, stderr) = Run("--invoke", "fail()", path);
        Assert.Equal(134, exit);
        Assert.Contains("trap: unreachable", stderr);

        (exit, _, stderr) = Run("--fuel", "100000", "--invoke", "spin()", path);
        Assert.Equal(134, exit);
        Assert.Contains("all fuel consumed by WebAssembly", stderr);

        (exit, _, stderr) = Run("--timeout", "200ms", "--invoke", "spin()", path);
        Assert.Equal(134, exit);
        Assert.Contains("trap: interrupt", stderr);

        var (ok, stdout, _) = Run("--max-memory", "128KiB", "--invoke", "grow(1)", path);
        Assert.Equal(0, ok);
        Assert.Equal("1", stdout.Trim());
        (ok, stdout, _) = Run("--max-memory", "128KiB", "--invoke", "grow(2)", path);
        Assert.Equal(0, ok);
        Assert.Equal("-1", stdout.Trim());
    }
}
