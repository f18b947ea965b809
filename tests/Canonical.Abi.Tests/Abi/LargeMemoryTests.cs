using Wasm.Components.Values;

namespace Wasm.Components.Tests.Abi;

/// <summary>Lifting and lowering in memories above 2 GiB (native memory is committed lazily, so this is cheap).</summary>
public sealed class LargeMemoryTests
{
    // The guest grows its memory to 3 GiB + 64 KiB, writes list<u32> [7, 8, 9] at 0xC000_0000 and passes it to the host,
    // then asks the host for a string, which lands wherever its realloc (a bump at 0xC000_1000) says.
    private const string Guest = """
        (component
          (import "take" (func $take (param "xs" (list u32))))
          (import "give" (func $give (result string)))
          (core module $libc
            (memory (export "mem") 1)
            (global $next (mut i32) (i32.const 0xC0001000))
            (func (export "realloc") (param i32 i32 i32 i32) (result i32)
              (local $p i32)
              global.get $next local.set $p
              global.get $next local.get 3 i32.add global.set $next
              local.get $p))
          (core instance $libc (instantiate $libc))
          (core func $take (canon lower (func $take) (memory $libc "mem")))
          (core func $give (canon lower (func $give) (memory $libc "mem") (realloc (func $libc "realloc"))))
          (core module $m
            (import "libc" "mem" (memory 1))
            (import "" "take" (func $take (param i32 i32)))
            (import "" "give" (func $give (param i32)))
            (func (export "run") (result i32)
              (drop (memory.grow (i32.const 49152)))
              (i32.store (i32.const 0xC0000000) (i32.const 7))
              (i32.store (i32.const 0xC0000004) (i32.const 8))
              (i32.store (i32.const 0xC0000008) (i32.const 9))
              (call $take (i32.const 0xC0000000) (i32.const 3))
              (call $give (i32.const 0xC0000100))
              ;; the string's length
              (i32.load (i32.const 0xC0000104))))
          (core instance $m (instantiate $m (with "libc" (instance $libc))
            (with "" (instance (export "take" (func $take)) (export "give" (func $give))))))
          (func (export "run") (result u32) (canon lift (core func $m "run"))))
        """;

    [Fact]
    public void ListsAndStringsAboveTwoGiB()
    {
        var engine = new Engine();
        var component = Component.FromText(engine, Guest);
        var linker = new ComponentLinker(engine);
        WitValue? received = null;
        linker.Root.DefineFunction("take", args => { received = args[0]; return null; });
        linker.Root.DefineFunction("give", _ => WitValue.String("far away"));
        var instance = linker.Instantiate(new Store(engine), component);

        Assert.Equal(WitValue.U32(8), instance.GetFunc("run")!.Call());
        Assert.Equal(new uint[] { 7, 8, 9 }, received!.Items.Select(v => v.AsUInt32()));
    }
}
