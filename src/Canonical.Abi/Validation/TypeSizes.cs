using Wasm.Components.Types;

namespace Wasm.Components.Validation;

/// <summary>
/// The effective size of a type: one for the type itself plus the sizes of everything it refers to, counted as if
/// every reference were written out. Types share their parts, so a few hundred bytes can describe a type of 10^10
/// parts, and the work of checking, substituting and instantiating it would follow that size. Validation rejects
/// any type larger than <see cref="Limit"/> (wasm-tools' limit), computing sizes in linear time by remembering
/// the size of every type object it has seen.
/// </summary>
internal sealed class TypeSizes
{
    /// <summary>The largest effective size a type may have.</summary>
    public const int Limit = 1_000_000;

    // Sizes saturate just above the limit, so sums never overflow.
    private const int Saturated = Limit + 1;

    private readonly Dictionary<object, int> _sizes = new(ReferenceEqualityComparer.Instance);

    /// <summary>Throws unless the type (a value, function, instance, component or module type) is within the limit.</summary>
    /// <exception cref="InvalidModuleException">The type is larger than <see cref="Limit"/>.</exception>
    public void Check(object? type, int at)
    {
        if (type is not null && Of(type) > Limit) throw Scope.Invalid($"effective type size exceeds the limit of {Limit}", at);
    }

    private static int Add(int a, int b) => Math.Min(Saturated, a + b);

    private int Of(object type)
    {
        if (type is PrimitiveType or ResourceType) return 1;
        if (_sizes.TryGetValue(type, out var known)) return known;
        var size = 1;
        void Part(object? part)
        {
            if (part is not null && size <= Limit) size = Add(size, Of(part));
        }
        switch (type)
        {
            case RecordType r: foreach (var f in r.Fields) Part(f.Type); break;
            case VariantType v: foreach (var c in v.Cases) Part(c.Type); break;
            case TupleType t: foreach (var e in t.Types) Part(e); break;
            case ListType l: Part(l.Element); break;
            case OptionType o: Part(o.Inner); break;
            case ResultType r: Part(r.Ok); Part(r.Error); break;
            case MapType m: Part(m.Key); Part(m.Value); break;
            case AsyncValueType a: Part(a.Element); break;
            case ComponentFuncType f:
                foreach (var p in f.Params) Part(p.Type);
                Part(f.Result);
                break;
            case FuncExternType f: Part(f.Type); break;
            case ValueExternType v: Part(v.Type); break;
            case TypeExternType t: Part((object?)t.Resource ?? t.WitType); break;
            case DefinedTypeExternType d: Part(d.Type); break;
            case InstanceType i: foreach (var e in i.Exports) Part(e.Value); break;
            case ComponentType c:
                foreach (var e in c.Imports) Part(e.Value);
                foreach (var e in c.Exports) Part(e.Value);
                break;
            case CoreModuleExternType m: size = Add(size, m.Imports.Count + m.Exports.Count); break;
        }
        _sizes[type] = size;
        return size;
    }
}
