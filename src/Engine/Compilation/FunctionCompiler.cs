using System.Reflection;
using System.Reflection.Emit;
using Wasm.Binary;
using Wasm.Instructions;
using Wasm.Model;
using Wasm.Validation;

namespace Wasm.Compilation;

/// <summary>
/// Translates one function body to IL in a single pass, validating as it goes: the validator owns the operand
/// types, this class owns labels and IL-level bookkeeping.
/// <para>
/// Operands live on the IL evaluation stack. Invariant: entering a block spills whatever lies below the block's
/// parameters into locals, so every frame starts on an empty IL stack and a branch only has to drop values of
/// the innermost frame; the spilled values are pushed back when the block ends. Compilers for LLVM output rarely
/// leave values under a block, so spills are rare. Loop parameters travel through locals so that backward
/// branches target an empty stack.
/// </para>
/// </summary>
internal sealed partial class FunctionCompiler
{
    private readonly ModuleInfo _module;
    private readonly ModuleCompilation _compilation;
    private readonly FunctionValidator _validator;
    private ILGenerator _il = null!;
    private FuncType _type = null!;
    private int _paramCount;
    private LocalBuilder[] _locals = [];
    private readonly List<Frame> _frames = new();
    private readonly Dictionary<Type, Stack<LocalBuilder>> _temps = new();
    private bool _reachable;
    // The two instructions before the current one (opcode and first immediate), for peephole decisions.
    private Opcode _prevOp, _prev2Op;
    private uint _prevA, _prev2A;
    private ulong _prevImm, _currentImm;
    private Opcode _currentOp;
    private uint _currentA;
    private long _currentOffset;
    private bool _usesMemory;
    private int _tryDepth;               // try_table regions open at the current position
    private bool _usesHandlers;
    private readonly List<Action> _tailCallStubs = new(); // tail calls made from inside try_table, emitted after the body
    private readonly Dictionary<TrapCode, Label> _trapBlocks = new(); // shared trap sites, emitted after the body
    private bool _stackEmptyAtCheck;     // the IL stack holds nothing beneath the current check's operands
    private int _belowAccess, _belowSkip; // values of the frame beneath the current access's operands, and how
                                          // many operands the validator holds above them (see SetAsideForSharedTrap)
    private bool _handlers;              // the body uses exception handlers (it stays off tier 0)
    private int _simdInstructions;       // SIMD instructions in the body
    private bool _optimizable;           // the JIT will optimize the body (one it would not stays off tier 0:
                                         // it gains nothing from promotion)
    // Base and length of each memory the body accesses, kept in locals (index = memory index).
    private LocalBuilder?[] _memBase = [], _memLength = [];
    private LocalBuilder?[] _memObject = []; // by memory: its Memory object, for the reloads after calls
    private LocalBuilder?[] _globalObjects = []; // by global: its Global object, loaded once at entry
    private int[] _globalUses = [];
    private readonly bool[] _calleeMayGrow;  // by defined function: may a call change memory base or length
    private bool _checksByCall;          // bounds checks as inlined helper calls (see BodyShape)

    /// <summary>Compiler-side state of one control frame.</summary>
    private sealed class Frame
    {
        public Opcode Kind;
        public Label End;
        public Label Else;
        public Label LoopStart;
        public bool Dead;            // opened in unreachable code: no labels, nothing emitted
        public bool EnteredReachable;
        public bool EndUsed;
        public bool HasElse;
        public ValType[] StartTypes = [];
        public ValType[] EndTypes = [];
        public LocalBuilder[]? Spilled;  // values under the block, bottom first
        public LocalBuilder[]? LoopParams;
        public int TryDepth;             // try_table regions around this frame's label (a leave reaches it from deeper)
        public Label Exit;               // landing for branches that leave a try region: values come in ExitValues
        public bool ExitUsed;
        public LocalBuilder[]? ExitValues;
        public uint[]? Catches;          // try_table: (kind, tag, label) triples
        public LocalBuilder? Exn;        // legacy try: the caught exception, once a clause began
        public Label NextClause;         // legacy try: the test of the next catch clause
        public int LoopOrdinal;          // loop: its number among the body's loops (tiering)
        public bool LoopEnterable;       // loop: on-stack replacement may enter at its header (tiering)
        public ValType[] LabelTypes => Kind == Opcode.Loop ? StartTypes : EndTypes;
    }

    public FunctionCompiler(ModuleInfo module, ModuleCompilation compilation)
    {
        _module = module;
        _compilation = compilation;
        _validator = new FunctionValidator(module);
        _calleeMayGrow = MemoryGrowth.MayGrow(module);
    }

    /// <summary>Validates body <paramref name="definedIndex"/> and emits it into <paramref name="method"/>.</summary>
    public void Compile(int definedIndex, MethodBuilder method) => Compile(definedIndex, method, Tier.Plain);

