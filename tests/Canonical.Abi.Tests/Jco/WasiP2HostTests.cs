using Wasm.Components.Tests.Support;

namespace Wasm.Components.Tests.Jco;

/// <summary>The WASI 0.2 host as the fixtures use it, driven by a small hand-written component that prints through it.</summary>
public sealed class WasiP2HostTests
{
    private const string Printer = """
        (component
          (import "wasi:io/error@0.2.0" (instance $error
            (export "error" (type (sub resource)))))
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
          (import "wasi:cli/stderr@0.2.0" (instance $stderr
            (alias outer 1 $os (type))
            (export "output-stream" (type (eq 0)))
            (export "get-stderr" (func (result (own 1))))))
          (alias export $stdout "get-stdout" (func $get-stdout))
          (alias export $stderr "get-stderr" (func $get-stderr))
          (alias export $streams "[method]output-stream.blocking-write-and-flush" (func $write))

          (core module $libc (memory (export "mem") 1))
          (core instance $libc (instantiate $libc))
          (alias core export $libc "mem" (core memory $mem))

          (core func $get-stdout-core (canon lower (func $get-stdout)))
          (core func $get-stderr-core (canon lower (func $get-stderr)))
          (core func $write-core (canon lower (func $write) (memory $mem)))

          (core module $m
            (import "host" "mem" (memory 1))
            (import "host" "get-stdout" (func $get-stdout (result i32)))
            (import "host" "get-stderr" (func $get-stderr (result i32)))
            (import "host" "write" (func $write (param i32 i32 i32 i32)))
            (data (i32.const 16) "hello from the guest\n")
            (data (i32.const 64) "oops\n")
            (func (export "run")
              (call $write (call $get-stdout) (i32.const 16) (i32.const 21) (i32.const 128))
              (call $write (call $get-stderr) (i32.const 64) (i32.const 5) (i32.const 128))))
          (core instance $host
            (export "mem" (memory $mem))
            (export "get-stdout" (func $get-stdout-core))
            (export "get-stderr" (func $get-stderr-core))
            (export "write" (func $write-core)))
          (core instance $i (instantiate $m (with "host" (instance $host))))
          (func (export "run") (canon lift (core func $i "run"))))
        """;

    [Fact]
    public void CapturesStdoutAndStderr()
    {
        var component = Component.FromText(JcoFixtures.Engine, Printer);
        var linker = new ComponentLinker(JcoFixtures.Engine);
        var wasi = CapturedWasi.AddTo(linker);
        var instance = linker.Instantiate(new Store(JcoFixtures.Engine), component);

        Assert.Null(instance.GetFunc("run")!.Call());

        Assert.Equal("hello from the guest\n", wasi.Stdout);
        Assert.Equal("oops\n", wasi.Stderr);
    }

    [Fact]
    public void DefinesWasiOnceAtTheNewestVersionAndLinksOlderImports()
    {
        // The guest imports @0.2.0; the host defines @0.2.12 once, and a second definition is refused.
        var component = Component.FromText(JcoFixtures.Engine, Printer);
        var linker = new ComponentLinker(JcoFixtures.Engine);
        CapturedWasi.AddTo(linker);
        Assert.Throws<ArgumentException>(() => linker.Instance("wasi:cli/stdout@0.2.12").DefineFunction("get-stdout", _ => null));
        Assert.Throws<ArgumentException>(() => CapturedWasi.AddTo(linker));
        Assert.NotNull(linker.Instantiate(new Store(JcoFixtures.Engine), component));
    }

    [Fact]
    public void EqBoundResourceOfAnInterfaceNeedsNoDefinition()
    {
        // As wasmtime-wasi does: output-stream is defined in wasi:io/streams only; wasi:cli/stdout and stderr
        // re-export it with an eq bound, which the linker should resolve to the same type by itself.
        var component = Component.FromText(JcoFixtures.Engine, Printer);
        var linker = new ComponentLinker(JcoFixtures.Engine);
        var os = new Types.ResourceType("output-stream") { HostDestructor = _ => { } };
        var written = new List<string>();
        linker.Instance("wasi:io/error@0.2.0").DefineResource("error", new Types.ResourceType("error") { HostDestructor = _ => { } });
        linker.Instance("wasi:io/streams@0.2.0")
            .DefineResource("output-stream", os)
            .DefineFunction("[method]output-stream.blocking-write-and-flush", a =>
            {
                written.Add(System.Text.Encoding.UTF8.GetString(W.ToBytes(a[1])));
                return Values.WitValue.Ok();
            });
        linker.Instance("wasi:cli/stdout@0.2.0").DefineFunction("get-stdout", _ => W.Own(os, 1));
        linker.Instance("wasi:cli/stderr@0.2.0").DefineFunction("get-stderr", _ => W.Own(os, 2));
        var instance = linker.Instantiate(new Store(JcoFixtures.Engine), component);
        Assert.Null(instance.GetFunc("run")!.Call());
        Assert.Equal(new[] { "hello from the guest\n", "oops\n" }, written);
    }
}
