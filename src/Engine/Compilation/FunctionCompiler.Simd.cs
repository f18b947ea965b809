using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Wasm.Binary;
using Wasm.Instructions;
using Wasm.Model;
using static Wasm.Compilation.SimdIntrinsics;

namespace Wasm.Compilation;

/// <summary>
/// SIMD code generation. A <c>v128</c> is a <c>Vector128&lt;byte&gt;</c> at every boundary and a <c>Vector128</c> of
/// its producer's lane type on the IL stack (see lane views below). Common instructions become direct calls of
/// <see cref="Vector128"/> methods, or of the equivalent non-generic SSE methods in code compiled in memory on x86,
/// which the JIT expands while importing, in functions of any size. The rest call the <see cref="SimdOps"/> method
/// named after the instruction, which the JIT inlines unless the function has exhausted its inlining budget; in
/// large functions those remain real calls.
/// <para>
/// x86-specific instructions are only emitted for code compiled in memory for this machine (an artifact saved
/// to disk may be loaded elsewhere) and only where they compute exactly the wasm result.
/// </para>
/// </summary>
internal sealed partial class FunctionCompiler
{
    private static readonly Type V8 = typeof(Vector128<byte>);
    private static readonly Type U8 = typeof(byte), I8 = typeof(sbyte), U16 = typeof(ushort), I16 = typeof(short);
    private static readonly Type U32 = typeof(uint), I32 = typeof(int), U64 = typeof(ulong), I64 = typeof(long);
    private static readonly Type F32 = typeof(float), F64 = typeof(double);

    /// <summary>Whether x86 instructions may be used: code compiled for this process on an x86 CPU.</summary>
    private bool UseX86 => _compilation.TargetsThisMachine && Sse41.IsSupported;

