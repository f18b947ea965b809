namespace Wasm.Text;

/// <summary>
/// Encodes the fields of one WAT module to the binary format. Two passes over the fields: the first binds every
/// symbolic name and the explicit type definitions, the second encodes in text order (which fixes where implicit
/// type definitions are appended).
/// </summary>
internal sealed partial class ModuleEncoder
{
    private readonly SourceText _src;
    private readonly NameSpace _typeNames = new("type");
    private readonly NameSpace _funcs = new("function");
    private readonly NameSpace _tables = new("table");
    private readonly NameSpace _mems = new("memory");
    private readonly NameSpace _globals = new("global");
    private readonly NameSpace _tags = new("tag");
    private readonly NameSpace _elems = new("elem segment");
    private readonly NameSpace _datas = new("data segment");
    private readonly List<FuncSig?> _types = new();
    private readonly List<ByteWriter> _typeEntries = new();
    private readonly Dictionary<uint, NameSpace> _fieldNames = new();
    private readonly Dictionary<string, int> _typeByKey = new(StringComparer.Ordinal);
    private readonly List<bool> _tableIs64 = new();
    private readonly List<bool> _memIs64 = new();

    private readonly Section _importSec = new(), _funcSec = new(), _tableSec = new(), _memSec = new(), _globalSec = new(), _tagSec = new();
    private readonly Section _exportSec = new(), _elemSec = new(), _codeSec = new(), _dataSec = new();
    private uint? _start;
    private bool _usesDataCount;
    private uint _funcCounter, _tableCounter, _memCounter, _globalCounter, _elemCounter, _dataCounter, _tagCounter;

    private sealed class Section
    {
        public readonly ByteWriter W = new(256);
        public uint Count;
    }

    private ModuleEncoder(SourceText src) => _src = src;

    /// <summary>Encodes a module given its fields (everything after <c>module $id?</c>).</summary>
    public static byte[] Encode(SourceText src, List<SNode> fields, int start)
    {
        var enc = new ModuleEncoder(src);
        enc.Declare(fields, start);
        for (int i = start; i < fields.Count; i++) enc.EmitField(fields[i]);
        return enc.Assemble();
    }

    // ---------------------------------------------------------------- diagnostics

    private TextFormatException Error(string reason, SNode at) => _src.Error(reason, at.Offset);

    private TextFormatException Error(string reason, int offset) => _src.Error(reason, offset);

    /// <summary>An error for an unexpected node: unknown words are "unknown operator", the rest "unexpected token".</summary>
    internal TextFormatException Unexpected(SNode node, string? expected = null)
    {
        if (node.Kind is NodeKind.Keyword or NodeKind.Reserved && !Literals.IsNat(node.Text!) && !StructuralKeywords.Contains(node.Text!)
            && !(node.Text!.Length > 0 && (node.Text[0] is '+' or '-' or 'i' or 'n') && Literals.ParseF64(node.Text, out _) != LiteralStatus.Invalid))
            return Error($"unknown operator {node.Describe()}", node);
        return Error($"unexpected token \"{node.Describe()}\"" + (expected is null ? "" : ", expected " + expected), node);
    }

    private TextFormatException UnexpectedEnd(SNode list, string expected) =>
        Error($"unexpected token \")\", expected {expected}", Math.Max(list.Offset, list.End - 1));

    /// <summary>Keywords of the grammar's structure: out of place they are "unexpected", not "unknown".</summary>
    private static readonly HashSet<string> StructuralKeywords = new(StringComparer.Ordinal)
    {
        "param", "result", "local", "type", "export", "import", "then", "else", "end", "mut", "offset", "item",
        "declare", "func", "table", "memory", "global", "elem", "data", "start", "module", "funcref", "externref",
        "i32", "i64", "f32", "f64", "ref", "null", "extern",
    };

    private UnsupportedFeatureException Unsupported(string proposal, SNode at) => new(proposal, at.Offset);

    // ---------------------------------------------------------------- pass 1: names

    private string? _firstDefinition;

