using Wasm.Binary;
using Wasm.Components.Model;

namespace Wasm.Components.Binary;

/// <summary>
/// Decodes the component binary format (the Component Model's <c>Binary.md</c>) into a <see cref="ComponentAst"/>.
/// Decoding is purely structural: indices are not resolved and embedded core modules are kept as bytes. Every error
/// is a <see cref="MalformedModuleException"/> whose offset is absolute in the outermost binary; messages follow
/// wasmparser's wording.
/// </summary>
public static partial class ComponentDecoder
{
    /// <summary>Reported when the input ends inside a construct.</summary>
    internal const string Eof = "unexpected end-of-file";

    /// <summary>How deeply nested components and component/instance types may be.</summary>
    internal const int MaxDepth = 100;

    private const uint ComponentVersion = 0x0001_000D;
    private const uint ModuleVersion = 0x0000_0001;

    /// <summary>True when <paramref name="bytes"/> starts with a component preamble (magic, version 0x0d, layer 1).</summary>
    /// <param name="bytes">The binary (or at least its first 8 bytes).</param>
    public static bool IsComponent(ReadOnlySpan<byte> bytes) =>
        bytes.Length >= 8
        && bytes[0] == 0x00 && bytes[1] == 0x61 && bytes[2] == 0x73 && bytes[3] == 0x6D
        && bytes[4] == 0x0D && bytes[5] == 0x00 && bytes[6] == 0x01 && bytes[7] == 0x00;

    /// <summary>Decodes a component binary.</summary>
    /// <param name="bytes">The whole binary, from the preamble.</param>
    /// <returns>The decoded component.</returns>
    /// <exception cref="MalformedModuleException">The binary is not a well-formed component.</exception>
    public static ComponentAst Decode(ReadOnlyMemory<byte> bytes)
    {
        var r = NewReader(bytes.Span, 0, bytes.Length);
        return ReadComponent(ref r, bytes, 0);
    }

    private static WasmReader NewReader(ReadOnlySpan<byte> data, int start, int end) =>
        new(data, start, end) { EndMessage = Eof };

    private static MalformedModuleException Error(string reason, long offset) => new(reason, offset);

    private static MalformedModuleException InvalidLeadingByte(byte b, string what, long offset) =>
        new($"invalid leading byte (0x{b:x}) for {what}", offset);

    /// <summary>Reads a whole component spanning exactly <paramref name="r"/>'s range.</summary>
    private static ComponentAst ReadComponent(ref WasmReader r, ReadOnlyMemory<byte> mem, int depth)
    {
        int start = r.Position;
        uint version = ReadPreamble(ref r);
        if (version != ComponentVersion)
        {
            if (version == ModuleVersion) throw Error("expected a version header for a component", start + 4);
            throw Error($"unknown binary version: 0x{version:x8}", start + 4);
        }

        var ast = new ComponentAst { Offset = start };
        bool sawStart = false;
        while (!r.AtEnd)
        {
            int idAt = r.Position;
            if (r.Remaining >= 4 && IsMagic(r.Data.Slice(idAt, 4)))
                throw Error("expected section, got wasm magic number", idAt);
            byte id = r.ReadByte();
            if ((id & 0x80) != 0) throw Error("malformed section id", idAt);
            int lenAt = r.Position;
            uint len = r.ReadU32();
            int bodyAt = r.Position;
            if (len > (uint)r.Remaining)
            {
                if (depth == 0) throw Error(Eof, r.End);
                throw Error($"section too large, {len} goes past 0x{r.End:x}", lenAt);
            }
            int end = bodyAt + (int)len;
            var s = NewReader(r.Data, bodyAt, end);
            switch (id)
            {
                case 0: ReadCustomSection(ref s, mem, ast); break;
                case 1: ast.Definitions.Add(ReadCoreModule(ref s, mem)); break;
                case 2: ReadVec(ref s, ast, depth, id, 100_000, "core instances"); break;
                case 3: ReadVec(ref s, ast, depth, id, 1_000_000, "core types"); break;
                case 4:
                {
                    if (depth + 1 > MaxDepth) throw Error("nesting too deep", idAt);
                    var nested = ReadComponent(ref s, mem, depth + 1);
                    nested.End = end;
                    ast.Definitions.Add(new ComponentDefinition(bodyAt, nested));
                    break;
                }
                case 5: ReadVec(ref s, ast, depth, id, 1_000, "instances"); break;
                case 6: ReadVec(ref s, ast, depth, id, 1_000_000, "aliases"); break;
                case 7: ReadVec(ref s, ast, depth, id, 1_000_000, "types"); break;
                case 8: ReadVec(ref s, ast, depth, id, 1_000_000, "canonical functions"); break;
                case 9:
                {
                    if (sawStart) throw Error("component cannot have more than one start function", bodyAt);
                    sawStart = true;
                    ast.Definitions.Add(ReadStart(ref s));
                    if (!s.AtEnd) throw Error("unexpected content in the component start section", s.Position);
                    break;
                }
                case 10: ReadVec(ref s, ast, depth, id, 1_000_000, "imports"); break;
                case 11: ReadVec(ref s, ast, depth, id, 1_000_000, "exports"); break;
                case 12: ReadVec(ref s, ast, depth, id, 1_000_000, "values"); break;
                default: throw Error("malformed section id", idAt);
            }
            r.Position = end;
        }
        ast.End = r.End;
        return ast;
    }

