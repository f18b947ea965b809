using Wasm.Compilation;
using Wasm.Tests.Text;
using Wasm.Wast;
using Xunit.Abstractions;

namespace Wasm.Tests.Api;

/// <summary>
/// Tiered compilation (<see cref="EngineConfig.Tiering"/>): tier-0 code, promotion to optimized code and
/// on-stack replacement in the middle of a call all compute what untiered code computes. Promotion runs
/// synchronously here (at the point where a function runs out of budget), with budgets small enough that the spec
/// scripts' functions move between tiers while they run. Functions start at tier 0 or in the interpreter, which
/// these tests are about (<see cref="EngineConfig.TieringBaseline"/> off), except in the spec suite's runs on
/// baseline code.
/// </summary>
public sealed class TieringTests(ITestOutputHelper output)
{
    /// <summary>A tiered engine; <paramref name="baseline"/> starts functions on baseline code rather than at tier 0
    /// or in the interpreter, which most of these tests are about.</summary>
    private static Engine Tiered(int budget, bool synchronous = true, int interpretPerByte = -1, bool baseline = false) => new(new EngineConfig
    {
        Tiering = true,
        TieringBaseline = baseline,
        TieringBudget = budget,
        TieringBudgetPerByte = 0,
        TieringSynchronous = synchronous,
        TieringMinCodeBytes = 0,
        // Interpreting every function the interpreter handles, with its own budget per byte of body.
        TieringInterpretMinCodeBytes = interpretPerByte < 0 ? TierState.MaxCodeBytes + 1 : 0,
        TieringInterpretBudgetPerByte = interpretPerByte < 0 ? TierState.InterpreterBudgetPerByte : interpretPerByte,
    });

    /// <summary>Nested loops that run long in one call, with locals of every numeric type, a parameter changed
    /// before the loops, memory traffic and a recursive helper.</summary>
    private const string Loops = """
        (module
          (memory 1)
          (func $fib (param i32) (result i32)
            (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
              (then (local.get 0))
              (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                             (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
          (func (export "nested") (param $n i32) (param $seed i64) (result i64)
            (local $i i32) (local $j i32) (local $acc i64) (local $f f64) (local $g f32)
            (local.set $seed (i64.mul (local.get $seed) (i64.const 7)))
            (local.set $acc (local.get $seed))
            (loop $outer
              (local.set $j (i32.const 0))
              (loop $inner
                (local.set $acc (i64.add (i64.mul (local.get $acc) (i64.const 31))
                  (i64.extend_i32_u (i32.xor (local.get $i) (local.get $j)))))
                (local.set $f (f64.add (local.get $f) (f64.const 0.5)))
                (local.set $g (f32.add (local.get $g) (f32.const 0.25)))
                (i32.store (i32.and (i32.shl (local.get $j) (i32.const 2)) (i32.const 0xfffc))
                  (i32.add (local.get $i) (i32.load (i32.and (i32.shl (local.get $j) (i32.const 2)) (i32.const 0xfffc)))))
                (br_if $inner (i32.lt_u (local.tee $j (i32.add (local.get $j) (i32.const 1))) (i32.const 100))))
              (local.set $acc (i64.add (local.get $acc) (i64.extend_i32_u (call $fib (i32.and (local.get $i) (i32.const 7))))))
              (br_if $outer (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
            (i64.add (local.get $acc)
              (i64.add (i64.add (i64.trunc_f64_s (local.get $f)) (i64.trunc_f32_s (local.get $g)))
                       (i64.extend_i32_u (i32.load (i32.const 40)))))))
        """;

    private static long RunNested(Engine engine, int n, long seed)
    {
        var module = Module.FromText(engine, Loops);
        var instance = new Linker(engine).Instantiate(new Store(engine), module);
        return instance.GetFunction<Func<int, long, long>>("nested")(n, seed);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(50)]
    [InlineData(5_000)]
    [InlineData(TierState.DefaultBudget)]
    public void PromotionAndOnStackReplacementKeepResults(int budget)
    {
        var expected = RunNested(new Engine(), 3_000, 12345);
        int failures = TierUpWorker.Failures, promotions = TierUpWorker.Promotions, osr = TierUpWorker.OsrPromotions;
        var engine = Tiered(budget);
        Assert.Equal(expected, RunNested(engine, 3_000, 12345));
        // The same module again: its promoted code is shared by the new instance.
        Assert.Equal(expected, RunNested(engine, 3_000, 12345));
        Assert.Equal(failures, TierUpWorker.Failures);
        Assert.True(TierUpWorker.Promotions > promotions, "nothing was promoted");
        // A budget of 1 is spent by the first call (promotion at entry); larger ones run out inside the loops.
        if (budget > 1) Assert.True(TierUpWorker.OsrPromotions > osr, "no on-stack replacement happened");
    }

    /// <summary>Mostly scalar code with a few SIMD instructions starts at tier 0: its v128 locals, declared between
    /// numeric ones, are zeroed there and carried into the optimized variant that takes over the long loop.</summary>
    [Theory]
    [InlineData(1_000)]
    [InlineData(50_000)]
    public void SparseSimdCodeStartsAtTierZeroAndKeepsItsVectorsAcrossReplacement(int budget)
    {
        const string wat = """
            (module
              (func (export "mix") (param $n i32) (result i64)
                (local $i i32) (local $v v128) (local $acc i64) (local $w v128) (local $f f64) (local $u v128)
                (local.set $v (v128.const i32x4 1 2 3 4))
                (loop $l
                  (local.set $acc (i64.add (i64.mul (local.get $acc) (i64.const 31)) (i64.extend_i32_u (local.get $i))))
                  (local.set $acc (i64.xor (local.get $acc) (i64.shr_u (local.get $acc) (i64.const 7))))
                  (local.set $acc (i64.add (local.get $acc) (i64.rotl (local.get $acc) (i64.const 13))))
                  (local.set $f (f64.add (local.get $f) (f64.convert_i32_u (local.get $i))))
                  (local.set $f (f64.mul (local.get $f) (f64.const 0.999)))
                  (local.set $acc (i64.sub (local.get $acc) (i64.trunc_f64_s (local.get $f))))
                  (local.set $acc (i64.add (local.get $acc) (i64.extend_i32_s (i32.mul (local.get $i) (local.get $i)))))
                  (local.set $acc (i64.xor (local.get $acc) (i64.shl (local.get $acc) (i64.const 3))))
                  (local.set $acc (i64.add (i64.mul (local.get $acc) (i64.const 131)) (i64.extend_i32_u (local.get $n))))
                  (local.set $acc (i64.xor (local.get $acc) (i64.shr_u (local.get $acc) (i64.const 11))))
                  (local.set $f (f64.sub (local.get $f) (f64.convert_i64_s (i64.and (local.get $acc) (i64.const 255)))))
                  (local.set $acc (i64.add (local.get $acc) (i64.rotr (local.get $acc) (i64.const 29))))
                  (local.set $v (i32x4.add (local.get $v) (i32x4.splat (local.get $i))))
                  (local.set $w (v128.xor (local.get $w) (local.get $v)))
                  (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
                (i64.add (i64.add (local.get $acc) (i64x2.extract_lane 0 (local.get $w)))
                  (i64.add (i64x2.extract_lane 1 (local.get $v)) (i64x2.extract_lane 0 (local.get $u))))))
            """;
        static long Run(Engine engine, out Module module)
        {
            module = Module.FromText(engine, wat);
            return new Linker(engine).Instantiate(new Store(engine), module).GetFunction<Func<int, long>>("mix")(20_000);
        }
        var expected = Run(new Engine(), out _);
        int failures = TierUpWorker.Failures, osr = TierUpWorker.OsrPromotions;
        Assert.Equal(expected, Run(Tiered(budget), out var tiered));
        Assert.True(tiered.Code.Tiers!.TierZero[0], "the function did not start at tier 0");
        Assert.True(TierUpWorker.OsrPromotions > osr, "no on-stack replacement happened");
        Assert.Equal(failures, TierUpWorker.Failures);
    }

