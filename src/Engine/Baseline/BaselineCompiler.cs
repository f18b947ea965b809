using System.Runtime.Intrinsics.X86;
using Wasm.Binary;
using Wasm.Instructions;
using Wasm.Model;

namespace Wasm.Baseline;

/// <summary>
/// Compiles a function body straight to x64 machine code in one pass, the way V8's Liftoff does: no IL, no JIT.
/// It is hundreds of times quicker than the JIT and its code is about as fast as the JIT's unoptimized code, so it
/// serves the first calls of a function while the JIT optimizes the hot ones in the background.
/// </summary>
/// <remarks>
/// <para>The operand stack is tracked at compile time: an entry is a constant, a local not yet read, a register or
/// its stack slot (slot d at [rsp + 8d]). Instructions take their operands where they are (an immediate, a memory
/// operand) and leave their result in a register; registers are spilled to slots when they run out, before calls
/// and when a block starts, so that every label is reached with all values in slots.</para>
/// <para>Frame: [rbp-8] the caller's argument pointer, then the locals, 8 bytes each and 16 for a v128
/// (<see cref="LocalOffset"/>), then the operand slots at rsp, 8 bytes each, or 16 in a function whose operand
/// stack holds v128 values. r15 is the context, r14 the memory base (reloaded after every call), r11 and xmm15
/// scratch.</para>
/// </remarks>
internal sealed partial class BaselineCompiler
{
    private enum Kind : byte { Const, Local, Reg, Slot }

    private struct Entry
    {
        public Kind K;
        public ValKind T;
        public byte R;
        public long V;
    }

    private struct Frame
    {
        public Opcode Op;
        public Label Label, Else;
        public int Base, Params, Results;
        public ValKind[] ParamTypes, ResultTypes;
        public bool Dead, HasElse;
        // Tiered loops: the ordinal (reachable loops in body order, as every tier numbers them), whether a call
        // may move to code entered here with only its locals, where the loop starts and where its cost goes.
        public int LoopOrdinal, StartOffset, CostAt;
        public bool Enterable;
    }

    private const uint GprPool = (1u << 0) | (1u << 1) | (1u << 2) | (1u << 3) | (1u << 6) | (1u << 7) | (1u << 8)
        | (1u << 9) | (1u << 10) | (1u << 12) | (1u << 13);
    private const uint XmmPool = 0x7FFF; // xmm0–14; xmm15 is scratch
    private const Reg Scratch = Reg.R11;
    private const int XScratch = 15;

    private static readonly bool s_cpuOk = Sse41.IsSupported && Lzcnt.IsSupported && Bmi1.IsSupported && Popcnt.IsSupported;

    private readonly X64Assembler _a = new();
    private readonly ModuleInfo _module;
    private Entry[] _stack = new Entry[64];
    private int _sp, _maxDepth;
    private Frame[] _ctl = new Frame[16];
    private int _ctlCount;
    private uint _freeGpr, _freeXmm;
    private ValKind[] _locals = [];
    private bool _unreachable;
    private readonly Dictionary<TrapCode, Label> _traps = [];
    private Label _return;

    /// <summary>With <paramref name="tiered"/>, the code counts its budget in the tier state (<see
    /// cref="Compilation.TierState"/>: on entry and at each loop header), moves a running call over to optimized
    /// code entered at an outermost loop once there is some, and forwards its calls to the optimized code.</summary>
    public BaselineCompiler(ModuleInfo module, bool tiered = false)
    {
        _module = module;
        _tiered = tiered;
        // Memory 0's address type (imported memories come first in the list): only 32-bit memories have
        // baseline code.
        _memory64 = module.Memories.Count > 0 && module.Memories[0].Is64;
    }

    private readonly bool _memory64;
    private readonly bool _tiered;
    private int[] _localAt = [];
    private int _slotBytes = 8;
    private bool _needsVectorSlots;
    private int _defined, _loopOrdinal;
    private bool _loopsOrRecurses;
    private long _offset;
    private Label _returnRaw;
    private readonly List<(Label Stub, Label Back, long Descriptor)> _hotStubs = [];
    private readonly List<(Label Stub, long Descriptor)> _osrStubs = [];

    /// <summary>Budget units one pass over <paramref name="bytes"/> of code costs: roughly its instructions (the
    /// measure tier-0 code and the interpreter use).</summary>
    private static int Cost(long bytes) => (int)Math.Clamp(1 + bytes / 4, 1, Compilation.TierState.MaxCost);

    /// <summary>What a budget or on-stack-replacement callout is about: the defined function, and the loop
    /// (-1: the call itself).</summary>
    private long Descriptor(int loop) => ((long)loop << 32) | (uint)_defined;

    /// <summary>Whether a function of this signature and locals can be compiled at all.</summary>
    public static bool CanCompile(FuncType type, FunctionBody body)
    {
        if (!s_cpuOk || !CodeMemory.IsSupported) return false;
        foreach (var t in type.Parameters) if (!IsValue(t.Kind)) return false;
        foreach (var t in type.Results) if (!IsValue(t.Kind)) return false;
        foreach (var t in body.Locals) if (!IsValue(t.Kind)) return false;
        return true;
    }

    private static bool IsNumeric(ValKind k) => k is ValKind.I32 or ValKind.I64 or ValKind.F32 or ValKind.F64;

    /// <summary>Numbers and vectors: what native slots hold (references are managed objects).</summary>
    private static bool IsValue(ValKind k) => IsNumeric(k) || k == ValKind.V128;

    /// <summary>Where a local lives relative to rbp: <paramref name="cell"/> is the number of 8-byte cells the
    /// locals before it take (a v128 takes two). On-stack replacement reads the locals from there too.</summary>
    internal static int LocalOffset(int cell, bool vector) => -16 - 8 * (cell + (vector ? 1 : 0));

