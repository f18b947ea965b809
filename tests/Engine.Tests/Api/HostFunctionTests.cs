namespace Wasm.Tests.Api;

public class HostFunctionTests
{
    private sealed class HostFailure(string message) : Exception(message);

    [Fact]
    public void TypedDelegateHostFunction_IsCalledByWasm()
    {
        var engine = new Engine();
        var seen = new List<int>();
        var linker = new Linker(engine)
            .DefineFunction("env", "log", (Action<int>)seen.Add)
            .DefineFunction("env", "twice", (Func<long, long>)(x => x * 2))
            .DefineFunction("env", "pair", (Func<int, (int, double)>)(x => (x + 1, x / 2.0)));
        var module = Module.FromText(engine, """
            (module
              (import "env" "log" (func $log (param i32)))
              (import "env" "twice" (func $twice (param i64) (result i64)))
              (import "env" "pair" (func $pair (param i32) (result i32 f64)))
              (func (export "run") (param i32) (result i64)
                (local $i i32)
                (loop $l
                  (call $log (local.get $i))
                  (local.set $i (i32.add (local.get $i) (i32.const 1)))
                  (br_if $l (i32.lt_u (local.get $i) (local.get 0))))
                (call $twice (i64.const 21)))
              (func (export "pair") (param i32) (result i32 f64) (call $pair (local.get 0))))
            """);
        var instance = linker.Instantiate(new Store(engine), module);

        Assert.Equal(42L, instance.GetFunction<Func<int, long>>("run")(3));
        Assert.Equal([0, 1, 2], seen);
        Assert.Equal((6, 2.5), instance.GetFunction<Func<int, (int, double)>>("pair")(5));
    }

    [Fact]
    public void HostCallbackHostFunction_IsCalledByWasm()
    {
        var engine = new Engine();
        var type = new FuncType([ValType.I32, ValType.F64], [ValType.F64, ValType.I32]);
        var calls = 0;
        var linker = new Linker(engine).DefineFunction("env", "scale", type, (args, results) =>
        {
            calls++;
            results[0] = Value.FromF64(args[0].I32 * args[1].F64);
            results[1] = Value.FromI32(args[0].I32 + 1);
        });
        var module = Module.FromText(engine, """
            (module
              (import "env" "scale" (func $scale (param i32 f64) (result f64 i32)))
              (func (export "go") (param i32) (result f64 i32)
                (call $scale (local.get 0) (f64.const 1.5))))
            """);
        var instance = linker.Instantiate(new Store(engine), module);
        Assert.Equal((6.0, 5), instance.GetFunction<Func<int, (double, int)>>("go")(4));
        var untyped = instance.GetFunction("go")!.Invoke(Value.FromI32(2));
        Assert.Equal(3.0, untyped[0].F64);
        Assert.Equal(3, untyped[1].I32);
        Assert.Equal(2, calls);
        Assert.Equal(type, ((Function)linker.Get("env", "scale")!).Type);
    }

    [Fact]
    public void HostFunction_CanBeCalledDirectlyFromTheHost()
    {
        var engine = new Engine();
        var f = Function.FromDelegate(engine, (Func<int, int, int>)((a, b) => a - b));
        Assert.Equal(new FuncType([ValType.I32, ValType.I32], [ValType.I32]), f.Type);
        Assert.Equal(7, f.Invoke(Value.FromI32(10), Value.FromI32(3))[0].I32);
        Assert.Equal(7, f.AsDelegate<Func<int, int, int>>()(10, 3));

        var g = Function.FromCallback(engine, new FuncType([ValType.I64], [ValType.I64]), (a, r) => r[0] = Value.FromI64(-a[0].I64));
        Assert.Equal(-5L, g.Invoke(Value.FromI64(5))[0].I64);
    }

    [Fact]
    public void HostFunction_UnsupportedParameterTypeThrowsArgumentException()
    {
        var engine = new Engine();
        Assert.ThrowsAny<ArgumentException>(() => Function.FromDelegate(engine, (Func<string, int>)(s => s.Length)));
        Assert.ThrowsAny<ArgumentException>(() => new Linker(engine).DefineFunction("env", "f", (Action<decimal>)(_ => { })));
    }

