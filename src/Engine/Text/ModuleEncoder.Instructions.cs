using Wasm.Instructions;

namespace Wasm.Text;

/// <summary>Per-function state of the instruction encoder: local names and the label stack.</summary>
internal sealed class FuncContext
{
    public FuncContext(NameSpace? locals) => Locals = locals;

    /// <summary>Local (and parameter) names; null in constant expressions.</summary>
    public NameSpace? Locals { get; }

    /// <summary>Enclosing block labels, innermost last (null for unnamed blocks).</summary>
    public List<string?> Labels { get; } = new();
}

internal sealed partial class ModuleEncoder
{
    /// <summary>Encodes the instructions <c>list.Items[j..]</c> (flat or folded).</summary>
    private void ParseInstrs(SNode list, int j, ByteWriter w, FuncContext ctx)
    {
        ParseSeq(list, ref j, w, ctx, nested: false);
        if (j < list.Items.Count) throw Unexpected(list.Items[j]);
    }

    /// <summary>
    /// Encodes instructions until the end of the list, or (when <paramref name="nested"/>) until a flat
    /// <c>end</c> or <c>else</c>, which is left at the cursor.
    /// </summary>
    private void ParseSeq(SNode list, ref int j, ByteWriter w, FuncContext ctx, bool nested)
    {
        var items = list.Items;
        while (j < items.Count)
        {
            var n = items[j];
            if (n.IsList)
            {
                ParseFolded(n, w, ctx);
                j++;
                continue;
            }
            if (n.Kind != NodeKind.Keyword) throw Unexpected(n, "an instruction");
            if (n.Text is "end" or "else" or "catch" or "catch_all" or "delegate")
            {
                if (nested) return;
                throw Unexpected(n, "an instruction");
            }
            ParseFlat(list, ref j, w, ctx);
        }
    }

    /// <summary>Encodes one flat instruction at <c>list.Items[j]</c> (a structured one up to its <c>end</c>).</summary>
    private void ParseFlat(SNode list, ref int j, ByteWriter w, FuncContext ctx)
    {
        var items = list.Items;
        var n = items[j];
        if (!System.Runtime.CompilerServices.RuntimeHelpers.TryEnsureSufficientExecutionStack())
            throw Error("nesting too deep", n);
        switch (n.Text)
        {
            case "block":
            case "loop":
            case "if":
            case "try_table":
            {
                j++;
                string? label = ParseLabelBinding(list, ref j);
                w.Byte(n.Text == "block" ? (byte)0x02 : n.Text == "loop" ? (byte)0x03 : n.Text == "if" ? (byte)0x04 : (byte)0x1F);
                ParseBlockType(list, ref j, w);
                if (n.Text == "try_table") ParseCatches(list, ref j, w, ctx);
                ctx.Labels.Add(label);
                ParseSeq(list, ref j, w, ctx, nested: true);
                if (j >= items.Count) throw Error("unexpected end of input, expected \"end\"", Math.Max(list.End - 1, 0));
                if (items[j].IsKeyword("else"))
                {
                    if (n.Text != "if") throw Unexpected(items[j]);
                    j++;
                    CheckEndLabel(list, ref j, label);
                    w.Byte(0x05);
                    ParseSeq(list, ref j, w, ctx, nested: true);
                    if (j >= items.Count) throw Error("unexpected end of input, expected \"end\"", Math.Max(list.End - 1, 0));
                    if (!items[j].IsKeyword("end")) throw Unexpected(items[j]);
                }
                j++; // end
                CheckEndLabel(list, ref j, label);
                w.Byte(0x0B);
                ctx.Labels.RemoveAt(ctx.Labels.Count - 1);
                return;
            }
        }
        if (n.Text == "try")
        {
            ParseLegacyTry(list, ref j, w, ctx);
            return;
        }
        ParsePlain(list, ref j, w, ctx);
    }

