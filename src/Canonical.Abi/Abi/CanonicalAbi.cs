using Wasm.Components.Types;
using Wasm.Components.Values;
using ComponentFuncType = Wasm.Components.Types.ComponentFuncType;

namespace Wasm.Components.Abi;

/// <summary>
/// The canonical ABI entry points for a runtime (synchronous functions, 32-bit memories).
/// <para><b>canon lift</b> (the host calls a lifted export): <see cref="CallLifted"/>, or step by step
/// <see cref="LowerParams"/> → invoke the core function → <see cref="LiftResults"/> →
/// <see cref="LiftLowerContext.ExitCall"/> → <see cref="PostReturn"/>.</para>
/// <para><b>canon lower</b> (a guest calls an import implemented by the host): <see cref="CreateLoweredFunction"/>,
/// or inside a core host function <see cref="CallLowered"/>, or step by step <see cref="LiftParams"/> → call the
/// host → <see cref="LowerResults"/> → <see cref="LiftLowerContext.ExitCall"/>.</para>
/// ABI violations throw <see cref="TrapException"/> (<see cref="TrapCode.CanonicalAbi"/>); values that do not match
/// their types throw <see cref="ArgumentException"/>.
/// </summary>
public static class CanonicalAbi
{
    /// <summary><c>MAX_FLAT_PARAMS</c>.</summary>
    public const int MaxFlatParams = 16;

    /// <summary><c>MAX_FLAT_RESULTS</c>.</summary>
    public const int MaxFlatResults = 1;

    /// <summary>The limit on <c>elem_size(t, 'i64')</c> that validation enforces for every defined value type.</summary>
    public const ulong MaxElemSize = 1ul << 28;

    /// <summary><c>CANONICAL_FLOAT32_NAN</c>.</summary>
    public const int CanonicalNaN32 = 0x7fc00000;

    /// <summary><c>CANONICAL_FLOAT64_NAN</c>.</summary>
    public const long CanonicalNaN64 = 0x7ff8000000000000;

    // ------------------------------------------------------------------ layout

    /// <summary><c>elem_size(t, 'i32')</c>.</summary>
    public static uint ElemSize(WitType t) => TypeLayout.Of(t).Size;

    /// <summary><c>alignment(t, 'i32')</c>.</summary>
    public static uint Alignment(WitType t) => TypeLayout.Of(t).Alignment;

    /// <summary><c>elem_size(t, 'i64')</c>, saturated at <see cref="ulong.MaxValue"/>.</summary>
    public static ulong ElemSize64(WitType t) => TypeLayout.Of(t).Size64;

    /// <summary>The validation rule: true when <c>elem_size(t, 'i64')</c> is below 2^28.</summary>
    public static bool IsWithinMaxElemSize(WitType t) => TypeLayout.Of(t).Size64 < MaxElemSize;

    /// <summary><c>flatten_type(t)</c> for 32-bit memories, or null when it has more than <see cref="MaxFlatParams"/> values.</summary>
    public static IReadOnlyList<ValType>? FlattenType(WitType t) => TypeLayout.Of(t).Flat;

    /// <summary><c>flatten_functype(opts, ft, 'lift')</c>: the type the core function given to <c>canon lift</c> must have.</summary>
    public static Wasm.FuncType FlattenFuncTypeLift(ComponentFuncType ft) => FuncLayout.Of(ft).LiftCore;

    /// <summary><c>flatten_functype(opts, ft, 'lower')</c>: the type of the core function <c>canon lower</c> defines.</summary>
    public static Wasm.FuncType FlattenFuncTypeLower(ComponentFuncType ft) => FuncLayout.Of(ft).LowerCore;

    /// <summary>True when the parameters of <paramref name="ft"/> are passed through memory (more than 16 flat values).</summary>
    public static bool ParamsInMemory(ComponentFuncType ft) => FuncLayout.Of(ft).ParamsInMemory;

    /// <summary>True when the result of <paramref name="ft"/> is passed through memory (more than 1 flat value).</summary>
    public static bool ResultInMemory(ComponentFuncType ft) => FuncLayout.Of(ft).ResultInMemory;

    // ------------------------------------------------------------------ canon lift: host calls a guest export

