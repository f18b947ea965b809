using System;
using System.Collections.Generic;
using Wit.Model;

namespace Wit.Generators.Abi;

/// <summary>A core WebAssembly value type a component value flattens to.</summary>
public enum CoreType : byte
{
    /// <summary><c>i32</c>.</summary>
    I32,
    /// <summary><c>i64</c>.</summary>
    I64,
    /// <summary><c>f32</c>.</summary>
    F32,
    /// <summary><c>f64</c>.</summary>
    F64,
}

/// <summary>How a WIT type is represented by the canonical ABI, after seeing through aliases.</summary>
public enum AbiShape : byte
{
    /// <summary>A primitive number, <c>bool</c> or <c>char</c>.</summary>
    Primitive,
    /// <summary>A string: pointer and (tagged) code-unit count.</summary>
    String,
    /// <summary>A variable-length list: pointer and length.</summary>
    List,
    /// <summary>A fixed-length list: the elements inline.</summary>
    FixedList,
    /// <summary>A record or tuple: fields in order.</summary>
    Record,
    /// <summary>A variant, option or result: discriminant, then the payload.</summary>
    Variant,
    /// <summary>An enum: a discriminant only.</summary>
    Enum,
    /// <summary>Flags: one bit per label in 1, 2 or 4 bytes, or several i32 words beyond 32 labels.</summary>
    Flags,
    /// <summary>An <c>own</c> or <c>borrow</c> handle, a future or a stream: one i32.</summary>
    Handle,
}

/// <summary>
/// The canonical ABI layout of a type for 32-bit memories (CanonicalABI.md <c>elem_size</c>, <c>alignment</c>,
/// <c>flatten_type</c>), with the offsets generated code loads and stores at.
/// </summary>
public sealed class TypeLayout
{
    internal TypeLayout(AbiShape shape, int size, int alignment, CoreType[]? flat, int flatCount)
    {
        Shape = shape;
        Size = size;
        Alignment = alignment;
        Flat = flat;
        FlatCount = flatCount;
    }

    /// <summary>The despecialized shape.</summary>
    public AbiShape Shape { get; }

    /// <summary><c>elem_size</c>: bytes the value takes in memory.</summary>
    public int Size { get; }

    /// <summary><c>alignment</c> in memory.</summary>
    public int Alignment { get; }

    /// <summary><c>flatten_type</c>, or null when longer than <see cref="AbiLayouts.MaxFlatKept"/> (it then always travels through memory).</summary>
    public CoreType[]? Flat { get; }

    /// <summary>The number of flat values, saturated at <see cref="AbiLayouts.MaxFlatKept"/> + 1.</summary>
    public int FlatCount { get; }

    /// <summary>Record and tuple field offsets.</summary>
    public int[] FieldOffsets { get; internal set; } = Array.Empty<int>();

    /// <summary>Variant, enum, option and result discriminant size in bytes (1, 2 or 4).</summary>
    public int DiscriminantSize { get; internal set; }

    /// <summary>Offset of a variant's payload.</summary>
    public int PayloadOffset { get; internal set; }

    /// <summary>Number of i32 words of a flags type (1 up to 32 labels).</summary>
    public int FlagWords { get; internal set; }
}

/// <summary>
/// Computes <see cref="TypeLayout"/>s over a <see cref="Resolve"/>, once per type definition. Type definitions
/// come before their uses in a resolve and cannot be recursive, so the recursion here terminates.
/// </summary>
public sealed class AbiLayouts
{
    /// <summary>The canonical ABI's <c>MAX_FLAT_PARAMS</c>.</summary>
    public const int MaxFlatParams = 16;

    /// <summary>The canonical ABI's <c>MAX_FLAT_RESULTS</c>.</summary>
    public const int MaxFlatResults = 1;

    /// <summary>
    /// Flat lists longer than this are not kept: a value that long is passed through memory in every position
    /// (a parameter list spills above 16, a result above 1).
    /// </summary>
    public const int MaxFlatKept = MaxFlatParams;

