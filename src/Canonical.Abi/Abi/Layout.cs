using Wasm.Components.Types;
using ComponentFuncType = Wasm.Components.Types.ComponentFuncType;

namespace Wasm.Components.Abi;

/// <summary>How a value type is represented after despecialization (CanonicalABI.md "despecialize").</summary>
internal enum LayoutShape : byte
{
    /// <summary>A primitive, handle, flags or async value: one fixed-size scalar.</summary>
    Scalar,
    /// <summary>A string: pointer and tagged code-unit count.</summary>
    String,
    /// <summary>A variable-length list (also a map): pointer and length.</summary>
    List,
    /// <summary>A fixed-length list: the elements inline.</summary>
    FixedList,
    /// <summary>A record or tuple: fields in order.</summary>
    Record,
    /// <summary>A variant, enum, option or result: discriminant then payload.</summary>
    Variant,
}

/// <summary>
/// The canonical ABI layout of a value type for 32-bit memories: <c>elem_size</c>, <c>alignment</c> and
/// <c>flatten_type</c>, plus the despecialized structure the lift/lower code walks. Computed once per
/// <see cref="WitType"/> instance (see <see cref="Of"/>).
/// </summary>
internal sealed class TypeLayout
{
    /// <summary>The largest number of flat values a type keeps; beyond it <see cref="Flat"/> is null.</summary>
    internal const int MaxFlatKept = CanonicalAbi.MaxFlatParams;

    /// <summary>The despecialized shape.</summary>
    public LayoutShape Shape;

    /// <summary><c>elem_size(t, 'i32')</c> (saturated at <see cref="uint.MaxValue"/> for invalid huge types).</summary>
    public uint Size;

    /// <summary><c>alignment(t, 'i32')</c>.</summary>
    public uint Alignment;

    /// <summary><c>elem_size(t, 'i64')</c>, saturated; the validator's limit applies to it.</summary>
    public ulong Size64;

    /// <summary><c>alignment(t, 'i64')</c>.</summary>
    public uint Alignment64;

    /// <summary><c>flatten_type(t)</c> for 32-bit memories, or null when longer than <see cref="MaxFlatKept"/>.</summary>
    public Wasm.ValType[]? Flat;

    /// <summary>The number of flat values, saturated at <see cref="MaxFlatKept"/> + 1.</summary>
    public int FlatCount;

    /// <summary>Record/tuple field types; list element type (one entry); variant case payload types.</summary>
    public WitType?[] Children = [];

    /// <summary>Record field offsets (i32 pointers).</summary>
    public uint[]? FieldOffsets;

    /// <summary>Record field names (null for tuples); variant case names.</summary>
    public string[]? Names;

    /// <summary>Variant discriminant byte size (1, 2 or 4).</summary>
    public int DiscriminantSize;

    /// <summary>Offset of a variant's payload.</summary>
    public uint PayloadOffset;

    /// <summary>Fixed list length.</summary>
    public uint FixedLength;

    /// <summary>Number of flags of a flags type.</summary>
    public int FlagCount;

    /// <summary>The layout of a type, computed on first use and cached on the type (a benign race).</summary>
    public static TypeLayout Of(WitType t) => t.CachedLayout ??= Compute(t);

    private static TypeLayout Scalar(uint size, Wasm.ValType flat) => new()
    {
        Shape = LayoutShape.Scalar, Size = size, Alignment = size, Size64 = size, Alignment64 = size,
        Flat = [flat], FlatCount = 1,
    };

