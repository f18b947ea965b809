using Wasm.Runtime;

namespace Wasm;

/// <summary>An untyped host function: reads <paramref name="args"/>, writes every element of <paramref name="results"/>.</summary>
public delegate void HostCallback(ReadOnlySpan<Value> args, Span<Value> results);

/// <summary>
/// A callable function: a compiled wasm function of some instance, or a host function. Compiled code calls it
/// through <see cref="Code"/> (a native entry point) with <see cref="Ctx"/> as the last argument.
/// </summary>
public sealed class Function : Extern
{
    internal readonly VmContext Ctx;
    internal readonly nint Code;
    internal readonly int TypeId;
    internal readonly Engine Engine;

    internal Function(Engine engine, FuncType type, VmContext ctx, nint code) : this(engine, type, engine.TypeId(type), ctx, code) { }

    /// <summary>A function whose type id is already known (<paramref name="typeId"/> is <c>engine.TypeId(type)</c>).</summary>
    internal Function(Engine engine, FuncType type, int typeId, VmContext ctx, nint code)
    {
        Engine = engine;
        Type = type;
        Ctx = ctx;
        Code = code;
        TypeId = typeId;
    }

    /// <summary>The function's signature.</summary>
    public FuncType Type { get; }

    /// <inheritdoc/>
    public override ExternKind Kind => ExternKind.Func;

    /// <summary>
    /// A host function from a delegate whose parameter and return types are the wasm signature: <c>int</c>,
    /// <c>long</c>, <c>float</c>, <c>double</c>, <c>Vector128&lt;byte&gt;</c>, <see cref="Function"/> (funcref) or
    /// <c>object</c> (externref); several results as a <c>ValueTuple</c>.
    /// </summary>
    /// <exception cref="ArgumentException">A parameter or return type has no wasm equivalent.</exception>
    public static Function FromDelegate(Engine engine, Delegate target)
    {
        var type = Compilation.Signatures.FuncTypeOf(target.GetType());
        var ctx = new HostContext(target, null, type);
        return new Function(engine, type, ctx, engine.Thunks.TypedHostTrampoline(target.GetType()));
    }

    /// <summary>A host function with an explicit signature and untyped values.</summary>
    public static Function FromCallback(Engine engine, FuncType type, HostCallback callback)
    {
        var ctx = new HostContext(null, callback, type);
        return new Function(engine, type, ctx, engine.Thunks.UntypedHostTrampoline(type));
    }

    /// <summary>Calls the function with untyped values (boxing-free but slower than a typed delegate).</summary>
    /// <exception cref="ArgumentException">The arguments do not match the signature.</exception>
    /// <exception cref="TrapException">The guest trapped.</exception>
    public Value[] Invoke(params Value[] args)
    {
        if (args.Length != Type.Parameters.Length)
            throw new ArgumentException($"expected {Type.Parameters.Length} arguments, got {args.Length}");
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i].Type.Kind != Type.Parameters[i].Kind)
                throw new ArgumentException($"argument {i}: expected {Type.Parameters[i]}, got {args[i].Type}");
        }
        var results = new Value[Type.Results.Length];
        Engine.Thunks.DynamicInvoker(Type)(this, args, results);
        return results;
    }

    /// <summary>
    /// A delegate that calls the function with no boxing, e.g. <c>AsDelegate&lt;Func&lt;int, int, int&gt;&gt;()</c>.
    /// Several results come back as a <c>ValueTuple</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The delegate's signature does not match.</exception>
    public TDelegate AsDelegate<TDelegate>() where TDelegate : Delegate
    {
        var wanted = Compilation.Signatures.FuncTypeOf(typeof(TDelegate));
        if (!wanted.Equals(Type))
            throw new ArgumentException($"function has type {Type}, delegate {typeof(TDelegate).Name} has {wanted}");
        return (TDelegate)Engine.Thunks.EntryThunk(typeof(TDelegate), Type).CreateDelegate(typeof(TDelegate), this);
    }
}
