using System.Collections.Concurrent;
using System.Reflection;
using System.Reflection.Emit;
using Wasm.Runtime;

namespace Wasm.Compilation;

/// <summary>
/// The generated methods that connect host code and compiled code, one per signature (or delegate type), made
/// once per process: typed entry thunks (host → wasm), the untyped invoker, and host trampolines (wasm → host).
/// They hold nothing of an engine, so every engine shares them; made per engine, they made defining the WASI
/// imports of a fresh engine cost more than loading a small precompiled module and instantiating it.
/// </summary>
internal sealed class ThunkCache
{
    /// <summary>The thunks of every engine in the process.</summary>
    public static ThunkCache Shared { get; } = new();

    private readonly DynamicCode _code = new("Wasm.Thunks");
    private readonly ConcurrentDictionary<(Type, FuncType?), MethodInfo> _entries = new();
    private readonly ConcurrentDictionary<FuncType, Action<Function, Value[], Value[]>> _invokers = new();
    private readonly ConcurrentDictionary<Type, nint> _typedHost = new();
    private readonly ConcurrentDictionary<FuncType, nint> _untypedHost = new();
    private readonly ConcurrentDictionary<(FuncType, int), nint> _interpreter = new();
    private readonly Lock _lock = new();

    private static readonly MethodInfo Enter = Signatures.Method(typeof(StackGuard), nameof(StackGuard.Enter));
    private static readonly MethodInfo Exit = Signatures.Method(typeof(StackGuard), nameof(StackGuard.Exit));