    /// <summary>Flat legacy <c>try</c>: catch clauses with code, <c>catch_all</c>, then <c>end</c>; or <c>delegate</c>.</summary>
    private void ParseLegacyTry(SNode list, ref int j, ByteWriter w, FuncContext ctx)
    {
        var items = list.Items;
        j++;
        string? label = ParseLabelBinding(list, ref j);
        w.Byte(0x06);
        ParseBlockType(list, ref j, w);
        ctx.Labels.Add(label);
        ParseSeq(list, ref j, w, ctx, nested: true);
        while (true)
        {
            if (j >= items.Count) throw Error("unexpected end of input, expected \"end\"", Math.Max(list.End - 1, 0));
            var n = items[j++];
            switch (n.Text)
            {
                case "catch":
                    w.Byte(0x07);
                    w.U32(ResolveIndex(Required(list, j++, "a tag index"), _tags));
                    ParseSeq(list, ref j, w, ctx, nested: true);
                    continue;
                case "catch_all":
                    w.Byte(0x19);
                    ParseSeq(list, ref j, w, ctx, nested: true);
                    continue;
                case "delegate":
                    ctx.Labels.RemoveAt(ctx.Labels.Count - 1);
                    w.Byte(0x18);
                    w.U32(ResolveLabel(Required(list, j++, "a label"), ctx));
                    return;
                case "end":
                    CheckEndLabel(list, ref j, label);
                    w.Byte(0x0B);
                    ctx.Labels.RemoveAt(ctx.Labels.Count - 1);
                    return;
                default:
                    throw Unexpected(n);
            }
        }
    }

    /// <summary>Writes the catch clauses of a <c>try_table</c>; their labels count from outside it.</summary>
    private void ParseCatches(SNode list, ref int j, ByteWriter w, FuncContext ctx)
    {
        var clauses = new ByteWriter(16);
        uint count = 0;
        var items = list.Items;
        while (j < items.Count && items[j].IsList && items[j].Items.Count > 0
               && items[j].Items[0].Kind == NodeKind.Keyword && items[j].Items[0].Text is "catch" or "catch_ref" or "catch_all" or "catch_all_ref")
        {
            var c = items[j++];
            var kind = c.Items[0].Text switch { "catch" => 0, "catch_ref" => 1, "catch_all" => 2, _ => 3 };
            int k = 1;
            clauses.Byte((byte)kind);
            if (kind < 2) clauses.U32(ResolveIndex(Required(c, k++, "a tag index"), _tags));
            clauses.U32(ResolveLabel(Required(c, k++, "a label"), ctx));
            ExpectEnd(c, k);
            count++;
        }
        w.U32(count);
        w.Append(clauses);
    }

    private string? ParseLabelBinding(SNode list, ref int j)
    {
        if (j < list.Items.Count && list.Items[j].Kind == NodeKind.Id) return list.Items[j++].Text;
        return null;
    }

    private void CheckEndLabel(SNode list, ref int j, string? label)
    {
        if (j < list.Items.Count && list.Items[j].Kind == NodeKind.Id)
        {
            if (list.Items[j].Text != label) throw Error("mismatching label", list.Items[j]);
            j++;
        }
    }

    /// <summary>Writes a block type: <c>0x40</c>, one value type, or a type index.</summary>
    private void ParseBlockType(SNode list, ref int j, ByteWriter w)
    {
        var items = list.Items;
        bool hasTypeRef = j < items.Count && items[j].IsForm("type");
        if (!hasTypeRef)
        {
            int save = j;
            var sig = ParseSignature(list, ref j, null, allowNames: false);
            if (sig.Params.Length == 0 && sig.Results.Length <= 1)
            {
                if (sig.Results.Length == 0) w.Byte(0x40);
                else FuncSig.WriteValType(w, sig.Results[0]);
                return;
            }
            j = save;
        }
        uint idx = ParseTypeUse(list, ref j, null, allowNames: false, out var known);
        if (known is not null && known.Params.Length == 0 && known.Results.Length <= 1)
        {
            if (known.Results.Length == 0) w.Byte(0x40);
            else FuncSig.WriteValType(w, known.Results[0]);
            return;
        }
        w.S64(idx);
    }