    /// <summary>Emits <paramref name="op"/> (operands on the stack, no immediates) as expanded intrinsics; false if it has no such form.</summary>
    private bool TryEmitSimdDirect(Opcode op)
    {
        _simdFirst = _validator.OperandCount - 1;
        switch (op)
        {
            // ---- bitwise ----
            case Opcode.V128Not: Unary("OnesComplement", ViewOf(_simdFirst)); return true;
            case Opcode.V128And: Bitwise("BitwiseAnd"); return true;
            case Opcode.V128Or: Bitwise("BitwiseOr"); return true;
            case Opcode.V128Xor: Bitwise("Xor"); return true;
            case Opcode.V128Andnot: Bitwise("AndNot"); return true;
            case Opcode.V128Bitselect or Opcode.I8x16RelaxedLaneselect or Opcode.I16x8RelaxedLaneselect
                or Opcode.I32x4RelaxedLaneselect or Opcode.I64x2RelaxedLaneselect:
                Bitselect();
                return true;
            case Opcode.V128AnyTrue: AnyTrue(); return true;
            case Opcode.I8x16AllTrue: AllTrue(U8); return true;
            case Opcode.I16x8AllTrue: AllTrue(U16); return true;
            case Opcode.I32x4AllTrue: AllTrue(U32); return true;
            case Opcode.I64x2AllTrue: AllTrue(U64); return true;
            case Opcode.I8x16Bitmask: Bitmask(I8); return true;
            case Opcode.I16x8Bitmask: Bitmask(I16); return true;
            case Opcode.I32x4Bitmask: Bitmask(I32); return true;
            case Opcode.I64x2Bitmask: Bitmask(I64); return true;

            // ---- integer arithmetic ----
            case Opcode.I8x16Add: Binary("Add", U8); return true;
            case Opcode.I8x16Sub: Binary("Subtract", U8); return true;
            case Opcode.I16x8Add: Binary("Add", I16); return true;
            case Opcode.I16x8Sub: Binary("Subtract", I16); return true;
            case Opcode.I16x8Mul: Binary("Multiply", I16); return true;
            case Opcode.I32x4Add: Binary("Add", I32); return true;
            case Opcode.I32x4Sub: Binary("Subtract", I32); return true;
            case Opcode.I32x4Mul: Binary("Multiply", I32); return true;
            case Opcode.I64x2Add: Binary("Add", I64); return true;
            case Opcode.I64x2Sub: Binary("Subtract", I64); return true;
            case Opcode.I64x2Mul: Binary("Multiply", I64); return true;
            case Opcode.I8x16Neg: Unary("Negate", I8); return true;
            case Opcode.I16x8Neg: Unary("Negate", I16); return true;
            case Opcode.I32x4Neg: Unary("Negate", I32); return true;
            case Opcode.I64x2Neg: Unary("Negate", I64); return true;
            case Opcode.I8x16Abs: Unary("Abs", I8); return true;
            case Opcode.I16x8Abs: Unary("Abs", I16); return true;
            case Opcode.I32x4Abs: Unary("Abs", I32); return true;
            case Opcode.I8x16AddSatS: Binary("AddSaturate", I8); return true;
            case Opcode.I8x16AddSatU: Binary("AddSaturate", U8); return true;
            case Opcode.I8x16SubSatS: Binary("SubtractSaturate", I8); return true;
            case Opcode.I8x16SubSatU: Binary("SubtractSaturate", U8); return true;
            case Opcode.I16x8AddSatS: Binary("AddSaturate", I16); return true;
            case Opcode.I16x8AddSatU: Binary("AddSaturate", U16); return true;
            case Opcode.I16x8SubSatS: Binary("SubtractSaturate", I16); return true;
            case Opcode.I16x8SubSatU: Binary("SubtractSaturate", U16); return true;
            case Opcode.I8x16MinS: Binary("Min", I8); return true;
            case Opcode.I8x16MinU: Binary("Min", U8); return true;
            case Opcode.I8x16MaxS: Binary("Max", I8); return true;
            case Opcode.I8x16MaxU: Binary("Max", U8); return true;
            case Opcode.I16x8MinS: Binary("Min", I16); return true;
            case Opcode.I16x8MinU: Binary("Min", U16); return true;
            case Opcode.I16x8MaxS: Binary("Max", I16); return true;
            case Opcode.I16x8MaxU: Binary("Max", U16); return true;
            case Opcode.I32x4MinS: Binary("Min", I32); return true;
            case Opcode.I32x4MinU: Binary("Min", U32); return true;
            case Opcode.I32x4MaxS: Binary("Max", I32); return true;
            case Opcode.I32x4MaxU: Binary("Max", U32); return true;
            case Opcode.I8x16AvgrU when UseX86: BinaryX86(typeof(Sse2), "Average", U8); return true;
            case Opcode.I16x8AvgrU when UseX86: BinaryX86(typeof(Sse2), "Average", U16); return true;
            // pmaddwd is exactly i32x4.dot_i16x8_s (the one overflowing case wraps in both).
            case Opcode.I32x4DotI16x8S when UseX86: BinaryX86(typeof(Sse2), "MultiplyAddAdjacent", I16); return true;

            // ---- shifts (count modulo the lane width) ----
            case Opcode.I8x16Shl: Shift("ShiftLeft", U8, 7); return true;
            case Opcode.I8x16ShrS: Shift("ShiftRightArithmetic", I8, 7); return true;
            case Opcode.I8x16ShrU: Shift("ShiftRightLogical", U8, 7); return true;
            case Opcode.I16x8Shl: Shift("ShiftLeft", I16, 15); return true;
            case Opcode.I16x8ShrS: Shift("ShiftRightArithmetic", I16, 15); return true;
            case Opcode.I16x8ShrU: Shift("ShiftRightLogical", I16, 15); return true;
            case Opcode.I32x4Shl: Shift("ShiftLeft", I32, 31); return true;
            case Opcode.I32x4ShrS: Shift("ShiftRightArithmetic", I32, 31); return true;
            case Opcode.I32x4ShrU: Shift("ShiftRightLogical", I32, 31); return true;
            case Opcode.I64x2Shl: Shift("ShiftLeft", I64, 63); return true;
            case Opcode.I64x2ShrS: Shift("ShiftRightArithmetic", I64, 63); return true;
            case Opcode.I64x2ShrU: Shift("ShiftRightLogical", I64, 63); return true;

            // ---- comparisons (float ones are ordered: false on NaN; ne is the complement of eq) ----
            case Opcode.I8x16Eq: Binary("Equals", U8); return true;
            case Opcode.I8x16Ne: NotEqual(U8); return true;
            case Opcode.I8x16LtS: Binary("LessThan", I8); return true;
            case Opcode.I8x16LtU: Binary("LessThan", U8); return true;
            case Opcode.I8x16GtS: Binary("GreaterThan", I8); return true;
            case Opcode.I8x16GtU: Binary("GreaterThan", U8); return true;
            case Opcode.I8x16LeS: Binary("LessThanOrEqual", I8); return true;
            case Opcode.I8x16LeU: Binary("LessThanOrEqual", U8); return true;
            case Opcode.I8x16GeS: Binary("GreaterThanOrEqual", I8); return true;
            case Opcode.I8x16GeU: Binary("GreaterThanOrEqual", U8); return true;
            case Opcode.I16x8Eq: Binary("Equals", I16); return true;
            case Opcode.I16x8Ne: NotEqual(I16); return true;
            case Opcode.I16x8LtS: Binary("LessThan", I16); return true;
            case Opcode.I16x8LtU: Binary("LessThan", U16); return true;
            case Opcode.I16x8GtS: Binary("GreaterThan", I16); return true;
            case Opcode.I16x8GtU: Binary("GreaterThan", U16); return true;
            case Opcode.I16x8LeS: Binary("LessThanOrEqual", I16); return true;
            case Opcode.I16x8LeU: Binary("LessThanOrEqual", U16); return true;
            case Opcode.I16x8GeS: Binary("GreaterThanOrEqual", I16); return true;
            case Opcode.I16x8GeU: Binary("GreaterThanOrEqual", U16); return true;
            case Opcode.I32x4Eq: Binary("Equals", I32); return true;
            case Opcode.I32x4Ne: NotEqual(I32); return true;
            case Opcode.I32x4LtS: Binary("LessThan", I32); return true;
            case Opcode.I32x4LtU: Binary("LessThan", U32); return true;
            case Opcode.I32x4GtS: Binary("GreaterThan", I32); return true;
            case Opcode.I32x4GtU: Binary("GreaterThan", U32); return true;
            case Opcode.I32x4LeS: Binary("LessThanOrEqual", I32); return true;
            case Opcode.I32x4LeU: Binary("LessThanOrEqual", U32); return true;
            case Opcode.I32x4GeS: Binary("GreaterThanOrEqual", I32); return true;
            case Opcode.I32x4GeU: Binary("GreaterThanOrEqual", U32); return true;
            case Opcode.I64x2Eq: Binary("Equals", I64); return true;
            case Opcode.I64x2Ne: NotEqual(I64); return true;
            case Opcode.I64x2LtS: Binary("LessThan", I64); return true;
            case Opcode.I64x2GtS: Binary("GreaterThan", I64); return true;
            case Opcode.I64x2LeS: Binary("LessThanOrEqual", I64); return true;
            case Opcode.I64x2GeS: Binary("GreaterThanOrEqual", I64); return true;
            case Opcode.F32x4Eq: Binary("Equals", F32); return true;
            case Opcode.F32x4Ne: NotEqual(F32); return true;
            case Opcode.F32x4Lt: Binary("LessThan", F32); return true;
            case Opcode.F32x4Gt: Binary("GreaterThan", F32); return true;
            case Opcode.F32x4Le: Binary("LessThanOrEqual", F32); return true;
            case Opcode.F32x4Ge: Binary("GreaterThanOrEqual", F32); return true;
            case Opcode.F64x2Eq: Binary("Equals", F64); return true;
            case Opcode.F64x2Ne: NotEqual(F64); return true;
            case Opcode.F64x2Lt: Binary("LessThan", F64); return true;
            case Opcode.F64x2Gt: Binary("GreaterThan", F64); return true;
            case Opcode.F64x2Le: Binary("LessThanOrEqual", F64); return true;
            case Opcode.F64x2Ge: Binary("GreaterThanOrEqual", F64); return true;

            // ---- float arithmetic (x86 results for NaN inputs are quiet NaNs, as wasm allows) ----
            case Opcode.F32x4Add: Binary("Add", F32); return true;
            case Opcode.F32x4Sub: Binary("Subtract", F32); return true;
            case Opcode.F32x4Mul: Binary("Multiply", F32); return true;
            case Opcode.F32x4Div: Binary("Divide", F32); return true;
            case Opcode.F64x2Add: Binary("Add", F64); return true;
            case Opcode.F64x2Sub: Binary("Subtract", F64); return true;
            case Opcode.F64x2Mul: Binary("Multiply", F64); return true;
            case Opcode.F64x2Div: Binary("Divide", F64); return true;
            case Opcode.F32x4Sqrt: Unary("Sqrt", F32); return true;
            case Opcode.F64x2Sqrt: Unary("Sqrt", F64); return true;
            case Opcode.F32x4Ceil: Unary("Ceiling", F32); return true;
            case Opcode.F32x4Floor: Unary("Floor", F32); return true;
            case Opcode.F32x4Trunc: Unary("Truncate", F32); return true;
            case Opcode.F32x4Nearest: Unary("Round", F32); return true; // ties to even
            case Opcode.F64x2Ceil: Unary("Ceiling", F64); return true;
            case Opcode.F64x2Floor: Unary("Floor", F64); return true;
            case Opcode.F64x2Trunc: Unary("Truncate", F64); return true;
            case Opcode.F64x2Nearest: Unary("Round", F64); return true;
            // abs and neg touch only the sign bit, NaN payloads included.
            case Opcode.F32x4Abs: WithConstant("BitwiseAnd", 0x7FFFFFFF_7FFFFFFFul, 0x7FFFFFFF_7FFFFFFFul); return true;
            case Opcode.F32x4Neg: WithConstant("Xor", 0x80000000_80000000ul, 0x80000000_80000000ul); return true;
            case Opcode.F64x2Abs: WithConstant("BitwiseAnd", 0x7FFFFFFF_FFFFFFFFul, 0x7FFFFFFF_FFFFFFFFul); return true;
            case Opcode.F64x2Neg: WithConstant("Xor", 0x80000000_00000000ul, 0x80000000_00000000ul); return true;
            // Relaxed multiply-add: rounded twice, never fused (one fixed choice, the same on every host).
            case Opcode.F32x4RelaxedMadd: MultiplyAdd(F32, negate: false); return true;
            case Opcode.F32x4RelaxedNmadd: MultiplyAdd(F32, negate: true); return true;
            case Opcode.F64x2RelaxedMadd: MultiplyAdd(F64, negate: false); return true;
            case Opcode.F64x2RelaxedNmadd: MultiplyAdd(F64, negate: true); return true;

            // ---- narrowing, widening, conversions ----
            case Opcode.I8x16NarrowI16x8S: Binary("NarrowWithSaturation", I16, I8); return true;
            case Opcode.I16x8NarrowI32x4S: Binary("NarrowWithSaturation", I32, I16); return true;
            case Opcode.I8x16NarrowI16x8U when UseX86: BinaryX86(typeof(Sse2), "PackUnsignedSaturate", I16); return true;
            case Opcode.I16x8NarrowI32x4U when UseX86: BinaryX86(typeof(Sse41), "PackUnsignedSaturate", I32); return true;
            case Opcode.I16x8ExtendLowI8x16S: Unary("WidenLower", I8); return true;
            case Opcode.I16x8ExtendHighI8x16S: Unary("WidenUpper", I8); return true;
            case Opcode.I16x8ExtendLowI8x16U: Unary("WidenLower", U8); return true;
            case Opcode.I16x8ExtendHighI8x16U: Unary("WidenUpper", U8); return true;
            case Opcode.I32x4ExtendLowI16x8S: Unary("WidenLower", I16); return true;
            case Opcode.I32x4ExtendHighI16x8S: Unary("WidenUpper", I16); return true;
            case Opcode.I32x4ExtendLowI16x8U: Unary("WidenLower", U16); return true;
            case Opcode.I32x4ExtendHighI16x8U: Unary("WidenUpper", U16); return true;
            case Opcode.I64x2ExtendLowI32x4S: Unary("WidenLower", I32); return true;
            case Opcode.I64x2ExtendHighI32x4S: Unary("WidenUpper", I32); return true;
            case Opcode.I64x2ExtendLowI32x4U: Unary("WidenLower", U32); return true;
            case Opcode.I64x2ExtendHighI32x4U: Unary("WidenUpper", U32); return true;
            case Opcode.I16x8ExtmulLowI8x16S: ExtendedMultiply("WidenLower", I8); return true;
            case Opcode.I16x8ExtmulHighI8x16S: ExtendedMultiply("WidenUpper", I8); return true;
            case Opcode.I16x8ExtmulLowI8x16U: ExtendedMultiply("WidenLower", U8); return true;
            case Opcode.I16x8ExtmulHighI8x16U: ExtendedMultiply("WidenUpper", U8); return true;
            case Opcode.I32x4ExtmulLowI16x8S: ExtendedMultiply("WidenLower", I16); return true;
            case Opcode.I32x4ExtmulHighI16x8S: ExtendedMultiply("WidenUpper", I16); return true;
            case Opcode.I32x4ExtmulLowI16x8U: ExtendedMultiply("WidenLower", U16); return true;
            case Opcode.I32x4ExtmulHighI16x8U: ExtendedMultiply("WidenUpper", U16); return true;
            case Opcode.I64x2ExtmulLowI32x4S: ExtendedMultiply("WidenLower", I32); return true;
            case Opcode.I64x2ExtmulHighI32x4S: ExtendedMultiply("WidenUpper", I32); return true;
            case Opcode.I64x2ExtmulLowI32x4U: ExtendedMultiply("WidenLower", U32); return true;
            case Opcode.I64x2ExtmulHighI32x4U: ExtendedMultiply("WidenUpper", U32); return true;
            case Opcode.F32x4ConvertI32x4S: Unary("ConvertToSingle", I32); return true;
            case Opcode.F64x2PromoteLowF32x4: Unary("WidenLower", F32); return true;
            // Since .NET 9 the vector float → int conversions saturate and map NaN to 0, which is trunc_sat.
            case Opcode.I32x4TruncSatF32x4S or Opcode.I32x4RelaxedTruncF32x4S: Unary("ConvertToInt32", F32); return true;

            // ---- splats, shuffles ----
            case Opcode.I8x16Splat: Splat(U8); return true;
            case Opcode.I16x8Splat: Splat(I16); return true;
            case Opcode.I32x4Splat: Splat(I32); return true;
            case Opcode.I64x2Splat: Splat(I64); return true;
            case Opcode.F32x4Splat: Splat(F32); return true;
            case Opcode.F64x2Splat: Splat(F64); return true;
            // Vector128.Shuffle yields 0 for an index outside 0..15, wasm's rule for swizzle.
            case Opcode.I8x16Swizzle or Opcode.I8x16RelaxedSwizzle: Binary("Shuffle", U8); return true;
        }
        return false;
    }