    private static readonly TypeLayout Bool8 = Scalar(1, CoreType.I32);
    private static readonly TypeLayout I16 = Scalar(2, CoreType.I32);
    private static readonly TypeLayout I32 = Scalar(4, CoreType.I32);
    private static readonly TypeLayout I64 = Scalar(8, CoreType.I64);
    private static readonly TypeLayout F32 = Scalar(4, CoreType.F32);
    private static readonly TypeLayout F64 = Scalar(8, CoreType.F64);
    private static readonly TypeLayout StringLayout = new(AbiShape.String, 8, 4, new[] { CoreType.I32, CoreType.I32 }, 2);
    private static readonly TypeLayout ListLayout = new(AbiShape.List, 8, 4, new[] { CoreType.I32, CoreType.I32 }, 2);
    private static readonly TypeLayout HandleLayout = new(AbiShape.Handle, 4, 4, new[] { CoreType.I32 }, 1);

    private readonly Dictionary<int, TypeLayout> _cache = new();

    /// <summary>Layouts of the types of <paramref name="resolve"/>.</summary>
    public AbiLayouts(Resolve resolve) => Resolve = resolve;

    /// <summary>The resolve the types belong to.</summary>
    public Resolve Resolve { get; }

    /// <summary>The layout of a type use.</summary>
    public TypeLayout Of(WitType type) => type.Kind switch
    {
        WitTypeKind.Bool or WitTypeKind.U8 or WitTypeKind.S8 => Bool8,
        WitTypeKind.U16 or WitTypeKind.S16 => I16,
        WitTypeKind.U32 or WitTypeKind.S32 or WitTypeKind.Char or WitTypeKind.ErrorContext => I32,
        WitTypeKind.U64 or WitTypeKind.S64 => I64,
        WitTypeKind.F32 => F32,
        WitTypeKind.F64 => F64,
        WitTypeKind.String => StringLayout,
        _ => Of(type.Id),
    };

    /// <summary>The layout of a type definition.</summary>
    public TypeLayout Of(TypeId id)
    {
        if (!_cache.TryGetValue(id.Index, out var layout))
        {
            layout = Compute(Resolve[id].Kind);
            _cache[id.Index] = layout;
        }

        return layout;
    }

    /// <summary>The discriminant size of a variant with <paramref name="cases"/> cases.</summary>
    public static int DiscriminantSize(int cases) => cases <= 256 ? 1 : cases <= 65536 ? 2 : 4;

    /// <summary>The spec's <c>join</c> of two flat types meeting in one payload position.</summary>
    public static CoreType Join(CoreType a, CoreType b)
    {
        if (a == b) return a;
        if ((a == CoreType.I32 && b == CoreType.F32) || (a == CoreType.F32 && b == CoreType.I32)) return CoreType.I32;
        return CoreType.I64;
    }

    /// <summary>Rounds <paramref name="offset"/> up to a multiple of <paramref name="alignment"/>.</summary>
    public static int AlignTo(int offset, int alignment) => (offset + alignment - 1) / alignment * alignment;

    private static TypeLayout Scalar(int size, CoreType flat) => new(AbiShape.Primitive, size, size, new[] { flat }, 1);

    private TypeLayout Compute(TypeDefKind kind)
    {
        switch (kind)
        {
            case AliasKind alias:
                return Of(alias.Target);
            case RecordKind record:
                return RecordLayout(record.Fields.ConvertAll(f => (WitType?)f.Type));
            case TupleKind tuple:
                return RecordLayout(tuple.Types.ConvertAll(t => (WitType?)t));
            case VariantKind variant:
                return VariantLayout(variant.Cases.ConvertAll(c => c.Type));
            case EnumKind e:
                return VariantLayout(new List<WitType?>(new WitType?[e.Cases.Count]), AbiShape.Enum);
            case OptionKind option:
                return VariantLayout(new List<WitType?> { null, option.Type });
            case ResultKind result:
                return VariantLayout(new List<WitType?> { result.Ok, result.Err });
            case FlagsKind flags:
                return FlagsLayout(flags.Flags.Count);
            case ListKind:
            case MapKind:
                return ListLayout;
            case FixedLengthListKind fixedList:
                return FixedListLayout(Of(fixedList.Type), fixedList.Size);
            case HandleKind:
            case FutureKind:
            case StreamKind:
                return HandleLayout;
            default:
                throw new ArgumentException($"no canonical ABI layout for a {kind.KindName}");
        }
    }