    /// <summary>A module with more code than tier 0 should compile up front (here 270 functions of about 1 KB)
    /// starts every function the interpreter can run there, small ones included, and computes what the
    /// definitions say; a small module does not.</summary>
    [Fact]
    public void LargeModulesStartEveryFunctionInTheInterpreter()
    {
        const int functions = 270, steps = 100;
        var wat = new System.Text.StringBuilder("(module\n  (func $mix (param i32) (result i32) (i32.xor (local.get 0) (i32.shr_u (local.get 0) (i32.const 7))))\n");
        for (var k = 0; k < functions; k++)
        {
            wat.Append($"  (func $f{k} (param i32) (result i32) (local i32) (local.set 1 (local.get 0))\n");
            for (var i = 0; i < steps; i++) wat.Append($"    (local.set 1 (i32.add (i32.mul (local.get 1) (i32.const 31)) (i32.const {k})))\n");
            wat.Append("    (call $mix (local.get 1)))\n");
        }
        wat.Append("  (func (export \"main\") (param i32) (result i32) (local i32)\n");
        for (var k = 0; k < functions; k++) wat.Append($"    (local.set 1 (i32.add (local.get 1) (call $f{k} (local.get 0))))\n");
        wat.Append("    (local.get 1)))");
        static int Expected(int p)
        {
            var sum = 0;
            for (var k = 0; k < functions; k++)
            {
                var acc = p;
                for (var i = 0; i < steps; i++) acc = unchecked(acc * 31 + k);
                sum = unchecked(sum + (acc ^ (int)((uint)acc >> 7)));
            }
            return sum;
        }

        var engine = new Engine(new EngineConfig { Tiering = true, TieringBaseline = false });
        var module = Module.FromText(engine, wat.ToString());
        Assert.True(module.Code.Tiers!.LargeModule);
        var main = new Linker(engine).Instantiate(new Store(engine), module).GetFunction<Func<int, int>>("main");
        var calls = Interpretation.Interpreter.Calls;
        Assert.Equal(Expected(12345), main(12345));
        // Every function ran in the interpreter: the exported one, the 270 and the small helper each time.
        Assert.True(Interpretation.Interpreter.Calls - calls >= 2 * functions + 1, $"{Interpretation.Interpreter.Calls - calls} interpreted calls");
        for (var p = 0; p < 20; p++) Assert.Equal(Expected(p), main(p));

        Assert.False(Module.FromText(engine, Loops).Code.Tiers!.LargeModule);
    }

    /// <summary>A malformed body with a v128 local, which tiering scans for its SIMD instructions before the module's
    /// bodies are validated, is reported with the same exception and message as without tiering.</summary>
    [Fact]
    public void MalformedBodyWithVectorLocalIsReportedAsWithoutTiering()
    {
        byte[] bytes =
        [
            0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00,
            0x01, 0x04, 0x01, 0x60, 0x00, 0x00,             // type: [] -> []
            0x03, 0x02, 0x01, 0x00,                         // one function
            0x0A, 0x0C, 0x01, 0x0A, 0x01, 0x01, 0x7B,       // its body: one v128 local,
            0xFD, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F, 0x0B,       // then a SIMD prefix with an oversized sub-opcode
        ];
        var plain = Assert.ThrowsAny<WasmException>(() => Module.FromBytes(new Engine(), bytes));
        var tiered = Assert.ThrowsAny<WasmException>(() => Module.FromBytes(new Engine(new EngineConfig { Tiering = true, TieringBaseline = false }), bytes));
        Assert.Equal(plain.GetType(), tiered.GetType());
        Assert.Equal(plain.Message, tiered.Message);
    }

    /// <summary>One exported function, <c>sum(n)</c> = the sum of i² for i below n, in one loop that may be
    /// entered from outside.</summary>
    private const string SumOfSquares = """
        (module
          (func (export "sum") (param $n i32) (result i32) (local $i i32) (local $acc i32)
            (block $done
              (loop $next
                (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
                (local.set $acc (i32.add (local.get $acc) (i32.mul (local.get $i) (local.get $i))))
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (br $next)))
            (local.get $acc)))
        """;

    /// <summary>Instantiates <see cref="SumOfSquares"/> under <paramref name="config"/> and calls it
    /// <paramref name="calls"/> times with short loops.</summary>
    private static (TierState Tiers, Func<int, int> Sum) SumOfSquaresCalledShortly(EngineConfig config, int calls)
    {
        var engine = new Engine(config);
        var module = Module.FromText(engine, SumOfSquares);
        var sum = new Linker(engine).Instantiate(new Store(engine), module).GetFunction<Func<int, int>>("sum");
        for (var k = 0; k < calls; k++) Assert.Equal(SumOfSquaresBelow(3 + k), sum(3 + k));
        return (module.Code.Tiers!, sum);
    }

    private static int SumOfSquaresBelow(int n)
    {
        var acc = 0;
        for (var i = 0; i < n; i++) acc += i * i;
        return acc;
    }

