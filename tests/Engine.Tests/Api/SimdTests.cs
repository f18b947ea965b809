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
}
