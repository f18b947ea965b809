using Wasm.Compilation;

namespace Wasm;

/// <summary>Settings shared by everything compiled and run with one <see cref="Engine"/>.</summary>
public sealed class EngineConfig
{
    /// <summary>Bytes of native stack that guest code may use below each host-to-wasm call; deeper recursion
    /// traps with "call stack exhausted". Default 1 MiB.</summary>
    public int MaxWasmStack { get; init; } = 1024 * 1024;

    /// <summary>Meters guest execution with fuel (see <see cref="Store.SetFuel"/>): every instruction costs one
    /// unit, except <c>nop</c>, <c>drop</c> and the structural ones (<c>block</c>, <c>loop</c>, <c>else</c>,
    /// <c>end</c>, <c>return</c>, <c>unreachable</c>); running out traps with <see cref="TrapCode.OutOfFuel"/>.
    /// A store starts with no fuel. Off (the default), compiled code carries no metering at all.</summary>
    public bool ConsumeFuel { get; init; }

    /// <summary>Checks the store's epoch deadline (see <see cref="Store.SetEpochDeadline"/>) on function entry
    /// and at every loop header; once <see cref="Engine.IncrementEpoch"/> reaches it, the guest traps with
    /// <see cref="TrapCode.Interrupted"/>. A store's deadline starts at 0, already expired. Off (the default),
    /// compiled code carries no checks.</summary>
    public bool EpochInterruption { get; init; }

    /// <summary>Most address space, in bytes, one linear memory reserves up front so that it grows in place: a
    /// memory reserves its declared maximum up to this much (an unbounded one this much) and commits pages only
    /// as it grows. An unshared memory that outgrows its reservation moves to a larger one; a shared memory
    /// cannot grow beyond it. Default 4 GiB (all a 32-bit memory can address); reserved address space costs no
    /// memory.</summary>
    public ulong MemoryReservation { get; init; } = Memory.DefaultReservation;

    /// <summary>Has the runtime generate machine code for each compiled module's functions on a background
    /// thread (a module of a few kilobytes of code or more), in roughly the order a run first calls them, so that
    /// the guest's first calls may find them ready. It pays only with a core to spare: the worker also compiles
    /// functions a run never calls, and on a busy machine it takes CPU time from the guest (see
    /// docs/engine.md, Measuring). Off (the default), each function is compiled on the thread that first calls it.</summary>
    public bool BackgroundCompilation { get; init; }

    /// <summary>Tiered compilation: a function first runs as code the JIT compiles without optimizing (several
    /// times quicker to compile), which counts its calls and loop iterations; once hot it is recompiled optimized
    /// on a background thread and every later call, and a long-running loop of the current call, moves over to
    /// that code. Functions under 512 bytes (quick to compile, often the hottest), with dense SIMD code or
    /// exception handlers, with reference locals, or metered with fuel are compiled optimized at once. A module
    /// with 256 KiB or more of code in functions that start at tier 0 starts every function the interpreter can
    /// run (small ones included) in the interpreter instead, each moving on to tier-0 code once it has run long.
    /// It pays where much of a module's code runs only briefly, which
    /// is typical of large programs; see docs/engine.md, Tiered compilation. Compiling a tiered module only decodes
    /// and validates it: each function's IL is emitted on its first call, or earlier by a background thread with
    /// <see cref="BackgroundCompilation"/>. Off (the default), compiling emits the IL of every function, and each
    /// is compiled optimized on its first call.</summary>
    public bool Tiering { get; init; }

    /// <summary>Tiering: what a function may spend at tier 0 before promotion (see <see cref="TierState"/>).</summary>
    internal int TieringBudget { get; init; } = TierState.DefaultBudget;

    /// <summary>Tiering: what a function may spend at tier 0 on top of <see cref="TieringBudget"/>, per byte of its
    /// body (tests set it to 0 to promote after a fixed budget).</summary>
    internal int TieringBudgetPerByte { get; init; } = TierState.DefaultBudgetPerByte;

    /// <summary>Tiering: bodies with less code than this are compiled optimized at once (cheap to compile anyway).</summary>
    internal int TieringMinCodeBytes { get; init; } = TierState.DefaultMinCodeBytes;

    /// <summary>Tiering: promote on the thread that ran out of budget, before it goes on (tests).</summary>
    internal bool TieringSynchronous { get; init; }

    /// <summary>With <see cref="Tiering"/>: functions with bodies of at least this many bytes start in the
    /// interpreter (see <see cref="Interpretation.Interpreter"/>); tests lower it to interpret every function the
    /// interpreter handles.</summary>
    internal int TieringInterpretMinCodeBytes { get; init; } = TierState.MaxCodeBytes + 1;

    /// <summary>With <see cref="Tiering"/>: what an interpreted function may spend before it is compiled, per byte
    /// of its body (see <see cref="TierState.InterpreterBudgetPerByte"/>).</summary>
    internal int TieringInterpretBudgetPerByte { get; init; } = TierState.InterpreterBudgetPerByte;

    /// <summary>With <see cref="Tiering"/>: a module with at least this much code in bodies tier 0 would compile
    /// starts every function in the interpreter (see <see cref="TierState.LargeModule"/>).</summary>
    internal int TieringInterpretModuleCodeBytes { get; init; } = TierState.InterpretModuleCodeBytes;

    /// <summary>With <see cref="Tiering"/>, on 64-bit Linux: functions start on baseline machine code (see
    /// <see cref="Baseline.BaselineCompiler"/>) instead of tier-0 code or the interpreter; tests that watch those
    /// turn it off.</summary>
    internal bool TieringBaseline { get; init; } = true;
}

/// <summary>
/// Compiles modules and owns what compiled code shares: the canonical numbering of function types (so
/// <c>call_indirect</c> compares two integers). The generated call thunks depend on signatures only and are
/// shared by all engines of the process.
/// </summary>
public sealed class Engine
{
    /// <summary>Creates an engine.</summary>
    public Engine(EngineConfig? config = null)
    {
        Config = config ?? new EngineConfig();
    }

    /// <summary>The engine's settings.</summary>
    public EngineConfig Config { get; }

    internal ThunkCache Thunks => ThunkCache.Shared;

    /// <summary>The current epoch. Compiled code reads it with a volatile load at each epoch check.</summary>
    internal ulong Epoch;

    /// <summary>Advances the epoch by one, interrupting guests whose deadline it reaches. Callable from any thread,
    /// for instance a timer; does nothing else, so it is cheap enough to call often.</summary>
    public void IncrementEpoch() => Interlocked.Increment(ref Epoch);

    /// <summary>The process-wide id of a plain function type (final, no supertype): equal types get equal ids.</summary>
    internal int TypeId(FuncType type) => TypeRegistry.OfFunc(type).Id;
}
