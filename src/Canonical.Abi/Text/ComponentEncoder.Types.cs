using Wasm.Text;

namespace Wasm.Components.Text;

internal sealed partial class ComponentEncoder
{
    // ---------------------------------------------------------------- extern types and type uses

    /// <summary>True when <c>list.Items[k..]</c> is exactly one <c>(type idx name*)</c> reference.</summary>
    private static bool IsTypeRef(SNode list, int k)
    {
        if (k != list.Items.Count - 1) return false;
        var t = list.Items[k];
        if (!t.IsForm("type") || t.Items.Count < 2 || !IsIndex(t.Items[1])) return false;
        for (int i = 2; i < t.Items.Count; i++)
            if (t.Items[i].Kind != NodeKind.String) return false;
        return true;
    }

    /// <summary>Writes the externtype of an import or export declaration from <c>list.Items[k..]</c>.</summary>
    private void ExternTypeBody(SNode list, int k, int sort, ByteWriter w)
    {
        int n = list.Items.Count;
        switch (sort)
        {
            case CoreModuleSort:
            {
                uint idx;
                if (k == n - 1 && list.Items[k].IsForm("type") && list.Items[k].Items.Count == 2 && IsIndex(list.Items[k].Items[1]))
                    idx = Resolve(CoreTypeSort, list.Items[k].Items[1]);
                else
                {
                    var body = new ByteWriter(64);
                    WriteModuleType(list, k, body);
                    idx = AddCoreType(body, null, list);
                }
                w.Byte(0x00);
                w.Byte(0x11);
                w.U32(idx);
                return;
            }
            case FuncSort:
                w.Byte(0x01);
                w.U32(FuncTypeUse(list, k, n));
                return;
            case ComponentSort:
            case InstanceSort:
            {
                uint idx;
                if (IsTypeRef(list, k)) idx = ResolvePath(TypeSort, list.Items[k], 1);
                else
                {
                    var body = new ByteWriter(64);
                    WriteDeclScope(list, k, sort == ComponentSort ? ScopeKind.ComponentType : ScopeKind.InstanceType, null, body);
                    idx = AddType(body, null, list);
                }
                w.Byte((byte)sort);
                w.U32(idx);
                return;
            }
            case ValueSort:
            {
                var v = Item(list, k, "a value type");
                ExpectEnd(list, k + 1);
                w.Byte(0x02);
                if (v.IsForm("eq"))
                {
                    w.Byte(0x00);
                    w.U32(Resolve(ValueSort, Item(v, 1, "a value index")));
                    ExpectEnd(v, 2);
                }
                else
                {
                    w.Byte(0x01);
                    WriteValType(v, w);
                }
                return;
            }
            case TypeSort:
            {
                var b = Item(list, k, "(eq idx) or (sub resource)");
                ExpectEnd(list, k + 1);
                w.Byte(0x03);
                if (b.IsForm("eq"))
                {
                    w.Byte(0x00);
                    w.U32(Resolve(TypeSort, Item(b, 1, "a type index")));
                    ExpectEnd(b, 2);
                }
                else if (b.IsForm("sub") && b.Items.Count == 2 && b.Items[1].IsKeyword("resource")) w.Byte(0x01);
                else throw Unexpected(b, "(eq idx) or (sub resource)");
                return;
            }
            default:
                throw Error($"a {SortName(sort)} cannot be imported or exported", list);
        }
    }

    /// <summary>
    /// A function type use at <c>list.Items[j..end]</c>: <c>(type idx)</c>, or an inline function type which is
    /// defined just before its use.
    /// </summary>
    private uint FuncTypeUse(SNode list, int j, int end)
    {
        if (j == end - 1 && list.Items[j].IsForm("type") && list.Items[j].Items.Count >= 2 && IsIndex(list.Items[j].Items[1]))
        {
            bool allStrings = true;
            for (int i = 2; i < list.Items[j].Items.Count; i++) allStrings &= list.Items[j].Items[i].Kind == NodeKind.String;
            if (allStrings) return ResolvePath(TypeSort, list.Items[j], 1);
        }
        var body = new ByteWriter(32);
        WriteFuncType(list, j, end, body);
        return AddType(body, null, list);
    }

    // ---------------------------------------------------------------- type definitions

    /// <summary>Defines a type (encoding its body first, which may define inline types) and binds it.</summary>
    private uint DefineType(SNode def, string? id, SNode at)
    {
        var body = new ByteWriter(32);
        WriteTypeDef(def, body, id);
        return AddType(body, id, at);
    }