    /// <summary>Encodes a folded instruction <c>(op imm* folded*)</c>.</summary>
    private void ParseFolded(SNode node, ByteWriter w, FuncContext ctx)
    {
        var items = node.Items;
        if (!System.Runtime.CompilerServices.RuntimeHelpers.TryEnsureSufficientExecutionStack())
            throw Error("nesting too deep", node);
        if (items.Count == 0) throw Error("unexpected token \"(\", expected an instruction", node);
        var head = items[0];
        if (head.Kind != NodeKind.Keyword) throw Unexpected(head, "an instruction");
        int j = 1;
        switch (head.Text)
        {
            case "block":
            case "loop":
            case "try_table":
            {
                string? label = ParseLabelBinding(node, ref j);
                w.Byte(head.Text == "block" ? (byte)0x02 : head.Text == "loop" ? (byte)0x03 : (byte)0x1F);
                ParseBlockType(node, ref j, w);
                if (head.Text == "try_table") ParseCatches(node, ref j, w, ctx);
                ctx.Labels.Add(label);
                ParseSeq(node, ref j, w, ctx, nested: false);
                ctx.Labels.RemoveAt(ctx.Labels.Count - 1);
                w.Byte(0x0B);
                return;
            }
            case "try":
            {
                string? label = ParseLabelBinding(node, ref j);
                w.Byte(0x06);
                ParseBlockType(node, ref j, w);
                ctx.Labels.Add(label);
                if (j < items.Count && items[j].IsForm("do")) ParseInstrs(items[j++], 1, w, ctx);
                int clausesAt = j;
                while (j < items.Count && items[j].IsForm("catch"))
                {
                    var c = items[j++];
                    w.Byte(0x07);
                    w.U32(ResolveIndex(Required(c, 1, "a tag index"), _tags));
                    ParseInstrs(c, 2, w, ctx);
                }
                if (j < items.Count && items[j].IsForm("catch_all"))
                {
                    w.Byte(0x19);
                    ParseInstrs(items[j++], 1, w, ctx);
                }
                if (j == clausesAt && j < items.Count && items[j].IsForm("delegate"))
                {
                    var d = items[j++];
                    ctx.Labels.RemoveAt(ctx.Labels.Count - 1);
                    w.Byte(0x18);
                    w.U32(ResolveLabel(Required(d, 1, "a label"), ctx));
                    ExpectEnd(d, 2);
                    ExpectEnd(node, j);
                    return;
                }
                ExpectEnd(node, j);
                ctx.Labels.RemoveAt(ctx.Labels.Count - 1);
                w.Byte(0x0B);
                return;
            }
            case "if":
            {
                string? label = ParseLabelBinding(node, ref j);
                var bt = new ByteWriter(8);
                ParseBlockType(node, ref j, bt);
                while (j < items.Count && items[j].IsList && !items[j].IsForm("then"))
                    ParseFolded(items[j++], w, ctx);
                if (j >= items.Count) throw UnexpectedEnd(node, "(then ...)");
                if (!items[j].IsForm("then")) throw Error($"unexpected token \"{items[j].Describe()}\", expected (then ...)", items[j]);
                w.Byte(0x04);
                w.Append(bt);
                ctx.Labels.Add(label);
                ParseInstrs(items[j++], 1, w, ctx);
                if (j < items.Count && items[j].IsForm("else"))
                {
                    w.Byte(0x05);
                    ParseInstrs(items[j++], 1, w, ctx);
                }
                if (j < items.Count) throw Unexpected(items[j]);
                ctx.Labels.RemoveAt(ctx.Labels.Count - 1);
                w.Byte(0x0B);
                return;
            }
            case "end":
            case "else":
            case "then":
                throw Unexpected(head, "an instruction");
        }
        var op = new ByteWriter(16);
        j = 0;
        ParsePlain(node, ref j, op, ctx);
        for (; j < items.Count; j++)
        {
            if (!items[j].IsList) throw Unexpected(items[j]);
            ParseFolded(items[j], w, ctx);
        }
        w.Append(op);
    }

