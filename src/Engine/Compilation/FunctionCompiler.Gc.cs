using System.Collections.Concurrent;
using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.Intrinsics;
using Wasm.Instructions;

namespace Wasm.Compilation;

internal sealed partial class FunctionCompiler
{
    private static readonly ConcurrentDictionary<(string, Type?), MethodInfo> GcMethods = new();

    /// <summary>A <see cref="GcOps"/> method, instantiated for <paramref name="storage"/> when generic.</summary>
    private static MethodInfo Gc(string name, Type? storage = null) => GcMethods.GetOrAdd((name, storage), static key =>
    {
        var m = Signatures.Method(typeof(GcOps), key.Item1);
        return key.Item2 is null ? m : m.MakeGenericMethod(key.Item2);
    });

    private static bool IsGc(Opcode op) => (ushort)op is >= OpcodeTable.GcBase and < OpcodeTable.AtomicBase || op == Opcode.RefEq;

    /// <summary>Pushes the module's defined type <paramref name="typeIndex"/> (read from the context, so saved code works in any process).</summary>
    private void LoadDefinedType(uint typeIndex)
    {
        LoadCtx();
        _il.Emit(OpCodes.Ldfld, Builtins.CtxTypes);
        _il.Emit(OpCodes.Ldc_I4, (int)typeIndex);
        _il.Emit(OpCodes.Ldelem_Ref);
    }

    private static string Suffix(ValType t) => t.Kind switch
    {
        ValKind.I32 => "I32",
        ValKind.I64 => "I64",
        ValKind.F32 => "F32",
        ValKind.F64 => "F64",
        ValKind.V128 => "V128",
        _ => "Ref",
    };

    /// <summary>Narrows an i32 on the stack to packed storage before a store.</summary>
    private void EmitPack(PackedType p)
    {
        if (p == PackedType.I8) _il.Emit(OpCodes.Conv_U1);
        else if (p == PackedType.I16) _il.Emit(OpCodes.Conv_U2);
    }

    /// <summary>Extends a packed value read as i32 (zero-extended) for the _s/_u forms.</summary>
    private void EmitUnpack(PackedType p, bool signed)
    {
        if (p == PackedType.I8) _il.Emit(signed ? OpCodes.Conv_I1 : OpCodes.Conv_U1);
        else if (p == PackedType.I16) _il.Emit(signed ? OpCodes.Conv_I2 : OpCodes.Conv_U2);
    }

