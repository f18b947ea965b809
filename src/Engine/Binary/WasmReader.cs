using System.Buffers.Binary;
using System.Text;

namespace Wasm.Binary;

/// <summary>
/// Primitive reads of the binary format over a span of the whole module: bytes, LEB128 integers with the spec's
/// length limits, names and byte vectors. Positions are absolute module offsets. Every error is a
/// <see cref="MalformedModuleException"/> carrying the offset where the bad construct starts.
/// </summary>
internal ref struct WasmReader
{
    /// <summary>Reported when the input ends outside a section.</summary>
    public const string UnexpectedEnd = "unexpected end";

    /// <summary>Reported when the input ends inside a section or a function body.</summary>
    public const string UnexpectedEndOfSection = "unexpected end of section or function";

    private readonly ReadOnlySpan<byte> _data;
    private readonly int _end;
    private int _pos;

    /// <summary>Creates a reader of <paramref name="data"/>[<paramref name="start"/>..<paramref name="end"/>).</summary>
    public WasmReader(ReadOnlySpan<byte> data, int start, int end)
    {
        _data = data;
        _pos = start;
        _end = end;
        EndMessage = UnexpectedEnd;
    }

    /// <summary>The message reported when a read runs past the end.</summary>
    public string EndMessage;

    /// <summary>The module's function types decoded so far, for reference types naming a type index.</summary>
    public List<DefinedType>? Types;

    /// <summary>While the type section is read: how many types it declares (indices below it but not yet decoded
    /// are forward references, which need GC's recursive types). -1 otherwise.</summary>
    public int TypesDeclared = -1;

    /// <summary>The current position.</summary>
    public int Position
    {
        readonly get => _pos;
        set => _pos = value;
    }

    /// <summary>Where reading stops.</summary>
    public readonly int End => _end;

    /// <summary>Bytes left.</summary>
    public readonly int Remaining => _end - _pos;

    /// <summary>True when nothing is left.</summary>
    public readonly bool AtEnd => _pos >= _end;

    /// <summary>The underlying module bytes.</summary>
    public readonly ReadOnlySpan<byte> Data => _data;

    /// <summary>Throws a malformed-module error at <paramref name="offset"/>.</summary>
    public static MalformedModuleException Error(string reason, long offset) => new(reason, offset);

    private readonly MalformedModuleException EndError() => new(EndMessage, _pos);

    /// <summary>Reads one byte.</summary>
    public byte ReadByte()
    {
        if (_pos >= _end) throw EndError();
        return _data[_pos++];
    }

    /// <summary>Looks at the next byte without consuming it.</summary>
    public readonly byte PeekByte()
    {
        if (_pos >= _end) throw EndError();
        return _data[_pos];
    }

    /// <summary>Reads <paramref name="count"/> raw bytes.</summary>
    public ReadOnlySpan<byte> ReadBytes(int count)
    {
        if (count < 0 || count > _end - _pos) throw EndError();
        var s = _data.Slice(_pos, count);
        _pos += count;
        return s;
    }

    /// <summary>Reads an unsigned LEB128 of at most 32 bits.</summary>
    public uint ReadU32()
    {
        int start = _pos;
        uint result = 0;
        for (int shift = 0; ; shift += 7)
        {
            byte b = ReadByte();
            if (shift == 28)
            {
                if ((b & 0x80) != 0) throw Error("integer representation too long", start);
                if ((b & 0x70) != 0) throw Error("integer too large", start);
                return result | ((uint)b << 28);
            }
            result |= (uint)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) return result;
        }
    }

    /// <summary>Reads an unsigned LEB128 of at most 64 bits.</summary>
    public ulong ReadU64()
    {
        int start = _pos;
        ulong result = 0;
        for (int shift = 0; ; shift += 7)
        {
            byte b = ReadByte();
            if (shift == 63)
            {
                if ((b & 0x80) != 0) throw Error("integer representation too long", start);
                if ((b & 0x7E) != 0) throw Error("integer too large", start);
                return result | ((ulong)b << 63);
            }
            result |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) return result;
        }
    }

    /// <summary>Reads a signed LEB128 of at most 32 bits.</summary>
    public int ReadS32()
    {
        int start = _pos;
        int result = 0;
        for (int shift = 0; ; shift += 7)
        {
            byte b = ReadByte();
            if (shift == 28)
            {
                if ((b & 0x80) != 0) throw Error("integer representation too long", start);
                // Bits 4..6 must all equal the sign bit (bit 3).
                int high = b & 0x78;
                if (high != 0 && high != 0x78) throw Error("integer too large", start);
                return result | (b << 28);
            }
            result |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                int used = shift + 7;
                if ((b & 0x40) != 0) result |= -1 << used;
                return result;
            }
        }
    }

    /// <summary>Reads a signed LEB128 of at most 33 bits (block types).</summary>
    public long ReadS33()
    {
        int start = _pos;
        long result = 0;
        for (int shift = 0; ; shift += 7)
        {
            byte b = ReadByte();
            if (shift == 28)
            {
                if ((b & 0x80) != 0) throw Error("integer representation too long", start);
                int high = b & 0x70; // bits 4..6 must equal bit 4's sign... bit 4 is the sign of a 33-bit value
                if (high != 0 && high != 0x70) throw Error("integer too large", start);
                result |= (long)(b & 0x7F) << 28;
                if ((b & 0x40) != 0) result |= -1L << 35;
                return result;
            }
            result |= (long)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                int used = shift + 7;
                if ((b & 0x40) != 0) result |= -1L << used;
                return result;
            }
        }
    }

    /// <summary>Reads a signed LEB128 of at most 64 bits.</summary>
    public long ReadS64()
    {
        int start = _pos;
        long result = 0;
        for (int shift = 0; ; shift += 7)
        {
            byte b = ReadByte();
            if (shift == 63)
            {
                if ((b & 0x80) != 0) throw Error("integer representation too long", start);
                // Only bit 0 is significant; bits 1..6 must equal it.
                if (b != 0 && b != 0x7F) throw Error("integer too large", start);
                return result | ((long)b << 63);
            }
            result |= (long)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                int used = shift + 7;
                if (used < 64 && (b & 0x40) != 0) result |= -1L << used;
                return result;
            }
        }
    }

    /// <summary>Reads four little-endian bytes.</summary>
    public uint ReadFixed32() => BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4));

    /// <summary>Reads eight little-endian bytes.</summary>
    public ulong ReadFixed64() => BinaryPrimitives.ReadUInt64LittleEndian(ReadBytes(8));

    /// <summary>Reads a length that must fit in the remaining input ("length out of bounds").</summary>
    public int ReadLength()
    {
        int start = _pos;
        uint n = ReadU32();
        if (n > (uint)(_end - _pos)) throw Error("length out of bounds", start);
        return (int)n;
    }

    /// <summary>Reads a vector count; it is not checked against the input, but callers must not pre-allocate by it.</summary>
    public int ReadCount()
    {
        int start = _pos;
        uint n = ReadU32();
        if (n > int.MaxValue) throw Error("length out of bounds", start);
        return (int)n;
    }

    /// <summary>A safe initial capacity for a vector of <paramref name="count"/> items of at least one byte.</summary>
    public readonly int Capacity(int count) => Math.Min(count, Math.Max(0, _end - _pos));

    /// <summary>Reads a UTF-8 name.</summary>
    public string ReadName()
    {
        int len = ReadLength();
        int start = _pos;
        var bytes = ReadBytes(len);
        if (!System.Text.Unicode.Utf8.IsValid(bytes)) throw Error("malformed UTF-8 encoding", start);
        return Encoding.UTF8.GetString(bytes);
    }
}