    private static TypeLayout Compute(WitType t)
    {
        switch (t)
        {
            case PrimitiveType p:
                return p.Kind switch
                {
                    ValueKind.Bool or ValueKind.S8 or ValueKind.U8 => Scalar(1, Wasm.ValType.I32),
                    ValueKind.S16 or ValueKind.U16 => Scalar(2, Wasm.ValType.I32),
                    ValueKind.S32 or ValueKind.U32 or ValueKind.Char or ValueKind.ErrorContext => Scalar(4, Wasm.ValType.I32),
                    ValueKind.S64 or ValueKind.U64 => Scalar(8, Wasm.ValType.I64),
                    ValueKind.F32 => Scalar(4, Wasm.ValType.F32),
                    ValueKind.F64 => Scalar(8, Wasm.ValType.F64),
                    _ => new TypeLayout
                    {
                        Shape = LayoutShape.String, Size = 8, Alignment = 4, Size64 = 16, Alignment64 = 8,
                        Flat = [Wasm.ValType.I32, Wasm.ValType.I32], FlatCount = 2,
                    },
                };
            case HandleType:
            case AsyncValueType:
                return Scalar(4, Wasm.ValType.I32);
            case FlagsType f:
                return FlagsLayout(f.Names.Count);
            case ListType l when l.FixedLength is { } n:
                return FixedListLayout(l.Element, n);
            case ListType l:
                return VarListLayout(l.Element);
            case MapType m:
                return VarListLayout(new TupleType([m.Key, m.Value]));
            case RecordType r:
            {
                var types = new WitType?[r.Fields.Count];
                var names = new string[r.Fields.Count];
                for (int i = 0; i < types.Length; i++) (names[i], types[i]) = (r.Fields[i].Name, r.Fields[i].Type);
                return RecordLayout(types, names);
            }
            case TupleType tu:
            {
                var types = new WitType?[tu.Types.Count];
                for (int i = 0; i < types.Length; i++) types[i] = tu.Types[i];
                return RecordLayout(types, null);
            }
            case VariantType v:
            {
                var types = new WitType?[v.Cases.Count];
                var names = new string[v.Cases.Count];
                for (int i = 0; i < types.Length; i++) (names[i], types[i]) = (v.Cases[i].Name, v.Cases[i].Type);
                return VariantLayout(types, names);
            }
            case EnumType e:
            {
                var names = new string[e.Names.Count];
                for (int i = 0; i < names.Length; i++) names[i] = e.Names[i];
                return VariantLayout(new WitType?[names.Length], names);
            }
            case OptionType o:
                return VariantLayout([null, o.Inner], ["none", "some"]);
            case ResultType res:
                return VariantLayout([res.Ok, res.Error], ["ok", "error"]);
            default:
                throw new ArgumentException($"no canonical ABI layout for {t}");
        }
    }

    private static TypeLayout FlagsLayout(int n)
    {
        // Up to 32 flags per the current spec; more use the earlier rule of one i32 per 32 flags.
        uint size = n <= 8 ? 1u : n <= 16 ? 2u : 4u * (uint)((n + 31) / 32);
        uint align = Math.Min(size, 4u);
        int words = n <= 32 ? 1 : (n + 31) / 32;
        var layout = new TypeLayout
        {
            Shape = LayoutShape.Scalar, Size = size, Alignment = align, Size64 = size, Alignment64 = align, FlagCount = n,
        };
        SetFlat(layout, Repeat([Wasm.ValType.I32], words, out layout.FlatCount));
        return layout;
    }

    private static TypeLayout VarListLayout(WitType element) => new()
    {
        Shape = LayoutShape.List, Size = 8, Alignment = 4, Size64 = 16, Alignment64 = 8,
        Flat = [Wasm.ValType.I32, Wasm.ValType.I32], FlatCount = 2, Children = [element],
    };

    private static TypeLayout FixedListLayout(WitType element, uint n)
    {
        var e = Of(element);
        var layout = new TypeLayout
        {
            Shape = LayoutShape.FixedList, Children = [element], FixedLength = n,
            Size = Saturate((ulong)e.Size * n), Alignment = e.Alignment,
            Size64 = SatMul(e.Size64, n), Alignment64 = e.Alignment64,
        };
        if (e.Flat is null) layout.FlatCount = MaxFlatKept + 1;
        else SetFlat(layout, Repeat(e.Flat, (int)Math.Min(n, MaxFlatKept + 1), out layout.FlatCount));
        return layout;
    }

