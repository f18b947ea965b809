using Wasm.Instructions;
using Wasm.Model;

namespace Wasm.Binary;

internal static partial class ModuleDecoder
{
    private static void ReadTypes(ref WasmReader r, ModuleInfo m)
    {
        int n = r.ReadCount();
        m.Types.Capacity = r.Capacity(n);
        // References may name any type of the section; canonicalisation checks they stay within reach.
        r.TypesDeclared = int.MaxValue;
        var group = new List<RawSubType>();
        for (int i = 0; i < n; i++)
        {
            group.Clear();
            ReadRecGroup(ref r, group);
            int start = m.TypeDefs.Count;
            var defined = TypeRegistry.Canonicalize(group, start, m.TypeDefs);
            foreach (var t in defined)
            {
                m.TypeDefs.Add(t);
                m.Types.Add(t.Func!);
            }
            for (int k = 0; k < defined.Length; k++) Validation.TypeRules.CheckDeclaredSupertype(defined[k], group[k].Offset);
        }
        r.TypesDeclared = -1;
    }

    /// <summary>
    /// Reads one recursion group (<c>0x4E</c> or a single sub type) into <paramref name="group"/>, keeping references
    /// as type indices for <see cref="TypeRegistry.Canonicalize"/>; components decode their core types with it too.
    /// </summary>
    internal static void ReadRecGroup(ref WasmReader r, List<RawSubType> group)
    {
        int declared = r.TypesDeclared;
        r.TypesDeclared = int.MaxValue;
        if (r.PeekByte() == 0x4E)
        {
            r.ReadByte();
            int count = r.ReadCount();
            for (int k = 0; k < count; k++) group.Add(ReadSubType(ref r));
        }
        else
        {
            group.Add(ReadSubType(ref r));
        }
        r.TypesDeclared = declared;
    }

    private static RawSubType ReadSubType(ref WasmReader r)
    {
        int at = r.Position;
        var t = new RawSubType { Offset = at };
        byte form = r.ReadByte();
        if (form is 0x50 or 0x4F)
        {
            t.Final = form == 0x4F;
            int supers = r.ReadCount();
            for (int k = 0; k < supers; k++)
            {
                uint s = r.ReadU32();
                if (k > 0) throw new InvalidModuleException("multiple supertypes", at);
                t.SuperIndex = (int)Math.Min(s, int.MaxValue - 1);
            }
            at = r.Position;
            form = r.ReadByte();
        }
        if ((form & 0x80) != 0) throw WasmReader.Error("integer representation too long", at);
        switch (form)
        {
            case 0x60:
                t.Kind = CompositeKind.Func;
                t.Params = ReadValTypes(ref r);
                t.Results = ReadValTypes(ref r);
                break;
            case 0x5F:
            {
                t.Kind = CompositeKind.Struct;
                int count = r.ReadCount();
                if (count > r.Remaining) throw WasmReader.Error(r.EndMessage, r.End);
                t.Fields = new FieldType[count];
                for (int k = 0; k < count; k++) t.Fields[k] = ReadFieldType(ref r);
                break;
            }
            case 0x5E:
                t.Kind = CompositeKind.Array;
                t.Fields = [ReadFieldType(ref r)];
                break;
            default:
                throw WasmReader.Error("malformed type", at);
        }
        return t;
    }

    private static FieldType ReadFieldType(ref WasmReader r)
    {
        byte b = r.PeekByte();
        FieldType f;
        if (b == 0x78) { r.ReadByte(); f = new FieldType(ValType.I32, PackedType.I8, false); }
        else if (b == 0x77) { r.ReadByte(); f = new FieldType(ValType.I32, PackedType.I16, false); }
        else f = new FieldType(TypeReader.ReadValType(ref r), PackedType.None, false);
        int at = r.Position;
        byte mut = r.ReadByte();
        if (mut > 1) throw WasmReader.Error("malformed mutability", at);
        return f with { Mutable = mut == 1 };
    }

    private static ValType[] ReadValTypes(ref WasmReader r)
    {
        int n = r.ReadCount();
        if (n == 0) return [];
        if (n > r.Remaining) throw WasmReader.Error(r.EndMessage, r.End);
        var ts = new ValType[n];
        for (int i = 0; i < n; i++) ts[i] = TypeReader.ReadValType(ref r);
        return ts;
    }