    private void WriteTypeDef(SNode def, ByteWriter w, string? id)
    {
        if (def.Kind == NodeKind.Keyword)
        {
            w.Byte(Primitive(def) ?? throw Unexpected(def, "a type definition"));
            return;
        }
        if (!def.IsList || def.Head is null) throw Unexpected(def, "a type definition");
        switch (def.Head)
        {
            case "func": WriteFuncType(def, 1, def.Items.Count, w); return;
            case "component": WriteDeclScope(def, 1, ScopeKind.ComponentType, id, w); return;
            case "instance": WriteDeclScope(def, 1, ScopeKind.InstanceType, id, w); return;
            case "resource": WriteResource(def, w); return;
            default: WriteDefVal(def, w); return;
        }
    }

    private static byte? Primitive(SNode n) => n.Kind != NodeKind.Keyword ? null : n.Text switch
    {
        "bool" => 0x7F,
        "s8" => 0x7E,
        "u8" => 0x7D,
        "s16" => 0x7C,
        "u16" => 0x7B,
        "s32" => 0x7A,
        "u32" => 0x79,
        "s64" => 0x78,
        "u64" => 0x77,
        "f32" or "float32" => 0x76,
        "f64" or "float64" => 0x75,
        "char" => 0x74,
        "string" => 0x73,
        "error-context" => 0x64,
        _ => null,
    };

    /// <summary>Writes a value type: a primitive, a type index (s33) or an inline type defined just before.</summary>
    private void WriteValType(SNode n, ByteWriter w)
    {
        if (Primitive(n) is { } p)
        {
            w.Byte(p);
            return;
        }
        if (IsIndex(n))
        {
            w.S64(Resolve(TypeSort, n));
            return;
        }
        if (n.IsList && n.Head is { } h && h is not ("func" or "component" or "instance" or "resource"))
        {
            w.S64(DefineType(n, null, n));
            return;
        }
        throw Unexpected(n, "a value type");
    }

    private void OptValType(SNode list, int j, ByteWriter w)
    {
        if (j < list.Items.Count)
        {
            w.Byte(0x01);
            WriteValType(list.Items[j], w);
            ExpectEnd(list, j + 1);
        }
        else w.Byte(0x00);
    }

    private void WriteDefVal(SNode def, ByteWriter w)
    {
        var items = def.Items;
        switch (def.Head)
        {
            case "record":
                w.Byte(0x72);
                w.U32((uint)(items.Count - 1));
                for (int k = 1; k < items.Count; k++)
                {
                    var f = items[k];
                    if (!f.IsForm("field")) throw Unexpected(f, "(field ...)");
                    w.Vec(Name(Item(f, 1, "a field name")));
                    WriteValType(Item(f, 2, "a value type"), w);
                    ExpectEnd(f, 3);
                }
                return;
            case "variant":
                w.Byte(0x71);
                w.U32((uint)(items.Count - 1));
                for (int k = 1; k < items.Count; k++)
                {
                    var c = items[k];
                    if (!c.IsForm("case")) throw Unexpected(c, "(case ...)");
                    int j = 1;
                    OptId(c, ref j);
                    w.Vec(Name(Item(c, j++, "a case name")));
                    if (j < c.Items.Count && !c.Items[j].IsForm("refines"))
                    {
                        w.Byte(0x01);
                        WriteValType(c.Items[j++], w);
                    }
                    else w.Byte(0x00);
                    if (j < c.Items.Count && c.Items[j].IsForm("refines")) j++;
                    ExpectEnd(c, j);
                    w.Byte(0x00);
                }
                return;
            case "list":
            {
                var elem = Item(def, 1, "a value type");
                if (items.Count == 3)
                {
                    var ew = new ByteWriter(8);
                    WriteValType(elem, ew);
                    w.Byte(0x67);
                    w.Append(ew);
                    w.U32(U32(items[2]));
                    return;
                }
                ExpectEnd(def, 2);
                w.Byte(0x70);
                WriteValType(elem, w);
                return;
            }
            case "map":
                w.Byte(0x63);
                WriteValType(Item(def, 1, "a key type"), w);
                WriteValType(Item(def, 2, "a value type"), w);
                ExpectEnd(def, 3);
                return;
            case "tuple":
                w.Byte(0x6F);
                w.U32((uint)(items.Count - 1));
                for (int k = 1; k < items.Count; k++) WriteValType(items[k], w);
                return;
            case "flags":
            case "enum":
                w.Byte(def.Head == "flags" ? (byte)0x6E : (byte)0x6D);
                w.U32((uint)(items.Count - 1));
                for (int k = 1; k < items.Count; k++) w.Vec(Name(items[k]));
                return;
            case "option":
                w.Byte(0x6B);
                WriteValType(Item(def, 1, "a value type"), w);
                ExpectEnd(def, 2);
                return;
            case "result":
            {
                w.Byte(0x6A);
                int j = 1;
                if (j < items.Count && !items[j].IsForm("error"))
                {
                    w.Byte(0x01);
                    WriteValType(items[j++], w);
                }
                else w.Byte(0x00);
                if (j < items.Count && items[j].IsForm("error"))
                {
                    w.Byte(0x01);
                    WriteValType(Item(items[j], 1, "a value type"), w);
                    ExpectEnd(items[j], 2);
                    j++;
                }
                else w.Byte(0x00);
                ExpectEnd(def, j);
                return;
            }
            case "own":
            case "borrow":
                w.Byte(def.Head == "own" ? (byte)0x69 : (byte)0x68);
                w.U32(Resolve(TypeSort, Item(def, 1, "a type index")));
                ExpectEnd(def, 2);
                return;
            case "stream":
            case "future":
                w.Byte(def.Head == "stream" ? (byte)0x66 : (byte)0x65);
                OptValType(def, 1, w);
                return;
            default:
                throw Unexpected(def, "a type definition");
        }
    }

