using Wasm.Instructions;

namespace Wasm.Validation;

internal sealed partial class FunctionValidator
{
    /// <summary>log2 of the access width of a load or store.</summary>
    internal static uint NaturalAlignment(Opcode op) => op switch
    {
        Opcode.I32Load8S or Opcode.I32Load8U or Opcode.I64Load8S or Opcode.I64Load8U
            or Opcode.I32Store8 or Opcode.I64Store8 => 0,
        Opcode.I32Load16S or Opcode.I32Load16U or Opcode.I64Load16S or Opcode.I64Load16U
            or Opcode.I32Store16 or Opcode.I64Store16 => 1,
        Opcode.I32Load or Opcode.F32Load or Opcode.I32Store or Opcode.F32Store
            or Opcode.I64Load32S or Opcode.I64Load32U or Opcode.I64Store32 => 2,
        Opcode.V128Load8Splat or Opcode.V128Load8Lane or Opcode.V128Store8Lane => 0,
        Opcode.V128Load16Splat or Opcode.V128Load16Lane or Opcode.V128Store16Lane => 1,
        Opcode.V128Load32Splat or Opcode.V128Load32Lane or Opcode.V128Store32Lane or Opcode.V128Load32Zero => 2,
        Opcode.V128Load or Opcode.V128Store => 4,
        _ => 3,
    };

    /// <summary>Number of lanes addressed by a lane immediate (the shape of the instruction).</summary>
    internal static uint LaneCount(Opcode op) => op switch
    {
        Opcode.I8x16Shuffle => 32,
        Opcode.I8x16ExtractLaneS or Opcode.I8x16ExtractLaneU or Opcode.I8x16ReplaceLane
            or Opcode.V128Load8Lane or Opcode.V128Store8Lane => 16,
        Opcode.I16x8ExtractLaneS or Opcode.I16x8ExtractLaneU or Opcode.I16x8ReplaceLane
            or Opcode.V128Load16Lane or Opcode.V128Store16Lane => 8,
        Opcode.I32x4ExtractLane or Opcode.I32x4ReplaceLane or Opcode.F32x4ExtractLane or Opcode.F32x4ReplaceLane
            or Opcode.V128Load32Lane or Opcode.V128Store32Lane => 4,
        _ => 2,
    };

    private void CheckLanes(in Instruction ins)
    {
        uint count = LaneCount(ins.Op);
        if (ins.Op == Opcode.I8x16Shuffle)
        {
            for (int k = 0; k < 16; k++)
                if ((byte)((k < 8 ? ins.Imm : ins.Lanes) >> (8 * (k & 7))) >= count) throw Invalid("invalid lane index");
            return;
        }
        ulong lane = ins.Info.Immediate == Immediate.MemArgLane ? ins.Lanes : ins.A;
        if (lane >= count) throw Invalid("invalid lane index");
    }

    private void CheckMemArg(in Instruction ins)
    {
        var mem = Memory(ins.B);
        if (ins.A > NaturalAlignment(ins.Op)) throw Invalid("alignment must not be larger than natural");
        if (!mem.Is64 && ins.Imm > uint.MaxValue) throw Invalid("offset out of range");
    }

    private void StepMemoryOrTable(in Instruction ins)
    {
        switch (ins.Op)
        {
            case Opcode.MemorySize:
                Memory(ins.A);
                Push(ValType.I32);
                break;
            case Opcode.MemoryGrow:
                Memory(ins.A);
                Pop(ValType.I32);
                Push(ValType.I32);
                break;
            case Opcode.MemoryInit:
                Memory(ins.B);
                DataSegment(ins.A);
                Pop3I32();
                break;
            case Opcode.DataDrop:
                DataSegment(ins.A);
                break;
            case Opcode.MemoryCopy:
                Memory(ins.A);
                Memory(ins.B);
                Pop3I32();
                break;
            case Opcode.MemoryFill:
                Memory(ins.A);
                Pop3I32();
                break;
            case Opcode.TableGet:
            {
                var t = Table(ins.A);
                Pop(ValType.I32);
                Push(t.Element);
                break;
            }
            case Opcode.TableSet:
            {
                var t = Table(ins.A);
                Pop(t.Element);
                Pop(ValType.I32);
                break;
            }
            case Opcode.TableSize:
                Table(ins.A);
                Push(ValType.I32);
                break;
            case Opcode.TableGrow:
            {
                var t = Table(ins.A);
                Pop(ValType.I32);
                Pop(t.Element);
                Push(ValType.I32);
                break;
            }
            case Opcode.TableFill:
            {
                var t = Table(ins.A);
                Pop(ValType.I32);
                Pop(t.Element);
                Pop(ValType.I32);
                break;
            }
            case Opcode.TableInit:
            {
                var t = Table(ins.B);
                var e = ElemSegment(ins.A);
                if (e != t.Element) throw Invalid("type mismatch");
                Pop3I32();
                break;
            }
            case Opcode.ElemDrop:
                ElemSegment(ins.A);
                break;
            case Opcode.TableCopy:
            {
                var dst = Table(ins.A);
                var src = Table(ins.B);
                if (src.Element != dst.Element) throw Invalid("type mismatch");
                Pop3I32();
                break;
            }
            default:
                throw new InvalidOperationException($"no validation rule for {ins.Op}");
        }
    }

    private void Pop3I32()
    {
        Pop(ValType.I32);
        Pop(ValType.I32);
        Pop(ValType.I32);
    }

    private void DataSegment(uint index)
    {
        uint count = _module.DataCount ?? (uint)_module.Datas.Count;
        if (index >= count) throw Invalid($"unknown data segment {index}");
    }

    private ValType ElemSegment(uint index)
    {
        if (index >= (uint)_module.Elements.Count) throw Invalid($"unknown elem segment {index}");
        return _module.Elements[(int)index].ElementType;
    }
}
