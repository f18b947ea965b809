using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.Intrinsics;

namespace Wasm.Compilation;

/// <summary>Moves values between compiled code's CLR types and <see cref="Value"/> (for the untyped paths).</summary>
internal static class ValueInterop
{
    private static readonly MethodInfo GetI32 = typeof(Value).GetProperty(nameof(Value.I32))!.GetMethod!;
    private static readonly MethodInfo GetI64 = typeof(Value).GetProperty(nameof(Value.I64))!.GetMethod!;
    private static readonly MethodInfo GetF32 = typeof(Value).GetProperty(nameof(Value.F32))!.GetMethod!;
    private static readonly MethodInfo GetF64 = typeof(Value).GetProperty(nameof(Value.F64))!.GetMethod!;
    private static readonly MethodInfo GetV128 = typeof(Value).GetProperty(nameof(Value.V128))!.GetMethod!;
    private static readonly MethodInfo GetRef = typeof(Value).GetProperty(nameof(Value.Ref))!.GetMethod!;

    /// <summary>With the address of a <see cref="Value"/> on the stack, pushes its payload.</summary>
    public static void EmitUnbox(ILGenerator il, ValType t) => il.Emit(OpCodes.Call, t.Kind switch
    {
        ValKind.I32 => GetI32,
        ValKind.I64 => GetI64,
        ValKind.F32 => GetF32,
        ValKind.F64 => GetF64,
        ValKind.V128 => GetV128,
        _ => GetRef,
    });

    /// <summary>With a payload on the stack, pushes a <see cref="Value"/> of type <paramref name="t"/>.</summary>
    public static void EmitBox(ILGenerator il, ValType t)
    {
        switch (t.Kind)
        {
            case ValKind.I32: il.Emit(OpCodes.Call, typeof(ValueInterop).GetMethod(nameof(I32))!); break;
            case ValKind.I64: il.Emit(OpCodes.Call, typeof(ValueInterop).GetMethod(nameof(I64))!); break;
            case ValKind.F32: il.Emit(OpCodes.Call, typeof(ValueInterop).GetMethod(nameof(F32))!); break;
            case ValKind.F64: il.Emit(OpCodes.Call, typeof(ValueInterop).GetMethod(nameof(F64))!); break;
            case ValKind.V128: il.Emit(OpCodes.Call, typeof(ValueInterop).GetMethod(nameof(V128))!); break;
            default:
                il.Emit(OpCodes.Ldc_I4, (int)t.Heap);
                il.Emit(OpCodes.Ldc_I4, t.TypeId);
                il.Emit(OpCodes.Ldc_I4, t.Nullable ? 1 : 0);
                il.Emit(OpCodes.Call, typeof(ValueInterop).GetMethod(nameof(Ref))!);
                break;
        }
    }

    /// <summary>Boxing helpers called from generated code (they keep float NaN payloads bit-exact).</summary>
    public static Value I32(int v) => Value.FromI32(v);
    /// <summary>See <see cref="I32"/>.</summary>
    public static Value I64(long v) => Value.FromI64(v);
    /// <summary>See <see cref="I32"/>.</summary>
    public static Value F32(float v) => Value.FromF32Bits(BitConverter.SingleToInt32Bits(v));
    /// <summary>See <see cref="I32"/>.</summary>
    public static Value F64(double v) => Value.FromF64Bits(BitConverter.DoubleToInt64Bits(v));
    /// <summary>See <see cref="I32"/>.</summary>
    public static Value V128(Vector128<byte> v) => Value.FromV128(v);
    /// <summary>See <see cref="I32"/>.</summary>
    public static Value Ref(object? o, int heap, int typeId, bool nullable) => Value.FromRef(new ValType(ValKind.Ref, (HeapType)heap, nullable, typeId), o);
}