    private void EmitGc(in Instruction ins)
    {
        var il = _il;
        var op = ins.Op;
        if (op is Opcode.BrOnCast or Opcode.BrOnCastFail)
        {
            var target = _frames[_frames.Count - 1 - (int)ins.A];
            var arity = target.LabelTypes.Length;
            var stay = il.DefineLabel();
            il.Emit(OpCodes.Dup);
            EmitIsInstance(ins.Type);
            il.Emit(op == Opcode.BrOnCast ? OpCodes.Brfalse : OpCodes.Brtrue, stay);
            DropBeneath(arity);
            JumpTo(target);
            il.MarkLabel(stay);
            _validator.Step(in ins);
            return;
        }
        _validator.Step(in ins);
        switch (op)
        {
            case Opcode.StructNew:
            case Opcode.StructNewDefault:
            {
                var t = _module.TypeDefs[(int)ins.A];
                if (op == Opcode.StructNewDefault || t.Fields.Length == 0)
                {
                    LoadDefinedType(ins.A);
                    il.Emit(OpCodes.Call, Gc(nameof(GcOps.StructNew)));
                    return;
                }
                // Allocate first, then store the operands from the top of the stack down: one temporary per
                // value type however many fields there are.
                var s = RentTemp(typeof(GcStruct));
                LoadDefinedType(ins.A);
                il.Emit(OpCodes.Call, Gc(nameof(GcOps.StructNew)));
                il.Emit(OpCodes.Stloc, s);
                for (int i = t.Fields.Length - 1; i >= 0; i--)
                {
                    var f = t.Fields[i];
                    var value = RentTemp(f.Type);
                    il.Emit(OpCodes.Stloc, value);
                    il.Emit(OpCodes.Ldloc, s);
                    il.Emit(OpCodes.Ldloc, value);
                    EmitPack(f.Packed);
                    il.Emit(OpCodes.Ldc_I4, t.Slots[i]);
                    il.Emit(OpCodes.Call, Gc("StructSet" + Suffix(f.Type)));
                    ReturnTemp(value);
                }
                il.Emit(OpCodes.Ldloc, s);
                ReturnTemp(s);
                return;
            }
            case Opcode.StructGet:
            case Opcode.StructGetS:
            case Opcode.StructGetU:
            {
                var t = _module.TypeDefs[(int)ins.A];
                var f = t.Fields[ins.B];
                il.Emit(OpCodes.Ldc_I4, t.Slots[ins.B]);
                il.Emit(OpCodes.Call, Gc("StructGet" + Suffix(f.Type)));
                EmitUnpack(f.Packed, op == Opcode.StructGetS);
                return;
            }
            case Opcode.StructSet:
            {
                var t = _module.TypeDefs[(int)ins.A];
                var f = t.Fields[ins.B];
                EmitPack(f.Packed);
                il.Emit(OpCodes.Ldc_I4, t.Slots[ins.B]);
                il.Emit(OpCodes.Call, Gc("StructSet" + Suffix(f.Type)));
                return;
            }
            case Opcode.ArrayNew:
            {
                var (e, storage) = Element(ins.A);
                var length = RentTemp(typeof(int));
                il.Emit(OpCodes.Stloc, length);
                EmitPack(e.Packed);
                il.Emit(OpCodes.Ldloc, length);
                ReturnTemp(length);
                LoadDefinedType(ins.A);
                il.Emit(OpCodes.Call, Gc(nameof(GcOps.ArrayNew), storage));
                return;
            }
            case Opcode.ArrayNewDefault:
            {
                var (_, storage) = Element(ins.A);
                LoadDefinedType(ins.A);
                il.Emit(OpCodes.Call, Gc(nameof(GcOps.ArrayNewDefault), storage));
                return;
            }
            case Opcode.ArrayNewFixed:
            {
                var (e, storage) = Element(ins.A);
                int n = (int)ins.B;
                var array = RentTemp(typeof(object));
                var value = RentTemp(e.Type);
                il.Emit(OpCodes.Ldc_I4, n);
                LoadDefinedType(ins.A);
                il.Emit(OpCodes.Call, Gc(nameof(GcOps.ArrayNewDefault), storage));
                il.Emit(OpCodes.Stloc, array);
                for (int i = n - 1; i >= 0; i--)
                {
                    il.Emit(OpCodes.Stloc, value);
                    il.Emit(OpCodes.Ldloc, array);
                    il.Emit(OpCodes.Ldc_I4, i);
                    il.Emit(OpCodes.Ldloc, value);
                    EmitPack(e.Packed);
                    il.Emit(OpCodes.Call, Gc(nameof(GcOps.ArraySet), storage));
                }
                il.Emit(OpCodes.Ldloc, array);
                ReturnTemp(array);
                ReturnTemp(value);
                return;
            }
            case Opcode.ArrayNewData:
            {
                var (_, storage) = Element(ins.A);
                LoadDefinedType(ins.A);
                LoadCtx();
                il.Emit(OpCodes.Ldc_I4, (int)ins.B);
                il.Emit(OpCodes.Call, Gc(nameof(GcOps.ArrayNewData), storage));
                return;
            }
            case Opcode.ArrayNewElem:
                LoadDefinedType(ins.A);
                LoadCtx();
                il.Emit(OpCodes.Ldc_I4, (int)ins.B);
                il.Emit(OpCodes.Call, Gc(nameof(GcOps.ArrayNewElem)));
                return;
            case Opcode.ArrayGet:
            case Opcode.ArrayGetS:
            case Opcode.ArrayGetU:
            {
                var (e, storage) = Element(ins.A);
                il.Emit(OpCodes.Call, Gc(nameof(GcOps.ArrayGet), storage));
                if (e.Packed != PackedType.None) EmitUnpack(e.Packed, op == Opcode.ArrayGetS);
                return;
            }
            case Opcode.ArraySet:
            {
                var (e, storage) = Element(ins.A);
                EmitPack(e.Packed);
                il.Emit(OpCodes.Call, Gc(nameof(GcOps.ArraySet), storage));
                return;
            }
            case Opcode.ArrayLen:
                il.Emit(OpCodes.Call, Gc(nameof(GcOps.ArrayLen)));
                return;
            case Opcode.ArrayFill:
            {
                var (e, storage) = Element(ins.A);
                if (e.Packed != PackedType.None)
                {
                    var count = RentTemp(typeof(int));
                    il.Emit(OpCodes.Stloc, count);
                    EmitPack(e.Packed);
                    il.Emit(OpCodes.Ldloc, count);
                    ReturnTemp(count);
                }
                il.Emit(OpCodes.Call, Gc(nameof(GcOps.ArrayFill), storage));
                return;
            }
            case Opcode.ArrayCopy:
            {
                var (_, storage) = Element(ins.A);
                il.Emit(OpCodes.Call, Gc(nameof(GcOps.ArrayCopy), storage));
                return;
            }
            case Opcode.ArrayInitData:
            {
                var (_, storage) = Element(ins.A);
                LoadCtx();
                il.Emit(OpCodes.Ldc_I4, (int)ins.B);
                il.Emit(OpCodes.Call, Gc(nameof(GcOps.ArrayInitData), storage));
                return;
            }
            case Opcode.ArrayInitElem:
                LoadCtx();
                il.Emit(OpCodes.Ldc_I4, (int)ins.B);
                il.Emit(OpCodes.Call, Gc(nameof(GcOps.ArrayInitElem)));
                return;
            case Opcode.RefI31:
                il.Emit(OpCodes.Call, Gc(nameof(GcOps.RefI31)));
                return;
            case Opcode.I31GetS:
                il.Emit(OpCodes.Call, Gc(nameof(GcOps.I31GetS)));
                return;
            case Opcode.I31GetU:
                il.Emit(OpCodes.Call, Gc(nameof(GcOps.I31GetU)));
                return;
            case Opcode.RefEq:
                il.Emit(OpCodes.Call, Gc(nameof(GcOps.RefEq)));
                return;
            case Opcode.RefTest:
            case Opcode.RefTestNull:
                EmitIsInstance(ins.Type);
                return;
            case Opcode.RefCast:
            case Opcode.RefCastNull:
            {
                var ok = il.DefineLabel();
                il.Emit(OpCodes.Dup);
                EmitIsInstance(ins.Type);
                il.Emit(OpCodes.Brtrue, ok);
                EmitTrap(TrapCode.CastFailure);
                il.MarkLabel(ok);
                return;
            }
            case Opcode.AnyConvertExtern:
            case Opcode.ExternConvertAny:
                // Host references and internal ones share one representation: the conversions are identities.
                return;
            default:
                throw new InvalidOperationException($"no code generation for {op}");
        }
    }

