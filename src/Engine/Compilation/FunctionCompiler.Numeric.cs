using System.Reflection;
using System.Reflection.Emit;
using Wasm.Instructions;

namespace Wasm.Compilation;

internal sealed partial class FunctionCompiler
{
    /// <summary>Instructions with a fixed signature and no immediates: comparisons, arithmetic, conversions.</summary>
    private void EmitNumeric(Opcode op)
    {
        var il = _il;
        if (OpcodeTable.Get(op)!.IsSimd)
        {
            if (TryEmitSimdDirect(op)) return;
            PrepareSimdCall(OpcodeTable.Get(op)!);
            CallSimd(op);
            return;
        }
        switch (op)
        {
            case Opcode.I32Eqz:
                // Left pending: a br_if or if right after branches on the operand with the opposite test.
                if (_compilation.ConsumeFuel) EmitEqz();
                else _pendingEqz = true;
                return;
            case Opcode.I64Eqz:
                il.Emit(OpCodes.Ldc_I8, 0L);
                il.Emit(OpCodes.Ceq);
                return;
            case Opcode.I32Eq or Opcode.I64Eq or Opcode.F32Eq or Opcode.F64Eq:
                il.Emit(OpCodes.Ceq);
                return;
            case Opcode.I32Ne or Opcode.I64Ne or Opcode.F32Ne or Opcode.F64Ne:
                il.Emit(OpCodes.Ceq);
                Not();
                return;
            case Opcode.I32LtS or Opcode.I64LtS or Opcode.F32Lt or Opcode.F64Lt:
                il.Emit(OpCodes.Clt);
                return;
            case Opcode.I32LtU or Opcode.I64LtU:
                il.Emit(OpCodes.Clt_Un);
                return;
            case Opcode.I32GtS or Opcode.I64GtS or Opcode.F32Gt or Opcode.F64Gt:
                il.Emit(OpCodes.Cgt);
                return;
            case Opcode.I32GtU or Opcode.I64GtU:
                il.Emit(OpCodes.Cgt_Un);
                return;
            case Opcode.I32LeS or Opcode.I64LeS:
                il.Emit(OpCodes.Cgt);
                Not();
                return;
            case Opcode.I32LeU or Opcode.I64LeU or Opcode.F32Le or Opcode.F64Le:
                // For floats, "not (greater or unordered)" is false on NaN as wasm requires.
                il.Emit(OpCodes.Cgt_Un);
                Not();
                return;
            case Opcode.I32GeS or Opcode.I64GeS:
                il.Emit(OpCodes.Clt);
                Not();
                return;
            case Opcode.I32GeU or Opcode.I64GeU or Opcode.F32Ge or Opcode.F64Ge:
                il.Emit(OpCodes.Clt_Un);
                Not();
                return;

            case Opcode.I32Clz: Call(Builtins.Clz32); return;
            case Opcode.I32Ctz: Call(Builtins.Ctz32); return;
            case Opcode.I32Popcnt: Call(Builtins.Popcnt32); return;
            case Opcode.I64Clz: Call(Builtins.Clz64); il.Emit(OpCodes.Conv_I8); return;
            case Opcode.I64Ctz: Call(Builtins.Ctz64); il.Emit(OpCodes.Conv_I8); return;
            case Opcode.I64Popcnt: Call(Builtins.Popcnt64); il.Emit(OpCodes.Conv_I8); return;

            case Opcode.I32Add or Opcode.I64Add or Opcode.F32Add or Opcode.F64Add: il.Emit(OpCodes.Add); return;
            case Opcode.I32Sub or Opcode.I64Sub or Opcode.F32Sub or Opcode.F64Sub: il.Emit(OpCodes.Sub); return;
            case Opcode.I32Mul or Opcode.I64Mul or Opcode.F32Mul or Opcode.F64Mul: il.Emit(OpCodes.Mul); return;
            case Opcode.F32Div or Opcode.F64Div: il.Emit(OpCodes.Div); return;
            case Opcode.I32DivS: Call(Builtins.I32DivS); return;
            case Opcode.I32DivU: Call(Builtins.I32DivU); return;
            case Opcode.I32RemS: Call(Builtins.I32RemS); return;
            case Opcode.I32RemU: Call(Builtins.I32RemU); return;
            case Opcode.I64DivS: Call(Builtins.I64DivS); return;
            case Opcode.I64DivU: Call(Builtins.I64DivU); return;
            case Opcode.I64RemS: Call(Builtins.I64RemS); return;
            case Opcode.I64RemU: Call(Builtins.I64RemU); return;
            case Opcode.I32And or Opcode.I64And: il.Emit(OpCodes.And); return;
            case Opcode.I32Or or Opcode.I64Or: il.Emit(OpCodes.Or); return;
            case Opcode.I32Xor or Opcode.I64Xor: il.Emit(OpCodes.Xor); return;
            case Opcode.I32Shl: Mask32(); il.Emit(OpCodes.Shl); return;
            case Opcode.I32ShrS: Mask32(); il.Emit(OpCodes.Shr); return;
            case Opcode.I32ShrU: Mask32(); il.Emit(OpCodes.Shr_Un); return;
            case Opcode.I64Shl: Mask64(); il.Emit(OpCodes.Shl); return;
            case Opcode.I64ShrS: Mask64(); il.Emit(OpCodes.Shr); return;
            case Opcode.I64ShrU: Mask64(); il.Emit(OpCodes.Shr_Un); return;
            case Opcode.I32Rotl: Call(Builtins.Rotl32); return;
            case Opcode.I32Rotr: Call(Builtins.Rotr32); return;
            case Opcode.I64Rotl: il.Emit(OpCodes.Conv_I4); Call(Builtins.Rotl64); return;
            case Opcode.I64Rotr: il.Emit(OpCodes.Conv_I4); Call(Builtins.Rotr64); return;

            case Opcode.F32Abs: Call(Builtins.F32Abs); return;
            case Opcode.F32Neg or Opcode.F64Neg: il.Emit(OpCodes.Neg); return;
            case Opcode.F32Ceil: Call(Builtins.F32Ceil); return;
            case Opcode.F32Floor: Call(Builtins.F32Floor); return;
            case Opcode.F32Trunc: Call(Builtins.F32Trunc); return;
            case Opcode.F32Nearest: Call(Builtins.F32Nearest); return;
            case Opcode.F32Sqrt: Call(Builtins.F32Sqrt); return;
            case Opcode.F32Min: Call(Builtins.F32Min); return;
            case Opcode.F32Max: Call(Builtins.F32Max); return;
            case Opcode.F32Copysign: Call(Builtins.F32CopySign); return;
            case Opcode.F64Abs: Call(Builtins.F64Abs); return;
            case Opcode.F64Ceil: Call(Builtins.F64Ceil); return;
            case Opcode.F64Floor: Call(Builtins.F64Floor); return;
            case Opcode.F64Trunc: Call(Builtins.F64Trunc); return;
            case Opcode.F64Nearest: Call(Builtins.F64Nearest); return;
            case Opcode.F64Sqrt: Call(Builtins.F64Sqrt); return;
            case Opcode.F64Min: Call(Builtins.F64Min); return;
            case Opcode.F64Max: Call(Builtins.F64Max); return;
            case Opcode.F64Copysign: Call(Builtins.F64CopySign); return;

            case Opcode.I32WrapI64: il.Emit(OpCodes.Conv_I4); return;
            case Opcode.I64ExtendI32S: il.Emit(OpCodes.Conv_I8); return;
            case Opcode.I64ExtendI32U: il.Emit(OpCodes.Conv_U8); return;
            case Opcode.F32ConvertI32S: il.Emit(OpCodes.Conv_R4); return;
            case Opcode.F32ConvertI32U: il.Emit(OpCodes.Conv_R_Un); il.Emit(OpCodes.Conv_R4); return;
            case Opcode.F32ConvertI64S: Call(nameof(NumericOps.F32ConvertI64S)); return;
            case Opcode.F32ConvertI64U: Call(nameof(NumericOps.F32ConvertI64U)); return;
            case Opcode.F32DemoteF64: il.Emit(OpCodes.Conv_R4); return;
            case Opcode.F64ConvertI32S: il.Emit(OpCodes.Conv_R8); return;
            case Opcode.F64ConvertI32U: il.Emit(OpCodes.Conv_R_Un); il.Emit(OpCodes.Conv_R8); return;
            case Opcode.F64ConvertI64S: il.Emit(OpCodes.Conv_R8); return;
            case Opcode.F64ConvertI64U: Call(nameof(NumericOps.F64ConvertI64U)); return;
            case Opcode.F64PromoteF32: il.Emit(OpCodes.Conv_R8); return;
            case Opcode.I32ReinterpretF32: Call(Builtins.F32Bits); return;
            case Opcode.I64ReinterpretF64: Call(Builtins.F64Bits); return;
            case Opcode.F32ReinterpretI32: Call(Builtins.F32FromBits); return;
            case Opcode.F64ReinterpretI64: Call(Builtins.F64FromBits); return;
            case Opcode.I32Extend8S: il.Emit(OpCodes.Conv_I1); return;
            case Opcode.I32Extend16S: il.Emit(OpCodes.Conv_I2); return;
            case Opcode.I64Extend8S: il.Emit(OpCodes.Conv_I1); il.Emit(OpCodes.Conv_I8); return;
            case Opcode.I64Extend16S: il.Emit(OpCodes.Conv_I2); il.Emit(OpCodes.Conv_I8); return;
            case Opcode.I64Extend32S: il.Emit(OpCodes.Conv_I4); il.Emit(OpCodes.Conv_I8); return;

            case Opcode.I32TruncF32S: Call(nameof(NumericOps.I32TruncF32S)); return;
            case Opcode.I32TruncF32U: Call(nameof(NumericOps.I32TruncF32U)); return;
            case Opcode.I32TruncF64S: Call(nameof(NumericOps.I32TruncF64S)); return;
            case Opcode.I32TruncF64U: Call(nameof(NumericOps.I32TruncF64U)); return;
            case Opcode.I64TruncF32S: Call(nameof(NumericOps.I64TruncF32S)); return;
            case Opcode.I64TruncF32U: Call(nameof(NumericOps.I64TruncF32U)); return;
            case Opcode.I64TruncF64S: Call(nameof(NumericOps.I64TruncF64S)); return;
            case Opcode.I64TruncF64U: Call(nameof(NumericOps.I64TruncF64U)); return;
            case Opcode.I32TruncSatF32S: Call(nameof(NumericOps.I32TruncSatF32S)); return;
            case Opcode.I32TruncSatF32U: Call(nameof(NumericOps.I32TruncSatF32U)); return;
            case Opcode.I32TruncSatF64S: Call(nameof(NumericOps.I32TruncSatF64S)); return;
            case Opcode.I32TruncSatF64U: Call(nameof(NumericOps.I32TruncSatF64U)); return;
            case Opcode.I64TruncSatF32S: Call(nameof(NumericOps.I64TruncSatF32S)); return;
            case Opcode.I64TruncSatF32U: Call(nameof(NumericOps.I64TruncSatF32U)); return;
            case Opcode.I64TruncSatF64S: Call(nameof(NumericOps.I64TruncSatF64S)); return;
            case Opcode.I64TruncSatF64U: Call(nameof(NumericOps.I64TruncSatF64U)); return;
        }
        throw new NotImplementedException($"code generation for {op}");
    }

    private void Not()
    {
        _il.Emit(OpCodes.Ldc_I4_0);
        _il.Emit(OpCodes.Ceq);
    }

    // Wasm shift counts are taken modulo the width; IL leaves larger counts unspecified.
    private void Mask32()
    {
        _il.Emit(OpCodes.Ldc_I4_S, (sbyte)31);
        _il.Emit(OpCodes.And);
    }

    private void Mask64()
    {
        _il.Emit(OpCodes.Conv_I4);
        _il.Emit(OpCodes.Ldc_I4_S, (sbyte)63);
        _il.Emit(OpCodes.And);
    }

    private void Call(MethodInfo method) => _il.Emit(OpCodes.Call, method);

    /// <summary>Calls the <see cref="SimdOps"/> method named after <paramref name="op"/> (inlined by the JIT).</summary>
    private void CallSimd(Opcode op) => _il.Emit(OpCodes.Call, SimdMethods[(int)op - 0x200] ??= Signatures.Method(typeof(SimdOps), op.ToString()));

    private static readonly MethodInfo?[] SimdMethods = new MethodInfo?[0x120];

    private void Call(string numericOp) => _il.Emit(OpCodes.Call, Signatures.Method(typeof(NumericOps), numericOp));
}