    /// <summary>A function whose budget first runs out inside a loop gets the variant that takes over that call.
    /// Called once before, that is all it gets (a program's main loop needs nothing else); called more often, the
    /// variant's plain entry (a null state array) serves its later calls through a method of a few instructions,
    /// instead of a second compile of the whole body.</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void LoopHotFunctionGetsOneCompileForTheRunningCallAndLaterOnes(bool calledBefore)
    {
        var failures = TierUpWorker.Failures;
        var (tiers, sum) = SumOfSquaresCalledShortly(
            new EngineConfig { Tiering = true, TieringBaseline = false, TieringSynchronous = true, TieringMinCodeBytes = 0, TieringBudget = 1_000, TieringBudgetPerByte = 0 },
            calledBefore ? 2 : 0);
        Assert.Equal(SumOfSquaresBelow(100_000), sum(100_000));
        Assert.NotEqual(0, tiers.OsrLoop[0]);    // the long call moved to the loop variant
        var variant = tiers.OsrEntries[0];
        if (calledBefore)
        {
            Assert.NotEqual(0, tiers.Optimized[0]); // later calls have optimized code with it
            var plain = ((System.Reflection.Emit.TypeBuilder)tiers.Promoted[0]!.DeclaringType!).CreateType().GetMethod("f0")!;
            Assert.True(plain.GetMethodBody()!.GetILAsByteArray()!.Length < 16, "the plain entry compiled the body again");
        }
        else Assert.Equal(0, tiers.Optimized[0]); // nothing else was compiled for it
        // Later calls (each entering at tier 0 and moving over at the loop, until there is optimized code) get
        // it promoted, without compiling the loop variant again.
        for (var k = 0; k < 2_000 && tiers.Optimized[0] == 0; k++) Assert.Equal(SumOfSquaresBelow(k % 50), sum(k % 50));
        Assert.NotEqual(0, tiers.Optimized[0]);
        for (var k = 0; k < 200; k++) Assert.Equal(SumOfSquaresBelow(k), sum(k));
        Assert.Equal(variant, tiers.OsrEntries[0]);
        Assert.Equal(SumOfSquaresBelow(1_000), sum(1_000));
        Assert.Equal(failures, TierUpWorker.Failures);
    }

    /// <summary>An interpreted call that loops long moves to tier-0 code entered at its loop, and that compile is the
    /// function's tier-0 code for later calls too, whether or not it was called before: it has its entry as soon as
    /// the call moved.</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void InterpretedLoopHandOverCompilesTheFunctionOnce(bool calledBefore)
    {
        var failures = TierUpWorker.Failures;
        var (tiers, sum) = SumOfSquaresCalledShortly(
            new EngineConfig
            {
                Tiering = true, TieringBaseline = false, TieringSynchronous = true, TieringMinCodeBytes = 0, TieringBudget = 1 << 30,
                TieringInterpretMinCodeBytes = 0, TieringInterpretBudgetPerByte = 1_000,
            },
            calledBefore ? 2 : 0);
        Assert.Equal(0, tiers.HandOverLoop[0]); // still interpreted
        var handOvers = Interpretation.Interpreter.HandOvers;
        Assert.Equal(SumOfSquaresBelow(100_000), sum(100_000));
        Assert.True(Interpretation.Interpreter.HandOvers > handOvers, "the interpreted loop never moved to compiled code");
        Assert.NotEqual(0, tiers.HandOverLoop[0]);
        Assert.NotEqual(0, tiers.Entries[0]); // the hand-over's compile is the function's code
        Assert.True(tiers.TierZero[0]);
        for (var k = 0; k < 200; k++) Assert.Equal(SumOfSquaresBelow(k), sum(k));
        Assert.Equal(failures, TierUpWorker.Failures);
    }

    /// <summary>
    /// A body too branchy for the JIT to optimize (over 2,000 basic blocks), interpreted and then handed over to
    /// tier 0 at its loop, runs there for good: its budget asks for no promotion, which would only compile the same
    /// unoptimized code again. A small body in the same state is promoted as usual.
    /// </summary>
    [Theory]
    [InlineData(10, true)]
    [InlineData(1_100, false)]
    public void HandedOverBodyTheJitWouldNotOptimizeStaysAtTierZero(int branches, bool promoted)
    {
        // $acc counts the odd values below n, once per `if` of the loop body: (n / 2) * branches.
        var ifs = string.Concat(Enumerable.Repeat(
            "(if (i32.and (local.get $i) (i32.const 1)) (then (local.set $acc (i32.add (local.get $acc) (i32.const 1)))))\n", branches));
        var wat = $$"""
            (module
              (func (export "count") (param $n i32) (result i32) (local $i i32) (local $acc i32)
                (block $done
                  (loop $next
                    (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
                    {{ifs}}
                    (local.set $i (i32.add (local.get $i) (i32.const 1)))
                    (br $next)))
                (local.get $acc)))
            """;
        var declined = TierUpWorker.Declined;
        var engine = new Engine(new EngineConfig
        {
            Tiering = true, TieringBaseline = false, TieringSynchronous = true, TieringMinCodeBytes = 0, TieringBudget = 1_000, TieringBudgetPerByte = 0,
            TieringInterpretMinCodeBytes = 0, TieringInterpretBudgetPerByte = 1,
        });
        var module = Module.FromText(engine, wat);
        var tiers = module.Code.Tiers!;
        var count = new Linker(engine).Instantiate(new Store(engine), module).GetFunction<Func<int, int>>("count");
        for (var k = 0; k < 20; k++) Assert.Equal(5_000 * branches, count(10_000));
        Assert.True(tiers.TierZero[0], "the interpreted loop never moved to tier-0 code");
        Assert.Equal(promoted, tiers.Optimized[0] != 0 || tiers.OsrEntries[0] != 0);
        Assert.Equal(declined, TierUpWorker.Declined); // not even emitted
    }

