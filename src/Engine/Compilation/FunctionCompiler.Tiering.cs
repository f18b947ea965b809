using System.Reflection;
using System.Reflection.Emit;
using Wasm.Instructions;

namespace Wasm.Compilation;

/// <summary>The code tiered compilation adds to a function (see <see cref="TierState"/>).</summary>
internal sealed partial class FunctionCompiler
{
    /// <summary>What a compile of one body produces.</summary>
    internal enum Tier
    {
        /// <summary>Optimized from the start, in the module's type (no tiering, or a body that is not eligible).</summary>
        Plain,
        /// <summary>Unoptimized, counting calls and loop iterations, forwarding once promoted.</summary>
        Zero,
        /// <summary>The optimized recompile of a hot function.</summary>
        Optimized,
        /// <summary>The optimized recompile entered at one loop header with the locals of a running tier-0 call (or,
        /// <see cref="_withPlainEntry"/>, at its start when the state array is null).</summary>
        Osr,
        /// <summary>Tier-0 code entered at one loop header with the locals of a running interpreted call (or,
        /// <see cref="_withPlainEntry"/>, at its start when the state array is null).</summary>
        ZeroOsr,
    }

    private Tier _tier;
    private int _definedIndex;
    private MethodInfo? _self;         // Optimized and Osr: the optimized method, which recursive calls use
    private int _loopOrdinal;          // loops entered so far (reachable ones), numbered the same in every tier
    private int _osrLoop;              // Osr: the ordinal of the loop entered
    private bool _withPlainEntry;      // Osr and ZeroOsr (which set it): a null state array starts the call at the top instead
    private Label _osrEntry;
    private LocalBuilder? _tierState, _tierEntry;
    private LocalBuilder? _counter, _osrLoopSlot; // tier 0: refs to the function's budget and its OsrLoop entry
    private Label _forward, _osrStub;
    private bool _osrStubUsed;
    private readonly Stack<long> _openBlocks = new();             // Scan: start offsets of open blocks (-1: not a loop)
    private readonly Dictionary<long, long> _loopBytes = new();   // Scan: code bytes of each loop, by its offset

    /// <summary>Scan: records how many code bytes each loop spans (what one iteration costs the budget).</summary>
    private void MeasureLoops(in Instruction ins)
    {
        switch (ins.Op)
        {
            case Opcode.Block or Opcode.If or Opcode.Try or Opcode.TryTable:
                _openBlocks.Push(-1);
                break;
            case Opcode.Loop:
                _openBlocks.Push(ins.Offset);
                break;
            case Opcode.End when _openBlocks.Count > 0:
                var start = _openBlocks.Pop();
                if (start >= 0) _loopBytes[start] = ins.Offset - start;
                break;
        }
    }

    /// <summary>Budget units one pass over <paramref name="bytes"/> of code costs: roughly its instructions.</summary>
    private static int Cost(long bytes) => (int)Math.Clamp(1 + bytes / 4, 1, TierState.MaxCost);

    /// <summary>Recompiles function <paramref name="definedIndex"/> optimized into <paramref name="method"/>.</summary>
    public void CompileOptimized(int definedIndex, MethodBuilder method)
    {
        _self = method;
        Compile(definedIndex, method, Tier.Optimized);
    }

    /// <summary>Compiles the on-stack-replacement entry of function <paramref name="definedIndex"/> at loop
    /// <paramref name="loop"/>: the function's parameters and context, then its locals packed in a
    /// <c>ulong[]</c>; recursive calls go to <paramref name="optimized"/>. With <paramref name="withPlainEntry"/>,
    /// a null array runs the whole function instead, so that one compile serves both the running call and later
    /// ones (through a method that passes null, <see cref="EmitPlainEntry"/>).</summary>
    public void CompileOsr(int definedIndex, MethodBuilder method, int loop, MethodInfo? optimized, bool withPlainEntry = false)
    {
        _self = optimized;
        _osrLoop = loop;
        _withPlainEntry = withPlainEntry;
        Compile(definedIndex, method, Tier.Osr);
    }

