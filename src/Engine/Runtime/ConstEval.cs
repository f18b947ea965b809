using System.Runtime.Intrinsics;
using Wasm.Instructions;
using Wasm.Model;

namespace Wasm.Runtime;

/// <summary>Evaluates constant expressions (global initialisers, segment offsets and items) at instantiation.</summary>
internal static class ConstEval
{
    public static Value Evaluate(ConstExpr expr, VmContext ctx, ValType resultType)
    {
        // On the stack: instantiation evaluates one expression per element item, tens of thousands for a large module.
        var inline = new Operands();
        Span<Value> stack = inline;
        var sp = 0;
        foreach (ref readonly var ins in expr.Code.AsSpan())
        {
            if (sp == stack.Length)
            {
                var bigger = new Value[stack.Length * 2];
                stack.CopyTo(bigger);
                stack = bigger;
            }
            switch (ins.Op)
            {
                case Opcode.I32Const: stack[sp++] = Value.FromI32((int)ins.Imm); break;
                case Opcode.I64Const: stack[sp++] = Value.FromI64((long)ins.Imm); break;
                case Opcode.F32Const: stack[sp++] = Value.FromF32Bits((int)ins.Imm); break;
                case Opcode.F64Const: stack[sp++] = Value.FromF64Bits((long)ins.Imm); break;
                case Opcode.V128Const: stack[sp++] = Value.FromV128(Vector128.Create(ins.Imm, ins.Lanes).AsByte()); break;
                case Opcode.RefNull: stack[sp++] = Value.FromRef(ins.Type, null); break;
                case Opcode.RefFunc: stack[sp++] = Value.FromFuncRef(ctx.Functions[ins.A]); break;
                case Opcode.GlobalGet: stack[sp++] = ctx.Globals[ins.A].Value; break;
                case Opcode.I32Add: sp--; stack[sp - 1] = Value.FromI32(stack[sp - 1].I32 + stack[sp].I32); break;
                case Opcode.I32Sub: sp--; stack[sp - 1] = Value.FromI32(stack[sp - 1].I32 - stack[sp].I32); break;
                case Opcode.I32Mul: sp--; stack[sp - 1] = Value.FromI32(stack[sp - 1].I32 * stack[sp].I32); break;
                case Opcode.I64Add: sp--; stack[sp - 1] = Value.FromI64(stack[sp - 1].I64 + stack[sp].I64); break;
                case Opcode.I64Sub: sp--; stack[sp - 1] = Value.FromI64(stack[sp - 1].I64 - stack[sp].I64); break;
                case Opcode.I64Mul: sp--; stack[sp - 1] = Value.FromI64(stack[sp - 1].I64 * stack[sp].I64); break;
                case Opcode.StructNew or Opcode.StructNewDefault:
                {
                    var type = ctx.Types[ins.A];
                    var s = Compilation.GcOps.StructNew(type);
                    if (ins.Op == Opcode.StructNew)
                    {
                        sp -= type.Fields.Length;
                        for (var k = 0; k < type.Fields.Length; k++) Compilation.GcOps.SetField(s, k, stack[sp + k]);
                    }
                    stack[sp++] = Value.FromRef(ValType.RefTo(type, false), s);
                    break;
                }
                case Opcode.ArrayNew or Opcode.ArrayNewDefault or Opcode.ArrayNewFixed:
                {
                    var type = ctx.Types[ins.A];
                    int length = ins.Op == Opcode.ArrayNewFixed ? (int)ins.B : stack[--sp].I32;
                    var a = Compilation.GcOps.NewArray(type, length);
                    if (ins.Op == Opcode.ArrayNew)
                    {
                        var fill = stack[--sp];
                        for (var k = 0; k < length; k++) Compilation.GcOps.SetElement(a, k, fill);
                    }
                    else if (ins.Op == Opcode.ArrayNewFixed)
                    {
                        sp -= length;
                        for (var k = 0; k < length; k++) Compilation.GcOps.SetElement(a, k, stack[sp + k]);
                    }
                    stack[sp++] = Value.FromRef(ValType.RefTo(type, false), a);
                    break;
                }
                case Opcode.RefI31: stack[sp - 1] = Value.FromRef(ValType.RefTo(HeapType.I31, false), I31Ref.Of(stack[sp - 1].I32)); break;
                case Opcode.AnyConvertExtern: stack[sp - 1] = Value.FromRef(ValType.RefTo(HeapType.Any, true), stack[sp - 1].Ref); break;
                case Opcode.ExternConvertAny: stack[sp - 1] = Value.FromRef(ValType.ExternRef, stack[sp - 1].Ref); break;
                case Opcode.End: break;
                default: throw new InvalidModuleException("constant expression required", ins.Offset);
            }
        }
        var v = stack[0];
        // ref.null carries its own heap type; keep the declared type for references of the expected kind.
        return v.Type.IsRef && resultType.IsRef ? Value.FromRef(resultType, v.Ref) : v;
    }

    /// <summary>Room for the operands of nearly every constant expression (one or two values).</summary>
    [System.Runtime.CompilerServices.InlineArray(4)]
    private struct Operands
    {
        private Value _first;
    }
}
