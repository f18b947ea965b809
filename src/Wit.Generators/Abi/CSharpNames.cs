using System.Collections.Generic;
using System.Text;
using Wit.Model;

namespace Wit.Generators.Abi;

/// <summary>
/// The C# names of the declarations generated for WIT types (see <c>docs/bindings.md</c>). The ABI emitters
/// refer to types and members only through this, so they follow whatever naming the declarations use.
/// </summary>
public interface ICSharpNames
{
    /// <summary>The C# type of a named record, variant, enum, flags or resource, as the emitted code must spell it.</summary>
    string TypeName(TypeId type);

    /// <summary>The property of record field <paramref name="index"/>.</summary>
    string FieldName(TypeId record, int index);

    /// <summary>The nested case record of variant case <paramref name="index"/> (without the variant's name).</summary>
    string CaseName(TypeId variant, int index);

    /// <summary>The member of enum case <paramref name="index"/>.</summary>
    string EnumCaseName(TypeId @enum, int index);

    /// <summary>The underlying C# type of a flags enum: <c>byte</c>, <c>ushort</c>, <c>uint</c> or <c>ulong</c>.</summary>
    string FlagsUnderlyingType(TypeId flags);

    /// <summary>The C# type of an <c>own</c> or <c>borrow</c> handle type.</summary>
    string HandleTypeName(TypeId handle);

    /// <summary>An expression of the runtime <c>ResourceType</c> of a resource.</summary>
    string ResourceTypeExpression(TypeId resource);

    /// <summary>An expression of the representation (<c>uint</c>) behind the handle value <paramref name="value"/>.</summary>
    string HandleToRep(TypeId handle, string value);

    /// <summary>An expression of the handle value for representation <paramref name="rep"/> (a <c>uint</c> expression).</summary>
    string HandleFromRep(TypeId handle, string rep);

    /// <summary>The C# types standing for <c>option</c> (when not <c>T?</c>), <c>result</c> and a missing payload.</summary>
    string OptionStruct { get; }

    /// <inheritdoc cref="OptionStruct"/>
    string ResultStruct { get; }

    /// <inheritdoc cref="OptionStruct"/>
    string UnitStruct { get; }
}

/// <summary>How an <c>option&lt;T&gt;</c> is represented in C#.</summary>
public enum OptionForm
{
    /// <summary><c>T?</c>: a nullable value type or a nullable reference.</summary>
    Nullable,
    /// <summary>The <see cref="ICSharpNames.OptionStruct"/> struct, when <c>T</c> is itself nullable.</summary>
    Struct,
}

/// <summary>
/// The C# type of each WIT type use, following <c>docs/bindings.md</c>: numbers, <c>bool</c>, <c>Rune</c>,
/// <c>string</c>, <c>T[]</c> for lists of numbers and <c>IReadOnlyList&lt;T&gt;</c> for other lists, value
/// tuples, <c>T?</c> or <c>Option&lt;T&gt;</c>, <c>Result&lt;T, E&gt;</c>, and the declared types by name.
/// </summary>
public sealed class CSharpTypes
{
    private readonly Dictionary<int, string> _cache = new();

    /// <summary>Types of <paramref name="resolve"/>, with declarations named by <paramref name="names"/>.</summary>
    public CSharpTypes(Resolve resolve, ICSharpNames names)
    {
        Resolve = resolve;
        Names = names;
    }

    /// <summary>The resolve.</summary>
    public Resolve Resolve { get; }

    /// <summary>The names of declared types.</summary>
    public ICSharpNames Names { get; }

    /// <summary>The kind of a type use after seeing through aliases; null for primitives.</summary>
    public TypeDefKind? KindOf(WitType type) => type.IsId ? Resolve[Resolve.Dealias(type.Id)].Kind : null;

    /// <summary>The definition a type use refers to, through aliases.</summary>
    public TypeId Definition(WitType type) => Resolve.Dealias(type.Id);

    /// <summary>Follows aliases, including those of primitive types (<c>type size = u32</c>).</summary>
    public WitType Unalias(WitType type)
    {
        while (type.IsId && Resolve[type.Id].Kind is AliasKind alias) type = alias.Target;
        return type;
    }