    /// <summary>Compiles the tier-0 code of function <paramref name="definedIndex"/> entered at loop
    /// <paramref name="loop"/>, taking the same arguments as <see cref="CompileOsr"/>: where an interpreted call
    /// that loops long moves to compiled code. <paramref name="withPlainEntry"/> as for <see cref="CompileOsr"/>.</summary>
    public void CompileZeroOsr(int definedIndex, MethodBuilder method, int loop, bool withPlainEntry = false)
    {
        _osrLoop = loop;
        _withPlainEntry = withPlainEntry;
        Compile(definedIndex, method, Tier.ZeroOsr);
    }

    /// <summary>
    /// Emits into <paramref name="method"/> (the function's own signature) a call of <paramref name="osr"/>, an
    /// on-stack-replacement method compiled with a plain entry, with a null state array: the function's entry
    /// point, at the cost of one small method the optimizing JIT compiles in microseconds and inlines into
    /// optimized callers. Compiling the body once more for it costs tens of milliseconds when the body is large.
    /// </summary>
    public static void EmitPlainEntry(MethodBuilder method, MethodInfo osr, int parameterCount)
    {
        var il = method.GetILGenerator();
        for (var a = 0; a <= parameterCount; a++) EmitLdarg(il, a);
        il.Emit(OpCodes.Ldnull);
        il.Emit(OpCodes.Call, osr);
        il.Emit(OpCodes.Ret);
    }

    /// <summary>[] → [the module's <see cref="TierState"/>]: tier-0 code keeps it in a local.</summary>
    private void LoadTierState()
    {
        if (_tierState is not null) _il.Emit(OpCodes.Ldloc, _tierState);
        else
        {
            LoadCtx();
            _il.Emit(OpCodes.Ldfld, Builtins.CtxTier);
        }
    }

    /// <summary>Tier 0, first thing in the body: forwards to the optimized code once there is some, else counts
    /// the call. Entered at a loop, it only loads the tier state.</summary>
    private void EmitTierZeroPrologue()
    {
        _tierState = _il.DeclareLocal(typeof(TierState));
        _tierEntry = _il.DeclareLocal(typeof(nint));
        _forward = _il.DefineLabel();
        _osrStub = _il.DefineLabel();
        _osrStubUsed = false;
        LoadCtx();
        _il.Emit(OpCodes.Ldfld, Builtins.CtxTier);
        _il.Emit(OpCodes.Stloc, _tierState);
        // The function's budget and its on-stack-replacement slot as refs, taken once: each count and loop check
        // is then a load through a local rather than two field loads and an array element with its range check.
        _counter = RefToOwnElement(Builtins.TierCounters);
        _osrLoopSlot = RefToOwnElement(Builtins.TierOsrLoop);
        if (_tier == Tier.ZeroOsr && !_withPlainEntry) return;
        var entered = _il.DefineLabel();
        if (_tier == Tier.ZeroOsr)
        {
            // Entered at the loop (a state array): none of what follows, which starts a call.
            EmitLdarg(_paramCount + 1);
            _il.Emit(OpCodes.Brtrue, entered);
        }
        _il.Emit(OpCodes.Ldloc, _tierState);
        _il.Emit(OpCodes.Ldfld, Builtins.TierOptimized);
        EmitInt(_definedIndex);
        _il.Emit(OpCodes.Ldelem_I);
        _il.Emit(OpCodes.Stloc, _tierEntry);
        _il.Emit(OpCodes.Ldloc, _tierEntry);
        _il.Emit(OpCodes.Brtrue, _forward);
        EmitTierCount(-1, Cost(_module.Bodies[_definedIndex].CodeLength));
        _il.Emit(OpCodes.Ldloc, _tierState);
        _il.Emit(OpCodes.Ldfld, Builtins.TierCalls);
        EmitInt(_definedIndex);
        _il.Emit(OpCodes.Ldelema, typeof(int));
        _il.Emit(OpCodes.Dup);
        _il.Emit(OpCodes.Ldind_I4);
        _il.Emit(OpCodes.Ldc_I4_1);
        _il.Emit(OpCodes.Add);
        _il.Emit(OpCodes.Stind_I4);
        // Tier-0 methods do not zero their frames on entry (a forwarded call would pay for it): the wasm locals
        // are zeroed here, and every temporary is written before it is read.
        foreach (var local in _locals)
        {
            var t = local.LocalType;
            if (IsVector(t))
            {
                _il.Emit(OpCodes.Ldloca, local);
                _il.Emit(OpCodes.Initobj, t);
                continue;
            }
            if (t == typeof(long)) _il.Emit(OpCodes.Ldc_I8, 0L);
            else if (t == typeof(float)) _il.Emit(OpCodes.Ldc_R4, 0f);
            else if (t == typeof(double)) _il.Emit(OpCodes.Ldc_R8, 0d);
            else _il.Emit(OpCodes.Ldc_I4_0);
            _il.Emit(OpCodes.Stloc, local);
        }
        _il.MarkLabel(entered);
    }