    /// <summary>The JIT's limits counted on emitted IL: instructions, local references and basic blocks (one at
    /// the start, one at each branch target, one after each branch); a method over 2,000 blocks is not optimized.</summary>
    [Theory]
    [InlineData(10, true)]
    [InlineData(1_100, false)]
    public void JitLimitsCountTheBlocksOfEmittedIL(int branches, bool optimizes)
    {
        var assembly = System.Reflection.Emit.AssemblyBuilder.DefineDynamicAssembly(new("limits"), System.Reflection.Emit.AssemblyBuilderAccess.RunAndCollect);
        var type = assembly.DefineDynamicModule("limits").DefineType("T", System.Reflection.TypeAttributes.Public);
        var method = type.DefineMethod("m", System.Reflection.MethodAttributes.Public | System.Reflection.MethodAttributes.Static, typeof(int), [typeof(int)]);
        var il = method.GetILGenerator();
        var acc = il.DeclareLocal(typeof(int));
        for (var b = 0; b < branches; b++)
        {
            // if ((x & 1) != 0) acc++;  : a branch, the increment's block, and the join as the branch's target.
            var skip = il.DefineLabel();
            il.Emit(System.Reflection.Emit.OpCodes.Ldarg_0);
            il.Emit(System.Reflection.Emit.OpCodes.Ldc_I4_1);
            il.Emit(System.Reflection.Emit.OpCodes.And);
            il.Emit(System.Reflection.Emit.OpCodes.Brfalse, skip);
            il.Emit(System.Reflection.Emit.OpCodes.Ldloc, acc);
            il.Emit(System.Reflection.Emit.OpCodes.Ldc_I4_1);
            il.Emit(System.Reflection.Emit.OpCodes.Add);
            il.Emit(System.Reflection.Emit.OpCodes.Stloc, acc);
            il.MarkLabel(skip);
        }
        il.Emit(System.Reflection.Emit.OpCodes.Ldloc, acc);
        il.Emit(System.Reflection.Emit.OpCodes.Ret);
        var baked = type.CreateType();
        var body = baked.GetMethod("m")!.GetMethodBody()!;
        var (instructions, localRefs, blocks) = JitLimits.Count(body.GetILAsByteArray()!, body.ExceptionHandlingClauses);
        Assert.Equal(8 * branches + 2, instructions);
        Assert.Equal(3 * branches + 1, localRefs);
        Assert.Equal(2 * branches + 1, blocks);
        Assert.Equal(optimizes, JitLimits.Optimizes(baked, "m"));
        Assert.Equal(branches, baked.GetMethod("m")!.Invoke(null, [1]));
    }

    /// <summary>A function's budget grows with its body (<c>TieringBudgetPerByte</c>): the same calls that get it
    /// promoted with a flat budget leave it at tier 0, and it is promoted once it has spent the larger one.</summary>
    [Theory]
    [InlineData(0)]
    [InlineData(1_000)]
    public void BudgetGrowsWithTheBody(int perByte)
    {
        const string wat = """
            (module
              (func (export "mix") (param i32) (result i32)
                (i32.xor (i32.mul (i32.add (local.get 0) (i32.const 0x1234)) (i32.const 0x9e3779b1))
                         (i32.shr_u (local.get 0) (i32.const 7)))))
            """;
        var engine = new Engine(new EngineConfig
        {
            Tiering = true, TieringBaseline = false, TieringSynchronous = true, TieringMinCodeBytes = 0, TieringBudget = 60, TieringBudgetPerByte = perByte,
        });
        var module = Module.FromText(engine, wat);
        var tiers = module.Code.Tiers!;
        var mix = new Linker(engine).Instantiate(new Store(engine), module).GetFunction<Func<int, int>>("mix");
        static int Expected(int x) => (int)((uint)((x + 0x1234) * unchecked((int)0x9e3779b1)) ^ ((uint)x >> 7));
        for (var k = 0; k < 100; k++) Assert.Equal(Expected(k), mix(k));
        Assert.Equal(perByte == 0, tiers.Optimized[0] != 0);
        for (var k = 0; k < 100_000 && tiers.Optimized[0] == 0; k++) Assert.Equal(Expected(k), mix(k));
        Assert.NotEqual(0, tiers.Optimized[0]);
    }

    /// <summary>The budget a byte grows with the body past <see cref="TierState.BudgetScaleBytes"/>, as optimizing
    /// large bodies costs the JIT more a byte: a 4 KiB body gets twice what a 256-byte one gets a byte.</summary>
    [Fact]
    public void BudgetPerByteGrowsWithTheBody()
    {
        var wat = $"(module (func {string.Concat(Enumerable.Repeat("nop ", 256))}) (func {string.Concat(Enumerable.Repeat("nop ", 4096))}))";
        var engine = new Engine(new EngineConfig { Tiering = true, TieringBaseline = false, TieringBudget = 0, TieringBudgetPerByte = 1_000 });
        var module = Module.FromText(engine, wat);
        var tiers = module.Code.Tiers!;
        double PerByte(int f) => tiers.Counters[f] / (double)module.Info.Bodies[f].CodeLength;
        Assert.Equal(1_000, PerByte(0));
        Assert.InRange(PerByte(1), 1_950, 2_050);
    }

    /// <summary>Starting in the interpreter: a loop that runs long moves to its on-stack-replacement variant in
    /// the middle of the call, and a function called often is compiled (budgets of 1 and 50 per byte).</summary>
    [Theory]
    [InlineData(1, 3)]
    [InlineData(50, 50)]
    [InlineData(1 << 20, 50)]
    public void InterpretedCodeMovesToCompiledCodeAndKeepsResults(int interpretPerByte, int budget)
    {
        var expected = RunNested(new Engine(), 3_000, 12345);
        var failures = TierUpWorker.Failures;
        var (calls, handOvers) = (Wasm.Interpretation.Interpreter.Calls, Wasm.Interpretation.Interpreter.HandOvers);
        var engine = Tiered(budget, interpretPerByte: interpretPerByte);
        Assert.Equal(expected, RunNested(engine, 3_000, 12345));
        Assert.Equal(expected, RunNested(engine, 3_000, 12345));
        Assert.Equal(failures, TierUpWorker.Failures);
        Assert.True(Wasm.Interpretation.Interpreter.Calls > calls, "nothing was interpreted");
        if (interpretPerByte < 1 << 20) Assert.True(Wasm.Interpretation.Interpreter.HandOvers > handOvers, "the interpreted loop never moved to compiled code");
    }

