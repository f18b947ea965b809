using Wasm.Binary;
using Wasm.Instructions;
using Wasm.Model;

namespace Wasm.Interpretation;

/// <summary>One instruction of an <see cref="InterpretedBody"/>: a wasm opcode (or an interpreter-only one,
/// <see cref="InterpretedBody.Jump"/> and on) with its operands resolved to slots of the frame.</summary>
internal struct Step
{
    public Opcode Op;
    /// <summary>Per <see cref="Op"/>: the slot written (numeric instructions, loads), a branch target, a callee.</summary>
    public int A;
    /// <summary>Per <see cref="Op"/>: the first slot read, a branch's destination slot, a call's first argument slot.</summary>
    public int B;
    /// <summary>Per <see cref="Op"/>: the second slot read, a branch's source slot.</summary>
    public int C;
    /// <summary>Memory offsets, counts, type and table indices; never a slot.</summary>
    public long Imm;
}

/// <summary>
/// A validated function body rewritten for <see cref="Interpreter"/> as register code. A frame is an array of
/// 64-bit slots: the locals, then the body's constants, then one slot per operand-stack height. Each instruction
/// names the slots it reads and writes, so <c>local.get</c> and constants cost nothing (their slot is read in
/// place) and an instruction followed by <c>local.set</c> writes the local directly; structured control flow
/// becomes jumps with their targets resolved, and unreachable code is left out. Only bodies whose every
/// instruction the interpreter handles are rewritten (numeric values, memory 0 as a 32-bit unshared memory,
/// calls with at most one result); <see cref="TryCreate"/> returns null for the rest, which are compiled on their
/// first call as before.
/// </summary>
internal sealed class InterpretedBody
{
    // Interpreter-only opcodes, and the few wasm ones the interpreter handles above 0xFF moved next to them, in
    // the free range 0xE0-0xFF: every opcode of a body is then below 0x100, one jump table for the dispatch.
    public const Opcode Jump = (Opcode)0xE0;          // to A
    public const Opcode JumpIfZero = (Opcode)0xE1;    // to A when slot B is 0
    public const Opcode Branch = (Opcode)0xE2;        // Imm values from slot C to slot B, then to A
    public const Opcode BranchIf = (Opcode)0xE3;      // to A when slot B is not 0 (carrying nothing)
    public const Opcode BranchTable = (Opcode)0xE4;   // Branch per Tables[A + min(slot C, B)]
    public const Opcode LoopHeader = (Opcode)0xE5;    // A = loop ordinal, B = cost of an iteration, C = flags below
    public const Opcode CallDefined = (Opcode)0xE6;   // A = defined function, B = first argument's slot (the result's
                                                      // too), C = results, Imm = type index | arguments << 32
    public const Opcode CallImport = (Opcode)0xE7;    // as CallDefined, A = function index
    public const Opcode CallTable = (Opcode)0xE8;     // A = type index, B as CallDefined, C = the element index's
                                                      // slot, Imm = table | arguments << 32 | results << 48
    public const Opcode ReturnValues = (Opcode)0xE9;  // C values (0 or 1) from slot A, then return
    public const Opcode MemoryCopy = (Opcode)0xEA;    // slots A, B, C: destination, source, length
    public const Opcode MemoryFill = (Opcode)0xEB;    // slots A, B, C: destination, value, length
    public const Opcode Move = (Opcode)0xEC;          // slot B to slot A
    public const Opcode TruncSatBase = (Opcode)0xF0;  // + (op - I32TruncSatF32S): the eight saturating truncations

    // Two instructions in one step, where the first makes a value only the second reads (see MadeByLast): an i32
    // comparison and the conditional branch on it, an i32.add and the memory access at the address it makes.
    public const Opcode JumpIfCompare = (Opcode)0xC5; // + (op - I32Eq): to A when slot B op slot C (0xC5-0xCE)
    public const Opcode LoadIndexed = (Opcode)0xD7;   // + (op - I32Load): slot A = the load at slot B + slot C
                                                      // + Imm, for I32Load to I32Load16U (0xD7-0xDE)
    public const Opcode StoreIndexed = (Opcode)0xF8;  // + (op - I32Store): slot B stored at slot A + slot C
                                                      // + Imm, for I32Store to I32Store16 (0xF8-0xFD)

