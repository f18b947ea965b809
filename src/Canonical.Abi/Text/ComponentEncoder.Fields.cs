using Wasm.Text;

namespace Wasm.Components.Text;

internal sealed partial class ComponentEncoder
{
    private void ComponentField(SNode f)
    {
        if (!f.IsList || f.Items.Count == 0 || f.Items[0].Kind != NodeKind.Keyword) throw Unexpected(f, "a component field");
        switch (f.Head)
        {
            case "core":
                var what = Item(f, 1, "module, instance, type or func");
                switch (what.Kind == NodeKind.Keyword ? what.Text : null)
                {
                    case "module": CoreModule(f); return;
                    case "instance": CoreInstance(f); return;
                    case "type": CoreTypeField(f); return;
                    case "func": CoreFunc(f); return;
                    case "rec": throw new UnsupportedFeatureException("gc", f.Offset);
                    default: throw Unexpected(what, "module, instance, type or func");
                }
            case "component": NestedComponent(f); return;
            case "instance": InstanceField(f); return;
            case "alias": AliasField(f); return;
            case "type": TypeField(f); return;
            case "canon": CanonField(f); return;
            case "func": FuncField(f); return;
            case "start": StartField(f); return;
            case "import": ImportField(f); return;
            case "export": ExportField(f); return;
            case "value": throw new UnsupportedFeatureException("component-model-values", f.Offset);
            default: throw Unexpected(f.Items[0], "a component field");
        }
    }

    // ---------------------------------------------------------------- inline import/export sugar

    /// <summary>True for <c>(export "name" attr*)</c> without an item reference (the inline export sugar).</summary>
    private static bool IsInlineExport(SNode n)
    {
        if (!n.IsForm("export") || n.Items.Count < 2) return false;
        if (n.Items[1].Kind != NodeKind.String && !n.Items[1].IsForm("interface")) return false;
        for (int k = 2; k < n.Items.Count; k++)
            if (!(n.Items[k].IsForm("implements") || n.Items[k].IsForm("versionsuffix") || n.Items[k].IsForm("external-id"))) return false;
        return true;
    }

    /// <summary>Collects the inline <c>(export "name")</c> lists at <c>f.Items[j..]</c>.</summary>
    private List<SNode> InlineExports(SNode f, ref int j)
    {
        var list = new List<SNode>();
        while (j < f.Items.Count && IsInlineExport(f.Items[j])) list.Add(f.Items[j++]);
        if (list.Count > 0) RequireComponent(list[0]);
        return list;
    }

    /// <summary>Emits a component export for each inline export of an item.</summary>
    private void EmitInlineExports(List<SNode> exports, int sort, uint index)
    {
        foreach (var e in exports)
        {
            var w = new ByteWriter(32);
            int k = 1;
            ExternName(e, ref k, w);
            WriteSort(w, sort);
            w.U32(index);
            w.Byte(0x00);
            EmitItem(11, w);
            Bind(sort, null, e);
        }
    }

    /// <summary>True for <c>(import "name" attr*)</c> (the inline import sugar).</summary>
    private static bool IsInlineImport(SNode f, int j)
    {
        if (j >= f.Items.Count) return false;
        var n = f.Items[j];
        if (!n.IsForm("import") || n.Items.Count < 2) return false;
        if (n.Items[1].Kind != NodeKind.String && !n.Items[1].IsForm("interface")) return false;
        for (int k = 2; k < n.Items.Count; k++)
            if (!(n.Items[k].IsForm("implements") || n.Items[k].IsForm("versionsuffix") || n.Items[k].IsForm("external-id"))) return false;
        return true;
    }

    /// <summary>
    /// Emits the import of an inline-import definition <c>(kind $id? (import "n") rest...)</c>: the externtype is
    /// the definition's remaining items.
    /// </summary>
    private void InlineImport(SNode f, int j, int sort, string? id)
    {
        var imp = f.Items[j];
        var w = new ByteWriter(32);
        int k = 1;
        ExternName(imp, ref k, w);
        ExpectEnd(imp, k);
        ExternTypeBody(f, j + 1, sort, w);
        EmitImport(w, f);
        Bind(sort, id, f);
    }

