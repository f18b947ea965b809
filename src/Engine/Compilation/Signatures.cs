using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.Intrinsics;
using Wasm.Runtime;

namespace Wasm.Compilation;

/// <summary>
/// How wasm signatures map to CLR methods. Every compiled function is a static method
/// <c>R F(P1, …, Pn, VmContext ctx)</c>: the context comes last so arguments already on the IL stack stay put
/// for indirect calls. No result is <c>void</c>, one is its type, several a (nested) <c>ValueTuple</c>.
/// </summary>
internal static class Signatures
{
    /// <summary>The CLR type that carries a wasm value in compiled code.</summary>
    public static Type ClrType(ValType t) => t.Kind switch
    {
        ValKind.I32 => typeof(int),
        ValKind.I64 => typeof(long),
        ValKind.F32 => typeof(float),
        ValKind.F64 => typeof(double),
        ValKind.V128 => typeof(Vector128<byte>),
        _ => typeof(object),
    };

    /// <summary>The return type for a list of results.</summary>
    public static Type ReturnType(ReadOnlySpan<ValType> results)
    {
        if (results.Length == 0) return typeof(void);
        if (results.Length == 1) return ClrType(results[0]);
        var types = new Type[results.Length];
        for (var i = 0; i < types.Length; i++) types[i] = ClrType(results[i]);
        return TupleType(types);
    }

    /// <summary>A ValueTuple type holding the given types (nested through <c>Rest</c> past seven).</summary>
    public static Type TupleType(ReadOnlySpan<Type> types)
    {
        if (types.Length <= 7) return GenericTuple(types.Length).MakeGenericType(types.ToArray());
        var args = new Type[8];
        types[..7].CopyTo(args);
        args[7] = TupleType(types[7..]);
        return GenericTuple(8).MakeGenericType(args);
    }

    private static Type GenericTuple(int n) => n switch
    {
        1 => typeof(ValueTuple<>),
        2 => typeof(ValueTuple<,>),
        3 => typeof(ValueTuple<,,>),
        4 => typeof(ValueTuple<,,,>),
        5 => typeof(ValueTuple<,,,,>),
        6 => typeof(ValueTuple<,,,,,>),
        7 => typeof(ValueTuple<,,,,,,>),
        _ => typeof(ValueTuple<,,,,,,,>),
    };

    /// <summary>Parameter types of the compiled method: wasm parameters then the context.</summary>
    public static Type[] ParameterTypes(FuncType type)
    {
        var p = new Type[type.Parameters.Length + 1];
        for (var i = 0; i < type.Parameters.Length; i++) p[i] = ClrType(type.Parameters[i]);
        p[^1] = typeof(VmContext);
        return p;
    }

    /// <summary>With the results' values pushed in order, builds the return value.</summary>
    public static void EmitPack(ILGenerator il, ReadOnlySpan<ValType> results)
    {
        if (results.Length <= 1) return;
        var types = new Type[results.Length];
        for (var i = 0; i < types.Length; i++) types[i] = ClrType(results[i]);
        EmitPackTypes(il, types);
    }

    private static void EmitPackTypes(ILGenerator il, ReadOnlySpan<Type> types)
    {
        // The last group is on top of the stack: build innermost tuples first.
        var groups = new List<(int Start, int Length)>();
        for (var i = 0; i < types.Length; i += 7) groups.Add((i, Math.Min(7, types.Length - i)));
        for (var g = groups.Count - 1; g >= 0; g--)
        {
            var tupleType = TupleType(types[groups[g].Start..]);
            il.Emit(OpCodes.Newobj, tupleType.GetConstructors()[0]);
        }
    }

    /// <summary>With a return value on the stack, pushes each result in order (uses a temporary).</summary>
    public static void EmitUnpack(ILGenerator il, ReadOnlySpan<ValType> results, LocalBuilder tupleTemp)
    {
        if (results.Length <= 1) return;
        il.Emit(OpCodes.Stloc, tupleTemp);
        var tupleType = tupleTemp.LocalType;
        for (var i = 0; i < results.Length; i++)
        {
            il.Emit(OpCodes.Ldloca, tupleTemp);
            var t = tupleType;
            var index = i;
            while (index >= 7)
            {
                var rest = t.GetField("Rest")!;
                il.Emit(OpCodes.Ldflda, rest);
                t = rest.FieldType;
                index -= 7;
            }
            il.Emit(OpCodes.Ldfld, t.GetField("Item" + (index + 1))!);
        }
    }

    /// <summary>The wasm signature a delegate type stands for.</summary>
    /// <exception cref="ArgumentException">A type has no wasm equivalent.</exception>
    public static FuncType FuncTypeOf(Type delegateType)
    {
        var invoke = delegateType.GetMethod("Invoke") ?? throw new ArgumentException("not a delegate type");
        var ps = invoke.GetParameters();
        var parameters = new ValType[ps.Length];
        for (var i = 0; i < ps.Length; i++) parameters[i] = WasmType(ps[i].ParameterType);
        return new FuncType(parameters, ResultTypes(invoke.ReturnType));
    }

    private static ValType[] ResultTypes(Type t)
    {
        if (t == typeof(void)) return [];
        if (!IsValueTuple(t)) return [WasmType(t)];
        var list = new List<ValType>();
        while (true)
        {
            var args = t.GetGenericArguments();
            for (var i = 0; i < Math.Min(7, args.Length); i++) list.Add(WasmType(args[i]));
            if (args.Length < 8) break;
            t = args[7];
        }
        return list.ToArray();
    }

    private static bool IsValueTuple(Type t) =>
        t.IsGenericType && t.FullName!.StartsWith("System.ValueTuple`", StringComparison.Ordinal);

    /// <summary>The wasm type for a CLR type used in a host or call delegate.</summary>
    public static ValType WasmType(Type t)
    {
        if (t == typeof(int) || t == typeof(uint)) return ValType.I32;
        if (t == typeof(long) || t == typeof(ulong)) return ValType.I64;
        if (t == typeof(float)) return ValType.F32;
        if (t == typeof(double)) return ValType.F64;
        if (t == typeof(Vector128<byte>)) return ValType.V128;
        if (t == typeof(Function)) return ValType.FuncRef;
        if (t == typeof(object)) return ValType.ExternRef;
        // GC references by their runtime class: the abstract heap type every such object belongs to.
        if (t == typeof(GcStruct)) return ValType.RefTo(HeapType.Struct, true);
        if (t == typeof(GcArray)) return ValType.RefTo(HeapType.Array, true);
        if (t == typeof(I31Ref)) return ValType.RefTo(HeapType.I31, true);
        throw new ArgumentException($"type {t} has no WebAssembly equivalent");
    }

    /// <summary>Converts the value on the stack from the CLR type compiled code uses to a delegate's type.</summary>
    public static void EmitToDelegateType(ILGenerator il, Type delegateSide)
    {
        if (delegateSide == typeof(Function) || delegateSide == typeof(GcStruct) || delegateSide == typeof(GcArray) || delegateSide == typeof(I31Ref))
            il.Emit(OpCodes.Castclass, delegateSide);
    }

    /// <summary>Finds a public or non-public instance or static method by name.</summary>
    public static MethodInfo Method(Type t, string name) =>
        t.GetMethod(name, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance)
        ?? throw new MissingMethodException(t.Name, name);

    /// <summary>Finds a public or non-public instance field by name.</summary>
    public static FieldInfo Field(Type t, string name) =>
        t.GetField(name, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance)
        ?? throw new MissingFieldException(t.Name, name);
}
