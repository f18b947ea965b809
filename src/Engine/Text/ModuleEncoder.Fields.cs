using System.Text.Unicode;
using System.Text;

namespace Wasm.Text;

internal sealed partial class ModuleEncoder
{
    private void EmitField(SNode f)
    {
        switch (f.Head)
        {
            case "type": break;
            case "import": EmitImport(f); break;
            case "func": EmitFunc(f); break;
            case "table": EmitTable(f); break;
            case "memory": EmitMemory(f); break;
            case "global": EmitGlobal(f); break;
            case "tag": EmitTag(f); break;
            case "export": EmitExport(f); break;
            case "start": EmitStart(f); break;
            case "elem": EmitElem(f); break;
            case "data": EmitData(f); break;
        }
    }

    private byte[] ParseName(SNode list, int j, string what)
    {
        if (j >= list.Items.Count) throw UnexpectedEnd(list, what);
        var n = list.Items[j];
        if (n.Kind != NodeKind.String) throw Unexpected(n, what);
        if (!Utf8.IsValid(n.Bytes)) throw Error("malformed UTF-8 encoding", n);
        return n.Bytes!;
    }

    /// <summary>Consumes inline <c>(export "name")</c> lists, adding an export of the given entity.</summary>
    private void InlineExports(SNode f, ref int j, byte kind, uint index)
    {
        while (j < f.Items.Count && f.Items[j].IsForm("export"))
        {
            var e = f.Items[j];
            var name = ParseName(e, 1, "an export name");
            if (e.Items.Count > 2) throw Unexpected(e.Items[2]);
            _exportSec.W.Vec(name);
            _exportSec.W.Byte(kind);
            _exportSec.W.U32(index);
            _exportSec.Count++;
            j++;
        }
    }

    /// <summary>If an inline <c>(import "m" "n")</c> follows, writes the import header and returns true.</summary>
    private bool InlineImport(SNode f, ref int j, byte kind)
    {
        if (j >= f.Items.Count || !f.Items[j].IsForm("import")) return false;
        var imp = f.Items[j];
        var module = ParseName(imp, 1, "a module name");
        var name = ParseName(imp, 2, "an import name");
        if (imp.Items.Count > 3) throw Unexpected(imp.Items[3]);
        _importSec.W.Vec(module);
        _importSec.W.Vec(name);
        _importSec.W.Byte(kind);
        _importSec.Count++;
        j++;
        return true;
    }

    private void ExpectEnd(SNode list, int j)
    {
        if (j < list.Items.Count) throw Unexpected(list.Items[j]);
    }

    private void EmitImport(SNode f)
    {
        var module = ParseName(f, 1, "a module name");
        var name = ParseName(f, 2, "an import name");
        var desc = f.Items[3];
        ExpectEnd(f, 4);
        var w = _importSec.W;
        w.Vec(module);
        w.Vec(name);
        _importSec.Count++;
        int j = 1;
        if (OptId(desc, 1) is not null) j++;
        switch (desc.Head)
        {
            case "func":
                w.Byte(0);
                w.U32(ParseTypeUse(desc, ref j, null, true, out _));
                _funcCounter++;
                break;
            case "table":
                w.Byte(1);
                ParseTableType(desc, ref j, w);
                _tableCounter++;
                break;
            case "memory":
                w.Byte(2);
                ParseMemoryType(desc, ref j, w);
                _memCounter++;
                break;
            case "global":
                w.Byte(3);
                ParseGlobalType(desc, ref j, w);
                _globalCounter++;
                break;
            case "tag":
                w.Byte(4);
                w.Byte(0);
                w.U32(ParseTypeUse(desc, ref j, null, true, out _));
                _tagCounter++;
                break;
        }
        ExpectEnd(desc, j);
    }