    private static bool IsMagic(ReadOnlySpan<byte> b) => b[0] == 0x00 && b[1] == 0x61 && b[2] == 0x73 && b[3] == 0x6D;

    /// <summary>Reads the magic number and returns the 32-bit version/layer word.</summary>
    private static uint ReadPreamble(ref WasmReader r)
    {
        int at = r.Position;
        var magic = r.ReadBytes(Math.Min(4, r.Remaining));
        if (magic.Length < 4)
        {
            if (!IsMagicPrefix(magic)) throw Error("magic header not detected: bad magic number", at);
            throw Error(Eof, r.Position);
        }
        if (!IsMagic(magic)) throw Error("magic header not detected: bad magic number", at);
        if (r.Remaining < 4) throw Error(Eof, r.Position);
        return r.ReadFixed32();
    }

    private static bool IsMagicPrefix(ReadOnlySpan<byte> b)
    {
        ReadOnlySpan<byte> magic = [0x00, 0x61, 0x73, 0x6D];
        return magic.StartsWith(b);
    }

    /// <summary>Reads a vector section: a count, then items, then nothing else.</summary>
    private static void ReadVec(ref WasmReader s, ComponentAst ast, int depth, byte id, int limit, string what)
    {
        int n = ReadSize(ref s, limit, what);
        for (int i = 0; i < n; i++)
        {
            ast.Definitions.Add(id switch
            {
                2 => ReadCoreInstance(ref s),
                3 => ReadCoreTypeDefinition(ref s, depth),
                5 => ReadInstance(ref s),
                6 => ReadAlias(ref s),
                7 => ReadTypeDefinition(ref s, depth),
                8 => ReadCanonDefinition(ref s),
                10 => ReadImport(ref s),
                11 => ReadExport(ref s),
                _ => ReadValue(ref s),
            });
        }
        if (!s.AtEnd) throw Error("section size mismatch: unexpected data at the end of the section", s.Position);
    }

    private static Definition ReadCoreModule(ref WasmReader s, ReadOnlyMemory<byte> mem)
    {
        int start = s.Position;
        uint version = ReadPreamble(ref s);
        if (version != ModuleVersion)
        {
            if (version == ComponentVersion) throw Error("expected a version header for a module", start + 4);
            throw Error($"unknown binary version: 0x{version:x8}", start + 4);
        }
        return new CoreModuleDefinition(start, mem.Slice(start, s.End - start), start);
    }

    private static void ReadCustomSection(ref WasmReader s, ReadOnlyMemory<byte> mem, ComponentAst ast)
    {
        string name = ReadString(ref s, int.MaxValue);
        var data = mem.Slice(s.Position, s.Remaining);
        ast.CustomSections.Add((name, data));
        var copy = s;
        if (name == "component-name" && TryReadNames(ref copy, out var names)) ast.Names = names;
    }

    /// <summary>Reads a vector length bounded by <paramref name="limit"/> ("{what} size is out of bounds").</summary>
    private static int ReadSize(ref WasmReader r, int limit, string what)
    {
        int at = r.Position;
        uint n = r.ReadU32();
        if (n > (uint)limit) throw Error($"{what} size is out of bounds", at);
        return (int)n;
    }

    /// <summary>A list capacity that never trusts a count beyond the bytes left.</summary>
    private static int Cap(ref WasmReader r, int n) => Math.Min(n, r.Remaining);

    /// <summary>Reads a UTF-8 string of at most <paramref name="limit"/> bytes.</summary>
    private static string ReadString(ref WasmReader r, int limit = 100_000)
    {
        int at = r.Position;
        uint len = r.ReadU32();
        if (len > (uint)limit) throw Error("string size out of bounds", at);
        if (len > (uint)r.Remaining) throw Error(Eof, r.End);
        int start = r.Position;
        var bytes = r.ReadBytes((int)len);
        if (!System.Text.Unicode.Utf8.IsValid(bytes)) throw Error("malformed UTF-8 encoding", start);
        return System.Text.Encoding.UTF8.GetString(bytes);
    }

    /// <summary>Reads a <c>0x00</c>/<c>0x01</c> flag ("invalid boolean value").</summary>
    private static bool ReadBool(ref WasmReader r)
    {
        int at = r.Position;
        byte b = r.ReadByte();
        return b switch
        {
            0 => false,
            1 => true,
            _ => throw Error("invalid boolean value", at),
        };
    }
}
