using Wasm.Text;

namespace Wasm.Components.Text;

internal sealed partial class ComponentEncoder
{
    private void NestedComponent(SNode f) =>
        EmbeddedDefinition(f, 1, ComponentSort, 4,
            utf8 => ComponentWat.ToBinary(utf8, _src.FileName), (items, j, id) => EncodeComponent(items, j, id));

    /// <summary>
    /// A nested component or core module: an inline import, <c>binary</c> or <c>quote</c> text, or fields, emitted
    /// as its own section; <paramref name="start"/> is the index after the form's keyword(s).
    /// </summary>
    private void EmbeddedDefinition(SNode f, int start, int sort, byte sectionId,
        Func<byte[], byte[]> fromQuote, Func<List<SNode>, int, string?, byte[]> fromFields)
    {
        RequireComponent(f);
        int j = start;
        string? id = OptId(f, ref j);
        var exports = InlineExports(f, ref j);
        if (IsInlineImport(f, j))
        {
            InlineImport(f, j, sort, id);
            EmitInlineExports(exports, sort, _scope.Space(sort).Count - 1);
            return;
        }
        byte[] bytes;
        if (j < f.Items.Count && f.Items[j].IsKeyword("binary")) bytes = Wat.ConcatStrings(_src, f, j + 1);
        else if (j < f.Items.Count && f.Items[j].IsKeyword("quote")) bytes = fromQuote(Wat.ConcatStrings(_src, f, j + 1));
        else bytes = fromFields(f.Items, j, id);
        EmitSection(sectionId, bytes);
        uint idx = Bind(sort, id, f);
        EmitInlineExports(exports, sort, idx);
    }

    private void InstanceField(SNode f)
    {
        RequireComponent(f);
        int j = 1;
        string? id = OptId(f, ref j);
        var exports = InlineExports(f, ref j);
        uint idx;
        if (IsInlineImport(f, j))
        {
            InlineImport(f, j, InstanceSort, id);
            idx = _scope.Space(InstanceSort).Count - 1;
        }
        else if (j < f.Items.Count && f.Items[j].IsForm("alias"))
        {
            ExpectEnd(f, j + 1);
            idx = AliasBody(f.Items[j], InstanceSort, id, f);
        }
        else if (j < f.Items.Count && f.Items[j].IsForm("instantiate"))
        {
            ExpectEnd(f, j + 1);
            idx = Instantiate(f.Items[j], id, f);
        }
        else idx = InstanceFromExports(f, j, id);
        EmitInlineExports(exports, InstanceSort, idx);
    }

    private uint Instantiate(SNode inst, string? id, SNode at)
    {
        var w = new ByteWriter(32);
        w.Byte(0x00);
        w.U32(IndexOrRef(ComponentSort, Item(inst, 1, "a component")));
        var args = new ByteWriter(32);
        uint count = 0;
        for (int k = 2; k < inst.Items.Count; k++)
        {
            var a = inst.Items[k];
            if (!a.IsForm("with")) throw Unexpected(a, "(with ...)");
            var name = Name(Item(a, 1, "a name"));
            var target = Item(a, 2, "an item reference");
            ExpectEnd(a, 3);
            int s = 0;
            int sort = SortOf(target, ref s);
            uint idx = sort == InstanceSort && !(s < target.Items.Count && IsIndex(target.Items[s]))
                ? InstanceFromExports(target, s, null)
                : sort >= 0x100 ? ResolveCorePath(sort, target, s) : ResolvePath(sort, target, s);
            args.Vec(name);
            WriteSort(args, sort);
            args.U32(idx);
            count++;
        }
        w.U32(count);
        w.Append(args);
        EmitItem(5, w);
        return Bind(InstanceSort, id, at);
    }