    /// <summary>Encodes a non-structured instruction and its immediates.</summary>
    private void ParsePlain(SNode list, ref int j, ByteWriter w, FuncContext ctx)
    {
        var items = list.Items;
        var n = items[j++];
        string name = n.Text!;
        if (name == "select")
        {
            var types = new List<int>();
            bool typed = false;
            while (j < items.Count && items[j].IsForm("result"))
            {
                typed = true;
                var r = items[j++];
                for (int k = 1; k < r.Items.Count; k++) types.Add(ParseValType(r.Items[k]));
            }
            if (!typed)
            {
                w.Byte(0x1B);
                return;
            }
            w.Byte(0x1C);
            w.U32((uint)types.Count);
            foreach (var t in types) FuncSig.WriteValType(w, t);
            return;
        }
        switch (name)
        {
            case "ref.test" or "ref.cast":
            {
                var (nullable, heap) = SplitRefType(ParseValType(Required(list, j++, "a reference type")), items[j - 1]);
                w.Byte(0xFB);
                w.U32(name == "ref.test" ? (nullable ? 0x15u : 0x14u) : (nullable ? 0x17u : 0x16u));
                WriteHeapType(w, heap);
                return;
            }
            case "br_on_cast" or "br_on_cast_fail":
            {
                uint label = ResolveLabel(Required(list, j++, "a label"), ctx);
                var (n1, h1) = SplitRefType(ParseValType(Required(list, j++, "a reference type")), items[j - 1]);
                var (n2, h2) = SplitRefType(ParseValType(Required(list, j++, "a reference type")), items[j - 1]);
                w.Byte(0xFB);
                w.U32(name == "br_on_cast" ? 0x18u : 0x19u);
                w.Byte((byte)((n1 ? 1 : 0) | (n2 ? 2 : 0)));
                w.U32(label);
                WriteHeapType(w, h1);
                WriteHeapType(w, h2);
                return;
            }
        }
        var info = OpcodeTable.FromName(name);
        if (info is null || info.Immediate == Immediate.Block || info.Op is Opcode.Else or Opcode.End or Opcode.Catch or Opcode.CatchAll or Opcode.Delegate)
        {
            if (ProposalOfMnemonic(name) is { } proposal) throw Unsupported(proposal, n);
            throw Unexpected(n, "an instruction");
        }
        if (info.Prefix != 0)
        {
            w.Byte(info.Prefix);
            w.U32(info.Code);
        }
        else
        {
            w.Byte((byte)info.Code);
        }
        switch (info.Immediate)
        {
            case Immediate.None:
                break;
            case Immediate.Reserved:
                w.Byte(0);
                break;
            case Immediate.Label:
                w.U32(ResolveLabel(Required(list, j++, "a label"), ctx));
                break;
            case Immediate.BrTable:
            {
                var labels = new List<uint>();
                while (j < items.Count && IsIndex(items[j])) labels.Add(ResolveLabel(items[j++], ctx));
                if (labels.Count == 0) Required(list, j, "a label");
                w.U32((uint)labels.Count - 1);
                foreach (var l in labels) w.U32(l);
                break;
            }
            case Immediate.Func:
                w.U32(ResolveIndex(Required(list, j++, "a function index"), _funcs));
                break;
            case Immediate.CallIndirect:
            {
                uint table = 0;
                if (j < items.Count && IsIndex(items[j])) table = ResolveIndex(items[j++], _tables);
                uint type = ParseTypeUse(list, ref j, null, allowNames: false, out _);
                w.U32(type);
                w.U32(table);
                break;
            }
            case Immediate.Local:
            {
                var x = Required(list, j++, "a local index");
                if (x.Kind == NodeKind.Id)
                {
                    if (ctx.Locals is null || !ctx.Locals.TryGet(x.Text!, out var li)) throw Error($"unknown local ${x.Text}", x);
                    w.U32(li);
                }
                else w.U32(ResolveIndex(x, _funcs));
                break;
            }
            case Immediate.Global:
                w.U32(ResolveIndex(Required(list, j++, "a global index"), _globals));
                break;
            case Immediate.Table:
                w.U32(OptionalIndex(list, ref j, _tables));
                break;
            case Immediate.Memory:
                w.U32(OptionalIndex(list, ref j, _mems));
                break;
            case Immediate.MemArg:
                ParseMemArg(list, ref j, w, info.Op);
                break;
            case Immediate.MemArgLane:
            {
                // A memory index is present only when another number or a memarg keyword follows it: a single
                // number is the lane.
                bool hasMemory = j < items.Count && IsIndex(items[j]) && (items[j].Kind == NodeKind.Id
                    || j + 1 < items.Count && (items[j + 1].Kind == NodeKind.Reserved && Literals.IsNat(items[j + 1].Text!)
                        || items[j + 1].Kind == NodeKind.Keyword && items[j + 1].Text!.Contains('=')));
                ParseMemArg(list, ref j, w, info.Op, hasMemory);
                w.Byte(ParseLaneIndex(Required(list, j++, "a lane index")));
                break;
            }
            case Immediate.Lane:
                w.Byte(ParseLaneIndex(Required(list, j++, "a lane index")));
                break;
            case Immediate.Shuffle:
                for (int k = 0; k < 16; k++) w.Byte(ParseLaneIndex(Required(list, j++, "a lane index")));
                break;
            case Immediate.V128:
                w.Bytes(ParseV128(list, ref j));
                break;
            case Immediate.I32:
            {
                var x = Required(list, j++, "an i32 literal");
                var st = Atom(x) ? Literals.ParseInt(x.Text!, 32, out var v) : Fail(out v);
                if (st == LiteralStatus.OutOfRange) throw Error("i32 constant out of range", x);
                if (st != LiteralStatus.Ok) throw BadLiteral(x, "an i32 literal");
                w.S64((int)(uint)v);
                break;
            }
            case Immediate.I64:
            {
                var x = Required(list, j++, "an i64 literal");
                var st = Atom(x) ? Literals.ParseInt(x.Text!, 64, out var v) : Fail(out v);
                if (st == LiteralStatus.OutOfRange) throw Error("i64 constant out of range", x);
                if (st != LiteralStatus.Ok) throw BadLiteral(x, "an i64 literal");
                w.S64((long)v);
                break;
            }
            case Immediate.F32:
            {
                var x = Required(list, j++, "an f32 literal");
                var st = Atom(x) ? Literals.ParseF32(x.Text!, out var v) : Fail(out v);
                if (st == LiteralStatus.OutOfRange) throw Error("f32 constant out of range", x);
                if (st != LiteralStatus.Ok) throw BadLiteral(x, "an f32 literal");
                w.Fixed32(v);
                break;
            }
            case Immediate.F64:
            {
                var x = Required(list, j++, "an f64 literal");
                var st = Atom(x) ? Literals.ParseF64(x.Text!, out var v) : Fail(out v);
                if (st == LiteralStatus.OutOfRange) throw Error("f64 constant out of range", x);
                if (st != LiteralStatus.Ok) throw BadLiteral(x, "an f64 literal");
                w.Fixed64(v);
                break;
            }
            case Immediate.HeapType:
            {
                int heap = ParseHeapType(Required(list, j++, "a heap type"));
                if ((heap & FuncSig.ConcreteFlag) != 0) w.S64(heap & (FuncSig.NullableFlag - 1));
                else FuncSig.WriteValType(w, heap);
                break;
            }
            case Immediate.Type:
                w.U32(ResolveIndex(Required(list, j++, "a type index"), _typeNames));
                break;
            case Immediate.TypeField:
            {
                uint type = ResolveIndex(Required(list, j++, "a type index"), _typeNames);
                w.U32(type);
                var f = Required(list, j++, "a field index");
                if (f.Kind == NodeKind.Id)
                {
                    if (!_fieldNames.TryGetValue(type, out var fields) || !fields.TryGet(f.Text!, out var fi))
                        throw Error($"unknown field ${f.Text}", f);
                    w.U32(fi);
                }
                else w.U32(ResolveIndex(f, _typeNames));
                break;
            }
            case Immediate.TypeCount:
                w.U32(ResolveIndex(Required(list, j++, "a type index"), _typeNames));
                w.U32(ResolveIndex(Required(list, j++, "an element count"), _typeNames));
                break;
            case Immediate.TypeData:
                w.U32(ResolveIndex(Required(list, j++, "a type index"), _typeNames));
                w.U32(ResolveIndex(Required(list, j++, "a data segment index"), _datas));
                break;
            case Immediate.TypeElem:
                w.U32(ResolveIndex(Required(list, j++, "a type index"), _typeNames));
                w.U32(ResolveIndex(Required(list, j++, "an element segment index"), _elems));
                break;
            case Immediate.TypeType:
                w.U32(ResolveIndex(Required(list, j++, "a type index"), _typeNames));
                w.U32(ResolveIndex(Required(list, j++, "a type index"), _typeNames));
                break;
            case Immediate.Tag:
                w.U32(ResolveIndex(Required(list, j++, "a tag index"), _tags));
                break;
            case Immediate.MemoryInit:
            {
                var first = Required(list, j++, "a data segment index");
                if (j < items.Count && IsIndex(items[j]))
                {
                    uint mem = ResolveIndex(first, _mems);
                    w.U32(ResolveIndex(items[j++], _datas));
                    w.U32(mem);
                }
                else
                {
                    w.U32(ResolveIndex(first, _datas));
                    w.U32(0);
                }
                _usesDataCount = true;
                break;
            }
            case Immediate.Data:
                w.U32(ResolveIndex(Required(list, j++, "a data segment index"), _datas));
                _usesDataCount = true;
                break;
            case Immediate.MemoryCopy:
                TwoOptionalIndices(list, ref j, w, _mems);
                break;
            case Immediate.TableInit:
            {
                var first = Required(list, j++, "an element segment index");
                if (j < items.Count && IsIndex(items[j]))
                {
                    uint table = ResolveIndex(first, _tables);
                    w.U32(ResolveIndex(items[j++], _elems));
                    w.U32(table);
                }
                else
                {
                    w.U32(ResolveIndex(first, _elems));
                    w.U32(0);
                }
                break;
            }
            case Immediate.Elem:
                w.U32(ResolveIndex(Required(list, j++, "an element segment index"), _elems));
                break;
            case Immediate.TableCopy:
                TwoOptionalIndices(list, ref j, w, _tables);
                break;
            default:
                throw Unexpected(n, "an instruction");
        }
    }

