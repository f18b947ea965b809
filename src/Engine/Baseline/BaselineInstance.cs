using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using Wasm.Runtime;

namespace Wasm.Baseline;

/// <summary>
/// Runs the functions of an instance on baseline code alone, beside its JIT-compiled code: memory and tables are
/// the instance's own; globals are copied into native cells on every entry and back on every exit and callout,
/// so both kinds of code see the same values at those points. This is how the compiler is measured and checked
/// against the spec suite and real programs until the tiers use it.
/// </summary>
internal sealed unsafe class BaselineInstance : IDisposable
{
    [ThreadStatic] private static Exception? t_pending;

    private readonly Instance _instance;
    private readonly VmContext _ctx;
    private readonly byte* _native;
    private readonly nint* _cells;
    private readonly nint[] _code;
    private readonly Dictionary<Function, int> _defined = new(ReferenceEqualityComparer.Instance);
    private GCHandle _self;
    private int _depth;

    private BaselineInstance(Instance instance, nint[] code)
    {
        _instance = instance;
        _ctx = instance.Ctx;
        _code = code;
        var info = instance.Module.Info;
        var functions = _ctx.Functions.Length;
        _native = NativeContext.Allocate(functions);
        _cells = (nint*)NativeMemory.AllocZeroed((nuint)(8 * Math.Max(1, _ctx.Globals.Length)));
        for (var g = 0; g < _ctx.Globals.Length; g++) _cells[g] = (nint)NativeMemory.AllocZeroed(16);
        for (var i = 0; i < functions; i++)
        {
            if (i >= info.ImportedFuncs && _ctx.Functions[i].Ctx == _ctx) _defined[_ctx.Functions[i]] = i;
            NativeContext.Function(_native, i) = code[i] != 0 ? code[i] : Thunks.Callout;
        }
        _self = GCHandle.Alloc(this);
        NativeContext.Slot(_native, NativeContext.Owner) = GCHandle.ToIntPtr(_self);
        NativeContext.Slot(_native, NativeContext.Globals) = (nint)_cells;
        NativeContext.Slot(_native, NativeContext.CalloutFn) = (nint)(delegate* unmanaged<byte*, int, ulong*, int>)&Callout;
        NativeContext.Slot(_native, NativeContext.TrapThunk) = Thunks.TrapExit;
    }

    /// <summary>Compiles the defined functions of <paramref name="instance"/> that have baseline code (the others
    /// are called through their JIT code); null when none has, or baseline code is not available here.</summary>
    public static BaselineInstance? TryCreate(Instance instance)
    {
        if (!CodeMemory.IsSupported) return null;
        var info = instance.Module.Info;
        if (info.Memories.Count > 1) return null; // imported memories included
        foreach (var m in instance.Ctx.Memories) if (m.Type.Is64 || m.Type.Shared) return null;
        var compiler = new BaselineCompiler(info);
        var code = new nint[instance.Ctx.Functions.Length];
        var any = false;
        for (var d = 0; d < info.Bodies.Count; d++)
        {
            var type = info.FuncTypeOf((uint)(d + info.ImportedFuncs));
            if (!BaselineCompiler.CanCompile(type, info.Bodies[d])) continue;
            try
            {
                code[d + info.ImportedFuncs] = (nint)CodeMemory.Publish(compiler.Compile(d));
                any = true;
            }
            catch (NotSupportedException)
            {
                // Called through its JIT code.
            }
        }
        return any ? new BaselineInstance(instance, code) : null;
    }

    /// <summary>Calls function <paramref name="index"/> (of the instance's function index space).</summary>
    public Value[] Invoke(int index, ReadOnlySpan<Value> args)
    {
        var type = _ctx.Functions[index].Type;
        if (_code[index] == 0) return _ctx.Functions[index].Invoke(args.ToArray());
        var cells = stackalloc ulong[Math.Max(1, Math.Max(type.Parameters.Length, type.Results.Length))];
        for (var i = 0; i < args.Length; i++) cells[i] = (ulong)args[i].Bits;
        var outer = _depth++ == 0;
        if (outer)
        {
            var probe = 0;
            NativeContext.Slot(_native, NativeContext.StackLimit) = (nint)(&probe) - 256 * 1024;
        }
        try
        {
            SyncIn();
            Enter(index, cells);
        }
        finally
        {
            SyncOut();
            _depth--;
        }
        var results = new Value[type.Results.Length];
        for (var i = 0; i < results.Length; i++) results[i] = FromCell(type.Results[i].Kind, cells[i]);
        return results;
    }

    private void Enter(int index, ulong* cells)
    {
        var rc = Thunks.Enter(_native, (void*)_code[index], cells);
        if (rc == 0) return;
        if (t_pending is { } pending)
        {
            t_pending = null;
            ExceptionDispatchInfo.Throw(pending);
        }
        throw new TrapException((TrapCode)(rc - 1));
    }