    /// <summary><see cref="LoopHeader"/>'s C: the loop may be entered by optimized on-stack replacement (an
    /// outermost loop entered with nothing on the operand stack and no block carrying values in).</summary>
    public const int Enterable = 1;

    /// <summary><see cref="LoopHeader"/>'s C: the loop may be entered by tier-0 code (as <see cref="Enterable"/>,
    /// inside other loops too: unoptimized code does not mind a loop with two entries).</summary>
    public const int EnterableAtTierZero = 2;

    // The bits of C above these two: 1 + the ordinal of the outermost enterable loop around the loop (0: none).

    /// <summary>A loop iteration weighs this many times its instructions: a loop that runs long in the interpreter
    /// is likely to run long still, so its on-stack-replacement variant is asked for well before the function's
    /// budget would be spent by straight-line code.</summary>
    private const int LoopIterationWeight = 16;

    /// <summary>While a body is rewritten, the slot of operand-stack height h is <c>StackSlot | h</c>: where the
    /// stack starts is known once all constants are; such slot numbers in A, B and C are resolved at the end.</summary>
    private const int StackSlot = 1 << 30;

    public readonly Step[] Code;
    /// <summary>Branch table entries, each a <see cref="Branch"/>.</summary>
    public readonly Step[] Tables;
    /// <summary>The values of the slots after the locals, copied in on entry.</summary>
    public readonly ulong[] Constants;
    public readonly int ParamCount, LocalCount, ResultCount, MaxSlots;
    /// <summary>What a call costs the function's budget.</summary>
    public readonly int CallCost;

    private InterpretedBody(Step[] code, Step[] tables, ulong[] constants, int paramCount, int localCount, int resultCount, int maxSlots, int callCost)
    {
        Code = code;
        Tables = tables;
        Constants = constants;
        ParamCount = paramCount;
        LocalCount = localCount;
        ResultCount = resultCount;
        MaxSlots = maxSlots;
        CallCost = callCost;
    }

    private sealed class Frame
    {
        public Opcode Kind;
        public int Height, Params, Results, Start, IfJump = -1, LoopOrdinal = -1;
        public long StartOffset; // a loop's module offset, for its iteration cost
        public bool Unreachable, Enterable;
        public readonly List<int> Patches = new(); // branches (and table entries, negated - 1) to this block's end
        public int Arity => Kind == Opcode.Loop ? Params : Results;
    }