    /// <summary>A local holding a ref to this function's element of the tier state's <c>int[]</c> field
    /// <paramref name="array"/>, set at entry.</summary>
    private LocalBuilder RefToOwnElement(FieldInfo array)
    {
        var local = _il.DeclareLocal(typeof(int).MakeByRefType());
        _il.Emit(OpCodes.Ldloc, _tierState!);
        _il.Emit(OpCodes.Ldfld, array);
        EmitInt(_definedIndex);
        _il.Emit(OpCodes.Ldelema, typeof(int));
        _il.Emit(OpCodes.Stloc, local);
        return local;
    }

    /// <summary>Spends <paramref name="cost"/> of the function's budget; once it is used up, asks for promotion
    /// and refills it (so code still running at tier 0 asks again now and then).</summary>
    private void EmitTierCount(int loop, int cost)
    {
        var counter = RentTemp(typeof(int));
        var skip = _il.DefineLabel();
        _il.Emit(OpCodes.Ldloc, _counter!);
        _il.Emit(OpCodes.Dup);
        _il.Emit(OpCodes.Ldind_I4);
        EmitInt(cost);
        _il.Emit(OpCodes.Sub);
        _il.Emit(OpCodes.Dup);
        _il.Emit(OpCodes.Stloc, counter);
        _il.Emit(OpCodes.Stind_I4);
        _il.Emit(OpCodes.Ldloc, counter);
        _il.Emit(OpCodes.Ldc_I4_0);
        _il.Emit(OpCodes.Bgt, skip);
        _il.Emit(OpCodes.Ldloc, _tierState!);
        EmitInt(_definedIndex);
        EmitInt(loop);
        _il.Emit(OpCodes.Call, Builtins.TierHot);
        _il.MarkLabel(skip);
        ReturnTemp(counter);
    }

    /// <summary>
    /// At a loop header (IL stack empty): tier 0 counts the iteration and, at an outermost loop that allows
    /// entering it from outside, moves to the optimized variant entering there once it exists; the Osr variant
    /// marks its entry there. Inner loops hand over through their outermost loop (asking for its variant): a
    /// variant entered in an inner loop would leave the loops around it with two entries, which the JIT does not
    /// optimize, and they are what runs once the inner loop exits.
    /// </summary>
    private void AtLoopHeader(Frame loop, bool enterable)
    {
        loop.LoopOrdinal = _loopOrdinal++;
        loop.LoopEnterable = enterable;
        Frame? outermost = null;
        foreach (var f in _frames)
        {
            if (f.Kind == Opcode.Loop && !f.Dead)
            {
                outermost = f;
                break;
            }
        }
        var target = outermost ?? loop;
        if (_tier == Tier.ZeroOsr && loop.LoopOrdinal == _osrLoop)
        {
            // Unoptimized code may be entered at an inner loop: the JIT does not optimize loops there anyway.
            if (!enterable) throw new InvalidOperationException($"loop {loop.LoopOrdinal} cannot be entered from outside");
            _il.MarkLabel(_osrEntry);
        }
        switch (_tier)
        {
            case Tier.Zero or Tier.ZeroOsr:
                EmitTierCount(target.LoopEnterable ? target.LoopOrdinal : -1, Cost(_loopBytes.GetValueOrDefault(_currentOffset)));
                if (outermost is not null || !enterable) return;
                _il.Emit(OpCodes.Ldloc, _osrLoopSlot!);
                _il.Emit(OpCodes.Ldind_I4);
                EmitInt(loop.LoopOrdinal + 1);
                _il.Emit(OpCodes.Beq, _osrStub);
                _osrStubUsed = true;
                return;
            case Tier.Osr when loop.LoopOrdinal == _osrLoop:
                if (outermost is not null || !enterable) throw new InvalidOperationException($"loop {loop.LoopOrdinal} cannot be entered from outside");
                _il.MarkLabel(_osrEntry);
                return;
        }
    }

