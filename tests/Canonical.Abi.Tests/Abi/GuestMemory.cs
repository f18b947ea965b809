using Wasm.Components.Abi;
using Wasm.Components.Model;

namespace Wasm.Components.Tests.Abi;

/// <summary>
/// A real core instance for canonical ABI tests: one page of memory and a bump-allocator <c>realloc</c> written
/// in wasm (copies the old contents on reallocation), plus a host-side realloc over the same memory that records
/// its calls and can be made to misbehave.
/// </summary>
internal sealed class GuestMemory
{
    /// <summary>The bump-allocator <c>realloc</c> (and its global), for modules that also declare a memory.</summary>
    public const string ReallocWat = """
          (global $p (mut i32) (i32.const 0x4000))
          (func (export "realloc") (param $old i32) (param $oldSize i32) (param $align i32) (param $newSize i32) (result i32)
            (local $r i32)
            (local.set $r (i32.and
              (i32.add (global.get $p) (i32.sub (local.get $align) (i32.const 1)))
              (i32.xor (i32.sub (local.get $align) (i32.const 1)) (i32.const -1))))
            (global.set $p (i32.add (local.get $r) (local.get $newSize)))
            (if (local.get $old)
              (then (memory.copy (local.get $r) (local.get $old)
                (select (local.get $oldSize) (local.get $newSize) (i32.lt_u (local.get $oldSize) (local.get $newSize))))))
            (local.get $r))
        """;

    public const string Wat = "(module\n  (memory (export \"memory\") 1)\n" + ReallocWat + ")";

    public readonly Engine Engine = new();
    public readonly Memory Memory;
    public readonly Function Realloc;
    public readonly Function RecordingRealloc;
    public readonly HandleTables Handles = new(new object());
    public readonly List<(uint Old, uint OldSize, uint Align, uint NewSize, uint Result)> Calls = new();

    /// <summary>When set, the recording realloc returns this instead of allocating.</summary>
    public uint? ForcedResult;

    private uint _bump = 0x8000;

    public GuestMemory()
    {
        var module = Module.FromText(Engine, Wat);
        var instance = new Linker(Engine).Instantiate(new Store(Engine), module);
        Memory = instance.GetMemory("memory")!;
        Realloc = instance.GetFunction("realloc")!;
        RecordingRealloc = Function.FromCallback(Engine, new FuncType([ValType.I32, ValType.I32, ValType.I32, ValType.I32], [ValType.I32]), (args, results) =>
        {
            uint old = (uint)args[0].I32, oldSize = (uint)args[1].I32, align = (uint)args[2].I32, size = (uint)args[3].I32;
            uint r = ForcedResult ?? ((_bump + align - 1) & ~(align - 1));
            if (ForcedResult is null)
            {
                _bump = r + size;
                if (old != 0) Memory.Span.Slice((int)old, (int)Math.Min(oldSize, size)).CopyTo(Memory.Span[(int)r..]);
            }
            Calls.Add((old, oldSize, align, size, r));
            results[0] = Value.FromI32((int)r);
        });
    }

    public CanonicalOptions Options(StringEncoding encoding = StringEncoding.Utf8, bool recording = false) =>
        new(Handles) { StringEncoding = encoding, Memory = Memory, Realloc = recording ? RecordingRealloc : Realloc };

    public LiftLowerContext Context(StringEncoding encoding = StringEncoding.Utf8, bool recording = false) => new(Options(encoding, recording));

    public Span<byte> Bytes => Memory.Span;
}