    /// <summary>A body past what the JIT optimizes (72 KB: a loop between long runs of straight-line code)
    /// starts in the interpreter under the default configuration: a long loop in it moves to its plain code
    /// entered at that loop, and many short calls get it compiled; results match untiered code throughout.</summary>
    [Fact]
    public void LargeBodiesStartInTheInterpreter()
    {
        var pad = string.Concat(Enumerable.Repeat("(global.set $g (i32.add (global.get $g) (i32.const 3)))\n", 4_000));
        var wat = $$"""
            (module
              (global $g (mut i32) (i32.const 0))
              (func (export "big") (param $n i32) (result i32) (local $i i32) (local $acc i32)
                {{pad}}
                (loop $l
                  (local.set $acc (i32.add (i32.mul (local.get $acc) (i32.const 31)) (local.get $i)))
                  (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
                {{pad}}
                (i32.add (local.get $acc) (global.get $g))))
            """;
        static Func<int, int> Big(Engine engine, string wat) =>
            new Linker(engine).Instantiate(new Store(engine), Module.FromText(engine, wat)).GetFunction<Func<int, int>>("big");
        var untiered = Big(new Engine(), wat);
        var expectedLong = untiered(2_000_000);
        var fresh = Big(new Engine(), wat);
        var expectedShort = Enumerable.Range(0, 500).Select(_ => fresh(3)).ToArray();
        var failures = TierUpWorker.Failures;

        var (calls, handOvers) = (Wasm.Interpretation.Interpreter.Calls, Wasm.Interpretation.Interpreter.HandOvers);
        Assert.Equal(expectedLong, Big(new Engine(new EngineConfig { Tiering = true, TieringBaseline = false, TieringSynchronous = true }), wat)(2_000_000));
        Assert.True(Wasm.Interpretation.Interpreter.Calls > calls, "the large body was not interpreted");
        Assert.True(Wasm.Interpretation.Interpreter.HandOvers > handOvers, "the long loop never moved to compiled code");

        calls = Wasm.Interpretation.Interpreter.Calls;
        var often = Big(new Engine(new EngineConfig { Tiering = true, TieringBaseline = false, TieringSynchronous = true }), wat);
        Assert.Equal(expectedShort, Enumerable.Range(0, 500).Select(_ => often(3)).ToArray());
        var interpreted = Wasm.Interpretation.Interpreter.Calls - calls;
        Assert.InRange(interpreted, 10, 499); // interpreted first, compiled once its budget was spent
        Assert.Equal(failures, TierUpWorker.Failures);
    }

    /// <summary>An interpreted call into compiled code that re-enters the interpreter deeply enough to grow the
    /// thread's slot array gets its result from the grown array.</summary>
    [Fact]
    public void InterpretedCallsSurviveTheSlotArrayGrowingUnderThem()
    {
        var locals = string.Join(' ', Enumerable.Repeat("f64", 64));
        var wat = $$"""
            (module
              (func $deep (param $n i32) (result i32) (local {{locals}})
                (if (result i32) (i32.eqz (local.get $n))
                  (then (i32.const 7))
                  (else (i32.add (call $deep (i32.sub (local.get $n) (i32.const 1))) (i32.const 1)))))
              ;; A v128 local keeps this one out of the interpreter: compiled code between interpreted calls.
              (func $compiled (param $n i32) (result i32) (local v128)
                (call $deep (local.get $n)))
              (func (export "outer") (param $n i32) (result i32)
                (i32.add (call $compiled (local.get $n)) (i32.const 100))))
            """;
        var engine = Tiered(TierState.DefaultBudget, interpretPerByte: 1 << 20);
        var calls = Wasm.Interpretation.Interpreter.Calls;
        var outer = new Linker(engine).Instantiate(new Store(engine), Module.FromText(engine, wat)).GetFunction<Func<int, int>>("outer");
        Assert.Equal(7 + 500 + 100, outer(500));
        Assert.True(Wasm.Interpretation.Interpreter.Calls - calls > 500, "the recursion was not interpreted");
    }

    [Fact]
    public void BackgroundPromotionReachesRunningCode()
    {
        var expected = RunNested(new Engine(), 20_000, 99);
        var promotions = TierUpWorker.Promotions;
        var engine = Tiered(TierState.DefaultBudget, synchronous: false);
        Assert.Equal(expected, RunNested(engine, 20_000, 99));
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (TierUpWorker.Promotions == promotions && DateTime.UtcNow < deadline) Thread.Sleep(10);
        Assert.True(TierUpWorker.Promotions > promotions, "the background thread promoted nothing");
        Assert.Equal(expected, RunNested(engine, 20_000, 99));
    }

    /// <summary>A loop that never ends.</summary>
    private const string Spin = """
        (module
          (func (export "spin") (param $n i32) (result i32)
            (local $i i32) (local $acc i32)
            (loop $l
              (local.set $acc (i32.add (local.get $acc) (i32.mul (local.get $i) (local.get $n))))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br $l))
            (local.get $acc)))
        """;

    /// <summary>Runs <see cref="Spin"/> with an epoch deadline one tick away, ticks the epoch once
    /// <paramref name="beforeTick"/> returns on another thread, and checks that the loop trapped as interrupted.</summary>
    private static void SpinUntilTheEpochTicks(Engine engine, Action beforeTick)
    {
        var store = new Store(engine);
        var spin = new Linker(engine).Instantiate(store, Module.FromText(engine, Spin)).GetFunction<Func<int, int>>("spin");
        store.SetEpochDeadline(1);
        var ticker = new Thread(() =>
        {
            beforeTick();
            engine.IncrementEpoch();
        });
        ticker.Start();
        var e = Assert.Throws<TrapException>(() => spin(3));
        ticker.Join();
        Assert.Equal(TrapCode.Interrupted, e.Code);
    }

    /// <summary>A loop that never ends, at tier 0 and after on-stack replacement into optimized code (background
    /// promotion), still stops at the epoch deadline.</summary>
    [Fact]
    public void EpochInterruptsTierZeroAndReplacedLoops()
    {
        var engine = new Engine(new EngineConfig { Tiering = true, TieringBaseline = false, EpochInterruption = true, TieringMinCodeBytes = 0, TieringBudget = 100, TieringBudgetPerByte = 0 });
        var osr = TierUpWorker.OsrPromotions;
        SpinUntilTheEpochTicks(engine, () =>
        {
            // Interrupt once the loop has been replaced (and a little after, so the new code is what runs).
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (TierUpWorker.OsrPromotions == osr && DateTime.UtcNow < deadline) Thread.Sleep(5);
            Thread.Sleep(50);
        });
        Assert.True(TierUpWorker.OsrPromotions > osr, "the loop was not replaced while it ran");
    }