    /// <summary>Whether a loop starting here may be entered with only the function's locals carried over: no
    /// exception region open, no value waiting in a temporary of an enclosing block.</summary>
    private bool LoopEnterable(bool spilled, bool hasParams)
    {
        if (_tryDepth > 0 || spilled || hasParams) return false;
        foreach (var f in _frames)
        {
            if (f.Spilled is not null || f.LoopParams is not null) return false;
        }
        return true;
    }

    /// <summary>Osr, after the prologue: the locals from the state array, then a jump to the loop.</summary>
    private void EmitOsrEntry()
    {
        _osrEntry = _il.DefineLabel();
        var top = _il.DefineLabel();
        if (_withPlainEntry)
        {
            EmitLdarg(_paramCount + 1);
            _il.Emit(OpCodes.Brfalse, top);
        }
        for (int j = 0, slot = 0; j < _locals.Length; slot += Slots(_locals[j].LocalType), j++)
        {
            EmitLdarg(_paramCount + 1);
            EmitInt(slot);
            _il.Emit(OpCodes.Ldelema, typeof(ulong));
            if (IsVector(_locals[j].LocalType)) EmitTypeToken(OpCodes.Ldobj, _locals[j].LocalType);
            else _il.Emit(IndirectLoad(_locals[j].LocalType));
            _il.Emit(OpCodes.Stloc, _locals[j]);
        }
        _il.Emit(OpCodes.Br, _osrEntry);
        _il.MarkLabel(top);
    }

    /// <summary>Tier 0, after the body: the forwarding call and the hand-over to the on-stack-replacement entry.</summary>
    private void EmitTierZeroStubs()
    {
        var parameters = Signatures.ParameterTypes(_type);
        var returnType = Signatures.ReturnType(_type.Results);
        _il.MarkLabel(_forward);
        for (var a = 0; a <= _paramCount; a++) EmitLdarg(a);
        _il.Emit(OpCodes.Ldloc, _tierEntry!);
        // A tail call: the forwarding frame must not stay on the stack (return_call chains go through it).
        _il.Emit(OpCodes.Tailcall);
        _il.EmitCalli(OpCodes.Calli, CallingConventions.Standard, returnType, parameters, null);
        _il.Emit(OpCodes.Ret);
        if (!_osrStubUsed) return;

        _il.MarkLabel(_osrStub);
        var state = _il.DeclareLocal(typeof(ulong[]));
        var slots = 0;
        foreach (var local in _locals) slots += Slots(local.LocalType);
        EmitInt(slots);
        _il.Emit(OpCodes.Newarr, typeof(ulong));
        _il.Emit(OpCodes.Stloc, state);
        for (int j = 0, slot = 0; j < _locals.Length; slot += Slots(_locals[j].LocalType), j++)
        {
            _il.Emit(OpCodes.Ldloc, state);
            EmitInt(slot);
            _il.Emit(OpCodes.Ldelema, typeof(ulong));
            _il.Emit(OpCodes.Ldloc, _locals[j]);
            if (IsVector(_locals[j].LocalType)) EmitTypeToken(OpCodes.Stobj, _locals[j].LocalType);
            else _il.Emit(IndirectStore(_locals[j].LocalType));
        }
        for (var a = 0; a <= _paramCount; a++) EmitLdarg(a);
        _il.Emit(OpCodes.Ldloc, state);
        _il.Emit(OpCodes.Ldloc, _tierState!);
        _il.Emit(OpCodes.Ldfld, Builtins.TierOsrEntries);
        EmitInt(_definedIndex);
        _il.Emit(OpCodes.Ldelem_I);
        _il.Emit(OpCodes.Tailcall);
        _il.EmitCalli(OpCodes.Calli, CallingConventions.Standard, returnType, [.. parameters, typeof(ulong[])], null);
        _il.Emit(OpCodes.Ret);
    }

