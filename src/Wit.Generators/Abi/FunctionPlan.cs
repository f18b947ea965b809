using System.Collections.Generic;
using Wit.Model;

namespace Wit.Generators.Abi;

/// <summary>
/// The canonical ABI flattening of a synchronous function (<c>flatten_functype</c>) for 32-bit memories: what
/// travels as core values, what through memory, and the core signatures in both directions.
/// </summary>
public sealed class FunctionPlan
{
    private FunctionPlan(Function function, CoreType[] flatParams, CoreType[]? flatResult, bool paramsInMemory, bool resultInMemory, TypeLayout paramTuple, int[] paramOffsets)
    {
        Function = function;
        FlatParams = flatParams;
        FlatResult = flatResult;
        ParamsInMemory = paramsInMemory;
        ResultInMemory = resultInMemory;
        ParamArea = paramTuple;
        ParamOffsets = paramOffsets;
        var core = paramsInMemory ? new[] { CoreType.I32 } : flatParams;
        LiftedParams = core;
        LiftedResults = flatResult is null ? new CoreType[0] : resultInMemory ? new[] { CoreType.I32 } : flatResult;
        if (resultInMemory)
        {
            var lowered = new CoreType[core.Length + 1];
            core.CopyTo(lowered, 0);
            lowered[core.Length] = CoreType.I32;
            LoweredParams = lowered;
            LoweredResults = new CoreType[0];
        }
        else
        {
            LoweredParams = core;
            LoweredResults = LiftedResults;
        }
    }

    /// <summary>The function.</summary>
    public Function Function { get; }

    /// <summary>The flattened parameters, before spilling (empty when they spill: see <see cref="ParamsInMemory"/>).</summary>
    public CoreType[] FlatParams { get; }

    /// <summary>The flattened result, before spilling; null when the function has none.</summary>
    public CoreType[]? FlatResult { get; }

    /// <summary>More than <c>MAX_FLAT_PARAMS</c> flat parameters: they are stored as a tuple and passed by pointer.</summary>
    public bool ParamsInMemory { get; }

    /// <summary>More than <c>MAX_FLAT_RESULTS</c> flat results: the result is stored in memory at a return pointer.</summary>
    public bool ResultInMemory { get; }

    /// <summary>The layout of the parameter tuple (the area spilled parameters are stored in).</summary>
    public TypeLayout ParamArea { get; }

    /// <summary>Offsets of each parameter in the spilled area.</summary>
    public int[] ParamOffsets { get; }

    /// <summary>Core parameters of the function a guest exports (<c>canon lift</c>): the host calls it.</summary>
    public CoreType[] LiftedParams { get; }

    /// <summary>Core results of the function a guest exports; a return pointer when <see cref="ResultInMemory"/>.</summary>
    public CoreType[] LiftedResults { get; }

    /// <summary>Core parameters of the function a guest imports (<c>canon lower</c>): with the return pointer last when <see cref="ResultInMemory"/>.</summary>
    public CoreType[] LoweredParams { get; }

    /// <summary>Core results of the function a guest imports (none when <see cref="ResultInMemory"/>).</summary>
    public CoreType[] LoweredResults { get; }

    /// <summary>Plans a function of <paramref name="layouts"/>' resolve.</summary>
    public static FunctionPlan Of(AbiLayouts layouts, Function function)
    {
        var flat = new List<CoreType>();
        int size = 0, alignment = 1, count = 0;
        var offsets = new int[function.Params.Count];
        for (int i = 0; i < offsets.Length; i++)
        {
            var p = layouts.Of(function.Params[i].Type);
            size = AbiLayouts.AlignTo(size, p.Alignment);
            offsets[i] = size;
            size += p.Size;
            alignment = System.Math.Max(alignment, p.Alignment);
            count += p.FlatCount;
            if (p.Flat is not null && count <= AbiLayouts.MaxFlatParams) flat.AddRange(p.Flat);
        }

        bool paramsInMemory = count > AbiLayouts.MaxFlatParams;
        var area = new TypeLayout(AbiShape.Record, AbiLayouts.AlignTo(size, alignment), alignment, null, count) { FieldOffsets = offsets };
        var result = function.Result is { } r ? layouts.Of(r) : null;
        return new FunctionPlan(
            function,
            paramsInMemory ? new CoreType[0] : flat.ToArray(),
            result is null ? null : result.Flat ?? new CoreType[0],
            paramsInMemory,
            result is not null && result.FlatCount > AbiLayouts.MaxFlatResults,
            area,
            offsets);
    }
}
