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
    internal readonly int TypeId;
    internal readonly Engine Engine;
    // The native entry point; 0 until first asked for when the body is emitted on first call (tiering).
    private nint _code;
    private readonly Compilation.TierState? _tiers;
    private readonly int _defined;

    internal Function(Engine engine, FuncType type, VmContext ctx, nint code, int typeId = 0)
    {
        Engine = engine;
        Type = type;
        Ctx = ctx;
        _code = code;
        TypeId = typeId != 0 ? typeId : engine.TypeId(type);
    }

    /// <summary>Defined function <paramref name="defined"/> of a tiered module, whose body is emitted when first
    /// called (<see cref="Compilation.TierState.Enter"/>).</summary>
    internal Function(Engine engine, FuncType type, VmContext ctx, Compilation.TierState tiers, int defined, int typeId)
        : this(engine, type, ctx, 0, typeId)
    {
        _tiers = tiers;
        _defined = defined;
    }

    /// <summary>Its index among the defined functions of its instance's module (tiered modules), else -1.</summary>
    internal int DefinedIndex => _tiers is null ? -1 : _defined;

    /// <summary>The native entry point (compiled code calls it with <see cref="Ctx"/> as the last argument).</summary>
    internal nint Code
    {
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        get
        {
            var code = _code;
            return code != 0 ? code : Bind();
        }
    }

    private nint Bind()
    {
        var code = _tiers!.Enter(_defined);
        // An interpreted function's entry is its type's interpreter entry, told the function by that Enter: not kept.
        if (code == Volatile.Read(ref _tiers.Entries[_defined])) _code = code;
        return code;
    }

    /// <summary>The function's canonical defined type (with its declared supertypes, GC).</summary>
    public DefinedType DefinedType => TypeRegistry.Get(TypeId);

    /// <summary>The function's signature.</summary>
    public FuncType Type { get; }

    /// <inheritdoc/>
    public override ExternKind Kind => ExternKind.Func;

    /// <summary>
    /// A host function from a delegate whose parameter and return types are the wasm signature: <c>int</c>,
    /// <c>long</c>, <c>float</c>, <c>double</c>, <c>Vector128&lt;byte&gt;</c>, <see cref="Function"/> (funcref),
    /// <c>object</c> (externref), <see cref="GcStruct"/> (<c>(ref null struct)</c>), <see cref="GcArray"/>
    /// (<c>(ref null array)</c>) or <see cref="I31Ref"/> (<c>(ref null i31)</c>); several results as a <c>ValueTuple</c>.
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
            var p = Type.Parameters[i];
            if (args[i].Type.Kind != p.Kind)
                throw new ArgumentException($"argument {i}: expected {p}, got {args[i].Type}");
            if (Compilation.GcOps.NeedsCheck(p)) Compilation.GcOps.CheckArgument(args[i].Ref, (int)p.Heap, p.TypeId, p.Nullable, i);
        }
        var results = new Value[Type.Results.Length];
        Engine.Thunks.DynamicInvoker(Type)(this, args, results);
        return results;
    }

    /// <summary>
    /// Whether delegate-side types carry the wasm types: numbers exactly, <c>object</c> any reference (GC references
    /// reach the host as opaque objects), <see cref="Function"/> references of the <c>func</c> hierarchy;
    /// <see cref="GcStruct"/>, <see cref="GcArray"/> and <see cref="I31Ref"/> results only wasm types whose values
    /// are always of that class, and such parameters wasm types related to them (narrower ones are checked per call).
    /// </summary>
    private static bool DelegateFits(ValType[] delegateSide, ValType[] wasmSide, bool results)
    {
        if (delegateSide.Length != wasmSide.Length) return false;
        for (var i = 0; i < wasmSide.Length; i++)
        {
            var d = delegateSide[i];
            var w = wasmSide[i];
            if (d.Kind != w.Kind) return false;
            if (d.IsRef && d.Heap == HeapType.Func && w.TopHeap != HeapType.Func) return false;
            if (d.IsRef && d.Heap is HeapType.Struct or HeapType.Array or HeapType.I31)
            {
                bool narrower = w.IsSubtypeOf(d);
                if (results ? !narrower : !narrower && !d.IsSubtypeOf(w with { Nullable = true })) return false;
            }
        }
        return true;
    }

    /// <summary>
    /// A delegate that calls the function with no boxing, e.g. <c>AsDelegate&lt;Func&lt;int, int, int&gt;&gt;()</c>.
    /// Several results come back as a <c>ValueTuple</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The delegate's signature does not match.</exception>
    public TDelegate AsDelegate<TDelegate>() where TDelegate : Delegate
    {
        var wanted = Compilation.Signatures.FuncTypeOf(typeof(TDelegate));
        if (!DelegateFits(wanted.Parameters, Type.Parameters, results: false) || !DelegateFits(wanted.Results, Type.Results, results: true))
            throw new ArgumentException($"function has type {Type}, delegate {typeof(TDelegate).Name} has {wanted}");
        return (TDelegate)Engine.Thunks.EntryThunk(typeof(TDelegate), Type).CreateDelegate(typeof(TDelegate), this);
    }
}
