using Wasm.Binary;
using Wasm.Compilation;
using Wasm.Text;

namespace Wasm.Tests.Api;

public class CompilationPipelineTests
{
    [Fact]
    public void BackgroundJitOrder_StartsWithStartAndExports_ThenTheirCalleesBreadthFirst_ThenTheRest()
    {
        var info = ModuleDecoder.Decode(Wat.ToBinary("""
            (module
              (import "env" "f" (func $imported))
              (func $unreached)                                   ;; defined 0
              (func $leaf)                                        ;; defined 1
              (func $middle (call $leaf) (call $imported))        ;; defined 2
              (func $main (export "main") (call $middle) (return_call $tail)) ;; defined 3
              (func $tail)                                        ;; defined 4
              (func $init (call $leaf))                           ;; defined 5
              (start $init))
            """));

        Assert.Equal([5, 3, 1, 2, 4, 0], BackgroundJit.Order(info));
    }

    [Fact]
    public void InvalidBody_AfterValidOnes_IsReportedByTheValidator_WhenCompiling()
    {
        // A branch to a label that does not exist, in the second function: compiling validates bodies as it
        // goes and must report the same error as validating alone.
        var bytes = Wat.ToBinary("(module (func (nop)) (func (block (br 0))))");
        var at = Array.LastIndexOf(bytes, (byte)0x0C); // br
        bytes[at + 1] = 5;

        var alone = Assert.Throws<InvalidModuleException>(() => Module.Validate(bytes));
        var compiling = Assert.Throws<InvalidModuleException>(() => Module.FromBytes(new Engine(), bytes));
        Assert.Equal(alone.Message, compiling.Message);
        Assert.Contains("unknown label", compiling.Message);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ManyFunctions_RunTheSame_WithAndWithoutBackgroundCompilation(bool background)
    {
        // Enough code for the background compiler to take the module; each function reads and writes memory,
        // a global and calls the previous one, so the generated code references fields and methods many times.
        var wat = new System.Text.StringBuilder("(module (memory 1) (global $g (mut i32) (i32.const 0)) (func $f0 (param i32) (result i32) (local.get 0))\n");
        for (var i = 1; i < 200; i++)
        {
            wat.Append($"(func $f{i} (param i32) (result i32) (i32.store (i32.const {i * 4}) (local.get 0)) ");
            wat.Append($"(global.set $g (i32.add (global.get $g) (i32.const 1))) ");
            wat.Append($"(i32.add (call $f{i - 1} (i32.load (i32.const {i * 4}))) (i32.const {i})))\n");
        }
        wat.Append("(func (export \"run\") (param i32) (result i32) (i32.add (call $f199 (local.get 0)) (global.get $g))))");
        var engine = new Engine(new EngineConfig { BackgroundCompilation = background });
        var module = Module.FromText(engine, wat.ToString());
        var instance = new Linker(engine).Instantiate(new Store(engine), module);
        var run = instance.GetFunction<Func<int, int>>("run");

        // f199(x) = x + 1 + 2 + … + 199, and the global counts 199 calls.
        Assert.Equal(7 + 199 * 200 / 2 + 199, run(7));
    }
}