    /// <summary>Compiles defined function <paramref name="definedIndex"/> and returns its machine code (to be
    /// copied to executable memory; it is position-independent). Throws <see cref="NotSupportedException"/> for
    /// an instruction it does not compile.</summary>
    public ReadOnlySpan<byte> Compile(int definedIndex)
    {
        var body = _module.Bodies[definedIndex];
        var type = _module.FuncTypeOf((uint)(definedIndex + _module.ImportedFuncs));
        if (!CanCompile(type, body)) throw new NotSupportedException("non-numeric locals");
        // Operand slots are 8 bytes unless v128 values reach the operand stack, which a v128 local tells at
        // once and the first vector instruction otherwise; then the body is compiled again with 16-byte slots.
        var vectors = false;
        foreach (var local in body.Locals) vectors |= local.Kind == ValKind.V128;
        CompileBody(definedIndex, type, body, vectors);
        if (_needsVectorSlots && !vectors) CompileBody(definedIndex, type, body, true);
        return _a.Code;
    }

    private void CompileBody(int definedIndex, FuncType type, FunctionBody body, bool vectorSlots)
    {
        _slotBytes = vectorSlots ? 16 : 8;
        _needsVectorSlots = false;
        _a.Reset();
        _constants.Clear();
        _traps.Clear();
        _sp = _maxDepth = _ctlCount = 0;
        _freeGpr = GprPool;
        _freeXmm = XmmPool;
        _unreachable = false;
        _defined = definedIndex;
        _loopOrdinal = 0;
        _hotStubs.Clear();
        _osrStubs.Clear();
        var nParams = type.Parameters.Length;
        var nLocals = nParams + body.Locals.Length;
        if (_locals.Length < nLocals)
        {
            _locals = new ValKind[Math.Max(nLocals, 2 * _locals.Length)];
            _localAt = new int[_locals.Length];
        }
        for (var i = 0; i < nParams; i++) _locals[i] = type.Parameters[i].Kind;
        for (var i = 0; i < body.Locals.Length; i++) _locals[nParams + i] = body.Locals[i].Kind;
        var cells = 0;
        for (var i = 0; i < nLocals; i++)
        {
            var vector = _locals[i] == ValKind.V128;
            _localAt[i] = LocalOffset(cells, vector);
            cells += vector ? 2 : 1;
        }

        // Prologue. Tiered code of a function with loops or that calls itself goes to the optimized code once
        // there is some: a call from baseline code then pays for the way into managed code, which a loop or a
        // recursion that stays there repays (a small function called in a loop would not, so its baseline
        // callers keep running its baseline code).
        // Whether the body has either is known once it is compiled: the check is skipped by a short jump then.
        var forward = _a.NewLabel();
        var forwards = _tiered;
        _loopsOrRecurses = false;
        var checkStart = _a.Position;
        if (forwards)
        {
            _a.Load(true, Scratch, Mem.At(Reg.R15, NativeContext.Optimized));
            _a.AluMI(true, X64Assembler.Alu.Cmp, Mem.At(Scratch, 8 * definedIndex), 0);
            _a.Jcc(Cond.NE, forward);
        }
        var checkEnd = _a.Position;
        _a.Push(Reg.Rbp);
        _a.MovRR(true, Reg.Rbp, Reg.Rsp);
        var frameAt = _a.SubRspPatchable();
        _a.AluRM(true, X64Assembler.Alu.Cmp, Reg.Rsp, Mem.At(Reg.R15, NativeContext.StackLimit));
        _a.Jcc(Cond.B, Trap(TrapCode.StackOverflow));
        _a.Store(true, Mem.At(Reg.Rbp, -8), Reg.Rsi);
        // The arguments come in cells (a v128 in two), as the locals lie in the frame.
        for (int i = 0, cell = 0; i < nParams; cell += _locals[i] == ValKind.V128 ? 2 : 1, i++)
        {
            if (_locals[i] == ValKind.V128)
            {
                _a.Simd(Packed.Movdqu, XScratch, Mem.At(Reg.Rsi, 8 * cell));
                _a.Simd(Packed.MovdquStore, XScratch, LocalMem(i));
                continue;
            }
            _a.Load(true, Scratch, Mem.At(Reg.Rsi, 8 * cell));
            _a.Store(true, LocalMem(i), Scratch);
        }
        var paramCells = Compilation.ThunkCache.CellOf(type.Parameters, nParams);
        var zeroed = cells - paramCells;
        if (zeroed > 6)
        {
            _a.Lea(Reg.Rdi, Mem.At(Reg.Rbp, LocalOffset(cells - 1, false)));
            _a.MovImm(false, Reg.Rcx, zeroed);
            _a.MovImm(false, Reg.Rax, 0);
            _a.RepStosq();
        }
        else if (zeroed > 0)
        {
            _a.MovImm(false, Scratch, 0);
            for (var c = paramCells; c < cells; c++) _a.Store(true, Mem.At(Reg.Rbp, LocalOffset(c, false)), Scratch);
        }

        if (_tiered) CountBudget(-1, Cost(body.CodeLength));

        _return = _a.NewLabel();
        _returnRaw = _a.NewLabel();
        var results = Kinds(type.Results);
        PushFrame(Opcode.Block, _return, [], results);

        var reader = new CodeReader(_module, body);
        while (_ctlCount > 0)
        {
            reader.Read(out var ins);
            _offset = ins.Offset;
            if (_unreachable) Skip(in ins);
            else Emit(in ins);
            if (_needsVectorSlots) return; // compiled again with 16-byte slots
        }

        // Return: results are in slots 0..n-1.
        _a.Bind(_return);
        if (results.Length > 0)
        {
            _a.Load(true, Reg.Rax, Mem.At(Reg.Rbp, -8));
            for (int i = 0, cell = 0; i < results.Length; cell += results[i] == ValKind.V128 ? 2 : 1, i++)
            {
                if (results[i] == ValKind.V128)
                {
                    _a.Simd(Packed.Movdqu, XScratch, SlotMem(i));
                    _a.Simd(Packed.MovdquStore, XScratch, Mem.At(Reg.Rax, 8 * cell));
                    continue;
                }
                _a.Load(true, Scratch, SlotMem(i));
                _a.Store(true, Mem.At(Reg.Rax, 8 * cell), Scratch);
            }
        }
        _a.Bind(_returnRaw);
        _a.MovRR(true, Reg.Rsp, Reg.Rbp);
        _a.Pop(Reg.Rbp);
        _a.Ret();

        if (forwards && !_loopsOrRecurses) _a.PatchJmpShort(checkStart, checkEnd);
        if (forwards)
        {
            // Called like the function: the callout calls its optimized code with the caller's arguments.
            _a.Bind(forward);
            _a.MovImm(false, Reg.Rax, definedIndex + _module.ImportedFuncs);
            _a.MovImm(true, Scratch, Thunks.Callout);
            _a.JmpR(Scratch);
        }
        foreach (var (stub, back, descriptor) in _hotStubs)
        {
            _a.Bind(stub);
            TierCallout(descriptor, BaselineCallouts.Hot);
            _a.Jmp(back);
        }
        foreach (var (stub, descriptor) in _osrStubs)
        {
            // The optimized code finishes the call and leaves its results where this code would have.
            _a.Bind(stub);
            TierCallout(descriptor, BaselineCallouts.Osr);
            _a.Jmp(_returnRaw);
        }
        foreach (var (code, label) in _traps)
        {
            _a.Bind(label);
            _a.MovImm(false, Reg.Rax, (int)code + 1);
            _a.JmpM(Mem.At(Reg.R15, NativeContext.TrapThunk));
        }

        EmitConstants();
        var frame = 16 + 8 * cells + _slotBytes * _maxDepth;
        frame = (frame + 15) & ~15;
        _a.PatchInt32(frameAt, frame);
        _a.Finish();
    }

