using System.Reflection;
using Wit.Generators.Abi;
using Wit.Model;
using Rt = Wasm.Components.Types;

namespace Wit.Generators.Tests.Abi;

/// <summary>
/// The runtime's own canonical ABI layout (<c>Wasm.Components.Abi.TypeLayout</c>/<c>FuncLayout</c>, internal to
/// the runtime, read by reflection) of the runtime type that a WIT type becomes: the reference the generator's
/// layouts are compared against.
/// </summary>
internal sealed class RuntimeLayout(Resolve resolve)
{
    private static readonly Assembly Runtime = typeof(Rt.WitType).Assembly;
    private static readonly Type TypeLayoutType = Runtime.GetType("Wasm.Components.Abi.TypeLayout", true)!;
    private static readonly Type FuncLayoutType = Runtime.GetType("Wasm.Components.Abi.FuncLayout", true)!;
    private static readonly MethodInfo TypeLayoutOf = TypeLayoutType.GetMethod("Of", BindingFlags.Public | BindingFlags.Static)!;
    private static readonly MethodInfo FuncLayoutOf = FuncLayoutType.GetMethod("Of", BindingFlags.Public | BindingFlags.Static)!;

    private readonly Dictionary<int, Rt.WitType> _values = new();
    private readonly Dictionary<int, Rt.ResourceType> _resources = new();

    public sealed record Layout(int Size, int Alignment, string? Flat, int[]? FieldOffsets, int DiscriminantSize, int PayloadOffset);

    public sealed record FuncPlan(string LiftCore, string LowerCore, bool ParamsInMemory, bool ResultInMemory);

    public Layout Of(WitType type)
    {
        object l = TypeLayoutOf.Invoke(null, [Value(type)])!;
        T Get<T>(string field) => (T)TypeLayoutType.GetField(field)!.GetValue(l)!;
        var flat = (Wasm.ValType[]?)TypeLayoutType.GetField("Flat")!.GetValue(l);
        var offsets = (uint[]?)TypeLayoutType.GetField("FieldOffsets")!.GetValue(l);
        return new Layout((int)Get<uint>("Size"), (int)Get<uint>("Alignment"), flat is null ? null : Flat(flat),
            offsets?.Select(o => (int)o).ToArray(), Get<int>("DiscriminantSize"), (int)Get<uint>("PayloadOffset"));
    }

    public FuncPlan Of(Function f)
    {
        var type = new Rt.ComponentFuncType(f.Params.Select(p => new Rt.Param(p.Name, Value(p.Type))).ToList(), f.Result is { } r ? Value(r) : null);
        object l = FuncLayoutOf.Invoke(null, [type])!;
        object Get(string field) => FuncLayoutType.GetField(field)!.GetValue(l)!;
        return new FuncPlan(Core((Wasm.FuncType)Get("LiftCore")), Core((Wasm.FuncType)Get("LowerCore")), (bool)Get("ParamsInMemory"), (bool)Get("ResultInMemory"));
    }

    public static string Flat(IEnumerable<Wasm.ValType> flat) => string.Join(" ", flat.Select(t => t.Kind.ToString().ToLowerInvariant()));

    public static string Flat(IEnumerable<CoreType> flat) => string.Join(" ", flat.Select(t => t.ToString().ToLowerInvariant()));

    private static string Core(Wasm.FuncType t) => $"({Flat(t.Parameters)}) -> ({Flat(t.Results)})";

    public static string Core(IEnumerable<CoreType> ps, IEnumerable<CoreType> rs) => $"({Flat(ps)}) -> ({Flat(rs)})";

    public Rt.WitType Value(WitType type) => type.Kind switch
    {
        WitTypeKind.Bool => Rt.WitType.Bool,
        WitTypeKind.U8 => Rt.WitType.U8,
        WitTypeKind.U16 => Rt.WitType.U16,
        WitTypeKind.U32 => Rt.WitType.U32,
        WitTypeKind.U64 => Rt.WitType.U64,
        WitTypeKind.S8 => Rt.WitType.S8,
        WitTypeKind.S16 => Rt.WitType.S16,
        WitTypeKind.S32 => Rt.WitType.S32,
        WitTypeKind.S64 => Rt.WitType.S64,
        WitTypeKind.F32 => Rt.WitType.F32,
        WitTypeKind.F64 => Rt.WitType.F64,
        WitTypeKind.Char => Rt.WitType.Char,
        WitTypeKind.String => Rt.WitType.String,
        WitTypeKind.ErrorContext => Rt.WitType.ErrorContext,
        _ => Value(type.Id),
    };

    private Rt.WitType Value(TypeId id)
    {
        var def = resolve[id];
        if (def.Kind is AliasKind alias) return Value(alias.Target);
        if (def.Kind is ResourceKind) return new Rt.HandleType(Resource(id), isOwn: true);
        if (_values.TryGetValue(id.Index, out var cached)) return cached;
        Rt.WitType value = def.Kind switch
        {
            RecordKind r => new Rt.RecordType(r.Fields.Select(f => new Rt.Field(f.Name, Value(f.Type))).ToList()),
            VariantKind v => new Rt.VariantType(v.Cases.Select(c => new Rt.Case(c.Name, c.Type is { } t ? Value(t) : null)).ToList()),
            EnumKind e => new Rt.EnumType(e.Cases.Select(c => c.Name).ToList()),
            FlagsKind f => new Rt.FlagsType(f.Flags.Select(c => c.Name).ToList()),
            TupleKind t => new Rt.TupleType(t.Types.Select(Value).ToList()),
            OptionKind o => new Rt.OptionType(Value(o.Type)),
            ResultKind r => new Rt.ResultType(r.Ok is { } ok ? Value(ok) : null, r.Err is { } err ? Value(err) : null),
            ListKind l => new Rt.ListType(Value(l.Type)),
            FixedLengthListKind l => new Rt.ListType(Value(l.Type), l.Size),
            HandleKind h => new Rt.HandleType(Resource(h.Resource), !h.IsBorrow),
            MapKind m => new Rt.MapType(Value(m.Key), Value(m.Value)),
            FutureKind f => new Rt.AsyncValueType(false, f.Type is { } t ? Value(t) : null),
            StreamKind s => new Rt.AsyncValueType(true, s.Type is { } t ? Value(t) : null),
            _ => throw new NotSupportedException(def.Kind.KindName),
        };
        _values[id.Index] = value;
        return value;
    }

    private Rt.ResourceType Resource(TypeId id)
    {
        id = resolve.Dealias(id);
        if (!_resources.TryGetValue(id.Index, out var r)) _resources[id.Index] = r = new Rt.ResourceType(resolve[id].Name);
        return r;
    }
}
