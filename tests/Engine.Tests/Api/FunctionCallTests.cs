namespace Wasm.Tests.Api;

public class FunctionCallTests
{
    private const string Wat = """
        (module
          (func (export "add") (param i32 i32) (result i32)
            (i32.add (local.get 0) (local.get 1)))
          (func (export "mul64") (param i64 i64) (result i64)
            (i64.mul (local.get 0) (local.get 1)))
          (func (export "hyp") (param f64 f64) (result f64)
            (f64.sqrt (f64.add (f64.mul (local.get 0) (local.get 0)) (f64.mul (local.get 1) (local.get 1)))))
          (func (export "half") (param f32) (result f32)
            (f32.mul (local.get 0) (f32.const 0.5)))
          (func (export "divmod") (param i32 i32) (result i32 i32)
            (i32.div_u (local.get 0) (local.get 1))
            (i32.rem_u (local.get 0) (local.get 1)))
          (func (export "mixed") (param i32) (result i64 f32 f64)
            (i64.extend_i32_s (local.get 0))
            (f32.convert_i32_s (local.get 0))
            (f64.convert_i32_s (local.get 0)))
          (func (export "eight") (result i32 i32 i32 i32 i32 i32 i32 i32 i32)
            (i32.const 1) (i32.const 2) (i32.const 3) (i32.const 4) (i32.const 5)
            (i32.const 6) (i32.const 7) (i32.const 8) (i32.const 9))
          (global $counter (export "counter") (mut i32) (i32.const 0))
          (func (export "bump") (param i32)
            (global.set $counter (i32.add (global.get $counter) (local.get 0))))
          (func (export "identity_ref") (param externref) (result externref) (local.get 0))
          (func (export "self") (result funcref) (ref.func 0))
          (elem declare func 0))
        """;

    private readonly Instance _instance = ApiHelpers.Instantiate(Wat);

    [Fact]
    public void TypedDelegate_ScalarTypes()
    {
        Assert.Equal(5, _instance.GetFunction<Func<int, int, int>>("add")(2, 3));
        Assert.Equal(int.MinValue, _instance.GetFunction<Func<int, int, int>>("add")(int.MaxValue, 1));
        Assert.Equal(1L << 40, _instance.GetFunction<Func<long, long, long>>("mul64")(1L << 20, 1L << 20));
        Assert.Equal(5.0, _instance.GetFunction<Func<double, double, double>>("hyp")(3, 4));
        Assert.Equal(1.25f, _instance.GetFunction<Func<float, float>>("half")(2.5f));
    }

    [Fact]
    public void TypedDelegate_MultiValueAsValueTuple()
    {
        var divmod = _instance.GetFunction<Func<int, int, (int, int)>>("divmod");
        Assert.Equal((3, 2), divmod(17, 5));

        var mixed = _instance.GetFunction<Func<int, (long, float, double)>>("mixed");
        Assert.Equal((-4L, -4f, -4d), mixed(-4));
    }

    [Fact]
    public void TypedDelegate_MoreThanSevenResultsNestThroughRest()
    {
        var eight = _instance.GetFunction<Func<(int, int, int, int, int, int, int, int, int)>>("eight");
        Assert.Equal((1, 2, 3, 4, 5, 6, 7, 8, 9), eight());
    }

    [Fact]
    public void TypedDelegate_ActionWithNoResult()
    {
        var bump = _instance.GetFunction<Action<int>>("bump");
        bump(4);
        bump(6);
        Assert.Equal(10, _instance.GetGlobal("counter")!.Value.I32);
    }

    [Fact]
    public void TypedDelegate_References()
    {
        var payload = new object();
        Assert.Same(payload, _instance.GetFunction<Func<object?, object?>>("identity_ref")(payload));
        Assert.Null(_instance.GetFunction<Func<object?, object?>>("identity_ref")(null));
        var self = _instance.GetFunction<Func<Function?>>("self")();
        Assert.Same(_instance.GetFunction("add"), self);
    }

    [Fact]
    public void AsDelegate_IsEquivalentToGetFunction()
    {
        var add = _instance.GetFunction("add")!.AsDelegate<Func<int, int, int>>();
        Assert.Equal(42, add(40, 2));
    }

