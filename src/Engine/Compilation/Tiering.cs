using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;
using Wasm.Model;

namespace Wasm.Compilation;

/// <summary>
/// Tiered compilation of one module (<see cref="EngineConfig.Tiering"/>). Compiling the module only validates it:
/// each function's body is emitted into a new type of the module's dynamic module when it is first called
/// (<see cref="Enter"/>), with the small functions it calls directly, or earlier by the thread working ahead of
/// need. Every eligible function is emitted as a <em>tier-0</em> method that the JIT compiles without optimizing
/// (several times faster to compile, slower to run) and that counts its calls and loop iterations. A function
/// whose count runs out is recompiled on a background thread into an optimized method in a new type of the same
/// dynamic module; from then on its tier-0 method forwards every call there. A tier-0 function stuck in a hot loop moves over in the middle of the
/// call (on-stack replacement): the optimized compile also yields a variant that takes the function's locals and
/// starts at that loop's header, and the tier-0 loop header hands its locals over to it at its next iteration.
/// <para>
/// On 64-bit Linux most functions start on baseline machine code instead (<see cref="Baseline"/>, see
/// docs/engine.md, "Baseline code in the tiers"): it counts the same budgets, asks for the same promotions and
/// moves running calls to the same loop variants.
/// </para>
/// <para>
/// Optimized code calls optimized callees directly (so the JIT may inline them), and callees not promoted yet
/// through <see cref="Entries"/>, which holds each function's best entry point (0 while it has no code, which
/// sends the call to <see cref="Enter"/>); so do exports, tables and function references
/// (<see cref="Function.Code"/>).
/// </para>
/// </summary>
internal sealed class TierState
{
    /// <summary>What a function may spend at tier 0 before it is recompiled optimized: each call and each loop
    /// iteration costs about the number of instructions it spans (at most <see cref="MaxCost"/>).</summary>
    internal const int DefaultBudget = 200_000;

    /// <summary>
    /// What a function may spend at tier 0 on top of <see cref="DefaultBudget"/>, per byte of its body. Optimizing
    /// costs the JIT a few microseconds per byte of wasm (about 2.5 µs per byte of IL, 3-4 bytes of IL per byte of
    /// wasm), so a large function promoted as early as a small one kept the one background core busy for tens of
    /// milliseconds on code that might have run briefly, while smaller hot functions waited behind it: with a
    /// uniform budget pulldown-cmark ran 218-228 ms, with this one 180-187 ms (richards 33-44 ms → 31-37 ms).
    /// </summary>
    internal const int DefaultBudgetPerByte = 1_000;

    /// <summary>
    /// Past this many bytes, the per-byte budget grows by <see cref="DefaultBudgetPerByte"/> for every this many
    /// bytes more, so a large body's whole budget grows with the square of its size, as optimizing it does.
    /// Measured with the JIT's own phase timer over pulldown-cmark, bz2 and rust-json: the optimizing JIT spends
    /// 1.4-2.4 µs per byte of IL on methods up to 20 KB of IL (about 8 KB of wasm) and 6.7 µs on those above
    /// (their liveness, register allocation and value numbering grow with blocks times locals); pulldown-cmark's
    /// two 13-16 KB parsers took 50-64 ms each, promoted in its 150 ms run. See docs/engine.md (Budget) for the
    /// measurements, and for why iterations that do not wait for each other's background work overstated them.
    /// </summary>
    internal const int BudgetScaleBytes = 2_048;

    /// <summary>Bodies smaller than this start optimized: they compile quickly anyway, and small functions are
    /// often the hottest. 512 rather than 256: measured with <c>wasmcs bench --compare</c> (two runs of 4 rounds
    /// of 3), intgemm-simd 0.74-0.75, quicksort 0.75-0.88, richards 0.71-0.93 of their time with 256, a geometric
    /// mean of 0.92-0.94 over 10-11 programs, tinygo-json 1.04-1.06; 1024 was mixed (geometric mean 1.01).</summary>
    internal const int DefaultMinCodeBytes = 512;

    /// <summary>Bodies larger than this seldom stay within the JIT's limits for optimizing (<see cref="BodyShape"/>)
    /// and would gain nothing from promotion: they are compiled once, for their first call (optimized if the JIT
    /// can), so that a thread working ahead of need never emits one that a first call is about to emit too.</summary>
    internal const int MaxCodeBytes = 32 * 1024;

    /// <summary>
    /// What an interpreted function may spend before it is compiled, per byte of its body: compiling costs the
    /// JIT about a microsecond per byte of wasm (hashset's 323 KB main function, 360 ms), interpreting costs at most
    /// 10 ns per instruction (about 2 ns in register code), about one per budget unit.
    /// Compiling once the interpreter has spent what the compile would cost never spends more than twice the better
    /// of the two choices, whatever the function does next.
    /// </summary>
    internal const int InterpreterBudgetPerByte = 100;

    /// <summary>
    /// Code in bodies tier 0 would compile (<see cref="DefaultMinCodeBytes"/> to <see cref="MaxCodeBytes"/>) from
    /// which a module is large (<see cref="LargeModule"/>). Compiling that much at tier 0 costs the JIT a quarter of
    /// a second or more, while most of it runs briefly: in the sightglass programs, regex (344 KB), rust-compression
    /// (401 KB) and the two TinyGo ones (291 and 377 KB) spent most of their span compiling; the next largest
    /// (gcc-loops and intgemm-simd, 159 KB) are far below.
    /// </summary>
    internal const int InterpretModuleCodeBytes = 256 * 1024;

