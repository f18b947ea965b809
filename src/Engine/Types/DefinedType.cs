namespace Wasm;

/// <summary>The shape of a defined type.</summary>
public enum CompositeKind : byte
{
    /// <summary>A function signature.</summary>
    Func,
    /// <summary>A GC structure with fixed fields.</summary>
    Struct,
    /// <summary>A GC array of one element type.</summary>
    Array,
}

/// <summary>The storage of a struct field or array element that is narrower than any value type.</summary>
public enum PackedType : byte
{
    /// <summary>Not packed: the field holds a full value type.</summary>
    None,
    /// <summary>8-bit integer, read as i32.</summary>
    I8,
    /// <summary>16-bit integer, read as i32.</summary>
    I16,
}

/// <summary>A struct field or array element type.</summary>
/// <param name="Type">The value type (<c>i32</c> for packed storage).</param>
/// <param name="Packed">Packed storage, if any.</param>
/// <param name="Mutable">Whether <c>struct.set</c>/<c>array.set</c> may write it.</param>
public readonly record struct FieldType(ValType Type, PackedType Packed, bool Mutable)
{
    /// <summary>The storage type as the text format spells it.</summary>
    public override string ToString()
    {
        var s = Packed switch { PackedType.I8 => "i8", PackedType.I16 => "i16", _ => Type.ToString() };
        return Mutable ? $"(mut {s})" : s;
    }
}

/// <summary>
/// A canonical defined type (GC proposal): one member of a recursion group, with its declared supertype. Equal
/// recursion groups of any modules share the same objects, so type equality is reference (or id) equality and
/// subtyping walks <see cref="Ancestors"/> in constant time. Also serves as the run-time type of GC objects.
/// </summary>
public sealed class DefinedType
{
    internal DefinedType(int id, CompositeKind kind) { Id = id; Kind = kind; }

    /// <summary>The process-wide canonical id (never 0).</summary>
    public int Id { get; }

    /// <summary>Function, struct or array.</summary>
    public CompositeKind Kind { get; }

    /// <summary>For function types: the signature.</summary>
    public FuncType? Func { get; internal set; }

    /// <summary>For structs: the fields; for arrays: the single element type.</summary>
    public FieldType[] Fields { get; internal set; } = [];

    /// <summary>No subtypes may be declared (<c>sub final</c>, the default without <c>sub</c>).</summary>
    public bool Final { get; internal set; }

    /// <summary>The declared supertype, if any.</summary>
    public DefinedType? Super { get; internal set; }

    /// <summary>Length of the supertype chain above this type.</summary>
    internal int Depth;

    /// <summary>The supertype chain indexed by depth, ending with this type.</summary>
    internal DefinedType[] Ancestors = [];

    /// <summary>For structs: where each field lives (index into a struct instance's number or reference slots).</summary>
    internal int[] Slots = [];

    /// <summary>For structs: numbers of 64-bit and reference slots.</summary>
    internal int NumericSlots, RefSlots;

    /// <summary>Whether this type equals or declares (transitively) <paramref name="other"/> as supertype.</summary>
    public bool IsSubtypeOf(DefinedType other) =>
        ReferenceEquals(this, other) || (other.Depth < Depth && ReferenceEquals(Ancestors[other.Depth], other));

    /// <summary>The heap type a reference to this type is under.</summary>
    internal HeapType Heap => Kind switch { CompositeKind.Struct => HeapType.Struct, CompositeKind.Array => HeapType.Array, _ => HeapType.Func };

    /// <summary>Text-format-like rendering.</summary>
    public override string ToString() => Kind switch
    {
        CompositeKind.Func => Func!.ToString(),
        CompositeKind.Struct => "(struct" + string.Concat(Fields.Select(f => " (field " + f + ")")) + ")",
        _ => $"(array {Fields[0]})",
    };

    internal void ComputeLayout()
    {
        if (Kind != CompositeKind.Struct) return;
        Slots = new int[Fields.Length];
        int n = 0, r = 0;
        for (int i = 0; i < Fields.Length; i++)
        {
            var t = Fields[i].Type;
            if (t.IsRef) Slots[i] = r++;
            else if (t.Kind == ValKind.V128) { Slots[i] = n; n += 2; }
            else Slots[i] = n++;
        }
        NumericSlots = n;
        RefSlots = r;
    }
}

/// <summary>
/// One type definition as decoded, before canonicalisation: references to module type indices are kept in
/// <see cref="ValType.TypeId"/> as <c>-(index + 1)</c>.
/// </summary>
internal sealed class RawSubType
{
    public CompositeKind Kind;
    public bool Final = true;
    public int SuperIndex = -1;
    public ValType[] Params = [], Results = [];
    public FieldType[] Fields = [];
    public long Offset;
}

/// <summary>
/// Process-wide canonicalisation of recursion groups (iso-recursive type equivalence): two groups are the same
/// when they have the same shape, with references inside the group compared by position and references outside
/// by canonical id. Ids start at 1 and are never reused.
/// </summary>
internal static class TypeRegistry
{
    private static readonly Dictionary<string, int> Groups = new(StringComparer.Ordinal);
    private static DefinedType[] _byId = new DefinedType[256];
    private static int _count = 1;
    private static readonly object Gate = new();

