using Wasm.Components.Tests.Support;
using Wasm.Components.Values;

namespace Wasm.Components.Tests.Jco;

/// <summary>variants.component.wasm, after jco's runtime/variants.ts.</summary>
public sealed class VariantsTests
{
    private const string I = "test:variants/test";

    private static JcoHarness Setup(List<string>? calls = null)
    {
        var h = JcoHarness.For("variants");
        var t = h.Linker.Instance(I);
        void Def(string name, Func<WitValue[], WitValue?> f) =>
            t.DefineFunction(name, args =>
            {
                calls?.Add(name);
                return f(args.ToArray());
            });
        // option<f32> -> option<u8>: the JS host returns its argument, i.e. the same number.
        Def("roundtrip-option", a => a[0].IsSome ? WitValue.Some(WitValue.U8((byte)a[0].Payload!.AsSingle())) : WitValue.None);
        // result<u32, f32> -> result<f64, u8>: ok passes through, err is rounded.
        Def("roundtrip-result", a => a[0].IsOk
            ? WitValue.Ok(WitValue.F64(a[0].Payload!.AsUInt32()))
            : WitValue.Err(WitValue.U8((byte)Math.Round(a[0].Payload!.AsSingle()))));
        Def("roundtrip-enum", a => a[0]);
        Def("invert-bool", a => WitValue.Bool(!a[0].AsBool()));
        Def("variant-casts", a => a[0]);
        Def("variant-zeros", a => a[0]);
        Def("variant-typedefs", _ => null);
        Def("variant-enums", a =>
        {
            WitAssert.Equal(WitValue.Bool(true), a[0]);
            WitAssert.Equal(WitValue.Ok(), a[1]);
            WitAssert.Equal(WitValue.Enum("success"), a[2]);
            return WitValue.Tuple(WitValue.Bool(false), WitValue.Err(), WitValue.Enum("a"));
        });
        return h;
    }

    [Fact]
    public void TestImports()
    {
        var calls = new List<string>();
        var h = Setup(calls);
        Assert.Null(h.Call("test-imports"));
        foreach (var name in new[] { "roundtrip-option", "roundtrip-result", "roundtrip-enum", "invert-bool", "variant-casts", "variant-zeros", "variant-typedefs", "variant-enums" })
            Assert.Contains(name, calls);
    }

    [Fact]
    public void Options()
    {
        var h = Setup();
        WitAssert.Equal(WitValue.Some(WitValue.U8(1)), h.Call($"{I}#roundtrip-option", WitValue.Some(WitValue.F32(1))));
        WitAssert.Equal(WitValue.None, h.Call($"{I}#roundtrip-option", WitValue.None));
        WitAssert.Equal(WitValue.Some(WitValue.U8(2)), h.Call($"{I}#roundtrip-option", WitValue.Some(WitValue.F32(2))));
    }

    [Fact]
    public void Results()
    {
        var h = Setup();
        WitAssert.Equal(WitValue.Ok(WitValue.F64(2)), h.Call($"{I}#roundtrip-result", WitValue.Ok(WitValue.U32(2))));
        WitAssert.Equal(WitValue.Ok(WitValue.F64(4)), h.Call($"{I}#roundtrip-result", WitValue.Ok(WitValue.U32(4))));
        // jco surfaces the err case as a thrown ComponentError with payload 5; here it is the err value.
        WitAssert.Equal(WitValue.Err(WitValue.U8(5)), h.Call($"{I}#roundtrip-result", WitValue.Err(WitValue.F32(5.2f))));
    }

    [Fact]
    public void EnumsAndBools()
    {
        var h = Setup();
        WitAssert.Equal(WitValue.Enum("a"), h.Call($"{I}#roundtrip-enum", WitValue.Enum("a")));
        WitAssert.Equal(WitValue.Enum("b"), h.Call($"{I}#roundtrip-enum", WitValue.Enum("b")));
        WitAssert.Equal(WitValue.Bool(false), h.Call($"{I}#invert-bool", WitValue.Bool(true)));
        WitAssert.Equal(WitValue.Bool(true), h.Call($"{I}#invert-bool", WitValue.Bool(false)));
    }

    [Fact]
    public void Casts()
    {
        var h = Setup();
        var a = WitValue.Tuple(
            WitValue.Variant("a", WitValue.S32(1)),
            WitValue.Variant("a", WitValue.S32(2)),
            WitValue.Variant("a", WitValue.S32(3)),
            WitValue.Variant("a", WitValue.S64(4)),
            WitValue.Variant("a", WitValue.S64(5)),
            WitValue.Variant("a", WitValue.F32(6)));
        WitAssert.Equal(a, h.Call($"{I}#variant-casts", a));

        var b = WitValue.Tuple(
            WitValue.Variant("b", WitValue.S64(1)),
            WitValue.Variant("b", WitValue.F32(2)),
            WitValue.Variant("b", WitValue.F64(3)),
            WitValue.Variant("b", WitValue.F32(4)),
            WitValue.Variant("b", WitValue.F64(5)),
            WitValue.Variant("b", WitValue.F64(6)));
        WitAssert.Equal(b, h.Call($"{I}#variant-casts", b));
    }

    [Fact]
    public void Zeros()
    {
        var h = Setup();
        var z = WitValue.Tuple(
            WitValue.Variant("a", WitValue.S32(1)),
            WitValue.Variant("a", WitValue.S64(2)),
            WitValue.Variant("a", WitValue.F32(3)),
            WitValue.Variant("a", WitValue.F64(4)));
        WitAssert.Equal(z, h.Call($"{I}#variant-zeros", z));
    }

    [Fact]
    public void Typedefs()
    {
        var h = Setup();
        Assert.Null(h.Call($"{I}#variant-typedefs", WitValue.None, WitValue.Bool(false), WitValue.Err()));
    }
}