    /// <summary>
    /// <see cref="InterpreterBudgetPerByte"/> in a large module: its functions stay in the interpreter until they have
    /// clearly shown that they run hot. Medians of 4 rounds of 4 iterations against the policy of small modules:
    /// regex ×0.27, tinygo-regex ×0.57, tinygo-json ×0.75, rust-compression ×0.48; 10,000 a byte measured the
    /// same overall (×0.33, ×0.64, ×0.57, ×0.44) and keeps a hot function in the interpreter three times longer.
    /// </summary>
    internal const int LargeModuleInterpreterBudgetPerByte = 3_000;

    /// <summary>Whether the module is large: every function the interpreter can run starts there, bodies under
    /// <see cref="DefaultMinCodeBytes"/> included (leaving it for tier 0 like the rest).</summary>
    internal readonly bool LargeModule;

    /// <summary>The most one call or loop iteration costs.</summary>
    internal const int MaxCost = 2_000;

    /// <summary>The budget granted again after each request, until the optimized code takes over.</summary>
    internal const int Refill = 1 << 20;

    /// <summary>By defined function: the remaining budget (promotion is requested when it reaches zero).</summary>
    public readonly int[] Counters;

    /// <summary>By defined function: the optimized entry point, 0 until promoted.</summary>
    public readonly nint[] Optimized;

    /// <summary>By defined function: the best entry point (tier-0 until promoted), 0 until its body is emitted.</summary>
    public readonly nint[] Entries;

    /// <summary>By defined function: the on-stack-replacement entry, valid once <see cref="OsrLoop"/> is set.</summary>
    public readonly nint[] OsrEntries;

    /// <summary>By defined function: 1 + the ordinal of the loop that <see cref="OsrEntries"/> enters, 0 for none.</summary>
    public readonly int[] OsrLoop;

    /// <summary>By defined function: the calls that entered its tier-0 code or the interpreter (it may wrap).</summary>
    public readonly int[] Calls;

    /// <summary>
    /// Whether function <paramref name="function"/> was entered more than once before a loop of it ran hot: its
    /// code entered at that loop then gets a plain entry too (a null state array), which its later calls use
    /// instead of a second compile of the whole body. Pulldown-cmark's two parsers (13 and 16 KB) each took
    /// 50-64 ms to optimize twice that way; richards' main function, called once, takes 5.5 ms for its loop
    /// alone and 9.8 ms with the code before the loop, which the plain entry keeps alive (docs/engine.md).
    /// </summary>
    private bool CalledAgain(int function) => Volatile.Read(ref Calls[function]) is not (0 or 1);

    /// <summary>By defined function: whether it runs baseline machine code (<see cref="Baseline"/>) until it is
    /// promoted; cleared if its body turns out to use what baseline code does not handle.</summary>
    internal readonly bool[] OnBaseline;

    /// <summary>The module's baseline machine code (null where there is none: not 64-bit Linux, fuel or epochs,
    /// several or 64-bit or shared memories).</summary>
    internal readonly Wasm.Baseline.BaselineCode? Baseline;

    // By defined function on baseline code: how it would have started without (what it falls back to).
    private readonly (bool MayStartAtTierZero, bool Interpreted, int Counter)[] _withoutBaseline;

    /// <summary>Baseline code refused function <paramref name="function"/>'s body: it starts as it would have
    /// without baseline code (a body with dense SIMD code, say, optimized at once rather than at tier 0).</summary>
    internal void LeaveBaseline(int function)
    {
        var (tierZero, interpreted, counter) = _withoutBaseline[function];
        MayStartAtTierZero[function] = tierZero;
        Interpreted[function] = interpreted;
        Counters[function] = counter;
        OnBaseline[function] = false;
    }

    /// <summary>By defined function: whether it has a tier-0 method (others are compiled optimized at once).</summary>
    internal readonly bool[] TierZero;

    /// <summary>By defined function: whether it may start at tier 0, known before any body is compiled (the rest
    /// of the decision is made while compiling it). Calls to such a function go through <see cref="Entries"/>,
    /// so that they reach its optimized code directly once there is some.</summary>
    internal readonly bool[] MayStartAtTierZero;

    /// <summary>By defined function: its optimized method, once emitted (a direct call target for later ones).</summary>
    internal readonly MethodBuilder?[] Promoted;

    /// <summary>By defined function: whether it runs in <see cref="Interpretation.Interpreter"/> until its budget
    /// is spent (bodies of at least <see cref="EngineConfig.TieringInterpretMinCodeBytes"/>; cleared when its
    /// body turns out to use what the interpreter does not handle, or once it is compiled).</summary>
    internal readonly bool[] Interpreted;

    /// <summary>Whether interpreted code checks the epoch deadline (on entry and at loop headers, as compiled code does).</summary>
    internal readonly bool Epochs;
    private readonly Interpretation.InterpretedBody?[] _interpretedBodies;
    private readonly nint[] _interpreterCalls, _interpreterOsrCalls, _interpreterEntries; // by type index
    private readonly nint[] _baselineEntries, _nativeCalls, _nativeOsrCalls; // by type index

    /// <summary>By defined function: compiled code entered at a loop, where a call that ran hot in the interpreter
    /// moves (<see cref="LoopHotInInterpreter"/>), valid once <see cref="HandOverLoop"/> is set; 1 + the loop's
    /// ordinal there, 0 for none.</summary>
    internal readonly nint[] HandOverEntries;
    internal readonly int[] HandOverLoop;

    private readonly int[] _requested; // bit 1: optimized method asked for; bit 2: OSR variant asked for
    private readonly ModuleInfo _module;
    private readonly EngineConfig _config;
    private ModuleCompilation? _compilation;

    /// <summary>The module being compiled.</summary>
    internal ModuleInfo Module => _module;