    private static TypeLayout RecordLayout(WitType?[] types, string[]? names)
    {
        ulong s = 0, s64 = 0;
        uint a = 1, a64 = 1;
        var offsets = new uint[types.Length];
        var flat = new List<Wasm.ValType>();
        int flatCount = 0;
        for (int i = 0; i < types.Length; i++)
        {
            var f = Of(types[i]!);
            s = AlignTo(s, f.Alignment);
            offsets[i] = Saturate(s);
            s += f.Size;
            s64 = SatAdd(AlignTo(s64, f.Alignment64), f.Size64);
            a = Math.Max(a, f.Alignment);
            a64 = Math.Max(a64, f.Alignment64);
            flatCount = Math.Min(flatCount + f.FlatCount, MaxFlatKept + 1);
            if (f.Flat is not null && flat.Count <= MaxFlatKept) flat.AddRange(f.Flat);
        }
        var layout = new TypeLayout
        {
            Shape = LayoutShape.Record, Children = types, Names = names, FieldOffsets = offsets,
            Size = Saturate(AlignTo(s, a)), Alignment = a, Size64 = SatAdd(AlignTo(s64, a64), 0), Alignment64 = a64,
            FlatCount = flatCount,
        };
        if (flatCount <= MaxFlatKept) layout.Flat = flat.ToArray();
        return layout;
    }

    private static TypeLayout VariantLayout(WitType?[] cases, string[] names)
    {
        int n = cases.Length;
        int disc = n <= 256 ? 1 : n <= 65536 ? 2 : 4;
        uint maxAlign = 1, maxAlign64 = 1;
        ulong maxSize = 0, maxSize64 = 0;
        var joined = new List<Wasm.ValType>();
        int payloadFlat = 0;
        foreach (var c in cases)
        {
            if (c is null) continue;
            var l = Of(c);
            maxAlign = Math.Max(maxAlign, l.Alignment);
            maxAlign64 = Math.Max(maxAlign64, l.Alignment64);
            maxSize = Math.Max(maxSize, l.Size);
            maxSize64 = Math.Max(maxSize64, l.Size64);
            payloadFlat = Math.Max(payloadFlat, l.FlatCount);
            if (l.Flat is null) continue;
            for (int i = 0; i < l.Flat.Length; i++)
            {
                if (i < joined.Count) joined[i] = Join(joined[i], l.Flat[i]);
                else joined.Add(l.Flat[i]);
            }
        }
        uint align = Math.Max((uint)disc, maxAlign), align64 = Math.Max((uint)disc, maxAlign64);
        ulong payloadOffset = AlignTo((ulong)disc, maxAlign);
        var layout = new TypeLayout
        {
            Shape = LayoutShape.Variant, Children = cases, Names = names, DiscriminantSize = disc,
            PayloadOffset = (uint)payloadOffset, Alignment = align, Alignment64 = align64,
            Size = Saturate(AlignTo(payloadOffset + maxSize, align)),
            Size64 = SatAdd(AlignTo(SatAdd(AlignTo((ulong)disc, maxAlign64), maxSize64), align64), 0),
            FlatCount = Math.Min(1 + payloadFlat, MaxFlatKept + 1),
        };
        if (layout.FlatCount <= MaxFlatKept)
        {
            joined.Insert(0, Wasm.ValType.I32);
            layout.Flat = joined.ToArray();
        }
        return layout;
    }

    /// <summary>The spec's <c>join</c> of two flat types in a variant payload position.</summary>
    internal static Wasm.ValType Join(Wasm.ValType a, Wasm.ValType b)
    {
        if (a == b) return a;
        if ((a.Kind == ValKind.I32 && b.Kind == ValKind.F32) || (a.Kind == ValKind.F32 && b.Kind == ValKind.I32)) return Wasm.ValType.I32;
        return Wasm.ValType.I64;
    }

