using Wasm.Instructions;

namespace Wasm.Validation;

internal sealed partial class FunctionValidator
{
    /// <summary>The defined type at <paramref name="index"/>.</summary>
    public DefinedType DefinedType(uint index)
    {
        if (index >= (uint)_module.TypeDefs.Count) throw Invalid($"unknown type {index}");
        return _module.TypeDefs[(int)index];
    }

    private DefinedType StructType(uint index)
    {
        var t = DefinedType(index);
        if (t.Kind != CompositeKind.Struct) throw Invalid($"type mismatch: type {index} is not a struct type");
        return t;
    }

    private DefinedType ArrayType(uint index)
    {
        var t = DefinedType(index);
        if (t.Kind != CompositeKind.Array) throw Invalid($"type mismatch: type {index} is not an array type");
        return t;
    }

    private FieldType Field(DefinedType t, uint index)
    {
        if (index >= (uint)t.Fields.Length) throw Invalid($"unknown field {index}");
        return t.Fields[index];
    }

    /// <summary>A field read: packed storage needs the _s/_u forms, which other storage refuses.</summary>
    private void CheckGetForm(FieldType f, Opcode op, Opcode plain)
    {
        bool packed = f.Packed != PackedType.None;
        if (packed == (op == plain)) throw Invalid(packed ? "field is packed" : "field is not packed");
    }