    public TierState(ModuleInfo module, EngineConfig config)
    {
        var n = module.Bodies.Count;
        _module = module;
        _config = config;
        // Pinned: baseline code counts its budget, and looks for optimized code, through their addresses.
        Counters = GC.AllocateArray<int>(n, pinned: true);
        for (var i = 0; i < n; i++) Counters[i] = Budget(i);
        Optimized = GC.AllocateArray<nint>(n, pinned: true);
        Entries = new nint[n];
        OsrEntries = new nint[n];
        OsrLoop = GC.AllocateArray<int>(n, pinned: true);
        Calls = new int[n];
        TierZero = new bool[n];
        MayStartAtTierZero = new bool[n];
        long tierZeroCode = 0;
        for (var i = 0; i < n; i++)
        {
            var bytes = module.Bodies[i].CodeLength;
            if (bytes >= config.TieringMinCodeBytes && bytes <= MaxCodeBytes) tierZeroCode += bytes;
        }
        LargeModule = tierZeroCode >= config.TieringInterpretModuleCodeBytes;
        int minCode = config.TieringMinCodeBytes, interpretMinCode = config.TieringInterpretMinCodeBytes;
        long interpretPerByte = config.TieringInterpretBudgetPerByte;
        if (LargeModule)
        {
            minCode = 0;
            interpretMinCode = 0;
            interpretPerByte = LargeModuleInterpreterBudgetPerByte;
        }
        for (var i = 0; i < n; i++)
            MayStartAtTierZero[i] = module.Bodies[i].CodeLength >= minCode
                && module.Bodies[i].CodeLength <= MaxCodeBytes && TierZeroLocals(module, module.Bodies[i]);
        Promoted = new MethodBuilder?[n];
        Interpreted = new bool[n];
        Epochs = config.EpochInterruption;
        for (var i = 0; i < n; i++)
        {
            var bytes = module.Bodies[i].CodeLength;
            if (bytes < interpretMinCode) continue;
            Interpreted[i] = true;
            // Bodies too large for tier 0 keep the usual budget: the JIT would not optimize them anyway, and their
            // compile is the one the interpreter is there to save (a language runtime's dispatch loop, say).
            Counters[i] = (int)Math.Min(bytes * (bytes > MaxCodeBytes ? config.TieringInterpretBudgetPerByte : interpretPerByte), 1 << 30);
        }
        OnBaseline = new bool[n];
        _withoutBaseline = new (bool, bool, int)[n];
        if (Wasm.Baseline.BaselineCode.Suits(module, config))
        {
            Baseline = new Wasm.Baseline.BaselineCode(module);
            for (var i = 0; i < n; i++)
            {
                if (!Wasm.Baseline.BaselineCode.Suits(module, config, i)) continue;
                // Baseline code first, then optimized code: no tier-0 method, no interpreter. Its callers reach it
                // through its entry, like a function that starts at tier 0.
                OnBaseline[i] = true;
                _withoutBaseline[i] = (MayStartAtTierZero[i], Interpreted[i], Counters[i]);
                MayStartAtTierZero[i] = true;
                Interpreted[i] = false;
                Counters[i] = Budget(i);
            }
        }
        _interpretedBodies = new Interpretation.InterpretedBody?[n];
        HandOverEntries = new nint[n];
        HandOverLoop = new int[n];
        _interpreterCalls = new nint[module.Types.Count];
        _interpreterOsrCalls = new nint[module.Types.Count];
        _interpreterEntries = new nint[module.Types.Count];
        _baselineEntries = new nint[module.Types.Count];
        _nativeCalls = new nint[module.Types.Count];
        _nativeOsrCalls = new nint[module.Types.Count];
        _claimed = new int[n];
        _requested = new int[n];
    }

    /// <summary>The budget function <paramref name="function"/> starts with at tier 0.</summary>
    private int Budget(int function)
    {
        long bytes = _module.Bodies[function].CodeLength;
        var perByte = _config.TieringBudgetPerByte * (1 + Math.Max(0, bytes - BudgetScaleBytes) / (double)BudgetScaleBytes);
        return (int)Math.Min(_config.TieringBudget + bytes * perByte, 1 << 30);
    }

    /// <summary>Whether a body may start at tier 0 as far as its locals tell: on-stack replacement carries only
    /// numeric and v128 locals across, and v128 locals belong to SIMD code, which must be sparse (the compiler
    /// decides for bodies without them, which start in the module's type when it is not).</summary>
    private static bool TierZeroLocals(ModuleInfo module, FunctionBody body)
    {
        var vectors = false;
        foreach (var local in body.Locals)
        {
            if (local.Kind is not (ValKind.I32 or ValKind.I64 or ValKind.F32 or ValKind.F64 or ValKind.V128)) return false;
            vectors |= local.Kind == ValKind.V128;
        }
        return !vectors || SparseSimd(module, body);
    }

    /// <summary>
    /// Code that copies with v128 loads and stores between mostly scalar work has at most one SIMD instruction per
    /// <see cref="SimdTierZeroBytes"/> bytes. Such a body may start at tier 0 on an x86 CPU with SSE4.1, where
    /// unoptimized code expands the SSE methods it calls. Unoptimized code keeps every vector in memory, so dense
    /// SIMD code (a vectorized hash or matrix kernel) runs several times slower there and is compiled optimized at
    /// once. blake3-simd's spans with none, sparse and every SIMD body at tier 0: 12-26, 10-17 and 35-62 ms.
    /// </summary>
    internal static bool SparseSimd(ModuleInfo module, FunctionBody body)
    {
        if (!System.Runtime.Intrinsics.X86.Sse41.IsSupported) return false;
        long simd = 0;
        var reader = new Binary.CodeReader(module, body);
        while (reader.TryRead(out var ins))
            if (ins.Info.IsSimd) simd++;
        return SparseSimd(simd, body.CodeLength);
    }

