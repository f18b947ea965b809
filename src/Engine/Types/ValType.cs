namespace Wasm;

/// <summary>The kind of a <see cref="ValType"/>.</summary>
public enum ValKind : byte
{
    /// <summary>32-bit integer.</summary>
    I32,
    /// <summary>64-bit integer.</summary>
    I64,
    /// <summary>32-bit IEEE 754 float.</summary>
    F32,
    /// <summary>64-bit IEEE 754 float.</summary>
    F64,
    /// <summary>128-bit vector.</summary>
    V128,
    /// <summary>A reference; see <see cref="ValType.Heap"/>.</summary>
    Ref,
}

/// <summary>Abstract heap types that a reference can point to.</summary>
public enum HeapType : byte
{
    /// <summary>Functions (<c>func</c>).</summary>
    Func,
    /// <summary>Host references (<c>extern</c>).</summary>
    Extern,
    /// <summary>Caught exceptions (<c>exn</c>, exception handling).</summary>
    Exn,
    /// <summary>Every internal reference (<c>any</c>, GC): the top of structs, arrays and i31.</summary>
    Any,
    /// <summary>References comparable with <c>ref.eq</c> (<c>eq</c>).</summary>
    Eq,
    /// <summary>Unboxed 31-bit integers (<c>i31</c>).</summary>
    I31,
    /// <summary>Any struct (<c>struct</c>); with a type id, a concrete struct type.</summary>
    Struct,
    /// <summary>Any array (<c>array</c>); with a type id, a concrete array type.</summary>
    Array,
    /// <summary>The bottom of the <c>any</c> hierarchy: only null (<c>none</c>).</summary>
    None,
    /// <summary>The bottom of the <c>func</c> hierarchy (<c>nofunc</c>).</summary>
    NoFunc,
    /// <summary>The bottom of the <c>extern</c> hierarchy (<c>noextern</c>).</summary>
    NoExtern,
    /// <summary>The bottom of the <c>exn</c> hierarchy (<c>noexn</c>).</summary>
    NoExn,
}