    private void EmitFunc(SNode f)
    {
        uint index = _funcCounter++;
        int j = 1;
        if (OptId(f, 1) is not null) j++;
        InlineExports(f, ref j, 0, index);
        if (InlineImport(f, ref j, 0))
        {
            _importSec.W.U32(ParseTypeUse(f, ref j, null, true, out _));
            ExpectEnd(f, j);
            return;
        }
        var names = new List<string?>();
        uint typeIdx = ParseTypeUse(f, ref j, names, true, out _);
        _funcSec.W.U32(typeIdx);
        _funcSec.Count++;

        var locals = new NameSpace("local");
        foreach (var n in names)
            if (!locals.TryAdd(n, out _)) throw Error($"duplicate local ${n}", f);
        var localTypes = new List<int>();
        while (j < f.Items.Count && f.Items[j].IsForm("local"))
        {
            var l = f.Items[j++];
            if (l.Items.Count > 1 && l.Items[1].Kind == NodeKind.Id)
            {
                if (l.Items.Count != 3) throw l.Items.Count < 3 ? UnexpectedEnd(l, "a value type") : Unexpected(l.Items[3]);
                if (!locals.TryAdd(l.Items[1].Text, out _)) throw Error($"duplicate local ${l.Items[1].Text}", l.Items[1]);
                localTypes.Add(ParseValType(l.Items[2]));
            }
            else
            {
                for (int k = 1; k < l.Items.Count; k++)
                {
                    localTypes.Add(ParseValType(l.Items[k]));
                    locals.TryAdd(null, out _);
                }
            }
        }

        var body = new ByteWriter(256);
        // Locals, run-length compressed.
        int runs = 0;
        for (int k = 0; k < localTypes.Count; k++)
            if (k == 0 || localTypes[k] != localTypes[k - 1]) runs++;
        body.U32((uint)runs);
        for (int k = 0; k < localTypes.Count;)
        {
            int e = k;
            while (e < localTypes.Count && localTypes[e] == localTypes[k]) e++;
            body.U32((uint)(e - k));
            FuncSig.WriteValType(body, localTypes[k]);
            k = e;
        }
        var ctx = new FuncContext(locals);
        ParseInstrs(f, j, body, ctx);
        body.Byte(0x0B);
        _codeSec.W.U32((uint)body.Length);
        _codeSec.W.Append(body);
        _codeSec.Count++;
    }

    private void EmitTable(SNode f)
    {
        uint index = _tableCounter++;
        int j = 1;
        if (OptId(f, 1) is not null) j++;
        InlineExports(f, ref j, 1, index);
        if (InlineImport(f, ref j, 1))
        {
            ParseTableType(f, ref j, _importSec.W);
            ExpectEnd(f, j);
            return;
        }
        var w = _tableSec.W;
        _tableSec.Count++;
        int save = j;
        bool is64 = ParseAddressType(f, ref j);
        if (j < f.Items.Count && IsRefType(f.Items[j]))
        {
            // (table reftype (elem ...)): limits from the element count, plus an active segment.
            int refType = ParseValType(f.Items[j++]);
            if (j >= f.Items.Count || !f.Items[j].IsForm("elem")) throw j >= f.Items.Count ? UnexpectedEnd(f, "(elem ...)") : Unexpected(f.Items[j]);
            var elem = f.Items[j++];
            ExpectEnd(f, j);
            var seg = new ByteWriter(64);
            uint count = ElemList(elem, 1, refType, hasType: true, seg, out bool exprs);
            FuncSig.WriteValType(w, refType);
            w.Byte((byte)(is64 ? 5 : 1));
            w.U64(count);
            w.U64(count);
            _elemCounter++;
            var off = new ByteWriter(4);
            off.Byte((byte)(is64 ? 0x42 : 0x41));
            off.Byte(0);
            off.Byte(0x0B);
            WriteActiveElem(index, off, refType, exprs, seg, count);
            return;
        }
        j = save;
        var tt = new ByteWriter(16);
        ParseTableType(f, ref j, tt);
        if (j < f.Items.Count)
        {
            // Table with an initialiser expression.
            w.Byte(0x40);
            w.Byte(0x00);
            w.Append(tt);
            ParseInstrs(f, j, w, new FuncContext(null));
            w.Byte(0x0B);
        }
        else
        {
            w.Append(tt);
        }
    }