    private void Compile(int definedIndex, MethodBuilder method, Tier tier)
    {
        var funcIndex = (uint)(definedIndex + _module.ImportedFuncs);
        _definedIndex = definedIndex;
        _loopOrdinal = 0;
        var body = _module.Bodies[definedIndex];
        _type = _module.FuncTypeOf(funcIndex);
        _paramCount = _type.Parameters.Length;
        _il = _compilation.Generator(method);
        _frames.Clear();
        _temps.Clear();
        _tryDepth = 0;
        _usesHandlers = false;
        _tailCallStubs.Clear();
        _trapBlocks.Clear();
        _tierState = _counter = _osrLoopSlot = null;
        _pendingEqz = false;
        _pendingCount = 0;
        _shiftCount = null;
        _prevOp = _prev2Op = _currentOp = Opcode.Nop;
        _validator.Begin(definedIndex);

        var (memories, makesCalls) = Scan(body);
        if (tier == Tier.Plain && _compilation.Tiers is { } tiers && tiers.MayStartAtTierZero[definedIndex] && !_handlers && _optimizable
            && (_simdInstructions == 0 || UseX86 && TierState.SparseSimd(_simdInstructions, body.CodeLength)))
        {
            tier = Tier.Zero;
            tiers.TierZero[definedIndex] = true;
        }
        // An interpreted body handed over to tier 0 (eligible by its size and locals) that the JIT would not
        // optimize: promoting it would compile the same unoptimized code again.
        if (tier == Tier.ZeroOsr && !_optimizable) _compilation.Tiers?.KeepAtTierZero(definedIndex);
        _tier = tier;
        _usesMemory = memories.Count > 0;
        _locals = new LocalBuilder[body.Locals.Length];
        ChooseLocalViews(body);
        BeginCheckedAddresses(_paramCount + body.Locals.Length);
        for (var i = 0; i < body.Locals.Length; i++) _locals[i] = _il.DeclareLocal(LocalClrType(body, i));
        if (tier is Tier.Zero or Tier.ZeroOsr) EmitTierZeroPrologue();
        if (makesCalls) EmitStackCheck();
        _memBase = new LocalBuilder?[_module.Memories.Count];
        _memLength = new LocalBuilder?[_module.Memories.Count];
        _memObject = new LocalBuilder?[_module.Memories.Count];
        foreach (var m in memories)
        {
            if (m >= (uint)_module.Memories.Count) continue; // the validator reports it
            _memBase[m] = _il.DeclareLocal(typeof(nint));
            _memLength[m] = _il.DeclareLocal(typeof(ulong));
        }
        if (_usesMemory) ReloadMemory(first: makesCalls);
        LoadGlobalObjects();
        EmitMeteringPrologue();
        if (tier is Tier.Osr or Tier.ZeroOsr) EmitOsrEntry();

        _frames.Add(new Frame
        {
            Kind = Opcode.Block,
            End = _il.DefineLabel(),
            Exit = _il.DefineLabel(),
            EnteredReachable = true,
            EndTypes = _type.Results,
        });
        _reachable = true;

        var reader = new CodeReader(_module, body);
        while (reader.TryRead(out var ins))
        {
            if (_frames.Count == 0)
                throw new InvalidModuleException("operators remaining after end of function", ins.Offset);
            Emit(in ins);
            EmitMeteringAfter(ins.Op);
        }
        _validator.Finish(body.CodeOffset + body.CodeLength);
    }

    /// <summary>One cheap pass to learn which memories the body touches directly, whether it calls anything,
    /// how to emit its bounds checks and (with fuel metering) what each basic block costs.</summary>
    private (List<uint> Memories, bool MakesCalls) Scan(FunctionBody body)
    {
        var memories = new List<uint>();
        var calls = false;
        if (_globalUses.Length < _module.Globals.Count) _globalUses = new int[_module.Globals.Count];
        else Array.Clear(_globalUses);
        _handlers = false;
        _simdInstructions = 0;
        _openBlocks.Clear();
        _loopBytes.Clear();
        var fuel = _compilation.ConsumeFuel;
        if (fuel) _blockFuel = [0];
        var shape = new BodyShape();
        var reader = new CodeReader(_module, body);
        while (reader.TryRead(out var ins))
        {
            if (fuel)
            {
                _blockFuel[^1] += FuelCost(ins.Op);
                if (EndsBlock(ins.Op)) _blockFuel.Add(0);
            }
            shape.Add(in ins, ins.Op != Opcode.Call || (long)ins.A < _module.ImportedFuncs
                || ins.A - _module.ImportedFuncs >= _calleeMayGrow.Length || _calleeMayGrow[ins.A - _module.ImportedFuncs]);
            var memory = ins.Info.Immediate is Immediate.MemArg or Immediate.MemArgLane ? ins.B
                : ins.Op is Opcode.MemorySize or Opcode.MemoryGrow ? ins.A
                : uint.MaxValue;
            if (memory != uint.MaxValue && !memories.Contains(memory)) memories.Add(memory);
            if (ins.Op is Opcode.GlobalGet or Opcode.GlobalSet && ins.A < (uint)_module.Globals.Count) _globalUses[ins.A]++;
            if (ins.Op is Opcode.Call or Opcode.CallIndirect or Opcode.ReturnCall or Opcode.ReturnCallIndirect
                or Opcode.CallRef or Opcode.ReturnCallRef) calls = true;
            if (ins.Info.IsSimd) _simdInstructions++;
            if (ins.Op is Opcode.Try or Opcode.TryTable) _handlers = true;
            if (_compilation.Tiers is not null) MeasureLoops(in ins);
        }
        _checksByCall = shape.PrefersCheckCalls(body.Locals.Length);
        _optimizable = shape.Optimizable(body.Locals.Length);
        return (memories, calls);
    }

    private void EmitStackCheck()
    {
        // Compare the address of a local (≈ the stack pointer) with the store's limit.
        var probe = _il.DeclareLocal(typeof(int));
        var ok = _il.DefineLabel();
        _il.Emit(OpCodes.Ldloca, probe);
        _il.Emit(OpCodes.Conv_U);
        LoadCtx();
        _il.Emit(OpCodes.Ldfld, Builtins.CtxStore);
        _il.Emit(OpCodes.Ldfld, Builtins.StoreStackLimit);
        _il.Emit(OpCodes.Bge_Un, ok);
        EmitTrap(TrapCode.StackOverflow);
        _il.MarkLabel(ok);
    }

    /// <summary>[] → [the <see cref="Memory"/> object of memory <paramref name="memory"/>].</summary>
    private void LoadMemoryObject(int memory)
    {
        LoadCtx();
        if (memory == 0) _il.Emit(OpCodes.Ldfld, Builtins.CtxMemory0);
        else
        {
            _il.Emit(OpCodes.Ldfld, Builtins.CtxMemories);
            _il.Emit(OpCodes.Ldc_I4, memory);
            _il.Emit(OpCodes.Ldelem_Ref);
        }
    }

