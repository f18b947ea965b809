using System.Buffers.Binary;

namespace Wasm.Wasi.Preview1;

/// <summary>A guest pointer or length pointed outside the memory: the syscall returns <c>EFAULT</c>.</summary>
internal sealed class GuestFaultException : Exception
{
    public static readonly GuestFaultException Instance = new();
}

/// <summary>
/// Bounds-checked views of the instance's linear memory. Spans are taken per access and never kept across a
/// call that could run guest code, since <c>memory.grow</c> moves the memory.
/// </summary>
internal sealed class GuestMemory
{
    private Memory? _memory;

    public void Bind(Memory memory) => _memory = memory;

    public bool IsBound => _memory is not null;

    /// <summary><paramref name="length"/> bytes at <paramref name="ptr"/> (both unsigned in the guest).</summary>
    public Span<byte> Bytes(int ptr, int length)
    {
        var memory = _memory ?? throw new InvalidOperationException("the WASI context is not bound to an instance's memory");
        if ((ulong)(uint)ptr + (uint)length > memory.ByteLength || length < 0) throw GuestFaultException.Instance;
        return memory.GetSpan((uint)ptr, length);
    }

    public int ReadI32(int ptr) => BinaryPrimitives.ReadInt32LittleEndian(Bytes(ptr, 4));
    public long ReadI64(int ptr) => BinaryPrimitives.ReadInt64LittleEndian(Bytes(ptr, 8));
    public void WriteI32(int ptr, int value) => BinaryPrimitives.WriteInt32LittleEndian(Bytes(ptr, 4), value);
    public void WriteI64(int ptr, long value) => BinaryPrimitives.WriteInt64LittleEndian(Bytes(ptr, 8), value);
}