    private void WriteActiveElem(uint table, ByteWriter offset, int refType, bool exprs, ByteWriter seg, uint count)
    {
        var w = _elemSec.W;
        _elemSec.Count++;
        if (table == 0 && refType == FuncRef)
        {
            w.Byte((byte)(exprs ? 4 : 0));
            w.Append(offset);
        }
        else
        {
            w.Byte((byte)(exprs ? 6 : 2));
            w.U32(table);
            w.Append(offset);
            if (exprs) FuncSig.WriteValType(w, refType);
            else w.Byte(0);
        }
        w.U32(count);
        w.Append(seg);
    }

    private void EmitMemory(SNode f)
    {
        uint index = _memCounter++;
        int j = 1;
        if (OptId(f, 1) is not null) j++;
        InlineExports(f, ref j, 2, index);
        if (InlineImport(f, ref j, 2))
        {
            ParseMemoryType(f, ref j, _importSec.W);
            ExpectEnd(f, j);
            return;
        }
        int save = j;
        bool is64 = ParseAddressType(f, ref j);
        if (j < f.Items.Count && f.Items[j].IsForm("data"))
        {
            var data = f.Items[j++];
            ExpectEnd(f, j);
            var bytes = new ByteWriter(64);
            for (int k = 1; k < data.Items.Count; k++)
            {
                if (data.Items[k].Kind != NodeKind.String) throw Unexpected(data.Items[k], "a string");
                bytes.Bytes(data.Items[k].Bytes);
            }
            ulong pages = ((ulong)bytes.Length + 65535) / 65536;
            _memSec.W.Byte((byte)(is64 ? 5 : 1));
            _memSec.W.U64(pages);
            _memSec.W.U64(pages);
            _memSec.Count++;
            _dataCounter++;
            var d = _dataSec.W;
            if (index == 0) d.Byte(0);
            else
            {
                d.Byte(2);
                d.U32(index);
            }
            d.Byte((byte)(is64 ? 0x42 : 0x41));
            d.Byte(0);
            d.Byte(0x0B);
            d.Vec(bytes.Span);
            _dataSec.Count++;
            return;
        }
        j = save;
        ParseMemoryType(f, ref j, _memSec.W);
        _memSec.Count++;
        ExpectEnd(f, j);
    }

    private void EmitGlobal(SNode f)
    {
        uint index = _globalCounter++;
        int j = 1;
        if (OptId(f, 1) is not null) j++;
        InlineExports(f, ref j, 3, index);
        if (InlineImport(f, ref j, 3))
        {
            ParseGlobalType(f, ref j, _importSec.W);
            ExpectEnd(f, j);
            return;
        }
        var w = _globalSec.W;
        ParseGlobalType(f, ref j, w);
        ParseInstrs(f, j, w, new FuncContext(null));
        w.Byte(0x0B);
        _globalSec.Count++;
    }

    private void EmitTag(SNode f)
    {
        uint index = _tagCounter++;
        int j = 1;
        if (OptId(f, 1) is not null) j++;
        InlineExports(f, ref j, 4, index);
        var w = _tagSec.W;
        if (InlineImport(f, ref j, 4)) w = _importSec.W;
        else _tagSec.Count++;
        w.Byte(0);
        w.U32(ParseTypeUse(f, ref j, null, true, out _));
        ExpectEnd(f, j);
    }

    private void EmitExport(SNode f)
    {
        var name = ParseName(f, 1, "an export name");
        if (f.Items.Count < 3) throw UnexpectedEnd(f, "an export description");
        ExpectEnd(f, 3);
        var desc = f.Items[2];
        if (!desc.IsList || desc.Items.Count < 2) throw Unexpected(desc, "an export description");
        if (desc.Items.Count > 2) throw Unexpected(desc.Items[2]);
        byte kind;
        uint index;
        switch (desc.Head)
        {
            case "func": kind = 0; index = ResolveIndex(desc.Items[1], _funcs); break;
            case "table": kind = 1; index = ResolveIndex(desc.Items[1], _tables); break;
            case "memory": kind = 2; index = ResolveIndex(desc.Items[1], _mems); break;
            case "global": kind = 3; index = ResolveIndex(desc.Items[1], _globals); break;
            case "tag": kind = 4; index = ResolveIndex(desc.Items[1], _tags); break;
            default: throw Unexpected(desc.Items[0], "an export description");
        }
        _exportSec.W.Vec(name);
        _exportSec.W.Byte(kind);
        _exportSec.W.U32(index);
        _exportSec.Count++;
    }