    /// <summary>Globals and memory into the native context.</summary>
    private void SyncIn()
    {
        var memories = _ctx.Memories;
        NativeContext.Slot(_native, NativeContext.MemBase) = memories.Length > 0 ? (nint)memories[0].Base : 0;
        NativeContext.Slot(_native, NativeContext.MemLength) = memories.Length > 0 ? (nint)memories[0].Length : 0;
        for (var g = 0; g < _ctx.Globals.Length; g++)
            if (IsNumeric(_ctx.Globals[g])) *(long*)_cells[g] = _ctx.Globals[g].Value.Bits;
    }

    /// <summary>Globals back into the instance.</summary>
    private void SyncOut()
    {
        for (var g = 0; g < _ctx.Globals.Length; g++)
        {
            var global = _ctx.Globals[g];
            if (!IsNumeric(global)) continue;
            var bits = *(long*)_cells[g];
            global.SetValue(global.Type.Type.Kind switch
            {
                ValKind.I32 => Value.FromI32((int)bits),
                ValKind.I64 => Value.FromI64(bits),
                ValKind.F32 => Value.FromF32Bits((int)bits),
                _ => Value.FromF64Bits(bits),
            });
        }
    }

    private static bool IsNumeric(Global g) => g.Type.Type.Kind is ValKind.I32 or ValKind.I64 or ValKind.F32 or ValKind.F64;

    private static Value FromCell(ValKind kind, ulong cell) => kind switch
    {
        ValKind.I32 => Value.FromI32((int)cell),
        ValKind.I64 => Value.FromI64((long)cell),
        ValKind.F32 => Value.FromF32Bits((int)cell),
        _ => Value.FromF64Bits((long)cell),
    };

    [UnmanagedCallersOnly]
    private static int Callout(byte* native, int index, ulong* args)
    {
        try
        {
            var self = (BaselineInstance)GCHandle.FromIntPtr(NativeContext.Slot(native, NativeContext.Owner)).Target!;
            return self.Callout(index, args);
        }
        catch (Exception e)
        {
            t_pending = e;
            return int.MaxValue;
        }
    }

    private int Callout(int index, ulong* args)
    {
        // The bulk helpers are those JIT code calls; their traps reach the entry as pending exceptions.
        switch (index)
        {
            case BaselineCallouts.MemoryGrow:
                *(long*)args = (uint)Compilation.BulkOps.MemoryGrow(*(int*)args, 0, _ctx);
                SyncIn();
                return 0;
            case BaselineCallouts.MemoryCopy:
                Compilation.BulkOps.MemoryCopy(*(int*)&args[0], *(int*)&args[1], *(int*)&args[2], 0, 0, _ctx);
                return 0;
            case BaselineCallouts.MemoryFill:
                Compilation.BulkOps.MemoryFill(*(int*)&args[0], *(int*)&args[1], *(int*)&args[2], 0, _ctx);
                return 0;
            case BaselineCallouts.CallIndirect:
            {
                var descriptor = *(uint*)(_native + NativeContext.Descriptor);
                var type = _instance.Module.Info.Types[(int)(descriptor & 0xFFFFF)];
                var table = _ctx.Tables[(int)(descriptor >> 20)];
                var element = *(uint*)&args[type.Parameters.Length];
                if (element >= (uint)table.Elements.Length) return (int)TrapCode.UndefinedElement + 1;
                if (table.Elements[element] is not Function target) return (int)TrapCode.UninitializedElement + 1;
                var expected = _ctx.Types[(int)(descriptor & 0xFFFFF)].Id;
                if (target.TypeId != expected
                    && (_instance.Module.Info.TypeDefs[(int)(descriptor & 0xFFFFF)].Final || !Compilation.GcOps.FuncTypeMatches(target.TypeId, expected)))
                    return (int)TrapCode.IndirectCallTypeMismatch + 1;
                if (_defined.TryGetValue(target, out var defined))
                {
                    Enter(defined, args);
                    return 0;
                }
                return CallManaged(target, args);
            }
        }
        var callee = _ctx.Functions[index];
        if (_defined.TryGetValue(callee, out var own) && _code[own] != 0)
        {
            Enter(own, args);
            return 0;
        }
        return CallManaged(callee, args);
    }

    private int CallManaged(Function callee, ulong* args)
    {
        var type = callee.Type;
        var values = new Value[type.Parameters.Length];
        for (var i = 0; i < values.Length; i++) values[i] = FromCell(type.Parameters[i].Kind, args[i]);
        SyncOut();
        var results = callee.Invoke(values);
        SyncIn();
        for (var i = 0; i < results.Length; i++) args[i] = (ulong)results[i].Bits;
        return 0;
    }

    public void Dispose()
    {
        if (_self.IsAllocated) _self.Free();
        for (var g = 0; g < _ctx.Globals.Length; g++) NativeMemory.Free((void*)_cells[g]);
        NativeMemory.Free(_cells);
        NativeContext.Free(_native);
    }
}
