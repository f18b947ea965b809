using Wasm.Model;

namespace Wasm.Binary;

/// <summary>
/// Decodes a module in the core binary format into a <see cref="ModuleInfo"/>. Everything that makes the bytes
/// malformed is reported here (including inside function bodies, which are scanned instruction by instruction);
/// typing is left to the validator.
/// </summary>
internal static partial class ModuleDecoder
{
    /// <summary>Upper bound on the locals of one function (parameters excluded).</summary>
    public const int MaxLocals = 50_000;

    private const byte CustomId = 0, TypeId = 1, ImportId = 2, FunctionId = 3, TableId = 4, MemoryId = 5,
        GlobalId = 6, ExportId = 7, StartId = 8, ElementId = 9, CodeId = 10, DataId = 11, DataCountId = 12, TagId = 13;

    /// <summary>Position of each non-custom section id in the required order.</summary>
    private static int Rank(byte id) => id switch
    {
        TypeId => 1, ImportId => 2, FunctionId => 3, TableId => 4, MemoryId => 5, TagId => 6, GlobalId => 7,
        ExportId => 8, StartId => 9, ElementId => 10, DataCountId => 11, CodeId => 12, DataId => 13, _ => 0,
    };

    /// <summary>Decodes a whole module. With <paramref name="scanBodies"/> false, the function bodies are only
    /// delimited; validation checks each for malformed code too (<see cref="BodyStructure"/>).</summary>
    public static ModuleInfo Decode(ReadOnlyMemory<byte> bytes, bool scanBodies = true)
    {
        var m = new ModuleInfo { Bytes = bytes, BodiesUnscanned = !scanBodies };
        var span = bytes.Span;
        var r = new WasmReader(span, 0, span.Length) { Types = m.TypeDefs };
        ReadHeader(ref r);

        int lastRank = 0;
        int? funcCount = null;
        int? codeCount = null;
        while (!r.AtEnd)
        {
            int sectionStart = r.Position;
            byte id = r.ReadByte();
            if (id > TagId) throw WasmReader.Error("malformed section id", sectionStart);
            int size = r.ReadLength();
            int contentStart = r.Position;
            int end = contentStart + size;
            if (id != CustomId)
            {
                int rank = Rank(id);
                if (rank <= lastRank) throw WasmReader.Error("unexpected content after last section", sectionStart);
                lastRank = rank;
            }
            // Contents are read from the whole input (as the reference decoder does): running off the input is
            // "unexpected end of section or function", running past the section is a size mismatch.
            if (id != CustomId) m.SectionOffsets[id] = sectionStart;
            m.Sections.Add(new SectionExtent(id, sectionStart, size));
            r.EndMessage = WasmReader.UnexpectedEndOfSection;
            switch (id)
            {
                case CustomId: ReadCustom(ref r, m, end, sectionStart); break;
                case TypeId: ReadTypes(ref r, m); break;
                case ImportId: ReadImports(ref r, m); break;
                case FunctionId: funcCount = ReadFunctions(ref r, m); break;
                case TableId: ReadTables(ref r, m); break;
                case MemoryId: ReadMemories(ref r, m); break;
                case TagId: ReadTags(ref r, m); break;
                case GlobalId: ReadGlobals(ref r, m); break;
                case ExportId: ReadExports(ref r, m); break;
                case StartId: m.Start = r.ReadU32(); break;
                case ElementId: ReadElements(ref r, m); break;
                case DataCountId: m.DataCount = r.ReadU32(); break;
                case CodeId: codeCount = ReadCode(ref r, m); break;
                case DataId: ReadData(ref r, m); break;
            }
            r.EndMessage = WasmReader.UnexpectedEnd;
            if (r.Position != end) throw WasmReader.Error("section size mismatch", contentStart);
        }

        if ((funcCount ?? 0) != (codeCount ?? 0))
            throw WasmReader.Error("function and code section have inconsistent lengths", span.Length);
        if (m.DataCount is { } dc && dc != (uint)m.Datas.Count)
            throw WasmReader.Error("data count and data section have inconsistent lengths", span.Length);
        return m;
    }

    private static void ReadHeader(ref WasmReader r)
    {
        if (r.Remaining < 4) throw WasmReader.Error(WasmReader.UnexpectedEnd, r.Remaining);
        var magic = r.ReadBytes(4);
        if (!magic.SequenceEqual("\0asm"u8)) throw WasmReader.Error("magic header not detected", 0);
        if (r.Remaining < 4) throw WasmReader.Error(WasmReader.UnexpectedEnd, r.Position);
        uint version = r.ReadFixed32();
        if (version != 1)
        {
            // 0x0d 0x00 0x01 0x00 is the component-model layer: not a core module.
            throw WasmReader.Error("unknown binary version", 4);
        }
    }

    private static void ReadCustom(ref WasmReader r, ModuleInfo m, int end, int sectionStart)
    {
        // The name is read within the section's bounds.
        var cr = new WasmReader(r.Data, r.Position, end);
        string name = cr.ReadName();
        int dataStart = cr.Position;
        r.Position = end;
        m.CustomSections.Add(new CustomSection(name, m.Bytes.Slice(dataStart, end - dataStart), sectionStart));
    }
}
