using Wasm.Text;

namespace Wasm.Components.Text;

internal sealed partial class ComponentEncoder
{
    /// <summary>
    /// <c>(canon lift ... (func $id? typeuse))</c> or <c>(canon &lt;builtin&gt; ... (core func $id?))</c>.
    /// </summary>
    private void CanonField(SNode f)
    {
        RequireComponent(f);
        var last = f.Items[^1];
        var w = new ByteWriter(32);
        if (Item(f, 1, "a canonical definition").IsKeyword("lift"))
        {
            if (!last.IsForm("func")) throw Unexpected(last, "(func ...)");
            int k = 1;
            string? id = OptId(last, ref k);
            uint type = FuncTypeUse(last, k, last.Items.Count);
            CanonLift(f, 1, f.Items.Count - 1, type, w);
            EmitItem(8, w);
            Bind(FuncSort, id, f);
            return;
        }
        if (!last.IsForm("core") || last.Items.Count < 2 || !last.Items[1].IsKeyword("func")) throw Unexpected(last, "(core func ...)");
        int j = 2;
        string? coreId = OptId(last, ref j);
        ExpectEnd(last, j);
        CanonCore(f, 1, f.Items.Count - 1, w);
        EmitItem(8, w);
        Bind(CoreFuncSort, coreId, f);
    }

    /// <summary>Writes <c>lift (core func f) opts*</c> at <c>list.Items[j..end]</c> with the function type index.</summary>
    private void CanonLift(SNode list, int j, int end, uint type, ByteWriter w)
    {
        var r = Item(list, j + 1, "(core func ...)");
        uint func = CoreOperand(CoreFuncSort, r);
        var opts = Options(list, j + 2, end);
        w.Byte(0x00);
        w.Byte(0x00);
        w.U32(func);
        w.Append(opts);
        w.U32(type);
    }

    /// <summary>Writes a canonical built-in producing a core function: <c>lower</c>, <c>resource.new</c>, ...</summary>
    private void CanonCore(SNode list, int j, int end, ByteWriter w)
    {
        var kw = Item(list, j, "a canonical built-in");
        if (j >= end) throw Unexpected(kw, "a canonical built-in");
        int k = j + 1;
        switch (kw.Kind == NodeKind.Keyword ? kw.Text : null)
        {
            case "lower":
            {
                var r = Item(list, k, "(func ...)");
                if (!r.IsForm("func")) throw Unexpected(r, "(func ...)");
                uint func = ResolvePath(FuncSort, r, 1);
                var opts = Options(list, k + 1, end);
                w.Byte(0x01);
                w.Byte(0x00);
                w.U32(func);
                w.Append(opts);
                return;
            }
            case "resource.new": TypeOp(0x02); return;
            case "resource.drop": TypeOp(0x03); return;
            case "resource.rep": TypeOp(0x04); return;
            case "backpressure.set": Simple(0x08); return;
            case "backpressure.inc": Simple(0x24); return;
            case "backpressure.dec": Simple(0x25); return;
            case "task.cancel": Simple(0x05); return;
            case "subtask.drop": Simple(0x0D); return;
            case "error-context.drop": Simple(0x1E); return;
            case "waitable-set.new": Simple(0x1F); return;
            case "waitable-set.drop": Simple(0x22); return;
            case "waitable.join": Simple(0x23); return;
            case "thread.index": Simple(0x26); return;
            case "thread.resume-later": Simple(0x28); return;
            case "thread.available-parallelism": Simple(0x42); return;
            case "task.return":
            {
                var rw = new ByteWriter(8);
                if (k < end && list.Items[k].IsForm("result"))
                {
                    var r = list.Items[k++];
                    rw.Byte(0x00);
                    WriteValType(Item(r, 1, "a value type"), rw);
                    ExpectEnd(r, 2);
                }
                else
                {
                    rw.Byte(0x01);
                    rw.Byte(0x00);
                }
                var opts = Options(list, k, end);
                w.Byte(0x09);
                w.Append(rw);
                w.Append(opts);
                return;
            }
            case "context.get":
            case "context.set":
            {
                int vt = _core.ParseValType(Item(list, k, "a core value type"));
                uint slot = U32(Item(list, k + 1, "an index"));
                End(k + 2);
                w.Byte(kw.Text == "context.get" ? (byte)0x0A : (byte)0x0B);
                FuncSig.WriteValType(w, vt);
                w.U32(slot);
                return;
            }
            case "subtask.cancel": Flag(0x06, "async"); return;
            case "thread.suspend": Flag(0x29, "cancellable"); return;
            case "thread.yield": Flag(0x0C, "cancellable"); return;
            case "thread.suspend-then-resume": Flag(0x2A, "cancellable"); return;
            case "thread.yield-then-resume": Flag(0x2B, "cancellable"); return;
            case "thread.suspend-then-promote": Flag(0x2C, "cancellable"); return;
            case "thread.yield-then-promote": Flag(0x2D, "cancellable"); return;
            case "stream.new": TypeOp(0x0E); return;
            case "stream.read": TypeOpts(0x0F); return;
            case "stream.write": TypeOpts(0x10); return;
            case "stream.cancel-read": TypeFlag(0x11); return;
            case "stream.cancel-write": TypeFlag(0x12); return;
            case "stream.drop-readable": TypeOp(0x13); return;
            case "stream.drop-writable": TypeOp(0x14); return;
            case "future.new": TypeOp(0x15); return;
            case "future.read": TypeOpts(0x16); return;
            case "future.write": TypeOpts(0x17); return;
            case "future.cancel-read": TypeFlag(0x18); return;
            case "future.cancel-write": TypeFlag(0x19); return;
            case "future.drop-readable": TypeOp(0x1A); return;
            case "future.drop-writable": TypeOp(0x1B); return;
            case "error-context.new": OptsOnly(0x1C); return;
            case "error-context.debug-message": OptsOnly(0x1D); return;
            case "waitable-set.wait":
            case "waitable-set.poll":
            {
                bool cancel = k < end && list.Items[k].IsKeyword("cancellable");
                if (cancel) k++;
                var m = Item(list, k, "(memory ...)");
                if (!m.IsForm("memory")) throw Unexpected(m, "(memory ...)");
                uint mem = CoreRef(CoreMemorySort, m, 1);
                End(k + 1);
                w.Byte(kw.Text == "waitable-set.wait" ? (byte)0x20 : (byte)0x21);
                w.Byte(cancel ? (byte)1 : (byte)0);
                w.U32(mem);
                return;
            }
            case "thread.new-indirect":
            case "thread.spawn-indirect":
            {
                uint ft = CoreOperand(CoreTypeSort, Item(list, k, "a core type"));
                uint tbl = CoreOperand(CoreTableSort, Item(list, k + 1, "a core table"));
                End(k + 2);
                w.Byte(kw.Text == "thread.new-indirect" ? (byte)0x27 : (byte)0x41);
                w.U32(ft);
                w.U32(tbl);
                return;
            }
            case "thread.spawn-ref":
            {
                uint ft = CoreOperand(CoreTypeSort, Item(list, k, "a core type"));
                End(k + 1);
                w.Byte(0x40);
                w.U32(ft);
                return;
            }
            default:
                throw Error($"unknown canonical built-in {kw.Describe()}", kw);
        }

        void End(int at)
        {
            if (at < end) throw Unexpected(list.Items[at], "\")\"");
        }

        void Simple(byte op)
        {
            End(k);
            w.Byte(op);
        }

        void Flag(byte op, string word)
        {
            bool set = k < end && list.Items[k].IsKeyword(word);
            End(set ? k + 1 : k);
            w.Byte(op);
            w.Byte(set ? (byte)1 : (byte)0);
        }

        void TypeOp(byte op)
        {
            uint t = IndexOrRef(TypeSort, Item(list, k, "a type index"));
            End(k + 1);
            w.Byte(op);
            w.U32(t);
        }

        void TypeOpts(byte op)
        {
            uint t = IndexOrRef(TypeSort, Item(list, k, "a type index"));
            var opts = Options(list, k + 1, end);
            w.Byte(op);
            w.U32(t);
            w.Append(opts);
        }

        void TypeFlag(byte op)
        {
            uint t = IndexOrRef(TypeSort, Item(list, k, "a type index"));
            bool set = k + 1 < end && list.Items[k + 1].IsKeyword("async");
            End(set ? k + 2 : k + 1);
            w.Byte(op);
            w.U32(t);
            w.Byte(set ? (byte)1 : (byte)0);
        }

        void OptsOnly(byte op)
        {
            var opts = Options(list, k, end);
            w.Byte(op);
            w.Append(opts);
        }
    }

