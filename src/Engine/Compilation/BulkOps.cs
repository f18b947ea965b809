using Wasm.Runtime;

namespace Wasm.Compilation;

/// <summary>
/// Table, segment and bulk-memory instructions: each does enough work that a call is cheap next to it.
/// Arguments come in wasm operand order with the context (or the table) last, so compiled code needs no temporaries.
/// </summary>
internal static unsafe class BulkOps
{
    public static object? TableGet(int index, Table table)
    {
        var e = table.Elements;
        if ((uint)index >= (uint)e.Length) Traps.Throw(TrapCode.TableOutOfBounds);
        return e[index];
    }

    public static void TableSet(int index, object? value, Table table)
    {
        var e = table.Elements;
        if ((uint)index >= (uint)e.Length) Traps.Throw(TrapCode.TableOutOfBounds);
        e[index] = value;
    }

    public static int TableGrow(object? init, int delta, Table table) => table.Grow((uint)delta, init);

    public static void TableFill(int start, object? value, int count, Table table)
    {
        var e = table.Elements;
        if ((ulong)(uint)start + (uint)count > (ulong)e.Length) Traps.Throw(TrapCode.TableOutOfBounds);
        Array.Fill(e, value, start, count);
    }

    public static void TableCopy(int dst, int src, int count, int dstTable, int srcTable, VmContext ctx)
    {
        var d = ctx.Tables[dstTable].Elements;
        var s = ctx.Tables[srcTable].Elements;
        if ((ulong)(uint)dst + (uint)count > (ulong)d.Length || (ulong)(uint)src + (uint)count > (ulong)s.Length)
            Traps.Throw(TrapCode.TableOutOfBounds);
        Array.Copy(s, src, d, dst, count);
    }

    public static void TableInit(int dst, int src, int count, int table, int segment, VmContext ctx)
    {
        var d = ctx.Tables[table].Elements;
        var s = ctx.Elems[segment] ?? [];
        if ((ulong)(uint)dst + (uint)count > (ulong)d.Length || (ulong)(uint)src + (uint)count > (ulong)s.Length)
            Traps.Throw(TrapCode.TableOutOfBounds);
        Array.Copy(s, src, d, dst, count);
    }

    public static void ElemDrop(int segment, VmContext ctx) => ctx.Elems[segment] = null;

    public static void DataDrop(int segment, VmContext ctx) => ctx.Datas[segment] = default;

    public static void MemoryInit(int dst, int src, int count, int memory, int segment, VmContext ctx)
    {
        var m = ctx.Memories[memory];
        var s = ctx.Datas[segment].Span;
        if ((ulong)(uint)dst + (uint)count > m.Length || (ulong)(uint)src + (uint)count > (ulong)s.Length)
            Traps.Throw(TrapCode.MemoryOutOfBounds);
        s.Slice(src, count).CopyTo(new Span<byte>(m.Base + (uint)dst, count));
    }

    public static void MemoryCopy(int dst, int src, int count, int dstMemory, int srcMemory, VmContext ctx)
    {
        var d = ctx.Memories[dstMemory];
        var s = ctx.Memories[srcMemory];
        if ((ulong)(uint)dst + (uint)count > d.Length || (ulong)(uint)src + (uint)count > s.Length)
            Traps.Throw(TrapCode.MemoryOutOfBounds);
        Buffer.MemoryCopy(s.Base + (uint)src, d.Base + (uint)dst, (ulong)(uint)count, (ulong)(uint)count);
    }

    public static void MemoryFill(int dst, int value, int count, int memory, VmContext ctx)
    {
        var m = ctx.Memories[memory];
        if ((ulong)(uint)dst + (uint)count > m.Length) Traps.Throw(TrapCode.MemoryOutOfBounds);
        NativeMemoryFill(m.Base + (uint)dst, (uint)count, (byte)value);
    }

    private static void NativeMemoryFill(byte* p, uint count, byte value) =>
        System.Runtime.InteropServices.NativeMemory.Fill(p, count, value);

