using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using Wasm.Compilation;
using Wasm.Runtime;

namespace Wasm.Baseline;

/// <summary>
/// What baseline code of one instance of a tiered module reaches through its native context: memory, globals,
/// its callees' code, the tier state's budgets. Managed code enters through <see cref="Run"/>; baseline code
/// calls managed code (imports, promoted functions, functions without baseline code, helpers) through
/// <see cref="Callout"/>.
/// </summary>
/// <remarks>
/// Globals live in the instance's <see cref="Global"/> objects, which the garbage collector may move, so baseline
/// code works on native cells: the mutable ones are copied in whenever control passes from managed to baseline
/// code and back out when it passes the other way (modules have few: a C or Rust program has its stack pointer).
/// The memory's base and length are copied in likewise, and again after anything that may grow it. A trap in
/// baseline code unwinds to the innermost <see cref="Run"/> or callout at once; an exception from managed code
/// a callout called waits in <see cref="t_pending"/> while the baseline frames unwind, then goes on.
/// </remarks>
internal sealed unsafe class NativeInstance
{
    [ThreadStatic] private static Exception? t_pending;

    /// <summary>Calls that moved from baseline loops to optimized code so far, entries from managed code, and
    /// callouts (not exact under concurrency; tests and measurements watch them).</summary>
    internal static long OsrTransfers, Runs, Callouts;

    private readonly VmContext _ctx;
    private readonly TierState _tiers;
    private readonly BaselineCode _code;
    private readonly byte* _native;
    private readonly long* _cells;
    private readonly nint* _cellAddresses;
    private readonly int[] _mutable; // the mutable numeric globals
    private readonly int _imported;
    private GCHandle _self;

