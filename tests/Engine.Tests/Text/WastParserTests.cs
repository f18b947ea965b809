using Wasm.Text;
using Wasm.Wast;

namespace Wasm.Tests.Text;

public class WastParserTests
{
    [Fact]
    public void ParsesCommandsWithLines()
    {
        var script = WastParser.Parse("""
            (module $m (func (export "f") (param i32) (result i32) (local.get 0)))
            (register "m" $m)
            (assert_return (invoke $m "f" (i32.const -1)) (i32.const 0xffffffff))
            (assert_return (invoke "g") (f32.const nan:canonical) (either (i64.const 1) (i64.const 2)))
            (assert_trap (invoke "f" (i32.const 0)) "unreachable")
            (assert_malformed (module quote "(func i32.foo)") "unknown operator")
            (assert_invalid (module (func (result i32))) "type mismatch")
            (module definition $d binary "\00asm" "\01\00\00\00")
            (module instance $i $d)
            (assert_return (invoke "v") (v128.const f32x4 nan:arithmetic 1.0 -0 inf))
            """, "t.wast");
        var c = script.Commands;
        Assert.Equal(10, c.Count);
        var mod = Assert.IsType<ModuleCommand>(c[0]);
        Assert.Equal("m", mod.Module.Id);
        Assert.Equal(1, mod.Line);
        Assert.True(mod.Module.GetBinary().Length > 8);
        Assert.Equal(new RegisterCommand(2, "m", "m"), c[1]);
        var ret = Assert.IsType<AssertReturnCommand>(c[2]);
        Assert.Equal("m", ret.Action.ModuleId);
        Assert.Equal(0xFFFFFFFFUL, ret.Action.Args[0].Bits);
        Assert.Equal(0xFFFFFFFFUL, ret.Results[0].Value!.Bits);
        var ret2 = Assert.IsType<AssertReturnCommand>(c[3]);
        Assert.Equal(WastExpectedKind.NanCanonical, ret2.Results[0].Kind);
        Assert.Equal(WastExpectedKind.Either, ret2.Results[1].Kind);
        Assert.Equal(2, ret2.Results[1].Alternatives!.Count);
        var mal = Assert.IsType<AssertModuleCommand>(c[5]);
        Assert.Equal(WastModuleForm.Quote, mal.Module.Form);
        var e = Assert.Throws<TextFormatException>(() => mal.Module.GetBinary());
        Assert.Contains("unknown operator", e.Reason);
        var inv = Assert.IsType<AssertModuleCommand>(c[6]);
        Assert.Equal(ModuleAssertionKind.Invalid, inv.Kind);
        var def = Assert.IsType<ModuleCommand>(c[7]);
        Assert.True(def.Module.IsDefinition);
        Assert.Equal(8, def.Module.GetBinary().Length);
        Assert.Equal(new ModuleInstanceCommand(9, "i", "d"), c[8]);
        var lanes = Assert.IsType<AssertReturnCommand>(c[9]).Results[0];
        Assert.Equal(WastExpectedKind.V128Lanes, lanes.Kind);
        Assert.Equal(WastExpectedKind.NanArithmetic, lanes.Lanes![0].Kind);
        Assert.Equal(0x3F800000UL, lanes.Lanes[1].Value!.Bits);
    }

    [Fact]
    public void BrokenModuleDoesNotFailTheScript()
    {
        var script = WastParser.Parse("(module (func i32.bogus))\n(module)", "t.wast");
        var m = Assert.IsType<ModuleCommand>(script.Commands[0]);
        Assert.Throws<TextFormatException>(() => m.Module.GetBinary());
        Assert.Equal(2, script.Commands[1].Line);
    }

    [Fact]
    public void TopLevelErrorHasPosition()
    {
        var e = Assert.Throws<TextFormatException>(() => WastParser.Parse("(module)\n  (bogus)", "t.wast"));
        Assert.Equal(2, e.Line);
        Assert.Equal(4, e.Column);
    }
}