    /// <summary>A malformed number token is an unknown operator; any other token is unexpected.</summary>
    private TextFormatException BadLiteral(SNode x, string expected) =>
        x.Kind == NodeKind.Reserved || (x.Text is { } t && t.StartsWith("nan:", StringComparison.Ordinal) && t is not ("nan:canonical" or "nan:arithmetic"))
            ? Error($"unknown operator {x.Describe()}", x)
            : Error($"unexpected token \"{x.Describe()}\", expected {expected}", x);

    private static bool Atom(SNode x) => x.Kind is NodeKind.Reserved or NodeKind.Keyword;

    private static LiteralStatus Fail<T>(out T value) where T : struct
    {
        value = default;
        return LiteralStatus.Invalid;
    }

    private SNode Required(SNode list, int j, string what)
    {
        if (j >= list.Items.Count) throw UnexpectedEnd(list, what);
        return list.Items[j];
    }

    private uint OptionalIndex(SNode list, ref int j, NameSpace space) =>
        j < list.Items.Count && IsIndex(list.Items[j]) ? ResolveIndex(list.Items[j++], space) : 0;

    private void TwoOptionalIndices(SNode list, ref int j, ByteWriter w, NameSpace space)
    {
        if (j < list.Items.Count && IsIndex(list.Items[j]))
        {
            uint a = ResolveIndex(list.Items[j++], space);
            var b = Required(list, j++, $"a {space.Kind} index");
            w.U32(a);
            w.U32(ResolveIndex(b, space));
        }
        else
        {
            w.U32(0);
            w.U32(0);
        }
    }

