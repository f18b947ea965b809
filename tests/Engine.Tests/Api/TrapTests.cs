namespace Wasm.Tests.Api;

public class TrapTests
{
    private const string TrapModule = """
        (module
          (type $v2i (func (result i32)))
          (type $i2i (func (param i32) (result i32)))
          (memory 1)
          (table $t 3 funcref)
          (table $ext 1 externref)
          (func $answer (result i32) (i32.const 42))
          (elem (table $t) (i32.const 0) func $answer)
          (func (export "unreachable") unreachable)
          (func (export "div_by_zero") (result i32) (i32.div_s (i32.const 1) (i32.const 0)))
          (func (export "rem_by_zero") (result i64) (i64.rem_u (i64.const 1) (i64.const 0)))
          (func (export "div_overflow") (result i32) (i32.div_s (i32.const 0x80000000) (i32.const -1)))
          (func (export "trunc_overflow") (result i32) (i32.trunc_f64_s (f64.const 3e9)))
          (func (export "trunc_nan") (result i64) (i64.trunc_f32_u (f32.const nan)))
          (func (export "load_oob") (result i32) (i32.load (i32.const 65534)))
          (func (export "store_oob") (i64.store (i32.const -1) (i64.const 0)))
          (func (export "call_undefined") (result i32) (call_indirect $t (type $v2i) (i32.const 3)))
          (func (export "call_uninitialized") (result i32) (call_indirect $t (type $v2i) (i32.const 1)))
          (func (export "call_mismatch") (result i32) (call_indirect $t (type $i2i) (i32.const 7) (i32.const 0)))
          (func (export "table_get_oob") (result externref) (table.get $ext (i32.const 1)))
          (func (export "ok") (result i32) (call_indirect $t (type $v2i) (i32.const 0))))
        """;

    private readonly Instance _instance = ApiHelpers.Instantiate(TrapModule);

    [Theory]
    [InlineData("unreachable", TrapCode.Unreachable, "unreachable")]
    [InlineData("div_by_zero", TrapCode.IntegerDivideByZero, "integer divide by zero")]
    [InlineData("rem_by_zero", TrapCode.IntegerDivideByZero, "integer divide by zero")]
    [InlineData("div_overflow", TrapCode.IntegerOverflow, "integer overflow")]
    [InlineData("trunc_overflow", TrapCode.IntegerOverflow, "integer overflow")]
    [InlineData("trunc_nan", TrapCode.InvalidConversionToInteger, "invalid conversion to integer")]
    [InlineData("load_oob", TrapCode.MemoryOutOfBounds, "out of bounds memory access")]
    [InlineData("store_oob", TrapCode.MemoryOutOfBounds, "out of bounds memory access")]
    [InlineData("call_undefined", TrapCode.UndefinedElement, "undefined element")]
    [InlineData("call_uninitialized", TrapCode.UninitializedElement, "uninitialized element")]
    [InlineData("call_mismatch", TrapCode.IndirectCallTypeMismatch, "indirect call type mismatch")]
    [InlineData("table_get_oob", TrapCode.TableOutOfBounds, "out of bounds table access")]
    public void Trap_HasSpecCodeAndMessage_ThroughUntypedInvoke(string export, TrapCode code, string message)
    {
        var e = Assert.Throws<TrapException>(() => _instance.GetFunction(export)!.Invoke());
        Assert.Equal(code, e.Code);
        Assert.Equal(message, e.Message);
        Assert.Equal(message, TrapException.MessageOf(code));
        Assert.IsAssignableFrom<WasmException>(e);
        // The instance keeps working after a trap.
        Assert.Equal(42, _instance.GetFunction<Func<int>>("ok")());
    }

    [Fact]
    public void Trap_ThroughTypedDelegates()
    {
        Assert.Equal(TrapCode.Unreachable, Assert.Throws<TrapException>(() => _instance.GetFunction<Action>("unreachable")()).Code);
        Assert.Equal(TrapCode.IntegerDivideByZero, Assert.Throws<TrapException>(() => _instance.GetFunction<Func<int>>("div_by_zero")()).Code);
        Assert.Equal(TrapCode.IntegerOverflow, Assert.Throws<TrapException>(() => _instance.GetFunction<Func<int>>("div_overflow")()).Code);
        Assert.Equal(TrapCode.InvalidConversionToInteger, Assert.Throws<TrapException>(() => _instance.GetFunction<Func<long>>("trunc_nan")()).Code);
        Assert.Equal(TrapCode.MemoryOutOfBounds, Assert.Throws<TrapException>(() => _instance.GetFunction<Func<int>>("load_oob")()).Code);
        Assert.Equal(TrapCode.UndefinedElement, Assert.Throws<TrapException>(() => _instance.GetFunction<Func<int>>("call_undefined")()).Code);
        Assert.Equal(TrapCode.UninitializedElement, Assert.Throws<TrapException>(() => _instance.GetFunction<Func<int>>("call_uninitialized")()).Code);
        Assert.Equal(TrapCode.IndirectCallTypeMismatch, Assert.Throws<TrapException>(() => _instance.GetFunction<Func<int>>("call_mismatch")()).Code);
    }

    [Fact]
    public void Trap_InNestedCall_UnwindsThroughWasmAndHostFrames()
    {
        var engine = new Engine();
        var hostSawTrap = false;
        Instance? instance = null;
        var linker = new Linker(engine).DefineFunction("env", "callback", (Func<int>)(() =>
        {
            try
            {
                return instance!.GetFunction<Func<int>>("inner")();
            }
            catch (TrapException)
            {
                hostSawTrap = true;
                throw;
            }
        }));
        instance = linker.Instantiate(new Store(engine), Module.FromText(engine, """
            (module
              (import "env" "callback" (func $cb (result i32)))
              (func (export "inner") (result i32) (i32.div_u (i32.const 1) (i32.const 0)))
              (func (export "outer") (result i32) (i32.add (call $cb) (i32.const 1))))
            """));
        var e = Assert.Throws<TrapException>(() => instance.GetFunction<Func<int>>("outer")());
        Assert.Equal(TrapCode.IntegerDivideByZero, e.Code);
        Assert.True(hostSawTrap);
    }

    [Fact]
    public void MemoryAccess_AtTheEdgeIsFine()
    {
        var instance = ApiHelpers.Instantiate("""
            (module (memory 1)
              (func (export "load") (param i32) (result i32) (i32.load (local.get 0))))
            """);
        var load = instance.GetFunction<Func<int, int>>("load");
        Assert.Equal(0, load(65532));
        Assert.Equal(TrapCode.MemoryOutOfBounds, Assert.Throws<TrapException>(() => load(65533)).Code);
        Assert.Equal(TrapCode.MemoryOutOfBounds, Assert.Throws<TrapException>(() => load(int.MinValue)).Code);
    }
}
