using Wasm.Model;

namespace Wasm.Runtime;

/// <summary>The spec's instantiation: check imports, allocate, initialise in order, run start.</summary>
internal static class Instantiation
{
    public static Instance Instantiate(Store store, Module module, Extern[] imports)
    {
        var info = module.Info;
        var engine = store.Engine;
        if (module.Engine != engine) throw new ArgumentException("the module was compiled for another engine");
        var ctx = new VmContext { Store = store, Types = info.TypeDefs.ToArray(), Tier = module.Code.Tiers };

        var functions = new Function[info.FuncTypeIndices.Count];
        var tables = new Table[info.Tables.Count];
        var memories = new Memory[info.Memories.Count];
        var globals = new Global[info.Globals.Count];
        var tags = new Tag[info.TagTypeIndices.Count];
        int fi = 0, ti = 0, mi = 0, gi = 0, tgi = 0;
        for (var i = 0; i < imports.Length; i++)
        {
            var import = info.Imports[i];
            var item = imports[i];
            switch (import.Kind)
            {
                case ExternKind.Func:
                    if (item is not Function f || !f.DefinedType.IsSubtypeOf(info.TypeDefs[(int)import.TypeIndex])) throw Incompatible(import);
                    functions[fi++] = f;
                    break;
                case ExternKind.Table:
                    if (item is not Table t || t.Type.Element != import.Table.Element || t.Type.Is64 != import.Table.Is64
                        || !import.Table.Limits.Accepts(new Limits(t.Size, t.Type.Limits.Max))) throw Incompatible(import);
                    tables[ti++] = t;
                    break;
                case ExternKind.Memory:
                    if (item is not Memory m || m.Type.Is64 != import.Memory.Is64 || m.Type.Shared != import.Memory.Shared
                        || !import.Memory.Limits.Accepts(new Limits(m.Pages, m.Type.Limits.Max)))
                        throw Incompatible(import);
                    memories[mi++] = m;
                    break;
                case ExternKind.Tag:
                    if (item is not Tag tag || tag.DefinedType != info.TypeDefs[(int)import.TypeIndex]) throw Incompatible(import);
                    tags[tgi++] = tag;
                    break;
                case ExternKind.Global:
                    // An immutable global may have a subtype of the imported type; a mutable one must match exactly.
                    if (item is not Global g || g.Type.Mutable != import.Global.Mutable
                        || (g.Type.Mutable ? g.Type.Type != import.Global.Type : !g.Type.Type.IsSubtypeOf(import.Global.Type)))
                        throw Incompatible(import);
                    globals[gi++] = g;
                    break;
                default:
                    throw Incompatible(import);
            }
        }

        if (store.Limiter is { } limiter)
        {
            // Counted before anything is allocated, like Wasmtime; a failure later (a trapping segment or start)
            // leaves the resources allocated and counted.
            int definedMemories = memories.Length - mi, definedTables = tables.Length - ti;
            if (store.InstanceCount >= limiter.Instances)
                throw new ResourceLimitException($"instance count limit of {limiter.Instances} exceeded");
            if (definedMemories > limiter.Memories - store.MemoryCount)
                throw new ResourceLimitException($"memory count limit of {limiter.Memories} exceeded");
            if (definedTables > limiter.Tables - store.TableCount)
                throw new ResourceLimitException($"table count limit of {limiter.Tables} exceeded");
        }
        store.InstanceCount++;
        store.MemoryCount += memories.Length - mi;
        store.TableCount += tables.Length - ti;

        ctx.Functions = functions;
        ctx.Tags = tags;
        for (; tgi < tags.Length; tgi++) tags[tgi] = new Tag(info.TypeDefs[(int)info.TagTypeIndices[tgi]]);
        for (var d = 0; fi < functions.Length; fi++, d++)
            functions[fi] = module.Code.Tiers is { } tiers
                ? new Function(engine, info.FuncTypeOf((uint)fi), ctx, tiers, d, info.TypeDefs[(int)info.FuncTypeIndices[fi]].Id)
                : new Function(engine, info.FuncTypeOf((uint)fi), ctx, module.Code.EntryPoints[d], info.TypeDefs[(int)info.FuncTypeIndices[fi]].Id);
        ctx.Globals = globals;
        for (; gi < globals.Length; gi++)
        {
            var g = info.Globals[gi];
            globals[gi] = new Global(g.Type, ConstEval.Evaluate(g.Init!, ctx, g.Type.Type));
        }
        ctx.Tables = tables;
        for (var d = 0; ti < tables.Length; ti++, d++)
        {
            var init = d < info.TableInits.Count && info.TableInits[d] is { } e ? ConstEval.Evaluate(e, ctx, info.Tables[ti].Element).Ref : null;
            tables[ti] = new Table(info.Tables[ti], init, store);
        }
        ctx.Memories = memories;
        for (; mi < memories.Length; mi++) memories[mi] = new Memory(info.Memories[mi], store);
        ctx.Memory0 = memories.Length > 0 ? memories[0] : null;

        ctx.Elems = new object?[info.Elements.Count][];
        for (var i = 0; i < info.Elements.Count; i++)
        {
            var seg = info.Elements[i];
            var items = new object?[seg.Items.Length];
            for (var j = 0; j < items.Length; j++) items[j] = ConstEval.Evaluate(seg.Items[j], ctx, seg.ElementType).Ref;
            ctx.Elems[i] = items;
        }
        // Views of the module's bytes, not copies: segments are only read, and a large one (a snapshotted heap) would
        // otherwise be copied twice on every instantiation.
        ctx.Datas = new ReadOnlyMemory<byte>[info.Datas.Count];
        for (var i = 0; i < info.Datas.Count; i++) ctx.Datas[i] = info.Datas[i].Data;

        var exports = new List<KeyValuePair<string, Extern>>(info.Exports.Count);
        foreach (var e in info.Exports)
        {
            Extern item = e.Kind switch
            {
                ExternKind.Func => functions[e.Index],
                ExternKind.Table => tables[e.Index],
                ExternKind.Memory => memories[e.Index],
                ExternKind.Tag => tags[e.Index],
                _ => globals[e.Index],
            };
            exports.Add(new(e.Name, item));
        }
        var instance = new Instance(module, ctx, exports);
        ctx.Instance = instance;

        // Active segments, in order; a segment that does not fit traps, leaving earlier writes in place.
        for (var i = 0; i < info.Elements.Count; i++)
        {
            var seg = info.Elements[i];
            if (seg.Mode == SegmentMode.Active)
            {
                if (info.Tables[(int)seg.TableIndex].Is64)
                {
                    var offset = ConstEval.Evaluate(seg.Offset!, ctx, ValType.I64).I64;
                    Compilation.BulkOps.TableInit64(offset, 0, seg.Items.Length, (int)seg.TableIndex, i, ctx);
                }
                else
                {
                    var offset = ConstEval.Evaluate(seg.Offset!, ctx, ValType.I32).I32;
                    Compilation.BulkOps.TableInit(offset, 0, seg.Items.Length, (int)seg.TableIndex, i, ctx);
                }
            }
            if (seg.Mode != SegmentMode.Passive) ctx.Elems[i] = null;
        }
        for (var i = 0; i < info.Datas.Count; i++)
        {
            var seg = info.Datas[i];
            if (seg.Mode != SegmentMode.Active) continue;
            if (info.Memories[(int)seg.MemoryIndex].Is64)
            {
                var offset = ConstEval.Evaluate(seg.Offset!, ctx, ValType.I64).I64;
                Compilation.BulkOps.MemoryInit64(offset, 0, seg.Data.Length, (int)seg.MemoryIndex, i, ctx);
            }
            else
            {
                var offset = ConstEval.Evaluate(seg.Offset!, ctx, ValType.I32).I32;
                Compilation.BulkOps.MemoryInit(offset, 0, seg.Data.Length, (int)seg.MemoryIndex, i, ctx);
            }
            ctx.Datas[i] = default;
        }

        if (info.Start is { } start) functions[start].Invoke();
        return instance;
    }

    private static LinkException Incompatible(Import import) =>
        new("incompatible import type", import.Module, import.Name);
}