    /// <summary>Emits a SIMD instruction with immediates directly; false if it has no direct form.</summary>
    private bool TryEmitSimdDirect(in Instruction ins)
    {
        var op = ins.Op;
        _simdFirst = _validator.OperandCount - 1;
        switch (op)
        {
            case Opcode.V128Const:
                EmitV128Constant(ins.Imm, ins.Lanes);
                return true;
            case Opcode.I8x16Shuffle:
                EmitShuffle(ins.Imm, ins.Lanes);
                return true;
            case Opcode.I8x16ExtractLaneS: ExtractLane(I8, (int)ins.A); return true;
            case Opcode.I8x16ExtractLaneU: ExtractLane(U8, (int)ins.A); return true;
            case Opcode.I16x8ExtractLaneS: ExtractLane(I16, (int)ins.A); return true;
            case Opcode.I16x8ExtractLaneU: ExtractLane(U16, (int)ins.A); return true;
            case Opcode.I32x4ExtractLane: ExtractLane(I32, (int)ins.A); return true;
            case Opcode.I64x2ExtractLane: ExtractLane(I64, (int)ins.A); return true;
            case Opcode.F32x4ExtractLane: ExtractLane(F32, (int)ins.A); return true;
            case Opcode.F64x2ExtractLane: ExtractLane(F64, (int)ins.A); return true;
            case Opcode.I8x16ReplaceLane: ReplaceLane(U8, typeof(int), (int)ins.A); return true;
            case Opcode.I16x8ReplaceLane: ReplaceLane(I16, typeof(int), (int)ins.A); return true;
            case Opcode.I32x4ReplaceLane: ReplaceLane(I32, I32, (int)ins.A); return true;
            case Opcode.I64x2ReplaceLane: ReplaceLane(I64, I64, (int)ins.A); return true;
            case Opcode.F32x4ReplaceLane: ReplaceLane(F32, F32, (int)ins.A); return true;
            case Opcode.F64x2ReplaceLane: ReplaceLane(F64, F64, (int)ins.A); return true;
        }
        return false;
    }