    private void EmitStart(SNode f)
    {
        if (f.Items.Count < 2) throw UnexpectedEnd(f, "a function index");
        ExpectEnd(f, 2);
        if (_start is not null) throw Error("multiple start sections", f);
        _start = ResolveIndex(f.Items[1], _funcs);
    }

    /// <summary>
    /// Writes the items of an element list (function indices, or expressions when <paramref name="hasType"/>
    /// names a reference type) into <paramref name="w"/>; returns the count.
    /// </summary>
    private uint ElemList(SNode list, int j, int refType, bool hasType, ByteWriter w, out bool exprs)
    {
        uint count = 0;
        exprs = false;
        bool anyList = false;
        for (int k = j; k < list.Items.Count; k++)
            if (list.Items[k].IsList) anyList = true;
        if (hasType && anyList && refType == (0x6400 | FuncRef) && AllRefFunc(list, j))
        {
            // Every expression is a plain ref.func into a (ref func) segment: the compact index form has that type.
            // (A funcref segment keeps the expression form, which records that it may hold null.)
            for (; j < list.Items.Count; j++)
            {
                var item = list.Items[j];
                var rf = item.IsForm("item") ? (item.Items.Count == 2 ? item.Items[1] : item) : item;
                w.U32(ResolveIndex(rf.IsList ? rf.Items[1] : item.Items[2], _funcs));
                count++;
            }
            return count;
        }
        // Only funcref segments have the compact index form; any other element type needs the expression
        // form, even when the segment is empty (so that the segment keeps its type).
        if (hasType && (anyList || refType != FuncRef))
        {
            exprs = true;
            for (; j < list.Items.Count; j++)
            {
                var item = list.Items[j];
                if (!item.IsList)
                {
                    // A function index in a segment of another function reference type: a ref.func expression.
                    if (anyList || !IsFuncHeap(refType)) throw Unexpected(item, "an element expression");
                    w.Byte(0xD2);
                    w.U32(ResolveIndex(item, _funcs));
                    w.Byte(0x0B);
                    count++;
                    continue;
                }
                var ctx = new FuncContext(null);
                if (item.IsForm("item")) ParseInstrs(item, 1, w, ctx);
                else ParseFolded(item, w, ctx);
                w.Byte(0x0B);
                count++;
            }
            return count;
        }
        if (hasType && refType != FuncRef && j < list.Items.Count)
        {
            // Function indices into a segment of another function reference type: written as ref.func expressions.
            if (!IsFuncHeap(refType)) throw Unexpected(list.Items[j], "an element expression");
            exprs = true;
            for (; j < list.Items.Count; j++)
            {
                w.Byte(0xD2);
                w.U32(ResolveIndex(list.Items[j], _funcs));
                w.Byte(0x0B);
                count++;
            }
            return count;
        }
        for (; j < list.Items.Count; j++)
        {
            w.U32(ResolveIndex(list.Items[j], _funcs));
            count++;
        }
        return count;
    }

    /// <summary>True for the encoding of a reference type to functions: <c>func</c> or a type index, nullable or not.</summary>
    private static bool IsFuncHeap(int refType) =>
        refType == FuncRef || refType == (0x6400 | FuncRef) || (refType & FuncSig.ConcreteFlag) != 0;

    private static bool AllRefFunc(SNode list, int j)
    {
        for (; j < list.Items.Count; j++)
        {
            var item = list.Items[j];
            if (item.IsForm("item"))
            {
                if (item.Items.Count == 2) item = item.Items[1];
                else if (item.Items.Count == 3 && item.Items[1].IsKeyword("ref.func") && !item.Items[2].IsList) continue;
                else return false;
            }
            if (!item.IsForm("ref.func") || item.Items.Count != 2 || item.Items[1].IsList) return false;
        }
        return true;
    }

