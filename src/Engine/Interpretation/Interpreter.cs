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
/// program's main function, costs the JIT about a microsecond per byte to compile and the interpreter 2-4 ns per
/// step (each step a wasm instruction with the <c>local.get</c>s and constants it reads folded in) to run. A function's budget (<see cref="TierState.Counters"/>) is spent per call and
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
        tiers.Calls[function]++;
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
        body.Constants.AsSpan().CopyTo(s.AsSpan(fp + body.LocalCount));
        // Unchecked slot access: the frame's slots were made room for above, and every slot a step names lies in it.
        ref var f = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(s), fp);
        var memory = ctx.Memory0;
        byte* mb = memory is null ? null : memory.Base;
        var ml = memory is null ? 0UL : memory.Length;

        // Loop headers stop Straight while compiled code the call could move to may exist, and for epoch checks.
        var watch = epochs || Volatile.Read(ref tiers.HandOverLoop[function]) != 0 || Volatile.Read(ref tiers.OsrLoop[function]) != 0;
        // Pinned for the call: a pointer to the next step keeps the dispatch to an increment and a load.
        fixed (Step* code = body.Code)
        {
            var ip = code;
            while (true)
            {
                ip = Straight(code, ip, ref f, mb, ml, body.Tables, ref counters[function], watch);
                ref readonly var st = ref *ip++;
                switch (st.Op)
                {
                    case InterpretedBody.ReturnValues:
                        if (st.C != 0) f = Unsafe.Add(ref f, st.A);
                        stack.Top = savedTop;
                        return;
                    case InterpretedBody.LoopHeader:
                        // Straight spent the iteration's budget already.
                        if (epochs) CheckEpoch(store!);
                        if (counters[function] <= 0)
                        {
                            tiers.LoopHotInInterpreter(function, (st.C & InterpretedBody.EnterableAtTierZero) != 0 ? st.A : -1, (st.C >> 2) - 1);
                            watch = true; // compiled code to move to is on its way: look for it at each loop header
                        }
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
                        var at = fp + st.B;
                        var callee = st.A;
                        if (Volatile.Read(ref tiers.Entries[callee]) == 0 && tiers.Interpreted[callee] && tiers.InterpretedBodyOf(callee) is not null)
                            Execute(ctx, tiers, callee, stack, at);
                        else
                            ((delegate*<nint, VmContext, InterpreterStack, int, void>)tiers.InterpreterCallOfType((int)st.Imm))(tiers.EntryOf(callee), ctx, stack, at);
                        s = stack.Slots;
                        f = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(s), fp);
                        if (memory is not null) { mb = memory.Base; ml = memory.Length; }
                        break;
                    }
                    case InterpretedBody.CallImport:
                    {
                        var fn = ctx.Functions[st.A];
                        ((delegate*<nint, VmContext, InterpreterStack, int, void>)tiers.InterpreterCallOfType((int)st.Imm))(fn.Code, fn.Ctx, stack, fp + st.B);
                        s = stack.Slots;
                        f = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(s), fp);
                        if (memory is not null) { mb = memory.Base; ml = memory.Length; }
                        break;
                    }
                    case InterpretedBody.CallTable:
                    {
                        var index = (uint)I(Unsafe.Add(ref f, st.C));
                        var elements = ctx.Tables[(int)st.Imm].Elements;
                        if (index >= (uint)elements.Length) Traps.Throw(TrapCode.UndefinedElement);
                        if (elements[index] is not Function fn) { Traps.Throw(TrapCode.UninitializedElement); return; }
                        var expected = ctx.Types[st.A];
                        if (fn.TypeId != expected.Id && (expected.Final || !GcOps.FuncTypeMatches(fn.TypeId, expected.Id)))
                            Traps.Throw(TrapCode.IndirectCallTypeMismatch);
                        ((delegate*<nint, VmContext, InterpreterStack, int, void>)tiers.InterpreterCallOfType(st.A))(fn.Code, fn.Ctx, stack, fp + st.B);
                        s = stack.Slots;
                        f = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(s), fp);
                        if (memory is not null) { mb = memory.Base; ml = memory.Length; }
                        break;
                    }

                    case Opcode.Unreachable: Traps.Throw(TrapCode.Unreachable); break;
                    case Opcode.GlobalGet:
                    {
                        var g = ctx.Globals[st.B];
                        Unsafe.Add(ref f, st.A) = (ValKind)st.C switch
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
                        var g = ctx.Globals[st.B];
                        var v = Unsafe.Add(ref f, st.A);
                        switch ((ValKind)st.C)
                        {
                            case ValKind.I32: g.I32 = I(v); break;
                            case ValKind.I64: g.I64 = L(v); break;
                            case ValKind.F32: g.F32 = F(v); break;
                            default: g.F64 = D(v); break;
                        }
                        break;
                    }

                    case Opcode.MemorySize: Unsafe.Add(ref f, st.A) = U((int)(ml >> 16)); break;
                    case Opcode.MemoryGrow:
                        Unsafe.Add(ref f, st.A) = U(BulkOps.MemoryGrow(I(Unsafe.Add(ref f, st.B)), 0, ctx));
                        mb = memory!.Base;
                        ml = memory.Length;
                        break;
                    case InterpretedBody.MemoryCopy:
                        BulkOps.MemoryCopy(I(Unsafe.Add(ref f, st.A)), I(Unsafe.Add(ref f, st.B)), I(Unsafe.Add(ref f, st.C)), 0, 0, ctx);
                        break;
                    case InterpretedBody.MemoryFill:
                        BulkOps.MemoryFill(I(Unsafe.Add(ref f, st.A)), I(Unsafe.Add(ref f, st.B)), I(Unsafe.Add(ref f, st.C)), 0, ctx);
                        break;
                    default:
                        throw new InvalidOperationException($"the interpreter has no case for {st.Op}");
                }
            }
        }
    }

    /// <summary>Runs the steps from <paramref name="ip"/> that need only the frame and the memory, and returns the
    /// first that needs more: a call, a return, a global, a loop header once the function's budget is spent or
    /// while <paramref name="watch"/>. Apart from <see cref="Execute"/> and its calls, the JIT keeps the step
    /// pointer, the frame and the memory in registers here rather than reloading them at every step.</summary>
    private static Step* Straight(Step* code, Step* ip, ref ulong f, byte* mb, ulong ml, Step[] tables, ref int budget, bool watch)
    {
        while (true)
        {
            // Unchecked: every jump target lies inside the body, which ends with a return.
            ref readonly var st = ref *ip++;
            switch (st.Op)
            {
                case InterpretedBody.Jump:
                    ip = code + st.A;
                    break;
                case InterpretedBody.JumpIfZero:
                    if (I(Unsafe.Add(ref f, st.B)) == 0) ip = code + st.A;
                    break;
                case InterpretedBody.BranchIf:
                    if (I(Unsafe.Add(ref f, st.B)) != 0) ip = code + st.A;
                    break;
                case InterpretedBody.Branch:
                    Carry(ref f, st.B, st.C, (int)st.Imm);
                    ip = code + st.A;
                    break;
                case InterpretedBody.BranchTable:
                {
                    var index = (uint)I(Unsafe.Add(ref f, st.C));
                    ref readonly var entry = ref tables[st.A + (int)Math.Min(index, (uint)st.B)];
                    Carry(ref f, entry.B, entry.C, (int)entry.Imm);
                    ip = code + entry.A;
                    break;
                }
                case InterpretedBody.JumpIfCompare + 0: if (I(Unsafe.Add(ref f, st.B)) == I(Unsafe.Add(ref f, st.C))) ip = code + st.A; break;
                case InterpretedBody.JumpIfCompare + 1: if (I(Unsafe.Add(ref f, st.B)) != I(Unsafe.Add(ref f, st.C))) ip = code + st.A; break;
                case InterpretedBody.JumpIfCompare + 2: if (I(Unsafe.Add(ref f, st.B)) < I(Unsafe.Add(ref f, st.C))) ip = code + st.A; break;
                case InterpretedBody.JumpIfCompare + 3: if ((uint)Unsafe.Add(ref f, st.B) < (uint)Unsafe.Add(ref f, st.C)) ip = code + st.A; break;
                case InterpretedBody.JumpIfCompare + 4: if (I(Unsafe.Add(ref f, st.B)) > I(Unsafe.Add(ref f, st.C))) ip = code + st.A; break;
                case InterpretedBody.JumpIfCompare + 5: if ((uint)Unsafe.Add(ref f, st.B) > (uint)Unsafe.Add(ref f, st.C)) ip = code + st.A; break;
                case InterpretedBody.JumpIfCompare + 6: if (I(Unsafe.Add(ref f, st.B)) <= I(Unsafe.Add(ref f, st.C))) ip = code + st.A; break;
                case InterpretedBody.JumpIfCompare + 7: if ((uint)Unsafe.Add(ref f, st.B) <= (uint)Unsafe.Add(ref f, st.C)) ip = code + st.A; break;
                case InterpretedBody.JumpIfCompare + 8: if (I(Unsafe.Add(ref f, st.B)) >= I(Unsafe.Add(ref f, st.C))) ip = code + st.A; break;
                case InterpretedBody.JumpIfCompare + 9: if ((uint)Unsafe.Add(ref f, st.B) >= (uint)Unsafe.Add(ref f, st.C)) ip = code + st.A; break;
                case Opcode.Select:
                    if (I(Unsafe.Add(ref f, st.C)) == 0) Unsafe.Add(ref f, st.A) = Unsafe.Add(ref f, st.B);
                    break;
                case InterpretedBody.Move: Unsafe.Add(ref f, st.A) = Unsafe.Add(ref f, st.B); break;
                case Opcode.I32Store or Opcode.F32Store or Opcode.I64Store32:
                    Unsafe.WriteUnaligned(Address(mb, ml, Unsafe.Add(ref f, st.A), st.Imm, 4), (uint)Unsafe.Add(ref f, st.B));
                    break;
                case Opcode.I64Store or Opcode.F64Store:
                    Unsafe.WriteUnaligned(Address(mb, ml, Unsafe.Add(ref f, st.A), st.Imm, 8), Unsafe.Add(ref f, st.B));
                    break;
                case Opcode.I32Store8 or Opcode.I64Store8:
                    *Address(mb, ml, Unsafe.Add(ref f, st.A), st.Imm, 1) = (byte)Unsafe.Add(ref f, st.B);
                    break;
                case Opcode.I32Store16 or Opcode.I64Store16:
                    Unsafe.WriteUnaligned(Address(mb, ml, Unsafe.Add(ref f, st.A), st.Imm, 2), (ushort)Unsafe.Add(ref f, st.B));
                    break;

                case Opcode.I32Load: Unsafe.Add(ref f, st.A) = Unsafe.ReadUnaligned<uint>(Address(mb, ml, Unsafe.Add(ref f, st.B), st.Imm, 4)); break;
                case Opcode.I64Load: Unsafe.Add(ref f, st.A) = Unsafe.ReadUnaligned<ulong>(Address(mb, ml, Unsafe.Add(ref f, st.B), st.Imm, 8)); break;
                case Opcode.F32Load: Unsafe.Add(ref f, st.A) = Unsafe.ReadUnaligned<uint>(Address(mb, ml, Unsafe.Add(ref f, st.B), st.Imm, 4)); break;
                case Opcode.F64Load: Unsafe.Add(ref f, st.A) = Unsafe.ReadUnaligned<ulong>(Address(mb, ml, Unsafe.Add(ref f, st.B), st.Imm, 8)); break;
                case Opcode.I32Load8S: Unsafe.Add(ref f, st.A) = U((int)*(sbyte*)Address(mb, ml, Unsafe.Add(ref f, st.B), st.Imm, 1)); break;
                case Opcode.I32Load8U: Unsafe.Add(ref f, st.A) = *Address(mb, ml, Unsafe.Add(ref f, st.B), st.Imm, 1); break;
                case Opcode.I32Load16S: Unsafe.Add(ref f, st.A) = U((int)Unsafe.ReadUnaligned<short>(Address(mb, ml, Unsafe.Add(ref f, st.B), st.Imm, 2))); break;
                case Opcode.I32Load16U: Unsafe.Add(ref f, st.A) = Unsafe.ReadUnaligned<ushort>(Address(mb, ml, Unsafe.Add(ref f, st.B), st.Imm, 2)); break;
                case Opcode.I64Load8S: Unsafe.Add(ref f, st.A) = U((long)*(sbyte*)Address(mb, ml, Unsafe.Add(ref f, st.B), st.Imm, 1)); break;
                case Opcode.I64Load8U: Unsafe.Add(ref f, st.A) = *Address(mb, ml, Unsafe.Add(ref f, st.B), st.Imm, 1); break;
                case Opcode.I64Load16S: Unsafe.Add(ref f, st.A) = U((long)Unsafe.ReadUnaligned<short>(Address(mb, ml, Unsafe.Add(ref f, st.B), st.Imm, 2))); break;
                case Opcode.I64Load16U: Unsafe.Add(ref f, st.A) = Unsafe.ReadUnaligned<ushort>(Address(mb, ml, Unsafe.Add(ref f, st.B), st.Imm, 2)); break;
                case Opcode.I64Load32S: Unsafe.Add(ref f, st.A) = U((long)Unsafe.ReadUnaligned<int>(Address(mb, ml, Unsafe.Add(ref f, st.B), st.Imm, 4))); break;
                case Opcode.I64Load32U: Unsafe.Add(ref f, st.A) = Unsafe.ReadUnaligned<uint>(Address(mb, ml, Unsafe.Add(ref f, st.B), st.Imm, 4)); break;

                // The address is slot B + slot C (an i32.add folded in): its low 32 bits, as Address takes them.
                case InterpretedBody.LoadIndexed + 0: // I32Load
                case InterpretedBody.LoadIndexed + 2: // F32Load
                    Unsafe.Add(ref f, st.A) = Unsafe.ReadUnaligned<uint>(Address(mb, ml, Unsafe.Add(ref f, st.B) + Unsafe.Add(ref f, st.C), st.Imm, 4)); break;
                case InterpretedBody.LoadIndexed + 1: // I64Load
                case InterpretedBody.LoadIndexed + 3: // F64Load
                    Unsafe.Add(ref f, st.A) = Unsafe.ReadUnaligned<ulong>(Address(mb, ml, Unsafe.Add(ref f, st.B) + Unsafe.Add(ref f, st.C), st.Imm, 8)); break;
                case InterpretedBody.LoadIndexed + 4: // I32Load8S
                    Unsafe.Add(ref f, st.A) = U((int)*(sbyte*)Address(mb, ml, Unsafe.Add(ref f, st.B) + Unsafe.Add(ref f, st.C), st.Imm, 1)); break;
                case InterpretedBody.LoadIndexed + 5: // I32Load8U
                    Unsafe.Add(ref f, st.A) = *Address(mb, ml, Unsafe.Add(ref f, st.B) + Unsafe.Add(ref f, st.C), st.Imm, 1); break;
                case InterpretedBody.LoadIndexed + 6: // I32Load16S
                    Unsafe.Add(ref f, st.A) = U((int)Unsafe.ReadUnaligned<short>(Address(mb, ml, Unsafe.Add(ref f, st.B) + Unsafe.Add(ref f, st.C), st.Imm, 2))); break;
                case InterpretedBody.LoadIndexed + 7: // I32Load16U
                    Unsafe.Add(ref f, st.A) = Unsafe.ReadUnaligned<ushort>(Address(mb, ml, Unsafe.Add(ref f, st.B) + Unsafe.Add(ref f, st.C), st.Imm, 2)); break;
                case InterpretedBody.StoreIndexed + 0: // I32Store
                case InterpretedBody.StoreIndexed + 2: // F32Store
                    Unsafe.WriteUnaligned(Address(mb, ml, Unsafe.Add(ref f, st.A) + Unsafe.Add(ref f, st.C), st.Imm, 4), (uint)Unsafe.Add(ref f, st.B)); break;
                case InterpretedBody.StoreIndexed + 1: // I64Store
                case InterpretedBody.StoreIndexed + 3: // F64Store
                    Unsafe.WriteUnaligned(Address(mb, ml, Unsafe.Add(ref f, st.A) + Unsafe.Add(ref f, st.C), st.Imm, 8), Unsafe.Add(ref f, st.B)); break;
                case InterpretedBody.StoreIndexed + 4: // I32Store8
                    *Address(mb, ml, Unsafe.Add(ref f, st.A) + Unsafe.Add(ref f, st.C), st.Imm, 1) = (byte)Unsafe.Add(ref f, st.B); break;
                case InterpretedBody.StoreIndexed + 5: // I32Store16
                    Unsafe.WriteUnaligned(Address(mb, ml, Unsafe.Add(ref f, st.A) + Unsafe.Add(ref f, st.C), st.Imm, 2), (ushort)Unsafe.Add(ref f, st.B)); break;

                case Opcode.I32Eqz: Unsafe.Add(ref f, st.A) = U(I(Unsafe.Add(ref f, st.B)) == 0); break;
                case Opcode.I32Eq: Unsafe.Add(ref f, st.A) = U(I(Unsafe.Add(ref f, st.B)) == I(Unsafe.Add(ref f, st.C))); break;
                case Opcode.I32Ne: Unsafe.Add(ref f, st.A) = U(I(Unsafe.Add(ref f, st.B)) != I(Unsafe.Add(ref f, st.C))); break;
                case Opcode.I32LtS: Unsafe.Add(ref f, st.A) = U(I(Unsafe.Add(ref f, st.B)) < I(Unsafe.Add(ref f, st.C))); break;
                case Opcode.I32LtU: Unsafe.Add(ref f, st.A) = U((uint)Unsafe.Add(ref f, st.B) < (uint)Unsafe.Add(ref f, st.C)); break;
                case Opcode.I32GtS: Unsafe.Add(ref f, st.A) = U(I(Unsafe.Add(ref f, st.B)) > I(Unsafe.Add(ref f, st.C))); break;
                case Opcode.I32GtU: Unsafe.Add(ref f, st.A) = U((uint)Unsafe.Add(ref f, st.B) > (uint)Unsafe.Add(ref f, st.C)); break;
                case Opcode.I32LeS: Unsafe.Add(ref f, st.A) = U(I(Unsafe.Add(ref f, st.B)) <= I(Unsafe.Add(ref f, st.C))); break;
                case Opcode.I32LeU: Unsafe.Add(ref f, st.A) = U((uint)Unsafe.Add(ref f, st.B) <= (uint)Unsafe.Add(ref f, st.C)); break;
                case Opcode.I32GeS: Unsafe.Add(ref f, st.A) = U(I(Unsafe.Add(ref f, st.B)) >= I(Unsafe.Add(ref f, st.C))); break;
                case Opcode.I32GeU: Unsafe.Add(ref f, st.A) = U((uint)Unsafe.Add(ref f, st.B) >= (uint)Unsafe.Add(ref f, st.C)); break;
                case Opcode.I64Eqz: Unsafe.Add(ref f, st.A) = U(Unsafe.Add(ref f, st.B) == 0); break;
                case Opcode.I64Eq: Unsafe.Add(ref f, st.A) = U(Unsafe.Add(ref f, st.B) == Unsafe.Add(ref f, st.C)); break;
                case Opcode.I64Ne: Unsafe.Add(ref f, st.A) = U(Unsafe.Add(ref f, st.B) != Unsafe.Add(ref f, st.C)); break;
                case Opcode.I64LtS: Unsafe.Add(ref f, st.A) = U(L(Unsafe.Add(ref f, st.B)) < L(Unsafe.Add(ref f, st.C))); break;
                case Opcode.I64LtU: Unsafe.Add(ref f, st.A) = U(Unsafe.Add(ref f, st.B) < Unsafe.Add(ref f, st.C)); break;
                case Opcode.I64GtS: Unsafe.Add(ref f, st.A) = U(L(Unsafe.Add(ref f, st.B)) > L(Unsafe.Add(ref f, st.C))); break;
                case Opcode.I64GtU: Unsafe.Add(ref f, st.A) = U(Unsafe.Add(ref f, st.B) > Unsafe.Add(ref f, st.C)); break;
                case Opcode.I64LeS: Unsafe.Add(ref f, st.A) = U(L(Unsafe.Add(ref f, st.B)) <= L(Unsafe.Add(ref f, st.C))); break;
                case Opcode.I64LeU: Unsafe.Add(ref f, st.A) = U(Unsafe.Add(ref f, st.B) <= Unsafe.Add(ref f, st.C)); break;
                case Opcode.I64GeS: Unsafe.Add(ref f, st.A) = U(L(Unsafe.Add(ref f, st.B)) >= L(Unsafe.Add(ref f, st.C))); break;
                case Opcode.I64GeU: Unsafe.Add(ref f, st.A) = U(Unsafe.Add(ref f, st.B) >= Unsafe.Add(ref f, st.C)); break;
                case Opcode.F32Eq: Unsafe.Add(ref f, st.A) = U(F(Unsafe.Add(ref f, st.B)) == F(Unsafe.Add(ref f, st.C))); break;
                case Opcode.F32Ne: Unsafe.Add(ref f, st.A) = U(F(Unsafe.Add(ref f, st.B)) != F(Unsafe.Add(ref f, st.C))); break;
                case Opcode.F32Lt: Unsafe.Add(ref f, st.A) = U(F(Unsafe.Add(ref f, st.B)) < F(Unsafe.Add(ref f, st.C))); break;
                case Opcode.F32Gt: Unsafe.Add(ref f, st.A) = U(F(Unsafe.Add(ref f, st.B)) > F(Unsafe.Add(ref f, st.C))); break;
                case Opcode.F32Le: Unsafe.Add(ref f, st.A) = U(F(Unsafe.Add(ref f, st.B)) <= F(Unsafe.Add(ref f, st.C))); break;
                case Opcode.F32Ge: Unsafe.Add(ref f, st.A) = U(F(Unsafe.Add(ref f, st.B)) >= F(Unsafe.Add(ref f, st.C))); break;
                case Opcode.F64Eq: Unsafe.Add(ref f, st.A) = U(D(Unsafe.Add(ref f, st.B)) == D(Unsafe.Add(ref f, st.C))); break;
                case Opcode.F64Ne: Unsafe.Add(ref f, st.A) = U(D(Unsafe.Add(ref f, st.B)) != D(Unsafe.Add(ref f, st.C))); break;
                case Opcode.F64Lt: Unsafe.Add(ref f, st.A) = U(D(Unsafe.Add(ref f, st.B)) < D(Unsafe.Add(ref f, st.C))); break;
                case Opcode.F64Gt: Unsafe.Add(ref f, st.A) = U(D(Unsafe.Add(ref f, st.B)) > D(Unsafe.Add(ref f, st.C))); break;
                case Opcode.F64Le: Unsafe.Add(ref f, st.A) = U(D(Unsafe.Add(ref f, st.B)) <= D(Unsafe.Add(ref f, st.C))); break;
                case Opcode.F64Ge: Unsafe.Add(ref f, st.A) = U(D(Unsafe.Add(ref f, st.B)) >= D(Unsafe.Add(ref f, st.C))); break;

                case Opcode.I32Clz: Unsafe.Add(ref f, st.A) = (ulong)BitOperations.LeadingZeroCount((uint)Unsafe.Add(ref f, st.B)); break;
                case Opcode.I32Ctz: Unsafe.Add(ref f, st.A) = (ulong)BitOperations.TrailingZeroCount((uint)Unsafe.Add(ref f, st.B)); break;
                case Opcode.I32Popcnt: Unsafe.Add(ref f, st.A) = (ulong)BitOperations.PopCount((uint)Unsafe.Add(ref f, st.B)); break;
                case Opcode.I32Add: Unsafe.Add(ref f, st.A) = U(I(Unsafe.Add(ref f, st.B)) + I(Unsafe.Add(ref f, st.C))); break;
                case Opcode.I32Sub: Unsafe.Add(ref f, st.A) = U(I(Unsafe.Add(ref f, st.B)) - I(Unsafe.Add(ref f, st.C))); break;
                case Opcode.I32Mul: Unsafe.Add(ref f, st.A) = U(I(Unsafe.Add(ref f, st.B)) * I(Unsafe.Add(ref f, st.C))); break;
                case Opcode.I32DivS: Unsafe.Add(ref f, st.A) = U(NumericOps.I32DivS(I(Unsafe.Add(ref f, st.B)), I(Unsafe.Add(ref f, st.C)))); break;
                case Opcode.I32DivU: Unsafe.Add(ref f, st.A) = U(NumericOps.I32DivU(I(Unsafe.Add(ref f, st.B)), I(Unsafe.Add(ref f, st.C)))); break;
                case Opcode.I32RemS: Unsafe.Add(ref f, st.A) = U(NumericOps.I32RemS(I(Unsafe.Add(ref f, st.B)), I(Unsafe.Add(ref f, st.C)))); break;
                case Opcode.I32RemU: Unsafe.Add(ref f, st.A) = U(NumericOps.I32RemU(I(Unsafe.Add(ref f, st.B)), I(Unsafe.Add(ref f, st.C)))); break;
                case Opcode.I32And: Unsafe.Add(ref f, st.A) = U(I(Unsafe.Add(ref f, st.B)) & I(Unsafe.Add(ref f, st.C))); break;
                case Opcode.I32Or: Unsafe.Add(ref f, st.A) = U(I(Unsafe.Add(ref f, st.B)) | I(Unsafe.Add(ref f, st.C))); break;
                case Opcode.I32Xor: Unsafe.Add(ref f, st.A) = U(I(Unsafe.Add(ref f, st.B)) ^ I(Unsafe.Add(ref f, st.C))); break;
                case Opcode.I32Shl: Unsafe.Add(ref f, st.A) = U(I(Unsafe.Add(ref f, st.B)) << I(Unsafe.Add(ref f, st.C))); break;
                case Opcode.I32ShrS: Unsafe.Add(ref f, st.A) = U(I(Unsafe.Add(ref f, st.B)) >> I(Unsafe.Add(ref f, st.C))); break;
                case Opcode.I32ShrU: Unsafe.Add(ref f, st.A) = (uint)Unsafe.Add(ref f, st.B) >> I(Unsafe.Add(ref f, st.C)); break;
                case Opcode.I32Rotl: Unsafe.Add(ref f, st.A) = BitOperations.RotateLeft((uint)Unsafe.Add(ref f, st.B), I(Unsafe.Add(ref f, st.C))); break;
                case Opcode.I32Rotr: Unsafe.Add(ref f, st.A) = BitOperations.RotateRight((uint)Unsafe.Add(ref f, st.B), I(Unsafe.Add(ref f, st.C))); break;
                case Opcode.I64Clz: Unsafe.Add(ref f, st.A) = (ulong)BitOperations.LeadingZeroCount(Unsafe.Add(ref f, st.B)); break;
                case Opcode.I64Ctz: Unsafe.Add(ref f, st.A) = (ulong)BitOperations.TrailingZeroCount(Unsafe.Add(ref f, st.B)); break;
                case Opcode.I64Popcnt: Unsafe.Add(ref f, st.A) = (ulong)BitOperations.PopCount(Unsafe.Add(ref f, st.B)); break;
                case Opcode.I64Add: Unsafe.Add(ref f, st.A) = Unsafe.Add(ref f, st.B) + Unsafe.Add(ref f, st.C); break;
                case Opcode.I64Sub: Unsafe.Add(ref f, st.A) = Unsafe.Add(ref f, st.B) - Unsafe.Add(ref f, st.C); break;
                case Opcode.I64Mul: Unsafe.Add(ref f, st.A) = Unsafe.Add(ref f, st.B) * Unsafe.Add(ref f, st.C); break;
                case Opcode.I64DivS: Unsafe.Add(ref f, st.A) = U(NumericOps.I64DivS(L(Unsafe.Add(ref f, st.B)), L(Unsafe.Add(ref f, st.C)))); break;
                case Opcode.I64DivU: Unsafe.Add(ref f, st.A) = U(NumericOps.I64DivU(L(Unsafe.Add(ref f, st.B)), L(Unsafe.Add(ref f, st.C)))); break;
                case Opcode.I64RemS: Unsafe.Add(ref f, st.A) = U(NumericOps.I64RemS(L(Unsafe.Add(ref f, st.B)), L(Unsafe.Add(ref f, st.C)))); break;
                case Opcode.I64RemU: Unsafe.Add(ref f, st.A) = U(NumericOps.I64RemU(L(Unsafe.Add(ref f, st.B)), L(Unsafe.Add(ref f, st.C)))); break;
                case Opcode.I64And: Unsafe.Add(ref f, st.A) = Unsafe.Add(ref f, st.B) & Unsafe.Add(ref f, st.C); break;
                case Opcode.I64Or: Unsafe.Add(ref f, st.A) = Unsafe.Add(ref f, st.B) | Unsafe.Add(ref f, st.C); break;
                case Opcode.I64Xor: Unsafe.Add(ref f, st.A) = Unsafe.Add(ref f, st.B) ^ Unsafe.Add(ref f, st.C); break;
                case Opcode.I64Shl: Unsafe.Add(ref f, st.A) = Unsafe.Add(ref f, st.B) << (int)Unsafe.Add(ref f, st.C); break;
                case Opcode.I64ShrS: Unsafe.Add(ref f, st.A) = U(L(Unsafe.Add(ref f, st.B)) >> (int)Unsafe.Add(ref f, st.C)); break;
                case Opcode.I64ShrU: Unsafe.Add(ref f, st.A) = Unsafe.Add(ref f, st.B) >> (int)Unsafe.Add(ref f, st.C); break;
                case Opcode.I64Rotl: Unsafe.Add(ref f, st.A) = BitOperations.RotateLeft(Unsafe.Add(ref f, st.B), (int)Unsafe.Add(ref f, st.C)); break;
                case Opcode.I64Rotr: Unsafe.Add(ref f, st.A) = BitOperations.RotateRight(Unsafe.Add(ref f, st.B), (int)Unsafe.Add(ref f, st.C)); break;

                case Opcode.F32Abs: Unsafe.Add(ref f, st.A) = (uint)Unsafe.Add(ref f, st.B) & 0x7FFF_FFFFu; break;
                case Opcode.F32Neg: Unsafe.Add(ref f, st.A) = (uint)Unsafe.Add(ref f, st.B) ^ 0x8000_0000u; break;
                case Opcode.F32Ceil: Unsafe.Add(ref f, st.A) = U(MathF.Ceiling(F(Unsafe.Add(ref f, st.B)))); break;
                case Opcode.F32Floor: Unsafe.Add(ref f, st.A) = U(MathF.Floor(F(Unsafe.Add(ref f, st.B)))); break;
                case Opcode.F32Trunc: Unsafe.Add(ref f, st.A) = U(MathF.Truncate(F(Unsafe.Add(ref f, st.B)))); break;
                case Opcode.F32Nearest: Unsafe.Add(ref f, st.A) = U(NumericOps.F32Nearest(F(Unsafe.Add(ref f, st.B)))); break;
                case Opcode.F32Sqrt: Unsafe.Add(ref f, st.A) = U(MathF.Sqrt(F(Unsafe.Add(ref f, st.B)))); break;
                case Opcode.F32Add: Unsafe.Add(ref f, st.A) = U(F(Unsafe.Add(ref f, st.B)) + F(Unsafe.Add(ref f, st.C))); break;
                case Opcode.F32Sub: Unsafe.Add(ref f, st.A) = U(F(Unsafe.Add(ref f, st.B)) - F(Unsafe.Add(ref f, st.C))); break;
                case Opcode.F32Mul: Unsafe.Add(ref f, st.A) = U(F(Unsafe.Add(ref f, st.B)) * F(Unsafe.Add(ref f, st.C))); break;
                case Opcode.F32Div: Unsafe.Add(ref f, st.A) = U(F(Unsafe.Add(ref f, st.B)) / F(Unsafe.Add(ref f, st.C))); break;
                case Opcode.F32Min: Unsafe.Add(ref f, st.A) = U(NumericOps.F32Min(F(Unsafe.Add(ref f, st.B)), F(Unsafe.Add(ref f, st.C)))); break;
                case Opcode.F32Max: Unsafe.Add(ref f, st.A) = U(NumericOps.F32Max(F(Unsafe.Add(ref f, st.B)), F(Unsafe.Add(ref f, st.C)))); break;
                case Opcode.F32Copysign: Unsafe.Add(ref f, st.A) = ((uint)Unsafe.Add(ref f, st.B) & 0x7FFF_FFFFu) | ((uint)Unsafe.Add(ref f, st.C) & 0x8000_0000u); break;
                case Opcode.F64Abs: Unsafe.Add(ref f, st.A) = Unsafe.Add(ref f, st.B) & 0x7FFF_FFFF_FFFF_FFFFUL; break;
                case Opcode.F64Neg: Unsafe.Add(ref f, st.A) = Unsafe.Add(ref f, st.B) ^ 0x8000_0000_0000_0000UL; break;
                case Opcode.F64Ceil: Unsafe.Add(ref f, st.A) = U(Math.Ceiling(D(Unsafe.Add(ref f, st.B)))); break;
                case Opcode.F64Floor: Unsafe.Add(ref f, st.A) = U(Math.Floor(D(Unsafe.Add(ref f, st.B)))); break;
                case Opcode.F64Trunc: Unsafe.Add(ref f, st.A) = U(Math.Truncate(D(Unsafe.Add(ref f, st.B)))); break;
                case Opcode.F64Nearest: Unsafe.Add(ref f, st.A) = U(NumericOps.F64Nearest(D(Unsafe.Add(ref f, st.B)))); break;
                case Opcode.F64Sqrt: Unsafe.Add(ref f, st.A) = U(Math.Sqrt(D(Unsafe.Add(ref f, st.B)))); break;
                case Opcode.F64Add: Unsafe.Add(ref f, st.A) = U(D(Unsafe.Add(ref f, st.B)) + D(Unsafe.Add(ref f, st.C))); break;
                case Opcode.F64Sub: Unsafe.Add(ref f, st.A) = U(D(Unsafe.Add(ref f, st.B)) - D(Unsafe.Add(ref f, st.C))); break;
                case Opcode.F64Mul: Unsafe.Add(ref f, st.A) = U(D(Unsafe.Add(ref f, st.B)) * D(Unsafe.Add(ref f, st.C))); break;
                case Opcode.F64Div: Unsafe.Add(ref f, st.A) = U(D(Unsafe.Add(ref f, st.B)) / D(Unsafe.Add(ref f, st.C))); break;
                case Opcode.F64Min: Unsafe.Add(ref f, st.A) = U(NumericOps.F64Min(D(Unsafe.Add(ref f, st.B)), D(Unsafe.Add(ref f, st.C)))); break;
                case Opcode.F64Max: Unsafe.Add(ref f, st.A) = U(NumericOps.F64Max(D(Unsafe.Add(ref f, st.B)), D(Unsafe.Add(ref f, st.C)))); break;
                case Opcode.F64Copysign: Unsafe.Add(ref f, st.A) = (Unsafe.Add(ref f, st.B) & 0x7FFF_FFFF_FFFF_FFFFUL) | (Unsafe.Add(ref f, st.C) & 0x8000_0000_0000_0000UL); break;

                case Opcode.I32WrapI64: Unsafe.Add(ref f, st.A) = (uint)Unsafe.Add(ref f, st.B); break;
                case Opcode.I32TruncF32S: Unsafe.Add(ref f, st.A) = U(NumericOps.I32TruncF32S(F(Unsafe.Add(ref f, st.B)))); break;
                case Opcode.I32TruncF32U: Unsafe.Add(ref f, st.A) = U(NumericOps.I32TruncF32U(F(Unsafe.Add(ref f, st.B)))); break;
                case Opcode.I32TruncF64S: Unsafe.Add(ref f, st.A) = U(NumericOps.I32TruncF64S(D(Unsafe.Add(ref f, st.B)))); break;
                case Opcode.I32TruncF64U: Unsafe.Add(ref f, st.A) = U(NumericOps.I32TruncF64U(D(Unsafe.Add(ref f, st.B)))); break;
                case Opcode.I64ExtendI32S: Unsafe.Add(ref f, st.A) = U((long)I(Unsafe.Add(ref f, st.B))); break;
                case Opcode.I64ExtendI32U: Unsafe.Add(ref f, st.A) = (uint)Unsafe.Add(ref f, st.B); break;
                case Opcode.I64TruncF32S: Unsafe.Add(ref f, st.A) = U(NumericOps.I64TruncF32S(F(Unsafe.Add(ref f, st.B)))); break;
                case Opcode.I64TruncF32U: Unsafe.Add(ref f, st.A) = U(NumericOps.I64TruncF32U(F(Unsafe.Add(ref f, st.B)))); break;
                case Opcode.I64TruncF64S: Unsafe.Add(ref f, st.A) = U(NumericOps.I64TruncF64S(D(Unsafe.Add(ref f, st.B)))); break;
                case Opcode.I64TruncF64U: Unsafe.Add(ref f, st.A) = U(NumericOps.I64TruncF64U(D(Unsafe.Add(ref f, st.B)))); break;
                case Opcode.F32ConvertI32S: Unsafe.Add(ref f, st.A) = U((float)I(Unsafe.Add(ref f, st.B))); break;
                case Opcode.F32ConvertI32U: Unsafe.Add(ref f, st.A) = U((float)(uint)Unsafe.Add(ref f, st.B)); break;
                case Opcode.F32ConvertI64S: Unsafe.Add(ref f, st.A) = U(NumericOps.F32ConvertI64S(L(Unsafe.Add(ref f, st.B)))); break;
                case Opcode.F32ConvertI64U: Unsafe.Add(ref f, st.A) = U(NumericOps.F32ConvertI64U(L(Unsafe.Add(ref f, st.B)))); break;
                case Opcode.F32DemoteF64: Unsafe.Add(ref f, st.A) = U((float)D(Unsafe.Add(ref f, st.B))); break;
                case Opcode.F64ConvertI32S: Unsafe.Add(ref f, st.A) = U((double)I(Unsafe.Add(ref f, st.B))); break;
                case Opcode.F64ConvertI32U: Unsafe.Add(ref f, st.A) = U((double)(uint)Unsafe.Add(ref f, st.B)); break;
                case Opcode.F64ConvertI64S: Unsafe.Add(ref f, st.A) = U((double)L(Unsafe.Add(ref f, st.B))); break;
                case Opcode.F64ConvertI64U: Unsafe.Add(ref f, st.A) = U(NumericOps.F64ConvertI64U(L(Unsafe.Add(ref f, st.B)))); break;
                case Opcode.F64PromoteF32: Unsafe.Add(ref f, st.A) = U((double)F(Unsafe.Add(ref f, st.B))); break;
                case Opcode.I32ReinterpretF32 or Opcode.F32ReinterpretI32: Unsafe.Add(ref f, st.A) = (uint)Unsafe.Add(ref f, st.B); break;
                case Opcode.I64ReinterpretF64 or Opcode.F64ReinterpretI64: Unsafe.Add(ref f, st.A) = Unsafe.Add(ref f, st.B); break;
                case Opcode.I32Extend8S: Unsafe.Add(ref f, st.A) = U((int)(sbyte)Unsafe.Add(ref f, st.B)); break;
                case Opcode.I32Extend16S: Unsafe.Add(ref f, st.A) = U((int)(short)Unsafe.Add(ref f, st.B)); break;
                case Opcode.I64Extend8S: Unsafe.Add(ref f, st.A) = U((long)(sbyte)Unsafe.Add(ref f, st.B)); break;
                case Opcode.I64Extend16S: Unsafe.Add(ref f, st.A) = U((long)(short)Unsafe.Add(ref f, st.B)); break;
                case Opcode.I64Extend32S: Unsafe.Add(ref f, st.A) = U((long)(int)Unsafe.Add(ref f, st.B)); break;
                case InterpretedBody.TruncSatBase + 0: // I32TruncSatF32S
                    Unsafe.Add(ref f, st.A) = U(NumericOps.I32TruncSatF32S(F(Unsafe.Add(ref f, st.B)))); break;
                case InterpretedBody.TruncSatBase + 1: // I32TruncSatF32U
                    Unsafe.Add(ref f, st.A) = U(NumericOps.I32TruncSatF32U(F(Unsafe.Add(ref f, st.B)))); break;
                case InterpretedBody.TruncSatBase + 2: // I32TruncSatF64S
                    Unsafe.Add(ref f, st.A) = U(NumericOps.I32TruncSatF64S(D(Unsafe.Add(ref f, st.B)))); break;
                case InterpretedBody.TruncSatBase + 3: // I32TruncSatF64U
                    Unsafe.Add(ref f, st.A) = U(NumericOps.I32TruncSatF64U(D(Unsafe.Add(ref f, st.B)))); break;
                case InterpretedBody.TruncSatBase + 4: // I64TruncSatF32S
                    Unsafe.Add(ref f, st.A) = U(NumericOps.I64TruncSatF32S(F(Unsafe.Add(ref f, st.B)))); break;
                case InterpretedBody.TruncSatBase + 5: // I64TruncSatF32U
                    Unsafe.Add(ref f, st.A) = U(NumericOps.I64TruncSatF32U(F(Unsafe.Add(ref f, st.B)))); break;
                case InterpretedBody.TruncSatBase + 6: // I64TruncSatF64S
                    Unsafe.Add(ref f, st.A) = U(NumericOps.I64TruncSatF64S(D(Unsafe.Add(ref f, st.B)))); break;
                case InterpretedBody.TruncSatBase + 7: // I64TruncSatF64U
                    Unsafe.Add(ref f, st.A) = U(NumericOps.I64TruncSatF64U(D(Unsafe.Add(ref f, st.B)))); break;

                case InterpretedBody.LoopHeader:
                    if ((budget -= st.B) <= 0 || watch) return ip - 1;
                    break;
                default:
                    return ip - 1;
            }
        }
    }

    /// <summary>Traps once the engine's epoch reaches the store's deadline (<see cref="EngineConfig.EpochInterruption"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CheckEpoch(Store store)
    {
        if (Volatile.Read(ref store.EngineRef.Epoch) >= store.EpochDeadline) Traps.Throw(TrapCode.Interrupted);
    }

    /// <summary>Copies <paramref name="count"/> slots from <paramref name="from"/> to <paramref name="to"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Carry(ref ulong frame, int to, int from, int count)
    {
        for (var i = 0; i < count; i++) Unsafe.Add(ref frame, to + i) = Unsafe.Add(ref frame, from + i);
    }

    /// <summary>The native address of an access of <paramref name="size"/> bytes at <paramref name="address"/> +
    /// <paramref name="offset"/>, trapping unless it lies inside the memory.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static byte* Address(byte* memoryBase, ulong length, ulong address, long offset, int size)
    {
        var ea = (ulong)(uint)address + (ulong)offset;
        if (ea + (ulong)size > length) throw Traps.Create(TrapCode.MemoryOutOfBounds);
        return memoryBase + ea;
    }
}
