namespace Wasm.Tests.Api;

/// <summary>
/// Accesses through the same unchanged local reuse an earlier bounds check; these cases make sure a check is
/// only left out where an earlier one really covers the access.
/// </summary>
public class BoundsCheckTests
{
    private const string Module = """
        (module
          (memory 1)
          ;; a wider access after a narrower one through the same local must still be checked
          (func (export "wider_after_narrower") (param $p i32) (result i32)
            (drop (i32.load8_u (local.get $p)))
            (i32.load offset=4 (local.get $p)))
          ;; a narrower access after a wider one is covered
          (func (export "narrower_after_wider") (param $p i32) (result i32)
            (drop (i64.load (local.get $p)))
            (i32.load16_u offset=6 (local.get $p)))
          ;; the first store lands before the second one traps
          (func (export "store_then_trap") (param $p i32)
            (i32.store (local.get $p) (i32.const 7))
            (i32.store offset=4 (local.get $p) (i32.const 8)))
          (func (export "peek") (param $p i32) (result i32) (i32.load (local.get $p)))
          ;; stores whose value is a local, a constant of each type, through a checked and a covered address
          (func (export "store_values") (param $p i32) (param $v i64) (result i64)
            (i64.store (local.get $p) (local.get $v))
            (i64.store offset=8 (local.get $p) (i64.const 0x1122334455667788))
            (f64.store offset=16 (local.get $p) (f64.const -1.5))
            (f32.store offset=24 (local.get $p) (f32.const 2.5))
            (i32.store offset=28 (local.get $p) (i32.const -3))
            (i64.store16 (local.get $p) (local.get $v))
            (i64.add (i64.add (i64.load (local.get $p)) (i64.load offset=8 (local.get $p)))
              (i64.add (i64.load offset=16 (local.get $p)) (i64.load offset=24 (local.get $p)))))
          ;; writing the local forgets what was checked for it
          (func (export "after_set") (param $p i32) (param $q i32) (result i32)
            (drop (i32.load offset=8 (local.get $p)))
            (local.set $p (local.get $q))
            (i32.load (local.get $p)))
          (func (export "after_tee") (param $p i32) (param $q i32) (result i32)
            (drop (i32.load offset=8 (local.get $p)))
            (drop (local.tee $p (local.get $q)))
            (i32.load (local.get $p)))
          ;; a check made on one path does not cover the code after the paths join
          (func (export "after_join") (param $p i32) (param $c i32) (result i32)
            (if (local.get $c) (then (drop (i32.load offset=8 (local.get $p)))))
            (i32.load offset=4 (local.get $p)))
          (func (export "loop_head") (param $p i32) (param $n i32) (result i32)
            (local $sum i32)
            (drop (i32.load offset=8 (local.get $p)))
            (loop $l
              (local.set $sum (i32.add (local.get $sum) (i32.load (local.get $p))))
              (local.set $p (i32.add (local.get $p) (i32.const 4)))
              (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
            (local.get $sum))
          ;; a teed address is checked once and then covers narrower accesses
          (func (export "teed") (param $p i32) (result i32)
            (local $q i32)
            (i32.store offset=4 (local.tee $q (local.get $p)) (i32.const 5))
            (i32.add (i32.load offset=4 (local.get $q)) (i32.load8_u (local.get $q))))
          ;; values beneath an access's operands, set aside around its check (up to six) or not (seven)
          (func (export "beneath") (param $p i32) (param $q i32) (result i64)
            (i64.const 1000) (f64.const 2.5) (i32.const 7)
            (i32.load (local.get $p))
            (i32.sub)
            (i32.load offset=4 (i32.add (local.get $q) (i32.const 0)))
            (i32.sub)
            (f64.convert_i32_s) (f64.sub) (i64.trunc_f64_s) (i64.sub))
          (func (export "three_beneath") (param $p i32) (result i32)
            (i32.const 10) (i32.const 3) (i32.const 1)
            (i32.load8_u (local.get $p))
            (i32.add) (i32.mul) (i32.sub))
          (func (export "four_beneath") (param $p i32) (result i32)
            (i32.const 10) (i32.const 3) (i32.const 1) (i32.const 5)
            (i32.load (local.get $p))
            (i32.add) (i32.add) (i32.mul) (i32.sub))
          (func (export "seven_beneath") (param $p i32) (result i32)
            (i32.const 1) (i32.const 2) (i32.const 4) (i32.const 10) (i32.const 3) (i32.const 1) (i32.const 5)
            (i32.load (local.get $p))
            (i32.add) (i32.add) (i32.mul) (i32.sub) (i32.sub) (i32.sub) (i32.sub))
          (func (export "beneath_store") (param $p i32) (param $v i32) (result i32)
            (i32.const 50) (i32.const 8)
            (i32.store (local.get $p) (local.get $v))
            (i32.store offset=4 (i32.add (local.get $p) (i32.const 0)) (i32.const 9))
            (i32.sub)
            (i32.load (local.get $p)) (i32.sub)
            (i32.load offset=4 (local.get $p)) (i32.add))
          (func (export "grow_between") (param $p i32) (result i32)
            (drop (i32.load (local.get $p)))
            (drop (memory.grow (i32.const 1)))
            (i32.load (local.get $p))))
        """;

