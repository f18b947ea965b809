using System.Runtime.CompilerServices;
using Wasm.Runtime;

namespace Wasm.Compilation;

/// <summary>
/// The atomic memory accesses of the threads proposal, called by compiled code with a native address that is
/// already bounds-checked and naturally aligned. 32- and 64-bit accesses map to <see cref="Interlocked"/> and
/// <see cref="Volatile"/>; 8- and 16-bit read-modify-writes, which <see cref="Interlocked"/> lacks, are
/// compare-and-swap loops on the aligned 32-bit word that contains them (inside the memory, whose size is a
/// multiple of 64 KiB and whose base is at least 8-byte aligned). Results are zero-extended.
/// </summary>
internal static unsafe class AtomicOps
{
    /// <summary>The read-modify-write operations, in the order of their opcode groups.</summary>
    private enum Rmw { Add, Sub, And, Or, Xor, Xchg }

    public static void Fence() => Interlocked.MemoryBarrier();

    public static int Load8(byte* p) => Volatile.Read(ref *p);
    public static int Load16(byte* p) => Volatile.Read(ref *(ushort*)p);
    public static int Load32(byte* p) => Volatile.Read(ref *(int*)p);
    public static long Load64(byte* p) => Volatile.Read(ref *(long*)p);

    // Sequentially consistent stores: an exchange is a full barrier, a volatile write only a release.
    public static void Store8(byte* p, int value) => Update(p, value, 8, Rmw.Xchg);
    public static void Store16(byte* p, int value) => Update(p, value, 16, Rmw.Xchg);
    public static void Store32(byte* p, int value) => Interlocked.Exchange(ref *(int*)p, value);
    public static void Store64(byte* p, long value) => Interlocked.Exchange(ref *(long*)p, value);

    public static int Add8(byte* p, int v) => Update(p, v, 8, Rmw.Add);
    public static int Add16(byte* p, int v) => Update(p, v, 16, Rmw.Add);
    public static int Add32(byte* p, int v) => Interlocked.Add(ref *(int*)p, v) - v;
    public static long Add64(byte* p, long v) => Interlocked.Add(ref *(long*)p, v) - v;

    public static int Sub8(byte* p, int v) => Update(p, v, 8, Rmw.Sub);
    public static int Sub16(byte* p, int v) => Update(p, v, 16, Rmw.Sub);
    public static int Sub32(byte* p, int v) => Interlocked.Add(ref *(int*)p, -v) + v;
    public static long Sub64(byte* p, long v) => Interlocked.Add(ref *(long*)p, -v) + v;

    public static int And8(byte* p, int v) => Update(p, v, 8, Rmw.And);
    public static int And16(byte* p, int v) => Update(p, v, 16, Rmw.And);
    public static int And32(byte* p, int v) => Interlocked.And(ref *(int*)p, v);
    public static long And64(byte* p, long v) => Interlocked.And(ref *(long*)p, v);

    public static int Or8(byte* p, int v) => Update(p, v, 8, Rmw.Or);
    public static int Or16(byte* p, int v) => Update(p, v, 16, Rmw.Or);
    public static int Or32(byte* p, int v) => Interlocked.Or(ref *(int*)p, v);
    public static long Or64(byte* p, long v) => Interlocked.Or(ref *(long*)p, v);

    public static int Xor8(byte* p, int v) => Update(p, v, 8, Rmw.Xor);
    public static int Xor16(byte* p, int v) => Update(p, v, 16, Rmw.Xor);

    public static int Xor32(byte* p, int v)
    {
        ref var cell = ref *(int*)p;
        while (true)
        {
            var old = Volatile.Read(ref cell);
            if (Interlocked.CompareExchange(ref cell, old ^ v, old) == old) return old;
        }
    }

    public static long Xor64(byte* p, long v)
    {
        ref var cell = ref *(long*)p;
        while (true)
        {
            var old = Volatile.Read(ref cell);
            if (Interlocked.CompareExchange(ref cell, old ^ v, old) == old) return old;
        }
    }

    public static int Xchg8(byte* p, int v) => Update(p, v, 8, Rmw.Xchg);
    public static int Xchg16(byte* p, int v) => Update(p, v, 16, Rmw.Xchg);
    public static int Xchg32(byte* p, int v) => Interlocked.Exchange(ref *(int*)p, v);
    public static long Xchg64(byte* p, long v) => Interlocked.Exchange(ref *(long*)p, v);

    public static int Cmpxchg8(byte* p, int expected, int replacement) => CompareExchange(p, expected, replacement, 8);
    public static int Cmpxchg16(byte* p, int expected, int replacement) => CompareExchange(p, expected, replacement, 16);
    public static int Cmpxchg32(byte* p, int expected, int replacement) => Interlocked.CompareExchange(ref *(int*)p, replacement, expected);
    public static long Cmpxchg64(byte* p, long expected, long replacement) => Interlocked.CompareExchange(ref *(long*)p, replacement, expected);

    /// <summary>The aligned 32-bit word holding a naturally aligned 8- or 16-bit cell, and where the cell sits in
    /// it (wasm memory is little-endian, as is every host this engine runs on).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ref uint Word(byte* p, int bits, out int shift, out uint mask)
    {
        var address = (nuint)p;
        shift = (int)(address & 3) * 8;
        mask = (bits == 8 ? 0xFFu : 0xFFFFu) << shift;
        return ref *(uint*)(address & ~(nuint)3);
    }

    private static int Update(byte* p, int operand, int bits, Rmw op)
    {
        ref var word = ref Word(p, bits, out var shift, out var mask);
        while (true)
        {
            var old = Volatile.Read(ref word);
            var cell = (old & mask) >> shift;
            var value = op switch
            {
                Rmw.Add => cell + (uint)operand,
                Rmw.Sub => cell - (uint)operand,
                Rmw.And => cell & (uint)operand,
                Rmw.Or => cell | (uint)operand,
                Rmw.Xor => cell ^ (uint)operand,
                _ => (uint)operand,
            };
            var updated = (old & ~mask) | ((value << shift) & mask);
            if (Interlocked.CompareExchange(ref word, updated, old) == old) return (int)cell;
        }
    }

    private static int CompareExchange(byte* p, int expected, int replacement, int bits)
    {
        ref var word = ref Word(p, bits, out var shift, out var mask);
        // The expected value is wrapped to the access width, as the replacement is.
        var want = ((uint)expected << shift) & mask;
        while (true)
        {
            var old = Volatile.Read(ref word);
            var cell = old & mask;
            if (cell != want) return (int)(cell >> shift);
            var updated = (old & ~mask) | (((uint)replacement << shift) & mask);
            if (Interlocked.CompareExchange(ref word, updated, old) == old) return (int)(cell >> shift);
        }
    }

    public static int Wait32(byte* p, int expected, long timeout, Memory memory, VmContext ctx) =>
        memory.Wait32(p, expected, timeout, ctx.Store);

    public static int Wait64(byte* p, long expected, long timeout, Memory memory, VmContext ctx) =>
        memory.Wait64(p, expected, timeout, ctx.Store);
    public static int Notify(byte* p, int count, Memory memory) => memory.Notify(p, (uint)count);
}
