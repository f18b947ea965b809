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
    private readonly List<FuncSig> _types = new();
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

    /// <summary>While explicit type definitions are parsed: a type may name only the types before it (without GC's
    /// recursion groups).</summary>
    private bool _declaringTypes = true;

    private int _explicitTypes;

    private void Declare(List<SNode> fields, int start)
    {
        // Type names first: value types anywhere (imports, functions, other types) may name any type.
        for (int i = start; i < fields.Count; i++)
        {
            var f = fields[i];
            if (f.IsList && f.Items.Count > 0 && f.Items[0].IsKeyword("type")) Bind(_typeNames, OptId(f, 1), f, "type");
        }
        _explicitTypes = (int)_typeNames.Count;
        for (int i = start; i < fields.Count; i++)
        {
            var f = fields[i];
            if (f.IsList && f.Items.Count > 0 && f.Items[0].IsKeyword("type")) DeclareType(f);
        }
        _declaringTypes = false;
        for (int i = start; i < fields.Count; i++)
        {
            var f = fields[i];
            if (!f.IsList || f.Items.Count == 0) throw Unexpected(f, "a module field");
            var head = f.Items[0];
            if (head.Kind != NodeKind.Keyword) throw Unexpected(head, "a module field");
            switch (head.Text)
            {
                case "type": break;
                case "rec": throw Unsupported("gc", f);
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

    private void DeclareType(SNode f)
    {
        int j = 1;
        string? name = OptId(f, j);
        if (name is not null) j++;
        if (j >= f.Items.Count) throw UnexpectedEnd(f, "a type definition");
        var def = f.Items[j];
        if (def.IsForm("struct") || def.IsForm("array") || def.IsForm("sub")) throw Unsupported("gc", def);
        if (!def.IsForm("func")) throw Unexpected(def, "(func ...)");
        int k = 1;
        var sig = ParseSignature(def, ref k, null, allowNames: true);
        if (k < def.Items.Count) throw Unexpected(def.Items[k], "param or result");
        if (j + 1 < f.Items.Count) throw Unexpected(f.Items[j + 1]);
        _typeByKey.TryAdd(sig.Key, _types.Count);
        _types.Add(sig);
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
        if (_types.Count > 0)
        {
            var t = new ByteWriter(_types.Count * 8);
            t.U32((uint)_types.Count);
            foreach (var sig in _types) sig.Write(t);
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