    /// <summary>A SIMD load after its address check: [pointer] → [v128]; false if it has no direct form.</summary>
    private bool TryEmitSimdLoad(Opcode op)
    {
        _simdFirst = _validator.OperandCount - 1;
        switch (op)
        {
            case Opcode.V128Load:
                // Loaded straight into the lanes the function's locals use.
                _il.Emit(OpCodes.Unaligned, (byte)1);
                EmitTypeToken(OpCodes.Ldobj, Vec(_localView));
                SetView(_simdFirst, _localView);
                return true;
            case Opcode.V128Load8Splat: LoadScalar(OpCodes.Ldind_U1, U8, "Create"); return true;
            case Opcode.V128Load16Splat: LoadScalar(OpCodes.Ldind_U2, U16, "Create"); return true;
            case Opcode.V128Load32Splat: LoadScalar(OpCodes.Ldind_I4, I32, "Create"); return true;
            case Opcode.V128Load64Splat: LoadScalar(OpCodes.Ldind_I8, I64, "Create"); return true;
            case Opcode.V128Load32Zero: LoadScalar(OpCodes.Ldind_I4, I32, "CreateScalar"); return true;
            case Opcode.V128Load64Zero: LoadScalar(OpCodes.Ldind_I8, I64, "CreateScalar"); return true;
            case Opcode.V128Load8x8S: LoadExtended(I8); return true;
            case Opcode.V128Load8x8U: LoadExtended(U8); return true;
            case Opcode.V128Load16x4S: LoadExtended(I16); return true;
            case Opcode.V128Load16x4U: LoadExtended(U16); return true;
            case Opcode.V128Load32x2S: LoadExtended(I32); return true;
            case Opcode.V128Load32x2U: LoadExtended(U32); return true;
        }
        return false;
    }

    /// <summary>A SIMD store after its address check: [pointer, v128] → []; false if it has no direct form.</summary>
    private bool TryEmitSimdStore(Opcode op, int lane, Type value)
    {
        switch (op)
        {
            case Opcode.V128Store:
                _il.Emit(OpCodes.Unaligned, (byte)1);
                EmitTypeToken(OpCodes.Stobj, Vec(value));
                return true;
            case Opcode.V128Store8Lane: StoreLane(value, U8, lane, OpCodes.Stind_I1); return true;
            case Opcode.V128Store16Lane: StoreLane(value, U16, lane, OpCodes.Stind_I2); return true;
            case Opcode.V128Store32Lane: StoreLane(value, U32, lane, OpCodes.Stind_I4); return true;
            case Opcode.V128Store64Lane: StoreLane(value, U64, lane, OpCodes.Stind_I8); return true;
        }
        return false;
    }

    // ---- lane views ----
    // A v128 on the IL stack is a Vector128 of some lane type: the one its producer computed in (a "view"), so
    // that a chain of i32x4 operations needs no reinterpretation between steps. Views are tracked by operand
    // position; an instruction that does not know about them first turns every v128 of the frame back into
    // Vector128<byte> (NormalizeSimdViews), the type locals of other instructions, block results and calls use.
    // v128 locals are declared with the lane type the function uses most (_localView), parameters as bytes.

    private Type?[] _views = new Type?[16];
    private bool _viewsLive;     // some position may hold a non-byte view
    private int _simdFirst;      // operand position of the current SIMD instruction's first operand
    private int? _shiftCount;    // the constant count of the current SIMD shift, not pushed
    private Type _localView = typeof(byte);
    private Type?[] _localViews = [];

    private Type ViewOf(int position) => position < _views.Length ? _views[position] ?? U8 : U8;

    private void SetView(int position, Type? element)
    {
        if (position >= _views.Length) Array.Resize(ref _views, Math.Max(position + 1, _views.Length * 2));
        _views[position] = element == U8 ? null : element;
        if (element is not null && element != U8) _viewsLive = true;
    }

    /// <summary>Instructions that leave lane views alone: numeric ones (SIMD ones manage their operands, the rest have none of type v128), SIMD ones with immediates, locals, constants, scalar memory accesses.</summary>
    private static bool KeepsSimdViews(in Instruction ins)
    {
        var info = ins.Info;
        if (info.HasFixedSignature && (info.Immediate == Immediate.None || info.IsSimd || info.Immediate == Immediate.MemArg)) return true;
        return ins.Op is Opcode.LocalGet or Opcode.LocalSet or Opcode.LocalTee or Opcode.Drop
            or Opcode.I32Const or Opcode.I64Const or Opcode.F32Const or Opcode.F64Const;
    }

    /// <summary>Before any other instruction: every v128 of the current frame back to Vector128&lt;byte&gt;.</summary>
    private void NormalizeSimdViews()
    {
        var count = _validator.OperandCount;
        var height = _validator.Frame(0).Height;
        var types = new ValType[Math.Max(0, count - height)];
        for (var p = height; p < count; p++) types[p - height] = _validator.PeekOperand(count - 1 - p);
        NormalizeOperands(height, types);
        _viewsLive = false;
        Array.Clear(_views);
    }

    /// <summary>
    /// The operands at positions <paramref name="first"/>.. (types <paramref name="types"/>, top last) as bytes:
    /// the top one is reinterpreted in place, a deeper one after lifting what lies above it into temporaries.
    /// </summary>
    private void NormalizeOperands(int first, ReadOnlySpan<ValType> types)
    {
        var deepest = -1;
        for (var i = 0; i < types.Length; i++)
        {
            if (types[i].Kind == ValKind.V128 && ViewOf(first + i) != U8)
            {
                deepest = i;
                break;
            }
        }
        if (deepest < 0) return;
        var lifted = new LocalBuilder[types.Length - 1 - deepest];
        for (var i = types.Length - 1; i > deepest; i--)
        {
            if (types[i].Kind == ValKind.V128) Reinterpret(ViewOf(first + i), U8);
            var temp = lifted[i - deepest - 1] = RentTemp(types[i]);
            _il.Emit(OpCodes.Stloc, temp);
        }
        Reinterpret(ViewOf(first + deepest), U8);
        foreach (var temp in lifted)
        {
            _il.Emit(OpCodes.Ldloc, temp);
            ReturnTemp(temp);
        }
        for (var i = 0; i < types.Length; i++) SetView(first + i, null);
    }

    /// <summary>A SIMD instruction without a direct form calls <see cref="SimdOps"/>, which takes bytes.</summary>
    private void PrepareSimdCall(OpcodeInfo info)
    {
        var results = info.Results!.Length;
        var first = _validator.OperandCount - results;
        NormalizeOperands(first, info.Params);
        if (results > 0) SetView(first, null);
    }

    /// <summary>v128 locals take the lane type most of the function's SIMD instructions work in.</summary>
    private void ChooseLocalViews(FunctionBody body)
    {
        _localView = U8;
        _viewsLive = false;
        Array.Clear(_views);
        _localViews = new Type?[body.Locals.Length];
        var any = false;
        foreach (var t in body.Locals) any |= t.Kind == ValKind.V128;
        if (!any) return;
        Span<int> votes = stackalloc int[7];
        var reader = new CodeReader(_module, body);
        while (reader.TryRead(out var ins))
        {
            if (!ins.Info.IsSimd) continue;
            var name = ins.Info.Name;
            var shape = name.StartsWith("i16x8", StringComparison.Ordinal) ? 1
                : name.StartsWith("i32x4", StringComparison.Ordinal) ? 2
                : name.StartsWith("i64x2", StringComparison.Ordinal) ? 3
                : name.StartsWith("f32x4", StringComparison.Ordinal) ? 4
                : name.StartsWith("f64x2", StringComparison.Ordinal) ? 5
                : name.StartsWith("i8x16", StringComparison.Ordinal) ? 0 : 6;
            votes[shape]++;
        }
        var best = 0;
        for (var i = 1; i < 6; i++)
            if (votes[i] > votes[best]) best = i;
        _localView = best switch { 1 => I16, 2 => I32, 3 => I64, 4 => F32, 5 => F64, _ => U8 };
        for (var i = 0; i < body.Locals.Length; i++)
            if (body.Locals[i].Kind == ValKind.V128) _localViews[i] = _localView;
    }