    /// <summary>Loads base and length of every memory the body uses (at entry and after anything that may grow one).
    /// With <paramref name="first"/> (at entry, in a body that makes calls), the <see cref="Memory"/> objects are
    /// kept in locals for the reloads after calls: an instance's memories never change identity.</summary>
    private void ReloadMemory(bool first = false)
    {
        for (var m = 0; m < _memBase.Length; m++)
        {
            if (_memBase[m] is not { } baseLocal) continue;
            if (_memObject[m] is { } objectLocal) _il.Emit(OpCodes.Ldloc, objectLocal);
            else
            {
                LoadMemoryObject(m);
                if (first)
                {
                    _memObject[m] = _il.DeclareLocal(typeof(Memory));
                    _il.Emit(OpCodes.Dup);
                    _il.Emit(OpCodes.Stloc, _memObject[m]!);
                }
            }
            _il.Emit(OpCodes.Dup);
            _il.Emit(OpCodes.Ldfld, Builtins.MemoryBase);
            _il.Emit(OpCodes.Stloc, baseLocal);
            _il.Emit(OpCodes.Ldfld, Builtins.MemoryLength);
            _il.Emit(OpCodes.Stloc, _memLength[m]!);
        }
    }

    /// <summary>Globals the body reads or writes more than once get their <see cref="Global"/> object in a local at
    /// entry (an instance's globals never change identity): each access is then one field load instead of three
    /// loads and an array bounds check, less IL for the JIT (TinyGo's stack pointer global is accessed thousands
    /// of times in a large program) and no reload after calls in optimized code.</summary>
    private void LoadGlobalObjects()
    {
        if (_globalObjects.Length < _module.Globals.Count) _globalObjects = new LocalBuilder?[_module.Globals.Count];
        else Array.Clear(_globalObjects);
        var cached = 0;
        for (var g = 0; g < _module.Globals.Count && cached < MaxCachedGlobals; g++)
        {
            if (_globalUses[g] < 2) continue;
            var local = _il.DeclareLocal(typeof(Global));
            LoadGlobal((uint)g);
            _il.Emit(OpCodes.Stloc, local);
            _globalObjects[g] = local;
            cached++;
        }
    }

    /// <summary>At most this many globals per function are kept in locals (each one is a local the JIT tracks).</summary>
    private const int MaxCachedGlobals = 8;

    private void LoadCtx() => EmitLdarg(_paramCount);

    // Short encodings keep large bodies under the JIT's IL size limit for optimizing (see BodyShape).
    private void EmitLdarg(int index) => EmitLdarg(_il, index);

    internal static void EmitLdarg(ILGenerator il, int index)
    {
        switch (index)
        {
            case 0: il.Emit(OpCodes.Ldarg_0); return;
            case 1: il.Emit(OpCodes.Ldarg_1); return;
            case 2: il.Emit(OpCodes.Ldarg_2); return;
            case 3: il.Emit(OpCodes.Ldarg_3); return;
        }
        if (index < 256) il.Emit(OpCodes.Ldarg_S, (byte)index);
        else il.Emit(OpCodes.Ldarg, (short)index);
    }

    private void EmitStarg(int index)
    {
        if (index < 256) _il.Emit(OpCodes.Starg_S, (byte)index);
        else _il.Emit(OpCodes.Starg, (short)index);
    }

    private void EmitInt(int value)
    {
        switch (value)
        {
            case -1: _il.Emit(OpCodes.Ldc_I4_M1); return;
            case 0: _il.Emit(OpCodes.Ldc_I4_0); return;
            case 1: _il.Emit(OpCodes.Ldc_I4_1); return;
            case 2: _il.Emit(OpCodes.Ldc_I4_2); return;
            case 3: _il.Emit(OpCodes.Ldc_I4_3); return;
            case 4: _il.Emit(OpCodes.Ldc_I4_4); return;
            case 5: _il.Emit(OpCodes.Ldc_I4_5); return;
            case 6: _il.Emit(OpCodes.Ldc_I4_6); return;
            case 7: _il.Emit(OpCodes.Ldc_I4_7); return;
            case 8: _il.Emit(OpCodes.Ldc_I4_8); return;
        }
        if (value is >= sbyte.MinValue and <= sbyte.MaxValue) _il.Emit(OpCodes.Ldc_I4_S, (sbyte)value);
        else _il.Emit(OpCodes.Ldc_I4, value);
    }

    private void EmitTrap(TrapCode code)
    {
        EmitInt((int)code);
        _il.Emit(OpCodes.Call, _compilation.TrapFactory);
        _il.Emit(OpCodes.Throw);
    }

    /// <summary>
    /// Branches with <paramref name="failIf"/> (which consumes the compared operands; <paramref name="okIf"/> is
    /// its negation) to a trap raising
    /// <paramref name="code"/>. Where the IL stack is otherwise empty and no exception region is open, every site
    /// of one trap code shares one block after the body: a conditional branch per site instead of a throw block
    /// each, which spares the JIT most of the basic blocks a memory-heavy function would have. Elsewhere (a
    /// branch may not leave a region, and all branches to one block must agree on the stack) the site gets its
    /// own block.
    /// </summary>
    private void TrapIf(OpCode failIf, OpCode okIf, TrapCode code)
    {
        if (_tryDepth == 0 && _stackEmptyAtCheck)
        {
            _il.Emit(failIf, SharedTrapBlock(code));
            return;
        }
        var ok = _il.DefineLabel();
        _il.Emit(okIf, ok);
        EmitTrap(code);
        _il.MarkLabel(ok);
    }

    /// <summary>The function's one block for trap <paramref name="code"/>, reached with an empty IL stack (emitted
    /// after the body).</summary>
    private Label SharedTrapBlock(TrapCode code)
    {
        if (!_trapBlocks.TryGetValue(code, out var shared)) _trapBlocks.Add(code, shared = _il.DefineLabel());
        return shared;
    }

    private LocalBuilder RentTemp(Type t)
    {
        if (_temps.TryGetValue(t, out var stack) && stack.Count > 0) return stack.Pop();
        return _il.DeclareLocal(t);
    }

    private LocalBuilder RentTemp(ValType t) => RentTemp(Signatures.ClrType(t));

    private void ReturnTemp(LocalBuilder local)
    {
        if (!_temps.TryGetValue(local.LocalType, out var stack)) _temps[local.LocalType] = stack = new Stack<LocalBuilder>();
        stack.Push(local);
    }

