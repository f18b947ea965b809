namespace Wasm.Text;

internal sealed partial class ModuleEncoder
{
    /// <summary>Encoding of <c>funcref</c>.</summary>
    internal const int FuncRef = 0x70;

    /// <summary>Encoding of <c>externref</c>.</summary>
    internal const int ExternRef = 0x6F;

    /// <summary>Reads <c>(param ...)* (result ...)*</c> from <paramref name="list"/> starting at <paramref name="j"/>.</summary>
    /// <param name="list">The enclosing list.</param>
    /// <param name="j">Cursor; advanced past the consumed lists.</param>
    /// <param name="names">Receives one (possibly null) name per parameter, when not null.</param>
    /// <param name="allowNames">False where parameter names are malformed (block types, call_indirect).</param>
    private FuncSig ParseSignature(SNode list, ref int j, List<string?>? names, bool allowNames) =>
        ParseSignature(list, ref j, names, allowNames, out _);

    private FuncSig ParseSignature(SNode list, ref int j, List<string?>? names, bool allowNames, out bool any)
    {
        var ps = new List<int>();
        var rs = new List<int>();
        any = false;
        var items = list.Items;
        while (j < items.Count && items[j].IsForm("param"))
        {
            any = true;
            var p = items[j];
            if (p.Items.Count > 1 && p.Items[1].Kind == NodeKind.Id)
            {
                if (!allowNames) throw Unexpected(p.Items[1]);
                if (p.Items.Count != 3) throw p.Items.Count < 3 ? UnexpectedEnd(p, "a value type") : Unexpected(p.Items[3]);
                ps.Add(ParseValType(p.Items[2]));
                names?.Add(p.Items[1].Text);
            }
            else
            {
                for (int k = 1; k < p.Items.Count; k++)
                {
                    ps.Add(ParseValType(p.Items[k]));
                    names?.Add(null);
                }
            }
            j++;
        }
        while (j < items.Count && items[j].IsForm("result"))
        {
            any = true;
            var r = items[j];
            for (int k = 1; k < r.Items.Count; k++) rs.Add(ParseValType(r.Items[k]));
            j++;
        }
        if (j < items.Count && items[j].IsForm("param")) throw Error("unexpected token \"(param\", parameters must precede results", items[j]);
        return new FuncSig(ps.ToArray(), rs.ToArray());
    }

    /// <summary>Parses a value type.</summary>
    internal int ParseValType(SNode n)
    {
        if (n.Kind == NodeKind.Keyword)
        {
            switch (n.Text)
            {
                case "i32": return 0x7F;
                case "i64": return 0x7E;
                case "f32": return 0x7D;
                case "f64": return 0x7C;
                case "v128": return 0x7B;
                case "funcref": return FuncRef;
                case "externref": return ExternRef;
                case "exnref": return 0x69;
                case "nullexnref": return 0x74;
                case "anyref": return 0x6E;
                case "eqref": return 0x6D;
                case "i31ref": return 0x6C;
                case "structref": return 0x6B;
                case "arrayref": return 0x6A;
                case "nullref": return 0x71;
                case "nullfuncref": return 0x73;
                case "nullexternref": return 0x72;
            }
        }
        else if (n.IsForm("ref"))
        {
            return ParseRefTypeList(n);
        }
        throw Unexpected(n, "a value type");
    }

    private int ParseRefTypeList(SNode n)
    {
        int j = 1;
        bool nullable = false;
        if (j < n.Items.Count && n.Items[j].IsKeyword("null"))
        {
            nullable = true;
            j++;
        }
        if (j >= n.Items.Count) throw UnexpectedEnd(n, "a heap type");
        if (j + 1 < n.Items.Count) throw Unexpected(n.Items[j + 1]);
        int heap = ParseHeapType(n.Items[j]);
        if ((heap & FuncSig.ConcreteFlag) != 0) return nullable ? heap | FuncSig.NullableFlag : heap;
        return nullable ? heap : 0x6400 | heap;
    }

