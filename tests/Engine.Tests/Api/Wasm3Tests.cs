namespace Wasm.Tests.Api;

/// <summary>WebAssembly 3.0 features through the embedding API: extended constant expressions, tail calls, memory64.</summary>
public class Wasm3Tests
{
    [Fact]
    public void ExtendedConstantExpressions_ComputeGlobalsAndSegmentOffsets()
    {
        var instance = ApiHelpers.Instantiate("""
            (module
              (global $base i32 (i32.const 1000))
              (global (export "g") i32 (i32.sub (i32.mul (global.get $base) (i32.const 3)) (i32.const 7)))
              (global (export "w") i64 (i64.mul (i64.const 0x100000000) (i64.const 0x100000001)))
              (memory (export "m") 1)
              (data (i32.add (global.get $base) (i32.const 24)) "\2a"))
            """);
        Assert.Equal(2993, instance.GetGlobal("g")!.Value.I32);
        Assert.Equal(0x100000000L, instance.GetGlobal("w")!.Value.I64); // wraps modulo 2^64
        Assert.Equal(42, instance.GetMemory("m")!.Span[1024]);
    }
}