    private NativeInstance(VmContext ctx)
    {
        _ctx = ctx;
        _tiers = ctx.Tier!;
        _code = _tiers.Baseline!;
        var module = _tiers.Module;
        _imported = module.ImportedFuncs;
        _native = NativeContext.Allocate(ctx.Functions.Length);
        var globals = ctx.Globals;
        _cells = (long*)NativeMemory.AllocZeroed((nuint)(8 * Math.Max(1, globals.Length)));
        _cellAddresses = (nint*)NativeMemory.AllocZeroed((nuint)(8 * Math.Max(1, globals.Length)));
        var mutable = new List<int>();
        for (var g = 0; g < globals.Length; g++)
        {
            _cellAddresses[g] = (nint)(_cells + g);
            if (!IsNumeric(globals[g])) continue;
            if (globals[g].Type.Mutable) mutable.Add(g);
            else CopyIn(g); // never changes
        }
        _mutable = [.. mutable];
        for (var i = 0; i < ctx.Functions.Length; i++)
        {
            var code = i >= _imported ? _code.Compiled(i - _imported) : 0;
            NativeContext.Function(_native, i) = code != 0 ? code : Thunks.Callout;
        }
        _self = GCHandle.Alloc(this, GCHandleType.Weak);
        NativeContext.Slot(_native, NativeContext.Owner) = GCHandle.ToIntPtr(_self);
        NativeContext.Slot(_native, NativeContext.Globals) = (nint)_cellAddresses;
        NativeContext.Slot(_native, NativeContext.CalloutFn) = (nint)(delegate* unmanaged<byte*, int, ulong*, int>)&Callout;
        NativeContext.Slot(_native, NativeContext.TrapThunk) = Thunks.TrapExit;
        NativeContext.Slot(_native, NativeContext.Counters) = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_tiers.Counters));
        NativeContext.Slot(_native, NativeContext.OsrLoops) = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_tiers.OsrLoop));
        NativeContext.Slot(_native, NativeContext.Optimized) = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_tiers.Optimized));
    }

    ~NativeInstance()
    {
        if (_self.IsAllocated) _self.Free();
        NativeMemory.Free(_cells);
        NativeMemory.Free(_cellAddresses);
        NativeContext.Free(_native);
    }

    /// <summary>Runs defined function <paramref name="function"/>'s baseline code (compiled by
    /// <see cref="TierState.Enter"/>) with its arguments in <paramref name="cells"/>, leaving its result in the
    /// first: the entry <see cref="ThunkCache.BaselineEntry"/> makes for managed callers.</summary>
    public static void Run(VmContext ctx, int function, ulong* cells)
    {
        var native = ctx.Native ?? Create(ctx);
        Runs++;
        native.RunCode(native._code.Compiled(function), cells);
    }

    private static NativeInstance Create(VmContext ctx)
    {
        var created = new NativeInstance(ctx);
        return Interlocked.CompareExchange(ref ctx.Native, created, null) ?? created;
    }

    private void RunCode(nint code, ulong* cells)
    {
        // The context holds per-call state (where a trap unwinds to): one thread at a time runs an instance's
        // baseline code, and a thread's nested calls re-enter the monitor.
        var taken = false;
        int rc;
        try
        {
            Monitor.Enter(this, ref taken);
            SyncIn();
            rc = Thunks.Enter(_native, (void*)code, cells);
        }
        finally
        {
            SyncOut();
            if (taken) Monitor.Exit(this);
        }
        if (rc != 0) Rethrow(rc);
    }

    private static void Rethrow(int rc)
    {
        if (t_pending is { } pending)
        {
            t_pending = null;
            ExceptionDispatchInfo.Throw(pending);
        }
        Traps.Throw((TrapCode)(rc - 1));
    }

    private static bool IsNumeric(Global g) => g.Type.Type.Kind is ValKind.I32 or ValKind.I64 or ValKind.F32 or ValKind.F64;

    private void CopyIn(int g)
    {
        var global = _ctx.Globals[g];
        var cell = _cells + g;
        switch (global.Type.Type.Kind)
        {
            case ValKind.I32: *(int*)cell = global.I32; break;
            case ValKind.I64: *cell = global.I64; break;
            case ValKind.F32: *(float*)cell = global.F32; break;
            default: *(double*)cell = global.F64; break;
        }
    }

    /// <summary>Memory, stack limit and mutable globals into the native context: control passes to baseline code.</summary>
    private void SyncIn()
    {
        SyncMemory();
        var limit = _ctx.Store?.StackLimit ?? 0;
        if (limit == 0)
        {
            byte here;
            limit = (nuint)(&here) - (nuint)(_ctx.Store?.Engine.Config.MaxWasmStack ?? 512 * 1024);
        }
        NativeContext.Slot(_native, NativeContext.StackLimit) = (nint)limit;
        foreach (var g in _mutable) CopyIn(g);
    }

    private void SyncMemory()
    {
        var memory = _ctx.Memory0;
        NativeContext.Slot(_native, NativeContext.MemBase) = memory is null ? 0 : (nint)memory.Base;
        NativeContext.Slot(_native, NativeContext.MemLength) = memory is null ? 0 : (nint)memory.Length;
    }

    /// <summary>Mutable globals back into the instance: control passes to managed code.</summary>
    private void SyncOut()
    {
        var globals = _ctx.Globals;
        foreach (var g in _mutable)
        {
            var global = globals[g];
            var cell = _cells + g;
            switch (global.Type.Type.Kind)
            {
                case ValKind.I32: global.I32 = *(int*)cell; break;
                case ValKind.I64: global.I64 = *cell; break;
                case ValKind.F32: global.F32 = *(float*)cell; break;
                default: global.F64 = *(double*)cell; break;
            }
        }
    }

    [UnmanagedCallersOnly]
    private static int Callout(byte* native, int index, ulong* args)
    {
        try
        {
            var self = (NativeInstance)GCHandle.FromIntPtr(NativeContext.Slot(native, NativeContext.Owner)).Target!;
            return self.Dispatch(index, args);
        }
        catch (Exception e)
        {
            t_pending = e;
            return int.MaxValue;
        }
    }

    private int Dispatch(int index, ulong* args)
    {
        Callouts++;
        // The bulk helpers are those JIT code calls; their traps reach the entry as pending exceptions.
        switch (index)
        {
            case BaselineCallouts.MemoryGrow:
                *(long*)args = (uint)BulkOps.MemoryGrow(*(int*)args, 0, _ctx);
                SyncMemory();
                return 0;
            case BaselineCallouts.MemoryCopy:
                BulkOps.MemoryCopy(*(int*)&args[0], *(int*)&args[1], *(int*)&args[2], 0, 0, _ctx);
                return 0;
            case BaselineCallouts.MemoryFill:
                BulkOps.MemoryFill(*(int*)&args[0], *(int*)&args[1], *(int*)&args[2], 0, _ctx);
                return 0;
            case BaselineCallouts.CallIndirect:
                return CallIndirect(args);
            case BaselineCallouts.Hot:
            {
                var descriptor = *(long*)(_native + NativeContext.Descriptor);
                _tiers.Hot((int)descriptor, (int)(descriptor >> 32));
                return 0;
            }
            case BaselineCallouts.Osr:
                return Osr((byte*)args);
        }
        if (index < _imported)
        {
            var import = _ctx.Functions[index];
            return CallManaged(import.Code, import.Ctx, (int)_tiers.Module.FuncTypeIndices[index], args);
        }
        return CallDefined(index - _imported, args);
    }

    /// <summary>Calls defined function <paramref name="defined"/> of this instance: its optimized code once there
    /// is some, else its baseline code (compiled now on its first call, and from then on called directly), else
    /// whatever code it has.</summary>
    private int CallDefined(int defined, ulong* args)
    {
        var optimized = Volatile.Read(ref _tiers.Optimized[defined]);
        if (optimized == 0 && _tiers.OnBaseline[defined])
        {
            var code = _code.CodeOf(defined, _tiers);
            if (code != 0)
            {
                NativeContext.Function(_native, defined + _imported) = code;
                return Thunks.Enter(_native, (void*)code, args);
            }
        }
        return CallManaged(optimized != 0 ? optimized : _tiers.EntryOf(defined), _ctx, _tiers.TypeIndexOf(defined), args);
    }

    private int CallManaged(nint code, VmContext ctx, int typeIndex, ulong* args)
    {
        SyncOut();
        try
        {
            ((delegate*<nint, VmContext, ulong*, void>)_tiers.NativeCallOfType(typeIndex, osr: false))(code, ctx, args);
        }
        finally
        {
            // Also when it throws: the baseline frames unwind, and the entry copies the cells out again.
            SyncIn();
        }
        return 0;
    }

    private int CallIndirect(ulong* args)
    {
        var descriptor = *(uint*)(_native + NativeContext.Descriptor);
        var typeIndex = (int)(descriptor & 0xFFFFF);
        var module = _tiers.Module;
        var type = module.Types[typeIndex];
        var table = _ctx.Tables[(int)(descriptor >> 20)];
        var element = *(uint*)&args[ThunkCache.CellOf(type.Parameters, type.Parameters.Length)];
        if (element >= (uint)table.Elements.Length) return (int)TrapCode.UndefinedElement + 1;
        if (table.Elements[element] is not Function target) return (int)TrapCode.UninitializedElement + 1;
        var expected = _ctx.Types[typeIndex].Id;
        if (target.TypeId != expected && (module.TypeDefs[typeIndex].Final || !GcOps.FuncTypeMatches(target.TypeId, expected)))
            return (int)TrapCode.IndirectCallTypeMismatch + 1;
        if (target.Ctx == _ctx && target.DefinedIndex >= 0) return CallDefined(target.DefinedIndex, args);
        return CallManaged(target.Code, target.Ctx, typeIndex, args);
    }

    /// <summary>Moves the running call of the function and loop in the descriptor to their optimized code: the
    /// locals from the frame at <paramref name="frame"/>, the result to the caller's cells.</summary>
    private int Osr(byte* frame)
    {
        var descriptor = *(long*)(_native + NativeContext.Descriptor);
        var defined = (int)descriptor;
        var module = _tiers.Module;
        var type = module.FuncTypeOf((uint)(defined + _imported));
        var declared = module.Bodies[defined].Locals;
        var count = 0;
        foreach (var local in declared) count += local.Kind == ValKind.V128 ? 2 : 1;
        // The parameters go in cells and the other locals in an array, a v128 in two of either (as the frame
        // holds them too).
        var parameterCells = ThunkCache.CellOf(type.Parameters, type.Parameters.Length);
        var cells = stackalloc ulong[Math.Max(2, parameterCells)];
        var cell = 0;
        foreach (var parameter in type.Parameters) CopyLocal(frame, ref cell, parameter.Kind, cells + cell);
        var locals = new ulong[count];
        fixed (ulong* to = locals)
        {
            foreach (var local in declared) CopyLocal(frame, ref cell, local.Kind, to + (cell - parameterCells));
        }
        var entry = Volatile.Read(ref _tiers.OsrEntries[defined]);
        Interlocked.Increment(ref OsrTransfers);
        SyncOut();
        try
        {
            ((delegate*<nint, VmContext, ulong*, ulong[], void>)_tiers.NativeCallOfType(_tiers.TypeIndexOf(defined), osr: true))(entry, _ctx, cells, locals);
        }
        finally
        {
            SyncIn();
        }
        if (type.Results.Length == 1)
        {
            var results = *(ulong**)(frame - 8);
            results[0] = cells[0];
            if (type.Results[0].Kind == ValKind.V128) results[1] = cells[1];
        }
        return 0;
    }

    /// <summary>Copies the local at <paramref name="cell"/> of a baseline frame to <paramref name="to"/>.</summary>
    private static void CopyLocal(byte* frame, ref int cell, ValKind kind, ulong* to)
    {
        var vector = kind == ValKind.V128;
        var at = frame + BaselineCompiler.LocalOffset(cell, vector);
        to[0] = *(ulong*)at;
        if (vector) to[1] = *(ulong*)(at + 8);
        cell += vector ? 2 : 1;
    }
}
