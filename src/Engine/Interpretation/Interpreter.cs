using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Wasm.Compilation;
using Wasm.Instructions;
using Wasm.Runtime;

namespace Wasm.Interpretation;

/// <summary>A thread's interpreter frames: one array of 64-bit slots, each frame its locals then its operands.</summary>
internal sealed class InterpreterStack
{
    public ulong[] Slots = new ulong[1024];

    /// <summary>The first slot no running frame uses.</summary>
    public int Top;

    /// <summary>Makes room for an entry's <paramref name="count"/> arguments at <see cref="Top"/> and returns where they go.</summary>
    public int Reserve(int count)
    {
        Ensure(Top + count);
        return Top;
    }

    public void Ensure(int slots)
    {
        if (slots > Slots.Length) Array.Resize(ref Slots, Math.Max(slots, Slots.Length * 2));
    }
}

/// <summary>
/// Runs <see cref="InterpretedBody"/> code: how a tiered module runs a function the JIT would spend long on
/// before it has shown that it runs often. Straight-line code that runs once or a few times, such as a large
/// program's main function, costs the JIT about a microsecond per byte to compile and the interpreter some
/// 10 ns per instruction to run. A function's budget (<see cref="TierState.Counters"/>) is spent per call and
/// loop iteration; once it is used up at a call, the function is compiled and that call runs the compiled code;
/// in a loop, the function is compiled entered at that loop (<see cref="TierState.LoopHotInInterpreter"/>) and
/// the call moves there at the loop's next iteration. Compiled code reaches interpreted functions through
/// <see cref="TierState.Enter"/> and <see cref="ThunkCache.InterpreterEntry"/>; the interpreter calls compiled
/// code through <see cref="ThunkCache.InterpreterCall"/>.
/// </summary>
internal static unsafe class Interpreter
{
    /// <summary>Interpreted calls, and hand-overs to on-stack-replacement variants, so far (not exact under
    /// concurrency; tests watch them).</summary>
    internal static long Calls, HandOvers;

    [ThreadStatic] private static int t_pending;
    [ThreadStatic] private static InterpreterStack? t_stack;

    /// <summary>Names the function that the interpreter entry about to be called runs (see <see cref="TierState.Enter"/>).</summary>
    public static void SetPending(int function) => t_pending = function;

    /// <summary>The function an interpreter entry runs: the one named last on this thread.</summary>
    public static int TakePending() => t_pending;

    public static InterpreterStack CurrentStack() => t_stack ??= new InterpreterStack();

    /// <summary>Runs defined function <paramref name="function"/> with its arguments in slots from
    /// <paramref name="at"/>, leaving its result in slot <paramref name="at"/>.</summary>
    public static void Run(VmContext ctx, int function, InterpreterStack stack, int at)
    {
        var top = stack.Top;
        try
        {
            Execute(ctx, ctx.Tier!, function, stack, at);
        }
        finally
        {
            stack.Top = top;
        }
    }

    private static int I(ulong v) => (int)v;
    private static long L(ulong v) => (long)v;
    private static float F(ulong v) => BitConverter.Int32BitsToSingle((int)v);
    private static double D(ulong v) => BitConverter.Int64BitsToDouble((long)v);
    private static ulong U(int v) => (uint)v;
    private static ulong U(long v) => (ulong)v;
    private static ulong U(bool v) => v ? 1UL : 0UL;
    private static ulong U(float v) => BitConverter.SingleToUInt32Bits(v);
    private static ulong U(double v) => BitConverter.DoubleToUInt64Bits(v);