    /// <summary>The interpreter reads locals and constants in place and writes results straight into locals: a
    /// value read from a local before the local changes keeps the old value (on the stack, carried by a branch,
    /// kept by select, passed to a call), and a result that a jump target also receives is not written early.
    /// Each function runs interpreted and compiled, and both give what the wasm means.</summary>
    [Theory]
    [InlineData("old_value_survives_set", 5, 5 * 1000 + 6)]
    [InlineData("tee_then_set", 5, 6 + 7)]
    [InlineData("carried_by_branch", 3, 3)]
    [InlineData("carried_by_table", 1, 10)]
    [InlineData("select_keeps_old", 4, 4)]
    [InlineData("argument_before_set", 9, 9 * 2)]
    [InlineData("result_at_label", 0, 100)]
    [InlineData("result_at_label", 1, 42)]
    [InlineData("loop_swaps", 10, 55)]
    public void InterpretedRegisterCodeKeepsValuesReadBeforeTheirLocalChanges(string name, int argument, int expected)
    {
        const string wat = """
            (module
              (func $double (param i32) (result i32) (i32.add (local.get 0) (local.get 0)))
              (func (export "old_value_survives_set") (param $x i32) (result i32)
                (local.get $x)                                   ;; 5, read in place
                (local.set $x (i32.add (local.get $x) (i32.const 1)))
                (i32.mul (i32.const 1000))
                (i32.add (local.get $x)))
              (func (export "tee_then_set") (param $x i32) (result i32)
                (local.tee $x (i32.add (local.get $x) (i32.const 1)))   ;; 6
                (local.set $x (i32.add (local.get $x) (i32.const 1)))   ;; x = 7
                (i32.add (local.get $x)))                               ;; 6 + 7
              (func (export "carried_by_branch") (param $x i32) (result i32)
                (block $out (result i32)
                  (local.get $x)
                  (local.set $x (i32.const 99))
                  (br_if $out (i32.const 1))
                  (drop)
                  (i32.const -1)))
              (func (export "carried_by_table") (param $x i32) (result i32)
                (local $y i32)
                (local.set $y (i32.const 10))
                (block $b (result i32)
                  (block $a (result i32)
                    (local.get $y)
                    (local.set $y (i32.const 20))
                    (br_table $a $b (local.get $x)))
                  (i32.add (i32.const 1000))))
              (func (export "select_keeps_old") (param $x i32) (result i32)
                (local.get $x)
                (local.set $x (i32.const 77))
                (select (i32.const 88) (i32.const 1)))
              (func (export "argument_before_set") (param $x i32) (result i32)
                (local.get $x)
                (local.set $x (i32.const 0))
                (call $double)
                (i32.add (local.get $x)))
              (func (export "result_at_label") (param $x i32) (result i32)
                (local $r i32)
                (local.set $r
                  (block $done (result i32)
                    (drop (br_if $done (i32.const 42) (local.get $x)))
                    (i32.const 100)))
                (local.get $r))
              (func (export "loop_swaps") (param $n i32) (result i32)
                (local $a i32) (local $b i32) (local $t i32)
                (local.set $b (i32.const 1))
                (block $exit
                  (loop $next
                    (br_if $exit (i32.eqz (local.get $n)))
                    (local.get $a)
                    (local.set $a (local.get $b))
                    (local.set $b (i32.add (local.get $b)))
                    (local.set $n (i32.sub (local.get $n) (i32.const 1)))
                    (br $next)))
                (local.get $a)))
            """;
        var interpreting = new Engine(new EngineConfig
        {
            Tiering = true, TieringBaseline = false, TieringMinCodeBytes = 0, TieringInterpretMinCodeBytes = 0, TieringInterpretBudgetPerByte = 1 << 20,
        });
        var calls = Wasm.Interpretation.Interpreter.Calls;
        var interpreted = new Linker(interpreting).Instantiate(new Store(interpreting), Module.FromText(interpreting, wat))
            .GetFunction<Func<int, int>>(name)(argument);
        Assert.True(Wasm.Interpretation.Interpreter.Calls > calls, "nothing was interpreted");
        var engine = new Engine();
        var compiled = new Linker(engine).Instantiate(new Store(engine), Module.FromText(engine, wat)).GetFunction<Func<int, int>>(name)(argument);
        Assert.Equal(expected, compiled);
        Assert.Equal(expected, interpreted);
    }