    /// <summary>Values of the current frame on the IL stack.</summary>
    private int IlStackCount => _validator.OperandCount - _validator.Frame(0).Height;

    /// <summary>Pops the top <paramref name="count"/> operands into fresh temporaries (top last in the array).
    /// <paramref name="skip"/> counts operands the validator still holds above them but the IL stack no longer does.</summary>
    private LocalBuilder[] Stash(int count, int skip = 0)
    {
        var temps = new LocalBuilder[count];
        for (var i = 0; i < count; i++) temps[count - 1 - i] = RentTemp(_validator.PeekOperand(skip + i));
        for (var i = count - 1; i >= 0; i--) _il.Emit(OpCodes.Stloc, temps[i]);
        return temps;
    }

    private void Unstash(LocalBuilder[] temps, bool release = true)
    {
        foreach (var t in temps)
        {
            _il.Emit(OpCodes.Ldloc, t);
            if (release) ReturnTemp(t);
        }
    }

    /// <summary>
    /// Leaves exactly the top <paramref name="keep"/> operands of the current frame on the IL stack, dropping
    /// the ones beneath (the stack shape every branch target expects).
    /// </summary>
    private void DropBeneath(int keep)
    {
        var extra = IlStackCount - keep;
        if (extra <= 0) return;
        var kept = Stash(keep);
        for (var i = 0; i < extra; i++) _il.Emit(OpCodes.Pop);
        Unstash(kept);
    }

    /// <summary>An <c>i32.eqz</c> whose <c>ldc.i4.0; ceq</c> is not emitted yet: a <c>br_if</c> or <c>if</c> right
    /// after it branches on its operand with the opposite test instead (two IL instructions fewer for the JIT,
    /// about 7,000 times in tinygo-regex's tier-0 code); anything else emits it first.</summary>
    private bool _pendingEqz;

    private void EmitEqz()
    {
        _il.Emit(OpCodes.Ldc_I4_0);
        _il.Emit(OpCodes.Ceq);
        _pendingEqz = false;
    }

    /// <summary>The branch taken when the condition on the IL stack is true (false with <paramref name="onFalse"/>),
    /// turned around when the condition is a pending <c>i32.eqz</c>'s operand.</summary>
    private OpCode ConditionalBranch(bool onFalse)
    {
        var invert = _pendingEqz;
        _pendingEqz = false;
        return onFalse != invert ? OpCodes.Brfalse : OpCodes.Brtrue;
    }

    /// <summary>
    /// A <c>local.get</c> of a number or a constant, not emitted yet: the top one or two values of the IL stack
    /// may wait here until the next instruction. A load or store whose address is a local read right before it
    /// (see <see cref="AddressLocal"/>) reads its operands again where it needs them, so it drops pending ones
    /// instead of emitting them and popping them (about 16,000 such pairs in regex's tier-0 code); every other
    /// instruction emits them first.
    /// </summary>
    private struct PendingPush
    {
        public Opcode Op;
        public uint Local;
        public ulong Imm;
    }

    private PendingPush _pending0, _pending1; // bottom, top
    private int _pendingCount;

    private void Defer(in Instruction ins)
    {
        if (_pendingCount == 2)
        {
            EmitPush(_pending0);
            _pending0 = _pending1;
            _pendingCount = 1;
        }
        var push = new PendingPush { Op = ins.Op, Local = ins.A, Imm = ins.Imm };
        if (_pendingCount == 0) _pending0 = push;
        else _pending1 = push;
        _pendingCount++;
    }

    private void FlushPending()
    {
        if (_pendingCount > 0) EmitPush(_pending0);
        if (_pendingCount > 1) EmitPush(_pending1);
        _pendingCount = 0;
    }

    private void EmitPush(in PendingPush push)
    {
        switch (push.Op)
        {
            case Opcode.LocalGet: LoadLocal((int)push.Local); break;
            case Opcode.I32Const: EmitInt((int)push.Imm); break;
            case Opcode.I64Const: _il.Emit(OpCodes.Ldc_I8, (long)push.Imm); break;
            case Opcode.F32Const: EmitF32Const((int)push.Imm); break;
            default: EmitF64Const((long)push.Imm); break;
        }
    }

    /// <summary>Whether <paramref name="ins"/> may leave pending pushes alone: another push, a <c>drop</c>, or a
    /// plain memory access (which drop or emit them themselves).</summary>
    private static bool KeepsPending(in Instruction ins) =>
        ins.Op is Opcode.LocalGet or Opcode.I32Const or Opcode.I64Const or Opcode.F32Const or Opcode.F64Const or Opcode.Drop
            or >= Opcode.I32Load and <= Opcode.I64Store32;

