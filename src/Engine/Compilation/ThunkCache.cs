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
}