    /// <summary>Whether <paramref name="simdInstructions"/> in a body of <paramref name="bytes"/> bytes are sparse
    /// enough for tier 0 (the rule of <see cref="SparseSimd(ModuleInfo, FunctionBody)"/>).</summary>
    internal static bool SparseSimd(long simdInstructions, int bytes) => simdInstructions * SimdTierZeroBytes <= bytes;

    private const int SimdTierZeroBytes = 24;

    /// <summary>Called once the module's type exists, with its compilation (for emitting bodies).</summary>
    internal void Attach(ModuleCompilation compilation)
    {
        _compilation = compilation;
        if (_config.BackgroundCompilation && !_config.TieringSynchronous) TierUpWorker.AddEager(this);
    }

    private int[]? _eagerOrder;
    private int _eagerNext;

    /// <summary>
    /// On the worker thread, with no request waiting (<see cref="EngineConfig.BackgroundCompilation"/>): works ahead
    /// of need, one step at a time: emits the body of the next function without code, in likely-first-called
    /// order, so that the guest mostly finds its next function emitted. False once every function has been seen.
    /// Optimizing tier-0 functions here too, before their budget asks for it, was measured to cost more than it
    /// gave (docs/engine.md, "Ahead of need").
    /// </summary>
    internal bool EmitNextAhead()
    {
        _eagerOrder ??= BackgroundJit.Order(_module);
        while (_eagerNext < _eagerOrder.Length)
        {
            var function = _eagerOrder[_eagerNext++];
            // Has code, is interpreted until it runs often (then its first call needs the code), or is being emitted.
            if (Volatile.Read(ref Entries[function]) != 0 || Interpreted[function] || OnBaseline[function] || !Claim(function)) continue;
            try
            {
                Emit(function, ahead: true);
            }
            catch (Exception e)
            {
                TierUpWorker.Failed(e); // its first call emits it again and reports the error
            }
            return true;
        }
        _eagerOrder = []; // done: the order is not needed any more
        return false;
    }

    /// <summary>The best entry point of function <paramref name="function"/>: <see cref="Enter"/> when it has no
    /// code yet.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public nint EntryOf(int function)
    {
        var entry = Entries[function];
        return entry != 0 ? entry : Enter(function);
    }

    /// <summary>The best entry point of function <paramref name="function"/>, its body emitted first if this is
    /// its first call (or, when another thread is emitting it, once that thread has).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public nint Enter(int function)
    {
        if (OnBaseline[function] && Volatile.Read(ref Entries[function]) == 0 && Baseline!.CodeOf(function, this) != 0)
        {
            // The baseline entry for the function's type: it learns which function as the interpreter's does.
            Interpretation.Interpreter.SetPending(function);
            return ThunkOfType(_baselineEntries, TypeIndexOf(function), static t => ThunkCache.Shared.BaselineEntry(t));
        }
        if (Interpreted[function] && Volatile.Read(ref Entries[function]) == 0 && InterpretedBodyOf(function) is not null)
        {
            // The interpreter's entry for the function's type: it learns which function from the call just made.
            Interpretation.Interpreter.SetPending(function);
            return InterpreterEntry(function);
        }
        while (true)
        {
            var entry = Volatile.Read(ref Entries[function]);
            if (entry != 0) return entry;
            if (Claim(function))
            {
                Emit(function, ahead: false);
                continue;
            }
            lock (_published)
            {
                if (Volatile.Read(ref Entries[function]) == 0 && Volatile.Read(ref _claimed[function]) != 0)
                    Monitor.Wait(_published, 1);
            }
        }
    }

    /// <summary>The interpreter's form of function <paramref name="function"/>'s body, made on first use; null when
    /// it is not interpreted.</summary>
    internal Interpretation.InterpretedBody? InterpretedBodyOf(int function)
    {
        var body = Volatile.Read(ref _interpretedBodies[function]);
        if (body is not null || !Interpreted[function]) return body;
        body = Interpretation.InterpretedBody.TryCreate(_module, function, unlessOptimizable: !MayStartAtTierZero[function]);
        if (body is null)
        {
            Interpreted[function] = false;
            return null;
        }
        return Interlocked.CompareExchange(ref _interpretedBodies[function], body, null) ?? body;
    }

    /// <summary>The interpreter spent function <paramref name="function"/>'s budget at a call: from now on it is
    /// compiled (that call already runs the compiled code, <see cref="EntryOf"/>), with a fresh budget.</summary>
    internal void LeaveInterpreter(int function)
    {
        if (!Interpreted[function]) return;
        Counters[function] = Budget(function);
        Interpreted[function] = false;
    }

    /// <summary>
    /// The interpreter spent function <paramref name="function"/>'s budget in loop <paramref name="loop"/> (-1
    /// when it may not be entered from outside), inside the outermost enterable loop <paramref name="outermost"/>
    /// (-1: none). Its later calls are compiled; the running call moves to compiled code entered at a loop
    /// (<see cref="HandOverEntries"/>) when it next reaches that loop's header: tier-0 code entered at this loop,
    /// which moves on to optimized code as usual, or, for a body that may not start at tier 0, its plain code
    /// entered at the outermost loop. Without such a loop the call stays in the interpreter.
    /// </summary>
    internal void LoopHotInInterpreter(int function, int loop, int outermost)
    {
        if (Interpreted[function])
        {
            Interpreted[function] = false;
            var tierZero = MayStartAtTierZero[function];
            var at = tierZero ? loop : outermost;
            if (at >= 0)
            {
                try
                {
                    CompileHandOver(function, at, tierZero);
                }
                catch (Exception e)
                {
                    TierUpWorker.Failed(e); // the call goes on in the interpreter, which is correct, only slower
                }
            }
        }
        Counters[function] = Refill;
    }