    /// <summary>The body of defined function <paramref name="defined"/> rewritten, or null when the interpreter
    /// does not handle one of its instructions (or, with <paramref name="unlessOptimizable"/>, when the JIT would
    /// optimize it: <see cref="Compilation.BodyShape"/>). Compiled optimized from its first call: it runs a few
    /// times per module, each time long enough that the runtime would otherwise replace its unoptimized code
    /// mid-call, on the guest thread (18 ms of JIT seen inside a bench span).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static InterpretedBody? TryCreate(ModuleInfo module, int defined, bool unlessOptimizable = false)
    {
        var type = module.FuncTypeOf((uint)(defined + module.ImportedFuncs));
        if (!Numeric(type.Parameters) || !Numeric(type.Results) || type.Results.Length > 1) return null;
        var body = module.Bodies[defined];
        if (!Numeric(body.Locals)) return null;
        if (module.Memories.Count > 0 && (module.Memories[0].Is64 || module.Memories[0].Shared)) return null;
        var localCount = type.Parameters.Length + body.Locals.Length;
        var code = new List<Step>(body.CodeLength / 3);
        var tables = new List<Step>();
        var frames = new List<Frame>();
        // The operand stack as slots: a value of its own (StackSlot | height) or one read in place from a local's
        // or a constant's slot, until something would change it or needs it in its own slot.
        var stack = new List<int>();
        var constants = new List<ulong>();
        var constantSlots = new Dictionary<ulong, int>();
        var maxHeight = 0;
        var loops = 0;
        var reader = new CodeReader(module, body);
        var barrier = 0; // a jump may land at this step: what comes before it is not rewritten
        var shape = new Compilation.BodyShape();
        var calleeMayGrow = unlessOptimizable ? Compilation.MemoryGrowth.MayGrow(module) : [];
        frames.Add(new Frame { Kind = Opcode.Block, Results = type.Results.Length, Height = 0 });

        void Emit(Opcode op, int a = 0, int b = 0, int c = 0, long imm = 0) =>
            code.Add(new Step { Op = op, A = a, B = b, C = c, Imm = imm });
        int Own(int height) => StackSlot | height;
        int Pop()
        {
            var slot = stack[^1];
            stack.RemoveAt(stack.Count - 1);
            return slot;
        }
        void Push(int slot)
        {
            stack.Add(slot);
            if (stack.Count > maxHeight) maxHeight = stack.Count;
        }
        // Pushes a value of its own and returns its slot.
        int PushOwn()
        {
            var slot = Own(stack.Count);
            Push(slot);
            return slot;
        }
        // The values from height `from` up are moved to their own slots.
        void Materialize(int from)
        {
            for (var h = from; h < stack.Count; h++)
                if (stack[h] != Own(h))
                {
                    Emit(Move, Own(h), stack[h]);
                    stack[h] = Own(h);
                }
        }
        // Resets the stack above `height` to `count` values of their own (after a label).
        void Reset(int height, int count)
        {
            stack.RemoveRange(height, stack.Count - height);
            for (var i = 0; i < count; i++) PushOwn();
        }
        // Whether the last step made the value in `slot`, popped from the top of the stack just now, with no jump
        // landing between: nothing else reads that value, so the step that consumes it may take the last one's place.
        bool MadeByLast(int slot) => code.Count > barrier && slot == Own(stack.Count) && code[^1].A == slot;
        // Whether the last step makes a branch condition that the branch can test itself (see JumpIf).
        bool FoldsIntoBranch(int condition) => MadeByLast(condition) && code[^1].Op is >= Opcode.I32Eqz and <= Opcode.I32GeU;
        // A jump taken when the condition is (or is not) zero; its target is set later. Returns the step's index.
        int JumpIf(bool whenZero, int condition)
        {
            if (FoldsIntoBranch(condition))
            {
                var last = code[^1];
                if (last.Op is >= Opcode.I32Eq and <= Opcode.I32GeU)
                {
                    // The comparison itself decides, inverted when the jump is taken on false.
                    var compare = whenZero ? Inverse(last.Op) : last.Op;
                    code[^1] = new Step { Op = JumpIfCompare + (compare - Opcode.I32Eq), B = last.B, C = last.C };
                    return code.Count - 1;
                }
                code[^1] = new Step { Op = whenZero ? BranchIf : JumpIfZero, B = last.B }; // i32.eqz
                return code.Count - 1;
            }
            Emit(whenZero ? JumpIfZero : BranchIf, 0, condition);
            return code.Count - 1;
        }
        // A branch to the frame `depth` labels out, its carried values already in their own slots.
        void BranchTo(int depth, bool conditional, int condition)
        {
            var f = frames[frames.Count - 1 - depth];
            var carried = f.Arity;
            var from = Own(stack.Count - carried);
            var to = Own(f.Height);
            if (carried == 0 || from == to)
            {
                if (conditional) JumpIf(false, condition);
                else Emit(Jump);
            }
            else
            {
                if (conditional)
                {
                    var skip = JumpIf(true, condition);
                    var s = code[skip];
                    s.A = skip + 2;
                    code[skip] = s;
                }
                Emit(Branch, 0, to, from, carried);
            }
            if (f.Kind == Opcode.Loop)
            {
                var s = code[^1];
                s.A = f.Start;
                code[^1] = s;
            }
            else f.Patches.Add(code.Count - 1);
        }
        // The value is written to local `local`: the last instruction writes it there directly when it made the
        // value and no jump lands in between; values read in place from the local move to their own slots first.
        void SetLocal(int local, int value)
        {
            var moved = false;
            for (var h = 0; h < stack.Count; h++)
                if (stack[h] == local)
                {
                    Emit(Move, Own(h), local);
                    stack[h] = Own(h);
                    moved = true;
                }
            if (!moved && code.Count > barrier && value == Own(stack.Count) && code[^1].A == value && WritesA(code[^1].Op))
            {
                var last = code[^1];
                last.A = local;
                code[^1] = last;
            }
            else Emit(Move, local, value);
        }
        int Constant(ulong bits)
        {
            if (!constantSlots.TryGetValue(bits, out var slot))
            {
                slot = localCount + constants.Count;
                constants.Add(bits);
                constantSlots.Add(bits, slot);
            }
            return slot;
        }

        while (!reader.AtEnd)
        {
            reader.Read(out var ins);
            var op = ins.Op;
            var top = frames[^1];
            if (unlessOptimizable)
                shape.Add(in ins, op != Opcode.Call || (long)ins.A < module.ImportedFuncs || calleeMayGrow[ins.A - module.ImportedFuncs]);
            if (top.Unreachable)
            {
                // Skip dead code up to the end (or else) of the frame that became unreachable, nested blocks included.
                if (op is Opcode.Block or Opcode.Loop or Opcode.If) { frames.Add(new Frame { Kind = (Opcode)0xFFFF, Unreachable = true }); continue; }
                if (top.Kind == (Opcode)0xFFFF)
                {
                    if (op == Opcode.End) frames.RemoveAt(frames.Count - 1);
                    continue;
                }
                if (op is not (Opcode.End or Opcode.Else)) continue;
            }
            switch (op)
            {
                case Opcode.Nop:
                    break;
                case Opcode.Unreachable:
                    Emit(Opcode.Unreachable);
                    top.Unreachable = true;
                    break;
                case Opcode.Block or Opcode.Loop or Opcode.If:
                {
                    if (!BlockArity(module, ins.Block, out var ps, out var rs)) return null;
                    var condition = op == Opcode.If ? Pop() : 0;
                    // Values on the stack at a label are in their own slots, wherever control comes from.
                    Materialize(0);
                    var f = new Frame { Kind = op, Params = ps, Results = rs, Height = stack.Count - ps };
                    if (op == Opcode.If) f.IfJump = JumpIf(true, condition);
                    else if (op == Opcode.Loop)
                    {
                        barrier = code.Count;
                        f.Start = code.Count;
                        f.LoopOrdinal = loops++;
                        // Entered with nothing waiting on the operand stack, in no block that carries values in.
                        var clean = stack.Count == 0 && ps == 0 && frames.TrueForAll(x => x.Params == 0 && (x == frames[0] || x.Height == 0));
                        var outermost = frames.Find(x => x.Kind == Opcode.Loop);
                        f.Enterable = clean && outermost is null;
                        var target = outermost ?? f;
                        var flags = (f.Enterable ? Enterable : 0) | (clean ? EnterableAtTierZero : 0)
                            | (target.Enterable ? (target.LoopOrdinal + 1) << 2 : 0);
                        f.StartOffset = ins.Offset;
                        Emit(LoopHeader, f.LoopOrdinal, 0, flags); // its cost is known at its end
                    }
                    frames.Add(f);
                    break;
                }
                case Opcode.Else:
                {
                    // End of the then-arm: its results to their own slots, then a jump over the else-arm; a false
                    // condition lands after it.
                    if (!top.Unreachable) Materialize(top.Height);
                    top.Patches.Add(code.Count);
                    Emit(Jump);
                    var jump = code[top.IfJump];
                    jump.A = code.Count;
                    code[top.IfJump] = jump;
                    barrier = code.Count;
                    top.IfJump = -1;
                    top.Unreachable = false;
                    top.Kind = Opcode.Else;
                    Reset(top.Height, top.Params);
                    break;
                }
                case Opcode.End:
                {
                    if (!top.Unreachable) Materialize(top.Height);
                    frames.RemoveAt(frames.Count - 1);
                    if (top.Kind == Opcode.Loop)
                    {
                        var header = code[top.Start];
                        header.B = LoopIterationWeight * Cost(ins.Offset - top.StartOffset);
                        code[top.Start] = header;
                    }
                    if (top.IfJump >= 0)
                    {
                        var jump = code[top.IfJump];
                        jump.A = code.Count;
                        code[top.IfJump] = jump;
                    }
                    foreach (var at in top.Patches)
                    {
                        if (at >= 0)
                        {
                            var s = code[at];
                            s.A = code.Count;
                            code[at] = s;
                        }
                        else
                        {
                            var s = tables[-at - 1];
                            s.A = code.Count;
                            tables[-at - 1] = s;
                        }
                    }
                    barrier = code.Count;
                    Reset(top.Height, top.Results);
                    if (frames.Count == 0) Emit(ReturnValues, Own(0), 0, type.Results.Length);
                    break;
                }
                case Opcode.Br when (int)ins.A == frames.Count - 1: // to the function's end: a return
                case Opcode.Return:
                    Emit(ReturnValues, type.Results.Length == 0 ? 0 : stack[^1], 0, type.Results.Length);
                    top.Unreachable = true;
                    break;
                case Opcode.Br:
                    Materialize(stack.Count - frames[frames.Count - 1 - (int)ins.A].Arity);
                    BranchTo((int)ins.A, false, 0);
                    top.Unreachable = true;
                    break;
                case Opcode.BrIf:
                {
                    var condition = Pop();
                    // The moves of carried values go before the comparison that makes the condition, so that it
                    // can still fold into the branch: they write only slots the comparison does not read (of
                    // values below its operands not yet in their own slots).
                    Step? comparison = null;
                    var carried = frames[frames.Count - 1 - (int)ins.A].Arity;
                    if (carried > 0 && FoldsIntoBranch(condition))
                    {
                        comparison = code[^1];
                        code.RemoveAt(code.Count - 1);
                    }
                    Materialize(stack.Count - carried);
                    if (comparison is { } c) code.Add(c);
                    BranchTo((int)ins.A, true, condition);
                    break;
                }
                case Opcode.BrTable:
                {
                    var index = Pop();
                    var targets = ins.Targets!;
                    var carried = frames[frames.Count - 1 - (int)ins.A].Arity;
                    Materialize(stack.Count - carried);
                    var from = Own(stack.Count - carried);
                    var first = tables.Count;
                    for (var i = 0; i <= targets.Length; i++)
                    {
                        var depth = (int)(i < targets.Length ? targets[i] : ins.A);
                        var f = frames[frames.Count - 1 - depth];
                        var entry = new Step { Op = Branch, B = Own(f.Height), C = from, Imm = Own(f.Height) == from ? 0 : carried };
                        if (f.Kind == Opcode.Loop) entry.A = f.Start;
                        else f.Patches.Add(-tables.Count - 1);
                        tables.Add(entry);
                    }
                    Emit(BranchTable, first, targets.Length, index);
                    top.Unreachable = true;
                    break;
                }
                case Opcode.Call:
                {
                    var callee = module.FuncTypeOf(ins.A);
                    if (!Numeric(callee.Parameters) || !Numeric(callee.Results) || callee.Results.Length > 1) return null;
                    var n = callee.Parameters.Length;
                    var typeIndex = module.FuncTypeIndices[(int)ins.A];
                    // The arguments in their own slots, where the callee's frame starts.
                    Materialize(stack.Count - n);
                    var at = Own(stack.Count - n);
                    var imm = typeIndex | (long)n << 32;
                    if ((int)ins.A < module.ImportedFuncs) Emit(CallImport, (int)ins.A, at, callee.Results.Length, imm);
                    else Emit(CallDefined, (int)ins.A - module.ImportedFuncs, at, callee.Results.Length, imm);
                    Reset(stack.Count - n, callee.Results.Length);
                    break;
                }
                case Opcode.CallIndirect:
                {
                    var callee = module.Types[(int)ins.A];
                    if (callee is null || module.Tables[(int)ins.B].Is64) return null;
                    if (!Numeric(callee.Parameters) || !Numeric(callee.Results) || callee.Results.Length > 1) return null;
                    var n = callee.Parameters.Length;
                    var index = Pop();
                    Materialize(stack.Count - n);
                    var at = Own(stack.Count - n);
                    Emit(CallTable, (int)ins.A, at, index, ins.B | (long)n << 32 | (long)callee.Results.Length << 48);
                    Reset(stack.Count - n, callee.Results.Length);
                    break;
                }
                case Opcode.Drop:
                    Pop();
                    break;
                case Opcode.Select or Opcode.SelectTyped:
                {
                    if (op == Opcode.SelectTyped && !Numeric([ins.Type])) return null;
                    var condition = Pop();
                    var second = Pop();
                    // In place: the first value's own slot keeps it or takes the second.
                    Materialize(stack.Count - 1);
                    Emit(Opcode.Select, stack[^1], second, condition);
                    break;
                }
                case Opcode.LocalGet:
                    Push((int)ins.A);
                    break;
                case Opcode.LocalSet:
                    SetLocal((int)ins.A, Pop());
                    break;
                case Opcode.LocalTee:
                    SetLocal((int)ins.A, Pop());
                    Push((int)ins.A);
                    break;
                case Opcode.GlobalGet or Opcode.GlobalSet:
                {
                    var kind = module.Globals[(int)ins.A].Type.Type.Kind;
                    if (kind is not (ValKind.I32 or ValKind.I64 or ValKind.F32 or ValKind.F64)) return null;
                    if (op == Opcode.GlobalGet) Emit(op, PushOwn(), (int)ins.A, (int)kind);
                    else Emit(op, Pop(), (int)ins.A, (int)kind);
                    break;
                }
                case Opcode.I32Const or Opcode.F32Const:
                    Push(Constant((uint)ins.Imm));
                    break;
                case Opcode.I64Const or Opcode.F64Const:
                    Push(Constant(ins.Imm));
                    break;
                case Opcode.MemorySize:
                    if (ins.A != 0) return null;
                    Emit(op, PushOwn());
                    break;
                case Opcode.MemoryGrow:
                {
                    if (ins.A != 0) return null;
                    var delta = Pop();
                    Emit(op, PushOwn(), delta);
                    break;
                }
                case Opcode.MemoryCopy or Opcode.MemoryFill:
                {
                    if (ins.A != 0 || (op == Opcode.MemoryCopy && ins.B != 0)) return null;
                    var length = Pop();
                    var second = Pop();
                    var destination = Pop();
                    Emit(op == Opcode.MemoryCopy ? MemoryCopy : MemoryFill, destination, second, length);
                    break;
                }
                default:
                {
                    var info = ins.Info;
                    if (info.Immediate == Immediate.MemArg)
                    {
                        if (ins.B != 0 || info.IsSimd || info.IsAtomic || !IsPlainAccess(op)) return null;
                        if (info.Results!.Length == 0)
                        {
                            var value = Pop();
                            var address = Pop();
                            if (op <= Opcode.I32Store16 && MadeByLast(address) && code[^1].Op == Opcode.I32Add)
                            {
                                var add = code[^1];
                                code[^1] = new Step { Op = StoreIndexed + (op - Opcode.I32Store), A = add.B, B = value, C = add.C, Imm = (long)ins.Imm };
                            }
                            else Emit(op, address, value, 0, (long)ins.Imm);
                        }
                        else
                        {
                            var address = Pop();
                            if (op <= Opcode.I32Load16U && MadeByLast(address) && code[^1].Op == Opcode.I32Add)
                            {
                                var add = code[^1];
                                code[^1] = new Step { Op = LoadIndexed + (op - Opcode.I32Load), A = PushOwn(), B = add.B, C = add.C, Imm = (long)ins.Imm };
                            }
                            else Emit(op, PushOwn(), address, 0, (long)ins.Imm);
                        }
                    }
                    else if (info.Immediate == Immediate.None && IsNumeric(op))
                    {
                        var emitted = op is >= Opcode.I32TruncSatF32S and <= Opcode.I64TruncSatF64U ? TruncSatBase + (op - Opcode.I32TruncSatF32S) : op;
                        if (info.Params!.Length == 2)
                        {
                            var right = Pop();
                            var left = Pop();
                            Emit(emitted, PushOwn(), left, right);
                        }
                        else
                        {
                            var operand = Pop();
                            Emit(emitted, PushOwn(), operand);
                        }
                    }
                    else return null;
                    break;
                }
            }
        }
        // Compiled optimized, such a body runs fast at once; the interpreter is for the ones the JIT would not.
        if (unlessOptimizable && shape.Optimizable(body.Locals.Length)) return null;
        var stackBase = localCount + constants.Count;
        var steps = code.ToArray();
        for (var i = 0; i < steps.Length; i++) Resolve(ref steps[i], stackBase);
        var entries = tables.ToArray();
        for (var i = 0; i < entries.Length; i++) Resolve(ref entries[i], stackBase);
        var bytes = module.Bodies[defined].CodeLength;
        return new InterpretedBody(steps, entries, [.. constants], type.Parameters.Length, localCount, type.Results.Length,
            stackBase + maxHeight + 1, Cost(bytes));
    }