    /// <summary>Spends <paramref name="cost"/> of the function's budget (nothing live in registers); once it is
    /// spent, the callout asks for optimized code for the call (<paramref name="loop"/> -1) or for the loop.
    /// Returns where the cost is, to patch.</summary>
    private int CountBudget(int loop, int cost)
    {
        var stub = _a.NewLabel();
        var back = _a.NewLabel();
        _a.Load(true, Scratch, Mem.At(Reg.R15, NativeContext.Counters));
        var at = _a.AluMI(false, X64Assembler.Alu.Sub, Mem.At(Scratch, 4 * _defined), cost);
        _a.Jcc(Cond.LE, stub);
        _a.Bind(back);
        _hotStubs.Add((stub, back, Descriptor(loop)));
        return at;
    }

    /// <summary>A tier callout: the descriptor in the context, the frame pointer as the argument.</summary>
    private void TierCallout(long descriptor, int helper)
    {
        _a.MovImm(true, Scratch, descriptor);
        _a.Store(true, Mem.At(Reg.R15, NativeContext.Descriptor), Scratch);
        _a.MovRR(true, Reg.Rsi, Reg.Rbp);
        _a.MovImm(false, Reg.Rax, helper);
        _a.MovImm(true, Scratch, Thunks.Callout);
        _a.CallR(Scratch);
        _a.Load(true, Reg.R14, Mem.At(Reg.R15, NativeContext.MemBase));
    }

    /// <summary>
    /// Tiered code at a loop header (every value in its slot): counts the iteration against the function's budget,
    /// on behalf of the outermost loop around it when that one may be entered from outside (only an outermost
    /// loop is, as in the other tiers), and at such a loop moves the call over to the optimized code entered
    /// there once it exists.
    /// </summary>
    private void LoopHeader(ref Frame loop, bool enterable)
    {
        loop.LoopOrdinal = _loopOrdinal++;
        var outermost = -1;
        for (var i = 0; i < _ctlCount - 1; i++)
        {
            if (_ctl[i].Op == Opcode.Loop && !_ctl[i].Dead)
            {
                outermost = i;
                break;
            }
        }
        loop.Enterable = enterable && outermost < 0;
        var target = outermost >= 0 ? _ctl[outermost] : loop;
        loop.StartOffset = (int)_offset;
        loop.CostAt = CountBudget(target.Enterable ? target.LoopOrdinal : -1, 1);
        if (!loop.Enterable) return;
        var osr = _a.NewLabel();
        _a.Load(true, Scratch, Mem.At(Reg.R15, NativeContext.OsrLoops));
        _a.AluMI(false, X64Assembler.Alu.Cmp, Mem.At(Scratch, 4 * _defined), loop.LoopOrdinal + 1);
        _a.Jcc(Cond.E, osr);
        _osrStubs.Add((osr, Descriptor(loop.LoopOrdinal)));
    }

    // ---- operand stack ----

    private Mem LocalMem(int i) => Mem.At(Reg.Rbp, _localAt[i]);

    private Mem SlotMem(int d) => Mem.At(Reg.Rsp, _slotBytes * d);

    private static bool IsFloat(ValKind k) => k is ValKind.F32 or ValKind.F64;

    /// <summary>Whether values of kind <paramref name="k"/> live in xmm registers.</summary>
    private static bool InXmm(ValKind k) => k is ValKind.F32 or ValKind.F64 or ValKind.V128;

    private static bool Wide(ValKind k) => k is ValKind.I64 or ValKind.F64;

    private void Push(Entry e)
    {
        if (e.T == ValKind.V128 && _slotBytes < 16) _needsVectorSlots = true;
        if (_sp == _stack.Length) Array.Resize(ref _stack, _sp * 2);
        _stack[_sp++] = e;
        if (_sp > _maxDepth) _maxDepth = _sp;
    }

