namespace Wasm.Text;

/// <summary>A growable byte buffer with the binary format's LEB128 encodings.</summary>
internal sealed class ByteWriter
{
    private byte[] _buf;
    private int _len;

    public ByteWriter(int capacity = 64) => _buf = new byte[capacity];

    /// <summary>Number of bytes written.</summary>
    public int Length => _len;

    /// <summary>The bytes written so far.</summary>
    public ReadOnlySpan<byte> Span => _buf.AsSpan(0, _len);

    /// <summary>Appends one byte.</summary>
    public void Byte(byte b)
    {
        if (_len == _buf.Length) Array.Resize(ref _buf, _buf.Length * 2);
        _buf[_len++] = b;
    }

    /// <summary>Appends raw bytes.</summary>
    public void Bytes(ReadOnlySpan<byte> bytes)
    {
        if (_len + bytes.Length > _buf.Length) Array.Resize(ref _buf, Math.Max(_buf.Length * 2, _len + bytes.Length));
        bytes.CopyTo(_buf.AsSpan(_len));
        _len += bytes.Length;
    }

    /// <summary>Appends an unsigned LEB128.</summary>
    public void U32(uint v) => U64(v);

    /// <summary>Appends an unsigned LEB128.</summary>
    public void U64(ulong v)
    {
        do
        {
            byte b = (byte)(v & 0x7F);
            v >>= 7;
            if (v != 0) b |= 0x80;
            Byte(b);
        } while (v != 0);
    }

    /// <summary>Appends a signed LEB128.</summary>
    public void S64(long v)
    {
        while (true)
        {
            byte b = (byte)(v & 0x7F);
            v >>= 7;
            bool done = (v == 0 && (b & 0x40) == 0) || (v == -1 && (b & 0x40) != 0);
            if (!done) b |= 0x80;
            Byte(b);
            if (done) return;
        }
    }

    /// <summary>Appends a little-endian 32-bit value.</summary>
    public void Fixed32(uint v)
    {
        Byte((byte)v); Byte((byte)(v >> 8)); Byte((byte)(v >> 16)); Byte((byte)(v >> 24));
    }

    /// <summary>Appends a little-endian 64-bit value.</summary>
    public void Fixed64(ulong v)
    {
        Fixed32((uint)v);
        Fixed32((uint)(v >> 32));
    }

    /// <summary>Appends a length-prefixed byte vector (names, data).</summary>
    public void Vec(ReadOnlySpan<byte> bytes)
    {
        U32((uint)bytes.Length);
        Bytes(bytes);
    }

    /// <summary>Appends the contents of another writer.</summary>
    public void Append(ByteWriter other) => Bytes(other.Span);

    /// <summary>Copies out the bytes.</summary>
    public byte[] ToArray() => Span.ToArray();
}