    /// <summary>A core operand: an index, or <c>(core kind idx "name"?)</c> (legacy <c>(kind idx "name"?)</c>).</summary>
    private uint CoreOperand(int sort, SNode n)
    {
        if (IsIndex(n)) return Resolve(sort, n);
        if (!n.IsList) throw Unexpected(n, $"a {SortName(sort)} reference");
        int k = n.IsForm("core") ? 1 : 0;
        string kw = SortName(sort)["core ".Length..];
        if (k >= n.Items.Count || !n.Items[k].IsKeyword(kw)) throw Unexpected(n, $"(core {kw} ...)");
        return ResolveCorePath(sort, n, k + 1);
    }

    /// <summary>Reads canonical options at <c>list.Items[j..end]</c> and returns <c>vec(canonopt)</c>.</summary>
    private ByteWriter Options(SNode list, int j, int end)
    {
        var body = new ByteWriter(16);
        uint count = 0;
        for (; j < end; j++, count++)
        {
            var o = list.Items[j];
            if (o.Kind == NodeKind.Keyword)
            {
                switch (o.Text)
                {
                    case "string-encoding=utf8": body.Byte(0x00); continue;
                    case "string-encoding=utf16": body.Byte(0x01); continue;
                    case "string-encoding=latin1+utf16": body.Byte(0x02); continue;
                    case "async": body.Byte(0x06); continue;
                    case "gc": body.Byte(0x09); continue;
                }
                throw Unexpected(o, "a canonical option");
            }
            switch (o.Head)
            {
                case "memory": body.Byte(0x03); body.U32(CoreRef(CoreMemorySort, o, 1)); break;
                case "realloc": body.Byte(0x04); body.U32(CoreRef(CoreFuncSort, o, 1)); break;
                case "post-return": body.Byte(0x05); body.U32(CoreRef(CoreFuncSort, o, 1)); break;
                case "callback": body.Byte(0x07); body.U32(CoreRef(CoreFuncSort, o, 1)); break;
                case "core-type": body.Byte(0x08); body.U32(CoreRef(CoreTypeSort, o, 1)); break;
                default: throw Unexpected(o, "a canonical option");
            }
        }
        var w = new ByteWriter(body.Length + 2);
        w.U32(count);
        w.Append(body);
        return w;
    }
}