    private TypeLayout RecordLayout(List<WitType?> fields)
    {
        int size = 0, alignment = 1;
        var offsets = new int[fields.Count];
        var flat = new List<CoreType>();
        int flatCount = 0;
        for (int i = 0; i < fields.Count; i++)
        {
            var f = Of(fields[i]!.Value);
            size = AlignTo(size, f.Alignment);
            offsets[i] = size;
            size += f.Size;
            alignment = Math.Max(alignment, f.Alignment);
            flatCount = Math.Min(flatCount + f.FlatCount, MaxFlatKept + 1);
            if (f.Flat is not null && flatCount <= MaxFlatKept) flat.AddRange(f.Flat);
        }

        return new TypeLayout(AbiShape.Record, AlignTo(size, alignment), alignment, flatCount <= MaxFlatKept ? flat.ToArray() : null, flatCount)
        {
            FieldOffsets = offsets,
        };
    }

    private TypeLayout VariantLayout(List<WitType?> cases, AbiShape shape = AbiShape.Variant)
    {
        int disc = DiscriminantSize(cases.Count);
        int maxAlignment = 1, maxSize = 0, payloadCount = 0;
        var joined = new List<CoreType>();
        foreach (var c in cases)
        {
            if (c is not { } payload) continue;
            var l = Of(payload);
            maxAlignment = Math.Max(maxAlignment, l.Alignment);
            maxSize = Math.Max(maxSize, l.Size);
            payloadCount = Math.Max(payloadCount, l.FlatCount);
            if (l.Flat is null) continue;
            for (int i = 0; i < l.Flat.Length; i++)
            {
                if (i < joined.Count) joined[i] = Join(joined[i], l.Flat[i]);
                else joined.Add(l.Flat[i]);
            }
        }

        int alignment = Math.Max(disc, maxAlignment);
        int payloadOffset = AlignTo(disc, maxAlignment);
        int flatCount = Math.Min(1 + payloadCount, MaxFlatKept + 1);
        CoreType[]? flat = null;
        if (flatCount <= MaxFlatKept)
        {
            joined.Insert(0, CoreType.I32);
            flat = joined.ToArray();
        }

        return new TypeLayout(shape, AlignTo(payloadOffset + maxSize, alignment), alignment, flat, flatCount)
        {
            DiscriminantSize = disc,
            PayloadOffset = payloadOffset,
        };
    }

    private static TypeLayout FlagsLayout(int count)
    {
        // Up to 32 labels as the spec has it; beyond, one i32 per 32 labels as the spec had it (and the runtime has).
        int size = count <= 8 ? 1 : count <= 16 ? 2 : 4 * ((count + 31) / 32);
        int words = count <= 32 ? 1 : (count + 31) / 32;
        var flat = new CoreType[Math.Min(words, MaxFlatKept + 1)];
        return new TypeLayout(AbiShape.Flags, size, Math.Min(size, 4), words <= MaxFlatKept ? flat : null, flat.Length)
        {
            FlagWords = words,
        };
    }

    private static TypeLayout FixedListLayout(TypeLayout element, uint length)
    {
        long total = (long)element.FlatCount * length;
        int flatCount = (int)Math.Min(total, MaxFlatKept + 1);
        CoreType[]? flat = null;
        if (flatCount <= MaxFlatKept && element.Flat is not null)
        {
            flat = new CoreType[flatCount];
            for (int i = 0; i < flatCount; i++) flat[i] = element.Flat[i % element.Flat.Length];
        }

        long size = element.Size * (long)length;
        if (size > int.MaxValue) throw new ArgumentException("a fixed-length list larger than 2 GiB has no layout");
        return new TypeLayout(AbiShape.FixedList, (int)size, element.Alignment, flat, flatCount);
    }
}
