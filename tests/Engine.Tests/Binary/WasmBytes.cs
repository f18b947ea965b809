namespace Wasm.Tests.Binary;

/// <summary>Builds small binary modules by hand for decoder and validator tests.</summary>
internal static class WasmBytes
{
    public static readonly byte[] Header = [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00];

    public const byte I32 = 0x7F, I64 = 0x7E, F32 = 0x7D, F64 = 0x7C, FuncRef = 0x70, ExternRef = 0x6F;

    /// <summary>Unsigned LEB128.</summary>
    public static byte[] U32(uint v)
    {
        var list = new List<byte>();
        do
        {
            byte b = (byte)(v & 0x7F);
            v >>= 7;
            if (v != 0) b |= 0x80;
            list.Add(b);
        } while (v != 0);
        return list.ToArray();
    }

    public static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    public static byte[] Section(byte id, params byte[][] content)
    {
        var body = Concat(content);
        return Concat([id], U32((uint)body.Length), body);
    }

    public static byte[] Vec(params byte[][] items) => Concat(U32((uint)items.Length), Concat(items));

    public static byte[] Module(params byte[][] sections) => Concat(Header, Concat(sections));

    public static byte[] FuncType(byte[] parameters, byte[] results) =>
        Concat([0x60], U32((uint)parameters.Length), parameters, U32((uint)results.Length), results);

    public static byte[] Name(string s)
    {
        var b = System.Text.Encoding.UTF8.GetBytes(s);
        return Concat(U32((uint)b.Length), b);
    }

    /// <summary>A code-section entry: local groups (count, type) and instruction bytes (final end included by caller).</summary>
    public static byte[] Body(byte[][] localGroups, params byte[] code)
    {
        var content = Concat(Vec(localGroups), code);
        return Concat(U32((uint)content.Length), content);
    }

    /// <summary>A module with one function of type <paramref name="type"/> and the given body code.</summary>
    public static byte[] OneFunction(byte[] type, byte[] code, byte[][]? locals = null, params byte[][] extraSections)
    {
        var sections = new List<byte[]>
        {
            Section(1, Vec(type)),
            Section(3, Vec([0x00])),
        };
        sections.AddRange(extraSections.Where(s => s[0] < 10));
        sections.Add(Section(10, Vec(Body(locals ?? [], code))));
        sections.AddRange(extraSections.Where(s => s[0] >= 10 && s[0] != 12));
        return Module(sections.ToArray());
    }
}