    /// <summary>Parses a heap type: abstract (<c>func</c>, <c>extern</c>) or a type index, which is returned with
    /// <see cref="FuncSig.ConcreteFlag"/>.</summary>
    internal int ParseHeapType(SNode n)
    {
        if (n.Kind == NodeKind.Keyword)
        {
            switch (n.Text)
            {
                case "func": return FuncRef;
                case "extern": return ExternRef;
                case "exn": return 0x69;
                case "noexn": return 0x74;
                case "any": return 0x6E;
                case "eq": return 0x6D;
                case "i31": return 0x6C;
                case "struct": return 0x6B;
                case "array": return 0x6A;
                case "none": return 0x71;
                case "nofunc": return 0x73;
                case "noextern": return 0x72;
            }
        }
        if (n.Kind == NodeKind.Id || (n.Kind == NodeKind.Reserved && Literals.IsNat(n.Text!)))
        {
            uint index = ResolveIndex(n, _typeNames);
            if (index >= FuncSig.NullableFlag) throw Error("type index out of range", n);
            return FuncSig.ConcreteFlag | (int)index;
        }
        throw Unexpected(n, "a heap type");
    }

    /// <summary>True when the node starts a reference type.</summary>
    private static bool IsRefType(SNode n) =>
        (n.Kind == NodeKind.Keyword && n.Text is "funcref" or "externref" or "anyref" or "eqref" or "i31ref" or "structref"
            or "arrayref" or "nullref" or "nullfuncref" or "nullexternref" or "exnref" or "nullexnref")
        || n.IsForm("ref");

    /// <summary>The index of a signature: the first equal type, or a new one appended at the end.</summary>
    private uint TypeIndexOf(FuncSig sig)
    {
        if (_typeByKey.TryGetValue(sig.Key, out var idx)) return (uint)idx;
        idx = _types.Count;
        _types.Add(sig);
        _typeByKey.Add(sig.Key, idx);
        var entry = new ByteWriter(16);
        sig.Write(entry);
        _typeEntries.Add(entry);
        return (uint)idx;
    }

    /// <summary>
    /// Parses a type use <c>(type x)? (param ...)* (result ...)*</c>; returns the type index and, through
    /// <paramref name="sig"/>, the signature when known.
    /// </summary>
    private uint ParseTypeUse(SNode list, ref int j, List<string?>? names, bool allowNames, out FuncSig? sig)
    {
        var items = list.Items;
        if (j < items.Count && items[j].IsForm("type"))
        {
            var t = items[j];
            if (t.Items.Count != 2) throw t.Items.Count < 2 ? UnexpectedEnd(t, "a type index") : Unexpected(t.Items[2]);
            uint idx = ResolveIndex(t.Items[1], _typeNames);
            j++;
            var inline = ParseSignature(list, ref j, names, allowNames, out bool any);
            sig = idx < _types.Count ? _types[(int)idx] : null;
            if (any)
            {
                if (sig is null) throw Error("unknown type", t.Items[1]);
                if (sig.Key != inline.Key) throw Error("inline function type", t);
            }
            else if (names is not null && sig is not null)
            {
                for (int k = 0; k < sig.Params.Length; k++) names.Add(null);
            }
            return idx;
        }
        sig = ParseSignature(list, ref j, names, allowNames);
        return TypeIndexOf(sig);
    }

    /// <summary>Resolves a symbolic or numeric index.</summary>
    internal uint ResolveIndex(SNode n, NameSpace space)
    {
        if (n.Kind == NodeKind.Id)
        {
            if (space.TryGet(n.Text!, out var idx)) return idx;
            throw Error($"unknown {space.Kind} ${n.Text}", n);
        }
        if (n.Kind == NodeKind.Reserved && Literals.TryParseU32(n.Text!, out var v)) return v;
        if (n.Kind == NodeKind.Reserved && Literals.IsNat(n.Text!)) throw Error("constant out of range", n);
        throw Unexpected(n, $"a {space.Kind} index");
    }

