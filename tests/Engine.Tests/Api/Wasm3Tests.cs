namespace Wasm.Tests.Api;

/// <summary>WebAssembly 3.0 features through the embedding API: extended constant expressions, tail calls, memory64.</summary>
public class Wasm3Tests
{
    [Fact]
    public void ExtendedConstantExpressions_ComputeGlobalsAndSegmentOffsets()
    {
        var instance = ApiHelpers.Instantiate("""
            (module
              (global $base i32 (i32.const 1000))
              (global (export "g") i32 (i32.sub (i32.mul (global.get $base) (i32.const 3)) (i32.const 7)))
              (global (export "w") i64 (i64.mul (i64.const 0x100000000) (i64.const 0x100000001)))
              (memory (export "m") 1)
              (data (i32.add (global.get $base) (i32.const 24)) "\2a"))
            """);
        Assert.Equal(2993, instance.GetGlobal("g")!.Value.I32);
        Assert.Equal(0x100000000L, instance.GetGlobal("w")!.Value.I64); // wraps modulo 2^64
        Assert.Equal(42, instance.GetMemory("m")!.Span[1024]);
    }

    // Mutual recursion through tail calls. $even/$odd take one i64; $wide takes eleven, so with the context the
    // call from $even to $wide needs stack arguments the caller does not have (the JIT's helper-based tail call)
    // while $wide to $odd is a plain jump. $pair returns two values through the same chain.
    private const string TailCalls = """
        (module
          (type $t (func (param i64) (result i32)))
          (table funcref (elem $even_i $odd_i))
          (func $even (export "even") (param $n i64) (result i32)
            (if (result i32) (i64.eqz (local.get $n))
              (then (i32.const 44))
              (else (return_call $wide (i64.sub (local.get $n) (i64.const 1))
                (i64.const 1) (i64.const 2) (i64.const 3) (i64.const 4) (i64.const 5)
                (i64.const 6) (i64.const 7) (i64.const 8) (i64.const 9) (i64.const 10)))))
          (func $wide (param $n i64) (param i64 i64 i64 i64 i64 i64 i64 i64 i64 i64) (result i32)
            (if (i64.ne (local.get 10) (i64.const 10)) (then (unreachable)))
            (return_call $odd (local.get $n)))
          (func $odd (export "odd") (param $n i64) (result i32)
            (if (result i32) (i64.eqz (local.get $n))
              (then (i32.const 99))
              (else (return_call $even (i64.sub (local.get $n) (i64.const 1))))))
          ;; the same through the table, with a value left beneath the arguments
          (func $even_i (export "even_indirect") (param $n i64) (result i32)
            (if (result i32) (i64.eqz (local.get $n))
              (then (i32.const 44))
              (else (i32.const 7) (return_call_indirect (type $t) (i64.sub (local.get $n) (i64.const 1)) (i32.const 1)))))
          (func $odd_i (param $n i64) (result i32)
            (if (result i32) (i64.eqz (local.get $n))
              (then (i32.const 99))
              (else (return_call_indirect (type $t) (i64.sub (local.get $n) (i64.const 1)) (i32.const 0)))))
          (func $pair (export "pair") (param $n i64) (param $acc i64) (result i64 i32)
            (if (result i64 i32) (i64.eqz (local.get $n))
              (then (local.get $acc) (i32.const 1))
              (else (return_call $pair2 (i64.sub (local.get $n) (i64.const 1)) (i64.add (local.get $acc) (local.get $n))))))
          (func $pair2 (param $n i64) (param $acc i64) (result i64 i32)
            (return_call $pair (local.get $n) (local.get $acc))))
        """;

    private const int Depth = 1_000_000;

    private static void AssertTailCallsKeepTheStackFlat()
    {
        var instance = ApiHelpers.Instantiate(TailCalls);
        Assert.Equal(44, instance.GetFunction<Func<long, int>>("even")(Depth));
        Assert.Equal(99, instance.GetFunction<Func<long, int>>("odd")(Depth));
        Assert.Equal(99, instance.GetFunction<Func<long, int>>("even")(Depth + 1));
        Assert.Equal(44, instance.GetFunction<Func<long, int>>("even_indirect")(Depth));
        Assert.Equal(99, instance.GetFunction<Func<long, int>>("even_indirect")(Depth + 1));
        Assert.Equal(((long)Depth * (Depth + 1) / 2, 1), instance.GetFunction<Func<long, long, (long, int)>>("pair")(Depth, 0));
        Assert.Equal(44, instance.GetFunction("even")!.Invoke(Value.FromI64(Depth))[0].I32);
    }

    [Fact]
    public void TailCalls_MillionDeepMutualRecursion_DoesNotExhaustTheStack() => AssertTailCallsKeepTheStackFlat();

    [Fact]
    public void TailCalls_MillionDeepMutualRecursion_OnA256KiBThread()
    {
        // 1,000,000 frames cannot fit in 256 KiB however small they are: only real tail calls get through.
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try { AssertTailCallsKeepTheStackFlat(); }
            catch (Exception e) { failure = e; }
        }, 256 * 1024);
        thread.Start();
        thread.Join();
        Assert.Null(failure);
    }

    [Fact]
    public void PlainCalls_SameDepth_ExhaustTheStack()
    {
        // The control: the same recursion with call instead of return_call traps.
        var instance = ApiHelpers.Instantiate(TailCalls.Replace("return_call", "call").Replace("(i32.const 7) ", ""));
        var e = Assert.Throws<TrapException>(() => instance.GetFunction<Func<long, int>>("even")(Depth));
        Assert.Equal(TrapCode.StackOverflow, e.Code);
    }

    [Fact]
    public void TailCalls_ToAnotherInstanceAndToTheHost()
    {
        var engine = new Engine();
        var store = new Store(engine);
        var calls = 0;
        var linker = new Linker(engine).DefineFunction("host", "done", (Func<long, long>)(x => { calls++; return x * 2; }));
        // $down counts down in a second instance, ping-ponging with $up here; the last call goes to the host.
        var first = linker.Instantiate(store, Module.FromText(engine, """
            (module
              (import "host" "done" (func $done (param i64) (result i64)))
              (table (export "t") 1 funcref)
              (type $t (func (param i64) (result i64)))
              (func $up (export "up") (param i64) (result i64)
                (if (result i64) (i64.eqz (local.get 0))
                  (then (return_call $done (i64.const 21)))
                  (else (return_call_indirect (type $t) (i64.sub (local.get 0) (i64.const 1)) (i32.const 0))))))
            """));
        linker.DefineInstance("first", first);
        var second = linker.Instantiate(store, Module.FromText(engine, """
            (module
              (import "first" "up" (func $up (param i64) (result i64)))
              (import "first" "t" (table 1 funcref))
              (elem (i32.const 0) $down)
              (func $down (export "down") (param i64) (result i64)
                (return_call $up (local.get 0))))
            """));
        Assert.Equal(42, second.GetFunction<Func<long, long>>("down")(Depth));
        Assert.Equal(42, first.GetFunction<Func<long, long>>("up")(0));
        Assert.Equal(2, calls);
    }
}