    private void Declare(List<SNode> fields, int start)
    {
        // Type names first: value types anywhere (imports, functions, other types) may name any type.
        for (int i = start; i < fields.Count; i++)
        {
            var f = fields[i];
            if (f.IsForm("type")) Bind(_typeNames, OptId(f, 1), f, "type");
            else if (f.IsForm("rec"))
            {
                for (int k = 1; k < f.Items.Count; k++)
                {
                    var t = f.Items[k];
                    if (!t.IsForm("type")) throw Unexpected(t, "(type ...)");
                    Bind(_typeNames, OptId(t, 1), t, "type");
                }
            }
        }
        for (int i = start; i < fields.Count; i++)
        {
            var f = fields[i];
            if (f.IsForm("type"))
            {
                var entry = new ByteWriter(16);
                DeclareType(f, entry, inRec: false);
                _typeEntries.Add(entry);
            }
            else if (f.IsForm("rec"))
            {
                var entry = new ByteWriter(32);
                entry.Byte(0x4E);
                entry.U32((uint)(f.Items.Count - 1));
                for (int k = 1; k < f.Items.Count; k++) DeclareType(f.Items[k], entry, inRec: true);
                _typeEntries.Add(entry);
            }
        }
        for (int i = start; i < fields.Count; i++)
        {
            var f = fields[i];
            if (!f.IsList || f.Items.Count == 0) throw Unexpected(f, "a module field");
            var head = f.Items[0];
            if (head.Kind != NodeKind.Keyword) throw Unexpected(head, "a module field");
            switch (head.Text)
            {
                case "type": break;
                case "rec": break;
                case "tag": DeclareEntity(f, _tags, "tag", "tag"); break;
                case "import": DeclareImport(f); break;
                case "func": DeclareEntity(f, _funcs, "function", "func"); break;
                case "table": DeclareEntity(f, _tables, "table", "table"); break;
                case "memory": DeclareEntity(f, _mems, "memory", "memory"); break;
                case "global": DeclareEntity(f, _globals, "global", "global"); break;
                case "elem": Bind(_elems, OptId(f, 1), f, "elem"); break;
                case "data": Bind(_datas, OptId(f, 1), f, "data"); break;
                case "export":
                case "start":
                    break;
                default: throw Unexpected(head, "a module field");
            }
        }
    }

    private static string? OptId(SNode list, int index) =>
        index < list.Items.Count && list.Items[index].Kind == NodeKind.Id ? list.Items[index].Text : null;

    private uint Bind(NameSpace space, string? name, SNode at, string word)
    {
        if (!space.TryAdd(name, out var index)) throw Error($"duplicate {word} ${name}", at);
        return index;
    }

    private void DeclareType(SNode f, ByteWriter w, bool inRec)
    {
        int j = 1;
        string? name = OptId(f, j);
        if (name is not null) j++;
        if (j >= f.Items.Count) throw UnexpectedEnd(f, "a type definition");
        var def = f.Items[j];
        if (j + 1 < f.Items.Count) throw Unexpected(f.Items[j + 1]);
        uint index = (uint)_types.Count;
        bool plain = !inRec;
        if (def.IsForm("sub"))
        {
            int k = 1;
            bool final = false;
            if (k < def.Items.Count && def.Items[k].IsKeyword("final"))
            {
                final = true;
                k++;
            }
            var supers = new List<uint>();
            while (k < def.Items.Count && IsIndex(def.Items[k])) supers.Add(ResolveIndex(def.Items[k++], _typeNames));
            if (k >= def.Items.Count) throw UnexpectedEnd(def, "a composite type");
            if (k + 1 < def.Items.Count) throw Unexpected(def.Items[k + 1]);
            plain &= final && supers.Count == 0;
            w.Byte(final ? (byte)0x4F : (byte)0x50);
            w.U32((uint)supers.Count);
            foreach (var s in supers) w.U32(s);
            def = def.Items[k];
        }
        var sig = ParseCompositeType(def, w, index);
        if (sig is not null && plain) _typeByKey.TryAdd(sig.Key, _types.Count);
        _types.Add(sig);
    }

    /// <summary>Encodes <c>(func ...)</c>, <c>(struct ...)</c> or <c>(array ...)</c>; returns the signature of a function type.</summary>
    private FuncSig? ParseCompositeType(SNode def, ByteWriter w, uint index)
    {
        if (def.IsForm("func"))
        {
            int k = 1;
            var sig = ParseSignature(def, ref k, null, allowNames: true);
            if (k < def.Items.Count) throw Unexpected(def.Items[k], "param or result");
            sig.Write(w);
            return sig;
        }
        if (def.IsForm("struct"))
        {
            var names = new NameSpace("field");
            var fields = new ByteWriter(16);
            uint count = 0;
            for (int k = 1; k < def.Items.Count; k++)
            {
                var fl = def.Items[k];
                if (!fl.IsForm("field")) throw Unexpected(fl, "(field ...)");
                if (fl.Items.Count > 1 && fl.Items[1].Kind == NodeKind.Id)
                {
                    if (fl.Items.Count != 3) throw fl.Items.Count < 3 ? UnexpectedEnd(fl, "a field type") : Unexpected(fl.Items[3]);
                    if (!names.TryAdd(fl.Items[1].Text, out _)) throw Error($"duplicate field ${fl.Items[1].Text}", fl.Items[1]);
                    ParseFieldType(fl.Items[2], fields);
                    count++;
                }
                else
                {
                    for (int m = 1; m < fl.Items.Count; m++)
                    {
                        names.TryAdd(null, out _);
                        ParseFieldType(fl.Items[m], fields);
                        count++;
                    }
                }
            }
            _fieldNames[index] = names;
            w.Byte(0x5F);
            w.U32(count);
            w.Append(fields);
            return null;
        }
        if (def.IsForm("array"))
        {
            if (def.Items.Count != 2) throw def.Items.Count < 2 ? UnexpectedEnd(def, "a field type") : Unexpected(def.Items[2]);
            w.Byte(0x5E);
            var ft = def.Items[1];
            if (ft.IsForm("field"))
            {
                if (ft.Items.Count != 2) throw Unexpected(ft);
                ft = ft.Items[1];
            }
            ParseFieldType(ft, w);
            return null;
        }
        throw Unexpected(def, "(func ...), (struct ...) or (array ...)");
    }