    private void CompileHandOver(int function, int loop, bool tierZero)
    {
        lock (_firstCallLock)
        {
            if (Volatile.Read(ref HandOverLoop[function]) != 0) return;
            var compilation = _compilation!;
            var type = compilation.DefineTierType();
            var view = compilation.ForFirstCall(type, _firstCallTokens ??= compilation.NewTokenCache());
            var ft = _module.FuncTypeOf((uint)(function + _module.ImportedFuncs));
            var method = type.DefineMethod("z" + function, MethodAttributes.Public | MethodAttributes.Static,
                Signatures.ReturnType(ft.Results), [.. Signatures.ParameterTypes(ft), typeof(ulong[])]);
            // The same method serves later calls, through one that passes a null state array (unless another
            // thread is emitting the function already): its body is compiled once. At tier 0 always, since the
            // code before the loop costs unoptimized code little (tinygo-regex's 16 KB matcher: 15 ms for its
            // loop alone, then 11 ms more for its tier-0 code when called again); optimized, only for a function
            // called more than once before its loop ran hot (see CalledAgain).
            var plain = (tierZero || CalledAgain(function)) && Claim(function)
                ? type.DefineMethod("f" + function, MethodAttributes.Public | MethodAttributes.Static, Signatures.ReturnType(ft.Results), Signatures.ParameterTypes(ft))
                : null;
            try
            {
                if (plain is not null) view.RegisterMethod(plain, ft);
                var compiler = new FunctionCompiler(_module, view);
                if (tierZero)
                {
                    compiler.CompileZeroOsr(function, method, loop, withPlainEntry: plain is not null);
                    method.SetImplementationFlags(MethodImplAttributes.NoOptimization);
                }
                else compiler.CompileOsr(function, method, loop, plain, withPlainEntry: plain is not null); // optimized if the JIT can
                // Entered at the loop, every local comes from the state array (and every temporary is written
                // before it is read); tier-0 code entered at its start zeroes the wasm locals itself.
                method.InitLocals = plain is not null && !tierZero;
                if (plain is not null) FunctionCompiler.EmitPlainEntry(plain, method, ft.Parameters.Length);
                var baked = type.CreateType();
                HandOverEntries[function] = baked.GetMethod("z" + function, BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly)!
                    .MethodHandle.GetFunctionPointer();
                if (plain is not null)
                {
                    if (tierZero) TierZero[function] = true;
                    Volatile.Write(ref compilation.Methods[function], plain);
                    Publish(function, baked.GetMethod("f" + function, BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly)!
                        .MethodHandle.GetFunctionPointer());
                }
            }
            catch
            {
                if (plain is not null) Publish(function, 0); // gives the claim up: its first call emits it as usual
                throw;
            }
            Volatile.Write(ref HandOverLoop[function], loop + 1);
        }
    }

    internal int TypeIndexOf(int function) => (int)_module.FuncTypeIndices[function + _module.ImportedFuncs];

    private nint InterpreterEntry(int function) =>
        ThunkOfType(_interpreterEntries, TypeIndexOf(function), static t => ThunkCache.Shared.InterpreterEntry(t));

    /// <summary>The interpreter's caller of compiled code of type <paramref name="typeIndex"/>.</summary>
    internal nint InterpreterCallOfType(int typeIndex) =>
        ThunkOfType(_interpreterCalls, typeIndex, static t => ThunkCache.Shared.InterpreterCall(t, osr: false));

    internal nint InterpreterCallOf(int function) => InterpreterCallOfType(TypeIndexOf(function));

    /// <summary>The interpreter's caller of function <paramref name="function"/>'s on-stack-replacement entry.</summary>
    internal nint InterpreterOsrCallOf(int function) =>
        ThunkOfType(_interpreterOsrCalls, TypeIndexOf(function), static t => ThunkCache.Shared.InterpreterCall(t, osr: true));

    /// <summary>Baseline code's caller of compiled code of type <paramref name="typeIndex"/> (or of an
    /// on-stack-replacement entry).</summary>
    internal nint NativeCallOfType(int typeIndex, bool osr) =>
        osr ? ThunkOfType(_nativeOsrCalls, typeIndex, static t => ThunkCache.Shared.NativeCall(t, osr: true))
            : ThunkOfType(_nativeCalls, typeIndex, static t => ThunkCache.Shared.NativeCall(t, osr: false));

    /// <summary>The shared thunk for type <paramref name="typeIndex"/>, looked up in the process-wide cache once per module.</summary>
    private nint ThunkOfType(nint[] byType, int typeIndex, Func<FuncType, nint> make)
    {
        var thunk = Volatile.Read(ref byType[typeIndex]);
        if (thunk == 0) Volatile.Write(ref byType[typeIndex], thunk = make(_module.Types[typeIndex]));
        return thunk;
    }

    /// <summary>By defined function: 1 once a thread has undertaken to emit its body, so that no two threads do
    /// (its optimized recompile, <see cref="Promote"/>, is another matter).</summary>
    private readonly int[] _claimed;
    private readonly object _published = new();

    private bool Claim(int function) => Interlocked.CompareExchange(ref _claimed[function], 1, 0) == 0;

    /// <summary>Makes <paramref name="entry"/> the first entry of the claimed function <paramref name="function"/>
    /// (or, with 0, gives the claim up after a failure), and wakes the threads waiting for it.</summary>
    private void Publish(int function, nint entry)
    {
        if (entry == 0) Volatile.Write(ref _claimed[function], 0);
        else Volatile.Write(ref Entries[function], entry);
        lock (_published) Monitor.PulseAll(_published);
    }

