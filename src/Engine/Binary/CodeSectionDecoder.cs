using Wasm.Instructions;
using Wasm.Model;

namespace Wasm.Binary;

internal static partial class ModuleDecoder
{
    private static int ReadCode(ref WasmReader r, ModuleInfo m)
    {
        int n = r.ReadCount();
        m.Bodies.Capacity = r.Capacity(n);
        var structure = new BodyStructure(m);
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
            int codeEnd = ScanBody(r.Data, codeStart, r.End, m, structure);
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

    /// <summary>
    /// Decodes every instruction of a body to find its final <c>end</c> and report malformed code (see
    /// <see cref="BodyStructure"/>). Returns the offset after the final <c>end</c>.
    /// </summary>
    private static int ScanBody(ReadOnlySpan<byte> data, int start, int limit, ModuleInfo m, BodyStructure structure)
    {
        structure.Begin();
        var cr = new CodeReader(data, start, limit, m.TypeDefs);
        while (true)
        {
            cr.Read(out var ins);
            if (structure.Step(in ins)) return cr.Position;
        }
    }
}

/// <summary>
/// The rules of a function body's instruction sequence that make it malformed rather than invalid, checked
/// instruction by instruction as it is decoded (bad immediates and unknown opcodes are the reader's): <c>else</c>
/// outside <c>if</c>, <c>catch</c> or <c>delegate</c> outside <c>try</c>, <c>memory.init</c> or <c>data.drop</c>
/// without a data count section, and the body ending exactly with its final <c>end</c>.
/// </summary>
internal sealed class BodyStructure(ModuleInfo module)
{
    private const byte PlainBlock = 0, IfBlock = 1, ElseBlock = 2, TryBlock = 3, CatchAllBlock = 4;
    private readonly List<byte> _frames = new(16);
    private bool _ended;

    public void Begin()
    {
        _frames.Clear();
        _ended = false;
    }

    /// <summary>Checks the next instruction; true when it is the body's final <c>end</c>.</summary>
    public bool Step(in Instruction ins)
    {
        if (_ended) throw WasmReader.Error("section size mismatch", ins.Offset);
        var frames = _frames;
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
                if (frames.Count == 0) return _ended = true;
                frames.RemoveAt(frames.Count - 1);
                break;
            case Opcode.MemoryInit:
            case Opcode.DataDrop:
                if (module.DataCount is null) throw WasmReader.Error("data count section required", ins.Offset);
                break;
        }
        return false;
    }

    /// <summary>After the body's last instruction (at <paramref name="offset"/>): it must have been the final <c>end</c>.</summary>
    public void Finish(long offset)
    {
        if (!_ended) throw WasmReader.Error("section size mismatch", offset);
    }
}