    private static void ReadImports(ref WasmReader r, ModuleInfo m)
    {
        int n = r.ReadCount();
        m.Imports.Capacity = r.Capacity(n);
        for (int i = 0; i < n; i++)
        {
            int at = r.Position;
            string module = r.ReadName();
            string name = r.ReadName();
            int kindAt = r.Position;
            byte kind = r.ReadByte();
            switch (kind)
            {
                case 0:
                {
                    uint type = r.ReadU32();
                    m.Imports.Add(new Import(module, name, ExternKind.Func, at) { TypeIndex = type });
                    m.FuncTypeIndices.Add(type);
                    m.ImportedFuncs++;
                    break;
                }
                case 1:
                {
                    var t = ReadTableType(ref r);
                    m.Imports.Add(new Import(module, name, ExternKind.Table, at) { Table = t });
                    m.Tables.Add(t);
                    m.ImportedTables++;
                    break;
                }
                case 2:
                {
                    var t = ReadMemoryType(ref r);
                    m.Imports.Add(new Import(module, name, ExternKind.Memory, at) { Memory = t });
                    m.Memories.Add(t);
                    m.ImportedMemories++;
                    break;
                }
                case 3:
                {
                    var t = ReadGlobalType(ref r);
                    m.Imports.Add(new Import(module, name, ExternKind.Global, at) { Global = t });
                    m.Globals.Add(new GlobalInfo(t, null));
                    m.ImportedGlobals++;
                    break;
                }
                case 4:
                {
                    uint type = ReadTagType(ref r);
                    m.Imports.Add(new Import(module, name, ExternKind.Tag, at) { TypeIndex = type });
                    m.TagTypeIndices.Add(type);
                    m.ImportedTags++;
                    break;
                }
                default:
                    throw WasmReader.Error("malformed import kind", kindAt);
            }
        }
    }

    private static int ReadFunctions(ref WasmReader r, ModuleInfo m)
    {
        int n = r.ReadCount();
        for (int i = 0; i < n; i++) m.FuncTypeIndices.Add(r.ReadU32());
        return n;
    }

    private static void ReadTables(ref WasmReader r, ModuleInfo m)
    {
        int n = r.ReadCount();
        for (int i = 0; i < n; i++)
        {
            ConstExpr? init = null;
            TableType t;
            if (r.PeekByte() == 0x40)
            {
                int at = r.Position;
                r.Position++;
                if (r.ReadByte() != 0x00) throw WasmReader.Error("malformed table", at);
                t = ReadTableType(ref r);
                init = ReadConstExpr(ref r, m);
            }
            else
            {
                t = ReadTableType(ref r);
            }
            m.Tables.Add(t);
            m.TableInits.Add(init);
        }
    }

    private static void ReadMemories(ref WasmReader r, ModuleInfo m)
    {
        int n = r.ReadCount();
        for (int i = 0; i < n; i++) m.Memories.Add(ReadMemoryType(ref r));
    }

    private static void ReadGlobals(ref WasmReader r, ModuleInfo m)
    {
        int n = r.ReadCount();
        for (int i = 0; i < n; i++)
        {
            var t = ReadGlobalType(ref r);
            var init = ReadConstExpr(ref r, m);
            m.Globals.Add(new GlobalInfo(t, init));
        }
    }

    private static void ReadExports(ref WasmReader r, ModuleInfo m)
    {
        int n = r.ReadCount();
        m.Exports.Capacity = r.Capacity(n);
        for (int i = 0; i < n; i++)
        {
            int at = r.Position;
            string name = r.ReadName();
            int kindAt = r.Position;
            byte kind = r.ReadByte();
            if (kind > 4) throw WasmReader.Error("malformed export kind", kindAt);
            uint index = r.ReadU32();
            if (kind == 0) m.DeclaredFuncRefs.Add(index);
            m.Exports.Add(new Export(name, (ExternKind)kind, index) { Offset = at });
        }
    }

    private static void ReadElements(ref WasmReader r, ModuleInfo m)
    {
        int n = r.ReadCount();
        for (int i = 0; i < n; i++)
        {
            int at = r.Position;
            uint flags = r.ReadU32();
            if (flags > 7) throw WasmReader.Error("malformed elements segment kind", at);
            bool passiveOrDeclarative = (flags & 1) != 0;
            bool explicitTable = (flags & 2) != 0;
            bool usesExprs = (flags & 4) != 0;
            var mode = !passiveOrDeclarative ? SegmentMode.Active : explicitTable ? SegmentMode.Declarative : SegmentMode.Passive;
            uint table = 0;
            ConstExpr? offset = null;
            if (mode == SegmentMode.Active)
            {
                if (explicitTable) table = r.ReadU32();
                offset = ReadConstExpr(ref r, m);
            }
            // Function indices are never null: such a segment has type (ref func).
            ValType type = usesExprs ? ValType.FuncRef : ValType.FuncRef.AsNonNullable;
            if (passiveOrDeclarative || explicitTable)
            {
                if (usesExprs)
                {
                    type = TypeReader.ReadRefType(ref r);
                }
                else
                {
                    int kindAt = r.Position;
                    if (r.ReadByte() != 0x00) throw WasmReader.Error("malformed element kind", kindAt);
                }
            }
            int count = r.ReadCount();
            var items = new ConstExpr[r.Capacity(count)];
            for (int k = 0; k < count; k++)
            {
                ConstExpr item;
                if (usesExprs)
                {
                    item = ReadConstExpr(ref r, m);
                }
                else
                {
                    int fat = r.Position;
                    uint f = r.ReadU32();
                    m.DeclaredFuncRefs.Add(f);
                    item = new ConstExpr([new Instruction { Op = Opcode.RefFunc, A = f, Offset = fat }], fat);
                }
                if (k >= items.Length) Array.Resize(ref items, Math.Max(4, items.Length * 2));
                items[k] = item;
            }
            if (items.Length != count) Array.Resize(ref items, count);
            m.Elements.Add(new ElementSegment(mode, table, offset, type, items, at));
        }
    }