    private readonly Instance _instance = ApiHelpers.Instantiate(Module);

    private T Call<T>(string name) where T : Delegate => _instance.GetFunction<T>(name)!;

    private static void AssertOutOfBounds(Action action) =>
        Assert.Equal(TrapCode.MemoryOutOfBounds, Assert.Throws<TrapException>(action).Code);

    [Fact]
    public void WiderAccess_IsStillChecked()
    {
        var f = Call<Func<int, int>>("wider_after_narrower");
        Assert.Equal(0, f(65528));
        AssertOutOfBounds(() => f(65533));
    }

    [Fact]
    public void NarrowerAccess_IsCoveredAndCorrect()
    {
        var f = Call<Func<int, int>>("narrower_after_wider");
        Assert.Equal(0, f(65528));
        AssertOutOfBounds(() => f(65529));
    }

    [Fact]
    public void StoreBeforeTrap_IsVisible()
    {
        AssertOutOfBounds(() => Call<Action<int>>("store_then_trap")(65532));
        Assert.Equal(7, Call<Func<int, int>>("peek")(65532));
    }

    [Fact]
    public void StoredValues_AreTheOperands()
    {
        const long V = 0x0102030405060708;
        var expected = unchecked((V & ~0xFFFFL | 0x0708) + 0x1122334455667788 + BitConverter.DoubleToInt64Bits(-1.5)
            + ((long)(uint)-3 << 32 | (uint)BitConverter.SingleToInt32Bits(2.5f)));
        Assert.Equal(expected, Call<Func<int, long, long>>("store_values")(64, V));
        AssertOutOfBounds(() => Call<Func<int, long, long>>("store_values")(65536 - 16, V));
    }

    /// <summary>Values beneath an access's operands come back in order after its check, of every numeric
    /// type, whether the address is a local or computed; an access beyond the end still traps.</summary>
    [Fact]
    public void ValuesBeneathAnAccess_SurviveItsCheck()
    {
        var beneath = Call<Func<int, int, long>>("beneath");
        Assert.Equal(1000 - (long)(2.5 - 7), beneath(65532, 0));
        AssertOutOfBounds(() => beneath(65533, 0));
        AssertOutOfBounds(() => beneath(0, 65529));
        Assert.Equal(10 - 3 * 1, Call<Func<int, int>>("three_beneath")(65535));
        AssertOutOfBounds(() => Call<Func<int, int>>("three_beneath")(65536));
        Assert.Equal(10 - 3 * (1 + 5), Call<Func<int, int>>("four_beneath")(65532));
        AssertOutOfBounds(() => Call<Func<int, int>>("four_beneath")(65533));
        Assert.Equal(1 - (2 - (4 - (10 - 3 * (1 + 5)))), Call<Func<int, int>>("seven_beneath")(65532));
        AssertOutOfBounds(() => Call<Func<int, int>>("seven_beneath")(65533));
        var store = Call<Func<int, int, int>>("beneath_store");
        Assert.Equal(50 - 8 - 3 + 9, store(65528, 3));
        AssertOutOfBounds(() => store(65532, 3));
        Assert.Equal(3, Call<Func<int, int>>("peek")(65532)); // the first store landed before the second trapped
        AssertOutOfBounds(() => store(65533, 3));
    }