    /// <summary>The CLR type of declared local <paramref name="i"/> (v128 ones in the chosen lane view).</summary>
    private Type LocalClrType(FunctionBody body, int i) =>
        _localViews[i] is { } view ? Vec(view) : Signatures.ClrType(body.Locals[i]);

    /// <summary>After local.get: the pushed value has its local's view.</summary>
    private void AfterLocalGet(uint index)
    {
        if (index >= _paramCount && _localViews[index - _paramCount] is { } view) SetView(_validator.OperandCount - 1, view);
        else SetView(_validator.OperandCount - 1, null);
    }

    /// <summary>Before local.set/local.tee stores the value at <paramref name="position"/>: bring it into the local's view.</summary>
    private void BeforeLocalStore(uint index, int position)
    {
        var target = index >= _paramCount && _localViews[index - _paramCount] is { } view ? view : null;
        if (_validator.LocalTypes[(int)index].Kind != ValKind.V128) return;
        Reinterpret(ViewOf(position), target ?? U8);
    }

    // ---- building blocks (operands at _simdFirst.., results replace them there) ----

    // Emitting a call of a generic method instantiation costs Reflection.Emit tens of microseconds (a member
    // reference and a method spec built anew each time), several times what a blake3-sized function's IL otherwise
    // takes. Code compiled in memory therefore emits each method's token, looked up once per module (TokenCache).
    // A call emitted by token counts as no stack change in the generator's max-stack estimate, which then stays an
    // upper bound as long as the call takes at least as many arguments as it returns: true of every method here
    // except Vector128<T>.Zero, which goes the ordinary way. Unlike other calls these are not bounded by
    // TokenCachingILGenerator.MaxOverstatedDepth: a SIMD-heavy body makes thousands of them.
    private void CallV(MethodInfo method)
    {
        if (_il is TokenCachingILGenerator generator && !(method.IsSpecialName && method.Name == "get_Zero")
            && generator.Cache.Token(method) is var token and not 0)
            _il.Emit(OpCodes.Call, token);
        else _il.Emit(OpCodes.Call, method);
    }

    /// <summary>
    /// [v as Vector128&lt;from&gt;] → [v as Vector128&lt;to&gt;], read back through a temporary's address. The JIT
    /// keeps both in the same register (a same-sized local read in another type is not address-exposed), and
    /// the three instructions cost it a tenth of a call of the generic <c>Vector128.As</c>, whose method
    /// instantiation it resolves anew at every call site (about 10 µs each when optimizing).
    /// </summary>
    private void Reinterpret(Type from, Type to)
    {
        if (from == to) return;
        var temp = RentTemp(Vec(from));
        _il.Emit(OpCodes.Stloc, temp);
        _il.Emit(OpCodes.Ldloca, temp);
        EmitTypeToken(OpCodes.Ldobj, Vec(to));
        ReturnTemp(temp);
    }

    /// <summary>An instruction taking a type token, the token looked up once per module where possible.</summary>
    private void EmitTypeToken(OpCode opcode, Type type)
    {
        if (_il is TokenCachingILGenerator generator) _il.Emit(opcode, generator.Cache.Type(type));
        else _il.Emit(opcode, type);
    }

    private static Type ElementOf(Type vector) => vector.GetGenericArguments()[0];

    /// <summary>[v] → [name(v as T)].</summary>
    private void Unary(string name, Type t)
    {
        Reinterpret(ViewOf(_simdFirst), t);
        var method = X86Unary(name, t) ?? Vector(name, Vec(t));
        CallV(method);
        SetView(_simdFirst, ElementOf(method.ReturnType));
    }

    /// <summary>
    /// [a, b] in views <paramref name="va"/>, <paramref name="vb"/> → both as lanes of <paramref name="t"/>: the top
    /// one is reinterpreted in place; a mismatched lower one needs the top parked in a temporary meanwhile.
    /// </summary>
    private void Operands(Type t, Type va, Type vb)
    {
        if (va == t)
        {
            Reinterpret(vb, t);
            return;
        }
        var b = RentTemp(Vec(vb));
        _il.Emit(OpCodes.Stloc, b);
        Reinterpret(va, t);
        _il.Emit(OpCodes.Ldloc, b);
        ReturnTemp(b);
        Reinterpret(vb, t);
    }

    /// <summary>[a, b] → [name(a, b)] on lanes of <paramref name="t"/>.</summary>
    private void Binary(string name, Type t, Type? result = null)
    {
        Operands(t, ViewOf(_simdFirst), ViewOf(_simdFirst + 1));
        if (X86Binary(name, t) is { } x86)
        {
            CallV(x86);
            SetView(_simdFirst, ElementOf(x86.ReturnType));
            return;
        }
        CallV(Vector(name, Vec(t), Vec(t)));
        SetView(_simdFirst, result ?? t);
    }

    /// <summary>Bitwise operations work in whatever lanes the first operand has.</summary>
    private void Bitwise(string name)
    {
        var t = ViewOf(_simdFirst);
        Operands(t, t, ViewOf(_simdFirst + 1));
        CallV(X86Binary(name, t) ?? Vector(name, Vec(t), Vec(t)));
        SetView(_simdFirst, t);
    }

    private void BinaryX86(Type isa, string name, Type t)
    {
        Operands(t, ViewOf(_simdFirst), ViewOf(_simdFirst + 1));
        var method = X86(isa, name, Vec(t), Vec(t));
        CallV(method);
        SetView(_simdFirst, ElementOf(method.ReturnType));
    }

    private void NotEqual(Type t)
    {
        Binary("Equals", t);
        if (UseX86)
        {
            // The complement as an exclusive or with all ones: a constant the JIT materialises in one instruction.
            Reinterpret(ViewOf(_simdFirst), I32);
            _il.Emit(OpCodes.Ldc_I4_M1);
            CallV(Vector("Create", I32));
            CallV(X86(typeof(Sse2), "Xor", Vec(I32), Vec(I32)));
            SetView(_simdFirst, I32);
            return;
        }
        CallV(Vector("OnesComplement", Vec(t)));
    }

    /// <summary>[v, count] → [v shifted], the count taken modulo the lane width.</summary>
    private void Shift(string name, Type t, int mask)
    {
        if (_shiftCount is { } constant)
        {
            // A constant count, left off the IL stack by Emit: the SSE shift by an immediate.
            _shiftCount = null;
            Reinterpret(ViewOf(_simdFirst), t);
            _il.Emit(OpCodes.Ldc_I4, constant & mask);
            var x86 = X86(typeof(Sse2), name == "ShiftLeft" ? "ShiftLeftLogical" : name, Vec(t), typeof(byte));
            CallV(x86);
            SetView(_simdFirst, ElementOf(x86.ReturnType));
            return;
        }
        _il.Emit(OpCodes.Ldc_I4, mask);
        _il.Emit(OpCodes.And);
        var view = ViewOf(_simdFirst);
        if (view != t)
        {
            var count = RentTemp(typeof(int));
            _il.Emit(OpCodes.Stloc, count);
            Reinterpret(view, t);
            _il.Emit(OpCodes.Ldloc, count);
            ReturnTemp(count);
        }
        CallV(Vector(name, Vec(t), typeof(int)));
        SetView(_simdFirst, t);
    }