    private void Emit(in Instruction ins)
    {
        if (_pendingCount > 0 && _reachable && ins.Op is Opcode.I16x8Shl or Opcode.I16x8ShrS or Opcode.I16x8ShrU
            or Opcode.I32x4Shl or Opcode.I32x4ShrS or Opcode.I32x4ShrU or Opcode.I64x2Shl or Opcode.I64x2ShrU && UseX86)
        {
            // A constant shift count is taken as an immediate (see Shift) rather than pushed.
            var top = _pendingCount == 2 ? _pending1 : _pending0;
            if (top.Op == Opcode.I32Const)
            {
                _shiftCount = (int)top.Imm;
                _pendingCount--;
            }
        }
        if (_pendingCount > 0 && !KeepsPending(in ins)) FlushPending();
        if (_pendingEqz && ins.Op is not (Opcode.BrIf or Opcode.If)) EmitEqz();
        _prev2Op = _prevOp;
        _prev2A = _prevA;
        _prevOp = _currentOp;
        _prevA = _currentA;
        _prevImm = _currentImm;
        _currentOp = ins.Op;
        _currentA = ins.A;
        _currentOffset = ins.Offset;
        _currentImm = ins.Imm;
        if (!_reachable)
        {
            EmitDead(in ins);
            return;
        }
        if (_viewsLive && !KeepsSimdViews(in ins)) NormalizeSimdViews();
        var info = ins.Info;
        var previous = _prevOp;
        if (IsGc(ins.Op))
        {
            EmitGc(in ins);
            return;
        }
        if (info.HasFixedSignature && info.Immediate == Immediate.None)
        {
            _validator.Step(in ins);
            if (ins.Op == Opcode.F32DemoteF64 && previous == Opcode.F64PromoteF32)
            {
                // The JIT folds demote(promote(x)) to x, which would keep a signalling NaN signalling.
                _il.Emit(OpCodes.Conv_R4);
                _il.Emit(OpCodes.Call, Signatures.Method(typeof(NumericOps), nameof(NumericOps.QuietF32)));
                return;
            }
            EmitNumeric(ins.Op);
            return;
        }
        switch (ins.Op)
        {
            case Opcode.Block:
            case Opcode.Loop:
            case Opcode.If:
            case Opcode.TryTable:
            case Opcode.Try:
                EnterBlock(in ins);
                return;
            case Opcode.Catch:
            case Opcode.CatchAll:
                EmitLegacyCatch(in ins);
                return;
            case Opcode.Delegate:
                EmitEnd(in ins);
                return;
            case Opcode.Rethrow:
                _validator.Step(in ins);
                _il.Emit(OpCodes.Ldloc, _frames[_frames.Count - 1 - (int)ins.A].Exn!);
                _il.Emit(OpCodes.Throw);
                _reachable = false;
                return;
            case Opcode.Throw:
                EmitThrow(in ins);
                _reachable = false;
                return;
            case Opcode.ThrowRef:
                _validator.Step(in ins);
                _il.Emit(OpCodes.Call, Builtins.ThrowRef);
                _il.Emit(OpCodes.Throw);
                _reachable = false;
                return;
            case Opcode.Else:
                EmitElse(in ins);
                return;
            case Opcode.End:
                EmitEnd(in ins);
                return;
            case Opcode.Br:
                EmitBranch(ins.A);
                _validator.Step(in ins);
                _reachable = false;
                return;
            case Opcode.BrIf:
                EmitBrIf(in ins);
                return;
            case Opcode.BrTable:
                EmitBrTable(in ins);
                return;
            case Opcode.Return:
                EmitBranch((uint)(_frames.Count - 1));
                _validator.Step(in ins);
                _reachable = false;
                return;
            case Opcode.BrOnNull:
                EmitBrOnNull(in ins);
                return;
            case Opcode.BrOnNonNull:
                EmitBrOnNonNull(in ins);
                return;
            case Opcode.ReturnCall:
            case Opcode.ReturnCallIndirect:
            case Opcode.ReturnCallRef:
                EmitTailCall(in ins);
                _reachable = false;
                return;
            case Opcode.Unreachable:
            {
                // With nothing on the IL stack, a jump to the function's one block for this trap: compilers emit
                // `unreachable` after every panic path, and a call-and-throw of its own for each costs the JIT a
                // call site (regex's tier-0 code has about 900).
                var empty = _tryDepth == 0 && IlStackCount == 0;
                _validator.Step(in ins);
                if (empty) _il.Emit(OpCodes.Br, SharedTrapBlock(TrapCode.Unreachable));
                else EmitTrap(TrapCode.Unreachable);
                _reachable = false;
                return;
            }
            case Opcode.Nop:
                _validator.Step(in ins);
                return;
        }
        EmitOther(in ins);
    }

    /// <summary>Unreachable code: validated, not emitted; only the block structure is followed.</summary>
    private void EmitDead(in Instruction ins)
    {
        switch (ins.Op)
        {
            case Opcode.Block:
            case Opcode.Loop:
            case Opcode.If:
            case Opcode.TryTable:
            case Opcode.Try:
                _validator.Step(in ins);
                _frames.Add(new Frame { Kind = ins.Op, Dead = true });
                return;
            case Opcode.Catch:
            case Opcode.CatchAll:
                EmitLegacyCatch(in ins);
                return;
            case Opcode.Delegate:
                EmitEnd(in ins);
                return;
            case Opcode.Else:
                EmitElse(in ins);
                return;
            case Opcode.End:
                EmitEnd(in ins);
                return;
            default:
                _validator.Step(in ins);
                return;
        }
    }

    private (ValType[] Start, ValType[] End) BlockSignature(BlockType bt) => bt.Kind switch
    {
        BlockTypeKind.Empty => ([], []),
        BlockTypeKind.Value => ([], [bt.Value]),
        _ => (_module.Types[(int)bt.Index].Parameters, _module.Types[(int)bt.Index].Results),
    };

    private void EnterBlock(in Instruction ins)
    {
        var (start, end) = BlockSignature(ins.Block);
        var isIf = ins.Op == Opcode.If;
        var frame = new Frame
        {
            Kind = ins.Op, End = _il.DefineLabel(), EnteredReachable = true, StartTypes = start, EndTypes = end,
            TryDepth = _tryDepth, Exit = _il.DefineLabel(),
        };

        // Spill what lies beneath the parameters (and the condition of `if`, which waits in a temporary meanwhile).
        var below = IlStackCount - (isIf ? 1 : 0) - start.Length;
        LocalBuilder? cond = null;
        if (below > 0)
        {
            if (isIf)
            {
                cond = RentTemp(typeof(int));
                _il.Emit(OpCodes.Stloc, cond);
            }
            var skip = isIf ? 1 : 0;
            var parameters = Stash(start.Length, skip);
            frame.Spilled = new LocalBuilder[below];
            for (var i = 0; i < below; i++)
                frame.Spilled[below - 1 - i] = RentTemp(_validator.PeekOperand(skip + start.Length + i));
            for (var i = below - 1; i >= 0; i--) _il.Emit(OpCodes.Stloc, frame.Spilled[i]);
            Unstash(parameters);
        }

        if (ins.Op == Opcode.Loop)
        {
            frame.LoopStart = _il.DefineLabel();
            if (start.Length > 0)
            {
                frame.LoopParams = new LocalBuilder[start.Length];
                for (var i = 0; i < start.Length; i++) frame.LoopParams[i] = RentTemp(start[i]);
                for (var i = start.Length - 1; i >= 0; i--) _il.Emit(OpCodes.Stloc, frame.LoopParams[i]);
            }
            ForgetCheckedAddresses(); // the loop start is a join point
            _il.MarkLabel(frame.LoopStart);
            if (_tier != Tier.Plain) AtLoopHeader(frame, LoopEnterable(below > 0, start.Length > 0));
            if (frame.LoopParams is not null)
                foreach (var p in frame.LoopParams) _il.Emit(OpCodes.Ldloc, p);
        }
        else if (ins.Op is Opcode.TryTable or Opcode.Try)
        {
            // A protected region starts on an empty IL stack: the parameters wait in temporaries.
            var parameters = Stash(start.Length);
            _validator.Step(in ins); // checks the catch clauses against the labels outside
            frame.Catches = ins.Targets;
            _il.BeginExceptionBlock();
            _tryDepth++;
            Unstash(parameters);
            _frames.Add(frame);
            return;
        }
        else if (isIf)
        {
            frame.Else = _il.DefineLabel();
            if (cond is not null)
            {
                _il.Emit(OpCodes.Ldloc, cond);
                ReturnTemp(cond);
            }
            _il.Emit(ConditionalBranch(onFalse: true), frame.Else);
        }
        _validator.Step(in ins);
        _frames.Add(frame);
    }