    /// <summary>Encodes a field type: a storage type (value type, <c>i8</c>, <c>i16</c>) or <c>(mut storagetype)</c>.</summary>
    private void ParseFieldType(SNode n, ByteWriter w)
    {
        bool mutable = false;
        if (n.IsForm("mut"))
        {
            if (n.Items.Count != 2) throw n.Items.Count < 2 ? UnexpectedEnd(n, "a storage type") : Unexpected(n.Items[2]);
            mutable = true;
            n = n.Items[1];
        }
        if (n.IsKeyword("i8")) w.Byte(0x78);
        else if (n.IsKeyword("i16")) w.Byte(0x77);
        else FuncSig.WriteValType(w, ParseValType(n));
        w.Byte(mutable ? (byte)1 : (byte)0);
    }

    private void DeclareImport(SNode f)
    {
        if (f.Items.Count < 4) throw UnexpectedEnd(f, "an import description");
        var desc = f.Items[3];
        if (!desc.IsList) throw Unexpected(desc, "an import description");
        CheckImportOrder(f);
        string? name = OptId(desc, 1);
        switch (desc.Head)
        {
            case "func": Bind(_funcs, name, desc, "func"); break;
            case "table": Bind(_tables, name, desc, "table"); _tableIs64.Add(HasAddressType64(desc)); break;
            case "memory": Bind(_mems, name, desc, "memory"); _memIs64.Add(HasAddressType64(desc)); break;
            case "global": Bind(_globals, name, desc, "global"); break;
            case "tag": Bind(_tags, name, desc, "tag"); break;
            default: throw Unexpected(desc.Items.Count > 0 ? desc.Items[0] : desc, "an import description");
        }
    }

    private void CheckImportOrder(SNode at)
    {
        if (_firstDefinition is not null) throw Error($"import after {_firstDefinition}", at);
    }

    private static bool HasAddressType64(SNode list)
    {
        foreach (var item in list.Items)
            if (item.IsKeyword("i64")) return true;
        return false;
    }

    private void DeclareEntity(SNode f, NameSpace space, string word, string dupWord)
    {
        string? name = OptId(f, 1);
        bool imported = false;
        bool inlineSegment = false;
        foreach (var item in f.Items)
        {
            if (item.IsForm("import")) imported = true;
            else if ((word == "table" && item.IsForm("elem")) || (word == "memory" && item.IsForm("data"))) inlineSegment = true;
        }
        if (imported) CheckImportOrder(f);
        else _firstDefinition ??= word;
        Bind(space, name, f, dupWord);
        if (word == "table") _tableIs64.Add(HasAddressType64(f));
        if (word == "memory") _memIs64.Add(HasAddressType64(f));
        if (inlineSegment)
        {
            if (word == "table") _elems.TryAdd(null, out _);
            else _datas.TryAdd(null, out _);
        }
    }

    // ---------------------------------------------------------------- assembly

    private byte[] Assemble()
    {
        var w = new ByteWriter(1024);
        w.Bytes([0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00]);
        if (_typeEntries.Count > 0)
        {
            var t = new ByteWriter(_types.Count * 8);
            t.U32((uint)_typeEntries.Count);
            foreach (var entry in _typeEntries) t.Append(entry);
            WriteSection(w, 1, t);
        }
        WriteSection(w, 2, _importSec);
        WriteSection(w, 3, _funcSec);
        WriteSection(w, 4, _tableSec);
        WriteSection(w, 5, _memSec);
        WriteSection(w, 13, _tagSec);
        WriteSection(w, 6, _globalSec);
        WriteSection(w, 7, _exportSec);
        if (_start is { } s)
        {
            var sw = new ByteWriter(8);
            sw.U32(s);
            WriteSection(w, 8, sw);
        }
        WriteSection(w, 9, _elemSec);
        if (_usesDataCount)
        {
            var dc = new ByteWriter(8);
            dc.U32(_datas.Count);
            WriteSection(w, 12, dc);
        }
        WriteSection(w, 10, _codeSec);
        WriteSection(w, 11, _dataSec);
        return w.ToArray();
    }

    private static void WriteSection(ByteWriter w, byte id, Section s)
    {
        if (s.Count == 0) return;
        var body = new ByteWriter(s.W.Length + 5);
        body.U32(s.Count);
        body.Append(s.W);
        WriteSection(w, id, body);
    }

    private static void WriteSection(ByteWriter w, byte id, ByteWriter body)
    {
        w.Byte(id);
        w.U32((uint)body.Length);
        w.Append(body);
    }
}