    /// <summary>The interpreter folds an i32 comparison into the conditional branch that consumes it (as
    /// <c>br_if</c>, as <c>if</c>, and as a <c>br_if</c> carrying a value), and an i32.add into the memory access at
    /// the address it makes. Each folded form computes what compiled code computes, at the edges of every
    /// comparison and around the end of memory and the 32-bit wrap of the address.</summary>
    [Fact]
    public void InterpretedFusedStepsMatchCompiledCode()
    {
        string[] compares = ["eq", "ne", "lt_s", "lt_u", "gt_s", "gt_u", "le_s", "le_u", "ge_s", "ge_u"];
        string[] loads = ["i32.load", "i64.load", "f32.load", "f64.load", "i32.load8_s", "i32.load8_u", "i32.load16_s", "i32.load16_u"];
        string[] stores = ["i32.store", "i64.store", "f32.store", "f64.store", "i32.store8", "i32.store16"];
        var wat = new System.Text.StringBuilder("(module (memory 1)\n");
        foreach (var c in compares)
        {
            wat.Append($"(func (export \"br_if {c}\") (param i32 i32) (result i32) (block (br_if 0 (i32.{c} (local.get 0) (local.get 1))) (return (i32.const 7))) (i32.const 9))\n");
            wat.Append($"(func (export \"if {c}\") (param i32 i32) (result i32) (if (result i32) (i32.{c} (local.get 0) (local.get 1)) (then (i32.const 3)) (else (i32.const 5))))\n");
            wat.Append($"(func (export \"carry {c}\") (param i32 i32) (result i32) (block (result i32) (drop (br_if 0 (i32.const 11) (i32.{c} (local.get 0) (local.get 1)))) (i32.const 13)))\n");
            wat.Append($"(func (export \"carry deeper {c}\") (param i32 i32) (result i32) (block (result i32) (i32.const 100) (br_if 0 (i32.const 11) (i32.{c} (local.get 0) (local.get 1))) (drop) (drop) (i32.const 13)))\n");
        }
        wat.Append("(func (export \"br_if eqz\") (param i32 i32) (result i32) (block (br_if 0 (i32.eqz (i32.xor (local.get 0) (local.get 1)))) (return (i32.const 7))) (i32.const 9))\n");
        wat.Append("(func (export \"if eqz\") (param i32 i32) (result i32) (if (result i32) (i32.eqz (i32.xor (local.get 0) (local.get 1))) (then (i32.const 3)) (else (i32.const 5))))\n");
        foreach (var l in loads)
        {
            var result = l[..3];
            var widen = result switch { "i32" => "(i64.extend_i32_u)", "f32" => "(i32.reinterpret_f32) (i64.extend_i32_u)", "f64" => "(i64.reinterpret_f64)", _ => "" };
            wat.Append($"(func (export \"{l}\") (param i32 i32) (result i32) (i64.store (i32.const 65520) (i64.const 0x8182838485868788)) ({l} offset=3 (i32.add (local.get 0) (local.get 1))) {widen} (i32.wrap_i64))\n");
        }
        foreach (var st in stores)
        {
            var value = st[..3] switch { "i32" => "(i32.const 0xa1b2c3d4)", "i64" => "(i64.const 0x0102030405060708)", "f32" => "(f32.const -1.5)", _ => "(f64.const 2.25)" };
            wat.Append($"(func (export \"{st}\") (param i32 i32) (result i32) (i64.store (i32.const 65520) (i64.const 0)) ({st} offset=3 (i32.add (local.get 0) (local.get 1)) {value}) (i32.wrap_i64 (i64.xor (i64.load (i32.const 65520)) (i64.load (i32.const 65524)))))\n");
        }
        wat.Append(')');
        var text = wat.ToString();

        var interpreting = new Engine(new EngineConfig
        {
            Tiering = true, TieringBaseline = false, TieringMinCodeBytes = 0, TieringInterpretMinCodeBytes = 0, TieringInterpretBudgetPerByte = 1 << 20,
        });
        var interpretedModule = Module.FromText(interpreting, text);
        var fused = 0;
        for (var f = 0; f < interpretedModule.Info.Bodies.Count; f++)
            foreach (var step in Wasm.Interpretation.InterpretedBody.TryCreate(interpretedModule.Info, f)!.Code)
                if (step.Op is >= Wasm.Interpretation.InterpretedBody.JumpIfCompare and <= Wasm.Interpretation.InterpretedBody.JumpIfCompare + 9
                    or >= Wasm.Interpretation.InterpretedBody.LoadIndexed and <= Wasm.Interpretation.InterpretedBody.LoadIndexed + 7
                    or >= Wasm.Interpretation.InterpretedBody.StoreIndexed and <= Wasm.Interpretation.InterpretedBody.StoreIndexed + 5)
                    fused++;
                else Assert.NotEqual(Wasm.Instructions.Opcode.I32Eqz, step.Op); // folded into the branch on its operand
        Assert.Equal(compares.Length * 4 + loads.Length + stores.Length, fused);
        var interpreted = new Linker(interpreting).Instantiate(new Store(interpreting), interpretedModule);
        var engine = new Engine();
        var compiled = new Linker(engine).Instantiate(new Store(engine), Module.FromText(engine, text));

        int[] values = [0, 1, -1, 2, -2, int.MaxValue, int.MinValue, 65520, 65525, 65528, 65532, 65533];
        var calls = Wasm.Interpretation.Interpreter.Calls;
        var checkedCases = 0;
        foreach (var export in compiled.Exports.Select(e => e.Key))
            foreach (var a in values)
                foreach (var b in values)
                {
                    var expected = Outcome(() => compiled.GetFunction<Func<int, int, int>>(export)(a, b));
                    Assert.True(expected == Outcome(() => interpreted.GetFunction<Func<int, int, int>>(export)(a, b)), $"{export}({a}, {b}): compiled {expected}");
                    checkedCases++;
                }
        Assert.True(Wasm.Interpretation.Interpreter.Calls - calls >= checkedCases, "not every call was interpreted");

        static string Outcome(Func<int> call)
        {
            try
            {
                return call().ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            catch (TrapException e)
            {
                return e.Code.ToString();
            }
        }
    }

    /// <summary>An interpreted loop that never ends traps once the epoch deadline passes.</summary>
    [Fact]
    public void EpochInterruptsInterpretedLoops()
    {
        var engine = new Engine(new EngineConfig
        {
            Tiering = true, TieringBaseline = false, EpochInterruption = true, TieringMinCodeBytes = 0,
            TieringInterpretMinCodeBytes = 0, TieringInterpretBudgetPerByte = 1 << 20,
        });
        var calls = Wasm.Interpretation.Interpreter.Calls;
        SpinUntilTheEpochTicks(engine, () => Thread.Sleep(50));
        Assert.True(Wasm.Interpretation.Interpreter.Calls > calls, "the loop was not interpreted");
    }

    /// <summary>Two threads run the same tiered function of a shared memory at once (budgets spent from both,
    /// promotion while both run) and every increment lands.</summary>
    [Fact]
    public void ThreadsSharingTieredCodeKeepEveryUpdate()
    {
        const string wat = """
            (module
              (memory 1 1 shared)
              (func (export "add") (param $n i32)
                (local $i i32)
                (loop $l
                  (drop (i32.atomic.rmw.add (i32.const 0) (i32.const 1)))
                  (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n)))))
              (func (export "get") (result i32) (i32.atomic.load (i32.const 0))))
            """;
        var engine = new Engine(new EngineConfig { Tiering = true, TieringBaseline = false, TieringMinCodeBytes = 0, TieringBudget = 500, TieringBudgetPerByte = 0 });
        var store = new Store(engine);
        var instance = new Linker(engine).Instantiate(store, Module.FromText(engine, wat));
        var add = instance.GetFunction<Action<int>>("add");
        var threads = Enumerable.Range(0, 2).Select(_ => new Thread(() => { for (var k = 0; k < 20; k++) add(50_000); })).ToArray();
        foreach (var t in threads) t.Start();
        foreach (var t in threads) t.Join();
        Assert.Equal(2 * 20 * 50_000, instance.GetFunction<Func<int>>("get")());
    }

    /// <summary>Compiling a tiered module validates it and emits nothing; each function's body is emitted when it
    /// is first called (directly, through a table, as an export), with the small functions it calls.</summary>
    [Fact]
    public void BodiesAreEmittedOnFirstCall()
    {
        const string wat = """
            (module
              (type $t (func (param i32) (result i32)))
              (table 1 funcref)
              (elem (i32.const 0) $viaTable)
              (func $small (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
              (func $viaTable (type $t) (i32.mul (local.get 0) (i32.const 3)))
              (func (export "run") (param i32) (result i32)
                (call_indirect (type $t) (call $small (local.get 0)) (i32.const 0)))
              (func (export "never") (result i32) (i32.const 7)))
            """;
        var engine = new Engine(new EngineConfig { Tiering = true, TieringBaseline = false, TieringSynchronous = true });
        var module = Module.FromText(engine, wat);
        var entries = module.Code.Tiers!.Entries;
        Assert.All(entries, e => Assert.Equal(0, e));
        var instance = new Linker(engine).Instantiate(new Store(engine), module);
        Assert.All(entries, e => Assert.Equal(0, e));

        Assert.Equal(18, instance.GetFunction<Func<int, int>>("run")(5));
        Assert.NotEqual(0, entries[0]); // $small, emitted with "run" (its caller)
        Assert.NotEqual(0, entries[1]); // $viaTable, on its first call through the table
        Assert.NotEqual(0, entries[2]);
        Assert.Equal(0, entries[3]);    // never called
        Assert.Equal(7, instance.GetFunction<Func<int>>("never")());
        Assert.NotEqual(0, entries[3]);
    }

    /// <summary>Modules without functions, or without code, give the thread working ahead of need nothing to do;
    /// it finishes with them without a failure (and never takes the process down).</summary>
    [Fact]
    public void ModulesWithoutFunctionsLeaveTheBackgroundThreadIdle()
    {
        var failures = TierUpWorker.Failures;
        var engine = new Engine(new EngineConfig { Tiering = true, TieringBaseline = false, BackgroundCompilation = true });
        foreach (var wat in (string[])["(module)", "(module (memory 1) (global i32 (i32.const 7)))", "(module (func (export \"f\")))"])
            new Linker(engine).Instantiate(new Store(engine), Module.FromText(engine, wat));
        Assert.True(TierUpWorker.WaitUntilIdle(TimeSpan.FromSeconds(30)), "the background thread did not finish");
        Assert.True(TierUpWorker.Failures == failures, TierUpWorker.LastFailure?.ToString());
    }

    /// <summary>Threads (each with its own store, as stores are single-threaded) that call a function of one
    /// module without code at the same moment all get its result: one emits it, the others wait for it.</summary>
    [Fact]
    public void ConcurrentFirstCallsAllSucceed()
    {
        var expected = RunNested(new Engine(), 200, 5);
        for (var round = 0; round < 5; round++)
        {
            var engine = Tiered(TierState.DefaultBudget, synchronous: false);
            var module = Module.FromText(engine, Loops);
            var nested = Enumerable.Range(0, 4).Select(_ => new Linker(engine).Instantiate(new Store(engine), module)
                .GetFunction<Func<int, long, long>>("nested")).ToArray();
            var start = new Barrier(4);
            var results = new long[4];
            var threads = Enumerable.Range(0, 4).Select(k => new Thread(() =>
            {
                start.SignalAndWait();
                results[k] = nested[k](200, 5);
            })).ToArray();
            foreach (var t in threads) t.Start();
            foreach (var t in threads) t.Join();
            Assert.All(results, r => Assert.Equal(expected, r));
        }
    }

    /// <summary>A tiered compile checks bodies after decoding the rest of the module, on two threads; it still
    /// reports the error a full decode and then validation meet first: a malformed body before an invalid one.</summary>
    [Fact]
    public void MalformedBody_IsReportedBeforeAnEarlierInvalidOne_AsUntiered()
    {
        var bytes = Wasm.Text.Wat.ToBinary("""
            (module
              (func (result i32) (i64.const 0))
              (func nop))
            """);
        // The second body is [0 locals, nop, end]: make its nop an illegal opcode.
        var at = bytes.AsSpan().LastIndexOf([(byte)0x00, (byte)0x01, (byte)0x0b]);
        Assert.True(at > 0);
        bytes[at + 1] = 0xff;
        var untiered = Assert.Throws<MalformedModuleException>(() => Module.FromBytes(new Engine(), bytes));
        var tiered = Assert.Throws<MalformedModuleException>(() => Module.FromBytes(Tiered(TierState.DefaultBudget), bytes));
        Assert.Equal(untiered.Message, tiered.Message);
        Assert.Equal(untiered.Offset, tiered.Offset);
    }

    /// <summary>Tier-0 budgets, and the interpreter's budget per byte of body (-1: functions start compiled).</summary>
    public static IEnumerable<object[]> Budgets() =>
        [[1, -1, false], [3, -1, false], [50, -1, false], [3, 1, false], [3, 1 << 20, false], [1, -1, true], [50, -1, true], [1 << 30, -1, true]];

    /// <summary>Every top-level spec script passes with functions moving between tiers as they run: at entry
    /// (budget 1), after a few calls or iterations, and inside loops (with on-stack replacement); and with every
    /// function the interpreter handles starting there, leaving it after a few calls (per-byte budget 1: compiled on a
    /// call, moved to optimized code by on-stack replacement in a loop) or never; and with functions starting on
    /// baseline machine code, moving on as tier-0 code does, or never (every invocation of a function baseline code
    /// handles runs there).</summary>
    [Theory]
    [MemberData(nameof(Budgets))]
    public void SpecSuiteUnderTiering(int budget, int interpretPerByte, bool baseline)
    {
        if (baseline && !Wasm.Baseline.CodeMemory.IsSupported) return; // other platforms keep the IL path only
        var failures = TierUpWorker.Failures;
        var interpreted = Wasm.Interpretation.Interpreter.Calls;
        var native = Wasm.Baseline.NativeInstance.Runs;
        var transfers = Wasm.Baseline.NativeInstance.OsrTransfers;
        int passed = 0, failed = 0;
        var messages = new List<string>();
        foreach (var f in CorpusPaths.WastFiles())
        {
            var file = (string)f[0];
            var result = new WastRunner(Tiered(budget, interpretPerByte: interpretPerByte, baseline: baseline)).RunFile(Path.Combine(CorpusPaths.Testsuite!, file));
            passed += result.Passed;
            failed += result.Failed;
            messages.AddRange(result.Failures.Take(3).Select(m => $"{file}: {m}"));
        }
        interpreted = Wasm.Interpretation.Interpreter.Calls - interpreted;
        native = Wasm.Baseline.NativeInstance.Runs - native;
        transfers = Wasm.Baseline.NativeInstance.OsrTransfers - transfers;
        output.WriteLine($"budget {budget}, interpreter {interpretPerByte}, baseline {baseline}: {passed} passed, {failed} failed; {interpreted} interpreted calls, {native} calls into baseline code, {transfers} moved from baseline loops, {TierUpWorker.Promotions} promotions, {TierUpWorker.OsrPromotions} with on-stack replacement so far");
        if (interpretPerByte >= 0) Assert.True(interpreted > 1_000, $"{interpreted} interpreted calls");
        if (baseline) Assert.True(native > (budget > 1 << 20 ? 20_000 : 1_000), $"{native} calls into baseline code");
        Assert.True(failed == 0, string.Join('\n', messages.Take(20)));
        Assert.True(passed > 60_000);
        Assert.True(TierUpWorker.Failures == failures, TierUpWorker.LastFailure?.ToString());
    }
}
