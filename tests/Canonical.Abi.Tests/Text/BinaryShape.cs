namespace Wasm.Components.Tests.Text;

/// <summary>
/// Checks the framing of a component binary without a full decoder: preamble, section ids and sizes, nested
/// components and core modules (recursively), and summarises which sections each level holds.
/// </summary>
internal static class BinaryShape
{
    /// <summary>Throws when the framing is broken; returns the component's section ids in order.</summary>
    public static List<int> CheckComponent(ReadOnlySpan<byte> b)
    {
        if (b.Length < 8 || b[0] != 0 || b[1] != 0x61 || b[2] != 0x73 || b[3] != 0x6D || b[4] != 0x0D || b[5] != 0 || b[6] != 1 || b[7] != 0)
            throw new InvalidDataException("bad component preamble");
        var ids = new List<int>();
        int pos = 8;
        while (pos < b.Length)
        {
            int id = b[pos++];
            uint size = ReadU32(b, ref pos);
            if (pos + size > b.Length) throw new InvalidDataException($"section {id} overruns the binary");
            var body = b.Slice(pos, (int)size);
            switch (id)
            {
                case 0: break;
                case 1: CheckCoreModule(body); break;
                case 4: CheckComponent(body); break;
                case 9: break;
                case >= 2 and <= 11:
                {
                    int p = 0;
                    uint count = ReadU32(body, ref p);
                    if (count == 0) throw new InvalidDataException($"empty vector section {id}");
                    break;
                }
                default: throw new InvalidDataException($"unknown section id {id}");
            }
            ids.Add(id);
            pos += (int)size;
        }
        return ids;
    }

    /// <summary>Checks a core module's preamble and section framing.</summary>
    public static void CheckCoreModule(ReadOnlySpan<byte> b)
    {
        if (b.Length < 8 || b[0] != 0 || b[1] != 0x61 || b[2] != 0x73 || b[3] != 0x6D || b[4] != 1 || b[5] != 0 || b[6] != 0 || b[7] != 0)
            throw new InvalidDataException("bad core module preamble");
        int pos = 8;
        while (pos < b.Length)
        {
            int id = b[pos++];
            uint size = ReadU32(b, ref pos);
            if (id > 13 || pos + size > b.Length) throw new InvalidDataException($"bad core section {id}");
            pos += (int)size;
        }
    }

    /// <summary>Reads an unsigned LEB128.</summary>
    public static uint ReadU32(ReadOnlySpan<byte> b, ref int pos)
    {
        uint result = 0;
        for (int shift = 0; ; shift += 7)
        {
            if (pos >= b.Length || shift > 28) throw new InvalidDataException("bad LEB128");
            byte x = b[pos++];
            result |= (uint)(x & 0x7F) << shift;
            if ((x & 0x80) == 0) return result;
        }
    }
}