    /// <summary>The type with canonical id <paramref name="id"/>.</summary>
    public static DefinedType Get(int id) => Volatile.Read(ref _byId)[id];

    /// <summary>The canonical final, supertype-less function type of a signature (a group of one).</summary>
    public static DefinedType OfFunc(FuncType type)
    {
        if (FuncCache.TryGetValue(type, out var known)) return known;
        var raw = new RawSubType { Kind = CompositeKind.Func, Params = type.Parameters, Results = type.Results };
        var t = Canonicalize([raw], 0, [])[0];
        FuncCache.TryAdd(type, t);
        return t;
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<FuncType, DefinedType> FuncCache = new();

    /// <summary>
    /// Canonicalises the group <paramref name="group"/> whose first member has module index <paramref name="groupStart"/>;
    /// <paramref name="known"/> holds the module's earlier types.
    /// </summary>
    /// <exception cref="InvalidModuleException">A reference to a type not yet defined, or a supertype that does not precede.</exception>
    public static DefinedType[] Canonicalize(IReadOnlyList<RawSubType> group, int groupStart, IReadOnlyList<DefinedType> known)
    {
        var key = new System.Text.StringBuilder();
        for (int i = 0; i < group.Count; i++)
        {
            var t = group[i];
            if (t.SuperIndex >= 0 && t.SuperIndex >= groupStart + i)
                throw new InvalidModuleException($"unknown type {t.SuperIndex}: a supertype must precede its subtype", t.Offset);
            key.Append((int)t.Kind).Append(t.Final ? 'f' : 'o');
            if (t.SuperIndex >= 0) AppendRef(key, t.SuperIndex, groupStart, group.Count, known, t.Offset);
            key.Append('(');
            foreach (var p in t.Params) AppendVal(key, p, groupStart, group.Count, known, t.Offset);
            key.Append(">");
            foreach (var p in t.Results) AppendVal(key, p, groupStart, group.Count, known, t.Offset);
            key.Append('|');
            foreach (var f in t.Fields)
            {
                key.Append((int)f.Packed).Append(f.Mutable ? 'm' : 'c');
                AppendVal(key, f.Type, groupStart, group.Count, known, t.Offset);
            }
            key.Append(')');
        }
        string k = key.ToString();
        lock (Gate)
        {
            var result = new DefinedType[group.Count];
            if (Groups.TryGetValue(k, out int first))
            {
                for (int i = 0; i < result.Length; i++) result[i] = _byId[first + i];
                return result;
            }
            first = _count;
            for (int i = 0; i < result.Length; i++) result[i] = new DefinedType(first + i, group[i].Kind);
            ValType Resolve(ValType v)
            {
                if (!v.IsRef || v.TypeId >= 0) return v;
                int index = -v.TypeId - 1;
                var target = index >= groupStart ? result[index - groupStart] : known[index];
                return v with { TypeId = target.Id, Heap = target.Heap };
            }
            for (int i = 0; i < result.Length; i++)
            {
                var raw = group[i];
                var t = result[i];
                t.Final = raw.Final;
                if (raw.Kind == CompositeKind.Func)
                    t.Func = new FuncType(Array.ConvertAll(raw.Params, Resolve), Array.ConvertAll(raw.Results, Resolve));
                else
                    t.Fields = Array.ConvertAll(raw.Fields, f => f with { Type = Resolve(f.Type) });
                if (raw.SuperIndex >= 0)
                    t.Super = raw.SuperIndex >= groupStart ? result[raw.SuperIndex - groupStart] : known[raw.SuperIndex];
                t.Depth = t.Super is null ? 0 : t.Super.Depth + 1;
                t.Ancestors = new DefinedType[t.Depth + 1];
                if (t.Super is not null) Array.Copy(t.Super.Ancestors, t.Ancestors, t.Depth);
                t.Ancestors[t.Depth] = t;
                t.ComputeLayout();
            }
            var table = _byId;
            if (first + result.Length > table.Length)
            {
                var bigger = new DefinedType[Math.Max(table.Length * 2, first + result.Length)];
                Array.Copy(table, bigger, _count);
                table = bigger;
            }
            for (int i = 0; i < result.Length; i++) table[first + i] = result[i];
            Volatile.Write(ref _byId, table);
            _count = first + result.Length;
            Groups[k] = first;
            return result;
        }
    }

    private static void AppendVal(System.Text.StringBuilder key, ValType v, int groupStart, int groupCount, IReadOnlyList<DefinedType> known, long at)
    {
        key.Append((int)v.Kind).Append('.').Append((int)v.Heap).Append(v.Nullable ? '?' : '!');
        if (v.IsRef && v.TypeId < 0) AppendRef(key, -v.TypeId - 1, groupStart, groupCount, known, at);
        else if (v.IsRef && v.TypeId > 0) key.Append('c').Append(v.TypeId);
        key.Append(',');
    }

    private static void AppendRef(System.Text.StringBuilder key, int index, int groupStart, int groupCount, IReadOnlyList<DefinedType> known, long at)
    {
        if (index >= groupStart + groupCount) throw new InvalidModuleException($"unknown type {index}", at);
        if (index >= groupStart) key.Append('r').Append(index - groupStart);
        else key.Append('c').Append(known[index].Id);
    }
}