    /// <summary>
    /// Calls the core function <paramref name="core"/> lifted with <paramref name="ft"/> and
    /// <paramref name="options"/>: lowers the arguments (spilling them through realloc when they flatten to more
    /// than 16 values), calls, lifts the result, checks that every borrow lent to the callee was dropped, then runs
    /// <c>post-return</c>.
    /// </summary>
    public static WitValue? CallLifted(CanonicalOptions options, ComponentFuncType ft, Function core, ReadOnlySpan<WitValue> args)
    {
        var cx = new LiftLowerContext(options);
        var flat = LowerParams(cx, ft, args);
        var results = core.Invoke(flat);
        var result = LiftResults(cx, ft, results);
        cx.ExitCall();
        PostReturn(options, results);
        return result;
    }

    /// <summary>
    /// <c>lower_flat_values(cx, MAX_FLAT_PARAMS, args, ft.param_types())</c> of <c>canon lift</c>: the flat
    /// arguments for the core function (one pointer to a realloc'ed tuple when they flatten to more than 16 values).
    /// </summary>
    /// <exception cref="ArgumentException">The argument count or a value does not match the type.</exception>
    public static Value[] LowerParams(LiftLowerContext cx, ComponentFuncType ft, ReadOnlySpan<WitValue> args)
    {
        var fl = FuncLayout.Of(ft);
        if (args.Length != fl.ParamTypes.Length)
            throw new ArgumentException($"{ft} takes {fl.ParamTypes.Length} arguments, got {args.Length}");
        if (fl.ParamsInMemory)
        {
            var tuple = TypeLayout.Of(fl.ParamTuple);
            uint ptr = cx.Allocate(tuple.Alignment, tuple.Size, "parameters out-of-bounds");
            Lowering.StoreFields(cx, args, tuple, ptr);
            return [Value.FromI32(unchecked((int)ptr))];
        }
        var flat = new Value[fl.LiftCore.Parameters.Length];
        int pos = 0;
        for (int i = 0; i < args.Length; i++) Lowering.LowerFlat(cx, args[i], fl.ParamTypes[i], flat, ref pos);
        return flat;
    }

    /// <summary>
    /// <c>lift_flat_values(cx, MAX_FLAT_RESULTS, results, ft.result_type())</c> of <c>canon lift</c>: the result
    /// from the core function's flat results (read through the returned pointer when it is passed in memory).
    /// </summary>
    public static WitValue? LiftResults(LiftLowerContext cx, ComponentFuncType ft, ReadOnlySpan<Value> flatResults)
    {
        if (ft.Result is not { } type) return null;
        if (FuncLayout.Of(ft).ResultInMemory) return LoadFromPointer(cx, (uint)flatResults[0].I32, type);
        var vi = new FlatReader(flatResults);
        return Lifting.LiftFlat(cx, ref vi, type);
    }

    /// <summary>Runs the <c>post-return</c> function of <paramref name="options"/>, if any, with the flat results.</summary>
    public static void PostReturn(CanonicalOptions options, Value[] flatResults)
    {
        options.PostReturn?.Invoke(flatResults);
    }

    // ------------------------------------------------------------------ canon lower: guest calls a host import

    /// <summary>
    /// A core host function implementing <c>canon lower</c> of <paramref name="ft"/> with <paramref name="options"/>
    /// (its type is <see cref="FlattenFuncTypeLower"/>): each call runs <see cref="CallLowered"/>.
    /// </summary>
    public static Function CreateLoweredFunction(Engine engine, CanonicalOptions options, ComponentFuncType ft, ComponentHostFunction callee) =>
        Function.FromCallback(engine, FlattenFuncTypeLower(ft), (args, results) => CallLowered(options, ft, args, results, callee));

    /// <summary>
    /// The body of a lowered import: lifts the guest's flat arguments, calls <paramref name="callee"/>, lowers its
    /// result into <paramref name="flatResults"/> or through the return pointer (the last flat argument), and
    /// returns the handles lent for the call.
    /// </summary>
    /// <exception cref="ArgumentException">The callee returned a value that does not match the result type.</exception>
    public static void CallLowered(CanonicalOptions options, ComponentFuncType ft, ReadOnlySpan<Value> flatArgs, Span<Value> flatResults, ComponentHostFunction callee)
    {
        var cx = new LiftLowerContext(options);
        var args = LiftParams(cx, ft, flatArgs);
        var result = callee(args);
        LowerResults(cx, ft, result, flatArgs, flatResults);
        cx.ExitCall();
    }