    /// <summary>Emitting one function brings along the small functions it calls (transitively) that are not
    /// emitted yet, up to this much code, so that it calls them directly and the JIT may inline them.</summary>
    internal const int BatchCodeBytes = 16 * 1024;

    /// <summary>
    /// Emits the body of <paramref name="function"/>, claimed by the caller (tier 0 when eligible, else optimized),
    /// into a new type with the callees it brings along (<see cref="BatchCodeBytes"/>), and makes them the
    /// functions' entries. Ahead of need, the optimized ones get their machine code too; otherwise each function's
    /// first call has the JIT generate it.
    /// </summary>
    private void Emit(int function, bool ahead)
    {
        var batch = new List<int> { function };
        var emitted = new List<MethodInfo>(); // the baked methods, in batch order
        try
        {
            // Each emitting thread has its lock and token cache: a guest thread never waits for a recompilation,
            // nor a recompilation for work ahead of need.
            lock (ahead ? _aheadLock : _firstCallLock)
            {
                var compilation = _compilation!;
                var bytes = 0;
                var callees = CallGraph.Of(_module).Callees;
                for (var k = 0; k < batch.Count; k++)
                {
                    foreach (var callee in callees[batch[k]])
                    {
                        // Functions that may start at tier 0 are called through their entries anyway.
                        if (MayStartAtTierZero[callee] || Interpreted[callee] || Volatile.Read(ref _claimed[callee]) != 0) continue;
                        var size = _module.Bodies[callee].CodeLength;
                        if (bytes + size > BatchCodeBytes || !Claim(callee)) continue;
                        bytes += size;
                        batch.Add(callee);
                    }
                }
                var type = compilation.DefineTierType();
                var tokens = ahead ? _aheadTokens ??= compilation.NewTokenCache() : _firstCallTokens ??= compilation.NewTokenCache();
                var view = compilation.ForFirstCall(type, tokens);
                var methods = view.Methods;
                foreach (var f in batch)
                {
                    var ft = _module.FuncTypeOf((uint)(f + _module.ImportedFuncs));
                    methods[f] = type.DefineMethod("f" + f, MethodAttributes.Public | MethodAttributes.Static,
                        Signatures.ReturnType(ft.Results), Signatures.ParameterTypes(ft));
                    view.RegisterMethod(methods[f], ft);
                }
                var compiler = new FunctionCompiler(_module, view);
                foreach (var f in batch)
                {
                    compiler.Compile(f, methods[f]);
                    if (!TierZero[f]) continue;
                    methods[f].SetImplementationFlags(MethodImplAttributes.NoOptimization);
                    methods[f].InitLocals = false; // the prologue zeroes the wasm locals itself
                }
                var baked = type.CreateType();
                foreach (var f in batch)
                {
                    var method = baked.GetMethod("f" + f, BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly)!;
                    emitted.Add(method);
                    // Later code may call it directly now.
                    Volatile.Write(ref compilation.Methods[f], methods[f]);
                    Publish(f, method.MethodHandle.GetFunctionPointer());
                }
            }
        }
        catch
        {
            foreach (var f in batch)
                if (Volatile.Read(ref Entries[f]) == 0) Publish(f, 0);
            throw;
        }
        if (!ahead) return;
        // Optimized methods get their machine code now; tier-0 ones are quick for the JIT on first call, and the
        // functions that run long are recompiled optimized anyway.
        for (var k = 0; k < batch.Count; k++)
            if (!TierZero[batch[k]]) BackgroundJit.Prepare(emitted[k]);
    }

    private readonly object _emitLock = new(), _aheadLock = new(), _firstCallLock = new();
    private TokenCache? _aheadTokens, _firstCallTokens;

    /// <summary>
    /// Tier-0 code of function <paramref name="function"/> ran out of budget, in loop <paramref name="loop"/> (the
    /// ordinal of the outermost enterable loop around it) or elsewhere (-1): asks for the optimized method, or,
    /// the first time it happens in a loop, only for the variant that takes over the running call there. A
    /// function hot in one long call (a program's main loop) needs nothing else; one that keeps being called
    /// spends its budget again, and then gets its optimized method too.
    /// </summary>
    public void Hot(int function, int loop)
    {
        var had = Volatile.Read(ref _requested[function]);
        if (loop >= 0 && (had & 2) != 0 && Volatile.Read(ref OsrLoop[function]) == 0)
        {
            // The call that asked for the loop variant is still waiting for it: it is not a second hot call.
            Counters[function] = Refill;
            return;
        }
        var want = loop < 0 ? 1 : (had & 2) == 0 ? 2 : 3;
        // After asking for the loop variant alone, the first budget again: calls that keep coming spend it soon.
        Counters[function] = want == 2 ? Budget(function) : Refill;
        if ((had | want) == had) return;
        if (Interlocked.CompareExchange(ref _requested[function], had | want, had) != had) return; // asked meanwhile
        if (_config.TieringSynchronous)
        {
            lock (this) TierUpWorker.Run(this, function, loop);
            return;
        }
        TierUpWorker.Enqueue(this, function, loop);
    }

    /// <summary>Function <paramref name="function"/> runs tier-0 code the JIT would not optimize either (an interpreted
    /// body too large for it, handed over to tier 0): its budget asks for nothing, as if both requests were made.</summary>
    internal void KeepAtTierZero(int function) => Interlocked.Or(ref _requested[function], 3);