    private void EmitElse(in Instruction ins)
    {
        var frame = _frames[^1];
        if (!frame.Dead)
        {
            if (_reachable)
            {
                _il.Emit(OpCodes.Br, frame.End);
                frame.EndUsed = true;
            }
            ForgetCheckedAddresses();
            _il.MarkLabel(frame.Else);
            frame.HasElse = true;
            _reachable = frame.EnteredReachable;
        }
        _validator.Step(in ins);
    }

    private void EmitEnd(in Instruction ins)
    {
        var frame = _frames[^1];
        _validator.Step(in ins);
        if (!frame.Dead)
        {
            if (frame.Kind == Opcode.TryTable) EmitCatches(frame);
            else if (ins.Op == Opcode.Delegate) CloseLegacyTry(frame, _frames.Count - 2 - (int)ins.A);
            else if (frame.Kind is Opcode.Try or Opcode.Catch or Opcode.CatchAll) CloseLegacyTry(frame, -1);
        }
        _frames.RemoveAt(_frames.Count - 1);
        if (frame.Dead) return;
        ForgetCheckedAddresses(); // the end of a block is a join point
        if (frame.LoopParams is not null)
            foreach (var p in frame.LoopParams) ReturnTemp(p);

        if (frame.ExitUsed)
        {
            // Branches that left a try region arrive here with the values in locals.
            if (_reachable) _il.Emit(OpCodes.Br, frame.End);
            _il.MarkLabel(frame.Exit);
            foreach (var v in frame.ExitValues!) _il.Emit(OpCodes.Ldloc, v);
            _il.Emit(OpCodes.Br, frame.End);
            frame.EndUsed = true;
            _reachable = false;
        }

        if (frame.Kind == Opcode.If && !frame.HasElse)
        {
            // The false path arrives with the parameters, which are the results.
            _il.MarkLabel(frame.Else);
            _reachable |= frame.EnteredReachable;
        }
        _il.MarkLabel(frame.End);
        _reachable |= frame.EndUsed;

        if (_frames.Count == 0)
        {
            if (_reachable)
            {
                Signatures.EmitPack(_il, _type.Results);
                _il.Emit(OpCodes.Ret);
            }
            // The end of an exception block is a branch target even when nothing reaches it: give it an instruction.
            else if (_usesHandlers)
            {
                _il.Emit(OpCodes.Ldnull);
                _il.Emit(OpCodes.Throw);
            }
            foreach (var stub in _tailCallStubs) stub();
            if (_tier is Tier.Zero or Tier.ZeroOsr) EmitTierZeroStubs();
            foreach (var (code, label) in _trapBlocks)
            {
                _il.MarkLabel(label);
                EmitTrap(code);
            }
            return;
        }
        if (_reachable && frame.Spilled is not null)
        {
            var results = new LocalBuilder[frame.EndTypes.Length];
            for (var i = 0; i < results.Length; i++) results[i] = RentTemp(frame.EndTypes[i]);
            for (var i = results.Length - 1; i >= 0; i--) _il.Emit(OpCodes.Stloc, results[i]);
            foreach (var s in frame.Spilled) _il.Emit(OpCodes.Ldloc, s);
            Unstash(results);
        }
        if (frame.Spilled is not null)
            foreach (var s in frame.Spilled) ReturnTemp(s);
    }

    /// <summary>Emits an unconditional branch to label <paramref name="depth"/> (operands already validated).</summary>
    private void EmitBranch(uint depth)
    {
        var target = _frames[_frames.Count - 1 - (int)depth];
        var arity = target.LabelTypes.Length;
        DropBeneath(arity);
        JumpTo(target);
    }

    /// <summary>With exactly the label's operands on the IL stack, jumps to the target.</summary>
    private void JumpTo(Frame target)
    {
        if (target.TryDepth < _tryDepth)
        {
            // Out of a protected region: `leave` empties the IL stack, so the values travel in locals.
            if (target.Kind == Opcode.Loop)
            {
                if (target.LoopParams is not null)
                    for (var i = target.LoopParams.Length - 1; i >= 0; i--) _il.Emit(OpCodes.Stloc, target.LoopParams[i]);
                _il.Emit(OpCodes.Leave, target.LoopStart);
                return;
            }
            if (target.ExitValues is null)
            {
                var types = target.LabelTypes;
                target.ExitValues = new LocalBuilder[types.Length];
                for (var i = 0; i < types.Length; i++) target.ExitValues[i] = _il.DeclareLocal(Signatures.ClrType(types[i]));
            }
            for (var i = target.ExitValues.Length - 1; i >= 0; i--) _il.Emit(OpCodes.Stloc, target.ExitValues[i]);
            target.ExitUsed = true;
            _il.Emit(OpCodes.Leave, target.Exit);
            return;
        }
        if (target.Kind == Opcode.Loop)
        {
            if (target.LoopParams is not null)
                for (var i = target.LoopParams.Length - 1; i >= 0; i--) _il.Emit(OpCodes.Stloc, target.LoopParams[i]);
            _il.Emit(OpCodes.Br, target.LoopStart);
        }
        else
        {
            target.EndUsed = true;
            _il.Emit(OpCodes.Br, target.End);
        }
    }