    /// <summary>
    /// <c>lift_flat_values(cx, MAX_FLAT_PARAMS, flat_args, ft.param_types())</c> of <c>canon lower</c>: the
    /// arguments from the guest's flat arguments (from the pointed-to tuple when they flatten to more than 16).
    /// A trailing return pointer, if any, is ignored here.
    /// </summary>
    public static WitValue[] LiftParams(LiftLowerContext cx, ComponentFuncType ft, ReadOnlySpan<Value> flatArgs)
    {
        var fl = FuncLayout.Of(ft);
        if (fl.ParamsInMemory)
        {
            var items = LoadFromPointer(cx, (uint)flatArgs[0].I32, fl.ParamTuple).RawItems;
            return items;
        }
        var vi = new FlatReader(flatArgs);
        var values = new WitValue[fl.ParamTypes.Length];
        for (int i = 0; i < values.Length; i++) values[i] = Lifting.LiftFlat(cx, ref vi, fl.ParamTypes[i]);
        return values;
    }

    /// <summary>
    /// <c>lower_flat_values(cx, MAX_FLAT_RESULTS, result, ft.result_type(), flat_args)</c> of <c>canon lower</c>:
    /// writes the flat result to <paramref name="flatResults"/>, or stores it at the return pointer (the last of
    /// <paramref name="flatArgs"/>) when it is passed in memory.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="result"/> does not match the result type.</exception>
    public static void LowerResults(LiftLowerContext cx, ComponentFuncType ft, WitValue? result, ReadOnlySpan<Value> flatArgs, Span<Value> flatResults)
    {
        if (ft.Result is not { } type)
        {
            if (result is not null) throw new ArgumentException($"{ft} has no result, but the host function returned {result}");
            return;
        }
        if (result is null) throw new ArgumentException($"{ft} returns {type}, but the host function returned nothing");
        if (FuncLayout.Of(ft).ResultInMemory)
        {
            var layout = TypeLayout.Of(type);
            uint ptr = (uint)flatArgs[^1].I32;
            LiftLowerContext.CheckAligned(ptr, layout.Alignment, "return pointer");
            cx.CheckBounds(ptr, layout.Size, "return pointer out of bounds of memory");
            Lowering.Store(cx, result, type, ptr);
            return;
        }
        int pos = 0;
        Lowering.LowerFlat(cx, result, type, flatResults, ref pos);
    }

    // ------------------------------------------------------------------ values in memory

    /// <summary><c>load</c> after the pointer checks of <c>lift_flat_values</c> ("unaligned pointer" and bounds).</summary>
    public static WitValue LoadFromPointer(LiftLowerContext cx, uint ptr, WitType t)
    {
        var layout = TypeLayout.Of(t);
        LiftLowerContext.CheckAligned(ptr, layout.Alignment, "pointer");
        cx.CheckBounds(ptr, layout.Size, "pointer out of bounds of memory");
        return Lifting.Load(cx, ptr, t);
    }

    /// <summary><c>store</c> after checking that <paramref name="ptr"/> is aligned and in bounds.</summary>
    /// <exception cref="ArgumentException"><paramref name="value"/> does not match <paramref name="t"/>.</exception>
    public static void StoreToPointer(LiftLowerContext cx, WitValue value, WitType t, uint ptr)
    {
        var layout = TypeLayout.Of(t);
        LiftLowerContext.CheckAligned(ptr, layout.Alignment, "pointer");
        cx.CheckBounds(ptr, layout.Size, "pointer out of bounds of memory");
        Lowering.Store(cx, value, t, ptr);
    }

    /// <summary><c>lift_flat</c> of one value from flat core values (which must be exactly its flattening).</summary>
    public static WitValue LiftFlat(LiftLowerContext cx, WitType t, ReadOnlySpan<Value> flat)
    {
        var vi = new FlatReader(flat);
        return Lifting.LiftFlat(cx, ref vi, t);
    }

    /// <summary><c>lower_flat</c> of one value: its flattening (the type must flatten to at most 16 values).</summary>
    /// <exception cref="ArgumentException"><paramref name="value"/> does not match <paramref name="t"/>.</exception>
    public static Value[] LowerFlat(LiftLowerContext cx, WitValue value, WitType t)
    {
        var layout = TypeLayout.Of(t);
        if (layout.Flat is null) throw new ArgumentException($"{t} flattens to more than {MaxFlatParams} values");
        var flat = new Value[layout.Flat.Length];
        int pos = 0;
        Lowering.LowerFlat(cx, value, t, flat, ref pos);
        return flat;
    }
}