    /// <summary>Stack slots numbered while rewriting (<see cref="StackSlot"/>) become frame slots: the other values
    /// in A, B and C (targets, indices, counts) are far below <see cref="StackSlot"/>.</summary>
    private static void Resolve(ref Step step, int stackBase)
    {
        if ((step.A & StackSlot) != 0) step.A = stackBase + (step.A & ~StackSlot);
        if ((step.B & StackSlot) != 0) step.B = stackBase + (step.B & ~StackSlot);
        if ((step.C & StackSlot) != 0) step.C = stackBase + (step.C & ~StackSlot);
    }

    /// <summary>Whether an instruction only writes slot A, from operands it has read first: a value it makes may
    /// go straight to a local instead.</summary>
    private static bool WritesA(Opcode op) =>
        op is Move or Opcode.GlobalGet or Opcode.MemorySize or Opcode.MemoryGrow
            or >= TruncSatBase and <= TruncSatBase + 7
            or >= LoadIndexed and <= LoadIndexed + (Opcode.I32Load16U - Opcode.I32Load)
        || (op < (Opcode)0xC5 && (IsNumeric(op) || op is >= Opcode.I32Load and <= Opcode.I64Load32U));

    /// <summary>The i32 comparison true exactly when <paramref name="op"/> is false.</summary>
    private static Opcode Inverse(Opcode op) => op switch
    {
        Opcode.I32Eq => Opcode.I32Ne,
        Opcode.I32Ne => Opcode.I32Eq,
        Opcode.I32LtS => Opcode.I32GeS,
        Opcode.I32LtU => Opcode.I32GeU,
        Opcode.I32GtS => Opcode.I32LeS,
        Opcode.I32GtU => Opcode.I32LeU,
        Opcode.I32LeS => Opcode.I32GtS,
        Opcode.I32LeU => Opcode.I32GtU,
        Opcode.I32GeS => Opcode.I32LtS,
        _ => Opcode.I32LtU,
    };