    private void EmitImport(ByteWriter w, SNode at)
    {
        switch (_scope.Kind)
        {
            case ScopeKind.Component: EmitItem(10, w); break;
            case ScopeKind.ComponentType: EmitDecl(0x03, w); break;
            default: throw Error("unexpected token \"(import\" in an instance type", at);
        }
    }

    /// <summary>Writes the name and attributes of an import or export: <c>"name" (implements "i")? ...</c>.</summary>
    private void ExternName(SNode list, ref int j, ByteWriter w)
    {
        var n = Item(list, j, "a name");
        byte[] name;
        if (n.IsForm("interface"))
        {
            name = Name(Item(n, 1, "a string"));
            ExpectEnd(n, 2);
        }
        else name = Name(n);
        j++;
        byte[]? implements = null, version = null, external = null;
        while (j < list.Items.Count)
        {
            var a = list.Items[j];
            if (a.IsForm("implements")) implements = AttrValue(a, implements);
            else if (a.IsForm("versionsuffix")) version = AttrValue(a, version);
            else if (a.IsForm("external-id")) external = AttrValue(a, external);
            else break;
            j++;
        }
        if (implements is null && version is null && external is null)
        {
            w.Byte(0x00);
            w.Vec(name);
            return;
        }
        w.Byte(0x02);
        w.Vec(name);
        w.U32((uint)((implements is null ? 0 : 1) + (version is null ? 0 : 1) + (external is null ? 0 : 1)));
        if (implements is not null) { w.Byte(0x00); w.Vec(implements); }
        if (version is not null) { w.Byte(0x01); w.Vec(version); }
        if (external is not null) { w.Byte(0x02); w.Vec(external); }
    }

    /// <summary>The value of a name attribute, of which a name has at most one of each kind.</summary>
    private byte[] AttrValue(SNode a, byte[]? previous)
    {
        if (previous is not null) throw Unexpected(a, "at most one attribute of each kind");
        var v = Name(Item(a, 1, "a string"));
        ExpectEnd(a, 2);
        return v;
    }

    // ---------------------------------------------------------------- core definitions

    private void CoreModule(SNode f) =>
        EmbeddedDefinition(f, 2, CoreModuleSort, 1, utf8 => Wat.ToBinary(utf8, _src.FileName), (items, j, _) => Wat.EncodeFields(_src, items, j));

    private void CoreInstance(SNode f)
    {
        RequireComponent(f);
        int j = 2;
        string? id = OptId(f, ref j);
        if (j < f.Items.Count && f.Items[j].IsForm("instantiate"))
        {
            var inst = f.Items[j];
            ExpectEnd(f, j + 1);
            var w = new ByteWriter(32);
            w.Byte(0x00);
            var m = Item(inst, 1, "a module");
            w.U32(IsIndex(m) ? Resolve(CoreModuleSort, m) : ResolveCoreModuleRef(m));
            var args = new ByteWriter(32);
            uint count = 0;
            for (int k = 2; k < inst.Items.Count; k++)
            {
                var a = inst.Items[k];
                if (!a.IsForm("with")) throw Unexpected(a, "(with ...)");
                var name = Name(Item(a, 1, "a name"));
                var target = Item(a, 2, "(instance ...)");
                ExpectEnd(a, 3);
                if (!target.IsForm("instance")) throw Unexpected(target, "(instance ...)");
                uint idx = target.Items.Count >= 2 && IsIndex(target.Items[1]) ? ResolveCorePath(CoreInstanceSort, target, 1)
                    : CoreInstanceFromExports(target, 1, null);
                args.Vec(name);
                args.Byte(0x12);
                args.U32(idx);
                count++;
            }
            w.U32(count);
            w.Append(args);
            EmitItem(2, w);
            Bind(CoreInstanceSort, id, f);
            return;
        }
        CoreInstanceFromExports(f, j, id);
    }