    /// <summary>Defines an instance from <c>(export "name" sortref)*</c> at <c>f.Items[j..]</c>.</summary>
    private uint InstanceFromExports(SNode f, int j, string? id)
    {
        var body = new ByteWriter(32);
        uint count = 0;
        for (; j < f.Items.Count; j++)
        {
            var e = f.Items[j];
            if (!e.IsForm("export")) throw Unexpected(e, "(export ...)");
            int k = 1;
            var item = new ByteWriter(32);
            ExternName(e, ref k, item);
            var r = Item(e, k, "an item reference");
            ExpectEnd(e, k + 1);
            int s = 0;
            int sort = SortOf(r, ref s);
            uint idx = sort >= 0x100 ? ResolveCorePath(sort, r, s) : ResolvePath(sort, r, s);
            WriteSort(item, sort);
            item.U32(idx);
            body.Append(item);
            count++;
        }
        var w = new ByteWriter(body.Length + 6);
        w.Byte(0x01);
        w.U32(count);
        w.Append(body);
        EmitItem(5, w);
        return Bind(InstanceSort, id, f);
    }

    // ---------------------------------------------------------------- aliases

    /// <summary><c>(alias export i "n" (sort $id?))</c>, <c>(alias core export ...)</c>, <c>(alias outer c i (sort $id?))</c>.</summary>
    private void AliasField(SNode f)
    {
        var target = f.Items[^1];
        if (!target.IsList) throw Unexpected(target, "(sort $id?)");
        int k = 0;
        int sort = SortOf(target, ref k);
        string? id = OptId(target, ref k);
        ExpectEnd(target, k);
        var body = new SNode(NodeKind.List, f.Offset, f.End, null, null, f.Items.GetRange(0, f.Items.Count - 1));
        AliasBody(body, sort, id, f);
    }

    /// <summary>Emits the alias <c>(alias export|core export|outer ...)</c> (without its target sort) and binds it.</summary>
    private uint AliasBody(SNode a, int sort, string? id, SNode at)
    {
        var w = new ByteWriter(32);
        var kind = Item(a, 1, "export, core or outer");
        if (kind.IsKeyword("export"))
        {
            uint inst = Resolve(InstanceSort, Item(a, 2, "an instance index"));
            var name = Name(Item(a, 3, "a name"));
            ExpectEnd(a, 4);
            WriteSort(w, sort);
            w.Byte(0x00);
            w.U32(inst);
            w.Vec(name);
        }
        else if (kind.IsKeyword("core"))
        {
            if (!Item(a, 2, "export").IsKeyword("export")) throw Unexpected(a.Items[2], "export");
            uint inst = Resolve(CoreInstanceSort, Item(a, 3, "a core instance index"));
            var name = Name(Item(a, 4, "a name"));
            ExpectEnd(a, 5);
            WriteSort(w, sort);
            w.Byte(0x01);
            w.U32(inst);
            w.Vec(name);
        }
        else if (kind.IsKeyword("outer"))
        {
            var (depth, target) = OuterScope(Item(a, 2, "a component index"));
            var n = Item(a, 3, "an index");
            ExpectEnd(a, 4);
            uint idx;
            if (IsNat(n)) idx = U32(n);
            else if (n.Kind == NodeKind.Id && target is not null && target.Space(sort).TryGet(n.Text!, out var found)) idx = found;
            else if (n.Kind == NodeKind.Id) throw Error($"unknown {SortName(sort)} ${n.Text}", n);
            else throw Unexpected(n, "an index");
            WriteSort(w, sort);
            w.Byte(0x02);
            w.U32(depth);
            w.U32(idx);
        }
        else throw Unexpected(kind, "export, core or outer");
        return AddAlias(w, sort, id, at);
    }

    private static bool IsNat(SNode n) => n.Kind == NodeKind.Reserved && Literals.IsNat(n.Text!);

    /// <summary>Resolves the scope of an outer alias: a depth or the name of an enclosing component or type.</summary>
    /// <remarks>A count beyond the enclosing scopes is left for validation to reject (the target is then null).</remarks>
    private (uint Depth, Scope? Target) OuterScope(SNode n)
    {
        if (IsNat(n))
        {
            uint d = U32(n);
            var s = _scope;
            for (uint i = 0; i < d && s is not null; i++) s = s.Parent;
            return (d, s);
        }
        if (n.Kind != NodeKind.Id) throw Unexpected(n, "a component index");
        uint depth = 0;
        for (var s = _scope; s is not null; s = s.Parent, depth++)
            if (s.Id == n.Text) return (depth, s);
        throw Error($"unknown component ${n.Text}", n);
    }

    // ---------------------------------------------------------------- types, funcs, start