    /// <summary>An array type's element and the CLR type its storage uses.</summary>
    private (FieldType Element, Type Storage) Element(uint typeIndex)
    {
        var e = _module.TypeDefs[(int)typeIndex].Fields[0];
        return (e, GcOps.StorageType(e));
    }

    /// <summary>[ref] → [i32]: whether the reference is a value of <paramref name="target"/>.</summary>
    private void EmitIsInstance(ValType target)
    {
        var il = _il;
        if (target.IsConcrete)
        {
            il.Emit(OpCodes.Ldc_I4, target.Nullable ? 1 : 0);
            LoadDefinedType(TypeIndexOf(target.TypeId));
            il.Emit(OpCodes.Call, Gc(nameof(GcOps.IsInstanceOf)));
            return;
        }
        il.Emit(OpCodes.Ldc_I4, (int)target.Heap);
        il.Emit(OpCodes.Ldc_I4, target.Nullable ? 1 : 0);
        il.Emit(OpCodes.Call, Gc(nameof(GcOps.IsInstanceOfHeap)));
    }

    private Dictionary<int, uint>? _typeIndexById;

    /// <summary>The first module type index with canonical id <paramref name="id"/>.</summary>
    private uint TypeIndexOf(int id)
    {
        if (_typeIndexById is null)
        {
            _typeIndexById = new Dictionary<int, uint>();
            for (int i = 0; i < _module.TypeDefs.Count; i++) _typeIndexById.TryAdd(_module.TypeDefs[i].Id, (uint)i);
        }
        return _typeIndexById[id];
    }
}
