using System.Runtime.Intrinsics;

namespace Wasm;

/// <summary>A global variable. Compiled code reads and writes the field that matches its type.</summary>
public sealed class Global : Extern
{
    internal int I32;
    internal long I64;
    internal float F32;
    internal double F64;
    internal Vector128<byte> V128;
    internal object? Ref;

    /// <summary>Creates a global with an initial value.</summary>
    /// <exception cref="ArgumentException">The value's type differs from the global's.</exception>
    public Global(GlobalType type, Value initial)
    {
        Type = type;
        Store(initial);
    }

    /// <summary>The global's type.</summary>
    public GlobalType Type { get; }

    /// <inheritdoc/>
    public override ExternKind Kind => ExternKind.Global;

    /// <summary>The current value. Setting an immutable global from the host is allowed only through
    /// <see cref="SetValue"/> semantics of the embedder; this setter refuses it.</summary>
    /// <exception cref="InvalidOperationException">The global is immutable.</exception>
    public Value Value
    {
        get => Type.Type.Kind switch
        {
            ValKind.I32 => Value.FromI32(I32),
            ValKind.I64 => Value.FromI64(I64),
            ValKind.F32 => Value.FromF32Bits(BitConverter.SingleToInt32Bits(F32)),
            ValKind.F64 => Value.FromF64Bits(BitConverter.DoubleToInt64Bits(F64)),
            ValKind.V128 => Value.FromV128(V128),
            _ => Value.FromRef(Type.Type, Ref),
        };
        set
        {
            if (!Type.Mutable) throw new InvalidOperationException("cannot set an immutable global");
            Store(value);
        }
    }

    /// <summary>Sets the value regardless of mutability (instantiation of the owning module).</summary>
    internal void SetValue(Value value) => Store(value);

    private void Store(Value v)
    {
        if (v.Type.Kind != Type.Type.Kind) throw new ArgumentException($"expected a {Type.Type} value, got {v.Type}");
        var t = Type.Type;
        if (Compilation.GcOps.NeedsCheck(t) && !Compilation.GcOps.IsInstance(v.Ref, (int)t.Heap, t.TypeId, t.Nullable))
            throw new ArgumentException($"expected a {t} value, got {(v.Ref is null ? "null" : v.Ref.GetType().Name)}");
        switch (v.Type.Kind)
        {
            case ValKind.I32: I32 = v.I32; break;
            case ValKind.I64: I64 = v.I64; break;
            case ValKind.F32: F32 = BitConverter.Int32BitsToSingle(v.I32); break;
            case ValKind.F64: F64 = BitConverter.Int64BitsToDouble(v.I64); break;
            case ValKind.V128: V128 = v.V128; break;
            default: Ref = v.Ref; break;
        }
    }
}