    /// <summary>True when the node can be an index (identifier or natural number).</summary>
    internal static bool IsIndex(SNode n) => n.Kind == NodeKind.Id || (n.Kind == NodeKind.Reserved && Literals.IsNat(n.Text!));

    private ulong ParseU64(SNode n)
    {
        if (n.Kind == NodeKind.Reserved && Literals.IsNat(n.Text!))
        {
            if (Literals.ParseNat(n.Text, out var v) != LiteralStatus.Ok) throw Error("constant out of range", n);
            return v;
        }
        throw Unexpected(n, "a number");
    }

    private ulong ParseLimit(SNode n, bool is64)
    {
        var value = ParseU64(n);
        if (_src.Wasm1Limits && !is64 && value > uint.MaxValue) throw Error("i32 constant out of range", n);
        return value;
    }

    /// <summary>Parses <c>min max?</c> and writes the limits with the flags byte.</summary>
    private void ParseLimits(SNode list, ref int j, ByteWriter w, bool is64, bool allowShared, SNode at)
    {
        var items = list.Items;
        if (j >= items.Count) throw UnexpectedEnd(list, "limits");
        ulong min = ParseLimit(items[j++], is64);
        ulong? max = null;
        if (j < items.Count && items[j].Kind == NodeKind.Reserved && Literals.IsNat(items[j].Text!)) max = ParseLimit(items[j++], is64);
        bool shared = false;
        if (allowShared && j < items.Count && items[j].IsKeyword("shared"))
        {
            shared = true;
            j++;
        }
        if (allowShared && j < items.Count && items[j].IsForm("pagesize")) throw Unsupported("custom-page-sizes", items[j]);
        // Limits are u64 in the text format whatever the address type; validation range-checks them
        // (the decoder reads them as u64 too), so an oversized 32-bit limit is invalid, not malformed.
        byte flags = (byte)((max is null ? 0 : 1) | (shared ? 2 : 0) | (is64 ? 4 : 0));
        w.Byte(flags);
        w.U64(min);
        if (max is { } m) w.U64(m);
    }

    private bool ParseAddressType(SNode list, ref int j)
    {
        if (j < list.Items.Count && list.Items[j].IsKeyword("i64"))
        {
            j++;
            return true;
        }
        if (j < list.Items.Count && list.Items[j].IsKeyword("i32")) j++;
        return false;
    }

    /// <summary>Parses a table type <c>i64? limits reftype</c>.</summary>
    private void ParseTableType(SNode list, ref int j, ByteWriter w)
    {
        bool is64 = ParseAddressType(list, ref j);
        var lim = new ByteWriter(16);
        ParseLimits(list, ref j, lim, is64, false, list);
        if (j >= list.Items.Count) throw UnexpectedEnd(list, "a reference type");
        FuncSig.WriteValType(w, ParseValType(list.Items[j++]));
        w.Append(lim);
    }

    /// <summary>Parses a memory type <c>i64? limits shared?</c>.</summary>
    private void ParseMemoryType(SNode list, ref int j, ByteWriter w)
    {
        bool is64 = ParseAddressType(list, ref j);
        ParseLimits(list, ref j, w, is64, true, list);
    }

    /// <summary>Parses a global type <c>t</c> or <c>(mut t)</c>.</summary>
    private void ParseGlobalType(SNode list, ref int j, ByteWriter w)
    {
        if (j >= list.Items.Count) throw UnexpectedEnd(list, "a global type");
        var n = list.Items[j++];
        if (n.IsForm("mut"))
        {
            if (n.Items.Count != 2) throw n.Items.Count < 2 ? UnexpectedEnd(n, "a value type") : Unexpected(n.Items[2]);
            FuncSig.WriteValType(w, ParseValType(n.Items[1]));
            w.Byte(1);
        }
        else
        {
            FuncSig.WriteValType(w, ParseValType(n));
            w.Byte(0);
        }
    }
}