    /// <summary>Whether <paramref name="type"/> is a number type, whose lists are <c>T[]</c> copied in bulk.</summary>
    public bool IsNumber(WitType type) => Unalias(type).Kind is WitTypeKind.U8 or WitTypeKind.S8 or WitTypeKind.U16 or WitTypeKind.S16
        or WitTypeKind.U32 or WitTypeKind.S32 or WitTypeKind.U64 or WitTypeKind.S64 or WitTypeKind.F32 or WitTypeKind.F64;

    /// <summary>How an <c>option</c> of <paramref name="payload"/> is represented.</summary>
    public OptionForm OptionFormOf(WitType payload) =>
        KindOf(payload) is OptionKind inner && OptionFormOf(inner.Type) == OptionForm.Nullable ? OptionForm.Struct : OptionForm.Nullable;

    /// <summary>The C# spelling of a type use.</summary>
    public string Of(WitType type)
    {
        type = Unalias(type);
        switch (type.Kind)
        {
            case WitTypeKind.Bool: return "bool";
            case WitTypeKind.U8: return "byte";
            case WitTypeKind.S8: return "sbyte";
            case WitTypeKind.U16: return "ushort";
            case WitTypeKind.S16: return "short";
            case WitTypeKind.U32: return "uint";
            case WitTypeKind.S32: return "int";
            case WitTypeKind.U64: return "ulong";
            case WitTypeKind.S64: return "long";
            case WitTypeKind.F32: return "float";
            case WitTypeKind.F64: return "double";
            case WitTypeKind.Char: return "global::System.Text.Rune";
            case WitTypeKind.String: return "string";
            case WitTypeKind.Id: break;
            default: throw new System.NotSupportedException($"`{type}` has no C# binding");
        }

        var id = Definition(type);
        if (!_cache.TryGetValue(id.Index, out var name))
        {
            name = Compute(id);
            _cache[id.Index] = name;
        }

        return name;
    }

    private string Compute(TypeId id)
    {
        switch (Resolve[id].Kind)
        {
            case RecordKind:
            case VariantKind:
            case EnumKind:
            case FlagsKind:
            case ResourceKind:
                return Names.TypeName(id);
            case HandleKind:
                return Names.HandleTypeName(id);
            case ListKind list:
                return IsNumber(list.Type) ? Of(list.Type) + "[]" : "global::System.Collections.Generic.IReadOnlyList<" + Of(list.Type) + ">";
            case FixedLengthListKind fixedList:
                return Of(fixedList.Type) + "[]";
            case TupleKind tuple:
            {
                if (tuple.Types.Count == 1) return "global::System.ValueTuple<" + Of(tuple.Types[0]) + ">";
                var sb = new StringBuilder("(");
                for (int i = 0; i < tuple.Types.Count; i++) sb.Append(i == 0 ? "" : ", ").Append(Of(tuple.Types[i]));
                return sb.Append(')').ToString();
            }
            case OptionKind option:
                return OptionFormOf(option.Type) == OptionForm.Struct
                    ? Names.OptionStruct + "<" + Of(option.Type) + ">"
                    : Of(option.Type) + "?";
            case ResultKind result:
                return Names.ResultStruct + "<" + Payload(result.Ok) + ", " + Payload(result.Err) + ">";
            case var kind:
                throw new System.NotSupportedException($"a {kind.KindName} has no C# binding");
        }
    }

    /// <summary>An array creation of <paramref name="length"/> elements of C# type <paramref name="element"/> (<c>new byte[n][]</c> for arrays of arrays).</summary>
    public static string NewArray(string element, string length)
    {
        int ranks = 0;
        while (element.EndsWith("[]", System.StringComparison.Ordinal))
        {
            element = element.Substring(0, element.Length - 2);
            ranks++;
        }

        var sb = new StringBuilder("new ").Append(element).Append('[').Append(length).Append(']');
        for (int i = 0; i < ranks; i++) sb.Append("[]");
        return sb.ToString();
    }

    /// <summary>The C# type of a result payload: the type, or the unit struct when there is none.</summary>
    public string Payload(WitType? type) => type is { } t ? Of(t) : Names.UnitStruct;
}