    private static List<Wasm.ValType> Repeat(Wasm.ValType[] item, int times, out int count)
    {
        var list = new List<Wasm.ValType>();
        long total = (long)item.Length * times;
        count = (int)Math.Min(total, MaxFlatKept + 1);
        for (int i = 0; i < times && list.Count <= MaxFlatKept; i++) list.AddRange(item);
        return list;
    }

    private static void SetFlat(TypeLayout layout, List<Wasm.ValType> flat)
    {
        if (layout.FlatCount <= MaxFlatKept) layout.Flat = flat.ToArray();
    }

    internal static ulong AlignTo(ulong p, uint align) => p >= ulong.MaxValue - align ? ulong.MaxValue : (p + align - 1) / align * align;

    internal static uint AlignTo(uint p, uint align) => (p + align - 1) / align * align;

    private static uint Saturate(ulong v) => v > uint.MaxValue ? uint.MaxValue : (uint)v;

    private static ulong SatAdd(ulong a, ulong b) => a > ulong.MaxValue - b ? ulong.MaxValue : a + b;

    private static ulong SatMul(ulong a, ulong b) => a != 0 && b > ulong.MaxValue / a ? ulong.MaxValue : a * b;
}

/// <summary>
/// The canonical ABI flattening of a function type (<c>flatten_functype</c>) for synchronous functions with
/// 32-bit memories, in both contexts, plus the facts the call paths need.
/// </summary>
internal sealed class FuncLayout
{
    /// <summary>The parameter types.</summary>
    public required WitType[] ParamTypes;

    /// <summary>The tuple of all parameters (its layout is the spilled parameter area).</summary>
    public required TupleType ParamTuple;

    /// <summary>True when the flattened parameters exceed <c>MAX_FLAT_PARAMS</c> and travel through memory.</summary>
    public bool ParamsInMemory;

    /// <summary>True when the flattened result exceeds <c>MAX_FLAT_RESULTS</c> and travels through memory.</summary>
    public bool ResultInMemory;

    /// <summary>The core type of a lifted function (<c>canon lift</c>: the core function being lifted).</summary>
    public required Wasm.FuncType LiftCore;

    /// <summary>The core type of a lowered function (<c>canon lower</c>: the core function the guest imports).</summary>
    public required Wasm.FuncType LowerCore;

    /// <summary>The flattening of a function type, computed on first use and cached on the type.</summary>
    public static FuncLayout Of(ComponentFuncType ft) => ft.CachedLayout ??= Compute(ft);

    private static FuncLayout Compute(ComponentFuncType ft)
    {
        var ps = new WitType[ft.Params.Count];
        for (int i = 0; i < ps.Length; i++) ps[i] = ft.Params[i].Type;
        var tuple = new TupleType(ps);
        var pl = TypeLayout.Of(tuple);
        var flatParams = pl.Flat is { Length: <= CanonicalAbi.MaxFlatParams } f ? f : null;
        var rl = ft.Result is null ? null : TypeLayout.Of(ft.Result);
        int resultCount = rl?.FlatCount ?? 0;
        bool resultInMemory = resultCount > CanonicalAbi.MaxFlatResults;
        Wasm.ValType[] paramsCore = flatParams ?? [Wasm.ValType.I32];
        Wasm.ValType[] resultsCore = rl is null ? [] : resultInMemory ? [Wasm.ValType.I32] : rl.Flat!;
        return new FuncLayout
        {
            ParamTypes = ps,
            ParamTuple = tuple,
            ParamsInMemory = flatParams is null,
            ResultInMemory = resultInMemory,
            LiftCore = new Wasm.FuncType(paramsCore, resultsCore),
            LowerCore = resultInMemory
                ? new Wasm.FuncType([.. paramsCore, Wasm.ValType.I32], [])
                : new Wasm.FuncType(paramsCore, resultsCore),
        };
    }
}