    private void PushReg(ValKind t, Reg r) => Push(new Entry { K = Kind.Reg, T = t, R = (byte)r });

    private void PushXmm(ValKind t, int x) => Push(new Entry { K = Kind.Reg, T = t, R = (byte)x });

    private void PushSlot(ValKind t) => Push(new Entry { K = Kind.Slot, T = t });

    private Entry Pop() => _stack[--_sp];

    private Reg AllocGpr()
    {
        if (_freeGpr == 0) SpillOne(false);
        var r = System.Numerics.BitOperations.TrailingZeroCount(_freeGpr);
        _freeGpr &= ~(1u << r);
        return (Reg)r;
    }

    private int AllocXmm()
    {
        if (_freeXmm == 0) SpillOne(true);
        var x = System.Numerics.BitOperations.TrailingZeroCount(_freeXmm);
        _freeXmm &= ~(1u << x);
        return x;
    }

    private void Free(Reg r) => _freeGpr |= 1u << (int)r;

    private void FreeX(int x) => _freeXmm |= 1u << x;

    private void FreeEntry(in Entry e)
    {
        if (e.K != Kind.Reg) return;
        if (InXmm(e.T)) FreeX(e.R);
        else Free((Reg)e.R);
    }

    /// <summary>Spills the deepest register entry of the class that ran out.</summary>
    private void SpillOne(bool xmm)
    {
        for (var d = 0; d < _sp; d++)
        {
            ref var e = ref _stack[d];
            if (e.K == Kind.Reg && InXmm(e.T) == xmm)
            {
                StoreEntry(in e, SlotMem(d));
                FreeEntry(in e);
                e.K = Kind.Slot;
                return;
            }
        }
        throw new InvalidOperationException("no register to spill");
    }

    /// <summary>Writes an entry's value to memory (its register stays allocated).</summary>
    private void StoreEntry(in Entry e, Mem m, int depth = -1)
    {
        if (e.T == ValKind.V128)
        {
            // Vectors are never constants on the operand stack: v128.const loads a register.
            if (e.K == Kind.Reg) _a.Simd(Packed.MovdquStore, e.R, m);
            else
            {
                var src = e.K == Kind.Local ? LocalMem((int)e.V) : SlotMem(depth);
                if (src == m) return;
                _a.Simd(Packed.Movdqu, XScratch, src);
                _a.Simd(Packed.MovdquStore, XScratch, m);
            }
            return;
        }
        switch (e.K)
        {
            case Kind.Reg:
                if (IsFloat(e.T)) _a.FStore(e.T == ValKind.F64, m, e.R);
                else _a.Store(true, m, (Reg)e.R);
                break;
            case Kind.Const:
                if (!Wide(e.T)) _a.StoreImm(false, m, (int)e.V);
                else if (e.V is >= int.MinValue and <= int.MaxValue) _a.StoreImm(true, m, (int)e.V);
                else
                {
                    _a.MovImm(true, Scratch, e.V);
                    _a.Store(true, m, Scratch);
                }
                break;
            case Kind.Local:
                _a.Load(true, Scratch, LocalMem((int)e.V));
                _a.Store(true, m, Scratch);
                break;
            case Kind.Slot:
                if (depth < 0) throw new InvalidOperationException("slot without depth");
                var src = SlotMem(depth);
                if (src == m) break;
                _a.Load(true, Scratch, src);
                _a.Store(true, m, Scratch);
                break;
        }
    }

    /// <summary>Puts every entry in its slot and frees all registers.</summary>
    private void SpillAll()
    {
        for (var d = 0; d < _sp; d++)
        {
            ref var e = ref _stack[d];
            if (e.K == Kind.Slot) continue;
            StoreEntry(in e, SlotMem(d), d);
            FreeEntry(in e);
            e.K = Kind.Slot;
        }
    }

    /// <summary>Loads a popped entry (which was at <paramref name="depth"/>) into a register the caller owns.</summary>
    private Reg ToGpr(in Entry e, int depth)
    {
        if (e.K == Kind.Reg) return (Reg)e.R;
        var r = AllocGpr();
        var w = e.T == ValKind.I64;
        switch (e.K)
        {
            case Kind.Const: _a.MovImm(w, r, e.V); break;
            case Kind.Local: _a.Load(w, r, LocalMem((int)e.V)); break;
            default: _a.Load(w, r, SlotMem(depth)); break;
        }
        return r;
    }

    private int ToXmm(in Entry e, int depth)
    {
        if (e.K == Kind.Reg) return e.R;
        var x = AllocXmm();
        if (e.T == ValKind.V128)
        {
            _a.Simd(Packed.Movdqu, x, e.K == Kind.Local ? LocalMem((int)e.V) : SlotMem(depth));
            return x;
        }
        var f64 = e.T == ValKind.F64;
        switch (e.K)
        {
            case Kind.Const:
                _a.MovImm(f64, Scratch, e.V);
                _a.MovToX(f64, x, Scratch);
                break;
            case Kind.Local: _a.FLoad(f64, x, LocalMem((int)e.V)); break;
            default: _a.FLoad(f64, x, SlotMem(depth)); break;
        }
        return x;
    }

    /// <summary>Pops the top entry into a register the caller owns.</summary>
    private Reg PopGpr()
    {
        var e = Pop();
        return ToGpr(in e, _sp);
    }

    private int PopXmm()
    {
        var e = Pop();
        return ToXmm(in e, _sp);
    }

    /// <summary>Pops two operands, a under b, into xmm registers the caller owns.</summary>
    private (int A, int B) PopXmmPair()
    {
        var b = Pop();
        var a = Pop();
        var xb = ToXmm(in b, _sp + 1);
        var xa = ToXmm(in a, _sp);
        return (xa, xb);
    }

