namespace Wasm.Tests.Api;

/// <summary>Exception handling through the embedding API: exceptions crossing host frames, escaping to the host,
/// raised by the host, and traps that wasm code must not catch.</summary>
public sealed class ExceptionTests
{
    private const string Wat = """
        (module
          (import "env" "callback" (func $callback (param i32)))
          (tag $e (export "e") (param i32))
          (func (export "throw") (param i32) (throw $e (local.get 0)))
          ;; catches what the callback throws, whether wasm threw it below the host frame or the host did
          (func (export "catch-through-host") (param i32) (result i32)
            (block $caught (result i32)
              (try_table (catch $e $caught)
                (call $callback (local.get 0)))
              (i32.const -1)))
          (func (export "catch-trap") (result i32)
            (block $caught
              (try_table (catch_all $caught) (unreachable)))
            (i32.const 7)))
        """;

    private static Instance Setup(Action<Instance?, int> callback)
    {
        var engine = new Engine();
        Instance? self = null;
        var linker = new Linker(engine).DefineFunction("env", "callback", (Action<int>)(x => callback(self, x)));
        self = linker.Instantiate(new Store(engine), Module.FromText(engine, Wat));
        return self;
    }

    [Fact]
    public void WasmExceptionThrownBelowAHostFrameIsCaughtAbove()
    {
        var instance = Setup((self, x) => self!.GetFunction<Action<int>>("throw")(x * 10));
        Assert.Equal(50, instance.GetFunction<Func<int, int>>("catch-through-host")(5));
    }

    [Fact]
    public void UncaughtExceptionReachesTheHostWithTagAndPayload()
    {
        var instance = Setup((_, _) => { });
        var e = Assert.Throws<GuestException>(() => instance.GetFunction<Action<int>>("throw")(42));
        Assert.Same(instance.GetExport("e"), e.Tag);
        Assert.Equal([Value.FromI32(42)], e.Payload);
    }

    [Fact]
    public void HostThrownExceptionIsCaughtByWasm()
    {
        var instance = Setup((self, x) => throw new GuestException((Tag)self!.GetExport("e")!, Value.FromI32(x + 1)));
        Assert.Equal(4, instance.GetFunction<Func<int, int>>("catch-through-host")(3));
    }

    [Fact]
    public void OtherHostExceptionsAndTrapsAreNotCaught()
    {
        var instance = Setup((_, _) => throw new InvalidOperationException("host"));
        Assert.Throws<InvalidOperationException>(() => instance.GetFunction<Func<int, int>>("catch-through-host")(1));
        var trap = Assert.Throws<TrapException>(() => instance.GetFunction<Func<int>>("catch-trap")());
        Assert.Equal(TrapCode.Unreachable, trap.Code);
    }
}