    [Fact]
    public void WritingTheLocal_ForgetsTheCheck()
    {
        AssertOutOfBounds(() => Call<Func<int, int, int>>("after_set")(0, 65533));
        AssertOutOfBounds(() => Call<Func<int, int, int>>("after_tee")(0, 65533));
        Assert.Equal(0, Call<Func<int, int, int>>("after_set")(0, 65532));
    }

    [Fact]
    public void JoinPoint_ForgetsTheCheck()
    {
        var f = Call<Func<int, int, int>>("after_join");
        AssertOutOfBounds(() => f(65532, 0));
        AssertOutOfBounds(() => f(65532, 1));
        Assert.Equal(0, f(65524, 1));
    }

    [Fact]
    public void LoopHead_ForgetsTheCheck()
    {
        var f = Call<Func<int, int, int>>("loop_head");
        Assert.Equal(0, f(65520, 4));
        AssertOutOfBounds(() => f(65520, 5));
    }

    [Fact]
    public void TeedAddress_CoversLaterAccesses()
    {
        Assert.Equal(5, Call<Func<int, int>>("teed")(100));
        AssertOutOfBounds(() => Call<Func<int, int>>("teed")(65529));
    }

    [Fact]
    public void MemoryGrowth_KeepsEarlierChecksValid()
    {
        Assert.Equal(0, Call<Func<int, int>>("grow_between")(65532));
        AssertOutOfBounds(() => Call<Func<int, int>>("grow_between")(2 * 65536 + 65536 * 8));
    }
}

/// <summary>
/// A function with many branches gets its bounds checks as inlined helper calls (so that the JIT still optimizes
/// it); every load and store must behave exactly as the inline checks do, at the edge of memory too.
/// </summary>
public class BoundsCheckHelperTests
{
    private static readonly (string Op, int Size, bool Store, bool Wide)[] Accesses =
    [
        ("i32.load", 4, false, false), ("i64.load", 8, false, true), ("f32.load", 4, false, false), ("f64.load", 8, false, true),
        ("i32.load8_s", 1, false, false), ("i32.load8_u", 1, false, false), ("i32.load16_s", 2, false, false),
        ("i32.load16_u", 2, false, false), ("i64.load8_s", 1, false, true), ("i64.load8_u", 1, false, true),
        ("i64.load16_s", 2, false, true), ("i64.load16_u", 2, false, true), ("i64.load32_s", 4, false, true),
        ("i64.load32_u", 4, false, true), ("i32.store", 4, true, false), ("i64.store", 8, true, true),
        ("f32.store", 4, true, false), ("f64.store", 8, true, true), ("i32.store8", 1, true, false),
        ("i32.store16", 2, true, false), ("i64.store8", 1, true, true), ("i64.store16", 2, true, true),
        ("i64.store32", 4, true, true),
    ];

    private const int Offset = 3;