    // A v128 local takes two slots of the state array; the interpreter, whose calls hand over through the same
    // array, runs no body with one.
    private static bool IsVector(Type t) => t.IsValueType && !t.IsPrimitive;

    private static int Slots(Type t) => IsVector(t) ? 2 : 1;

    private static OpCode IndirectLoad(Type t) =>
        t == typeof(int) ? OpCodes.Ldind_I4 : t == typeof(long) ? OpCodes.Ldind_I8 : t == typeof(float) ? OpCodes.Ldind_R4
        : t == typeof(double) ? OpCodes.Ldind_R8 : throw new InvalidOperationException($"no on-stack replacement for a {t} local");

    private static OpCode IndirectStore(Type t) =>
        t == typeof(int) ? OpCodes.Stind_I4 : t == typeof(long) ? OpCodes.Stind_I8 : t == typeof(float) ? OpCodes.Stind_R4
        : t == typeof(double) ? OpCodes.Stind_R8 : throw new InvalidOperationException($"no on-stack replacement for a {t} local");

    /// <summary>
    /// With the arguments and the context pushed, calls defined function <paramref name="defined"/>. With tiering,
    /// a callee that may run tier-0 code is called through its best entry point (its optimized code once promoted,
    /// without passing through the tier-0 method), except from its own optimized code and from optimized code
    /// emitted after it was promoted, which call the optimized method directly; so is a callee not emitted yet.
    /// A body the JIT will not optimize keeps its many call sites small instead: it calls the callee's method
    /// (a tier-0 one forwards once promoted) or, when there is none yet, an entry stub.
    /// </summary>
    private void EmitDirectCall(int defined, bool tail)
    {
        MethodInfo? target = _compilation.Methods[defined];
        if (_compilation.Tiers is { } tiers)
        {
            if (!_optimizable) target ??= (MethodInfo?)tiers.Promoted[defined] ?? _compilation.EntryStub(defined);
            else if (tiers.MayStartAtTierZero[defined])
                target = _tier is Tier.Optimized or Tier.Osr ? (defined == _definedIndex ? _self : tiers.Promoted[defined]) : null;
        }
        if (target is null)
        {
            var callee = _module.FuncTypeOf((uint)(defined + _module.ImportedFuncs));
            LoadTierState();
            _il.Emit(OpCodes.Ldfld, Builtins.TierEntries);
            EmitInt(defined);
            _il.Emit(OpCodes.Ldelem_I);
            if (Volatile.Read(ref _compilation.Tiers!.Entries[defined]) == 0)
            {
                // No code yet: the first call through here emits it (an entry, once set, stays set).
                var bound = _il.DefineLabel();
                _il.Emit(OpCodes.Dup);
                _il.Emit(OpCodes.Brtrue, bound);
                _il.Emit(OpCodes.Pop);
                LoadTierState();
                EmitInt(defined);
                _il.Emit(OpCodes.Call, Builtins.TierEnter);
                _il.MarkLabel(bound);
            }
            if (tail) _il.Emit(OpCodes.Tailcall);
            _il.EmitCalli(OpCodes.Calli, CallingConventions.Standard, Signatures.ReturnType(callee.Results),
                Signatures.ParameterTypes(callee), null);
            return;
        }
        if (tail) _il.Emit(OpCodes.Tailcall);
        _il.Emit(OpCodes.Call, target);
    }
}