    /// <summary>GC instructions (struct, array, i31, casts).</summary>
    private bool StepGc(in Instruction ins)
    {
        switch (ins.Op)
        {
            case Opcode.StructNew:
            {
                var t = StructType(ins.A);
                for (int i = t.Fields.Length - 1; i >= 0; i--) Pop(t.Fields[i].Type);
                Push(ValType.RefTo(t, false));
                return true;
            }
            case Opcode.StructNewDefault:
            {
                var t = StructType(ins.A);
                foreach (var f in t.Fields)
                    if (!f.Type.IsDefaultable) throw Invalid("type mismatch: field type is not defaultable");
                Push(ValType.RefTo(t, false));
                return true;
            }
            case Opcode.StructGet or Opcode.StructGetS or Opcode.StructGetU:
            {
                var t = StructType(ins.A);
                var f = Field(t, ins.B);
                CheckGetForm(f, ins.Op, Opcode.StructGet);
                Pop(ValType.RefTo(t, true));
                Push(f.Type);
                return true;
            }
            case Opcode.StructSet:
            {
                var t = StructType(ins.A);
                var f = Field(t, ins.B);
                if (!f.Mutable) throw Invalid("field is immutable");
                Pop(f.Type);
                Pop(ValType.RefTo(t, true));
                return true;
            }
            case Opcode.ArrayNew:
            {
                var t = ArrayType(ins.A);
                Pop(ValType.I32);
                Pop(t.Fields[0].Type);
                Push(ValType.RefTo(t, false));
                return true;
            }
            case Opcode.ArrayNewDefault:
            {
                var t = ArrayType(ins.A);
                if (!t.Fields[0].Type.IsDefaultable) throw Invalid("type mismatch: array type is not defaultable");
                Pop(ValType.I32);
                Push(ValType.RefTo(t, false));
                return true;
            }
            case Opcode.ArrayNewFixed:
            {
                var t = ArrayType(ins.A);
                for (uint i = 0; i < ins.B; i++) Pop(t.Fields[0].Type);
                Push(ValType.RefTo(t, false));
                return true;
            }
            case Opcode.ArrayNewData:
            {
                var t = ArrayType(ins.A);
                if (t.Fields[0].Type.IsRef) throw Invalid("type mismatch: array type is not numeric or vector");
                DataSegment(ins.B);
                Pop(ValType.I32);
                Pop(ValType.I32);
                Push(ValType.RefTo(t, false));
                return true;
            }
            case Opcode.ArrayNewElem:
            {
                var t = ArrayType(ins.A);
                if (!ElemSegment(ins.B).IsSubtypeOf(t.Fields[0].Type)) throw Invalid("type mismatch");
                Pop(ValType.I32);
                Pop(ValType.I32);
                Push(ValType.RefTo(t, false));
                return true;
            }
            case Opcode.ArrayGet or Opcode.ArrayGetS or Opcode.ArrayGetU:
            {
                var t = ArrayType(ins.A);
                CheckGetForm(t.Fields[0], ins.Op, Opcode.ArrayGet);
                Pop(ValType.I32);
                Pop(ValType.RefTo(t, true));
                Push(t.Fields[0].Type);
                return true;
            }
            case Opcode.ArraySet:
            {
                var t = ArrayType(ins.A);
                if (!t.Fields[0].Mutable) throw Invalid("array is immutable");
                Pop(t.Fields[0].Type);
                Pop(ValType.I32);
                Pop(ValType.RefTo(t, true));
                return true;
            }
            case Opcode.ArrayFill:
            {
                var t = ArrayType(ins.A);
                if (!t.Fields[0].Mutable) throw Invalid("array is immutable");
                Pop(ValType.I32);
                Pop(t.Fields[0].Type);
                Pop(ValType.I32);
                Pop(ValType.RefTo(t, true));
                return true;
            }
            case Opcode.ArrayCopy:
            {
                var dst = ArrayType(ins.A);
                var src = ArrayType(ins.B);
                if (!dst.Fields[0].Mutable) throw Invalid("array is immutable");
                var d = dst.Fields[0];
                var s = src.Fields[0];
                if (d.Packed != s.Packed || !s.Type.IsSubtypeOf(d.Type)) throw Invalid("type mismatch");
                Pop(ValType.I32);
                Pop(ValType.I32);
                Pop(ValType.RefTo(src, true));
                Pop(ValType.I32);
                Pop(ValType.RefTo(dst, true));
                return true;
            }
            case Opcode.ArrayInitData:
            {
                var t = ArrayType(ins.A);
                if (!t.Fields[0].Mutable) throw Invalid("array is immutable");
                if (t.Fields[0].Type.IsRef) throw Invalid("type mismatch: array type is not numeric or vector");
                DataSegment(ins.B);
                Pop(ValType.I32);
                Pop(ValType.I32);
                Pop(ValType.I32);
                Pop(ValType.RefTo(t, true));
                return true;
            }
            case Opcode.ArrayInitElem:
            {
                var t = ArrayType(ins.A);
                if (!t.Fields[0].Mutable) throw Invalid("array is immutable");
                if (!ElemSegment(ins.B).IsSubtypeOf(t.Fields[0].Type)) throw Invalid("type mismatch");
                Pop(ValType.I32);
                Pop(ValType.I32);
                Pop(ValType.I32);
                Pop(ValType.RefTo(t, true));
                return true;
            }
            case Opcode.RefTest or Opcode.RefTestNull or Opcode.RefCast or Opcode.RefCastNull:
            {
                var target = ins.Type;
                var actual = PopRef();
                if (!actual.IsUnknown && actual.TopHeap != target.TopHeap) throw Invalid("type mismatch");
                Push(ins.Op is Opcode.RefTest or Opcode.RefTestNull ? ValType.I32 : target);
                return true;
            }
            case Opcode.BrOnCast or Opcode.BrOnCastFail:
            {
                var source = ins.Type2;
                var target = ins.Type;
                if (!target.IsSubtypeOf(source)) throw Invalid("type mismatch");
                Pop(source);
                var types = Label(ins.A).LabelTypes;
                if (types.Length == 0) throw Invalid("type mismatch");
                var difference = source with { Nullable = source.Nullable && !target.Nullable };
                var branched = ins.Op == Opcode.BrOnCast ? target : difference;
                if (!branched.IsSubtypeOf(types[^1])) throw Invalid("type mismatch");
                for (int i = types.Length - 2; i >= 0; i--) Pop(types[i]);
                for (int i = 0; i < types.Length - 1; i++) Push(types[i]);
                Push(ins.Op == Opcode.BrOnCast ? difference : target);
                return true;
            }
            case Opcode.AnyConvertExtern:
            {
                var t = PopRef();
                if (!t.IsUnknown && t.TopHeap != HeapType.Extern) throw Invalid("type mismatch");
                Push(ValType.RefTo(HeapType.Any, !t.IsUnknown && t.Nullable));
                return true;
            }
            case Opcode.ExternConvertAny:
            {
                var t = PopRef();
                if (!t.IsUnknown && t.TopHeap != HeapType.Any) throw Invalid("type mismatch");
                Push(ValType.RefTo(HeapType.Extern, !t.IsUnknown && t.Nullable));
                return true;
            }
        }
        return false;
    }
}
