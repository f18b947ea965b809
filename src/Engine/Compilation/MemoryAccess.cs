using System.Reflection;
using System.Runtime.CompilerServices;
using Wasm.Instructions;

namespace Wasm.Compilation;

/// <summary>
/// Loads and stores of a 32-bit memory as calls the JIT inlines: the same bounds check and access as the inline
/// IL sequence, but without IL branches, locals or temporaries at the call site. A function whose inline
/// sequences would push it past the JIT's limits for optimizing (basic blocks, IL instructions, local
/// references) uses these instead and stays fully optimized; see <see cref="FunctionCompiler"/>.
/// Each takes the address (and value) from the wasm stack, then the memory's base and length and the static
/// offset; both are below 2^32, so address + offset + size cannot overflow 64 bits.
/// </summary>
internal static unsafe class MemoryAccess
{
    private static readonly Dictionary<Opcode, MethodInfo> Helpers = typeof(MemoryAccess)
        .GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly)
        .Where(m => m.Name != nameof(For)).ToDictionary(m => Enum.Parse<Opcode>(m.Name));

    /// <summary>The helper for scalar load or store <paramref name="op"/>.</summary>
    public static MethodInfo For(Opcode op) => Helpers[op];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I32Load(int address, nint memoryBase, ulong length, uint offset)
    {
        var ea = (ulong)(uint)address + offset;
        if (ea + 4 > length) throw Traps.Create(TrapCode.MemoryOutOfBounds);
        return Unsafe.ReadUnaligned<int>((void*)(memoryBase + (nint)ea));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long I64Load(int address, nint memoryBase, ulong length, uint offset)
    {
        var ea = (ulong)(uint)address + offset;
        if (ea + 8 > length) throw Traps.Create(TrapCode.MemoryOutOfBounds);
        return Unsafe.ReadUnaligned<long>((void*)(memoryBase + (nint)ea));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float F32Load(int address, nint memoryBase, ulong length, uint offset)
    {
        var ea = (ulong)(uint)address + offset;
        if (ea + 4 > length) throw Traps.Create(TrapCode.MemoryOutOfBounds);
        return Unsafe.ReadUnaligned<float>((void*)(memoryBase + (nint)ea));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double F64Load(int address, nint memoryBase, ulong length, uint offset)
    {
        var ea = (ulong)(uint)address + offset;
        if (ea + 8 > length) throw Traps.Create(TrapCode.MemoryOutOfBounds);
        return Unsafe.ReadUnaligned<double>((void*)(memoryBase + (nint)ea));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I32Load8S(int address, nint memoryBase, ulong length, uint offset)
    {
        var ea = (ulong)(uint)address + offset;
        if (ea + 1 > length) throw Traps.Create(TrapCode.MemoryOutOfBounds);
        return (int)Unsafe.ReadUnaligned<sbyte>((void*)(memoryBase + (nint)ea));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I32Load8U(int address, nint memoryBase, ulong length, uint offset)
    {
        var ea = (ulong)(uint)address + offset;
        if (ea + 1 > length) throw Traps.Create(TrapCode.MemoryOutOfBounds);
        return (int)Unsafe.ReadUnaligned<byte>((void*)(memoryBase + (nint)ea));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I32Load16S(int address, nint memoryBase, ulong length, uint offset)
    {
        var ea = (ulong)(uint)address + offset;
        if (ea + 2 > length) throw Traps.Create(TrapCode.MemoryOutOfBounds);
        return (int)Unsafe.ReadUnaligned<short>((void*)(memoryBase + (nint)ea));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I32Load16U(int address, nint memoryBase, ulong length, uint offset)
    {
        var ea = (ulong)(uint)address + offset;
        if (ea + 2 > length) throw Traps.Create(TrapCode.MemoryOutOfBounds);
        return (int)Unsafe.ReadUnaligned<ushort>((void*)(memoryBase + (nint)ea));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long I64Load8S(int address, nint memoryBase, ulong length, uint offset)
    {
        var ea = (ulong)(uint)address + offset;
        if (ea + 1 > length) throw Traps.Create(TrapCode.MemoryOutOfBounds);
        return (long)Unsafe.ReadUnaligned<sbyte>((void*)(memoryBase + (nint)ea));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long I64Load8U(int address, nint memoryBase, ulong length, uint offset)
    {
        var ea = (ulong)(uint)address + offset;
        if (ea + 1 > length) throw Traps.Create(TrapCode.MemoryOutOfBounds);
        return (long)Unsafe.ReadUnaligned<byte>((void*)(memoryBase + (nint)ea));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long I64Load16S(int address, nint memoryBase, ulong length, uint offset)
    {
        var ea = (ulong)(uint)address + offset;
        if (ea + 2 > length) throw Traps.Create(TrapCode.MemoryOutOfBounds);
        return (long)Unsafe.ReadUnaligned<short>((void*)(memoryBase + (nint)ea));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long I64Load16U(int address, nint memoryBase, ulong length, uint offset)
    {
        var ea = (ulong)(uint)address + offset;
        if (ea + 2 > length) throw Traps.Create(TrapCode.MemoryOutOfBounds);
        return (long)Unsafe.ReadUnaligned<ushort>((void*)(memoryBase + (nint)ea));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long I64Load32S(int address, nint memoryBase, ulong length, uint offset)
    {
        var ea = (ulong)(uint)address + offset;
        if (ea + 4 > length) throw Traps.Create(TrapCode.MemoryOutOfBounds);
        return (long)Unsafe.ReadUnaligned<int>((void*)(memoryBase + (nint)ea));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long I64Load32U(int address, nint memoryBase, ulong length, uint offset)
    {
        var ea = (ulong)(uint)address + offset;
        if (ea + 4 > length) throw Traps.Create(TrapCode.MemoryOutOfBounds);
        return (long)Unsafe.ReadUnaligned<uint>((void*)(memoryBase + (nint)ea));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void I32Store(int address, int value, nint memoryBase, ulong length, uint offset)
    {
        var ea = (ulong)(uint)address + offset;
        if (ea + 4 > length) throw Traps.Create(TrapCode.MemoryOutOfBounds);
        Unsafe.WriteUnaligned((void*)(memoryBase + (nint)ea), value);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void I64Store(int address, long value, nint memoryBase, ulong length, uint offset)
    {
        var ea = (ulong)(uint)address + offset;
        if (ea + 8 > length) throw Traps.Create(TrapCode.MemoryOutOfBounds);
        Unsafe.WriteUnaligned((void*)(memoryBase + (nint)ea), value);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void F32Store(int address, float value, nint memoryBase, ulong length, uint offset)
    {
        var ea = (ulong)(uint)address + offset;
        if (ea + 4 > length) throw Traps.Create(TrapCode.MemoryOutOfBounds);
        Unsafe.WriteUnaligned((void*)(memoryBase + (nint)ea), value);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void F64Store(int address, double value, nint memoryBase, ulong length, uint offset)
    {
        var ea = (ulong)(uint)address + offset;
        if (ea + 8 > length) throw Traps.Create(TrapCode.MemoryOutOfBounds);
        Unsafe.WriteUnaligned((void*)(memoryBase + (nint)ea), value);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void I32Store8(int address, int value, nint memoryBase, ulong length, uint offset)
    {
        var ea = (ulong)(uint)address + offset;
        if (ea + 1 > length) throw Traps.Create(TrapCode.MemoryOutOfBounds);
        Unsafe.WriteUnaligned((void*)(memoryBase + (nint)ea), (byte)value);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void I32Store16(int address, int value, nint memoryBase, ulong length, uint offset)
    {
        var ea = (ulong)(uint)address + offset;
        if (ea + 2 > length) throw Traps.Create(TrapCode.MemoryOutOfBounds);
        Unsafe.WriteUnaligned((void*)(memoryBase + (nint)ea), (short)value);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void I64Store8(int address, long value, nint memoryBase, ulong length, uint offset)
    {
        var ea = (ulong)(uint)address + offset;
        if (ea + 1 > length) throw Traps.Create(TrapCode.MemoryOutOfBounds);
        Unsafe.WriteUnaligned((void*)(memoryBase + (nint)ea), (byte)value);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void I64Store16(int address, long value, nint memoryBase, ulong length, uint offset)
    {
        var ea = (ulong)(uint)address + offset;
        if (ea + 2 > length) throw Traps.Create(TrapCode.MemoryOutOfBounds);
        Unsafe.WriteUnaligned((void*)(memoryBase + (nint)ea), (short)value);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void I64Store32(int address, long value, nint memoryBase, ulong length, uint offset)
    {
        var ea = (ulong)(uint)address + offset;
        if (ea + 4 > length) throw Traps.Create(TrapCode.MemoryOutOfBounds);
        Unsafe.WriteUnaligned((void*)(memoryBase + (nint)ea), (int)value);
    }
}