    /// <summary>Emits <c>saved = Enter(f.Ctx); try { body } finally { Exit(f.Ctx, saved); }</c>, with the function
    /// in argument 0; the body leaves nothing on the stack.</summary>
    private static void EmitGuarded(ILGenerator il, Action body)
    {
        var saved = il.DeclareLocal(typeof(nuint));
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ldfld, Builtins.FunctionCtx);
        il.Emit(OpCodes.Call, Enter);
        il.Emit(OpCodes.Stloc, saved);
        il.BeginExceptionBlock();
        body();
        il.BeginFinallyBlock();
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ldfld, Builtins.FunctionCtx);
        il.Emit(OpCodes.Ldloc, saved);
        il.Emit(OpCodes.Call, Exit);
        il.EndExceptionBlock();
    }

    /// <summary><c>static R Entry(Function f, P…)</c>: sets the stack limit, calls f with the arguments, restores the limit.
    /// Bound to the function as a closed delegate of <paramref name="delegateType"/>.</summary>
    public MethodInfo EntryThunk(Type delegateType, FuncType type) =>
        _entries.GetOrAdd((delegateType, type.Parameters.Any(GcOps.NeedsCheck) ? type : null), key =>
    {
        var dt = key.Item1;
        var invoke = dt.GetMethod("Invoke")!;
        var ps = invoke.GetParameters();
        var args = new Type[ps.Length + 1];
        args[0] = typeof(Function);
        for (var i = 0; i < ps.Length; i++) args[i + 1] = ps[i].ParameterType;
        lock (_lock)
        {
            return _code.DefineMethod("Entry", invoke.ReturnType, args, il =>
            {
                var result = invoke.ReturnType == typeof(void) ? null : il.DeclareLocal(invoke.ReturnType);
                EmitGuarded(il, () =>
                {
                    for (var i = 0; i < ps.Length; i++)
                    {
                        il.Emit(OpCodes.Ldarg, i + 1);
                        var p = type.Parameters[i];
                        if (key.Item2 is null || !GcOps.NeedsCheck(p)) continue;
                        // The host's object must be a value of the parameter's type: compiled code relies on it.
                        il.Emit(OpCodes.Ldc_I4, (int)p.Heap);
                        il.Emit(OpCodes.Ldc_I4, p.TypeId);
                        il.Emit(OpCodes.Ldc_I4, p.Nullable ? 1 : 0);
                        il.Emit(OpCodes.Ldc_I4, i);
                        il.Emit(OpCodes.Call, Signatures.Method(typeof(GcOps), nameof(GcOps.CheckArgument)));
                    }
                    EmitCallFunction(il, type, () => il.Emit(OpCodes.Ldarg_0));
                    Signatures.EmitToDelegateType(il, invoke.ReturnType);
                    if (result is not null) il.Emit(OpCodes.Stloc, result);
                });
                if (result is not null) il.Emit(OpCodes.Ldloc, result);
                il.Emit(OpCodes.Ret);
            });
        }
    });

    /// <summary>Calls <c>Function</c> (pushed by <paramref name="loadFunction"/>) with the arguments already pushed.</summary>
    private static void EmitCallFunction(ILGenerator il, FuncType type, Action loadFunction)
    {
        loadFunction();
        il.Emit(OpCodes.Ldfld, Builtins.FunctionCtx);
        loadFunction();
        il.Emit(OpCodes.Call, Builtins.FunctionCode);
        il.EmitCalli(OpCodes.Calli, CallingConventions.Standard, Signatures.ReturnType(type.Results),
            Signatures.ParameterTypes(type), null);
    }

    /// <summary><c>static void Invoke(Function f, Value[] args, Value[] results)</c>.</summary>
    public Action<Function, Value[], Value[]> DynamicInvoker(FuncType type) => _invokers.GetOrAdd(type, t =>
    {
        MethodInfo m;
        lock (_lock)
        {
            m = _code.DefineMethod("Invoke", typeof(void), [typeof(Function), typeof(Value[]), typeof(Value[])], il =>
            {
                EmitGuarded(il, () =>
                {
                    for (var i = 0; i < t.Parameters.Length; i++)
                    {
                        il.Emit(OpCodes.Ldarg_1);
                        il.Emit(OpCodes.Ldc_I4, i);
                        il.Emit(OpCodes.Ldelema, typeof(Value));
                        ValueInterop.EmitUnbox(il, t.Parameters[i]);
                    }
                    EmitCallFunction(il, t, () => il.Emit(OpCodes.Ldarg_0));
                    EmitStoreResults(il, t.Results, () => il.Emit(OpCodes.Ldarg_2));
                });
                il.Emit(OpCodes.Ret);
            });
        }
        return m.CreateDelegate<Action<Function, Value[], Value[]>>();
    });

    /// <summary>With the results pushed as a return value, stores each into the array pushed by <paramref name="loadArray"/>.</summary>
    private static void EmitStoreResults(ILGenerator il, ValType[] results, Action loadArray)
    {
        if (results.Length == 0) return;
        var temps = new LocalBuilder[results.Length];
        for (var i = 0; i < results.Length; i++) temps[i] = il.DeclareLocal(Signatures.ClrType(results[i]));
        if (results.Length > 1)
            Signatures.EmitUnpack(il, results, il.DeclareLocal(Signatures.ReturnType(results)));
        for (var i = results.Length - 1; i >= 0; i--) il.Emit(OpCodes.Stloc, temps[i]);
        for (var i = 0; i < results.Length; i++)
        {
            loadArray();
            il.Emit(OpCodes.Ldc_I4, i);
            il.Emit(OpCodes.Ldloc, temps[i]);
            ValueInterop.EmitBox(il, results[i]);
            il.Emit(OpCodes.Stelem, typeof(Value));
        }
    }

    /// <summary>Entry point of a compiled-code-callable trampoline to a typed host delegate.</summary>
    public nint TypedHostTrampoline(Type delegateType) => _typedHost.GetOrAdd(delegateType, dt =>
    {
        var type = Signatures.FuncTypeOf(dt);
        var invoke = dt.GetMethod("Invoke")!;
        var ps = invoke.GetParameters();
        MethodInfo m;
        lock (_lock)
        {
            m = _code.DefineMethod("Host", Signatures.ReturnType(type.Results), Signatures.ParameterTypes(type), il =>
            {
                il.Emit(OpCodes.Ldarg, ps.Length);
                il.Emit(OpCodes.Castclass, typeof(HostContext));
                il.Emit(OpCodes.Ldfld, Signatures.Field(typeof(HostContext), nameof(HostContext.Target)));
                il.Emit(OpCodes.Castclass, dt);
                for (var i = 0; i < ps.Length; i++)
                {
                    il.Emit(OpCodes.Ldarg, i);
                    Signatures.EmitToDelegateType(il, ps[i].ParameterType);
                }
                il.Emit(OpCodes.Callvirt, invoke);
                il.Emit(OpCodes.Ret);
            });
        }
        return m.MethodHandle.GetFunctionPointer();
    });

    /// <summary>Entry point of a trampoline that boxes arguments into <see cref="Value"/>s for a <see cref="HostCallback"/>.</summary>
    public nint UntypedHostTrampoline(FuncType type) => _untypedHost.GetOrAdd(type, t =>
    {
        MethodInfo m;
        lock (_lock)
        {
            m = _code.DefineMethod("HostDyn", Signatures.ReturnType(t.Results), Signatures.ParameterTypes(t), il =>
            {
                var args = il.DeclareLocal(typeof(Value[]));
                var results = il.DeclareLocal(typeof(Value[]));
                il.Emit(OpCodes.Ldc_I4, t.Parameters.Length);
                il.Emit(OpCodes.Newarr, typeof(Value));
                il.Emit(OpCodes.Stloc, args);
                il.Emit(OpCodes.Ldc_I4, t.Results.Length);
                il.Emit(OpCodes.Newarr, typeof(Value));
                il.Emit(OpCodes.Stloc, results);
                for (var i = 0; i < t.Parameters.Length; i++)
                {
                    il.Emit(OpCodes.Ldloc, args);
                    il.Emit(OpCodes.Ldc_I4, i);
                    il.Emit(OpCodes.Ldarg, i);
                    ValueInterop.EmitBox(il, t.Parameters[i]);
                    il.Emit(OpCodes.Stelem, typeof(Value));
                }
                il.Emit(OpCodes.Ldarg, t.Parameters.Length);
                il.Emit(OpCodes.Castclass, typeof(HostContext));
                il.Emit(OpCodes.Ldloc, args);
                il.Emit(OpCodes.Ldloc, results);
                il.Emit(OpCodes.Call, Signatures.Method(typeof(HostContext), nameof(HostContext.InvokeCallback)));
                for (var i = 0; i < t.Results.Length; i++)
                {
                    il.Emit(OpCodes.Ldloc, results);
                    il.Emit(OpCodes.Ldc_I4, i);
                    il.Emit(OpCodes.Ldelema, typeof(Value));
                    ValueInterop.EmitUnbox(il, t.Results[i]);
                }
                Signatures.EmitPack(il, t.Results);
                il.Emit(OpCodes.Ret);
            });
        }
        return m.MethodHandle.GetFunctionPointer();
    });

    /// <summary>
    /// <c>static R Interpret(P…, VmContext ctx)</c>: compiled code's entry into <see cref="Interpretation.Interpreter"/>
    /// for a function of this type. The function is the one <see cref="TierState.Enter"/> named just before
    /// returning this entry (<see cref="Interpretation.Interpreter.TakePending"/>), so one entry serves every
    /// function of a type. The arguments go to slots of the thread's interpreter stack, the result comes back in
    /// the first.
    /// </summary>
    public nint InterpreterEntry(FuncType type) => _interpreter.GetOrAdd((type, 0), key =>
    {
        var t = key.Item1;
        var parameters = Signatures.ParameterTypes(t);
        var interpreter = typeof(Interpretation.Interpreter);
        MethodInfo m;
        lock (_lock)
        {
            m = _code.DefineMethod("Interpret", Signatures.ReturnType(t.Results), parameters, il =>
            {
                var function = il.DeclareLocal(typeof(int));
                var stack = il.DeclareLocal(typeof(Interpretation.InterpreterStack));
                var at = il.DeclareLocal(typeof(int));
                il.Emit(OpCodes.Call, Signatures.Method(interpreter, nameof(Interpretation.Interpreter.TakePending)));
                il.Emit(OpCodes.Stloc, function);
                il.Emit(OpCodes.Call, Signatures.Method(interpreter, nameof(Interpretation.Interpreter.CurrentStack)));
                il.Emit(OpCodes.Stloc, stack);
                il.Emit(OpCodes.Ldloc, stack);
                il.Emit(OpCodes.Ldc_I4, t.Parameters.Length);
                il.Emit(OpCodes.Call, Signatures.Method(typeof(Interpretation.InterpreterStack), nameof(Interpretation.InterpreterStack.Reserve)));
                il.Emit(OpCodes.Stloc, at);
                for (var i = 0; i < t.Parameters.Length; i++)
                {
                    EmitSlotAddress(il, () => il.Emit(OpCodes.Ldloc, stack), () => il.Emit(OpCodes.Ldloc, at), i);
                    il.Emit(OpCodes.Ldarg, i);
                    EmitSlotStore(il, t.Parameters[i]);
                }
                il.Emit(OpCodes.Ldarg, t.Parameters.Length);
                il.Emit(OpCodes.Ldloc, function);
                il.Emit(OpCodes.Ldloc, stack);
                il.Emit(OpCodes.Ldloc, at);
                il.Emit(OpCodes.Call, Signatures.Method(interpreter, nameof(Interpretation.Interpreter.Run)));
                if (t.Results.Length == 1)
                {
                    EmitSlotAddress(il, () => il.Emit(OpCodes.Ldloc, stack), () => il.Emit(OpCodes.Ldloc, at), 0);
                    EmitSlotLoad(il, t.Results[0]);
                }
                il.Emit(OpCodes.Ret);
            });
        }
        return m.MethodHandle.GetFunctionPointer();
    });

    /// <summary>
    /// <c>static void Call(nint code, VmContext ctx, InterpreterStack stack, int at)</c>, or with
    /// <paramref name="osr"/> <c>static void Call(nint code, VmContext ctx, InterpreterStack stack, int at,
    /// ulong[] locals)</c>: the interpreter's call of compiled code of this type (an on-stack-replacement entry
    /// takes the locals too), with the arguments in slots from <c>at</c> and the result stored to slot <c>at</c>
    /// of the stack's slots as they are after the call (the callee may have re-entered the interpreter and grown them).
    /// </summary>
    public nint InterpreterCall(FuncType type, bool osr) => _interpreter.GetOrAdd((type, osr ? 2 : 1), key =>
    {
        MethodInfo m;
        lock (_lock)
        {
            var stack = typeof(Interpretation.InterpreterStack);
            Type[] args = osr ? [typeof(nint), typeof(VmContext), stack, typeof(int), typeof(ulong[])] : [typeof(nint), typeof(VmContext), stack, typeof(int)];
            m = _code.DefineMethod("Call", typeof(void), args, il => EmitCallFromCells(il, key.Item1,
                index => EmitSlotAddress(il, () => il.Emit(OpCodes.Ldarg_2), () => il.Emit(OpCodes.Ldarg_3), index), osr ? 4 : -1));
        }
        return m.MethodHandle.GetFunctionPointer();
    });

    /// <summary>
    /// <c>static R Baseline(P…, VmContext ctx)</c>: compiled code's entry into baseline machine code for a function
    /// of this type (<see cref="Baseline.NativeInstance.Run"/>), which, like <see cref="InterpreterEntry"/>, runs the
    /// function <see cref="TierState.Enter"/> named just before returning this entry. The arguments go to cells
    /// on this method's stack, the result comes back in the first.
    /// </summary>
    public nint BaselineEntry(FuncType type) => _interpreter.GetOrAdd((type, 3), key =>
    {
        var t = key.Item1;
        MethodInfo m;
        lock (_lock)
        {
            m = _code.DefineMethod("Baseline", Signatures.ReturnType(t.Results), Signatures.ParameterTypes(t), il =>
            {
                var cells = il.DeclareLocal(typeof(ulong*));
                il.Emit(OpCodes.Ldc_I4, 8 * Math.Max(1, Math.Max(CellOf(t.Parameters, t.Parameters.Length), CellOf(t.Results, t.Results.Length))));
                il.Emit(OpCodes.Conv_U);
                il.Emit(OpCodes.Localloc);
                il.Emit(OpCodes.Stloc, cells);
                for (var i = 0; i < t.Parameters.Length; i++)
                {
                    EmitCellAddress(il, () => il.Emit(OpCodes.Ldloc, cells), CellOf(t.Parameters, i));
                    il.Emit(OpCodes.Ldarg, i);
                    EmitSlotStore(il, t.Parameters[i]);
                }
                il.Emit(OpCodes.Ldarg, t.Parameters.Length);
                il.Emit(OpCodes.Call, Signatures.Method(typeof(Interpretation.Interpreter), nameof(Interpretation.Interpreter.TakePending)));
                il.Emit(OpCodes.Ldloc, cells);
                il.Emit(OpCodes.Call, Signatures.Method(typeof(Baseline.NativeInstance), nameof(Baseline.NativeInstance.Run)));
                if (t.Results.Length == 1)
                {
                    il.Emit(OpCodes.Ldloc, cells);
                    EmitSlotLoad(il, t.Results[0]);
                }
                il.Emit(OpCodes.Ret);
            });
        }
        return m.MethodHandle.GetFunctionPointer();
    });

    /// <summary>
    /// <c>static void Call(nint code, VmContext ctx, ulong* cells)</c>, or with <paramref name="osr"/>
    /// <c>static void Call(nint code, VmContext ctx, ulong* cells, ulong[] locals)</c>: baseline code's call of
    /// compiled code of this type (an on-stack-replacement entry takes the locals too), with the arguments in the
    /// cells and the result stored to the first.
    /// </summary>
    public nint NativeCall(FuncType type, bool osr) => _interpreter.GetOrAdd((type, osr ? 5 : 4), key =>
    {
        MethodInfo m;
        lock (_lock)
        {
            Type[] args = osr ? [typeof(nint), typeof(VmContext), typeof(ulong*), typeof(ulong[])] : [typeof(nint), typeof(VmContext), typeof(ulong*)];
            m = _code.DefineMethod("CallFromBaseline", typeof(void), args, il => EmitCallFromCells(il, key.Item1,
                index => EmitCellAddress(il, () => il.Emit(OpCodes.Ldarg_2), index), osr ? 3 : -1));
        }
        return m.MethodHandle.GetFunctionPointer();
    });

    /// <summary>The body of a call thunk: loads the arguments from the cells whose addresses
    /// <paramref name="cellAddress"/> pushes, calls the code in argument 0 with the context in argument 1 (and the
    /// locals array in argument <paramref name="localsArgument"/>, unless it is -1), stores the result to cell 0.</summary>
    private static void EmitCallFromCells(ILGenerator il, FuncType t, Action<int> cellAddress, int localsArgument)
    {
        var parameters = Signatures.ParameterTypes(t);
        var result = t.Results.Length == 1 ? il.DeclareLocal(Signatures.ClrType(t.Results[0])) : null;
        for (var i = 0; i < t.Parameters.Length; i++)
        {
            cellAddress(CellOf(t.Parameters, i));
            EmitSlotLoad(il, t.Parameters[i]);
        }
        il.Emit(OpCodes.Ldarg_1);
        if (localsArgument >= 0)
        {
            il.Emit(OpCodes.Ldarg, localsArgument);
            parameters = [.. parameters, typeof(ulong[])];
        }
        il.Emit(OpCodes.Ldarg_0);
        il.EmitCalli(OpCodes.Calli, CallingConventions.Standard, Signatures.ReturnType(t.Results), parameters, null);
        if (result is not null)
        {
            il.Emit(OpCodes.Stloc, result);
            cellAddress(0);
            il.Emit(OpCodes.Ldloc, result);
            EmitSlotStore(il, t.Results[0]);
        }
        il.Emit(OpCodes.Ret);
    }

    /// <summary>Pushes the address of cell <paramref name="index"/> of the cells pushed by <paramref name="loadCells"/>.</summary>
    private static void EmitCellAddress(ILGenerator il, Action loadCells, int index)
    {
        loadCells();
        if (index == 0) return;
        il.Emit(OpCodes.Ldc_I4, 8 * index);
        il.Emit(OpCodes.Add);
    }

    /// <summary>Pushes the address of slot <c>at + index</c> of the slots of the stack pushed by <paramref name="loadStack"/>.</summary>
    private static void EmitSlotAddress(ILGenerator il, Action loadStack, Action loadAt, int index)
    {
        loadStack();
        il.Emit(OpCodes.Ldfld, Signatures.Field(typeof(Interpretation.InterpreterStack), nameof(Interpretation.InterpreterStack.Slots)));
        loadAt();
        if (index != 0)
        {
            il.Emit(OpCodes.Ldc_I4, index);
            il.Emit(OpCodes.Add);
        }
        il.Emit(OpCodes.Ldelema, typeof(ulong));
    }

    /// <summary>Baseline code's cells are 8 bytes, and a v128 takes two (the interpreter has none): the cell
    /// where value <paramref name="i"/> of <paramref name="types"/> starts, or with i = length, how many there are.</summary>
    internal static int CellOf(ValType[] types, int i)
    {
        var cell = 0;
        for (var k = 0; k < i; k++) cell += types[k].Kind == ValKind.V128 ? 2 : 1;
        return cell;
    }

    // A slot holds an i32 or f32 in its low 4 bytes; whatever the high ones hold, every reader ignores them.
    private static void EmitSlotStore(ILGenerator il, ValType t)
    {
        if (t.Kind == ValKind.V128) il.Emit(OpCodes.Stobj, typeof(System.Runtime.Intrinsics.Vector128<byte>));
        else il.Emit(t.Kind switch
        {
            ValKind.I32 => OpCodes.Stind_I4,
            ValKind.I64 => OpCodes.Stind_I8,
            ValKind.F32 => OpCodes.Stind_R4,
            _ => OpCodes.Stind_R8,
        });
    }

    private static void EmitSlotLoad(ILGenerator il, ValType t)
    {
        if (t.Kind == ValKind.V128) il.Emit(OpCodes.Ldobj, typeof(System.Runtime.Intrinsics.Vector128<byte>));
        else il.Emit(SlotLoad(t));
    }

    private static OpCode SlotLoad(ValType t) => t.Kind switch
    {
        ValKind.I32 => OpCodes.Ldind_I4,
        ValKind.I64 => OpCodes.Ldind_I8,
        ValKind.F32 => OpCodes.Ldind_R4,
        _ => OpCodes.Ldind_R8,
    };
}
