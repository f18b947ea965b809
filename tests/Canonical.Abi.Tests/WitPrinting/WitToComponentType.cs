using Wasm.Components.Types;
using Wit.Model;

namespace Wasm.Components.Tests.WitPrinting;

using Function = Wit.Model.Function;

/// <summary>
/// Builds the component type a component targeting a WIT world has, the way wit-component encodes it: each
/// interface is an instance type exporting its named types (a <c>use</c> or <c>type a = b</c> exports the same
/// object again) and its functions (<c>[method]r.f</c> names); one object per WIT type definition, so functions
/// share the objects the type exports name. Test scaffolding for <see cref="Wasm.Components.WitPrinting.ComponentWitPrinter"/>.
/// </summary>
internal sealed class WitToComponentType(Resolve resolve)
{
    private readonly Dictionary<int, WitType> _values = new();
    private readonly Dictionary<int, ResourceType> _resources = new();

    public static ComponentType FromWorld(Resolve resolve, WorldId world)
    {
        var builder = new WitToComponentType(resolve);
        var w = resolve[world];
        return new ComponentType(builder.Externs(w.Imports), builder.Externs(w.Exports));
    }

    private List<KeyValuePair<string, ExternType>> Externs(OrderedMap<WorldKey, Wit.Model.WorldItem> items)
    {
        var result = new List<KeyValuePair<string, ExternType>>();
        foreach (var (key, item) in items)
        {
            string name = resolve.NameOf(key);
            ExternType type = item switch
            {
                WorldInterfaceItem i => Instance(resolve[i.Id]),
                WorldFunctionItem f => new FuncExternType(Func(f.Function)),
                WorldTypeItem t => TypeExtern(t.Id),
                _ => throw new NotSupportedException(item.GetType().Name),
            };
            result.Add(new(item is WorldFunctionItem fn ? fn.Function.Name : name, type));
        }

        return result;
    }

    private InstanceType Instance(Interface iface)
    {
        var exports = new List<KeyValuePair<string, ExternType>>();
        foreach (var (name, id) in iface.Types) exports.Add(new(name, TypeExtern(id)));
        foreach (var (_, f) in iface.Functions) exports.Add(new(f.Name, new FuncExternType(Func(f))));
        return new InstanceType(exports);
    }

    private TypeExternType TypeExtern(TypeId id)
    {
        var target = resolve.Dealias(id);
        return resolve[target].Kind is ResourceKind ? new TypeExternType(Resource(target)) : new TypeExternType(Value(Wit.Model.WitType.FromId(id)));
    }

    private ComponentFuncType Func(Function f) =>
        new(f.Params.Select(p => new Types.Param(p.Name, Value(p.Type))).ToList(), f.Result is { } r ? Value(r) : null, f.IsAsync);

    private ResourceType Resource(TypeId id)
    {
        id = resolve.Dealias(id);
        if (!_resources.TryGetValue(id.Index, out var r)) _resources[id.Index] = r = new ResourceType(resolve[id].Name);
        return r;
    }

    private WitType Value(Wit.Model.WitType type) => type.Kind switch
    {
        WitTypeKind.Bool => WitType.Bool,
        WitTypeKind.U8 => WitType.U8,
        WitTypeKind.U16 => WitType.U16,
        WitTypeKind.U32 => WitType.U32,
        WitTypeKind.U64 => WitType.U64,
        WitTypeKind.S8 => WitType.S8,
        WitTypeKind.S16 => WitType.S16,
        WitTypeKind.S32 => WitType.S32,
        WitTypeKind.S64 => WitType.S64,
        WitTypeKind.F32 => WitType.F32,
        WitTypeKind.F64 => WitType.F64,
        WitTypeKind.Char => WitType.Char,
        WitTypeKind.String => WitType.String,
        WitTypeKind.ErrorContext => WitType.ErrorContext,
        _ => Value(type.Id),
    };

    private WitType Value(TypeId id)
    {
        var def = resolve[id];
        if (def.Kind is AliasKind alias) return Value(alias.Target);
        if (def.Kind is ResourceKind) return new HandleType(Resource(id), isOwn: true);
        if (_values.TryGetValue(id.Index, out var cached)) return cached;
        WitType value = def.Kind switch
        {
            RecordKind r => new RecordType(r.Fields.Select(f => new Types.Field(f.Name, Value(f.Type))).ToList()),
            VariantKind v => new VariantType(v.Cases.Select(c => new Case(c.Name, c.Type is { } t ? Value(t) : null)).ToList()),
            EnumKind e => new EnumType(e.Cases.Select(c => c.Name).ToList()),
            FlagsKind f => new FlagsType(f.Flags.Select(c => c.Name).ToList()),
            TupleKind t => new TupleType(t.Types.Select(Value).ToList()),
            OptionKind o => new OptionType(Value(o.Type)),
            ResultKind r => new ResultType(r.Ok is { } ok ? Value(ok) : null, r.Err is { } err ? Value(err) : null),
            ListKind l => new ListType(Value(l.Type)),
            FixedLengthListKind l => new ListType(Value(l.Type), l.Size),
            HandleKind h => new HandleType(Resource(h.Resource), !h.IsBorrow),
            MapKind m => new MapType(Value(m.Key), Value(m.Value)),
            FutureKind f => new AsyncValueType(false, f.Type is { } t ? Value(t) : null),
            StreamKind s => new AsyncValueType(true, s.Type is { } t ? Value(t) : null),
            _ => throw new NotSupportedException(def.Kind.KindName),
        };
        _values[id.Index] = value;
        return value;
    }
}
