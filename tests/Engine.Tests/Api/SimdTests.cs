using System.Text;
using System.Numerics;
using System.Runtime.Intrinsics;

namespace Wasm.Tests.Api;

public class SimdTests
{
    private const string Wat = """
        (module
          (func $double (import "env" "double") (param v128) (result v128))
          (memory (export "mem") 1)
          (global $g (export "g") (mut v128) (v128.const i32x4 1 2 3 4))
          (func (export "add") (param v128 v128) (result v128)
            (i32x4.add (local.get 0) (local.get 1)))
          (func (export "sum") (param v128) (result i32)
            (i32.add
              (i32.add (i32x4.extract_lane 0 (local.get 0)) (i32x4.extract_lane 1 (local.get 0)))
              (i32.add (i32x4.extract_lane 2 (local.get 0)) (i32x4.extract_lane 3 (local.get 0)))))
          (func (export "reverse") (param v128) (result v128)
            (i8x16.shuffle 15 14 13 12 11 10 9 8 7 6 5 4 3 2 1 0 (local.get 0) (local.get 0)))
          (func (export "roundtrip") (param i32 v128) (result v128)
            (v128.store offset=3 (local.get 0) (local.get 1))
            (v128.load offset=3 (local.get 0)))
          (func (export "min") (param v128 v128) (result v128)
            (f32x4.min (local.get 0) (local.get 1)))
          (func (export "host") (param v128) (result v128)
            (call $double (local.get 0)))
          (func (export "global") (result v128) (global.get $g)))
        """;

    private readonly Instance _instance;

    public SimdTests()
    {
        var engine = new Engine();
        var linker = new Linker(engine);
        linker.DefineFunction("env", "double", (Func<Vector128<byte>, Vector128<byte>>)(v => (v.AsInt32() * 2).AsByte()));
        _instance = linker.Instantiate(new Store(engine), Module.FromText(engine, Wat));
    }

    [Fact]
    public void TypedDelegate_PassesVectors()
    {
        var add = _instance.GetFunction<Func<Vector128<byte>, Vector128<byte>, Vector128<byte>>>("add");
        var r = add(Vector128.Create(1, 2, 3, int.MaxValue).AsByte(), Vector128.Create(10, 20, 30, 1).AsByte());
        Assert.Equal(Vector128.Create(11, 22, 33, int.MinValue), r.AsInt32());
        Assert.Equal(10, _instance.GetFunction<Func<Vector128<byte>, int>>("sum")(Vector128.Create(1, 2, 3, 4).AsByte()));
    }