    private uint ResolveLabel(SNode n, FuncContext ctx)
    {
        if (n.Kind == NodeKind.Id)
        {
            for (int k = ctx.Labels.Count - 1; k >= 0; k--)
                if (ctx.Labels[k] == n.Text) return (uint)(ctx.Labels.Count - 1 - k);
            throw Error($"unknown label ${n.Text}", n);
        }
        if (n.Kind == NodeKind.Reserved && Literals.TryParseU32(n.Text!, out var v)) return v;
        throw Unexpected(n, "a label");
    }

    private byte ParseLaneIndex(SNode x)
    {
        if (x.Kind != NodeKind.Reserved || !Literals.IsNat(x.Text!)) throw Unexpected(x);
        if (Literals.ParseNat(x.Text, out var v) != LiteralStatus.Ok || v > 255) throw Error("malformed lane index", x);
        return (byte)v;
    }

    /// <summary>The shape and lane literals of <c>v128.const</c>, as the sixteen little-endian bytes.</summary>
    private byte[] ParseV128(SNode list, ref int j)
    {
        var shape = Required(list, j++, "a vector shape");
        var (lanes, bits, isFloat) = shape.Text switch
        {
            "i8x16" => (16, 8, false),
            "i16x8" => (8, 16, false),
            "i32x4" => (4, 32, false),
            "i64x2" => (2, 64, false),
            "f32x4" => (4, 32, true),
            "f64x2" => (2, 64, true),
            _ => throw Unexpected(shape, "a vector shape"),
        };
        var bytes = new byte[16];
        for (int k = 0; k < lanes; k++)
        {
            var x = Required(list, j++, "a lane literal");
            ulong v;
            LiteralStatus st;
            if (!Atom(x)) st = Fail(out v);
            else if (!isFloat) st = Literals.ParseInt(x.Text!, bits, out v);
            else if (bits == 32)
            {
                st = Literals.ParseF32(x.Text!, out var f);
                v = f;
            }
            else st = Literals.ParseF64(x.Text!, out v);
            if (st == LiteralStatus.OutOfRange) throw Error("constant out of range", x);
            if (st != LiteralStatus.Ok) throw BadLiteral(x, "a lane literal");
            for (int b = 0; b < bits / 8; b++) bytes[k * (bits / 8) + b] = (byte)(v >> (8 * b));
        }
        return bytes;
    }

