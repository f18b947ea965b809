using Wasm.Instructions;
using Wasm.Model;

namespace Wasm.Binary;

internal static partial class ModuleDecoder
{
    private static int ReadCode(ref WasmReader r, ModuleInfo m)
    {
        int n = r.ReadCount();
        m.Bodies.Capacity = r.Capacity(n);
        var frames = new List<byte>(16);
        for (int i = 0; i < n; i++)
        {
            int size = r.ReadLength();
            int bodyStart = r.Position;
            int bodyEnd = bodyStart + size;
            var locals = ReadLocals(ref r);
            int codeStart = r.Position;
            if (m.BodiesUnscanned)
            {
                if (bodyEnd > r.End || codeStart > bodyEnd) throw WasmReader.Error(r.EndMessage, r.End);
                r.Position = bodyEnd;
                m.Bodies.Add(new FunctionBody(locals, codeStart, bodyEnd - codeStart));
                continue;
            }
            int codeEnd = ScanBody(r.Data, codeStart, r.End, m, frames);
            r.Position = codeEnd;
            if (codeEnd != bodyEnd) throw WasmReader.Error("section size mismatch", bodyStart);
            m.Bodies.Add(new FunctionBody(locals, codeStart, codeEnd - codeStart));
        }
        return n;
    }

    private static ValType[] ReadLocals(ref WasmReader r)
    {
        int groups = r.ReadCount();
        if (groups == 0) return [];
        int groupsStart = r.Position;
        // First pass: count, so the array is allocated once and huge counts are rejected before allocating.
        ulong total = 0;
        for (int g = 0; g < groups; g++)
        {
            int at = r.Position;
            total += r.ReadU32();
            if (total > MaxLocals) throw WasmReader.Error("too many locals", at);
            TypeReader.ReadValType(ref r);
        }
        var locals = new ValType[total];
        r.Position = groupsStart;
        int k = 0;
        for (int g = 0; g < groups; g++)
        {
            uint c = r.ReadU32();
            var t = TypeReader.ReadValType(ref r);
            for (uint j = 0; j < c; j++) locals[k++] = t;
        }
        return locals;
    }

    /// <summary>Checks the instructions of body <paramref name="index"/>, left unscanned by the decoder, as
    /// decoding does: well-formed, ending with its final <c>end</c> exactly at the body's end.</summary>
    public static void ScanBody(ModuleInfo m, int index, List<byte> frames)
    {
        var body = m.Bodies[index];
        var end = body.CodeOffset + body.CodeLength;
        if (ScanBody(m.Bytes.Span, body.CodeOffset, m.Bytes.Length, m, frames) != end)
            throw WasmReader.Error("section size mismatch", body.CodeOffset);
    }

    /// <summary>
    /// Decodes every instruction of a body to find its final <c>end</c> and report malformed code: bad immediates,
    /// unknown opcodes, <c>else</c> outside <c>if</c>, missing data count section.
    /// Returns the offset after the final <c>end</c>.
    /// </summary>
    private static int ScanBody(ReadOnlySpan<byte> data, int start, int limit, ModuleInfo m, List<byte> frames)
    {
        const byte PlainBlock = 0, IfBlock = 1, ElseBlock = 2, TryBlock = 3, CatchAllBlock = 4;
        frames.Clear();
        var cr = new CodeReader(data, start, limit, m.TypeDefs);
        while (true)
        {
            var ins = cr.Read();
            switch (ins.Op)
            {
                case Opcode.Block:
                case Opcode.Loop:
                case Opcode.TryTable:
                    frames.Add(PlainBlock);
                    break;
                case Opcode.If:
                    frames.Add(IfBlock);
                    break;
                case Opcode.Try:
                    frames.Add(TryBlock);
                    break;
                case Opcode.Catch:
                case Opcode.CatchAll:
                    if (frames.Count == 0 || frames[^1] != TryBlock)
                        throw WasmReader.Error("catch without try", ins.Offset);
                    if (ins.Op == Opcode.CatchAll) frames[^1] = CatchAllBlock;
                    break;
                case Opcode.Delegate:
                    if (frames.Count == 0 || frames[^1] != TryBlock)
                        throw WasmReader.Error("delegate without try", ins.Offset);
                    frames.RemoveAt(frames.Count - 1);
                    break;
                case Opcode.Else:
                    if (frames.Count == 0 || frames[^1] != IfBlock)
                        throw WasmReader.Error("END opcode expected", ins.Offset);
                    frames[^1] = ElseBlock;
                    break;
                case Opcode.End:
                    if (frames.Count == 0) return cr.Position;
                    frames.RemoveAt(frames.Count - 1);
                    break;
                case Opcode.MemoryInit:
                case Opcode.DataDrop:
                    if (m.DataCount is null) throw WasmReader.Error("data count section required", ins.Offset);
                    break;
            }
        }
    }
}
