namespace Wasm.Instructions;

internal static partial class OpcodeTable
{
    /// <summary>The <c>0xFE</c>-prefixed instructions of the threads proposal. Each atomic access is one of seven
    /// shapes (i32, i64, then the narrow i32 8/16 and i64 8/16/32 that zero-extend), in that order within a group.</summary>
    private static void AddAtomics()
    {
        Add(Opcode.AtomicFence, "atomic.fence", Immediate.Reserved, Sig(), Sig());
        Add(Opcode.MemoryAtomicNotify, "memory.atomic.notify", Immediate.MemArg, Sig(ValType.I32, ValType.I32), Sig(ValType.I32));
        Add(Opcode.MemoryAtomicWait32, "memory.atomic.wait32", Immediate.MemArg, Sig(ValType.I32, ValType.I32, ValType.I64), Sig(ValType.I32));
        Add(Opcode.MemoryAtomicWait64, "memory.atomic.wait64", Immediate.MemArg, Sig(ValType.I32, ValType.I64, ValType.I64), Sig(ValType.I32));
        Add(Opcode.I32AtomicLoad, "i32.atomic.load", Immediate.MemArg, Sig(ValType.I32), Sig(ValType.I32));
        Add(Opcode.I64AtomicLoad, "i64.atomic.load", Immediate.MemArg, Sig(ValType.I32), Sig(ValType.I64));
        Add(Opcode.I32AtomicLoad8U, "i32.atomic.load8_u", Immediate.MemArg, Sig(ValType.I32), Sig(ValType.I32));
        Add(Opcode.I32AtomicLoad16U, "i32.atomic.load16_u", Immediate.MemArg, Sig(ValType.I32), Sig(ValType.I32));
        Add(Opcode.I64AtomicLoad8U, "i64.atomic.load8_u", Immediate.MemArg, Sig(ValType.I32), Sig(ValType.I64));
        Add(Opcode.I64AtomicLoad16U, "i64.atomic.load16_u", Immediate.MemArg, Sig(ValType.I32), Sig(ValType.I64));
        Add(Opcode.I64AtomicLoad32U, "i64.atomic.load32_u", Immediate.MemArg, Sig(ValType.I32), Sig(ValType.I64));
        Add(Opcode.I32AtomicStore, "i32.atomic.store", Immediate.MemArg, Sig(ValType.I32, ValType.I32), Sig());
        Add(Opcode.I64AtomicStore, "i64.atomic.store", Immediate.MemArg, Sig(ValType.I32, ValType.I64), Sig());
        Add(Opcode.I32AtomicStore8, "i32.atomic.store8", Immediate.MemArg, Sig(ValType.I32, ValType.I32), Sig());
        Add(Opcode.I32AtomicStore16, "i32.atomic.store16", Immediate.MemArg, Sig(ValType.I32, ValType.I32), Sig());
        Add(Opcode.I64AtomicStore8, "i64.atomic.store8", Immediate.MemArg, Sig(ValType.I32, ValType.I64), Sig());
        Add(Opcode.I64AtomicStore16, "i64.atomic.store16", Immediate.MemArg, Sig(ValType.I32, ValType.I64), Sig());
        Add(Opcode.I64AtomicStore32, "i64.atomic.store32", Immediate.MemArg, Sig(ValType.I32, ValType.I64), Sig());
        Add(Opcode.I32AtomicRmwAdd, "i32.atomic.rmw.add", Immediate.MemArg, Sig(ValType.I32, ValType.I32), Sig(ValType.I32));
        Add(Opcode.I64AtomicRmwAdd, "i64.atomic.rmw.add", Immediate.MemArg, Sig(ValType.I32, ValType.I64), Sig(ValType.I64));
        Add(Opcode.I32AtomicRmw8AddU, "i32.atomic.rmw8.add_u", Immediate.MemArg, Sig(ValType.I32, ValType.I32), Sig(ValType.I32));
        Add(Opcode.I32AtomicRmw16AddU, "i32.atomic.rmw16.add_u", Immediate.MemArg, Sig(ValType.I32, ValType.I32), Sig(ValType.I32));
        Add(Opcode.I64AtomicRmw8AddU, "i64.atomic.rmw8.add_u", Immediate.MemArg, Sig(ValType.I32, ValType.I64), Sig(ValType.I64));
        Add(Opcode.I64AtomicRmw16AddU, "i64.atomic.rmw16.add_u", Immediate.MemArg, Sig(ValType.I32, ValType.I64), Sig(ValType.I64));
        Add(Opcode.I64AtomicRmw32AddU, "i64.atomic.rmw32.add_u", Immediate.MemArg, Sig(ValType.I32, ValType.I64), Sig(ValType.I64));
        Add(Opcode.I32AtomicRmwSub, "i32.atomic.rmw.sub", Immediate.MemArg, Sig(ValType.I32, ValType.I32), Sig(ValType.I32));
        Add(Opcode.I64AtomicRmwSub, "i64.atomic.rmw.sub", Immediate.MemArg, Sig(ValType.I32, ValType.I64), Sig(ValType.I64));
        Add(Opcode.I32AtomicRmw8SubU, "i32.atomic.rmw8.sub_u", Immediate.MemArg, Sig(ValType.I32, ValType.I32), Sig(ValType.I32));
        Add(Opcode.I32AtomicRmw16SubU, "i32.atomic.rmw16.sub_u", Immediate.MemArg, Sig(ValType.I32, ValType.I32), Sig(ValType.I32));
        Add(Opcode.I64AtomicRmw8SubU, "i64.atomic.rmw8.sub_u", Immediate.MemArg, Sig(ValType.I32, ValType.I64), Sig(ValType.I64));
        Add(Opcode.I64AtomicRmw16SubU, "i64.atomic.rmw16.sub_u", Immediate.MemArg, Sig(ValType.I32, ValType.I64), Sig(ValType.I64));
        Add(Opcode.I64AtomicRmw32SubU, "i64.atomic.rmw32.sub_u", Immediate.MemArg, Sig(ValType.I32, ValType.I64), Sig(ValType.I64));
        Add(Opcode.I32AtomicRmwAnd, "i32.atomic.rmw.and", Immediate.MemArg, Sig(ValType.I32, ValType.I32), Sig(ValType.I32));
        Add(Opcode.I64AtomicRmwAnd, "i64.atomic.rmw.and", Immediate.MemArg, Sig(ValType.I32, ValType.I64), Sig(ValType.I64));
        Add(Opcode.I32AtomicRmw8AndU, "i32.atomic.rmw8.and_u", Immediate.MemArg, Sig(ValType.I32, ValType.I32), Sig(ValType.I32));
        Add(Opcode.I32AtomicRmw16AndU, "i32.atomic.rmw16.and_u", Immediate.MemArg, Sig(ValType.I32, ValType.I32), Sig(ValType.I32));
        Add(Opcode.I64AtomicRmw8AndU, "i64.atomic.rmw8.and_u", Immediate.MemArg, Sig(ValType.I32, ValType.I64), Sig(ValType.I64));
        Add(Opcode.I64AtomicRmw16AndU, "i64.atomic.rmw16.and_u", Immediate.MemArg, Sig(ValType.I32, ValType.I64), Sig(ValType.I64));
        Add(Opcode.I64AtomicRmw32AndU, "i64.atomic.rmw32.and_u", Immediate.MemArg, Sig(ValType.I32, ValType.I64), Sig(ValType.I64));
        Add(Opcode.I32AtomicRmwOr, "i32.atomic.rmw.or", Immediate.MemArg, Sig(ValType.I32, ValType.I32), Sig(ValType.I32));
        Add(Opcode.I64AtomicRmwOr, "i64.atomic.rmw.or", Immediate.MemArg, Sig(ValType.I32, ValType.I64), Sig(ValType.I64));
        Add(Opcode.I32AtomicRmw8OrU, "i32.atomic.rmw8.or_u", Immediate.MemArg, Sig(ValType.I32, ValType.I32), Sig(ValType.I32));
        Add(Opcode.I32AtomicRmw16OrU, "i32.atomic.rmw16.or_u", Immediate.MemArg, Sig(ValType.I32, ValType.I32), Sig(ValType.I32));
        Add(Opcode.I64AtomicRmw8OrU, "i64.atomic.rmw8.or_u", Immediate.MemArg, Sig(ValType.I32, ValType.I64), Sig(ValType.I64));
        Add(Opcode.I64AtomicRmw16OrU, "i64.atomic.rmw16.or_u", Immediate.MemArg, Sig(ValType.I32, ValType.I64), Sig(ValType.I64));
        Add(Opcode.I64AtomicRmw32OrU, "i64.atomic.rmw32.or_u", Immediate.MemArg, Sig(ValType.I32, ValType.I64), Sig(ValType.I64));
        Add(Opcode.I32AtomicRmwXor, "i32.atomic.rmw.xor", Immediate.MemArg, Sig(ValType.I32, ValType.I32), Sig(ValType.I32));
        Add(Opcode.I64AtomicRmwXor, "i64.atomic.rmw.xor", Immediate.MemArg, Sig(ValType.I32, ValType.I64), Sig(ValType.I64));
        Add(Opcode.I32AtomicRmw8XorU, "i32.atomic.rmw8.xor_u", Immediate.MemArg, Sig(ValType.I32, ValType.I32), Sig(ValType.I32));
        Add(Opcode.I32AtomicRmw16XorU, "i32.atomic.rmw16.xor_u", Immediate.MemArg, Sig(ValType.I32, ValType.I32), Sig(ValType.I32));
        Add(Opcode.I64AtomicRmw8XorU, "i64.atomic.rmw8.xor_u", Immediate.MemArg, Sig(ValType.I32, ValType.I64), Sig(ValType.I64));
        Add(Opcode.I64AtomicRmw16XorU, "i64.atomic.rmw16.xor_u", Immediate.MemArg, Sig(ValType.I32, ValType.I64), Sig(ValType.I64));
        Add(Opcode.I64AtomicRmw32XorU, "i64.atomic.rmw32.xor_u", Immediate.MemArg, Sig(ValType.I32, ValType.I64), Sig(ValType.I64));
        Add(Opcode.I32AtomicRmwXchg, "i32.atomic.rmw.xchg", Immediate.MemArg, Sig(ValType.I32, ValType.I32), Sig(ValType.I32));
        Add(Opcode.I64AtomicRmwXchg, "i64.atomic.rmw.xchg", Immediate.MemArg, Sig(ValType.I32, ValType.I64), Sig(ValType.I64));
        Add(Opcode.I32AtomicRmw8XchgU, "i32.atomic.rmw8.xchg_u", Immediate.MemArg, Sig(ValType.I32, ValType.I32), Sig(ValType.I32));
        Add(Opcode.I32AtomicRmw16XchgU, "i32.atomic.rmw16.xchg_u", Immediate.MemArg, Sig(ValType.I32, ValType.I32), Sig(ValType.I32));
        Add(Opcode.I64AtomicRmw8XchgU, "i64.atomic.rmw8.xchg_u", Immediate.MemArg, Sig(ValType.I32, ValType.I64), Sig(ValType.I64));
        Add(Opcode.I64AtomicRmw16XchgU, "i64.atomic.rmw16.xchg_u", Immediate.MemArg, Sig(ValType.I32, ValType.I64), Sig(ValType.I64));
        Add(Opcode.I64AtomicRmw32XchgU, "i64.atomic.rmw32.xchg_u", Immediate.MemArg, Sig(ValType.I32, ValType.I64), Sig(ValType.I64));
        Add(Opcode.I32AtomicRmwCmpxchg, "i32.atomic.rmw.cmpxchg", Immediate.MemArg, Sig(ValType.I32, ValType.I32, ValType.I32), Sig(ValType.I32));
        Add(Opcode.I64AtomicRmwCmpxchg, "i64.atomic.rmw.cmpxchg", Immediate.MemArg, Sig(ValType.I32, ValType.I64, ValType.I64), Sig(ValType.I64));
        Add(Opcode.I32AtomicRmw8CmpxchgU, "i32.atomic.rmw8.cmpxchg_u", Immediate.MemArg, Sig(ValType.I32, ValType.I32, ValType.I32), Sig(ValType.I32));
        Add(Opcode.I32AtomicRmw16CmpxchgU, "i32.atomic.rmw16.cmpxchg_u", Immediate.MemArg, Sig(ValType.I32, ValType.I32, ValType.I32), Sig(ValType.I32));
        Add(Opcode.I64AtomicRmw8CmpxchgU, "i64.atomic.rmw8.cmpxchg_u", Immediate.MemArg, Sig(ValType.I32, ValType.I64, ValType.I64), Sig(ValType.I64));
        Add(Opcode.I64AtomicRmw16CmpxchgU, "i64.atomic.rmw16.cmpxchg_u", Immediate.MemArg, Sig(ValType.I32, ValType.I64, ValType.I64), Sig(ValType.I64));
        Add(Opcode.I64AtomicRmw32CmpxchgU, "i64.atomic.rmw32.cmpxchg_u", Immediate.MemArg, Sig(ValType.I32, ValType.I64, ValType.I64), Sig(ValType.I64));
    }
}