    /// <summary>
    /// <c>access(kind, address) → i64</c>: access number <c>kind</c> at <c>address</c> + <see cref="Offset"/>
    /// (stores write <c>-2</c> of their width), the loaded value as raw i64 bits, after enough branches that
    /// only the helper calls keep the body under the JIT's block limit (see BodyShape).
    /// </summary>
    private static string Module(int padding)
    {
        var wat = new System.Text.StringBuilder("(module (memory 1)\n(func (export \"access\") (param $k i32) (param $a i32) (result i64)\n");
        for (var i = 0; i < padding; i++) wat.Append("(if (i32.eq (local.get $k) (i32.const -7)) (then (unreachable)))\n");
        for (var i = 0; i < Accesses.Length; i++) wat.Append("(block ");
        wat.Append("(br_table ");
        for (var i = 0; i < Accesses.Length; i++) wat.Append(i).Append(' ');
        wat.Append("0 (local.get $k))\n");
        for (var i = 0; i < Accesses.Length; i++)
        {
            var (op, _, store, wide) = Accesses[i];
            wat.Append(")\n");
            var type = op[..3];
            if (store)
            {
                var value = type switch { "f32" => "(f32.const -2)", "f64" => "(f64.const -2)", "i64" => "(i64.const -2)", _ => "(i32.const -2)" };
                wat.Append($"({op} offset={Offset} (local.get $a) {value}) (return (i64.const 0))\n");
            }
            else
            {
                var load = $"({op} offset={Offset} (local.get $a))";
                var bits = type switch
                {
                    "f32" => $"(i64.extend_i32_u (i32.reinterpret_f32 {load}))",
                    "f64" => $"(i64.reinterpret_f64 {load})",
                    _ => wide ? load : $"(i64.extend_i32_s {load})",
                };
                wat.Append($"(return {bits})\n");
            }
        }
        wat.Append("(i64.const -1))\n");
        // Small functions with inline checks set up and read back the bytes around the accesses.
        wat.Append("(func (export \"put\") (param $a i32) (param $v i64) (i64.store (local.get $a) (local.get $v)))\n");
        wat.Append("(func (export \"peek\") (param $a i32) (result i64) (i64.load (local.get $a))))");
        return wat.ToString();
    }

    // With no padding the same accesses get inline checks.
    private const int HelperPadding = 915;

    [Fact]
    public void TheBody_IsCompiledWithHelperCalls()
    {
        var info = Wasm.Module.FromText(new Engine(), Module(HelperPadding)).Info;
        var shape = new Wasm.Compilation.BodyShape();
        var reader = new Wasm.Binary.CodeReader(info, info.Bodies[0]);
        while (reader.TryRead(out var ins)) shape.Add(in ins, reloadsMemory: true);
        Assert.True(shape.PrefersCheckCalls(info.Bodies[0].Locals.Length));
        info = Wasm.Module.FromText(new Engine(), Module(0)).Info;
        shape = new Wasm.Compilation.BodyShape();
        reader = new Wasm.Binary.CodeReader(info, info.Bodies[0]);
        while (reader.TryRead(out var ins)) shape.Add(in ins, reloadsMemory: true);
        Assert.False(shape.PrefersCheckCalls(info.Bodies[0].Locals.Length));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(HelperPadding)]
    public void EveryAccess_MatchesTheBytesInsideAndTrapsAcrossTheEnd(int padding)
    {
        var instance = ApiHelpers.Instantiate(Module(padding));
        var access = instance.GetFunction<Func<int, int, long>>("access")!;
        var put = instance.GetFunction<Action<int, long>>("put")!;
        var peek = instance.GetFunction<Func<int, long>>("peek")!;
        const int Page = 65536, Base = 96, At = 100;
        var pattern = new byte[16];
        for (var i = 0; i < 16; i++) pattern[i] = (byte)(0x81 + i * 7);
        for (var k = 0; k < Accesses.Length; k++)
        {
            var (op, size, store, _) = Accesses[k];
            var last = Page - Offset - size; // the highest address whose access fits
            Assert.Equal(TrapCode.MemoryOutOfBounds, Assert.Throws<TrapException>(() => access(k, last + 1)).Code);
            Assert.Equal(TrapCode.MemoryOutOfBounds, Assert.Throws<TrapException>(() => access(k, -1)).Code);
            access(k, last);

            var bytes = (byte[])pattern.Clone();
            put(Base, BitConverter.ToInt64(bytes, 0));
            put(Base + 8, BitConverter.ToInt64(bytes, 8));
            var at = At + Offset - Base;
            var result = access(k, At);
            if (store)
            {
                for (var i = 0; i < size; i++) bytes[at + i] = i == 0 ? (byte)0xFE : (byte)0xFF;
                if (op.StartsWith("f32", StringComparison.Ordinal)) BitConverter.GetBytes(-2f).CopyTo(bytes, at);
                if (op.StartsWith("f64", StringComparison.Ordinal)) BitConverter.GetBytes(-2d).CopyTo(bytes, at);
                Assert.Equal(BitConverter.ToInt64(bytes, 0), peek(Base));
                Assert.Equal(BitConverter.ToInt64(bytes, 8), peek(Base + 8));
                continue;
            }
            var raw = 0L;
            for (var i = size - 1; i >= 0; i--) raw = (raw << 8) | bytes[at + i];
            var signed = op.EndsWith("_s", StringComparison.Ordinal) || op == "i32.load";
            var expected = op switch
            {
                "f32.load" => raw & 0xFFFF_FFFF,
                "f64.load" or "i64.load" => raw,
                _ when signed => (raw << (64 - 8 * size)) >> (64 - 8 * size),
                _ => raw, // zero-extended
            };
            Assert.Equal(expected, result);
        }
    }
}