    /// <summary>Makes entries that still refer to local <paramref name="index"/> hold its current value.</summary>
    private void CaptureLocal(int index)
    {
        for (var d = 0; d < _sp; d++)
        {
            ref var e = ref _stack[d];
            if (e.K != Kind.Local || e.V != index) continue;
            StoreEntry(in e, SlotMem(d));
            e.K = Kind.Slot;
        }
    }

    private Label Trap(TrapCode code)
    {
        if (!_traps.TryGetValue(code, out var l)) _traps[code] = l = _a.NewLabel();
        return l;
    }

    // ---- control ----

    /// <summary>The kinds of block or call operands; references (which native slots cannot hold) are refused.</summary>
    private static ValKind[] Kinds(ValType[] types)
    {
        if (types.Length == 0) return [];
        var k = new ValKind[types.Length];
        for (var i = 0; i < k.Length; i++)
        {
            k[i] = types[i].Kind;
            if (!IsValue(k[i])) throw new NotSupportedException("reference operands");
        }
        return k;
    }

    private (ValKind[] Params, ValKind[] Results) BlockKinds(BlockType bt) => bt.Kind switch
    {
        BlockTypeKind.Empty => ([], []),
        BlockTypeKind.Value => ([], Kinds([bt.Value])),
        _ => (Kinds(_module.Types[(int)bt.Index].Parameters), Kinds(_module.Types[(int)bt.Index].Results)),
    };

    private void PushFrame(Opcode op, Label label, ValKind[] ps, ValKind[] rs, bool dead = false)
    {
        if (_ctlCount == _ctl.Length) Array.Resize(ref _ctl, _ctlCount * 2);
        _ctl[_ctlCount++] = new Frame
        {
            Op = op, Label = label, Base = _sp - ps.Length, Params = ps.Length, Results = rs.Length,
            ParamTypes = ps, ResultTypes = rs, Dead = dead,
        };
    }

    private void ResetTo(in Frame f, ValKind[] types)
    {
        for (var d = f.Base; d < _sp; d++) FreeEntry(in _stack[d]);
        _sp = f.Base;
        foreach (var t in types) PushSlot(t);
    }

    /// <summary>Moves the branch values (the top <paramref name="arity"/> entries) into the target's slots.</summary>
    private void MoveBranchValues(int targetBase, int arity)
    {
        for (var k = 0; k < arity; k++)
        {
            var d = _sp - arity + k;
            StoreEntry(in _stack[d], SlotMem(targetBase + k), d);
        }
    }

    private bool BranchValuesInPlace(int targetBase, int arity)
    {
        if (arity == 0) return true;
        if (_sp - arity != targetBase) return false;
        for (var d = targetBase; d < _sp; d++) if (_stack[d].K != Kind.Slot) return false;
        return true;
    }

    private ref Frame Target(uint depth) => ref _ctl[_ctlCount - 1 - (int)depth];

    private static int Arity(in Frame f) => f.Op == Opcode.Loop ? f.Params : f.Results;

    private void Skip(in Instruction ins)
    {
        switch (ins.Op)
        {
            case Opcode.Block or Opcode.Loop or Opcode.If:
                PushFrame(ins.Op, default, [], [], dead: true);
                break;
            case Opcode.Else:
                if (_ctl[_ctlCount - 1].Dead) break;
                Else();
                break;
            case Opcode.End:
                if (_ctl[_ctlCount - 1].Dead)
                {
                    _ctlCount--;
                    break;
                }
                End();
                break;
        }
    }

    private void Else()
    {
        ref var f = ref _ctl[_ctlCount - 1];
        if (!_unreachable)
        {
            MoveBranchValues(f.Base, f.Results);
            _a.Jmp(f.Label);
        }
        f.HasElse = true;
        _a.Bind(f.Else);
        ResetTo(in f, f.ParamTypes);
        _unreachable = false;
    }

    private void End()
    {
        var f = _ctl[_ctlCount - 1];
        if (_tiered && f.Op == Opcode.Loop) _a.PatchInt32(f.CostAt, Cost(_offset - f.StartOffset));
        if (!_unreachable) MoveBranchValues(f.Base, f.Results);
        if (f.Op == Opcode.If && !f.HasElse) _a.Bind(f.Else);
        // The function's own frame ends at the return sequence, which binds its label.
        if (f.Op != Opcode.Loop && _ctlCount > 1) _a.Bind(f.Label);
        ResetTo(in f, f.ResultTypes);
        _ctlCount--;
        _unreachable = false;
    }

    private void Branch(uint depth)
    {
        ref var f = ref Target(depth);
        MoveBranchValues(f.Base, Arity(in f));
        _a.Jmp(f.Label);
    }

    // ---- instructions ----

