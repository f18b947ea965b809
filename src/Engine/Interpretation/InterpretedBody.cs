using Wasm.Binary;
using Wasm.Instructions;
using Wasm.Model;

namespace Wasm.Interpretation;

/// <summary>One instruction of an <see cref="InterpretedBody"/>: a wasm opcode (or an interpreter-only one,
/// <see cref="InterpretedBody.Jump"/> and on) with its operands resolved.</summary>
internal struct Step
{
    public Opcode Op;
    /// <summary>Local or global index, branch target, callee, loop ordinal; per <see cref="Op"/>.</summary>
    public int A;
    /// <summary>Branch: the slot (from the frame's start) the carried values move to. Call: argument count.</summary>
    public int B;
    /// <summary>Branch: how many values it carries. Call: result count.</summary>
    public int C;
    /// <summary>Constants' bits, memory offsets.</summary>
    public long Imm;
}

/// <summary>
/// A validated function body rewritten for <see cref="Interpreter"/>: structured control flow becomes jumps with
/// their targets and stack heights resolved, unreachable code is left out, and each instruction is a fixed-size
/// <see cref="Step"/>. Only bodies whose every instruction the interpreter handles are rewritten (numeric values,
/// memory 0 as a 32-bit unshared memory, calls with at most one result); <see cref="TryCreate"/> returns null for
/// the rest, which are compiled on their first call as before.
/// </summary>
internal sealed class InterpretedBody
{
    // Interpreter-only opcodes, and the few wasm ones the interpreter handles above 0xFF moved next to them, in
    // the free range 0xE0-0xFF: every opcode of a body is then below 0x100, one jump table for the dispatch.
    public const Opcode Jump = (Opcode)0xE0;          // to A
    public const Opcode JumpIfZero = (Opcode)0xE1;    // pops a condition; to A when it is 0 (if without else taken)
    public const Opcode Branch = (Opcode)0xE2;        // to A, carrying C values to slot B
    public const Opcode BranchIf = (Opcode)0xE3;      // pops a condition; Branch when it is not 0
    public const Opcode BranchTable = (Opcode)0xE4;   // pops an index; Branch per Tables[A + min(index, B)]
    public const Opcode LoopHeader = (Opcode)0xE5;    // A = loop ordinal, B = cost of an iteration, C = flags below
    public const Opcode CallDefined = (Opcode)0xE6;   // A = defined function, B = arguments, C = results, Imm = type index
    public const Opcode CallImport = (Opcode)0xE7;    // A = function index, B = arguments, C = results, Imm = type index
    public const Opcode CallTable = (Opcode)0xE8;     // A = type index, B = arguments, C = results, Imm = table
    public const Opcode ReturnValues = (Opcode)0xE9;  // C values to slot 0, then return
    public const Opcode MemoryCopy = (Opcode)0xEA;
    public const Opcode MemoryFill = (Opcode)0xEB;
    public const Opcode TruncSatBase = (Opcode)0xF0;  // + (op - I32TruncSatF32S): the eight saturating truncations
    // Fused sequences, the commonest in compiled straight-line code (address arithmetic and stores of constants).
    public const Opcode LocalAddConst = (Opcode)0xEC;    // local.get A; i32.const Imm; i32.add
    public const Opcode StoreConstAtLocal = (Opcode)0xED; // local.get A; i32.const B; i32.store offset=Imm

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

    public readonly Step[] Code;
    /// <summary>Branch table entries: (target, slot, carried) per <see cref="BranchTable"/>.</summary>
    public readonly Step[] Tables;
    public readonly int ParamCount, LocalCount, ResultCount, MaxSlots;
    /// <summary>What a call costs the function's budget.</summary>
    public readonly int CallCost;