    private void EmitElem(SNode f)
    {
        _elemCounter++;
        int j = 1;
        if (OptId(f, 1) is not null) j++;
        var items = f.Items;
        int mode = 0; // 0 active, 1 passive, 2 declarative
        uint table = 0;
        SNode? offset = null;
        if (j < items.Count && items[j].IsKeyword("declare"))
        {
            mode = 2;
            j++;
        }
        else
        {
            if (IsBareIndexThenList(items, j))
            {
                // WebAssembly 1.0 wrote the table as a bare index: (elem 0 (offset) ...).
                table = ResolveIndex(items[j++], _tables);
            }
            else if (j < items.Count && items[j].IsForm("table"))
            {
                var t = items[j++];
                if (t.Items.Count != 2) throw t.Items.Count < 2 ? UnexpectedEnd(t, "a table index") : Unexpected(t.Items[2]);
                table = ResolveIndex(t.Items[1], _tables);
                if (j >= items.Count || !items[j].IsList) throw j >= items.Count ? UnexpectedEnd(f, "an offset") : Unexpected(items[j], "an offset");
            }
            if (j < items.Count && items[j].IsList && !items[j].IsForm("ref") && !items[j].IsForm("item"))
                offset = items[j++];
            else mode = 1;
        }
        int refType = FuncRef;
        bool hasType = false;
        if (j < items.Count && items[j].IsKeyword("func"))
        {
            j++;
        }
        else if (j < items.Count && IsRefType(items[j]))
        {
            refType = ParseValType(items[j++]);
            hasType = true;
        }
        else if (mode != 0 && j < items.Count)
        {
            throw Unexpected(items[j], "an element type");
        }
        var seg = new ByteWriter(64);
        uint count = ElemList(f, j, refType, hasType, seg, out bool exprs);
        if (mode == 0)
        {
            var off = new ByteWriter(16);
            ParseOffset(offset!, off);
            WriteActiveElem(table, off, refType, exprs, seg, count);
            return;
        }
        var w = _elemSec.W;
        _elemSec.Count++;
        w.Byte((byte)((mode == 1 ? 1 : 3) | (exprs ? 4 : 0)));
        if (exprs) FuncSig.WriteValType(w, refType);
        else w.Byte(0);
        w.U32(count);
        w.Append(seg);
    }

    /// <summary>Writes an offset expression given as <c>(offset instr*)</c> or one folded instruction.</summary>
    private void ParseOffset(SNode offset, ByteWriter w)
    {
        var ctx = new FuncContext(null);
        if (offset.IsForm("offset")) ParseInstrs(offset, 1, w, ctx);
        else ParseFolded(offset, w, ctx);
        w.Byte(0x0B);
    }

    private static bool IsBareIndexThenList(List<SNode> items, int j) =>
        j + 1 < items.Count && items[j].Kind == NodeKind.Reserved && Literals.IsNat(items[j].Text!) && items[j + 1].IsList;

    private void EmitData(SNode f)
    {
        _dataCounter++;
        int j = 1;
        if (OptId(f, 1) is not null) j++;
        var items = f.Items;
        var w = _dataSec.W;
        _dataSec.Count++;
        uint mem = 0;
        bool active = false;
        if (IsBareIndexThenList(items, j))
        {
            // WebAssembly 1.0 wrote the memory as a bare index: (data 0 (offset) ...).
            mem = ResolveIndex(items[j++], _mems);
            active = true;
        }
        else if (j < items.Count && items[j].IsForm("memory"))
        {
            var m = items[j++];
            if (m.Items.Count != 2) throw m.Items.Count < 2 ? UnexpectedEnd(m, "a memory index") : Unexpected(m.Items[2]);
            mem = ResolveIndex(m.Items[1], _mems);
            if (j >= items.Count || !items[j].IsList) throw j >= items.Count ? UnexpectedEnd(f, "an offset") : Unexpected(items[j], "an offset");
            active = true;
        }
        else if (j < items.Count && items[j].IsList)
        {
            active = true;
        }
        if (active)
        {
            if (mem == 0) w.Byte(0);
            else
            {
                w.Byte(2);
                w.U32(mem);
            }
            ParseOffset(items[j++], w);
        }
        else
        {
            w.Byte(1);
        }
        var bytes = new ByteWriter(64);
        for (; j < items.Count; j++)
        {
            if (items[j].Kind != NodeKind.String) throw Unexpected(items[j], "a string");
            bytes.Bytes(items[j].Bytes);
        }
        w.Vec(bytes.Span);
    }
}