    private void ParseMemArg(SNode list, ref int j, ByteWriter w, Opcode op, bool memoryIndex = true)
    {
        var items = list.Items;
        uint mem = 0;
        if (memoryIndex && j < items.Count && IsIndex(items[j])) mem = ResolveIndex(items[j++], _mems);
        ulong offset = 0;
        uint natural = 1u << (int)Validation.FunctionValidator.NaturalAlignment(op);
        ulong align = natural;
        if (j < items.Count && items[j].Kind == NodeKind.Keyword && items[j].Text!.StartsWith("offset=", StringComparison.Ordinal))
        {
            var x = items[j++];
            var st = Literals.ParseNat(x.Text.AsSpan(7), out offset);
            if (st == LiteralStatus.Invalid || x.Text!.Length == 7 || x.Text[7] is '+' or '-') throw Unexpected(x);
            if (st == LiteralStatus.OutOfRange) throw Error("offset out of range", x);
        }
        if (j < items.Count && items[j].Kind == NodeKind.Keyword && items[j].Text!.StartsWith("align=", StringComparison.Ordinal))
        {
            var x = items[j++];
            var st = Literals.ParseNat(x.Text.AsSpan(6), out align);
            if (st == LiteralStatus.Invalid || x.Text!.Length == 6 || x.Text[6] is '+' or '-') throw Unexpected(x);
            if (st == LiteralStatus.OutOfRange || align == 0 || (align & (align - 1)) != 0)
                throw Error("alignment must be a power of two", x);
        }
        uint log = (uint)System.Numerics.BitOperations.Log2(align);
        if (mem != 0)
        {
            w.U32(log | 0x40);
            w.U32(mem);
        }
        else
        {
            w.U32(log);
        }
        w.U64(offset);
    }

    /// <summary>Splits a reference type encoding into nullability and heap type encoding.</summary>
    private (bool Nullable, int Heap) SplitRefType(int vt, SNode at)
    {
        if ((vt & FuncSig.ConcreteFlag) != 0) return ((vt & FuncSig.NullableFlag) != 0, vt & ~FuncSig.NullableFlag);
        if (vt > 0xFF) return (false, vt & 0xFF);
        if (vt is 0x7F or 0x7E or 0x7D or 0x7C or 0x7B) throw Unexpected(at, "a reference type");
        return (true, vt);
    }

    private static void WriteHeapType(ByteWriter w, int heap)
    {
        if ((heap & FuncSig.ConcreteFlag) != 0) w.S64(heap & (FuncSig.NullableFlag - 1));
        else w.Byte((byte)heap);
    }

    /// <summary>The proposal that defines an instruction mnemonic this encoder does not know, if any.</summary>
    internal static string? ProposalOfMnemonic(string name)
    {
        switch (name)
        {
            case "ref.eq" or "ref.i31" or "ref.test" or "ref.cast" or "br_on_cast" or "br_on_cast_fail"
                or "any.convert_extern" or "extern.convert_any": return "gc";
            case "i64.add128" or "i64.sub128" or "i64.mul_wide_s" or "i64.mul_wide_u": return "wide-arithmetic";
        }
        if (name.StartsWith("struct.", StringComparison.Ordinal) || name.StartsWith("array.", StringComparison.Ordinal)
            || name.StartsWith("i31.", StringComparison.Ordinal))
            return "gc";
        return null;
    }
}
