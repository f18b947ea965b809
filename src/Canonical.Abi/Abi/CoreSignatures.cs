using Wasm.Components.Types;

namespace Wasm.Components.Abi;

/// <summary>
/// The core signatures of lifted and lowered functions (CanonicalABI.md <c>flatten_functype</c>) and the size
/// bound validation imposes on value types; what validation needs of the canonical ABI.
/// </summary>
internal static class CoreSignatures
{
    /// <summary>At most this many flat parameters are passed directly; more go through memory.</summary>
    public const int MaxFlatParams = 16;

    /// <summary>At most this many flat results are returned directly; more go through memory.</summary>
    public const int MaxFlatResults = 1;

    private static readonly ValType[] PtrOnly = { ValType.I32 };

    /// <summary>The core function type of a lifted (<paramref name="lift"/>) or lowered function.</summary>
    public static Wasm.FuncType CoreSignature(ComponentFuncType ft, bool lift)
    {
        var ps = new List<ValType>();
        foreach (var p in ft.Params) Flatten(p.Type, ps);
        var rs = new List<ValType>();
        if (ft.Result is not null) Flatten(ft.Result, rs);
        ValType[] flatParams = ps.Count > MaxFlatParams ? PtrOnly : ps.ToArray();
        if (rs.Count <= MaxFlatResults) return new Wasm.FuncType(flatParams, rs.ToArray());
        if (lift) return new Wasm.FuncType(flatParams, PtrOnly);
        var withOut = new ValType[flatParams.Length + 1];
        flatParams.CopyTo(withOut, 0);
        withOut[^1] = ValType.I32;
        return new Wasm.FuncType(withOut, Array.Empty<ValType>());
    }

    /// <summary>True when the parameters do not fit in <see cref="MaxFlatParams"/> core values.</summary>
    public static bool SpillsParams(ComponentFuncType ft)
    {
        int n = 0;
        foreach (var p in ft.Params) n += FlatCount(p.Type);
        return n > MaxFlatParams;
    }

    /// <summary>True when the result does not fit in <see cref="MaxFlatResults"/> core values.</summary>
    public static bool SpillsResults(ComponentFuncType ft) => ft.Result is not null && FlatCount(ft.Result) > MaxFlatResults;

    /// <summary>The number of core values a value type flattens to.</summary>
    public static int FlatCount(WitType t)
    {
        var l = new List<ValType>();
        Flatten(t, l);
        return l.Count;
    }

    /// <summary>Appends the flattened core types of a value type.</summary>
    public static void Flatten(WitType t, List<ValType> into)
    {
        switch (t.Kind)
        {
            case ValueKind.S64 or ValueKind.U64: into.Add(ValType.I64); return;
            case ValueKind.F32: into.Add(ValType.F32); return;
            case ValueKind.F64: into.Add(ValType.F64); return;
            case ValueKind.String: into.Add(ValType.I32); into.Add(ValType.I32); return;
            case ValueKind.List:
                {
                    var l = (ListType)t;
                    if (l.FixedLength is { } n) { for (uint i = 0; i < n; i++) Flatten(l.Element, into); }
                    else { into.Add(ValType.I32); into.Add(ValType.I32); }
                    return;
                }
            case ValueKind.Map: into.Add(ValType.I32); into.Add(ValType.I32); return;
            case ValueKind.Record: foreach (var f in ((RecordType)t).Fields) Flatten(f.Type, into); return;
            case ValueKind.Tuple: foreach (var x in ((TupleType)t).Types) Flatten(x, into); return;
            case ValueKind.Flags: for (int i = 0; i < Math.Max(1, (((FlagsType)t).Names.Count + 31) / 32); i++) into.Add(ValType.I32); return;
            case ValueKind.Variant: FlattenCases(((VariantType)t).Cases.Select(c => c.Type), into); return;
            case ValueKind.Option: FlattenCases(new WitType?[] { null, ((OptionType)t).Inner }, into); return;
            case ValueKind.Result: FlattenCases(new[] { ((ResultType)t).Ok, ((ResultType)t).Error }, into); return;
            default: into.Add(ValType.I32); return;
        }
    }