    private void Emit(in Instruction ins)
    {
        switch (ins.Op)
        {
            case Opcode.Nop: return;
            case Opcode.Unreachable:
                _a.Jmp(Trap(TrapCode.Unreachable));
                _unreachable = true;
                return;
            case Opcode.Block:
            {
                SpillAll();
                var (ps, rs) = BlockKinds(ins.Block);
                PushFrame(Opcode.Block, _a.NewLabel(), ps, rs);
                return;
            }
            case Opcode.Loop:
            {
                SpillAll();
                var (ps, rs) = BlockKinds(ins.Block);
                var l = _a.NewLabel();
                _a.Bind(l);
                _loopsOrRecurses = true;
                // Entered with nothing on the operand stack, in no block that carries values in.
                var clean = _sp == 0 && ps.Length == 0;
                for (var i = 0; i < _ctlCount && clean; i++) clean = _ctl[i].Params == 0;
                PushFrame(Opcode.Loop, l, ps, rs);
                if (_tiered) LoopHeader(ref _ctl[_ctlCount - 1], clean);
                return;
            }
            case Opcode.If:
            {
                var c = PopGpr();
                SpillAll();
                _a.TestRR(false, c, c);
                Free(c);
                var (ps, rs) = BlockKinds(ins.Block);
                PushFrame(Opcode.If, _a.NewLabel(), ps, rs);
                _ctl[_ctlCount - 1].Else = _a.NewLabel();
                _a.Jcc(Cond.E, _ctl[_ctlCount - 1].Else);
                return;
            }
            case Opcode.Else: Else(); return;
            case Opcode.End: End(); return;
            case Opcode.Br:
                Branch(ins.A);
                _unreachable = true;
                return;
            case Opcode.Return:
                Branch((uint)(_ctlCount - 1));
                _unreachable = true;
                return;
            case Opcode.BrIf:
            {
                var c = PopGpr();
                _a.TestRR(false, c, c);
                Free(c);
                ref var f = ref Target(ins.A);
                var arity = Arity(in f);
                if (BranchValuesInPlace(f.Base, arity)) _a.Jcc(Cond.NE, f.Label);
                else
                {
                    var skip = _a.NewLabel();
                    _a.Jcc(Cond.E, skip);
                    MoveBranchValues(f.Base, arity);
                    _a.Jmp(f.Label);
                    _a.Bind(skip);
                }
                return;
            }
            case Opcode.BrTable: BrTable(in ins); return;
            case Opcode.Drop: FreeEntry(Pop()); return;
            case Opcode.Select or Opcode.SelectTyped: Select(); return;
            case Opcode.LocalGet:
                Push(new Entry { K = Kind.Local, T = _locals[ins.A], V = ins.A });
                return;
            case Opcode.LocalSet or Opcode.LocalTee: SetLocal((int)ins.A, ins.Op == Opcode.LocalTee); return;
            case Opcode.GlobalGet or Opcode.GlobalSet: Global(in ins); return;
            case Opcode.I32Const:
                Push(new Entry { K = Kind.Const, T = ValKind.I32, V = (int)(long)ins.Imm });
                return;
            case Opcode.I64Const:
                Push(new Entry { K = Kind.Const, T = ValKind.I64, V = (long)ins.Imm });
                return;
            case Opcode.F32Const:
                Push(new Entry { K = Kind.Const, T = ValKind.F32, V = (long)(uint)ins.Imm });
                return;
            case Opcode.F64Const:
                Push(new Entry { K = Kind.Const, T = ValKind.F64, V = (long)ins.Imm });
                return;
            case Opcode.Call: Call((int)ins.A); return;
            case Opcode.MemorySize or Opcode.MemoryGrow or Opcode.MemoryCopy or Opcode.MemoryFill when _memory64:
                throw new NotSupportedException("memory64");
            case Opcode.MemorySize when ins.A == 0:
            {
                var r = AllocGpr();
                _a.Load(true, r, Mem.At(Reg.R15, NativeContext.MemLength));
                _a.ShiftImm(true, 5, r, 16);
                PushReg(ValKind.I32, r);
                return;
            }
            case Opcode.MemoryGrow when ins.A == 0:
                SpillAll();
                CalloutAt(_sp - 1, BaselineCallouts.MemoryGrow, 1);
                return;
            case Opcode.MemoryCopy when ins.A == 0 && ins.B == 0:
                SpillAll();
                CalloutAt(_sp - 3, BaselineCallouts.MemoryCopy, 0);
                return;
            case Opcode.MemoryFill when ins.A == 0:
                SpillAll();
                CalloutAt(_sp - 3, BaselineCallouts.MemoryFill, 0);
                return;
            case Opcode.CallIndirect: CallIndirect(ins.A, ins.B); return;
        }
        if (ins.Info.Immediate == Immediate.MemArg && !ins.Info.IsSimd && !ins.Info.IsAtomic && ins.B == 0)
        {
            MemoryAccess(in ins);
            return;
        }
        if (ins.Info.IsSimd)
        {
            if (Vector(in ins)) return;
        }
        else if (Numeric(in ins)) return;
        throw new NotSupportedException($"baseline code for {ins.Info.Name}");
    }

    private void SetLocal(int index, bool tee)
    {
        var e = Pop();
        CaptureLocal(index);
        var m = LocalMem(index);
        if (e.K == Kind.Slot || e.K == Kind.Local)
        {
            // Through a register, which a tee then keeps.
            var wasLocal = e.K == Kind.Local && e.V == index;
            if (wasLocal)
            {
                if (tee) Push(e);
                return;
            }
            if (InXmm(e.T))
            {
                var x = ToXmm(in e, _sp);
                if (e.T == ValKind.V128) _a.Simd(Packed.MovdquStore, x, m);
                else _a.FStore(e.T == ValKind.F64, m, x);
                if (tee) PushXmm(e.T, x);
                else FreeX(x);
            }
            else
            {
                var r = ToGpr(in e, _sp);
                _a.Store(true, m, r);
                if (tee) PushReg(e.T, r);
                else Free(r);
            }
            return;
        }
        StoreEntry(in e, m);
        if (tee) Push(e);
        else FreeEntry(in e);
    }

