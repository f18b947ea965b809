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
        RunOnSmallStack(AssertTailCallsKeepTheStackFlat);
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
    public void TailCalls_ThroughTheTableToWideSignatures_StayFlat()
    {
        // $narrow → $wide through the table with twenty i64s and a v128, which need far more stack-passed
        // arguments than $narrow received; $wide → $narrow is direct.
        var parameters = string.Join(' ', Enumerable.Repeat("i64", 20));
        var arguments = string.Concat(Enumerable.Range(1, 19).Select(i => $"(i64.const {i}) "));
        var instance = ApiHelpers.Instantiate($$"""
            (module
              (type $wide_t (func (param {{parameters}} v128) (result i64)))
              (table funcref (elem $wide))
              (func $narrow (export "narrow") (param $n i64) (result i64)
                (if (result i64) (i64.eqz (local.get $n))
                  (then (i64.const 7))
                  (else (return_call_indirect (type $wide_t)
                    (local.get $n) {{arguments}} (v128.const i64x2 5 6) (i32.const 0)))))
              (func $wide (type $wide_t)
                (if (i64.ne (local.get 19) (i64.const 19)) (then (unreachable)))
                (if (i64.ne (i64x2.extract_lane 1 (local.get 20)) (i64.const 6)) (then (unreachable)))
                (return_call $narrow (i64.sub (local.get 0) (i64.const 1)))))
            """);
        RunOnSmallStack(() => Assert.Equal(7L, instance.GetFunction<Func<long, long>>("narrow")(Depth)));
    }

    private static void RunOnSmallStack(Action action)
    {
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try { action(); }
            catch (Exception e) { failure = e; }
        }, 256 * 1024);
        thread.Start();
        thread.Join();
        Assert.Null(failure);
    }

    [Fact]
    public void TailCalls_AreMeteredByFuel()
    {
        // Each round of $spin costs 3 (local.get, i64.const, i64.add) plus 1 for return_call.
        var engine = new Engine(new EngineConfig { ConsumeFuel = true });
        var store = new Store(engine);
        var instance = new Linker(engine).Instantiate(store, Module.FromText(engine, """
            (module
              (func $spin (export "spin") (param i64) (result i64)
                (return_call $spin (i64.add (local.get 0) (i64.const 1)))))
            """));
        store.SetFuel(4 * 250_000);
        var e = Assert.Throws<TrapException>(() => instance.GetFunction<Func<long, long>>("spin")(0));
        Assert.Equal(TrapCode.OutOfFuel, e.Code);
        Assert.Equal(0UL, store.GetFuel());
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

    private const string Memory64 = """
        (module
          (memory (export "m") i64 1 4)
          (data (i64.const 65530) "\01\02\03\04\05\06")
          (func (export "load") (param i64) (result i32) (i32.load8_u (local.get 0)))
          (func (export "load64") (param i64) (result i64) (i64.load (local.get 0)))
          (func (export "load_far") (param i64) (result i32) (i32.load8_u offset=0xffffffffffffffff (local.get 0)))
          (func (export "load_4g") (param i64) (result i32) (i32.load offset=0x100000000 (local.get 0)))
          (func (export "store") (param i64 i64) (i64.store offset=8 (local.get 0) (local.get 1)))
          (func (export "size") (result i64) (memory.size))
          (func (export "grow") (param i64) (result i64) (memory.grow (local.get 0)))
          (func (export "fill") (param i64 i32 i64) (memory.fill (local.get 0) (local.get 1) (local.get 2)))
          (func (export "copy") (param i64 i64 i64) (memory.copy (local.get 0) (local.get 1) (local.get 2))))
        """;

    [Fact]
    public void Memory64_AccessesSizeAndGrowUseI64()
    {
        var instance = ApiHelpers.Instantiate(Memory64);
        var load = instance.GetFunction<Func<long, int>>("load");
        Assert.Equal(1, load(65530));
        Assert.Equal(6, load(65535));
        Assert.Equal(0x0605_0403_0201_0000L, instance.GetFunction<Func<long, long>>("load64")(65528));
        Assert.Equal(1L, instance.GetFunction<Func<long>>("size")());
        instance.GetFunction<Action<long, long>>("store")(100, -2);
        Assert.Equal(-2L, instance.GetFunction<Func<long, long>>("load64")(108));

        Assert.Equal(1L, instance.GetFunction<Func<long, long>>("grow")(2));
        Assert.Equal(3L, instance.GetFunction<Func<long>>("size")());
        Assert.Equal(0, load(3 * 65536 - 1));
        Assert.Equal(-1L, instance.GetFunction<Func<long, long>>("grow")(2)); // beyond the maximum of 4
        Assert.Equal(-1L, instance.GetFunction<Func<long, long>>("grow")(long.MinValue)); // 2^63 pages, unsigned
        Assert.Equal(3UL, instance.GetMemory("m")!.Pages);

        instance.GetFunction<Action<long, int, long>>("fill")(70000, 7, 3);
        instance.GetFunction<Action<long, long, long>>("copy")(70010, 69999, 5);
        Assert.Equal(new byte[] { 0, 7, 7, 7, 0 }, instance.GetMemory("m")!.GetSpan(70010, 5).ToArray());
    }

    [Theory]
    [InlineData("load", 3 * 65536L)]
    [InlineData("load", -1L)]                      // 2^64 - 1
    [InlineData("load", long.MinValue)]            // 2^63
    [InlineData("load_far", 0L)]                   // offset 2^64 - 1
    [InlineData("load_far", 1L)]                   // address + offset = 2^64: wraps to 0 without the check
    [InlineData("load_far", 2L)]
    [InlineData("load_4g", 0L)]
    [InlineData("load_4g", -0x100000000L)]         // address + offset = 2^64
    public void Memory64_OutOfBounds_Traps(string function, long address)
    {
        var instance = ApiHelpers.Instantiate(Memory64);
        instance.GetFunction<Func<long, long>>("grow")(2);
        var load = instance.GetFunction<Func<long, int>>(function);
        var e = Assert.Throws<TrapException>(() => load(address));
        Assert.Equal(TrapCode.MemoryOutOfBounds, e.Code);
    }

    [Fact]
    public void Memory64_BulkOperationsTrapAtTheEdge()
    {
        var instance = ApiHelpers.Instantiate(Memory64);
        var fill = instance.GetFunction<Action<long, int, long>>("fill");
        var copy = instance.GetFunction<Action<long, long, long>>("copy");
        fill(65535, 1, 1);
        Assert.Equal(TrapCode.MemoryOutOfBounds, Assert.Throws<TrapException>(() => fill(65535, 1, 2)).Code);
        Assert.Equal(TrapCode.MemoryOutOfBounds, Assert.Throws<TrapException>(() => fill(1, 1, -1)).Code);
        Assert.Equal(TrapCode.MemoryOutOfBounds, Assert.Throws<TrapException>(() => copy(0, -1, 2)).Code);
        Assert.Equal(TrapCode.MemoryOutOfBounds, Assert.Throws<TrapException>(() => copy(-1, 0, 2)).Code);
    }

    [Fact]
    public void Memory64_LargerThanTheEngineCanAllocate_FailsCleanly()
    {
        var engine = new Engine();
        // 2^48 pages (2^64 bytes) is a valid declaration, but no process can hold it.
        var module = Module.FromText(engine, "(module (memory (export \"m\") i64 0x1_0000_0000_0000))");
        Assert.Throws<ResourceLimitException>(() => new Linker(engine).Instantiate(new Store(engine), module));
        Assert.Throws<ResourceLimitException>(() => new Memory(new MemoryType(new Limits(1UL << 40, null), Is64: true)));

        // Growing an unbounded 64-bit memory past what can be allocated returns -1 and leaves it usable.
        var instance = ApiHelpers.Instantiate("""
            (module
              (memory (export "m") i64 1)
              (func (export "grow") (param i64) (result i64) (memory.grow (local.get 0)))
              (func (export "size") (result i64) (memory.size)))
            """, engine);
        var grow = instance.GetFunction<Func<long, long>>("grow");
        Assert.Equal(-1L, grow(1L << 47));
        Assert.Equal(-1L, grow((1L << 48) - 1));
        Assert.Equal(1L, grow(1));
        Assert.Equal(2L, instance.GetFunction<Func<long>>("size")());
    }

    [Fact]
    public void Memory64_ImportsMatchOnlyTheSameAddressType()
    {
        var engine = new Engine();
        var store = new Store(engine);
        var linker = new Linker(engine)
            .Define("env", "m64", new Memory(new MemoryType(new Limits(1, null), Is64: true)))
            .Define("env", "m32", new Memory(new MemoryType(new Limits(1, null))));
        linker.Instantiate(store, Module.FromText(engine, "(module (import \"env\" \"m64\" (memory i64 1)))"));
        linker.Instantiate(store, Module.FromText(engine, "(module (import \"env\" \"m32\" (memory 1)))"));
        Assert.Throws<LinkException>(() => linker.Instantiate(store, Module.FromText(engine, "(module (import \"env\" \"m32\" (memory i64 1)))")));
        Assert.Throws<LinkException>(() => linker.Instantiate(store, Module.FromText(engine, "(module (import \"env\" \"m64\" (memory 1)))")));
    }

    [Fact]
    public void Table64_IndicesAreI64()
    {
        var instance = ApiHelpers.Instantiate("""
            (module
              (type $f (func (result i32)))
              (table $t i64 2 10 funcref)
              (elem (table $t) (i64.const 0) func $one $two)
              (func $one (result i32) (i32.const 1))
              (func $two (result i32) (i32.const 2))
              (func (export "call") (param i64) (result i32) (call_indirect $t (type $f) (local.get 0)))
              (func (export "tail") (param i64) (result i32)
                (f32.const 1) (return_call_indirect $t (type $f) (local.get 0)))
              (func (export "size") (result i64) (table.size $t))
              (func (export "grow") (param i64) (result i64) (table.grow $t (ref.null func) (local.get 0)))
              (func (export "is_null") (param i64) (result i32) (ref.is_null (table.get $t (local.get 0))))
              (func (export "copy") (param i64 i64 i64) (table.copy $t $t (local.get 0) (local.get 1) (local.get 2))))
            """);
        var call = instance.GetFunction<Func<long, int>>("call");
        Assert.Equal(2, call(1));
        var tail = instance.GetFunction<Func<long, int>>("tail");
        Assert.Equal(1, tail(0));
        Assert.Equal(TrapCode.UndefinedElement, Assert.Throws<TrapException>(() => tail(1L << 32)).Code);
        Assert.Equal(TrapCode.UndefinedElement, Assert.Throws<TrapException>(() => call(2)).Code);
        Assert.Equal(TrapCode.UndefinedElement, Assert.Throws<TrapException>(() => call(1L << 32)).Code);
        Assert.Equal(TrapCode.UndefinedElement, Assert.Throws<TrapException>(() => call(-1)).Code);
        Assert.Equal(2L, instance.GetFunction<Func<long, long>>("grow")(3));
        Assert.Equal(-1L, instance.GetFunction<Func<long, long>>("grow")(-1));
        Assert.Equal(5L, instance.GetFunction<Func<long>>("size")());
        instance.GetFunction<Action<long, long, long>>("copy")(3, 0, 2);
        Assert.Equal(2, call(4));
        Assert.Equal(1, instance.GetFunction<Func<long, int>>("is_null")(2));
        Assert.Equal(TrapCode.TableOutOfBounds, Assert.Throws<TrapException>(() => instance.GetFunction<Func<long, int>>("is_null")(5)).Code);
        Assert.Equal(TrapCode.TableOutOfBounds,
            Assert.Throws<TrapException>(() => instance.GetFunction<Action<long, long, long>>("copy")(4, 0, -1)).Code);
    }

    [Fact]
    public void Table64_LargerThanTheEngineAllows_FailsCleanly()
    {
        var engine = new Engine();
        var module = Module.FromText(engine, "(module (table i64 0xffff_ffff_ffff funcref))");
        Assert.Throws<ResourceLimitException>(() => new Linker(engine).Instantiate(new Store(engine), module));
    }

    [Theory]
    [InlineData("(func (result i64) (return_call $f)) (func $f (result i32) (i32.const 0))")]
    [InlineData("(func (result i32) (return_call $f)) (func $f (result i32 i32) (i32.const 0) (i32.const 0))")]
    [InlineData("(type $t (func (result i64))) (table 1 funcref) (func (result i32) (return_call_indirect (type $t) (i32.const 0)))")]
    [InlineData("(table i64 1 funcref) (func (call_indirect (i32.const 0)))")]
    [InlineData("(memory i64 1) (func (drop (i32.load (i32.const 0))))")]
    [InlineData("(memory 1) (func (drop (i32.load (i64.const 0))))")]
    [InlineData("(memory i64 1) (func (result i32) (memory.size))")]
    [InlineData("(memory i64 1) (func (drop (memory.grow (i32.const 1))))")]
    [InlineData("(memory i64 1) (memory 1) (func (memory.copy 0 1 (i64.const 0) (i32.const 0) (i64.const 0)))")]
    [InlineData("(memory i64 1) (func (memory.fill (i64.const 0) (i64.const 0) (i64.const 0)))")]
    [InlineData("(table i64 1 funcref) (func (result i32) (table.size 0))")]
    [InlineData("(table i64 1 funcref) (elem (i32.const 0) func)")]
    [InlineData("(memory i64 1) (data (i32.const 0))")]
    public void Wasm3_TypeMismatchesAreInvalid(string wat)
    {
        var e = Assert.Throws<InvalidModuleException>(() => Module.FromText(new Engine(), wat));
        Assert.Equal("type mismatch", e.Reason);
    }

    [Theory]
    [InlineData("(func (result i32) (i64.const 1) (return_call $f)) (func $f (param i64) (result i32) (i32.const 0))")]
    [InlineData("(memory i64 1) (memory 1) (func (memory.copy 0 1 (i64.const 0) (i32.const 0) (i32.const 0)))")]
    [InlineData("(memory i64 1) (memory 1) (func (memory.copy 1 0 (i32.const 0) (i64.const 0) (i32.const 0)))")]
    [InlineData("(table $a i64 1 funcref) (table $b 1 funcref) (func (table.copy $a $b (i64.const 0) (i32.const 0) (i32.const 0)))")]
    [InlineData("(memory i64 1) (data (i64.const 0)) (func (memory.init 0 (i64.const 0) (i32.const 0) (i32.const 0)))")]
    public void Wasm3_WellTypedModulesAreValid(string wat) => Module.FromText(new Engine(), wat);
}