    [Fact]
    public void HostFunction_ReentersWasm()
    {
        var engine = new Engine();
        var linker = new Linker(engine);
        Instance? instance = null;
        // The host function calls back into the instance's "dec" export.
        linker.DefineFunction("env", "host_dec", (Func<int, int>)(x => instance!.GetFunction<Func<int, int>>("dec")(x)));
        var module = Module.FromText(engine, """
            (module
              (import "env" "host_dec" (func $host_dec (param i32) (result i32)))
              (func (export "dec") (param i32) (result i32) (i32.sub (local.get 0) (i32.const 1)))
              (func $countdown (export "countdown") (param i32) (result i32)
                (if (result i32) (i32.eqz (local.get 0))
                  (then (i32.const 100))
                  (else (i32.add (i32.const 1) (call $countdown (call $host_dec (local.get 0))))))))
            """);
        instance = linker.Instantiate(new Store(engine), module);
        Assert.Equal(150, instance.GetFunction<Func<int, int>>("countdown")(50));
    }

    [Fact]
    public void ThrowingHostFunction_PropagatesToCaller_AndStoreStaysUsable()
    {
        var engine = new Engine();
        var fail = true;
        var linker = new Linker(engine).DefineFunction("env", "check", (Func<int, int>)(x =>
            fail ? throw new HostFailure($"bad value {x}") : x * 10));
        var module = Module.FromText(engine, """
            (module
              (import "env" "check" (func $check (param i32) (result i32)))
              (memory (export "mem") 1)
              (func (export "run") (param i32) (result i32)
                (i32.store (i32.const 0) (local.get 0))
                (i32.add (call $check (local.get 0)) (i32.const 1)))
              (func (export "plain") (result i32) (i32.const 7)))
            """);
        var store = new Store(engine);
        var instance = linker.Instantiate(store, module);
        var run = instance.GetFunction<Func<int, int>>("run");

        var e = Assert.ThrowsAny<Exception>(() => run(3));
        var host = e as HostFailure ?? e.InnerException as HostFailure;
        Assert.NotNull(host);
        Assert.Equal("bad value 3", host.Message);
        // Side effects before the throw are kept.
        Assert.Equal(3, BitConverter.ToInt32(instance.GetMemory("mem")!.Span[..4]));

        // Same store and instance keep working, typed and untyped.
        Assert.Equal(7, instance.GetFunction<Func<int>>("plain")());
        fail = false;
        Assert.Equal(41, run(4));
        Assert.Equal(51, instance.GetFunction("run")!.Invoke(Value.FromI32(5))[0].I32);
    }

    [Fact]
    public void ThrowingHostCallback_PropagatesThroughUntypedInvoke()
    {
        var engine = new Engine();
        var linker = new Linker(engine).DefineFunction("env", "boom", new FuncType([], []), (_, _) => throw new HostFailure("boom"));
        var module = Module.FromText(engine, """
            (module
              (import "env" "boom" (func $boom))
              (func (export "run") (call $boom))
              (func (export "ok") (result i32) (i32.const 1)))
            """);
        var instance = linker.Instantiate(new Store(engine), module);
        var e = Assert.ThrowsAny<Exception>(() => instance.GetFunction("run")!.Invoke());
        Assert.True(e is HostFailure || e.InnerException is HostFailure, e.ToString());
        Assert.Equal(1, instance.GetFunction<Func<int>>("ok")());
    }

    [Fact]
    public void HostCallbackReturningWrongType_TrapsWithHostError()
    {
        var engine = new Engine();
        var linker = new Linker(engine).DefineFunction("env", "bad", new FuncType([], [ValType.I32]), (_, r) => r[0] = Value.FromI64(1));
        var module = Module.FromText(engine, """
            (module
              (import "env" "bad" (func $bad (result i32)))
              (func (export "run") (result i32) (call $bad)))
            """);
        var instance = linker.Instantiate(new Store(engine), module);
        var e = Assert.Throws<TrapException>(() => instance.GetFunction<Func<int>>("run")());
        Assert.Equal(TrapCode.HostError, e.Code);
    }

    [Fact]
    public void HostTrapException_PropagatesWithItsCode()
    {
        var engine = new Engine();
        var linker = new Linker(engine).DefineFunction("env", "stop", (Action)(() => throw new TrapException(TrapCode.Interrupted)));
        var module = Module.FromText(engine, """
            (module (import "env" "stop" (func $stop)) (func (export "run") (call $stop)))
            """);
        var instance = linker.Instantiate(new Store(engine), module);
        var e = Assert.Throws<TrapException>(() => instance.GetFunction<Action>("run")());
        Assert.Equal(TrapCode.Interrupted, e.Code);
        Assert.Equal("interrupt", e.Message);
    }
}
