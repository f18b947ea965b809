using Wasm.Instructions;
using Wasm.Model;

namespace Wasm.Validation;

/// <summary>Validates constant expressions: global and table initialisers, segment offsets and element items.</summary>
internal static class ConstExprValidator
{
    /// <summary>
    /// Checks that <paramref name="expr"/> is constant and produces exactly one <paramref name="expected"/>.
    /// <paramref name="visibleGlobals"/> globals may be read (imports and, as in Wasm 3.0, earlier immutable
    /// globals). Wasm 3.0 (extended constant expressions) adds <c>i32/i64.add/sub/mul</c>.
    /// </summary>
    public static void Validate(ModuleInfo module, ConstExpr expr, ValType expected, int visibleGlobals)
    {
        var stack = new ValType[16];
        int sp = 0;
        var code = expr.Code;
        for (int i = 0; i < code.Length; i++)
        {
            ref readonly var ins = ref code[i];
            ValType result;
            switch (ins.Op)
            {
                case Opcode.I32Const: result = ValType.I32; break;
                case Opcode.I64Const: result = ValType.I64; break;
                case Opcode.F32Const: result = ValType.F32; break;
                case Opcode.F64Const: result = ValType.F64; break;
                case Opcode.V128Const: result = ValType.V128; break;
                case Opcode.RefNull: result = ins.Type; break;
                case Opcode.RefFunc:
                    if (ins.A >= (uint)module.FuncTypeIndices.Count)
                        throw new InvalidModuleException($"unknown function {ins.A}", ins.Offset);
                    if (module.FuncTypeIndices[(int)ins.A] >= (uint)module.Types.Count)
                        throw new InvalidModuleException($"unknown type {module.FuncTypeIndices[(int)ins.A]}", ins.Offset);
                    result = ValType.RefTo(module.TypeDefs[(int)module.FuncTypeIndices[(int)ins.A]], nullable: false);
                    break;
                case Opcode.StructNew or Opcode.StructNewDefault or Opcode.ArrayNew or Opcode.ArrayNewDefault or Opcode.ArrayNewFixed:
                {
                    if (ins.A >= (uint)module.TypeDefs.Count) throw new InvalidModuleException($"unknown type {ins.A}", ins.Offset);
                    var t = module.TypeDefs[(int)ins.A];
                    bool isStruct = ins.Op is Opcode.StructNew or Opcode.StructNewDefault;
                    if (t.Kind != (isStruct ? CompositeKind.Struct : CompositeKind.Array)) throw new InvalidModuleException("type mismatch", ins.Offset);
                    var operands = new List<ValType>();
                    switch (ins.Op)
                    {
                        case Opcode.StructNew: foreach (var f in t.Fields) operands.Add(f.Type); break;
                        case Opcode.StructNewDefault or Opcode.ArrayNewDefault:
                            foreach (var f in t.Fields)
                                if (!f.Type.IsDefaultable) throw new InvalidModuleException("type mismatch", ins.Offset);
                            if (ins.Op == Opcode.ArrayNewDefault) operands.Add(ValType.I32);
                            break;
                        case Opcode.ArrayNew: operands.Add(t.Fields[0].Type); operands.Add(ValType.I32); break;
                        default: for (uint k = 0; k < ins.B; k++) operands.Add(t.Fields[0].Type); break;
                    }
                    Require(stack, ref sp, operands, ins.Offset);
                    result = ValType.RefTo(t, false);
                    break;
                }
                case Opcode.RefI31:
                    Require(stack, ref sp, [ValType.I32], ins.Offset);
                    result = ValType.RefTo(HeapType.I31, false);
                    break;
                case Opcode.AnyConvertExtern or Opcode.ExternConvertAny:
                {
                    bool toAny = ins.Op == Opcode.AnyConvertExtern;
                    if (sp < 1 || !stack[sp - 1].IsRef || stack[sp - 1].TopHeap != (toAny ? HeapType.Extern : HeapType.Any))
                        throw new InvalidModuleException("type mismatch", ins.Offset);
                    result = ValType.RefTo(toAny ? HeapType.Any : HeapType.Extern, stack[--sp].Nullable);
                    break;
                }
                case Opcode.GlobalGet:
                {
                    if (ins.A >= (uint)visibleGlobals)
                        throw new InvalidModuleException($"unknown global {ins.A}", ins.Offset);
                    var g = module.Globals[(int)ins.A].Type;
                    if (g.Mutable) throw new InvalidModuleException("constant expression required", ins.Offset);
                    result = g.Type;
                    break;
                }
                case Opcode.I32Add or Opcode.I32Sub or Opcode.I32Mul:
                case Opcode.I64Add or Opcode.I64Sub or Opcode.I64Mul:
                {
                    var t = ins.Op is Opcode.I32Add or Opcode.I32Sub or Opcode.I32Mul ? ValType.I32 : ValType.I64;
                    if (sp < 2 || stack[sp - 1] != t || stack[sp - 2] != t)
                        throw new InvalidModuleException("type mismatch", ins.Offset);
                    sp -= 2;
                    result = t;
                    break;
                }
                default:
                    throw new InvalidModuleException("constant expression required", ins.Offset);
            }
            if (sp == stack.Length) Array.Resize(ref stack, sp * 2);
            stack[sp++] = result;
        }
        if (sp != 1 || !stack[0].IsSubtypeOf(expected)) throw new InvalidModuleException("type mismatch", expr.Offset);
    }

    /// <summary>Pops operands of the given types (the last on top).</summary>
    private static void Require(ValType[] stack, ref int sp, List<ValType> operands, long at)
    {
        if (sp < operands.Count) throw new InvalidModuleException("type mismatch", at);
        for (int k = 0; k < operands.Count; k++)
            if (!stack[sp - operands.Count + k].IsSubtypeOf(operands[k])) throw new InvalidModuleException("type mismatch", at);
        sp -= operands.Count;
    }
}