    private static void ReadData(ref WasmReader r, ModuleInfo m)
    {
        int n = r.ReadCount();
        for (int i = 0; i < n; i++)
        {
            int at = r.Position;
            uint flags = r.ReadU32();
            SegmentMode mode;
            uint memory = 0;
            ConstExpr? offset = null;
            switch (flags)
            {
                case 0:
                    mode = SegmentMode.Active;
                    offset = ReadConstExpr(ref r, m);
                    break;
                case 1:
                    mode = SegmentMode.Passive;
                    break;
                case 2:
                    mode = SegmentMode.Active;
                    memory = r.ReadU32();
                    offset = ReadConstExpr(ref r, m);
                    break;
                default:
                    throw WasmReader.Error("malformed data segment kind", at);
            }
            int len = (int)Math.Min(r.ReadU32(), int.MaxValue);
            int start = r.Position;
            r.ReadBytes(len);
            m.Datas.Add(new DataSegment(mode, memory, offset, m.Bytes.Slice(start, len), at));
        }
    }

    /// <summary>Limits with their flags: bit 0 a maximum follows, bit 1 shared (memories only), bit 2 64-bit
    /// addresses. Both sizes are decoded as u64 whatever the address type; validation range-checks them.</summary>
    private static Limits ReadLimits(ref WasmReader r, bool memory, out bool shared, out bool is64)
    {
        int at = r.Position;
        byte flags = r.ReadByte();
        if (flags > 7 || (!memory && (flags & 0x02) != 0)) throw WasmReader.Error("malformed limits flags", at);
        is64 = (flags & 0x04) != 0;
        shared = (flags & 0x02) != 0;
        ulong min = r.ReadU64();
        return new Limits(min, (flags & 0x01) != 0 ? r.ReadU64() : null);
    }

    /// <summary>A tag's attribute (0: exception) and type index.</summary>
    private static uint ReadTagType(ref WasmReader r)
    {
        int at = r.Position;
        if (r.ReadByte() != 0) throw WasmReader.Error("malformed tag attribute", at);
        return r.ReadU32();
    }

    private static void ReadTags(ref WasmReader r, ModuleInfo m)
    {
        int n = r.ReadCount();
        for (int i = 0; i < n; i++) m.TagTypeIndices.Add(ReadTagType(ref r));
    }

    private static TableType ReadTableType(ref WasmReader r)
    {
        var t = TypeReader.ReadRefType(ref r);
        var limits = ReadLimits(ref r, memory: false, out _, out bool is64);
        return new TableType(t, limits, is64);
    }

    private static MemoryType ReadMemoryType(ref WasmReader r)
    {
        var limits = ReadLimits(ref r, memory: true, out bool shared, out bool is64);
        return new MemoryType(limits, shared, is64);
    }

    private static GlobalType ReadGlobalType(ref WasmReader r)
    {
        var t = TypeReader.ReadValType(ref r);
        int at = r.Position;
        byte mut = r.ReadByte();
        if (mut > 1) throw WasmReader.Error("malformed mutability", at);
        return new GlobalType(t, mut == 1);
    }

    /// <summary>Reads a constant expression up to its <c>end</c> (which is not kept).</summary>
    private static ConstExpr ReadConstExpr(ref WasmReader r, ModuleInfo m)
    {
        int start = r.Position;
        var cr = new CodeReader(r.Data, r.Position, r.End, r.Types);
        Instruction[] code = new Instruction[2];
        int count = 0;
        int depth = 0;
        while (true)
        {
            var ins = cr.Read();
            if (ins.Op == Opcode.End)
            {
                if (depth == 0) break;
                depth--;
            }
            else if (ins.Op is Opcode.Block or Opcode.Loop or Opcode.If or Opcode.TryTable)
            {
                depth++;
            }
            else if (ins.Op == Opcode.RefFunc)
            {
                m.DeclaredFuncRefs.Add(ins.A);
            }
            if (count == code.Length) Array.Resize(ref code, count * 2);
            code[count++] = ins;
        }
        r.Position = cr.Position;
        if (count != code.Length) Array.Resize(ref code, count);
        return new ConstExpr(code, start);
    }
}