    /// <summary>On the worker thread: emits, compiles and installs the optimized code of <paramref name="function"/>
    /// (and its on-stack-replacement variant entering loop <paramref name="loop"/>).</summary>
    internal void Promote(int function, int loop)
    {
        MethodBuilder? plain = null, osr = null;
        List<int> bundled = [];
        var combined = false; // plain only forwards to osr
        Type baked;
        // The tier-up thread promotes, and guest threads too when promotion is synchronous: they share the
        // module's token cache.
        lock (_emitLock)
        {
            var compilation = _compilation!;
            var needPlain = Promoted[function] is null && (Volatile.Read(ref _requested[function]) & 1) != 0;
            var needOsr = loop >= 0 && Volatile.Read(ref OsrLoop[function]) == 0;
            if (!needPlain && !needOsr) return;
            var type = compilation.DefineTierType();
            var ft = _module.FuncTypeOf((uint)(function + _module.ImportedFuncs));
            var parameters = Signatures.ParameterTypes(ft);
            var returnType = Signatures.ReturnType(ft.Results);
            var tier1 = compilation.ForTier(type);
            try
            {
                BundleSmallCallees(function, type, tier1, bundled);
                if (needOsr && Promoted[function] is null && CalledAgain(function))
                {
                    // A function called more than once gets one optimized compile for both: the variant entered at the
                    // loop, with a plain entry that the function's optimized method reaches through a null state
                    // array. One called once (a program's main loop) gets the variant alone, cheaper to compile since
                    // the code before the loop is dead there.
                    osr = type.DefineMethod("o" + function, MethodAttributes.Public | MethodAttributes.Static, returnType, [.. parameters, typeof(ulong[])]);
                    plain = type.DefineMethod("f" + function, MethodAttributes.Public | MethodAttributes.Static, returnType, parameters);
                    tier1.RegisterMethod(plain, ft);
                    new FunctionCompiler(_module, tier1).CompileOsr(function, osr, loop, plain, withPlainEntry: true);
                    FunctionCompiler.EmitPlainEntry(plain, osr, ft.Parameters.Length);
                    needPlain = needOsr = false;
                    combined = true;
                }
                if (needPlain)
                {
                    plain = type.DefineMethod("f" + function, MethodAttributes.Public | MethodAttributes.Static, returnType, parameters);
                    tier1.RegisterMethod(plain, ft);
                    new FunctionCompiler(_module, tier1).CompileOptimized(function, plain);
                }
                if (needOsr)
                {
                    osr = type.DefineMethod("o" + function, MethodAttributes.Public | MethodAttributes.Static, returnType, [.. parameters, typeof(ulong[])]);
                    // Its machine code comes before the plain method's: recursion goes through the entry until then.
                    new FunctionCompiler(_module, tier1).CompileOsr(function, osr, loop, plain is null ? Promoted[function] : null);
                }
                baked = type.CreateType();
            }
            catch
            {
                foreach (var callee in bundled) Promoted[callee] = null; // never baked
                throw;
            }
            // A method the JIT would not optimize (BodyShape's estimate of its limits missed) is not worth its
            // compile: the function stays at tier 0, its requests answered (bits set), the loop variant never
            // published, so it asks no more.
            if (osr is not null && !JitLimits.Optimizes(baked, "o" + function))
            {
                osr = null;
                if (combined) plain = null;
                Interlocked.Increment(ref TierUpWorker.Declined);
            }
            if (plain is not null && !combined && !JitLimits.Optimizes(baked, "f" + function))
            {
                plain = null;
                Interlocked.Increment(ref TierUpWorker.Declined);
            }
            // Later emissions may call it directly now: a call before its machine code exists waits for the JIT.
            if (plain is not null) Promoted[function] = plain;
        }
        // The variant that takes over the running call first: that call is what runs slowly now. Tier-0 code
        // keeps running until the machine code exists.
        if (osr is not null)
        {
            Volatile.Write(ref OsrEntries[function], Prepare(baked, "o" + function));
            Volatile.Write(ref OsrLoop[function], loop + 1);
        }
        if (plain is not null)
        {
            var entry = Prepare(baked, "f" + function);
            Volatile.Write(ref Optimized[function], entry);
            Volatile.Write(ref Entries[function], entry);
        }
        foreach (var callee in bundled)
        {
            var entry = Prepare(baked, "f" + callee);
            Volatile.Write(ref Optimized[callee], entry);
            Volatile.Write(ref Entries[callee], entry);
        }
    }

    /// <summary>
    /// Promoting a function brings along the small functions on baseline code it calls (transitively, up to
    /// <see cref="BatchCodeBytes"/>) that are not optimized yet, compiled into the same type first, so that its
    /// optimized code calls them directly and the JIT may inline them; without baseline code they would have
    /// been optimized at once (<see cref="EngineConfig.TieringMinCodeBytes"/>). Under the promotion lock.
    /// </summary>
    private void BundleSmallCallees(int function, TypeBuilder type, ModuleCompilation tier1, List<int> bundled)
    {
        if (Baseline is null) return;
        var callees = CallGraph.Of(_module).Callees;
        var bytes = 0;
        var seen = new HashSet<int> { function };
        var pending = new Stack<int>();
        pending.Push(function);
        while (pending.Count > 0)
        {
            foreach (var callee in callees[pending.Pop()])
            {
                if (!seen.Add(callee) || !OnBaseline[callee] || Promoted[callee] is not null) continue;
                var size = _module.Bodies[callee].CodeLength;
                if (size >= _config.TieringMinCodeBytes || bytes + size > BatchCodeBytes) continue;
                bytes += size;
                bundled.Add(callee);
                pending.Push(callee);
            }
        }
        foreach (var callee in bundled)
        {
            var ft = _module.FuncTypeOf((uint)(callee + _module.ImportedFuncs));
            var method = type.DefineMethod("f" + callee, MethodAttributes.Public | MethodAttributes.Static,
                Signatures.ReturnType(ft.Results), Signatures.ParameterTypes(ft));
            tier1.RegisterMethod(method, ft);
            // Direct call targets for the compiles that follow (this one's and later promotions).
            Promoted[callee] = method;
            Interlocked.Or(ref _requested[callee], 1);
        }
        foreach (var callee in bundled) new FunctionCompiler(_module, tier1).CompileOptimized(callee, Promoted[callee]!);
    }