    private void Global(in Instruction ins)
    {
        var g = (int)ins.A;
        var kind = GlobalKind(g);
        if (!IsNumeric(kind)) throw new NotSupportedException("reference globals");
        if (ins.Op == Opcode.GlobalGet)
        {
            if (IsFloat(kind))
            {
                var x = AllocXmm();
                LoadGlobalCell(g);
                _a.FLoad(kind == ValKind.F64, x, Mem.At(Scratch, 0));
                PushXmm(kind, x);
            }
            else
            {
                var r = AllocGpr();
                LoadGlobalCell(g);
                _a.Load(kind == ValKind.I64, r, Mem.At(Scratch, 0));
                PushReg(kind, r);
            }
            return;
        }
        var e = Pop();
        if (e.K == Kind.Const && !Wide(e.T))
        {
            LoadGlobalCell(g);
            _a.StoreImm(false, Mem.At(Scratch, 0), (int)e.V);
            return;
        }
        // The scratch register holds the cell: the value goes through a register of its own.
        if (IsFloat(kind))
        {
            var x = ToXmm(in e, _sp);
            LoadGlobalCell(g);
            _a.FStore(kind == ValKind.F64, Mem.At(Scratch, 0), x);
            FreeX(x);
        }
        else
        {
            var r = ToGpr(in e, _sp);
            LoadGlobalCell(g);
            _a.Store(kind == ValKind.I64, Mem.At(Scratch, 0), r);
            Free(r);
        }
    }

    /// <summary>Scratch = the address of global <paramref name="g"/>'s cell (no allocation may follow before use).</summary>
    private void LoadGlobalCell(int g)
    {
        _a.Load(true, Scratch, Mem.At(Reg.R15, NativeContext.Globals));
        _a.Load(true, Scratch, Mem.At(Scratch, 8 * g));
    }

    // ModuleInfo.Globals lists imported globals first, like the index space.
    private ValKind GlobalKind(int g) => _module.Globals[g].Type.Type.Kind;

    private void Call(int func)
    {
        if (func == _defined + _module.ImportedFuncs) _loopsOrRecurses = true;
        var type = _module.FuncTypeOf((uint)func);
        if (_tiered && type.Results.Length > 1) throw new NotSupportedException("several results through managed code");
        Kinds(type.Parameters);
        Kinds(type.Results);
        SpillAll();
        var first = _sp - type.Parameters.Length;
        PackCells(first, type.Parameters.Length);
        _a.Lea(Reg.Rsi, SlotMem(first));
        _a.MovImm(false, Reg.Rax, func);
        _a.CallM(Mem.At(Reg.R15, NativeContext.Functions + 8 * func));
        _a.Load(true, Reg.R14, Mem.At(Reg.R15, NativeContext.MemBase));
        UnpackCells(first, type.Results);
        _sp = first;
        foreach (var t in type.Results) PushSlot(t.Kind);
    }

    /// <summary>Calls a managed helper with the (spilled) entries from <paramref name="first"/> up as arguments;
    /// it replaces them with its results (<paramref name="results"/> of them, of the first argument's type).</summary>
    private void CalloutAt(int first, int helper, int results)
    {
        var t = _stack[first].T;
        PackCells(first, _sp - first);
        EmitCallout(first, helper);
        _sp = first;
        for (var i = 0; i < results; i++) PushSlot(t);
    }

    /// <summary>Calls and helpers take 8-byte cells, a v128 in two: with 16-byte slots, the
    /// <paramref name="count"/> spilled values from slot <paramref name="first"/> up move down into consecutive
    /// cells there (never onto a value still to move; the results come back in cells from the same place).</summary>
    private void PackCells(int first, int count)
    {
        if (_slotBytes == 8) return;
        var at = SlotMem(first);
        var cell = _stack[first].T == ValKind.V128 ? 2 : 1;
        for (var k = 1; k < count; k++)
        {
            var vector = _stack[first + k].T == ValKind.V128;
            MoveCell(SlotMem(first + k), at with { Disp = at.Disp + 8 * cell }, vector);
            cell += vector ? 2 : 1;
        }
    }

    /// <summary>The reverse of <see cref="PackCells"/> for a call's results, last first.</summary>
    private void UnpackCells(int first, ValType[] results)
    {
        if (_slotBytes == 8) return;
        var at = SlotMem(first);
        for (var k = results.Length - 1; k > 0; k--)
        {
            var cell = Compilation.ThunkCache.CellOf(results, k);
            MoveCell(at with { Disp = at.Disp + 8 * cell }, SlotMem(first + k), results[k].Kind == ValKind.V128);
        }
    }

    private void MoveCell(Mem from, Mem to, bool vector)
    {
        if (vector)
        {
            _a.Simd(Packed.Movdqu, XScratch, from);
            _a.Simd(Packed.MovdquStore, XScratch, to);
            return;
        }
        _a.Load(true, Scratch, from);
        _a.Store(true, to, Scratch);
    }

    /// <summary>Calls helper <paramref name="helper"/> with its argument cells at slot <paramref name="first"/>.</summary>
    private void EmitCallout(int first, int helper)
    {
        _a.Lea(Reg.Rsi, SlotMem(first));
        _a.MovImm(false, Reg.Rax, helper);
        _a.MovImm(true, Scratch, Thunks.Callout);
        _a.CallR(Scratch);
        _a.Load(true, Reg.R14, Mem.At(Reg.R15, NativeContext.MemBase));
    }

    /// <summary><c>call_indirect</c> through a managed helper: arguments, then the element index; type and table
    /// indices in the context's descriptor. The helper checks the element and calls it.</summary>
    private void CallIndirect(uint typeIndex, uint table)
    {
        if (typeIndex >= 1 << 20 || table >= 1 << 11) throw new NotSupportedException("call_indirect immediates");
        var type = _module.Types[(int)typeIndex];
        if (_tiered && type.Results.Length > 1) throw new NotSupportedException("several results through managed code");
        Kinds(type.Parameters);
        Kinds(type.Results);
        SpillAll();
        var first = _sp - 1 - type.Parameters.Length;
        PackCells(first, type.Parameters.Length + 1);
        _a.StoreImm(false, Mem.At(Reg.R15, NativeContext.Descriptor), (int)(typeIndex | (table << 20)));
        EmitCallout(first, BaselineCallouts.CallIndirect);
        UnpackCells(first, type.Results);
        _sp = first;
        foreach (var t in type.Results) PushSlot(t.Kind);
    }