    public static int MemoryGrow(int delta, int memory, VmContext ctx) => ctx.Memories[memory].GrowFromGuest(delta);

    // 64-bit memories and tables (memory64, table64). Every operand arrives as i64: the compiler zero-extends
    // those that are i32 (segment offsets and lengths, or a length between a 32-bit and a 64-bit memory).

    /// <summary>Whether [start, start + count) lies within [0, length), without overflowing.</summary>
    private static bool Fits(long start, long count, ulong length) =>
        (ulong)start <= length && (ulong)count <= length - (ulong)start;

    public static object? TableGet64(long index, Table table)
    {
        var e = table.Elements;
        if ((ulong)index >= (ulong)e.Length) Traps.Throw(TrapCode.TableOutOfBounds);
        return e[index];
    }

    public static void TableSet64(long index, object? value, Table table)
    {
        var e = table.Elements;
        if ((ulong)index >= (ulong)e.Length) Traps.Throw(TrapCode.TableOutOfBounds);
        e[index] = value;
    }

    public static long TableGrow64(object? init, long delta, Table table) => table.Grow64((ulong)delta, init);

    public static void TableFill64(long start, object? value, long count, Table table)
    {
        var e = table.Elements;
        if (!Fits(start, count, (ulong)e.Length)) Traps.Throw(TrapCode.TableOutOfBounds);
        Array.Fill(e, value, (int)start, (int)count);
    }

    public static void TableCopy64(long dst, long src, long count, int dstTable, int srcTable, VmContext ctx)
    {
        var d = ctx.Tables[dstTable].Elements;
        var s = ctx.Tables[srcTable].Elements;
        if (!Fits(dst, count, (ulong)d.Length) || !Fits(src, count, (ulong)s.Length)) Traps.Throw(TrapCode.TableOutOfBounds);
        Array.Copy(s, (int)src, d, (int)dst, (int)count);
    }

    public static void TableInit64(long dst, long src, long count, int table, int segment, VmContext ctx)
    {
        var d = ctx.Tables[table].Elements;
        var s = ctx.Elems[segment] ?? [];
        if (!Fits(dst, count, (ulong)d.Length) || !Fits(src, count, (ulong)s.Length)) Traps.Throw(TrapCode.TableOutOfBounds);
        Array.Copy(s, (int)src, d, (int)dst, (int)count);
    }

    public static void MemoryInit64(long dst, long src, long count, int memory, int segment, VmContext ctx)
    {
        var m = ctx.Memories[memory];
        var s = ctx.Datas[segment].Span;
        if (!Fits(dst, count, m.Length) || !Fits(src, count, (ulong)s.Length)) Traps.Throw(TrapCode.MemoryOutOfBounds);
        s.Slice((int)src, (int)count).CopyTo(new Span<byte>(m.Base + (ulong)dst, (int)count));
    }

    public static void MemoryCopy64(long dst, long src, long count, int dstMemory, int srcMemory, VmContext ctx)
    {
        var d = ctx.Memories[dstMemory];
        var s = ctx.Memories[srcMemory];
        if (!Fits(dst, count, d.Length) || !Fits(src, count, s.Length)) Traps.Throw(TrapCode.MemoryOutOfBounds);
        Buffer.MemoryCopy(s.Base + (ulong)src, d.Base + (ulong)dst, (ulong)count, (ulong)count);
    }

    public static void MemoryFill64(long dst, int value, long count, int memory, VmContext ctx)
    {
        var m = ctx.Memories[memory];
        if (!Fits(dst, count, m.Length)) Traps.Throw(TrapCode.MemoryOutOfBounds);
        System.Runtime.InteropServices.NativeMemory.Fill(m.Base + (ulong)dst, (nuint)count, (byte)value);
    }

    public static long MemoryGrow64(long delta, int memory, VmContext ctx) => ctx.Memories[memory].GrowFromGuest64(delta);
}