/// <summary>Compiled code keeps memory base and length across calls that cannot grow a memory and reloads them
/// after any call that might.</summary>
public class MemoryReloadTests
{
    private const string Module = """
        (module
          (memory 1)
          (table 1 funcref)
          (elem (i32.const 0) $grow)
          (func $grow (drop (memory.grow (i32.const 1))))
          (func $through (call $grow))
          (func $leaf (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
          (func (export "direct") (result i32)
            (call $through)
            (i32.store (i32.const 70000) (call $leaf (i32.const 41)))
            (i32.load (i32.const 70000)))
          (func (export "indirect") (result i32)
            (call_indirect (i32.const 0))
            (i32.store (i32.const 140000) (i32.const 7))
            (i32.load (i32.const 140000)))
          (func (export "leaf_only") (result i32)
            (drop (call $leaf (i32.const 1)))
            (i32.load (i32.const 65535))))
        """;

    [Fact]
    public void GrowthInsideCalls_IsSeenByTheCaller()
    {
        var instance = ApiHelpers.Instantiate(Module);
        Assert.Equal(42, instance.GetFunction<Func<int>>("direct")!());
        Assert.Equal(7, instance.GetFunction<Func<int>>("indirect")!());
    }

    [Fact]
    public void CallsThatCannotGrow_KeepTheBoundsExact()
    {
        var instance = ApiHelpers.Instantiate(Module);
        Assert.Equal(TrapCode.MemoryOutOfBounds,
            Assert.Throws<TrapException>(() => instance.GetFunction<Func<int>>("leaf_only")!()).Code);
    }

    [Fact]
    public void HostFunctionThatGrows_IsSeenByTheCaller()
    {
        var engine = new Engine();
        var module = Wasm.Module.FromText(engine, """
            (module
              (import "host" "grow" (func $grow))
              (memory (export "memory") 1)
              (func (export "run") (result i32)
                (call $grow)
                (i32.store (i32.const 70000) (i32.const 9))
                (i32.load (i32.const 70000))))
            """);
        var linker = new Linker(engine);
        Instance? instance = null;
        linker.DefineFunction("host", "grow", () => { instance!.GetMemory("memory")!.Grow(1); });
        instance = linker.Instantiate(new Store(engine), module);
        Assert.Equal(9, instance.GetFunction<Func<int>>("run")!());
    }
}