    private void BrTable(in Instruction ins)
    {
        var targets = ins.Targets!;
        var idx = PopGpr();
        var arity = Arity(in Target(ins.A));
        // One stub per entry whose values must move; entries whose values are in place jump straight there.
        var entries = new Label[targets.Length + 1];
        var stubs = new List<(Label Stub, uint Depth)>();
        for (var i = 0; i <= targets.Length; i++)
        {
            var depth = i < targets.Length ? targets[i] : ins.A;
            ref var f = ref Target(depth);
            if (BranchValuesInPlace(f.Base, arity)) entries[i] = f.Label;
            else
            {
                var stub = _a.NewLabel();
                stubs.Add((stub, depth));
                entries[i] = stub;
            }
        }
        _a.AluRI(false, X64Assembler.Alu.Cmp, idx, targets.Length);
        _a.Jcc(Cond.AE, entries[targets.Length]);
        if (targets.Length > 0)
        {
            var table = _a.NewLabel();
            _a.LeaRip(Scratch, table);
            _a.LoadSx32(idx, Mem.At(Scratch, idx, 0, 2));
            _a.AluRR(true, X64Assembler.Alu.Add, idx, Scratch);
            _a.JmpR(idx);
            _a.Bind(table);
            var start = _a.Position;
            for (var i = 0; i < targets.Length; i++) _a.LabelDelta(entries[i], start);
        }
        Free(idx);
        foreach (var (stub, depth) in stubs)
        {
            _a.Bind(stub);
            ref var f = ref Target(depth);
            MoveBranchValues(f.Base, arity);
            _a.Jmp(f.Label);
        }
        _unreachable = true;
    }

    private void Select()
    {
        var c = PopGpr();
        var b = Pop();
        var a = Pop();
        if (InXmm(a.T))
        {
            var xb = ToXmm(in b, _sp + 1);
            var xa = ToXmm(in a, _sp);
            var keep = _a.NewLabel();
            _a.TestRR(false, c, c);
            _a.Jcc(Cond.NE, keep);
            _a.MovAps(xa, xb);
            _a.Bind(keep);
            FreeX(xb);
            Free(c);
            PushXmm(a.T, xa);
            return;
        }
        var rb = ToGpr(in b, _sp + 1);
        var ra = ToGpr(in a, _sp);
        _a.TestRR(false, c, c);
        _a.Cmov(a.T == ValKind.I64, Cond.E, ra, rb);
        Free(rb);
        Free(c);
        PushReg(a.T, ra);
    }

    /// <summary>Pops an address and checks that <paramref name="size"/> bytes at it plus
    /// <paramref name="offset"/> are in memory (else traps); returns the operand for them, whose register
    /// <paramref name="addr"/> the caller frees.</summary>
    private Mem CheckedAddress(ulong offset, int size, out Reg addr)
    {
        var addrEntry = Pop();
        addr = ToGpr(in addrEntry, _sp);
        if (offset > int.MaxValue - 16)
        {
            _a.MovImm(true, Scratch, (long)offset);
            _a.AluRR(true, X64Assembler.Alu.Add, addr, Scratch);
            offset = 0;
        }
        _a.Lea(Scratch, Mem.At(addr, (int)offset + size));
        _a.AluRM(true, X64Assembler.Alu.Cmp, Scratch, Mem.At(Reg.R15, NativeContext.MemLength));
        _a.Jcc(Cond.A, Trap(TrapCode.MemoryOutOfBounds));
        return Mem.At(Reg.R14, addr, (int)offset);
    }

    private void MemoryAccess(in Instruction ins)
    {
        var op = ins.Op;
        var (size, isStore) = ScalarAccess.Shape(op) ?? throw new NotSupportedException($"baseline code for {ins.Info.Name}");
        if (_module.Memories.Count == 0 || _memory64) throw new NotSupportedException("memory64");
        var value = default(Entry);
        if (isStore) value = Pop();
        var m = CheckedAddress(ins.Imm, size, out var addr);
        if (isStore)
        {
            if (IsFloat(value.T))
            {
                var x = ToXmm(in value, _sp + 1);
                _a.FStore(value.T == ValKind.F64, m, x);
                FreeX(x);
            }
            else
            {
                var v = ToGpr(in value, _sp + 1);
                switch (size)
                {
                    case 1: _a.Store8(m, v); break;
                    case 2: _a.Store16(m, v); break;
                    default: _a.Store(size == 8, m, v); break;
                }
                Free(v);
            }
            Free(addr);
            return;
        }
        switch (op)
        {
            case Opcode.F32Load or Opcode.F64Load:
            {
                var x = AllocXmm();
                _a.FLoad(op == Opcode.F64Load, x, m);
                Free(addr);
                PushXmm(op == Opcode.F64Load ? ValKind.F64 : ValKind.F32, x);
                return;
            }
            case Opcode.I32Load: _a.Load(false, addr, m); break;
            case Opcode.I64Load: _a.Load(true, addr, m); break;
            case Opcode.I64Load32U: _a.Load(false, addr, m); break;
            case Opcode.I64Load32S: _a.LoadSx32(addr, m); break;
            case Opcode.I32Load8S or Opcode.I64Load8S: _a.LoadExtend(op == Opcode.I64Load8S, addr, m, 8, true); break;
            case Opcode.I32Load8U or Opcode.I64Load8U: _a.LoadExtend(false, addr, m, 8, false); break;
            case Opcode.I32Load16S or Opcode.I64Load16S: _a.LoadExtend(op == Opcode.I64Load16S, addr, m, 16, true); break;
            default: _a.LoadExtend(false, addr, m, 16, false); break;
        }
        PushReg(ins.Info.Results![0].Kind, addr);
    }
}