    /// <summary>[v] → [v op constant] for a bitwise op on 64-bit lanes.</summary>
    private void WithConstant(string name, ulong lo, ulong hi)
    {
        Reinterpret(ViewOf(_simdFirst), U64);
        _il.Emit(OpCodes.Ldc_I8, (long)lo);
        _il.Emit(OpCodes.Ldc_I8, (long)hi);
        CallV(Vector("Create", U64, U64));
        CallV(Vector(name, Vec(U64), Vec(U64)));
        SetView(_simdFirst, U64);
    }

    /// <summary>[a, b, mask] → [(a AND mask) OR (b AND NOT mask)], in the lanes of a.</summary>
    private void Bitselect()
    {
        Type va = ViewOf(_simdFirst), vb = ViewOf(_simdFirst + 1), vm = ViewOf(_simdFirst + 2);
        var mask = RentTemp(Vec(vm));
        var b = RentTemp(Vec(vb));
        var a = RentTemp(Vec(va));
        _il.Emit(OpCodes.Stloc, mask);
        _il.Emit(OpCodes.Stloc, b);
        _il.Emit(OpCodes.Stloc, a);
        if (X86Binary("BitwiseAnd", va) is { } and)
        {
            // (a AND mask) OR (NOT mask AND b): pand, pandn, por.
            _il.Emit(OpCodes.Ldloc, a);
            _il.Emit(OpCodes.Ldloc, mask);
            Reinterpret(vm, va);
            CallV(and);
            _il.Emit(OpCodes.Ldloc, mask);
            Reinterpret(vm, va);
            _il.Emit(OpCodes.Ldloc, b);
            Reinterpret(vb, va);
            CallV(X86(va == F32 ? typeof(Sse) : typeof(Sse2), "AndNot", Vec(va), Vec(va)));
            CallV(X86Binary("BitwiseOr", va)!);
            ReturnTemp(a);
            ReturnTemp(b);
            ReturnTemp(mask);
            SetView(_simdFirst, va);
            return;
        }
        _il.Emit(OpCodes.Ldloc, mask);
        Reinterpret(vm, va);
        _il.Emit(OpCodes.Ldloc, a);
        _il.Emit(OpCodes.Ldloc, b);
        Reinterpret(vb, va);
        ReturnTemp(a);
        ReturnTemp(b);
        ReturnTemp(mask);
        CallV(Vector("ConditionalSelect", Vec(va), Vec(va), Vec(va)));
        SetView(_simdFirst, va);
    }

    /// <summary>Not all lanes zero, in whatever lanes the operand has.</summary>
    private void AnyTrue()
    {
        var t = ViewOf(_simdFirst);
        CallV(Zero(t));
        CallV(Vector("EqualsAll", Vec(t), Vec(t)));
        _il.Emit(OpCodes.Ldc_I4_0);
        _il.Emit(OpCodes.Ceq);
    }

    private void AllTrue(Type t)
    {
        Reinterpret(ViewOf(_simdFirst), t);
        CallV(Zero(t));
        CallV(Vector("EqualsAny", Vec(t), Vec(t)));
        _il.Emit(OpCodes.Ldc_I4_0);
        _il.Emit(OpCodes.Ceq);
    }

    private void Bitmask(Type t)
    {
        Reinterpret(ViewOf(_simdFirst), t);
        CallV(Vector("ExtractMostSignificantBits", Vec(t)));
    }

    /// <summary>[a, b, c] → [a * b + c] or [c - a * b], each operation rounded.</summary>
    private void MultiplyAdd(Type t, bool negate)
    {
        var vc = ViewOf(_simdFirst + 2);
        var c = RentTemp(Vec(vc));
        _il.Emit(OpCodes.Stloc, c);
        Binary("Multiply", t);
        if (negate) CallV(Vector("Negate", Vec(t)));
        _il.Emit(OpCodes.Ldloc, c);
        ReturnTemp(c);
        Reinterpret(vc, t);
        CallV(Vector("Add", Vec(t), Vec(t)));
        SetView(_simdFirst, t);
    }

    /// <summary>[a, b] → [widen(a) * widen(b)], both halves taken by <paramref name="widen"/>.</summary>
    private void ExtendedMultiply(string widen, Type t)
    {
        var vb = ViewOf(_simdFirst + 1);
        var b = RentTemp(Vec(vb));
        _il.Emit(OpCodes.Stloc, b);
        Reinterpret(ViewOf(_simdFirst), t);
        var method = X86Unary(widen, t) ?? Vector(widen, Vec(t));
        CallV(method);
        _il.Emit(OpCodes.Ldloc, b);
        ReturnTemp(b);
        Reinterpret(vb, t);
        CallV(method);
        var wide = method.ReturnType;
        CallV(X86Binary("Multiply", ElementOf(wide)) ?? Vector("Multiply", wide, wide));
        SetView(_simdFirst, ElementOf(wide));
    }

    private void Splat(Type t)
    {
        // An i32 operand passed to a byte or short parameter keeps its low bits, as splat requires.
        CallV(Vector("Create", t));
        SetView(_simdFirst, t);
    }

    private void ExtractLane(Type t, int lane)
    {
        Reinterpret(ViewOf(_simdFirst), t);
        GetElement(t, lane);
    }

    /// <summary>[v as lanes of <paramref name="t"/>] → [lane <paramref name="lane"/>], sign-extended for signed narrow lanes.</summary>
    private void GetElement(Type t, int lane)
    {
        var wide = t == I64 || t == U64;
        if (UseX86 && t != F64 && (!wide || Sse41.X64.IsSupported))
        {
            // pextrb / pextrw / pextrd / pextrq / extractps take the lane as an immediate; narrow lanes come out
            // zero-extended.
            var unsigned = t == I8 ? U8 : t == I16 ? U16 : t;
            var isa = unsigned == U16 ? typeof(Sse2) : wide ? typeof(Sse41.X64) : typeof(Sse41);
            if (unsigned != t) Reinterpret(t, unsigned);
            _il.Emit(OpCodes.Ldc_I4, lane);
            CallV(X86(isa, "Extract", Vec(unsigned), typeof(byte)));
            if (t == I8) _il.Emit(OpCodes.Conv_I1);
            else if (t == I16) _il.Emit(OpCodes.Conv_I2);
            return;
        }
        _il.Emit(OpCodes.Ldc_I4, lane);
        CallV(Vector("GetElement", Vec(t), typeof(int)));
    }

    /// <summary>[v, x] → [v with lane replaced by x].</summary>
    private void ReplaceLane(Type t, Type operand, int lane)
    {
        var view = ViewOf(_simdFirst);
        // pinsrb / pinsrw / pinsrd / pinsrq, the lane an immediate (an i32 passed for a byte or short keeps its low bits).
        var insert = !UseX86 ? null
            : t == U8 || t == I32 ? X86(typeof(Sse41), "Insert", Vec(t), t, typeof(byte))
            : t == I16 ? X86(typeof(Sse2), "Insert", Vec(t), t, typeof(byte))
            : t == I64 && Sse41.X64.IsSupported ? X86(typeof(Sse41.X64), "Insert", Vec(t), t, typeof(byte))
            : null;
        if (insert is not null)
        {
            if (view != t)
            {
                var value = RentTemp(operand);
                _il.Emit(OpCodes.Stloc, value);
                Reinterpret(view, t);
                _il.Emit(OpCodes.Ldloc, value);
                ReturnTemp(value);
            }
            _il.Emit(OpCodes.Ldc_I4, lane);
            CallV(insert);
            SetView(_simdFirst, t);
            return;
        }
        var x = RentTemp(operand);
        _il.Emit(OpCodes.Stloc, x);
        Reinterpret(view, t);
        _il.Emit(OpCodes.Ldc_I4, lane);
        _il.Emit(OpCodes.Ldloc, x);
        ReturnTemp(x);
        CallV(Vector("WithElement", Vec(t), typeof(int), t));
        SetView(_simdFirst, t);
    }