    [Fact]
    public void DynamicCall_UsesV128Values()
    {
        var v = Vector128.Create((byte)0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
        var r = _instance.GetFunction("reverse")!.Invoke([Value.FromV128(v)]);
        Assert.Equal(Vector128.Create((byte)15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0), r[0].V128);
    }

    [Fact]
    public void UnalignedLoadStore_RoundTripsAndTrapsAtTheEnd()
    {
        var roundtrip = _instance.GetFunction<Func<int, Vector128<byte>, Vector128<byte>>>("roundtrip");
        var v = Vector128.Create(0x0123456789ABCDEFL, -1L).AsByte();
        Assert.Equal(v, roundtrip(1, v));
        Assert.Equal(v, roundtrip(65536 - 19, v));
        Assert.Throws<TrapException>(() => roundtrip(65536 - 18, v));
    }

    [Fact]
    public void FloatMin_FollowsWasmNanAndZeroRules()
    {
        var min = _instance.GetFunction<Func<Vector128<byte>, Vector128<byte>, Vector128<byte>>>("min");
        var r = min(Vector128.Create(0f, -0f, float.NaN, 1f).AsByte(), Vector128.Create(-0f, 0f, 1f, 2f).AsByte()).AsSingle();
        Assert.Equal(BitConverter.SingleToInt32Bits(-0f), BitConverter.SingleToInt32Bits(r[0]));
        Assert.Equal(BitConverter.SingleToInt32Bits(-0f), BitConverter.SingleToInt32Bits(r[1]));
        Assert.True(float.IsNaN(r[2]));
        Assert.Equal(1f, r[3]);
    }

    [Fact]
    public void HostFunctionsAndGlobals_CarryVectors()
    {
        var host = _instance.GetFunction<Func<Vector128<byte>, Vector128<byte>>>("host");
        Assert.Equal(Vector128.Create(2, 4, 6, 8), host(Vector128.Create(1, 2, 3, 4).AsByte()).AsInt32());
        Assert.Equal(Vector128.Create(1, 2, 3, 4), _instance.GetFunction<Func<Vector128<byte>>>("global")().AsInt32());
    }

    // A loop over 32-bit lanes (v128 locals then take Vector128<int>), shuffles of every kind the compiler
    // distinguishes (one operand, interleave, shufps pattern, general), a v128 left under a block, a v128 select and
    // an unsigned narrowing, which uses SSE in memory and the portable helper in a saved artifact.
    private const string KernelWat = """
        (module
          (func (export "kernel") (param $a v128) (param $b v128) (param $n i32) (result v128)
            (local $x v128) (local $y v128)
            (local.set $x (local.get $a))
            (local.set $y (local.get $b))
            (block $done
              (loop $next
                (br_if $done (i32.eqz (local.get $n)))
                (local.set $x
                  (v128.or
                    (i32x4.shl (local.tee $x (i32x4.add (local.get $x) (local.get $y))) (i32.const 7))
                    (i32x4.shr_u (local.get $x) (i32.const 25))))
                (local.set $y (v128.xor (local.get $y)
                  (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $x) (local.get $y))))
                (local.set $y (i16x8.add (local.get $y)
                  (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $x) (local.get $y))))
                (local.set $x (i32x4.add (local.get $x)
                  (i8x16.shuffle 1 17 3 19 0 0 31 30 5 6 7 8 20 21 22 23 (local.get $y) (local.get $x))))
                (local.set $y (i8x16.shuffle 4 5 6 7 8 9 10 11 12 13 14 15 0 1 2 3 (local.get $y) (local.get $x)))
                (local.set $n (i32.sub (local.get $n) (i32.const 1)))
                (br $next)))
            (i16x8.narrow_i32x4_u
              (local.get $x)
              (block (result v128) (select (local.get $y) (local.get $x) (local.get $n))))))
        """;

    [Fact]
    public void Kernel_ComputesTheSameInMemoryAndPrecompiled()
    {
        var a = Vector128.Create(0x01234567, -5, 0x7FFFFFF0, 42);
        var b = Vector128.Create(-0x10000, 0x00010001, 3, -1);
        var expected = KernelReference(a, b, 5);
        var engine = new Engine();
        var binary = Wasm.Text.Wat.ToBinary(KernelWat);
        foreach (var module in (Module[])[Module.FromBytes(engine, binary), Module.FromPrecompiled(engine, Module.Precompile(engine, binary))])
        {
            var kernel = new Linker(engine).Instantiate(new Store(engine), module)
                .GetFunction<Func<Vector128<byte>, Vector128<byte>, int, Vector128<byte>>>("kernel");
            Assert.Equal(expected, kernel(a.AsByte(), b.AsByte(), 5));
        }
    }

    /// <summary>The kernel lane by lane, straight from the instructions' definitions.</summary>
    private static Vector128<byte> KernelReference(Vector128<int> a, Vector128<int> b, int n)
    {
        static byte[] Bytes(Vector128<int> v) => Enumerable.Range(0, 16).Select(i => v.AsByte()[i]).ToArray();
        static Vector128<int> Ints(byte[] bytes) => Vector128.Create(bytes).AsInt32();
        static Vector128<int> Shuffle(Vector128<int> x, Vector128<int> y, params int[] lanes)
        {
            var (bx, by) = (Bytes(x), Bytes(y));
            return Ints(lanes.Select(i => i < 16 ? bx[i] : by[i - 16]).ToArray());
        }
        static Vector128<int> Map(Vector128<int> v, Func<int, int> f) => Vector128.Create(f(v[0]), f(v[1]), f(v[2]), f(v[3]));

        var (x, y) = (a, b);
        for (; n != 0; n--)
        {
            x = Vector128.Create(x[0] + y[0], x[1] + y[1], x[2] + y[2], x[3] + y[3]);
            x = Map(x, v => (int)BitOperations.RotateLeft((uint)v, 7));
            y ^= Shuffle(x, y, 0, 1, 2, 3, 16, 17, 18, 19, 4, 5, 6, 7, 20, 21, 22, 23);
            var s = Shuffle(x, y, 0, 1, 2, 3, 8, 9, 10, 11, 16, 17, 18, 19, 24, 25, 26, 27).AsInt16();
            var yy = y.AsInt16();
            y = Vector128.Create(Enumerable.Range(0, 8).Select(i => (short)(yy[i] + s[i])).ToArray()).AsInt32();
            var g = Shuffle(y, x, 1, 17, 3, 19, 0, 0, 31, 30, 5, 6, 7, 8, 20, 21, 22, 23);
            x = Vector128.Create(x[0] + g[0], x[1] + g[1], x[2] + g[2], x[3] + g[3]);
            y = Shuffle(y, x, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3);
        }
        var picked = n != 0 ? y : x;
        static ushort Narrow(int v) => (ushort)Math.Clamp(v, 0, ushort.MaxValue);
        return Vector128.Create(Enumerable.Range(0, 8).Select(i => Narrow(i < 4 ? x[i] : picked[i - 4])).ToArray()).AsByte();
    }
    /// <summary>
    /// Instructions that code compiled in memory on x86 computes with SSE methods (shifts by a constant count, lane
    /// extraction and insertion, shuffles, bit selection, comparisons, saturating and widening arithmetic, rounding)
    /// against the portable forms a saved artifact uses, on vectors with the edge values of every lane width.
    /// </summary>
    [Fact]
    public void X86Forms_MatchPortableForms()
    {
        var bodies = new List<string>();
        foreach (var (shape, width) in (ReadOnlySpan<(string, int)>)[("i16x8", 16), ("i32x4", 32), ("i64x2", 64), ("i8x16", 8)])
            foreach (var op in (string[])["shl", "shr_s", "shr_u"])
                foreach (var count in (int[])[0, 1, width - 1, width, width + 3, 33, -1, 100])
                    bodies.Add($"({shape}.{op} (local.get 0) (i32.const {count}))");
        // Narrow lanes: signed and unsigned extraction, insertion of an i32 wider than the lane, a lane store.
        foreach (var (shape, lanes, bits) in (ReadOnlySpan<(string, int, int)>)[("i8x16", 16, 8), ("i16x8", 8, 16)])
            for (var lane = 0; lane < lanes; lane++)
            {
                bodies.Add($"(i32x4.splat ({shape}.extract_lane_s {lane} (local.get 0)))");
                bodies.Add($"(i32x4.splat ({shape}.extract_lane_u {lane} (local.get 0)))");
                bodies.Add($"({shape}.replace_lane {lane} (local.get 0) (i32.const {(bits == 8 ? lane * 37 - 200 : -70000)}))");
                bodies.Add($"(v128.store{bits}_lane {lane} (i32.const 0) (local.get 0)) (v128.load (i32.const 0))");
            }
        for (var lane = 0; lane < 4; lane++)
        {
            bodies.Add($"(i32x4.splat (i32x4.extract_lane {lane} (local.get 0)))");
            bodies.Add($"(f32x4.splat (f32x4.extract_lane {lane} (local.get 1)))");
            bodies.Add($"(i32x4.replace_lane {lane} (local.get 0) (i32.const -7))");
            bodies.Add($"(v128.store32_lane {lane} (i32.const 0) (local.get 0)) (v128.load (i32.const 0))");
        }
        for (var lane = 0; lane < 2; lane++)
        {
            bodies.Add($"(i64x2.splat (i64x2.extract_lane {lane} (local.get 0)))");
            bodies.Add($"(i64x2.replace_lane {lane} (local.get 0) (i64.const -9))");
            bodies.Add($"(v128.store64_lane {lane} (i32.const 0) (local.get 0)) (v128.load (i32.const 0))");
        }
        foreach (var lanes in (string[])["3 2 1 0 7 6 5 4 11 10 9 8 15 14 13 12", "4 5 6 7 0 1 2 3 12 13 14 15 8 9 10 11",
            "8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7", "1 0 3 2 5 4 7 6 9 8 11 10 13 12 15 14", "0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0",
            "0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23", "0 1 2 3 20 21 22 23 8 9 10 11 28 29 30 31", "31 0 30 1 29 2 28 3 27 4 26 5 25 6 24 7",
            "16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31", "17 16 19 18 21 20 23 22 25 24 27 26 29 28 31 30"])
            bodies.Add($"(i8x16.shuffle {lanes} (local.get 0) (local.get 1))");
        bodies.Add("(v128.bitselect (local.get 0) (local.get 1) (local.get 2))");
        bodies.Add("(v128.bitselect (f32x4.add (local.get 0) (local.get 1)) (local.get 1) (i16x8.add (local.get 2) (local.get 0)))");
        foreach (var shape in (string[])["i8x16", "i16x8", "i32x4", "i64x2"])
            foreach (var op in (string[])["eq", "ne", "lt_s", "gt_s", "le_s", "ge_s", "add", "sub", "neg", "abs"])
                bodies.Add(op is "neg" or "abs" ? $"({shape}.{op} (local.get 0))" : $"({shape}.{op} (local.get 0) (local.get 1))");
        foreach (var shape in (string[])["i8x16", "i16x8", "i32x4"])
            foreach (var op in (string[])["lt_u", "gt_u", "le_u", "ge_u", "min_s", "min_u", "max_s", "max_u"])
                bodies.Add($"({shape}.{op} (local.get 0) (local.get 1))");
        foreach (var op in (string[])["i16x8.mul", "i32x4.mul", "i64x2.mul", "i8x16.add_sat_s", "i8x16.add_sat_u", "i8x16.sub_sat_s",
            "i8x16.sub_sat_u", "i16x8.add_sat_s", "i16x8.add_sat_u", "i16x8.sub_sat_s", "i16x8.sub_sat_u", "i8x16.narrow_i16x8_s",
            "i16x8.narrow_i32x4_s", "i16x8.extmul_low_i8x16_s", "i16x8.extmul_low_i8x16_u", "i32x4.extmul_low_i16x8_s",
            "i32x4.extmul_low_i16x8_u", "i64x2.extmul_low_i32x4_s", "i64x2.extmul_low_i32x4_u", "v128.and", "v128.or", "v128.xor",
            "v128.andnot", "f32x4.eq", "f32x4.ne", "f32x4.lt", "f32x4.gt", "f32x4.le", "f32x4.ge", "f64x2.eq", "f64x2.ne", "f64x2.lt",
            "f64x2.gt", "f64x2.le", "f64x2.ge", "f32x4.add", "f32x4.sub", "f32x4.mul", "f32x4.div", "f64x2.add", "f64x2.mul"])
            bodies.Add($"({op} (local.get 0) (local.get 1))");
        foreach (var op in (string[])["i16x8.extend_low_i8x16_s", "i16x8.extend_low_i8x16_u", "i32x4.extend_low_i16x8_s",
            "i32x4.extend_low_i16x8_u", "i64x2.extend_low_i32x4_s", "i64x2.extend_low_i32x4_u", "f64x2.promote_low_f32x4",
            "f32x4.convert_i32x4_s", "f32x4.sqrt", "f32x4.ceil", "f32x4.floor", "f32x4.trunc", "f32x4.nearest", "f64x2.sqrt",
            "f64x2.ceil", "f64x2.floor", "f64x2.trunc", "f64x2.nearest", "v128.not"])
            bodies.Add($"({op} (local.get 1))");
        foreach (var op in (string[])["v128.any_true", "i8x16.all_true", "i16x8.all_true", "i32x4.all_true", "i64x2.all_true",
            "i8x16.bitmask", "i16x8.bitmask", "i32x4.bitmask", "i64x2.bitmask"])
            bodies.Add($"(i32x4.splat ({op} (local.get 0)))");
        bodies.Add("(v128.load8x8_s (i32.const 3)) (v128.store (i32.const 0) (local.get 0)) (v128.load8x8_u (i32.const 1)) (i16x8.add)");
        var wat = new StringBuilder("(module (memory 1)\n");
        for (var i = 0; i < bodies.Count; i++)
            wat.Append($"  (func (export \"f{i}\") (param v128 v128 v128) (result v128) (v128.store (i32.const 0) (local.get 2)) {bodies[i]})\n");
        wat.Append(')');

        var engine = new Engine();
        var binary = Wasm.Text.Wat.ToBinary(wat.ToString());
        var inMemory = new Linker(engine).Instantiate(new Store(engine), Module.FromBytes(engine, binary));
        var saved = new Linker(engine).Instantiate(new Store(engine), Module.FromPrecompiled(engine, Module.Precompile(engine, binary)));
        var inputs = new List<Vector128<byte>>
        {
            Vector128.Create((byte)0, 1, 0x7F, 0x80, 0xFF, 0xFE, 2, 0x81, 0x40, 0xC0, 3, 0x55, 0xAA, 0x7E, 0x01, 0x00),
            Vector128.Create((short)0, 1, short.MaxValue, short.MinValue, -1, -2, 0x7F, 0x80).AsByte(),
            Vector128.Create(0, int.MinValue, int.MaxValue, -1).AsByte(),
            Vector128.Create(long.MinValue, long.MaxValue).AsByte(),
            Vector128.Create(float.NaN, -0f, float.PositiveInfinity, -2.5f).AsByte(),
            Vector128.Create(1.5f, 0.5f, -1e30f, float.Epsilon).AsByte(),
            Vector128.Create(double.NaN, -3.5).AsByte(),
            Vector128.Create(0x0123456789ABCDEFL, unchecked((long)0xFEDCBA9876543210UL)).AsByte(),
            Vector128<byte>.Zero,
            Vector128<byte>.AllBitsSet,
        };
        var random = new Random(7);
        for (var i = 0; i < 6; i++)
        {
            var bytes = new byte[16];
            random.NextBytes(bytes);
            inputs.Add(Vector128.Create(bytes));
        }
        for (var i = 0; i < bodies.Count; i++)
        {
            var x86 = inMemory.GetFunction<Func<Vector128<byte>, Vector128<byte>, Vector128<byte>, Vector128<byte>>>($"f{i}");
            var portable = saved.GetFunction<Func<Vector128<byte>, Vector128<byte>, Vector128<byte>, Vector128<byte>>>($"f{i}");
            for (var a = 0; a < inputs.Count; a++)
            {
                var (x, y, z) = (inputs[a], inputs[(a + 3) % inputs.Count], inputs[(a + 7) % inputs.Count]);
                var expected = portable(x, y, z);
                var actual = x86(x, y, z);
                if (!expected.Equals(actual)) Assert.Fail($"{bodies[i]} on {x}, {y}, {z}: {actual} in memory, {expected} saved");
            }
        }
    }
}
