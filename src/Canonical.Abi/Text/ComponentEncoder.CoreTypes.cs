using Wasm.Text;

namespace Wasm.Components.Text;

internal sealed partial class ComponentEncoder
{
    /// <summary>Defines <c>(core type $id? def)</c>: a core function type or a module type.</summary>
    private uint DefineCoreType(SNode def, string? id, SNode at)
    {
        var body = new ByteWriter(32);
        if (def.IsForm("func"))
        {
            int k = 1;
            var sig = _core.ReadFuncSignature(def, ref k);
            ExpectEnd(def, k);
            sig.Write(body);
        }
        else if (def.IsForm("module")) WriteModuleType(def, 1, body);
        else if (def.IsForm("struct") || def.IsForm("array") || def.IsForm("sub") || def.IsForm("rec"))
            throw new UnsupportedFeatureException("gc", def.Offset);
        else throw Unexpected(def, "(func ...) or (module ...)");
        return AddCoreType(body, id, at);
    }

    /// <summary>The declarations of a module type being written, with its own core type index space.</summary>
    private sealed class ModuleTypeState
    {
        public readonly NameSpace Types = new("core type");
        public readonly ByteWriter Decls = new(64);
        public uint Count;
    }

    /// <summary>Writes <c>0x50 vec(moduledecl)</c> from the declarations at <c>list.Items[j..]</c>.</summary>
    private void WriteModuleType(SNode list, int j, ByteWriter w)
    {
        var st = new ModuleTypeState();
        for (; j < list.Items.Count; j++)
        {
            var d = list.Items[j];
            switch (d.Head)
            {
                case "type":
                {
                    int k = 1;
                    string? id = OptId(d, ref k);
                    var def = Item(d, k, "(func ...)");
                    ExpectEnd(d, k + 1);
                    if (!def.IsForm("func"))
                    {
                        if (def.IsForm("struct") || def.IsForm("array") || def.IsForm("sub")) throw new UnsupportedFeatureException("gc", def.Offset);
                        throw Unexpected(def, "(func ...)");
                    }
                    int m = 1;
                    var sig = _core.ReadFuncSignature(def, ref m);
                    ExpectEnd(def, m);
                    st.Decls.Byte(0x01);
                    sig.Write(st.Decls);
                    st.Count++;
                    if (!st.Types.TryAdd(id, out _)) throw Error($"duplicate core type identifier ${id}", d);
                    break;
                }
                case "alias":
                {
                    // (alias outer ct idx (type $id?))
                    if (!Item(d, 1, "outer").IsKeyword("outer")) throw Unexpected(d.Items[1], "outer");
                    var target = Item(d, 4, "(type $id?)");
                    ExpectEnd(d, 5);
                    if (!target.IsForm("type")) throw Unexpected(target, "(type $id?)");
                    int k = 1;
                    string? id = OptId(target, ref k);
                    ExpectEnd(target, k);
                    var (depth, scope) = ModuleOuterScope(Item(d, 2, "an outer count"));
                    var n = Item(d, 3, "a type index");
                    uint idx;
                    if (IsNat(n)) idx = U32(n);
                    else if (n.Kind == NodeKind.Id && scope is not null && scope.Space(CoreTypeSort).TryGet(n.Text!, out var found)) idx = found;
                    else throw Error($"unknown core type {n.Describe()}", n);
                    st.Decls.Byte(0x02);
                    st.Decls.Byte(0x10);
                    st.Decls.Byte(0x01);
                    st.Decls.U32(depth);
                    st.Decls.U32(idx);
                    st.Count++;
                    if (!st.Types.TryAdd(id, out _)) throw Error($"duplicate core type identifier ${id}", d);
                    break;
                }
                case "import":
                {
                    var module = Name(Item(d, 1, "a module name"));
                    var name = Name(Item(d, 2, "an import name"));
                    var desc = Item(d, 3, "an import description");
                    ExpectEnd(d, 4);
                    var dw = new ByteWriter(16);
                    CoreExternType(desc, st, dw);
                    st.Decls.Byte(0x00);
                    st.Decls.Vec(module);
                    st.Decls.Vec(name);
                    st.Decls.Append(dw);
                    st.Count++;
                    break;
                }
                case "export":
                {
                    var name = Name(Item(d, 1, "an export name"));
                    var desc = Item(d, 2, "an export description");
                    ExpectEnd(d, 3);
                    var dw = new ByteWriter(16);
                    CoreExternType(desc, st, dw);
                    st.Decls.Byte(0x03);
                    st.Decls.Vec(name);
                    st.Decls.Append(dw);
                    st.Count++;
                    break;
                }
                default:
                    throw Unexpected(d, "a module type declaration");
            }
        }
        w.Byte(0x50);
        w.U32(st.Count);
        w.Append(st.Decls);
    }

    /// <summary>The depth and scope of an outer alias in a module type (depth 0 is the module type itself).</summary>
    private (uint Depth, Scope? Target) ModuleOuterScope(SNode n)
    {
        if (IsNat(n))
        {
            uint d = U32(n);
            Scope? s = d == 0 ? null : _scope;
            for (uint i = 1; i < d && s is not null; i++) s = s.Parent;
            return (d, s);
        }
        if (n.Kind != NodeKind.Id) throw Unexpected(n, "an outer count");
        uint depth = 1;
        for (var s = _scope; s is not null; s = s.Parent, depth++)
            if (s.Id == n.Text) return (depth, s);
        throw Error($"unknown component ${n.Text}", n);
    }

    /// <summary>Writes a core extern type (<c>func</c>, <c>table</c>, <c>memory</c>, <c>global</c>, <c>tag</c>) of a module type.</summary>
    private void CoreExternType(SNode desc, ModuleTypeState st, ByteWriter w)
    {
        int k = 1;
        OptId(desc, ref k);
        switch (desc.Head)
        {
            case "func":
                w.Byte(0x00);
                w.U32(ModuleTypeUse(desc, k, st));
                return;
            case "tag":
                w.Byte(0x04);
                w.Byte(0x00);
                w.U32(ModuleTypeUse(desc, k, st));
                return;
            case "table":
                w.Byte(0x01);
                _core.WriteTableType(desc, ref k, w);
                break;
            case "memory":
                w.Byte(0x02);
                _core.WriteMemoryType(desc, ref k, w);
                break;
            case "global":
                w.Byte(0x03);
                _core.WriteGlobalType(desc, ref k, w);
                break;
            default:
                throw Unexpected(desc, "a core extern type");
        }
        ExpectEnd(desc, k);
    }

    /// <summary>A core type use in a module type: <c>(type idx)</c> or an inline signature declared just before.</summary>
    private uint ModuleTypeUse(SNode desc, int k, ModuleTypeState st)
    {
        if (k < desc.Items.Count && desc.Items[k].IsForm("type"))
        {
            var t = desc.Items[k];
            var n = Item(t, 1, "a type index");
            uint idx;
            if (IsNat(n)) idx = U32(n);
            else if (n.Kind == NodeKind.Id && st.Types.TryGet(n.Text!, out var found)) idx = found;
            else throw Error($"unknown core type {n.Describe()}", n);
            // Any inline (param)/(result) restating the type is not checked here.
            return idx;
        }
        int m = k;
        var sig = _core.ReadFuncSignature(desc, ref m);
        ExpectEnd(desc, m);
        st.Decls.Byte(0x01);
        sig.Write(st.Decls);
        st.Count++;
        st.Types.TryAdd(null, out var added);
        return added;
    }
}