    private uint ResolveCoreModuleRef(SNode m)
    {
        int k = m.IsForm("core") ? 1 : 0;
        if (k >= m.Items.Count || !m.Items[k].IsKeyword("module")) throw Unexpected(m, "a module index");
        return ResolveCorePath(CoreModuleSort, m, k + 1);
    }

    /// <summary>Defines a core instance from <c>(export "name" (sort idx))*</c> at <c>f.Items[j..]</c>.</summary>
    private uint CoreInstanceFromExports(SNode f, int j, string? id)
    {
        var body = new ByteWriter(32);
        uint count = 0;
        for (; j < f.Items.Count; j++)
        {
            var e = f.Items[j];
            if (!e.IsForm("export")) throw Unexpected(e, "(export ...)");
            var name = Name(Item(e, 1, "a name"));
            var r = Item(e, 2, "an item reference");
            ExpectEnd(e, 3);
            int sort = CoreSortOf(r, 0);
            uint idx = ResolveCorePath(sort, r, 1);
            body.Vec(name);
            body.Byte((byte)sort);
            body.U32(idx);
            count++;
        }
        var w = new ByteWriter(body.Length + 6);
        w.Byte(0x01);
        w.U32(count);
        w.Append(body);
        EmitItem(2, w);
        return Bind(CoreInstanceSort, id, f);
    }

    /// <summary>The core sort named by the keyword at <c>r.Items[k]</c>.</summary>
    private int CoreSortOf(SNode r, int k)
    {
        var kw = Item(r, k, "a core sort");
        return (kw.Kind == NodeKind.Keyword ? kw.Text : null) switch
        {
            "func" => CoreFuncSort,
            "table" => CoreTableSort,
            "memory" => CoreMemorySort,
            "global" => CoreGlobalSort,
            "tag" => CoreTagSort,
            "type" => CoreTypeSort,
            "module" => CoreModuleSort,
            "instance" => CoreInstanceSort,
            _ => throw Unexpected(kw, "a core sort"),
        };
    }

    /// <summary>
    /// The sort named at <c>r.Items[k..]</c>: <c>core &lt;coresort&gt;</c> or a component sort; advances
    /// <paramref name="k"/> past it.
    /// </summary>
    private int SortOf(SNode r, ref int k)
    {
        var kw = Item(r, k, "a sort");
        if (kw.IsKeyword("core"))
        {
            k++;
            int s = CoreSortOf(r, k);
            k++;
            return s;
        }
        k++;
        return (kw.Kind == NodeKind.Keyword ? kw.Text : null) switch
        {
            "func" => FuncSort,
            "value" => ValueSort,
            "type" => TypeSort,
            "component" => ComponentSort,
            "instance" => InstanceSort,
            _ => throw Unexpected(kw, "a sort"),
        };
    }

    private void CoreFunc(SNode f)
    {
        RequireComponent(f);
        int j = 2;
        string? id = OptId(f, ref j);
        var body = Item(f, j, "(canon ...) or (alias ...)");
        ExpectEnd(f, j + 1);
        if (body.IsForm("alias"))
        {
            AliasBody(body, CoreFuncSort, id, f);
            return;
        }
        if (!body.IsForm("canon")) throw Unexpected(body, "(canon ...)");
        var w = new ByteWriter(32);
        CanonCore(body, 1, body.Items.Count, w);
        EmitItem(8, w);
        Bind(CoreFuncSort, id, f);
    }

    private void CoreTypeField(SNode f)
    {
        int j = 2;
        string? id = OptId(f, ref j);
        var def = Item(f, j, "a core type definition");
        ExpectEnd(f, j + 1);
        DefineCoreType(def, id, f);
    }
}