    private void EmitBrIf(in Instruction ins)
    {
        var target = _frames[_frames.Count - 1 - (int)ins.A];
        var arity = target.LabelTypes.Length;
        var extra = IlStackCount - 1 - arity;
        if (extra == 0 && target.LoopParams is null && target.TryDepth == _tryDepth)
        {
            if (target.Kind == Opcode.Loop) _il.Emit(ConditionalBranch(onFalse: false), target.LoopStart);
            else
            {
                target.EndUsed = true;
                _il.Emit(ConditionalBranch(onFalse: false), target.End);
            }
            _validator.Step(in ins);
            return;
        }
        var skip = _il.DefineLabel();
        _il.Emit(ConditionalBranch(onFalse: true), skip);
        _validator.Step(in ins); // pops the condition; the label's operands stay (and are on top)
        DropBeneath(arity);
        JumpTo(target);
        _il.MarkLabel(skip);
    }

    /// <summary>
    /// Closes the protected region of a <c>try_table</c>: its results leave through the frame's exit, and one
    /// handler for <see cref="GuestException"/> tries the catch clauses in order, each branching (with the payload
    /// and/or the exception) to its label; an exception no clause matches is rethrown. Traps are other exception
    /// types and pass untouched.
    /// </summary>
    private void EmitCatches(Frame frame)
    {
        if (_reachable) JumpTo(frame); // TryDepth of the frame is outside its own region
        var exn = BeginHandler();
        var clauses = frame.Catches!;
        for (var i = 0; i < clauses.Length; i += 3)
        {
            var kind = clauses[i];
            var target = _frames[_frames.Count - 2 - (int)clauses[i + 2]];
            var next = _il.DefineLabel();
            if (kind < 2) MatchTag(exn, clauses[i + 1], next);
            if (kind is 1 or 3) _il.Emit(OpCodes.Ldloc, exn);
            JumpTo(target);
            _il.MarkLabel(next);
        }
        _il.Emit(OpCodes.Rethrow);
        _il.EndExceptionBlock();
        _tryDepth--;
        _reachable = false;
    }

    /// <summary>
    /// Starts the <see cref="GuestException"/> handler of the innermost protected region and returns the local
    /// holding the exception. An exception handed outwards by <c>delegate</c> passes by as many handlers as it
    /// must skip.
    /// </summary>
    private LocalBuilder BeginHandler()
    {
        _usesHandlers = true;
        ForgetCheckedAddresses();
        _il.BeginCatchBlock(typeof(GuestException));
        var exn = _il.DeclareLocal(typeof(GuestException));
        _il.Emit(OpCodes.Stloc, exn);
        var mine = _il.DefineLabel();
        _il.Emit(OpCodes.Ldloc, exn);
        _il.Emit(OpCodes.Ldfld, Builtins.GuestExceptionSkip);
        _il.Emit(OpCodes.Brfalse, mine);
        _il.Emit(OpCodes.Ldloc, exn);
        _il.Emit(OpCodes.Dup);
        _il.Emit(OpCodes.Ldfld, Builtins.GuestExceptionSkip);
        _il.Emit(OpCodes.Ldc_I4_1);
        _il.Emit(OpCodes.Sub);
        _il.Emit(OpCodes.Stfld, Builtins.GuestExceptionSkip);
        _il.Emit(OpCodes.Rethrow);
        _il.MarkLabel(mine);
        return exn;
    }

    /// <summary>Pushes the payload of the exception in <paramref name="exn"/> when its tag is
    /// <paramref name="tag"/>, else jumps to <paramref name="next"/>.</summary>
    private void MatchTag(LocalBuilder exn, uint tag, Label next)
    {
        _il.Emit(OpCodes.Ldloc, exn);
        _il.Emit(OpCodes.Call, Builtins.GuestExceptionTag);
        LoadCtx();
        _il.Emit(OpCodes.Ldfld, Builtins.CtxTags);
        _il.Emit(OpCodes.Ldc_I4, (int)tag);
        _il.Emit(OpCodes.Ldelem_Ref);
        _il.Emit(OpCodes.Bne_Un, next);
        var payload = _validator.TagType(tag).Parameters;
        for (var k = 0; k < payload.Length; k++)
        {
            _il.Emit(OpCodes.Ldloc, exn);
            _il.Emit(OpCodes.Ldfld, Builtins.GuestExceptionFields);
            _il.Emit(OpCodes.Ldc_I4, k);
            _il.Emit(OpCodes.Ldelem_Ref);
            var clr = Signatures.ClrType(payload[k]);
            if (clr.IsValueType) _il.Emit(OpCodes.Unbox_Any, clr);
        }
    }

    /// <summary>
    /// Legacy <c>catch</c>/<c>catch_all</c>: the code before it (the try body or the previous clause) leaves with
    /// the results; the first clause opens the handler; each clause tests its tag and falls to the next test
    /// when it does not match.
    /// </summary>
    private void EmitLegacyCatch(in Instruction ins)
    {
        var frame = _frames[^1];
        var reachable = _reachable;
        _validator.Step(in ins);
        if (frame.Dead) return;
        if (reachable) JumpTo(frame);
        if (frame.Exn is null) frame.Exn = BeginHandler();
        else
        {
            ForgetCheckedAddresses();
            _il.MarkLabel(frame.NextClause);
        }
        frame.Kind = ins.Op;
        frame.NextClause = _il.DefineLabel();
        if (ins.Op == Opcode.Catch) MatchTag(frame.Exn, ins.A, frame.NextClause);
        _reachable = true;
    }

