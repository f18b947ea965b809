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
}

/// <summary>
/// A WebAssembly value type. A small value type rather than an enum so reference types can carry
/// their heap type and nullability (function references and GC extend this shape).
/// </summary>
/// <param name="Kind">Number, vector or reference.</param>
/// <param name="Heap">For references: the abstract heap type (a concrete function type has <see cref="HeapType.Func"/>).</param>
/// <param name="Nullable">For references: whether null is a value of the type.</param>
/// <param name="TypeId">For references to a concrete function type: its canonical id (<see cref="FuncTypes"/>),
/// equal for structurally equal types of any module; 0 for abstract heap types.</param>
public readonly record struct ValType(ValKind Kind, HeapType Heap = HeapType.Func, bool Nullable = true, int TypeId = 0)
{
    /// <summary>A reference to the concrete function type <paramref name="type"/>: <c>(ref null? $t)</c>.</summary>
    public static ValType RefTo(FuncType type, bool nullable) => new(ValKind.Ref, HeapType.Func, nullable, FuncTypes.IdOf(type));

    /// <summary>True for references to a concrete function type.</summary>
    public bool IsConcrete => Kind == ValKind.Ref && TypeId != 0;

    /// <summary>For concrete references: the function type.</summary>
    public FuncType? ConcreteType => IsConcrete ? FuncTypes.Get(TypeId) : null;

    /// <summary>False for non-nullable references, which have no default value (locals need initialising).</summary>
    public bool IsDefaultable => Kind != ValKind.Ref || Nullable;

    /// <summary>The same reference type without null.</summary>
    public ValType AsNonNullable => this with { Nullable = false };

    /// <summary>
    /// Subtyping as far as function references define it: equal types match, a non-nullable reference matches
    /// its nullable form, and a concrete function type matches <c>func</c>.
    /// </summary>
    public bool IsSubtypeOf(ValType expected)
    {
        if (this == expected) return true;
        if (Kind != ValKind.Ref || expected.Kind != ValKind.Ref || Heap != expected.Heap) return false;
        if (Nullable && !expected.Nullable) return false;
        return expected.TypeId == 0 || expected.TypeId == TypeId;
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
        _ when TypeId != 0 => Nullable ? $"(ref null {FuncTypes.Get(TypeId)})" : $"(ref {FuncTypes.Get(TypeId)})",
        _ => (Heap, Nullable) switch
        {
            (HeapType.Func, true) => "funcref",
            (HeapType.Extern, true) => "externref",
            (HeapType.Func, false) => "(ref func)",
            (HeapType.Exn, true) => "exnref",
            (HeapType.Exn, false) => "(ref exn)",
            _ => "(ref extern)",
        },
    };
}