    /// <summary>Writes <c>async? (param "name" t)* (result t)?</c> at <c>list.Items[j..end]</c>.</summary>
    private void WriteFuncType(SNode list, int j, int end, ByteWriter w)
    {
        var items = list.Items;
        bool isAsync = j < end && items[j].IsKeyword("async");
        if (isAsync) j++;
        var ps = new ByteWriter(32);
        uint count = 0;
        while (j < end && items[j].IsForm("param"))
        {
            var p = items[j++];
            ps.Vec(Name(Item(p, 1, "a parameter name")));
            WriteValType(Item(p, 2, "a value type"), ps);
            ExpectEnd(p, 3);
            count++;
        }
        w.Byte(isAsync ? (byte)0x43 : (byte)0x40);
        w.U32(count);
        w.Append(ps);
        if (j < end && items[j].IsForm("result"))
        {
            var r = items[j++];
            int k = 1;
            if (k < r.Items.Count && r.Items[k].Kind == NodeKind.String) throw Error("named results are not supported", r.Items[k]);
            w.Byte(0x00);
            WriteValType(Item(r, k, "a value type"), w);
            ExpectEnd(r, k + 1);
        }
        else
        {
            w.Byte(0x01);
            w.Byte(0x00);
        }
        if (j < end) throw Unexpected(items[j], "(param ...) or (result ...)");
    }

    private void WriteResource(SNode def, ByteWriter w)
    {
        w.Byte(0x3F);
        var rep = Item(def, 1, "(rep i32)");
        if (!rep.IsForm("rep")) throw Unexpected(rep, "(rep i32)");
        FuncSig.WriteValType(w, _core.ParseValType(Item(rep, 1, "a core value type")));
        ExpectEnd(rep, 2);
        if (def.Items.Count > 2)
        {
            var d = def.Items[2];
            if (!d.IsForm("dtor")) throw Unexpected(d, "(dtor ...)");
            w.Byte(0x01);
            var r = Item(d, 1, "a core function");
            w.U32(r.IsList ? CoreRef(CoreFuncSort, d, 1) : ResolveCorePath(CoreFuncSort, d, 1));
            ExpectEnd(def, 3);
        }
        else w.Byte(0x00);
    }

    /// <summary>Writes a component type (0x41) or instance type (0x42) from the declarations at <c>list.Items[j..]</c>.</summary>
    private void WriteDeclScope(SNode list, int j, ScopeKind kind, string? id, ByteWriter w)
    {
        var outer = _scope;
        _scope = new Scope(kind, id, outer);
        for (; j < list.Items.Count; j++)
        {
            var d = list.Items[j];
            switch (d.Head)
            {
                case "core":
                    if (!Item(d, 1, "type").IsKeyword("type")) throw Unexpected(d.Items[1], "type");
                    CoreTypeField(d);
                    break;
                case "type": TypeField(d); break;
                case "alias": AliasField(d); break;
                case "import": ImportField(d); break;
                case "export": ExportField(d); break;
                default: throw Unexpected(d, "a type declaration");
            }
        }
        var inner = _scope;
        _scope = outer;
        w.Byte(kind == ScopeKind.ComponentType ? (byte)0x41 : (byte)0x42);
        w.U32(inner.DeclCount);
        w.Append(inner.Out);
    }
}