    /// <summary>A constant, built in the lanes locals use when those are 32-bit integers.</summary>
    private void EmitV128Constant(ulong lo, ulong hi)
    {
        if (_localView == I32)
        {
            foreach (var x in (ReadOnlySpan<ulong>)[lo, lo >> 32, hi, hi >> 32]) _il.Emit(OpCodes.Ldc_I4, (int)(uint)x);
            CallV(Vector("Create", I32, I32, I32, I32));
            SetView(_simdFirst, I32);
            return;
        }
        _il.Emit(OpCodes.Ldc_I8, (long)lo);
        _il.Emit(OpCodes.Ldc_I8, (long)hi);
        CallV(Vector("Create", U64, U64));
        SetView(_simdFirst, U64);
    }

    private void LoadScalar(OpCode load, Type t, string create)
    {
        _il.Emit(OpCodes.Unaligned, (byte)1);
        _il.Emit(load);
        CallV(Vector(create, t));
        SetView(_simdFirst, t);
    }

    /// <summary>[pointer] → eight bytes widened lane by lane from lanes of <paramref name="t"/>.</summary>
    private void LoadExtended(Type t)
    {
        _il.Emit(OpCodes.Unaligned, (byte)1);
        _il.Emit(OpCodes.Ldind_I8);
        CallV(Vector("CreateScalar", I64));
        Reinterpret(I64, t);
        var widen = Vector("WidenLower", Vec(t));
        CallV(widen);
        SetView(_simdFirst, ElementOf(widen.ReturnType));
    }

    /// <summary>[pointer, v] → [] storing one lane.</summary>
    private void StoreLane(Type view, Type t, int lane, OpCode store)
    {
        Reinterpret(view, t);
        GetElement(t, lane);
        _il.Emit(OpCodes.Unaligned, (byte)1);
        _il.Emit(store);
    }

    // ---- x86 equivalents ----
    // Calls of generic Vector128 methods (Add<T>, Xor<T>, ...) cost the optimizing JIT about 20 µs each to import,
    // against 3-5 µs for the non-generic SSE method that is the same instruction; blake3-simd's 10 KB compression
    // function makes about a thousand of them. Where an SSE method computes exactly what the portable one does,
    // code compiled for this machine calls it instead.

    /// <summary>The SSE method computing <c>Vector128.name</c> of two vectors of <paramref name="t"/> exactly, or null.</summary>
    private MethodInfo? X86Binary(string name, Type t)
    {
        if (!UseX86) return null;
        bool f32 = t == F32, f64 = t == F64, wide = t == I64 || t == U64, integer = !f32 && !f64;
        (Type Isa, string Name)? form = name switch
        {
            "Add" or "Subtract" => (f32 ? typeof(Sse) : typeof(Sse2), name),
            "BitwiseAnd" => (f32 ? typeof(Sse) : typeof(Sse2), "And"),
            "BitwiseOr" => (f32 ? typeof(Sse) : typeof(Sse2), "Or"),
            "Xor" => (f32 ? typeof(Sse) : typeof(Sse2), "Xor"),
            "Multiply" or "Divide" when !integer => (f32 ? typeof(Sse) : typeof(Sse2), name),
            "Multiply" when t == I16 || t == U16 => (typeof(Sse2), "MultiplyLow"),
            "Multiply" when t == I32 || t == U32 => (typeof(Sse41), "MultiplyLow"),
            "Equals" when wide => (typeof(Sse41), "CompareEqual"),
            "Equals" => (f32 ? typeof(Sse) : typeof(Sse2), "CompareEqual"),
            // Ordered float comparisons (false on NaN), as the portable ones.
            "LessThan" or "GreaterThan" or "LessThanOrEqual" or "GreaterThanOrEqual" when !integer =>
                (f32 ? typeof(Sse) : typeof(Sse2), "Compare" + name),
            "LessThan" or "GreaterThan" when t == I8 || t == I16 || t == I32 => (typeof(Sse2), "Compare" + name),
            "GreaterThan" when t == I64 && Sse42.IsSupported => (typeof(Sse42), "CompareGreaterThan"),
            "Min" or "Max" when t == U8 || t == I16 => (typeof(Sse2), name),
            "Min" or "Max" when t == I8 || t == U16 || t == I32 || t == U32 => (typeof(Sse41), name),
            "AddSaturate" or "SubtractSaturate" when t == I8 || t == U8 || t == I16 || t == U16 => (typeof(Sse2), name),
            "NarrowWithSaturation" when t == I16 || t == I32 => (typeof(Sse2), "PackSignedSaturate"),
            _ => null,
        };
        return form is ({ } isa, { } method) ? X86(isa, method, Vec(t), Vec(t)) : null;
    }

    /// <summary>The SSE method computing <c>Vector128.name</c> of a vector of <paramref name="t"/> exactly, or null.</summary>
    private MethodInfo? X86Unary(string name, Type t)
    {
        if (!UseX86) return null;
        (Type Isa, string Name)? form = name switch
        {
            "Abs" when t == I8 || t == I16 || t == I32 => (typeof(Ssse3), "Abs"),
            "Sqrt" when t == F32 => (typeof(Sse), "Sqrt"),
            "Sqrt" when t == F64 => (typeof(Sse2), "Sqrt"),
            "Ceiling" or "Floor" when t == F32 || t == F64 => (typeof(Sse41), name),
            "Truncate" when t == F32 || t == F64 => (typeof(Sse41), "RoundToZero"),
            "Round" when t == F32 || t == F64 => (typeof(Sse41), "RoundToNearestInteger"),
            // Sign or zero extension of the low half: pmovsx / pmovzx.
            "WidenLower" when t == I8 || t == U8 => (typeof(Sse41), "ConvertToVector128Int16"),
            "WidenLower" when t == I16 || t == U16 => (typeof(Sse41), "ConvertToVector128Int32"),
            "WidenLower" when t == I32 || t == U32 => (typeof(Sse41), "ConvertToVector128Int64"),
            "WidenLower" when t == F32 => (typeof(Sse2), "ConvertToVector128Double"),
            "ConvertToSingle" when t == I32 => (typeof(Sse2), "ConvertToVector128Single"),
            _ => null,
        };
        return form is ({ } isa, { } method) ? X86(isa, method, Vec(t)) : null;
    }

    // ---- i8x16.shuffle ----