    private InterpretedBody(Step[] code, Step[] tables, int paramCount, int localCount, int resultCount, int maxSlots, int callCost)
    {
        Code = code;
        Tables = tables;
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
    /// optimize it: <see cref="Compilation.BodyShape"/>).</summary>
    public static InterpretedBody? TryCreate(ModuleInfo module, int defined, bool unlessOptimizable = false)
    {
        var type = module.FuncTypeOf((uint)(defined + module.ImportedFuncs));
        if (!Numeric(type.Parameters) || !Numeric(type.Results) || type.Results.Length > 1) return null;
        var body = module.Bodies[defined];
        if (!Numeric(body.Locals)) return null;
        if (module.Memories.Count > 0 && (module.Memories[0].Is64 || module.Memories[0].Shared)) return null;
        var localCount = type.Parameters.Length + body.Locals.Length;
        var code = new List<Step>(body.CodeLength / 2);
        var tables = new List<Step>();
        var frames = new List<Frame>();
        var height = 0;
        var maxHeight = 0;
        var loops = 0;
        var reader = new CodeReader(module, body);
        var barrier = 0; // no fused sequence starts before this step: a jump may land here
        var shape = new Compilation.BodyShape();
        var calleeMayGrow = unlessOptimizable ? Compilation.MemoryGrowth.MayGrow(module) : [];
        frames.Add(new Frame { Kind = Opcode.Block, Results = type.Results.Length, Height = 0 });

        void Push(int n)
        {
            height += n;
            if (height > maxHeight) maxHeight = height;
        }
        void Emit(Opcode op, int a = 0, int b = 0, int c = 0, long imm = 0) =>
            code.Add(new Step { Op = op, A = a, B = b, C = c, Imm = imm });
        // A branch to the frame `depth` labels out: patched later unless it targets a loop.
        Step BranchTo(int depth, Opcode op)
        {
            var f = frames[frames.Count - 1 - depth];
            var step = new Step { Op = op, B = localCount + f.Height, C = f.Arity };
            if (f.Kind == Opcode.Loop) step.A = f.Start;
            else f.Patches.Add(code.Count);
            return step;
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
            if (op is Opcode.Block or Opcode.Loop or Opcode.If or Opcode.Else or Opcode.End) barrier = code.Count;
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
                    if (op == Opcode.If) height--;
                    var f = new Frame { Kind = op, Params = ps, Results = rs, Height = height - ps };
                    if (op == Opcode.If)
                    {
                        f.IfJump = code.Count;
                        Emit(JumpIfZero);
                    }
                    else if (op == Opcode.Loop)
                    {
                        f.Start = code.Count;
                        f.LoopOrdinal = loops++;
                        // Entered with nothing waiting on the operand stack, in no block that carries values in.
                        var clean = height == 0 && ps == 0 && frames.TrueForAll(x => x.Params == 0 && (x == frames[0] || x.Height == 0));
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
                    // End of the then-arm: jump over the else-arm; a false condition lands here.
                    top.Patches.Add(code.Count);
                    Emit(Jump);
                    var jump = code[top.IfJump];
                    jump.A = code.Count;
                    code[top.IfJump] = jump;
                    top.IfJump = -1;
                    top.Unreachable = false;
                    top.Kind = Opcode.Else;
                    height = top.Height + top.Params;
                    break;
                }
                case Opcode.End:
                {
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
                    height = top.Height + top.Results;
                    if (frames.Count == 0) Emit(ReturnValues, c: type.Results.Length);
                    break;
                }
                case Opcode.Br:
                    code.Add(BranchTo((int)ins.A, Branch));
                    top.Unreachable = true;
                    break;
                case Opcode.BrIf:
                    height--;
                    code.Add(BranchTo((int)ins.A, BranchIf));
                    break;
                case Opcode.BrTable:
                {
                    height--;
                    var targets = ins.Targets!;
                    var first = tables.Count;
                    for (var i = 0; i <= targets.Length; i++)
                    {
                        var depth = (int)(i < targets.Length ? targets[i] : ins.A);
                        var f = frames[frames.Count - 1 - depth];
                        var entry = new Step { B = localCount + f.Height, C = f.Arity };
                        if (f.Kind == Opcode.Loop) entry.A = f.Start;
                        else f.Patches.Add(-tables.Count - 1);
                        tables.Add(entry);
                    }
                    Emit(BranchTable, first, targets.Length);
                    top.Unreachable = true;
                    break;
                }
                case Opcode.Return:
                    Emit(ReturnValues, c: type.Results.Length);
                    top.Unreachable = true;
                    break;
                case Opcode.Call:
                {
                    var callee = module.FuncTypeOf(ins.A);
                    if (!Numeric(callee.Parameters) || !Numeric(callee.Results) || callee.Results.Length > 1) return null;
                    var n = callee.Parameters.Length;
                    var typeIndex = module.FuncTypeIndices[(int)ins.A];
                    if ((int)ins.A < module.ImportedFuncs) Emit(CallImport, (int)ins.A, n, callee.Results.Length, typeIndex);
                    else Emit(CallDefined, (int)ins.A - module.ImportedFuncs, n, callee.Results.Length, typeIndex);
                    height -= n;
                    Push(callee.Results.Length);
                    break;
                }
                case Opcode.CallIndirect:
                {
                    var callee = module.Types[(int)ins.A];
                    if (callee is null || module.Tables[(int)ins.B].Is64) return null;
                    if (!Numeric(callee.Parameters) || !Numeric(callee.Results) || callee.Results.Length > 1) return null;
                    var n = callee.Parameters.Length;
                    Emit(CallTable, (int)ins.A, n, callee.Results.Length, ins.B);
                    height -= n + 1;
                    Push(callee.Results.Length);
                    break;
                }
                case Opcode.Drop:
                    Emit(Opcode.Drop);
                    height--;
                    break;
                case Opcode.Select or Opcode.SelectTyped:
                    if (op == Opcode.SelectTyped && !Numeric([ins.Type])) return null;
                    Emit(Opcode.Select);
                    height -= 2;
                    break;
                case Opcode.LocalGet:
                    Emit(op, (int)ins.A);
                    Push(1);
                    break;
                case Opcode.LocalSet:
                    Emit(op, (int)ins.A);
                    height--;
                    break;
                case Opcode.LocalTee:
                    Emit(op, (int)ins.A);
                    break;
                case Opcode.GlobalGet or Opcode.GlobalSet:
                {
                    var kind = module.Globals[(int)ins.A].Type.Type.Kind;
                    if (kind is not (ValKind.I32 or ValKind.I64 or ValKind.F32 or ValKind.F64)) return null;
                    Emit(op, (int)ins.A, (int)kind);
                    if (op == Opcode.GlobalGet) Push(1);
                    else height--;
                    break;
                }
                case Opcode.I32Const or Opcode.I64Const or Opcode.F32Const or Opcode.F64Const:
                    Emit(op, imm: (long)ins.Imm);
                    Push(1);
                    break;
                case Opcode.MemorySize or Opcode.MemoryGrow:
                    if (ins.A != 0) return null;
                    Emit(op);
                    if (op == Opcode.MemorySize) Push(1);
                    break;
                case Opcode.MemoryCopy:
                    if (ins.A != 0 || ins.B != 0) return null;
                    Emit(MemoryCopy);
                    height -= 3;
                    break;
                case Opcode.MemoryFill:
                    if (ins.A != 0) return null;
                    Emit(MemoryFill);
                    height -= 3;
                    break;
                default:
                {
                    var info = ins.Info;
                    if (info.Immediate == Immediate.MemArg)
                    {
                        if (ins.B != 0 || info.IsSimd || info.IsAtomic || !IsPlainAccess(op)) return null;
                        if (op == Opcode.I32Store && LocalThenConst(code, barrier, out var local, out var value))
                        {
                            code.RemoveAt(code.Count - 1);
                            code[^1] = new Step { Op = StoreConstAtLocal, A = local, B = (int)value, Imm = (long)ins.Imm };
                        }
                        else Emit(op, imm: (long)ins.Imm);
                    }
                    else if (op == Opcode.I32Add && LocalThenConst(code, barrier, out var local, out var value))
                    {
                        code.RemoveAt(code.Count - 1);
                        code[^1] = new Step { Op = LocalAddConst, A = local, Imm = (int)value };
                    }
                    else if (info.Immediate == Immediate.None && op is >= Opcode.I32TruncSatF32S and <= Opcode.I64TruncSatF64U)
                        Emit(TruncSatBase + (op - Opcode.I32TruncSatF32S));
                    else if (info.Immediate == Immediate.None && IsNumeric(op)) Emit(op);
                    else return null;
                    height -= info.Params!.Length;
                    Push(info.Results!.Length);
                    break;
                }
            }
        }
        // Compiled optimized, such a body runs fast at once; the interpreter is for the ones the JIT would not.
        if (unlessOptimizable && shape.Optimizable(body.Locals.Length)) return null;
        var bytes = module.Bodies[defined].CodeLength;
        return new InterpretedBody([.. code], [.. tables], type.Parameters.Length, localCount, type.Results.Length,
            localCount + maxHeight + 1, Cost(bytes));
    }

    // About the instructions a pass over this much code runs (uncapped, unlike tier-0 code's counts: an interpreted
    // function's budget weighs interpreting it against compiling all of it).
    /// <summary>Whether the last two steps, both after <paramref name="barrier"/>, are <c>local.get</c> and
    /// <c>i32.const</c>: the start of a fused sequence.</summary>
    private static bool LocalThenConst(List<Step> code, int barrier, out int local, out long value)
    {
        var n = code.Count;
        if (n - 2 >= barrier && code[n - 2].Op == Opcode.LocalGet && code[n - 1].Op == Opcode.I32Const)
        {
            (local, value) = (code[n - 2].A, code[n - 1].Imm);
            return true;
        }
        (local, value) = (0, 0);
        return false;
    }

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