    private void TypeField(SNode f)
    {
        int j = 1;
        string? id = OptId(f, ref j);
        var exports = InType ? new List<SNode>() : InlineExports(f, ref j);
        var def = Item(f, j, "a type definition");
        ExpectEnd(f, j + 1);
        uint idx = DefineType(def, id, f);
        EmitInlineExports(exports, TypeSort, idx);
    }

    private void FuncField(SNode f)
    {
        RequireComponent(f);
        int j = 1;
        string? id = OptId(f, ref j);
        var exports = InlineExports(f, ref j);
        uint idx;
        if (IsInlineImport(f, j))
        {
            InlineImport(f, j, FuncSort, id);
            idx = _scope.Space(FuncSort).Count - 1;
        }
        else if (j < f.Items.Count && f.Items[j].IsForm("alias"))
        {
            ExpectEnd(f, j + 1);
            idx = AliasBody(f.Items[j], FuncSort, id, f);
        }
        else
        {
            var canon = f.Items[^1];
            if (!canon.IsForm("canon")) throw Unexpected(canon, "(canon lift ...)");
            uint type = FuncTypeUse(f, j, f.Items.Count - 1);
            var w = new ByteWriter(32);
            CanonLift(canon, 1, canon.Items.Count, type, w);
            EmitItem(8, w);
            idx = Bind(FuncSort, id, f);
        }
        EmitInlineExports(exports, FuncSort, idx);
    }

    private void StartField(SNode f)
    {
        RequireComponent(f);
        var w = new ByteWriter(16);
        w.U32(Resolve(FuncSort, Item(f, 1, "a function index")));
        int j = 2;
        var args = new List<uint>();
        while (j < f.Items.Count && f.Items[j].IsForm("value"))
        {
            args.Add(IndexOrRef(ValueSort, f.Items[j]) is var v ? v : 0);
            j++;
        }
        var results = new List<string?>();
        for (; j < f.Items.Count; j++)
        {
            var r = f.Items[j];
            if (!r.IsForm("result")) throw Unexpected(r, "(result (value $id?))");
            var v = Item(r, 1, "(value $id?)");
            int k = 1;
            if (!v.IsForm("value")) throw Unexpected(v, "(value $id?)");
            results.Add(OptId(v, ref k));
        }
        w.U32((uint)args.Count);
        foreach (var a in args) w.U32(a);
        w.U32((uint)results.Count);
        EmitSection(9, w.Span);
        foreach (var r in results) Bind(ValueSort, r, f);
    }

    // ---------------------------------------------------------------- imports and exports

    private void ImportField(SNode f)
    {
        var w = new ByteWriter(32);
        int j = 1;
        ExternName(f, ref j, w);
        var desc = Item(f, j, "an extern type");
        ExpectEnd(f, j + 1);
        int k = 0;
        int sort = SortOf(desc, ref k);
        string? id = OptId(desc, ref k);
        ExternTypeBody(desc, k, sort, w);
        EmitImport(w, f);
        Bind(sort, id, f);
    }

    private void ExportField(SNode f)
    {
        int j = 1;
        string? id = OptId(f, ref j);
        var w = new ByteWriter(32);
        ExternName(f, ref j, w);
        var r = Item(f, j, "an item reference");
        int k = 0;
        int sort = SortOf(r, ref k);
        if (InType)
        {
            // An export declaration: (export "name" externtype).
            if (id is not null) throw Error("unexpected identifier on an export declaration", f.Items[1]);
            ExpectEnd(f, j + 1);
            string? declId = OptId(r, ref k);
            ExternTypeBody(r, k, sort, w);
            EmitDecl(0x04, w);
            Bind(sort, declId, f);
            return;
        }
        uint idx = sort >= 0x100 ? ResolveCorePath(sort, r, k) : ResolvePath(sort, r, k);
        WriteSort(w, sort);
        w.U32(idx);
        if (j + 1 < f.Items.Count)
        {
            var ty = f.Items[j + 1];
            ExpectEnd(f, j + 2);
            int tk = 0;
            int tsort = SortOf(ty, ref tk);
            if (tsort != sort) throw Unexpected(ty, $"({SortName(sort)} ...)");
            OptId(ty, ref tk);
            w.Byte(0x01);
            ExternTypeBody(ty, tk, sort, w);
        }
        else w.Byte(0x00);
        EmitItem(11, w);
        Bind(sort, id, f);
    }
}