    private static nint Prepare(Type baked, string name)
    {
        var handle = baked.GetMethod(name, BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly)!.MethodHandle;
        RuntimeHelpers.PrepareMethod(handle);
        return handle.GetFunctionPointer();
    }
}

/// <summary>The process-wide thread that recompiles hot functions, newest request first (what runs now matters
/// most; older requests of code that still runs slowly come again when its refilled budget is spent).</summary>
internal static class TierUpWorker
{
    // Weak: a module dropped while its requests wait is not kept alive for them, and they are skipped.
    private static readonly Stack<(WeakReference<TierState> State, int Function, int Loop)> s_queue = new();
    private static Thread? s_thread;

    /// <summary>Promotions done, those with an on-stack-replacement variant, and those that failed (their functions
    /// stay at tier 0, correct but slower); tests watch these.</summary>
    internal static int Promotions, OsrPromotions, Failures;

    /// <summary>Promotions emitted but not compiled: the JIT would not have optimized them (<see cref="JitLimits"/>).</summary>
    internal static int Declined;
    internal static Exception? LastFailure;

    public static void Enqueue(TierState state, int function, int loop)
    {
        Interlocked.Increment(ref s_busy);
        lock (s_queue)
        {
            s_queue.Push((new WeakReference<TierState>(state), function, loop));
            EnsureThread();
            Monitor.Pulse(s_queue);
        }
    }

    // Modules whose functions get their bodies emitted ahead of need, newest first, on a thread of their own so
    // that this work never delays a hot function's promotion.
    private static readonly List<WeakReference<TierState>> s_eager = new();
    private static Thread? s_aheadThread;

    public static void AddEager(TierState state)
    {
        lock (s_eager)
        {
            s_eager.Add(new WeakReference<TierState>(state));
            if (s_aheadThread is null)
            {
                s_aheadThread = new Thread(WorkAhead) { IsBackground = true, Name = "wasm tier-up ahead" };
                s_aheadThread.Start();
            }
            Monitor.Pulse(s_eager);
        }
    }

    private static void EnsureThread()
    {
        if (s_thread is not null) return;
        s_thread = new Thread(Work) { IsBackground = true, Name = "wasm tier-up" };
        s_thread.Start();
    }

    private static void Work()
    {
        while (true)
        {
            (WeakReference<TierState> State, int Function, int Loop) item;
            lock (s_queue)
            {
                while (s_queue.Count == 0) Monitor.Wait(s_queue);
                item = s_queue.Pop();
            }
            // Module compilations go first: someone waits for them (see BackgroundJit.CompilationUnderWay).
            BackgroundJit.WaitWhileCompiling();
            if (item.State.TryGetTarget(out var state)) Run(state, item.Function, item.Loop);
            Interlocked.Decrement(ref s_busy);
        }
    }

    private static void WorkAhead()
    {
        while (true)
        {
            TierState? state;
            lock (s_eager)
            {
                while (true)
                {
                    while (s_eager.Count == 0)
                    {
                        s_aheadWorking = false;
                        Monitor.Wait(s_eager);
                    }
                    if (s_eager[^1].TryGetTarget(out state)) break;
                    s_eager.RemoveAt(s_eager.Count - 1);
                }
                s_aheadWorking = true;
            }
            BackgroundJit.WaitWhileCompiling();
            // Requests first: they are code running slowly now.
            while (Busy) Thread.Sleep(1);
            bool more;
            try
            {
                more = state.EmitNextAhead();
            }
            catch (Exception e)
            {
                // Work ahead of need is an optimization: a failure leaves the module to its first calls.
                Failed(e);
                more = false;
            }
            if (!more)
            {
                lock (s_eager) s_eager.RemoveAll(w => !w.TryGetTarget(out var t) || t == state);
            }
        }
    }

    private static bool s_aheadWorking;

    /// <summary>
    /// Waits, at most <paramref name="timeout"/>, until no recompilation is queued or under way and no live module
    /// has work left ahead of need; false on timeout. A process that times one module at a time
    /// (<c>wasmcs bench</c>) lets the work of a module it dropped end first, so that each measurement starts on
    /// quiet cores.
    /// </summary>
    internal static bool WaitUntilIdle(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (Busy || Volatile.Read(ref s_aheadWorking))
        {
            if (DateTime.UtcNow > deadline) return false;
            lock (s_eager) Monitor.PulseAll(s_eager); // let it notice modules collected meanwhile
            Thread.Sleep(1);
        }
        return true;
    }

    private static int s_busy;

    /// <summary>Whether recompilations are queued or under way: work ahead of need waits meanwhile, since hot code
    /// is running slowly.</summary>
    private static bool Busy => Volatile.Read(ref s_busy) > 0;

    internal static void Run(TierState state, int function, int loop)
    {
        try
        {
            state.Promote(function, loop);
            Interlocked.Increment(ref Promotions);
            if (loop >= 0) Interlocked.Increment(ref OsrPromotions);
        }
        catch (Exception e)
        {
            // The function keeps running its tier-0 code, which is correct, only slower; tests watch this.
            Failed(e);
        }
    }

    internal static void Failed(Exception e)
    {
        Interlocked.Increment(ref Failures);
        LastFailure = e;
    }
}