    // About the instructions a pass over this much code runs (uncapped, unlike tier-0 code's counts: an interpreted
    // function's budget weighs interpreting it against compiling all of it).
    private static int Cost(long bytes) => (int)Math.Min(1 + bytes / 4, 1 << 24);

    private static bool BlockArity(ModuleInfo module, BlockType block, out int parameters, out int results)
    {
        parameters = results = 0;
        switch (block.Kind)
        {
            case BlockTypeKind.Empty:
                return true;
            case BlockTypeKind.Value:
                results = 1;
                return Numeric([block.Value]);
            default:
                var ft = module.FuncTypeAt(block.Index);
                if (ft is null || !Numeric(ft.Parameters) || !Numeric(ft.Results)) return false;
                parameters = ft.Parameters.Length;
                results = ft.Results.Length;
                return true;
        }
    }

    private static bool Numeric(ReadOnlySpan<ValType> types)
    {
        foreach (var t in types)
            if (t.Kind is not (ValKind.I32 or ValKind.I64 or ValKind.F32 or ValKind.F64)) return false;
        return true;
    }

    private static bool IsPlainAccess(Opcode op) => op is >= Opcode.I32Load and <= Opcode.I64Store32;

    private static bool IsNumeric(Opcode op) =>
        op is >= Opcode.I32Eqz and <= Opcode.I64Extend32S or >= Opcode.I32TruncSatF32S and <= Opcode.I64TruncSatF64U;
}