/// <summary>
/// A WebAssembly value type. A small value type rather than an enum so reference types can carry
/// their heap type and nullability.
/// </summary>
/// <param name="Kind">Number, vector or reference.</param>
/// <param name="Heap">For references: the abstract heap type; for a concrete type, the one its definition is
/// under (<see cref="HeapType.Func"/>, <see cref="HeapType.Struct"/> or <see cref="HeapType.Array"/>).</param>
/// <param name="Nullable">For references: whether null is a value of the type.</param>
/// <param name="TypeId">For references to a concrete defined type: its canonical id (<see cref="DefinedType.Id"/>),
/// equal for equivalent types of any module; 0 for abstract heap types.</param>
public readonly record struct ValType(ValKind Kind, HeapType Heap = HeapType.Func, bool Nullable = true, int TypeId = 0)
{
    /// <summary>A reference to the concrete function type <paramref name="type"/>: <c>(ref null? $t)</c>.</summary>
    public static ValType RefTo(FuncType type, bool nullable) => new(ValKind.Ref, HeapType.Func, nullable, FuncTypes.IdOf(type));

    /// <summary>A reference to the defined type <paramref name="type"/>.</summary>
    public static ValType RefTo(DefinedType type, bool nullable) => new(ValKind.Ref, type.Heap, nullable, type.Id);

    /// <summary>A reference to an abstract heap type.</summary>
    public static ValType RefTo(HeapType heap, bool nullable) => new(ValKind.Ref, heap, nullable);

    /// <summary>True for references to a concrete defined type.</summary>
    public bool IsConcrete => Kind == ValKind.Ref && TypeId > 0;

    /// <summary>For concrete references to a function type: the signature.</summary>
    public FuncType? ConcreteType => IsConcrete ? TypeRegistry.Get(TypeId).Func : null;

    /// <summary>For concrete references: the defined type.</summary>
    public DefinedType? Defined => IsConcrete ? TypeRegistry.Get(TypeId) : null;

    /// <summary>False for non-nullable references, which have no default value (locals need initialising).</summary>
    public bool IsDefaultable => Kind != ValKind.Ref || Nullable;

    /// <summary>The same reference type without null.</summary>
    public ValType AsNonNullable => this with { Nullable = false };

    /// <summary>The top of this reference type's hierarchy: <c>any</c>, <c>func</c>, <c>extern</c> or <c>exn</c>.</summary>
    public HeapType TopHeap => TopOf(Heap);

    /// <summary>The top of the hierarchy <paramref name="h"/> belongs to.</summary>
    public static HeapType TopOf(HeapType h) => h switch
    {
        HeapType.Func or HeapType.NoFunc => HeapType.Func,
        HeapType.Extern or HeapType.NoExtern => HeapType.Extern,
        HeapType.Exn or HeapType.NoExn => HeapType.Exn,
        _ => HeapType.Any,
    };

    /// <summary>The bottom of the hierarchy <paramref name="h"/> belongs to.</summary>
    public static HeapType BottomOf(HeapType h) => TopOf(h) switch
    {
        HeapType.Func => HeapType.NoFunc,
        HeapType.Extern => HeapType.NoExtern,
        HeapType.Exn => HeapType.NoExn,
        _ => HeapType.None,
    };

    /// <summary>Subtyping of value types (GC): numbers match only themselves; references by nullability and heap type.</summary>
    public bool IsSubtypeOf(ValType expected)
    {
        if (this == expected) return true;
        if (Kind != ValKind.Ref || expected.Kind != ValKind.Ref) return false;
        if (Nullable && !expected.Nullable) return false;
        return IsHeapSubtype(Heap, TypeId, expected.Heap, expected.TypeId);
    }

    /// <summary>Heap subtyping: <c>(heap, id)</c> under <c>(expectedHeap, expectedId)</c>.</summary>
    internal static bool IsHeapSubtype(HeapType heap, int id, HeapType expectedHeap, int expectedId)
    {
        if (id == expectedId && heap == expectedHeap) return true;
        if (expectedId > 0)
        {
            if (id > 0) return TypeRegistry.Get(id).IsSubtypeOf(TypeRegistry.Get(expectedId));
            return heap == BottomOf(expectedHeap);
        }
        if (id > 0)
        {
            return expectedHeap switch
            {
                HeapType.Any or HeapType.Eq => heap is HeapType.Struct or HeapType.Array,
                HeapType.Struct => heap == HeapType.Struct,
                HeapType.Array => heap == HeapType.Array,
                HeapType.Func => heap == HeapType.Func,
                _ => false,
            };
        }
        if (heap == expectedHeap) return true;
        if (heap == BottomOf(expectedHeap) && TopOf(heap) == TopOf(expectedHeap)) return true;
        return expectedHeap switch
        {
            HeapType.Any => heap is HeapType.Eq or HeapType.I31 or HeapType.Struct or HeapType.Array or HeapType.None,
            HeapType.Eq => heap is HeapType.I31 or HeapType.Struct or HeapType.Array or HeapType.None,
            _ => false,
        };
    }

    /// <summary><c>i32</c>.</summary>
    public static readonly ValType I32 = new(ValKind.I32);
    /// <summary><c>i64</c>.</summary>
    public static readonly ValType I64 = new(ValKind.I64);
    /// <summary><c>f32</c>.</summary>
    public static readonly ValType F32 = new(ValKind.F32);
    /// <summary><c>f64</c>.</summary>
    public static readonly ValType F64 = new(ValKind.F64);
    /// <summary><c>v128</c>.</summary>
    public static readonly ValType V128 = new(ValKind.V128);
    /// <summary><c>funcref</c>, i.e. <c>(ref null func)</c>.</summary>
    public static readonly ValType FuncRef = new(ValKind.Ref, HeapType.Func);
    /// <summary><c>externref</c>, i.e. <c>(ref null extern)</c>.</summary>
    public static readonly ValType ExternRef = new(ValKind.Ref, HeapType.Extern);
    /// <summary><c>exnref</c>, i.e. <c>(ref null exn)</c>.</summary>
    public static readonly ValType ExnRef = new(ValKind.Ref, HeapType.Exn);

    /// <summary>
    /// Validation only: the type of an operand popped from the polymorphic stack of unreachable code, which
    /// matches every type. Never appears in a module.
    /// </summary>
    internal static readonly ValType Unknown = new((ValKind)0xFF);

    /// <summary>True for <see cref="Unknown"/>.</summary>
    internal bool IsUnknown => Kind == (ValKind)0xFF;

    /// <summary>True for <c>i32</c>, <c>i64</c>, <c>f32</c>, <c>f64</c>.</summary>
    public bool IsNumeric => Kind <= ValKind.F64;

    /// <summary>True for reference types.</summary>
    public bool IsRef => Kind == ValKind.Ref;

    /// <summary>The text-format name, e.g. <c>i32</c> or <c>funcref</c>.</summary>
    public override string ToString() => Kind switch
    {
        ValKind.I32 => "i32",
        ValKind.I64 => "i64",
        ValKind.F32 => "f32",
        ValKind.F64 => "f64",
        ValKind.V128 => "v128",
        (ValKind)0xFF => "unknown",
        _ when TypeId != 0 => Nullable ? $"(ref null {TypeRegistry.Get(TypeId)})" : $"(ref {TypeRegistry.Get(TypeId)})",
        _ => Nullable ? $"{HeapName(Heap)}ref" : $"(ref {HeapName(Heap)})",
    };

    private static string HeapName(HeapType h) => h switch
    {
        HeapType.None => "null",
        HeapType.NoFunc => "nullfunc",
        HeapType.NoExtern => "nullextern",
        HeapType.NoExn => "nullexn",
        _ => h.ToString().ToLowerInvariant(),
    };
}
