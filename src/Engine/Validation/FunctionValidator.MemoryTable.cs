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
        _ when (ushort)op >= OpcodeTable.AtomicBase => AtomicAlignment(op),
        _ => 3,
    };

    /// <summary>log2 of the access width of an atomic instruction. Accesses come in groups of seven shapes
    /// (i32, i64, i32 8-bit, i32 16-bit, i64 8-bit, i64 16-bit, i64 32-bit) from <c>i32.atomic.load</c> on.</summary>
    internal static uint AtomicAlignment(Opcode op) => op switch
    {
        Opcode.MemoryAtomicNotify or Opcode.MemoryAtomicWait32 => 2,
        Opcode.MemoryAtomicWait64 or Opcode.AtomicFence => 3,
        _ => (((ushort)op - (ushort)Opcode.I32AtomicLoad) % 7) switch { 0 => 2u, 1 => 3u, 2 or 4 => 0u, 3 or 5 => 1u, _ => 2u },
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

    /// <summary>Checks alignment and offset; returns the memory's address type.</summary>
    private ValType CheckMemArg(in Instruction ins)
    {
        var mem = Memory(ins.B);
        if (ins.A > NaturalAlignment(ins.Op)) throw Invalid("alignment must not be larger than natural");
        // Atomic accesses are always naturally aligned: the immediate states it and may not claim less.
        if (ins.Info.IsAtomic && ins.A != NaturalAlignment(ins.Op)) throw Invalid("atomic alignment must be natural");
        if (!mem.Is64 && ins.Imm > uint.MaxValue) throw Invalid("offset out of range");
        return mem.AddressType;
    }

    /// <summary>
    /// Memory and table instructions. Addresses, element indices and sizes have the address type of their
    /// memory or table (i64 for memory64/table64); a length copied between two of them is i64 only when both are.
    /// </summary>
    private void StepMemoryOrTable(in Instruction ins)
    {
        switch (ins.Op)
        {
            case Opcode.MemorySize:
                Push(Memory(ins.A).AddressType);
                break;
            case Opcode.MemoryGrow:
            {
                var at = Memory(ins.A).AddressType;
                Pop(at);
                Push(at);
                break;
            }
            case Opcode.MemoryInit:
            {
                var at = Memory(ins.B).AddressType;
                DataSegment(ins.A);
                Pop(ValType.I32);
                Pop(ValType.I32);
                Pop(at);
                break;
            }
            case Opcode.DataDrop:
                DataSegment(ins.A);
                break;
            case Opcode.MemoryCopy:
            {
                var dst = Memory(ins.A).AddressType;
                var src = Memory(ins.B).AddressType;
                Pop(Narrower(dst, src));
                Pop(src);
                Pop(dst);
                break;
            }
            case Opcode.MemoryFill:
            {
                var at = Memory(ins.A).AddressType;
                Pop(at);
                Pop(ValType.I32);
                Pop(at);
                break;
            }
            case Opcode.TableGet:
            {
                var t = Table(ins.A);
                Pop(t.AddressType);
                Push(t.Element);
                break;
            }
            case Opcode.TableSet:
            {
                var t = Table(ins.A);
                Pop(t.Element);
                Pop(t.AddressType);
                break;
            }
            case Opcode.TableSize:
                Push(Table(ins.A).AddressType);
                break;
            case Opcode.TableGrow:
            {
                var t = Table(ins.A);
                Pop(t.AddressType);
                Pop(t.Element);
                Push(t.AddressType);
                break;
            }
            case Opcode.TableFill:
            {
                var t = Table(ins.A);
                Pop(t.AddressType);
                Pop(t.Element);
                Pop(t.AddressType);
                break;
            }
            case Opcode.TableInit:
            {
                var t = Table(ins.B);
                var e = ElemSegment(ins.A);
                if (!e.IsSubtypeOf(t.Element)) throw Invalid("type mismatch");
                Pop(ValType.I32);
                Pop(ValType.I32);
                Pop(t.AddressType);
                break;
            }
            case Opcode.ElemDrop:
                ElemSegment(ins.A);
                break;
            case Opcode.TableCopy:
            {
                var dst = Table(ins.A);
                var src = Table(ins.B);
                if (!src.Element.IsSubtypeOf(dst.Element)) throw Invalid("type mismatch");
                Pop(Narrower(dst.AddressType, src.AddressType));
                Pop(src.AddressType);
                Pop(dst.AddressType);
                break;
            }
            default:
                throw new InvalidOperationException($"no validation rule for {ins.Op}");
        }
    }

    private static ValType Narrower(ValType a, ValType b) => a == ValType.I32 || b == ValType.I32 ? ValType.I32 : ValType.I64;

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