    /// <summary>Closes a legacy <c>try</c>: an exception no clause took is rethrown (or, for <c>delegate</c>, handed
    /// to the handlers around label <paramref name="delegateTo"/>, skipping those in between).</summary>
    private void CloseLegacyTry(Frame frame, int delegateTo)
    {
        if (_reachable) JumpTo(frame);
        if (frame.Exn is null)
        {
            frame.Exn = BeginHandler();
            if (delegateTo >= 0)
            {
                // Protected regions between this try and the target label (the target's own frame excluded).
                var skip = 0;
                for (var i = _frames.Count - 2; i > delegateTo; i--)
                    if (_frames[i].Kind is Opcode.Try or Opcode.TryTable && !_frames[i].Dead) skip++;
                if (skip > 0)
                {
                    _il.Emit(OpCodes.Ldloc, frame.Exn);
                    _il.Emit(OpCodes.Ldc_I4, skip);
                    _il.Emit(OpCodes.Stfld, Builtins.GuestExceptionSkip);
                }
            }
        }
        else _il.MarkLabel(frame.NextClause);
        _il.Emit(OpCodes.Rethrow);
        _il.EndExceptionBlock();
        _tryDepth--;
        _reachable = false;
    }

    /// <summary><c>throw</c>: boxes the payload into an array and throws a <see cref="GuestException"/>.</summary>
    private void EmitThrow(in Instruction ins)
    {
        _validator.Step(in ins);
        var payload = _validator.TagType(ins.A).Parameters;
        var temps = new LocalBuilder[payload.Length];
        for (var i = 0; i < temps.Length; i++) temps[i] = RentTemp(payload[i]);
        for (var i = temps.Length - 1; i >= 0; i--) _il.Emit(OpCodes.Stloc, temps[i]);
        _il.Emit(OpCodes.Ldc_I4, payload.Length);
        _il.Emit(OpCodes.Newarr, typeof(object));
        for (var i = 0; i < temps.Length; i++)
        {
            _il.Emit(OpCodes.Dup);
            _il.Emit(OpCodes.Ldc_I4, i);
            _il.Emit(OpCodes.Ldloc, temps[i]);
            if (temps[i].LocalType.IsValueType) _il.Emit(OpCodes.Box, temps[i].LocalType);
            _il.Emit(OpCodes.Stelem_Ref);
            ReturnTemp(temps[i]);
        }
        LoadCtx();
        _il.Emit(OpCodes.Ldfld, Builtins.CtxTags);
        _il.Emit(OpCodes.Ldc_I4, (int)ins.A);
        _il.Emit(OpCodes.Ldelem_Ref);
        _il.Emit(OpCodes.Call, Builtins.ThrowNew);
        _il.Emit(OpCodes.Throw);
    }

    /// <summary><c>br_on_null</c>: [.. ref] branches without the reference when it is null, else keeps it.</summary>
    private void EmitBrOnNull(in Instruction ins)
    {
        var target = _frames[_frames.Count - 1 - (int)ins.A];
        var arity = target.LabelTypes.Length;
        var notNull = _il.DefineLabel();
        _il.Emit(OpCodes.Dup);
        _il.Emit(OpCodes.Brtrue, notNull);
        _il.Emit(OpCodes.Pop);
        // The validator still counts the reference (now off the IL stack) on top of the label's operands.
        var extra = IlStackCount - 1 - arity;
        if (extra > 0)
        {
            var kept = Stash(arity, skip: 1);
            for (var i = 0; i < extra; i++) _il.Emit(OpCodes.Pop);
            Unstash(kept);
        }
        JumpTo(target);
        _il.MarkLabel(notNull);
        _validator.Step(in ins);
    }

    /// <summary><c>br_on_non_null</c>: [.. ref] branches with the reference when it is not null, else drops it.</summary>
    private void EmitBrOnNonNull(in Instruction ins)
    {
        var target = _frames[_frames.Count - 1 - (int)ins.A];
        var arity = target.LabelTypes.Length;
        var isNull = _il.DefineLabel();
        _il.Emit(OpCodes.Dup);
        _il.Emit(OpCodes.Brfalse, isNull);
        DropBeneath(arity);
        JumpTo(target);
        _il.MarkLabel(isNull);
        _il.Emit(OpCodes.Pop);
        _validator.Step(in ins);
    }

    private void EmitBrTable(in Instruction ins)
    {
        var defaultTarget = _frames[_frames.Count - 1 - (int)ins.A];
        var arity = defaultTarget.LabelTypes.Length;
        var extra = IlStackCount - 1 - arity;
        var index = RentTemp(typeof(int));
        _il.Emit(OpCodes.Stloc, index);
        var values = new LocalBuilder[arity];
        for (var i = 0; i < arity; i++) values[i] = RentTemp(defaultTarget.LabelTypes[i]);
        for (var i = arity - 1; i >= 0; i--) _il.Emit(OpCodes.Stloc, values[i]);
        for (var i = 0; i < extra; i++) _il.Emit(OpCodes.Pop);
        _validator.Step(in ins);

        var targets = ins.Targets ?? [];
        var stubs = new Dictionary<uint, Label>();
        var labels = new Label[targets.Length];
        for (var i = 0; i < targets.Length; i++)
        {
            if (!stubs.TryGetValue(targets[i], out var l)) stubs[targets[i]] = l = _il.DefineLabel();
            labels[i] = l;
        }
        if (!stubs.TryGetValue(ins.A, out var defaultStub)) stubs[ins.A] = defaultStub = _il.DefineLabel();
        if (labels.Length > 0)
        {
            _il.Emit(OpCodes.Ldloc, index);
            _il.Emit(OpCodes.Switch, labels);
        }
        ReturnTemp(index);
        _il.Emit(OpCodes.Br, defaultStub);
        foreach (var (depth, label) in stubs)
        {
            _il.MarkLabel(label);
            Unstash(values, release: false);
            JumpTo(_frames[_frames.Count - 1 - (int)depth]);
        }
        foreach (var v in values) ReturnTemp(v);
        _reachable = false;
    }
}