    /// <summary>
    /// [a, b] → [shuffled]: lane indices are known here, so a shuffle that reads one operand becomes a single
    /// constant shuffle (pshufd when whole 32-bit lanes move), common two-operand patterns become one x86
    /// unpack or shufps, and the rest two constant shuffles whose unused lanes are zero, or-ed together.
    /// </summary>
    private void EmitShuffle(ulong lo, ulong hi)
    {
        Span<byte> idx = stackalloc byte[16];
        for (var i = 0; i < 8; i++)
        {
            idx[i] = (byte)(lo >> (8 * i));
            idx[i + 8] = (byte)(hi >> (8 * i));
        }
        bool fromA = false, fromB = false;
        foreach (var x in idx)
        {
            if (x < 16) fromA = true;
            else fromB = true;
        }
        Type va = ViewOf(_simdFirst), vb = ViewOf(_simdFirst + 1);
        Span<byte> own = stackalloc byte[16];
        if (!fromB)
        {
            _il.Emit(OpCodes.Pop);
            SetView(_simdFirst, ShuffleOne(idx, va));
            return;
        }
        if (!fromA)
        {
            var b = RentTemp(Vec(vb));
            _il.Emit(OpCodes.Stloc, b);
            _il.Emit(OpCodes.Pop);
            _il.Emit(OpCodes.Ldloc, b);
            ReturnTemp(b);
            for (var i = 0; i < 16; i++) own[i] = (byte)(idx[i] - 16);
            SetView(_simdFirst, ShuffleOne(own, vb));
            return;
        }
        if (UseX86 && TryShuffleX86(idx)) return;
        var second = RentTemp(Vec(vb));
        _il.Emit(OpCodes.Stloc, second);
        for (var i = 0; i < 16; i++) own[i] = idx[i] < 16 ? idx[i] : (byte)0xFF;
        var ta = ShuffleOne(own, va);
        _il.Emit(OpCodes.Ldloc, second);
        ReturnTemp(second);
        for (var i = 0; i < 16; i++) own[i] = idx[i] >= 16 ? (byte)(idx[i] - 16) : (byte)0xFF;
        var tb = ShuffleOne(own, vb);
        Reinterpret(tb, ta);
        CallV(X86Binary("BitwiseOr", ta) ?? Vector("BitwiseOr", Vec(ta), Vec(ta)));
        SetView(_simdFirst, ta);
    }

    /// <summary>
    /// [v in lanes <paramref name="view"/>] → [v shuffled by <paramref name="idx"/>] (byte indices 0..15, 0xFF for
    /// a zero lane), on the widest lanes the pattern allows, since the JIT picks cheaper instructions for wider
    /// lanes; returns the lane type of the result.
    /// </summary>
    private Type ShuffleOne(ReadOnlySpan<byte> idx, Type view)
    {
        if (UseX86) return ShuffleOneX86(idx, view);
        foreach (var width in (ReadOnlySpan<int>)[8, 4, 2])
        {
            if (!MovesWholeLanes(idx, width)) continue;
            var count = 16 / width;
            var t = width switch { 8 => I64, 4 => I32, _ => I16 };
            Reinterpret(view, t);
            for (var lane = 0; lane < count; lane++)
            {
                var first = idx[lane * width];
                var index = first == 0xFF ? 0xFF : first / width;
                if (t == I64) _il.Emit(OpCodes.Ldc_I8, (long)index);
                else _il.Emit(OpCodes.Ldc_I4, index);
            }
            var parameters = new Type[count];
            Array.Fill(parameters, t);
            CallV(Vector("Create", parameters));
            CallV(Vector("Shuffle", Vec(t), Vec(t)));
            return t;
        }
        Reinterpret(view, U8);
        foreach (var x in idx) _il.Emit(OpCodes.Ldc_I4, (int)x);
        var bytes = new Type[16];
        Array.Fill(bytes, U8);
        CallV(Vector("Create", bytes));
        CallV(Vector("Shuffle", V8, V8));
        return U8;
    }

    /// <summary><see cref="ShuffleOne"/> as pshufd when whole 32-bit lanes move, else as pshufb (which zeroes a lane
    /// whose index has its top bit set, as 0xFF has).</summary>
    private Type ShuffleOneX86(ReadOnlySpan<byte> idx, Type view)
    {
        if (!idx.Contains((byte)0xFF) && MovesWholeLanes(idx, 4))
        {
            var control = 0;
            for (var lane = 0; lane < 4; lane++) control |= idx[lane * 4] / 4 << (2 * lane);
            Reinterpret(view, I32);
            _il.Emit(OpCodes.Ldc_I4, control);
            CallV(X86(typeof(Sse2), "Shuffle", Vec(I32), typeof(byte)));
            return I32;
        }
        Reinterpret(view, U8);
        ulong lo = 0, hi = 0;
        for (var i = 0; i < 8; i++)
        {
            lo |= (ulong)idx[i] << (8 * i);
            hi |= (ulong)idx[i + 8] << (8 * i);
        }
        _il.Emit(OpCodes.Ldc_I8, (long)lo);
        _il.Emit(OpCodes.Ldc_I8, (long)hi);
        CallV(Vector("Create", U64, U64));
        Reinterpret(U64, U8);
        CallV(X86(typeof(Ssse3), "Shuffle", V8, V8));
        return U8;
    }

    /// <summary>Whether every group of <paramref name="width"/> bytes is zero or one aligned lane of that width, in order.</summary>
    private static bool MovesWholeLanes(ReadOnlySpan<byte> idx, int width)
    {
        for (var lane = 0; lane < 16; lane += width)
        {
            var first = idx[lane];
            if (first == 0xFF)
            {
                for (var k = 1; k < width; k++)
                    if (idx[lane + k] != 0xFF) return false;
                continue;
            }
            if (first % width != 0) return false;
            for (var k = 1; k < width; k++)
                if (idx[lane + k] != first + k) return false;
        }
        return true;
    }

    /// <summary>Two-operand shuffles that are one SSE instruction: interleaves (unpack) and shufps lane picks.</summary>
    private bool TryShuffleX86(ReadOnlySpan<byte> idx)
    {
        foreach (var width in (ReadOnlySpan<int>)[8, 4, 2, 1])
        {
            var t = width switch { 8 => I64, 4 => I32, 2 => I16, _ => U8 };
            foreach (var high in (ReadOnlySpan<bool>)[false, true])
            {
                if (!IsInterleave(idx, width, high)) continue;
                BinaryX86(typeof(Sse2), high ? "UnpackHigh" : "UnpackLow", t);
                return true;
            }
        }
        // shufps: result lanes 0-1 are any 32-bit lanes of the first operand, lanes 2-3 any of the second.
        if (!MovesWholeLanes(idx, 4)) return false;
        Span<int> lanes = stackalloc int[4];
        for (var i = 0; i < 4; i++) lanes[i] = idx[4 * i] / 4;
        if (lanes[0] >= 4 || lanes[1] >= 4 || lanes[2] < 4 || lanes[3] < 4) return false;
        var control = lanes[0] | lanes[1] << 2 | (lanes[2] - 4) << 4 | (lanes[3] - 4) << 6;
        Operands(F32, ViewOf(_simdFirst), ViewOf(_simdFirst + 1));
        _il.Emit(OpCodes.Ldc_I4, control);
        CallV(X86(typeof(Sse), "Shuffle", Vec(F32), Vec(F32), typeof(byte)));
        SetView(_simdFirst, F32);
        return true;
    }

    /// <summary>Whether the pattern alternates lanes of <paramref name="width"/> bytes from the low (or high) halves of a and b.</summary>
    private static bool IsInterleave(ReadOnlySpan<byte> idx, int width, bool high)
    {
        var start = high ? 8 : 0;
        for (var i = 0; i < 16; i++)
        {
            var lane = i / width;
            var source = lane % 2 == 0 ? 0 : 16;
            var expected = source + start + lane / 2 * width + i % width;
            if (idx[i] != expected) return false;
        }
        return true;
    }
}