    private static void FlattenCases(IEnumerable<WitType?> cases, List<ValType> into)
    {
        into.Add(ValType.I32);
        int start = into.Count;
        var joined = new List<ValType>();
        var tmp = new List<ValType>();
        foreach (var c in cases)
        {
            if (c is null) continue;
            tmp.Clear();
            Flatten(c, tmp);
            for (int i = 0; i < tmp.Count; i++)
            {
                if (i < joined.Count) joined[i] = Join(joined[i], tmp[i]);
                else joined.Add(tmp[i]);
            }
        }
        into.AddRange(joined);
        _ = start;
    }

    private static ValType Join(ValType a, ValType b)
    {
        if (a == b) return a;
        if ((a == ValType.I32 && b == ValType.F32) || (a == ValType.F32 && b == ValType.I32)) return ValType.I32;
        return ValType.I64;
    }

    /// <summary>Validation requires <c>elem_size(t) &lt; 2^28</c> for every defined value type.</summary>
    public static bool IsWithinMaxSize(WitType t) => Size(t) < (1L << 28);

    private static long Size(WitType t) => SizeAlign(t).Size;

    private static (long Size, int Align) SizeAlign(WitType t)
    {
        switch (t.Kind)
        {
            case ValueKind.Bool or ValueKind.S8 or ValueKind.U8: return (1, 1);
            case ValueKind.S16 or ValueKind.U16: return (2, 2);
            case ValueKind.S64 or ValueKind.U64 or ValueKind.F64: return (8, 8);
            case ValueKind.String or ValueKind.Map: return (8, 4);
            case ValueKind.List:
                {
                    var l = (ListType)t;
                    if (l.FixedLength is not { } n) return (8, 4);
                    var (es, ea) = SizeAlign(l.Element);
                    return (Math.Min(es * n, 1L << 40), ea);
                }
            case ValueKind.Record: return Fields(((RecordType)t).Fields.Select(f => f.Type));
            case ValueKind.Tuple: return Fields(((TupleType)t).Types);
            case ValueKind.Flags:
                {
                    int n = ((FlagsType)t).Names.Count;
                    return n <= 8 ? (1, 1) : n <= 16 ? (2, 2) : (4L * ((n + 31) / 32), 4);
                }
            case ValueKind.Variant: return Cases(((VariantType)t).Cases.Select(c => c.Type).ToList());
            case ValueKind.Enum: return Cases(((EnumType)t).Names.Select(_ => (WitType?)null).ToList());
            case ValueKind.Option: return Cases(new WitType?[] { null, ((OptionType)t).Inner });
            case ValueKind.Result: return Cases(new[] { ((ResultType)t).Ok, ((ResultType)t).Error });
            default: return (4, 4);
        }
    }

    private static (long, int) Fields(IEnumerable<WitType> fields)
    {
        long size = 0;
        int align = 1;
        foreach (var f in fields)
        {
            var (s, a) = SizeAlign(f);
            size = AlignTo(size, a) + s;
            align = Math.Max(align, a);
        }
        return (AlignTo(size, align), align);
    }

    private static (long, int) Cases(IReadOnlyList<WitType?> cases)
    {
        int disc = cases.Count <= 256 ? 1 : cases.Count <= 65536 ? 2 : 4;
        int align = disc;
        long max = 0;
        foreach (var c in cases)
        {
            if (c is null) continue;
            var (s, a) = SizeAlign(c);
            align = Math.Max(align, a);
            max = Math.Max(max, s);
        }
        long size = AlignTo(disc, align) + max;
        return (AlignTo(size, align), align);
    }

    private static long AlignTo(long v, int a) => (v + a - 1) / a * a;
}
