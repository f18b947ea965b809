using Wasm.Binary;
using Wasm.Compilation;
using Wasm.Text;

namespace Wasm.Tests.Api;

public class CompilationPipelineTests
{
    [Fact]
    public void BackgroundJitOrder_IsDepthFirstFromStartThenExports_ThenTheRest()
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

        Assert.Equal([5, 1, 3, 2, 4, 0], BackgroundJit.Order(info));
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

    /// <summary>A chain of <paramref name="count"/> functions: each stores its argument, bumps a global and calls
    /// the previous one, so the generated code references fields and methods many times. <c>$f{invalid}</c>, if
    /// any, returns nothing although it declares a result.</summary>
    private static string Chain(int count, params int[] invalid)
    {
        var wat = new System.Text.StringBuilder("(module (memory 1) (global $g (mut i32) (i32.const 0)) (func $f0 (param i32) (result i32) (local.get 0))\n");
        for (var i = 1; i < count; i++)
        {
            if (Array.IndexOf(invalid, i) >= 0)
            {
                wat.Append($"(func $f{i} (param i32) (result i32) (nop))\n");
                continue;
            }
            wat.Append($"(func $f{i} (param i32) (result i32) (i32.store (i32.const {i % 1000 * 4}) (local.get 0)) ");
            wat.Append($"(global.set $g (i32.add (global.get $g) (i32.const 1))) ");
            wat.Append($"(i32.add (call $f{i - 1} (i32.load (i32.const {i % 1000 * 4}))) (i32.const 1)))\n");
        }
        wat.Append($"(func (export \"run\") (param i32) (result i32) (i32.add (call $f{count - 1} (local.get 0)) (global.get $g))))");
        return wat.ToString();
    }

    [Theory]
    [InlineData(200, true)]    // enough code for background compilation
    [InlineData(200, false)]
    [InlineData(2000, true)]   // enough code for two compiling threads
    public void ManyFunctions_RunTheSame_HoweverTheyAreCompiled(int count, bool background)
    {
        var engine = new Engine(new EngineConfig { BackgroundCompilation = background });
        var module = Module.FromText(engine, Chain(count));
        var instance = new Linker(engine).Instantiate(new Store(engine), module);
        var run = instance.GetFunction<Func<int, int>>("run");

        // Each of the count − 1 calls adds 1 to the argument and 1 to the global.
        Assert.Equal(7 + 2 * (count - 1), run(7));
    }

    [Fact]
    public void LargeModule_WithTwoInvalidFunctions_ReportsTheFirst_AsValidationAloneDoes()
    {
        var bytes = Wat.ToBinary(Chain(2000, 1900, 150));
        Assert.True(bytes.Length > ParallelBodies.MinCodeBytes);

        var alone = Assert.Throws<InvalidModuleException>(() => Module.Validate(bytes));
        for (var attempt = 0; attempt < 5; attempt++)
        {
            // Untiered (bodies compiled by two threads) and tiered (bodies only validated, by two threads).
            foreach (var tiering in (bool[])[false, true])
            {
                var engine = new Engine(new EngineConfig { Tiering = tiering });
                var compiling = Assert.Throws<InvalidModuleException>(() => Module.FromBytes(engine, bytes));
                Assert.Equal(alone.Message, compiling.Message);
                Assert.Equal(alone.Offset, compiling.Offset);
            }
        }
    }
}