    private static void Execute(VmContext ctx, TierState tiers, int function, InterpreterStack stack, int fp)
    {
        var body = tiers.InterpretedBodyOf(function)!;
        var counters = tiers.Counters;
        if ((counters[function] -= body.CallCost) <= 0)
        {
            tiers.LeaveInterpreter(function);
            // Run often enough to be worth compiling: this call already runs the compiled code.
            ((delegate*<nint, VmContext, InterpreterStack, int, void>)tiers.InterpreterCallOf(function))(tiers.EntryOf(function), ctx, stack, fp);
            return;
        }
        Calls++;
        byte marker;
        var store = ctx.Store;
        if (store is not null && (nuint)(&marker) < store.StackLimit) Traps.Throw(TrapCode.StackOverflow);
        var epochs = tiers.Epochs && store is not null;
        if (epochs) CheckEpoch(store!);

        stack.Ensure(fp + body.MaxSlots);
        var savedTop = stack.Top;
        stack.Top = fp + body.MaxSlots;
        var s = stack.Slots;
        Array.Clear(s, fp + body.ParamCount, body.LocalCount - body.ParamCount);
        // Unchecked slot access: the frame's slots were made room for above, and validation bounds the operand stack.
        ref var r = ref MemoryMarshal.GetArrayDataReference(s);
        var sp = fp + body.LocalCount;
        var code = body.Code;
        var pc = 0;
        var memory = ctx.Memory0;
        byte* mb = memory is null ? null : memory.Base;
        var ml = memory is null ? 0UL : memory.Length;

        ref var first = ref MemoryMarshal.GetArrayDataReference(code);
        while (true)
        {
            // Unchecked: every jump target lies inside the body, which ends with a return.
            ref readonly var st = ref Unsafe.Add(ref first, pc++);
            switch (st.Op)
            {
                case InterpretedBody.Jump:
                    pc = st.A;
                    break;
                case InterpretedBody.JumpIfZero:
                    if (I(Unsafe.Add(ref r, --sp)) == 0) pc = st.A;
                    break;
                case InterpretedBody.BranchIf:
                    if (I(Unsafe.Add(ref r, --sp)) == 0) break;
                    goto case InterpretedBody.Branch;
                case InterpretedBody.Branch:
                    sp = Carry(ref r, sp, fp + st.B, st.C);
                    pc = st.A;
                    break;
                case InterpretedBody.BranchTable:
                {
                    var index = (uint)I(Unsafe.Add(ref r, --sp));
                    ref readonly var entry = ref body.Tables[st.A + (int)Math.Min(index, (uint)st.B)];
                    sp = Carry(ref r, sp, fp + entry.B, entry.C);
                    pc = entry.A;
                    break;
                }
                case InterpretedBody.ReturnValues:
                    if (st.C != 0) Unsafe.Add(ref r, fp) = Unsafe.Add(ref r, sp - 1);
                    stack.Top = savedTop;
                    return;
                case InterpretedBody.LoopHeader:
                    if (epochs) CheckEpoch(store!);
                    if ((counters[function] -= st.B) <= 0)
                        tiers.LoopHotInInterpreter(function, (st.C & InterpretedBody.EnterableAtTierZero) != 0 ? st.A : -1, (st.C >> 2) - 1);
                    if ((st.C & (InterpretedBody.Enterable | InterpretedBody.EnterableAtTierZero)) != 0)
                    {
                        // Compiled code entering this loop exists (optimized, or tier-0 made when the loop ran
                        // hot here): it takes over with the locals as they are.
                        nint entry = 0;
                        if ((st.C & InterpretedBody.Enterable) != 0 && Volatile.Read(ref tiers.OsrLoop[function]) == st.A + 1)
                            entry = Volatile.Read(ref tiers.OsrEntries[function]);
                        else if (Volatile.Read(ref tiers.HandOverLoop[function]) == st.A + 1) entry = tiers.HandOverEntries[function];
                        if (entry != 0)
                        {
                            HandOvers++;
                            var locals = new ulong[body.LocalCount - body.ParamCount];
                            Array.Copy(s, fp + body.ParamCount, locals, 0, locals.Length);
                            ((delegate*<nint, VmContext, InterpreterStack, int, ulong[], void>)tiers.InterpreterOsrCallOf(function))(entry, ctx, stack, fp, locals);
                            stack.Top = savedTop;
                            return;
                        }
                    }
                    break;
                case InterpretedBody.CallDefined:
                {
                    var at = sp - st.B;
                    var callee = st.A;
                    if (Volatile.Read(ref tiers.Entries[callee]) == 0 && tiers.Interpreted[callee] && tiers.InterpretedBodyOf(callee) is not null)
                        Execute(ctx, tiers, callee, stack, at);
                    else
                        ((delegate*<nint, VmContext, InterpreterStack, int, void>)tiers.InterpreterCallOfType((int)st.Imm))(tiers.EntryOf(callee), ctx, stack, at);
                    s = stack.Slots;
                    r = ref MemoryMarshal.GetArrayDataReference(s);
                    sp = at + st.C;
                    if (memory is not null) { mb = memory.Base; ml = memory.Length; }
                    break;
                }
                case InterpretedBody.CallImport:
                {
                    var at = sp - st.B;
                    var f = ctx.Functions[st.A];
                    ((delegate*<nint, VmContext, InterpreterStack, int, void>)tiers.InterpreterCallOfType((int)st.Imm))(f.Code, f.Ctx, stack, at);
                    s = stack.Slots;
                    r = ref MemoryMarshal.GetArrayDataReference(s);
                    sp = at + st.C;
                    if (memory is not null) { mb = memory.Base; ml = memory.Length; }
                    break;
                }
                case InterpretedBody.CallTable:
                {
                    var index = (uint)I(Unsafe.Add(ref r, --sp));
                    var at = sp - st.B;
                    var elements = ctx.Tables[(int)st.Imm].Elements;
                    if (index >= (uint)elements.Length) Traps.Throw(TrapCode.UndefinedElement);
                    if (elements[index] is not Function f) { Traps.Throw(TrapCode.UninitializedElement); return; }
                    var expected = ctx.Types[st.A];
                    if (f.TypeId != expected.Id && (expected.Final || !GcOps.FuncTypeMatches(f.TypeId, expected.Id)))
                        Traps.Throw(TrapCode.IndirectCallTypeMismatch);
                    ((delegate*<nint, VmContext, InterpreterStack, int, void>)tiers.InterpreterCallOfType(st.A))(f.Code, f.Ctx, stack, at);
                    s = stack.Slots;
                    r = ref MemoryMarshal.GetArrayDataReference(s);
                    sp = at + st.C;
                    if (memory is not null) { mb = memory.Base; ml = memory.Length; }
                    break;
                }

                case Opcode.Unreachable: Traps.Throw(TrapCode.Unreachable); break;
                case Opcode.Drop: sp--; break;
                case Opcode.Select:
                {
                    var c = I(Unsafe.Add(ref r, --sp));
                    var b = Unsafe.Add(ref r, --sp);
                    if (c == 0) Unsafe.Add(ref r, sp - 1) = b;
                    break;
                }
                case Opcode.LocalGet: Unsafe.Add(ref r, sp++) = Unsafe.Add(ref r, fp + st.A); break;
                case InterpretedBody.LocalAddConst: Unsafe.Add(ref r, sp++) = U(I(Unsafe.Add(ref r, fp + st.A)) + (int)st.Imm); break;
                case InterpretedBody.StoreConstAtLocal:
                    Unsafe.WriteUnaligned(Address(mb, ml, Unsafe.Add(ref r, fp + st.A), st.Imm, 4), (uint)st.B);
                    break;
                case Opcode.LocalSet: Unsafe.Add(ref r, fp + st.A) = Unsafe.Add(ref r, --sp); break;
                case Opcode.LocalTee: Unsafe.Add(ref r, fp + st.A) = Unsafe.Add(ref r, sp - 1); break;
                case Opcode.GlobalGet:
                {
                    var g = ctx.Globals[st.A];
                    Unsafe.Add(ref r, sp++) = (ValKind)st.B switch
                    {
                        ValKind.I32 => U(g.I32),
                        ValKind.I64 => U(g.I64),
                        ValKind.F32 => U(g.F32),
                        _ => U(g.F64),
                    };
                    break;
                }
                case Opcode.GlobalSet:
                {
                    var g = ctx.Globals[st.A];
                    var v = Unsafe.Add(ref r, --sp);
                    switch ((ValKind)st.B)
                    {
                        case ValKind.I32: g.I32 = I(v); break;
                        case ValKind.I64: g.I64 = L(v); break;
                        case ValKind.F32: g.F32 = F(v); break;
                        default: g.F64 = D(v); break;
                    }
                    break;
                }
                case Opcode.I32Const or Opcode.F32Const: Unsafe.Add(ref r, sp++) = (uint)st.Imm; break;
                case Opcode.I64Const or Opcode.F64Const: Unsafe.Add(ref r, sp++) = (ulong)st.Imm; break;

                case Opcode.MemorySize: Unsafe.Add(ref r, sp++) = U((int)(ml >> 16)); break;
                case Opcode.MemoryGrow:
                    Unsafe.Add(ref r, sp - 1) = U(BulkOps.MemoryGrow(I(Unsafe.Add(ref r, sp - 1)), 0, ctx));
                    mb = memory!.Base;
                    ml = memory.Length;
                    break;
                case InterpretedBody.MemoryCopy:
                    sp -= 3;
                    BulkOps.MemoryCopy(I(Unsafe.Add(ref r, sp)), I(Unsafe.Add(ref r, sp + 1)), I(Unsafe.Add(ref r, sp + 2)), 0, 0, ctx);
                    break;
                case InterpretedBody.MemoryFill:
                    sp -= 3;
                    BulkOps.MemoryFill(I(Unsafe.Add(ref r, sp)), I(Unsafe.Add(ref r, sp + 1)), I(Unsafe.Add(ref r, sp + 2)), 0, ctx);
                    break;

                case Opcode.I32Load: Unsafe.Add(ref r, sp - 1) = Unsafe.ReadUnaligned<uint>(Address(mb, ml, Unsafe.Add(ref r, sp - 1), st.Imm, 4)); break;
                case Opcode.I64Load: Unsafe.Add(ref r, sp - 1) = Unsafe.ReadUnaligned<ulong>(Address(mb, ml, Unsafe.Add(ref r, sp - 1), st.Imm, 8)); break;
                case Opcode.F32Load: Unsafe.Add(ref r, sp - 1) = Unsafe.ReadUnaligned<uint>(Address(mb, ml, Unsafe.Add(ref r, sp - 1), st.Imm, 4)); break;
                case Opcode.F64Load: Unsafe.Add(ref r, sp - 1) = Unsafe.ReadUnaligned<ulong>(Address(mb, ml, Unsafe.Add(ref r, sp - 1), st.Imm, 8)); break;
                case Opcode.I32Load8S: Unsafe.Add(ref r, sp - 1) = U((int)*(sbyte*)Address(mb, ml, Unsafe.Add(ref r, sp - 1), st.Imm, 1)); break;
                case Opcode.I32Load8U: Unsafe.Add(ref r, sp - 1) = *Address(mb, ml, Unsafe.Add(ref r, sp - 1), st.Imm, 1); break;
                case Opcode.I32Load16S: Unsafe.Add(ref r, sp - 1) = U((int)Unsafe.ReadUnaligned<short>(Address(mb, ml, Unsafe.Add(ref r, sp - 1), st.Imm, 2))); break;
                case Opcode.I32Load16U: Unsafe.Add(ref r, sp - 1) = Unsafe.ReadUnaligned<ushort>(Address(mb, ml, Unsafe.Add(ref r, sp - 1), st.Imm, 2)); break;
                case Opcode.I64Load8S: Unsafe.Add(ref r, sp - 1) = U((long)*(sbyte*)Address(mb, ml, Unsafe.Add(ref r, sp - 1), st.Imm, 1)); break;
                case Opcode.I64Load8U: Unsafe.Add(ref r, sp - 1) = *Address(mb, ml, Unsafe.Add(ref r, sp - 1), st.Imm, 1); break;
                case Opcode.I64Load16S: Unsafe.Add(ref r, sp - 1) = U((long)Unsafe.ReadUnaligned<short>(Address(mb, ml, Unsafe.Add(ref r, sp - 1), st.Imm, 2))); break;
                case Opcode.I64Load16U: Unsafe.Add(ref r, sp - 1) = Unsafe.ReadUnaligned<ushort>(Address(mb, ml, Unsafe.Add(ref r, sp - 1), st.Imm, 2)); break;
                case Opcode.I64Load32S: Unsafe.Add(ref r, sp - 1) = U((long)Unsafe.ReadUnaligned<int>(Address(mb, ml, Unsafe.Add(ref r, sp - 1), st.Imm, 4))); break;
                case Opcode.I64Load32U: Unsafe.Add(ref r, sp - 1) = Unsafe.ReadUnaligned<uint>(Address(mb, ml, Unsafe.Add(ref r, sp - 1), st.Imm, 4)); break;
                case Opcode.I32Store or Opcode.F32Store or Opcode.I64Store32:
                    sp -= 2;
                    Unsafe.WriteUnaligned(Address(mb, ml, Unsafe.Add(ref r, sp), st.Imm, 4), (uint)Unsafe.Add(ref r, sp + 1));
                    break;
                case Opcode.I64Store or Opcode.F64Store:
                    sp -= 2;
                    Unsafe.WriteUnaligned(Address(mb, ml, Unsafe.Add(ref r, sp), st.Imm, 8), Unsafe.Add(ref r, sp + 1));
                    break;
                case Opcode.I32Store8 or Opcode.I64Store8:
                    sp -= 2;
                    *Address(mb, ml, Unsafe.Add(ref r, sp), st.Imm, 1) = (byte)Unsafe.Add(ref r, sp + 1);
                    break;
                case Opcode.I32Store16 or Opcode.I64Store16:
                    sp -= 2;
                    Unsafe.WriteUnaligned(Address(mb, ml, Unsafe.Add(ref r, sp), st.Imm, 2), (ushort)Unsafe.Add(ref r, sp + 1));
                    break;

                case Opcode.I32Eqz: Unsafe.Add(ref r, sp - 1) = U(I(Unsafe.Add(ref r, sp - 1)) == 0); break;
                case Opcode.I32Eq: sp--; Unsafe.Add(ref r, sp - 1) = U(I(Unsafe.Add(ref r, sp - 1)) == I(Unsafe.Add(ref r, sp))); break;
                case Opcode.I32Ne: sp--; Unsafe.Add(ref r, sp - 1) = U(I(Unsafe.Add(ref r, sp - 1)) != I(Unsafe.Add(ref r, sp))); break;
                case Opcode.I32LtS: sp--; Unsafe.Add(ref r, sp - 1) = U(I(Unsafe.Add(ref r, sp - 1)) < I(Unsafe.Add(ref r, sp))); break;
                case Opcode.I32LtU: sp--; Unsafe.Add(ref r, sp - 1) = U((uint)Unsafe.Add(ref r, sp - 1) < (uint)Unsafe.Add(ref r, sp)); break;
                case Opcode.I32GtS: sp--; Unsafe.Add(ref r, sp - 1) = U(I(Unsafe.Add(ref r, sp - 1)) > I(Unsafe.Add(ref r, sp))); break;
                case Opcode.I32GtU: sp--; Unsafe.Add(ref r, sp - 1) = U((uint)Unsafe.Add(ref r, sp - 1) > (uint)Unsafe.Add(ref r, sp)); break;
                case Opcode.I32LeS: sp--; Unsafe.Add(ref r, sp - 1) = U(I(Unsafe.Add(ref r, sp - 1)) <= I(Unsafe.Add(ref r, sp))); break;
                case Opcode.I32LeU: sp--; Unsafe.Add(ref r, sp - 1) = U((uint)Unsafe.Add(ref r, sp - 1) <= (uint)Unsafe.Add(ref r, sp)); break;
                case Opcode.I32GeS: sp--; Unsafe.Add(ref r, sp - 1) = U(I(Unsafe.Add(ref r, sp - 1)) >= I(Unsafe.Add(ref r, sp))); break;
                case Opcode.I32GeU: sp--; Unsafe.Add(ref r, sp - 1) = U((uint)Unsafe.Add(ref r, sp - 1) >= (uint)Unsafe.Add(ref r, sp)); break;
                case Opcode.I64Eqz: Unsafe.Add(ref r, sp - 1) = U(Unsafe.Add(ref r, sp - 1) == 0); break;
                case Opcode.I64Eq: sp--; Unsafe.Add(ref r, sp - 1) = U(Unsafe.Add(ref r, sp - 1) == Unsafe.Add(ref r, sp)); break;
                case Opcode.I64Ne: sp--; Unsafe.Add(ref r, sp - 1) = U(Unsafe.Add(ref r, sp - 1) != Unsafe.Add(ref r, sp)); break;
                case Opcode.I64LtS: sp--; Unsafe.Add(ref r, sp - 1) = U(L(Unsafe.Add(ref r, sp - 1)) < L(Unsafe.Add(ref r, sp))); break;
                case Opcode.I64LtU: sp--; Unsafe.Add(ref r, sp - 1) = U(Unsafe.Add(ref r, sp - 1) < Unsafe.Add(ref r, sp)); break;
                case Opcode.I64GtS: sp--; Unsafe.Add(ref r, sp - 1) = U(L(Unsafe.Add(ref r, sp - 1)) > L(Unsafe.Add(ref r, sp))); break;
                case Opcode.I64GtU: sp--; Unsafe.Add(ref r, sp - 1) = U(Unsafe.Add(ref r, sp - 1) > Unsafe.Add(ref r, sp)); break;
                case Opcode.I64LeS: sp--; Unsafe.Add(ref r, sp - 1) = U(L(Unsafe.Add(ref r, sp - 1)) <= L(Unsafe.Add(ref r, sp))); break;
                case Opcode.I64LeU: sp--; Unsafe.Add(ref r, sp - 1) = U(Unsafe.Add(ref r, sp - 1) <= Unsafe.Add(ref r, sp)); break;
                case Opcode.I64GeS: sp--; Unsafe.Add(ref r, sp - 1) = U(L(Unsafe.Add(ref r, sp - 1)) >= L(Unsafe.Add(ref r, sp))); break;
                case Opcode.I64GeU: sp--; Unsafe.Add(ref r, sp - 1) = U(Unsafe.Add(ref r, sp - 1) >= Unsafe.Add(ref r, sp)); break;
                case Opcode.F32Eq: sp--; Unsafe.Add(ref r, sp - 1) = U(F(Unsafe.Add(ref r, sp - 1)) == F(Unsafe.Add(ref r, sp))); break;
                case Opcode.F32Ne: sp--; Unsafe.Add(ref r, sp - 1) = U(F(Unsafe.Add(ref r, sp - 1)) != F(Unsafe.Add(ref r, sp))); break;
                case Opcode.F32Lt: sp--; Unsafe.Add(ref r, sp - 1) = U(F(Unsafe.Add(ref r, sp - 1)) < F(Unsafe.Add(ref r, sp))); break;
                case Opcode.F32Gt: sp--; Unsafe.Add(ref r, sp - 1) = U(F(Unsafe.Add(ref r, sp - 1)) > F(Unsafe.Add(ref r, sp))); break;
                case Opcode.F32Le: sp--; Unsafe.Add(ref r, sp - 1) = U(F(Unsafe.Add(ref r, sp - 1)) <= F(Unsafe.Add(ref r, sp))); break;
                case Opcode.F32Ge: sp--; Unsafe.Add(ref r, sp - 1) = U(F(Unsafe.Add(ref r, sp - 1)) >= F(Unsafe.Add(ref r, sp))); break;
                case Opcode.F64Eq: sp--; Unsafe.Add(ref r, sp - 1) = U(D(Unsafe.Add(ref r, sp - 1)) == D(Unsafe.Add(ref r, sp))); break;
                case Opcode.F64Ne: sp--; Unsafe.Add(ref r, sp - 1) = U(D(Unsafe.Add(ref r, sp - 1)) != D(Unsafe.Add(ref r, sp))); break;
                case Opcode.F64Lt: sp--; Unsafe.Add(ref r, sp - 1) = U(D(Unsafe.Add(ref r, sp - 1)) < D(Unsafe.Add(ref r, sp))); break;
                case Opcode.F64Gt: sp--; Unsafe.Add(ref r, sp - 1) = U(D(Unsafe.Add(ref r, sp - 1)) > D(Unsafe.Add(ref r, sp))); break;
                case Opcode.F64Le: sp--; Unsafe.Add(ref r, sp - 1) = U(D(Unsafe.Add(ref r, sp - 1)) <= D(Unsafe.Add(ref r, sp))); break;
                case Opcode.F64Ge: sp--; Unsafe.Add(ref r, sp - 1) = U(D(Unsafe.Add(ref r, sp - 1)) >= D(Unsafe.Add(ref r, sp))); break;

                case Opcode.I32Clz: Unsafe.Add(ref r, sp - 1) = (ulong)BitOperations.LeadingZeroCount((uint)Unsafe.Add(ref r, sp - 1)); break;
                case Opcode.I32Ctz: Unsafe.Add(ref r, sp - 1) = (ulong)BitOperations.TrailingZeroCount((uint)Unsafe.Add(ref r, sp - 1)); break;
                case Opcode.I32Popcnt: Unsafe.Add(ref r, sp - 1) = (ulong)BitOperations.PopCount((uint)Unsafe.Add(ref r, sp - 1)); break;
                case Opcode.I32Add: sp--; Unsafe.Add(ref r, sp - 1) = U(I(Unsafe.Add(ref r, sp - 1)) + I(Unsafe.Add(ref r, sp))); break;
                case Opcode.I32Sub: sp--; Unsafe.Add(ref r, sp - 1) = U(I(Unsafe.Add(ref r, sp - 1)) - I(Unsafe.Add(ref r, sp))); break;
                case Opcode.I32Mul: sp--; Unsafe.Add(ref r, sp - 1) = U(I(Unsafe.Add(ref r, sp - 1)) * I(Unsafe.Add(ref r, sp))); break;
                case Opcode.I32DivS: sp--; Unsafe.Add(ref r, sp - 1) = U(NumericOps.I32DivS(I(Unsafe.Add(ref r, sp - 1)), I(Unsafe.Add(ref r, sp)))); break;
                case Opcode.I32DivU: sp--; Unsafe.Add(ref r, sp - 1) = U(NumericOps.I32DivU(I(Unsafe.Add(ref r, sp - 1)), I(Unsafe.Add(ref r, sp)))); break;
                case Opcode.I32RemS: sp--; Unsafe.Add(ref r, sp - 1) = U(NumericOps.I32RemS(I(Unsafe.Add(ref r, sp - 1)), I(Unsafe.Add(ref r, sp)))); break;
                case Opcode.I32RemU: sp--; Unsafe.Add(ref r, sp - 1) = U(NumericOps.I32RemU(I(Unsafe.Add(ref r, sp - 1)), I(Unsafe.Add(ref r, sp)))); break;
                case Opcode.I32And: sp--; Unsafe.Add(ref r, sp - 1) = U(I(Unsafe.Add(ref r, sp - 1)) & I(Unsafe.Add(ref r, sp))); break;
                case Opcode.I32Or: sp--; Unsafe.Add(ref r, sp - 1) = U(I(Unsafe.Add(ref r, sp - 1)) | I(Unsafe.Add(ref r, sp))); break;
                case Opcode.I32Xor: sp--; Unsafe.Add(ref r, sp - 1) = U(I(Unsafe.Add(ref r, sp - 1)) ^ I(Unsafe.Add(ref r, sp))); break;
                case Opcode.I32Shl: sp--; Unsafe.Add(ref r, sp - 1) = U(I(Unsafe.Add(ref r, sp - 1)) << I(Unsafe.Add(ref r, sp))); break;
                case Opcode.I32ShrS: sp--; Unsafe.Add(ref r, sp - 1) = U(I(Unsafe.Add(ref r, sp - 1)) >> I(Unsafe.Add(ref r, sp))); break;
                case Opcode.I32ShrU: sp--; Unsafe.Add(ref r, sp - 1) = (uint)Unsafe.Add(ref r, sp - 1) >> I(Unsafe.Add(ref r, sp)); break;
                case Opcode.I32Rotl: sp--; Unsafe.Add(ref r, sp - 1) = BitOperations.RotateLeft((uint)Unsafe.Add(ref r, sp - 1), I(Unsafe.Add(ref r, sp))); break;
                case Opcode.I32Rotr: sp--; Unsafe.Add(ref r, sp - 1) = BitOperations.RotateRight((uint)Unsafe.Add(ref r, sp - 1), I(Unsafe.Add(ref r, sp))); break;
                case Opcode.I64Clz: Unsafe.Add(ref r, sp - 1) = (ulong)BitOperations.LeadingZeroCount(Unsafe.Add(ref r, sp - 1)); break;
                case Opcode.I64Ctz: Unsafe.Add(ref r, sp - 1) = (ulong)BitOperations.TrailingZeroCount(Unsafe.Add(ref r, sp - 1)); break;
                case Opcode.I64Popcnt: Unsafe.Add(ref r, sp - 1) = (ulong)BitOperations.PopCount(Unsafe.Add(ref r, sp - 1)); break;
                case Opcode.I64Add: sp--; Unsafe.Add(ref r, sp - 1) += Unsafe.Add(ref r, sp); break;
                case Opcode.I64Sub: sp--; Unsafe.Add(ref r, sp - 1) -= Unsafe.Add(ref r, sp); break;
                case Opcode.I64Mul: sp--; Unsafe.Add(ref r, sp - 1) *= Unsafe.Add(ref r, sp); break;
                case Opcode.I64DivS: sp--; Unsafe.Add(ref r, sp - 1) = U(NumericOps.I64DivS(L(Unsafe.Add(ref r, sp - 1)), L(Unsafe.Add(ref r, sp)))); break;
                case Opcode.I64DivU: sp--; Unsafe.Add(ref r, sp - 1) = U(NumericOps.I64DivU(L(Unsafe.Add(ref r, sp - 1)), L(Unsafe.Add(ref r, sp)))); break;
                case Opcode.I64RemS: sp--; Unsafe.Add(ref r, sp - 1) = U(NumericOps.I64RemS(L(Unsafe.Add(ref r, sp - 1)), L(Unsafe.Add(ref r, sp)))); break;
                case Opcode.I64RemU: sp--; Unsafe.Add(ref r, sp - 1) = U(NumericOps.I64RemU(L(Unsafe.Add(ref r, sp - 1)), L(Unsafe.Add(ref r, sp)))); break;
                case Opcode.I64And: sp--; Unsafe.Add(ref r, sp - 1) &= Unsafe.Add(ref r, sp); break;
                case Opcode.I64Or: sp--; Unsafe.Add(ref r, sp - 1) |= Unsafe.Add(ref r, sp); break;
                case Opcode.I64Xor: sp--; Unsafe.Add(ref r, sp - 1) ^= Unsafe.Add(ref r, sp); break;
                case Opcode.I64Shl: sp--; Unsafe.Add(ref r, sp - 1) <<= (int)Unsafe.Add(ref r, sp); break;
                case Opcode.I64ShrS: sp--; Unsafe.Add(ref r, sp - 1) = U(L(Unsafe.Add(ref r, sp - 1)) >> (int)Unsafe.Add(ref r, sp)); break;
                case Opcode.I64ShrU: sp--; Unsafe.Add(ref r, sp - 1) >>= (int)Unsafe.Add(ref r, sp); break;
                case Opcode.I64Rotl: sp--; Unsafe.Add(ref r, sp - 1) = BitOperations.RotateLeft(Unsafe.Add(ref r, sp - 1), (int)Unsafe.Add(ref r, sp)); break;
                case Opcode.I64Rotr: sp--; Unsafe.Add(ref r, sp - 1) = BitOperations.RotateRight(Unsafe.Add(ref r, sp - 1), (int)Unsafe.Add(ref r, sp)); break;

                case Opcode.F32Abs: Unsafe.Add(ref r, sp - 1) = (uint)Unsafe.Add(ref r, sp - 1) & 0x7FFF_FFFFu; break;
                case Opcode.F32Neg: Unsafe.Add(ref r, sp - 1) = (uint)Unsafe.Add(ref r, sp - 1) ^ 0x8000_0000u; break;
                case Opcode.F32Ceil: Unsafe.Add(ref r, sp - 1) = U(MathF.Ceiling(F(Unsafe.Add(ref r, sp - 1)))); break;
                case Opcode.F32Floor: Unsafe.Add(ref r, sp - 1) = U(MathF.Floor(F(Unsafe.Add(ref r, sp - 1)))); break;
                case Opcode.F32Trunc: Unsafe.Add(ref r, sp - 1) = U(MathF.Truncate(F(Unsafe.Add(ref r, sp - 1)))); break;
                case Opcode.F32Nearest: Unsafe.Add(ref r, sp - 1) = U(NumericOps.F32Nearest(F(Unsafe.Add(ref r, sp - 1)))); break;
                case Opcode.F32Sqrt: Unsafe.Add(ref r, sp - 1) = U(MathF.Sqrt(F(Unsafe.Add(ref r, sp - 1)))); break;
                case Opcode.F32Add: sp--; Unsafe.Add(ref r, sp - 1) = U(F(Unsafe.Add(ref r, sp - 1)) + F(Unsafe.Add(ref r, sp))); break;
                case Opcode.F32Sub: sp--; Unsafe.Add(ref r, sp - 1) = U(F(Unsafe.Add(ref r, sp - 1)) - F(Unsafe.Add(ref r, sp))); break;
                case Opcode.F32Mul: sp--; Unsafe.Add(ref r, sp - 1) = U(F(Unsafe.Add(ref r, sp - 1)) * F(Unsafe.Add(ref r, sp))); break;
                case Opcode.F32Div: sp--; Unsafe.Add(ref r, sp - 1) = U(F(Unsafe.Add(ref r, sp - 1)) / F(Unsafe.Add(ref r, sp))); break;
                case Opcode.F32Min: sp--; Unsafe.Add(ref r, sp - 1) = U(NumericOps.F32Min(F(Unsafe.Add(ref r, sp - 1)), F(Unsafe.Add(ref r, sp)))); break;
                case Opcode.F32Max: sp--; Unsafe.Add(ref r, sp - 1) = U(NumericOps.F32Max(F(Unsafe.Add(ref r, sp - 1)), F(Unsafe.Add(ref r, sp)))); break;
                case Opcode.F32Copysign: sp--; Unsafe.Add(ref r, sp - 1) = ((uint)Unsafe.Add(ref r, sp - 1) & 0x7FFF_FFFFu) | ((uint)Unsafe.Add(ref r, sp) & 0x8000_0000u); break;
                case Opcode.F64Abs: Unsafe.Add(ref r, sp - 1) &= 0x7FFF_FFFF_FFFF_FFFFUL; break;
                case Opcode.F64Neg: Unsafe.Add(ref r, sp - 1) ^= 0x8000_0000_0000_0000UL; break;
                case Opcode.F64Ceil: Unsafe.Add(ref r, sp - 1) = U(Math.Ceiling(D(Unsafe.Add(ref r, sp - 1)))); break;
                case Opcode.F64Floor: Unsafe.Add(ref r, sp - 1) = U(Math.Floor(D(Unsafe.Add(ref r, sp - 1)))); break;
                case Opcode.F64Trunc: Unsafe.Add(ref r, sp - 1) = U(Math.Truncate(D(Unsafe.Add(ref r, sp - 1)))); break;
                case Opcode.F64Nearest: Unsafe.Add(ref r, sp - 1) = U(NumericOps.F64Nearest(D(Unsafe.Add(ref r, sp - 1)))); break;
                case Opcode.F64Sqrt: Unsafe.Add(ref r, sp - 1) = U(Math.Sqrt(D(Unsafe.Add(ref r, sp - 1)))); break;
                case Opcode.F64Add: sp--; Unsafe.Add(ref r, sp - 1) = U(D(Unsafe.Add(ref r, sp - 1)) + D(Unsafe.Add(ref r, sp))); break;
                case Opcode.F64Sub: sp--; Unsafe.Add(ref r, sp - 1) = U(D(Unsafe.Add(ref r, sp - 1)) - D(Unsafe.Add(ref r, sp))); break;
                case Opcode.F64Mul: sp--; Unsafe.Add(ref r, sp - 1) = U(D(Unsafe.Add(ref r, sp - 1)) * D(Unsafe.Add(ref r, sp))); break;
                case Opcode.F64Div: sp--; Unsafe.Add(ref r, sp - 1) = U(D(Unsafe.Add(ref r, sp - 1)) / D(Unsafe.Add(ref r, sp))); break;
                case Opcode.F64Min: sp--; Unsafe.Add(ref r, sp - 1) = U(NumericOps.F64Min(D(Unsafe.Add(ref r, sp - 1)), D(Unsafe.Add(ref r, sp)))); break;
                case Opcode.F64Max: sp--; Unsafe.Add(ref r, sp - 1) = U(NumericOps.F64Max(D(Unsafe.Add(ref r, sp - 1)), D(Unsafe.Add(ref r, sp)))); break;
                case Opcode.F64Copysign: sp--; Unsafe.Add(ref r, sp - 1) = (Unsafe.Add(ref r, sp - 1) & 0x7FFF_FFFF_FFFF_FFFFUL) | (Unsafe.Add(ref r, sp) & 0x8000_0000_0000_0000UL); break;

                case Opcode.I32WrapI64: Unsafe.Add(ref r, sp - 1) = (uint)Unsafe.Add(ref r, sp - 1); break;
                case Opcode.I32TruncF32S: Unsafe.Add(ref r, sp - 1) = U(NumericOps.I32TruncF32S(F(Unsafe.Add(ref r, sp - 1)))); break;
                case Opcode.I32TruncF32U: Unsafe.Add(ref r, sp - 1) = U(NumericOps.I32TruncF32U(F(Unsafe.Add(ref r, sp - 1)))); break;
                case Opcode.I32TruncF64S: Unsafe.Add(ref r, sp - 1) = U(NumericOps.I32TruncF64S(D(Unsafe.Add(ref r, sp - 1)))); break;
                case Opcode.I32TruncF64U: Unsafe.Add(ref r, sp - 1) = U(NumericOps.I32TruncF64U(D(Unsafe.Add(ref r, sp - 1)))); break;
                case Opcode.I64ExtendI32S: Unsafe.Add(ref r, sp - 1) = U((long)I(Unsafe.Add(ref r, sp - 1))); break;
                case Opcode.I64ExtendI32U: Unsafe.Add(ref r, sp - 1) = (uint)Unsafe.Add(ref r, sp - 1); break;
                case Opcode.I64TruncF32S: Unsafe.Add(ref r, sp - 1) = U(NumericOps.I64TruncF32S(F(Unsafe.Add(ref r, sp - 1)))); break;
                case Opcode.I64TruncF32U: Unsafe.Add(ref r, sp - 1) = U(NumericOps.I64TruncF32U(F(Unsafe.Add(ref r, sp - 1)))); break;
                case Opcode.I64TruncF64S: Unsafe.Add(ref r, sp - 1) = U(NumericOps.I64TruncF64S(D(Unsafe.Add(ref r, sp - 1)))); break;
                case Opcode.I64TruncF64U: Unsafe.Add(ref r, sp - 1) = U(NumericOps.I64TruncF64U(D(Unsafe.Add(ref r, sp - 1)))); break;
                case Opcode.F32ConvertI32S: Unsafe.Add(ref r, sp - 1) = U((float)I(Unsafe.Add(ref r, sp - 1))); break;
                case Opcode.F32ConvertI32U: Unsafe.Add(ref r, sp - 1) = U((float)(uint)Unsafe.Add(ref r, sp - 1)); break;
                case Opcode.F32ConvertI64S: Unsafe.Add(ref r, sp - 1) = U(NumericOps.F32ConvertI64S(L(Unsafe.Add(ref r, sp - 1)))); break;
                case Opcode.F32ConvertI64U: Unsafe.Add(ref r, sp - 1) = U(NumericOps.F32ConvertI64U(L(Unsafe.Add(ref r, sp - 1)))); break;
                case Opcode.F32DemoteF64: Unsafe.Add(ref r, sp - 1) = U((float)D(Unsafe.Add(ref r, sp - 1))); break;
                case Opcode.F64ConvertI32S: Unsafe.Add(ref r, sp - 1) = U((double)I(Unsafe.Add(ref r, sp - 1))); break;
                case Opcode.F64ConvertI32U: Unsafe.Add(ref r, sp - 1) = U((double)(uint)Unsafe.Add(ref r, sp - 1)); break;
                case Opcode.F64ConvertI64S: Unsafe.Add(ref r, sp - 1) = U((double)L(Unsafe.Add(ref r, sp - 1))); break;
                case Opcode.F64ConvertI64U: Unsafe.Add(ref r, sp - 1) = U(NumericOps.F64ConvertI64U(L(Unsafe.Add(ref r, sp - 1)))); break;
                case Opcode.F64PromoteF32: Unsafe.Add(ref r, sp - 1) = U((double)F(Unsafe.Add(ref r, sp - 1))); break;
                case Opcode.I32ReinterpretF32 or Opcode.F32ReinterpretI32: Unsafe.Add(ref r, sp - 1) = (uint)Unsafe.Add(ref r, sp - 1); break;
                case Opcode.I64ReinterpretF64 or Opcode.F64ReinterpretI64: break;
                case Opcode.I32Extend8S: Unsafe.Add(ref r, sp - 1) = U((int)(sbyte)Unsafe.Add(ref r, sp - 1)); break;
                case Opcode.I32Extend16S: Unsafe.Add(ref r, sp - 1) = U((int)(short)Unsafe.Add(ref r, sp - 1)); break;
                case Opcode.I64Extend8S: Unsafe.Add(ref r, sp - 1) = U((long)(sbyte)Unsafe.Add(ref r, sp - 1)); break;
                case Opcode.I64Extend16S: Unsafe.Add(ref r, sp - 1) = U((long)(short)Unsafe.Add(ref r, sp - 1)); break;
                case Opcode.I64Extend32S: Unsafe.Add(ref r, sp - 1) = U((long)(int)Unsafe.Add(ref r, sp - 1)); break;
                case InterpretedBody.TruncSatBase + 0: // I32TruncSatF32S
                    Unsafe.Add(ref r, sp - 1) = U(NumericOps.I32TruncSatF32S(F(Unsafe.Add(ref r, sp - 1)))); break;
                case InterpretedBody.TruncSatBase + 1: // I32TruncSatF32U
                    Unsafe.Add(ref r, sp - 1) = U(NumericOps.I32TruncSatF32U(F(Unsafe.Add(ref r, sp - 1)))); break;
                case InterpretedBody.TruncSatBase + 2: // I32TruncSatF64S
                    Unsafe.Add(ref r, sp - 1) = U(NumericOps.I32TruncSatF64S(D(Unsafe.Add(ref r, sp - 1)))); break;
                case InterpretedBody.TruncSatBase + 3: // I32TruncSatF64U
                    Unsafe.Add(ref r, sp - 1) = U(NumericOps.I32TruncSatF64U(D(Unsafe.Add(ref r, sp - 1)))); break;
                case InterpretedBody.TruncSatBase + 4: // I64TruncSatF32S
                    Unsafe.Add(ref r, sp - 1) = U(NumericOps.I64TruncSatF32S(F(Unsafe.Add(ref r, sp - 1)))); break;
                case InterpretedBody.TruncSatBase + 5: // I64TruncSatF32U
                    Unsafe.Add(ref r, sp - 1) = U(NumericOps.I64TruncSatF32U(F(Unsafe.Add(ref r, sp - 1)))); break;
                case InterpretedBody.TruncSatBase + 6: // I64TruncSatF64S
                    Unsafe.Add(ref r, sp - 1) = U(NumericOps.I64TruncSatF64S(D(Unsafe.Add(ref r, sp - 1)))); break;
                case InterpretedBody.TruncSatBase + 7: // I64TruncSatF64U
                    Unsafe.Add(ref r, sp - 1) = U(NumericOps.I64TruncSatF64U(D(Unsafe.Add(ref r, sp - 1)))); break;
                default:
                    throw new InvalidOperationException($"the interpreter has no case for {st.Op}");
            }
        }
    }

    /// <summary>Traps once the engine's epoch reaches the store's deadline (<see cref="EngineConfig.EpochInterruption"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CheckEpoch(Store store)
    {
        if (Volatile.Read(ref store.EngineRef.Epoch) >= store.EpochDeadline) Traps.Throw(TrapCode.Interrupted);
    }

    /// <summary>Moves the top <paramref name="count"/> values to slot <paramref name="to"/> and returns the new top.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Carry(ref ulong r, int sp, int to, int count)
    {
        for (var i = 0; i < count; i++) Unsafe.Add(ref r, to + i) = Unsafe.Add(ref r, sp - count + i);
        return to + count;
    }

    /// <summary>The native address of an access of <paramref name="size"/> bytes at <paramref name="address"/> +
    /// <paramref name="offset"/>, trapping unless it lies inside the memory.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static byte* Address(byte* memoryBase, ulong length, ulong address, long offset, int size)
    {
        var ea = (ulong)(uint)address + (ulong)offset;
        if (ea + (ulong)size > length) Traps.Throw(TrapCode.MemoryOutOfBounds);
        return memoryBase + ea;
    }
}