    [Theory]
    [InlineData(typeof(Func<long, long, long>))] // wrong parameter types
    [InlineData(typeof(Func<int, int, long>))] // wrong result type
    [InlineData(typeof(Func<int, int>))] // wrong arity
    [InlineData(typeof(Action<int, int>))] // missing result
    [InlineData(typeof(Func<int, int, (int, int)>))] // too many results
    public void TypedDelegate_SignatureMismatchThrowsArgumentException(Type delegateType)
    {
        var method = typeof(Function).GetMethod(nameof(Function.AsDelegate))!.MakeGenericMethod(delegateType);
        var e = Assert.Throws<System.Reflection.TargetInvocationException>(() => method.Invoke(_instance.GetFunction("add"), null));
        Assert.IsAssignableFrom<ArgumentException>(e.InnerException);
    }

    [Fact]
    public void GetFunction_SignatureMismatchThrowsArgumentException()
    {
        Assert.ThrowsAny<ArgumentException>(() => _instance.GetFunction<Func<long, long, long>>("add"));
        Assert.ThrowsAny<ArgumentException>(() => _instance.GetFunction<Func<int, int, int>>("divmod"));
        Assert.ThrowsAny<ArgumentException>(() => _instance.GetFunction<Func<int, int, string>>("add"));
    }

    [Fact]
    public void GetFunction_MissingExportThrowsKeyNotFound_UntypedReturnsNull()
    {
        Assert.Throws<KeyNotFoundException>(() => _instance.GetFunction<Func<int>>("nope"));
        Assert.Null(_instance.GetFunction("nope"));
        Assert.Null(_instance.GetFunction("counter")); // a global, not a function
        Assert.NotNull(_instance.GetGlobal("counter"));
    }

    [Fact]
    public void Invoke_Untyped()
    {
        var add = _instance.GetFunction("add")!;
        Assert.Equal(new FuncType([ValType.I32, ValType.I32], [ValType.I32]), add.Type);
        Assert.Equal(ExternKind.Func, add.Kind);
        var r = add.Invoke(Value.FromI32(20), Value.FromI32(22));
        Assert.Equal([Value.FromI32(42)], r);

        var divmod = _instance.GetFunction("divmod")!.Invoke(Value.FromI32(17), Value.FromI32(5));
        Assert.Equal([Value.FromI32(3), Value.FromI32(2)], divmod);

        var mixed = _instance.GetFunction("mixed")!.Invoke(Value.FromI32(7));
        Assert.Equal(7L, mixed[0].I64);
        Assert.Equal(7f, mixed[1].F32);
        Assert.Equal(7d, mixed[2].F64);
        Assert.Equal(ValType.F32, mixed[1].Type);

        Assert.Equal(5.0, _instance.GetFunction("hyp")!.Invoke(Value.FromF64(3), Value.FromF64(4))[0].F64);
        Assert.Empty(_instance.GetFunction("bump")!.Invoke(Value.FromI32(1)));

        var o = new object();
        Assert.Same(o, _instance.GetFunction("identity_ref")!.Invoke(Value.FromExternRef(o))[0].Ref);
        Assert.Equal(9, _instance.GetFunction("eight")!.Invoke().Length);
    }

    [Fact]
    public void Invoke_WrongArgumentsThrowArgumentException()
    {
        var add = _instance.GetFunction("add")!;
        Assert.Throws<ArgumentException>(() => add.Invoke(Value.FromI32(1)));
        Assert.Throws<ArgumentException>(() => add.Invoke(Value.FromI32(1), Value.FromI32(2), Value.FromI32(3)));
        Assert.Throws<ArgumentException>(() => add.Invoke(Value.FromI32(1), Value.FromI64(2)));
        Assert.Throws<ArgumentException>(() => add.Invoke());
    }

    [Fact]
    public void Value_RoundTripsAndFormats()
    {
        Assert.Equal("i32:42", Value.FromI32(42).ToString());
        Assert.Equal(42, Value.FromI32(42).ToObject());
        Assert.Equal(BitConverter.SingleToInt32Bits(1.5f), Value.FromF32(1.5f).Bits);
        Assert.Equal(float.NaN, Value.FromF32Bits(0x7fc00001).F32);
        Assert.Equal(0x7fc00001, Value.FromF32Bits(0x7fc00001).Bits); // NaN payload kept
        Assert.Null(Value.Default(ValType.FuncRef).Ref);
        Assert.Equal(0L, Value.Default(ValType.I64).I64);
        Assert.NotEqual(Value.FromI32(1), Value.FromI64(1));
    }
}
