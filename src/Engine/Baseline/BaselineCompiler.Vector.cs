using System.Runtime.Intrinsics.X86;
using Wasm.Instructions;
using P = Wasm.Baseline.Packed;

namespace Wasm.Baseline;

/// <summary>
/// Vector (v128) instructions, compiled to SSE up to SSE4.1 as V8's Liftoff does: an instruction takes its
/// operands in xmm registers and leaves its result in one of them, with xmm15 as scratch and 16-byte constants
/// placed after the code. Those without a short sequence (the relaxed instructions among them) are refused, and
/// their function keeps the JIT's code.
/// </summary>
internal sealed partial class BaselineCompiler
{
    private readonly List<(Label At, ulong Lo, ulong Hi)> _constants = [];

    private static readonly bool s_sse42 = Sse42.IsSupported;

    /// <summary>Vector instructions; false for one this compiler does not handle.</summary>
    private bool Vector(in Instruction ins)
    {
        var op = ins.Op;
        switch (op)
        {
            case Opcode.V128Const: VectorConstant(ins.Imm, ins.Lanes); return true;

            // Lane-wise integer arithmetic with one instruction each.
            case Opcode.I8x16Add: Binary(P.Paddb); return true;
            case Opcode.I16x8Add: Binary(P.Paddw); return true;
            case Opcode.I32x4Add: Binary(P.Paddd); return true;
            case Opcode.I64x2Add: Binary(P.Paddq); return true;
            case Opcode.I8x16Sub: Binary(P.Psubb); return true;
            case Opcode.I16x8Sub: Binary(P.Psubw); return true;
            case Opcode.I32x4Sub: Binary(P.Psubd); return true;
            case Opcode.I64x2Sub: Binary(P.Psubq); return true;
            case Opcode.I8x16AddSatS: Binary(P.Paddsb); return true;
            case Opcode.I8x16AddSatU: Binary(P.Paddusb); return true;
            case Opcode.I16x8AddSatS: Binary(P.Paddsw); return true;
            case Opcode.I16x8AddSatU: Binary(P.Paddusw); return true;
            case Opcode.I8x16SubSatS: Binary(P.Psubsb); return true;
            case Opcode.I8x16SubSatU: Binary(P.Psubusb); return true;
            case Opcode.I16x8SubSatS: Binary(P.Psubsw); return true;
            case Opcode.I16x8SubSatU: Binary(P.Psubusw); return true;
            case Opcode.I8x16MinS: Binary(P.Pminsb); return true;
            case Opcode.I8x16MinU: Binary(P.Pminub); return true;
            case Opcode.I8x16MaxS: Binary(P.Pmaxsb); return true;
            case Opcode.I8x16MaxU: Binary(P.Pmaxub); return true;
            case Opcode.I16x8MinS: Binary(P.Pminsw); return true;
            case Opcode.I16x8MinU: Binary(P.Pminuw); return true;
            case Opcode.I16x8MaxS: Binary(P.Pmaxsw); return true;
            case Opcode.I16x8MaxU: Binary(P.Pmaxuw); return true;
            case Opcode.I32x4MinS: Binary(P.Pminsd); return true;
            case Opcode.I32x4MinU: Binary(P.Pminud); return true;
            case Opcode.I32x4MaxS: Binary(P.Pmaxsd); return true;
            case Opcode.I32x4MaxU: Binary(P.Pmaxud); return true;
            case Opcode.I8x16AvgrU: Binary(P.Pavgb); return true;
            case Opcode.I16x8AvgrU: Binary(P.Pavgw); return true;
            case Opcode.I16x8Mul: Binary(P.Pmullw); return true;
            case Opcode.I32x4Mul: Binary(P.Pmulld); return true;
            case Opcode.I64x2Mul: I64x2Mul(); return true;
            case Opcode.I32x4DotI16x8S: Binary(P.Pmaddwd); return true;
            case Opcode.I16x8Q15mulrSatS:
            {
                // pmulhrsw gives 0x8000 for 0x8000 * 0x8000 where the saturated answer is 0x7FFF.
                var (xa, xb) = PopXmmPair();
                _a.Simd(P.Pmulhrsw, xa, xb);
                _a.Simd(P.Movdqu, XScratch, Constant(0x8000_8000_8000_8000, 0x8000_8000_8000_8000));
                _a.Simd(P.Pcmpeqw, XScratch, xa);
                _a.Simd(P.Pxor, xa, XScratch);
                FreeX(xb);
                PushVector(xa);
                return true;
            }
            case Opcode.I8x16NarrowI16x8S: Binary(P.Packsswb); return true;
            case Opcode.I8x16NarrowI16x8U: Binary(P.Packuswb); return true;
            case Opcode.I16x8NarrowI32x4S: Binary(P.Packssdw); return true;
            case Opcode.I16x8NarrowI32x4U: Binary(P.Packusdw); return true;

            case Opcode.V128And: Binary(P.Pand); return true;
            case Opcode.V128Or: Binary(P.Por); return true;
            case Opcode.V128Xor: Binary(P.Pxor); return true;
            case Opcode.V128Andnot: Reversed(P.Pandn); return true; // pandn b, a = ~b & a
            case Opcode.V128Not:
            {
                var x = PopXmm();
                Not(x);
                PushVector(x);
                return true;
            }
            case Opcode.V128Bitselect:
            {
                var xc = PopXmm();
                var (xa, xb) = PopXmmPair();
                // b ^ ((a ^ b) & c)
                _a.Simd(P.Pxor, xa, xb);
                _a.Simd(P.Pand, xa, xc);
                _a.Simd(P.Pxor, xa, xb);
                FreeX(xb);
                FreeX(xc);
                PushVector(xa);
                return true;
            }
            case Opcode.V128AnyTrue:
            {
                var x = PopXmm();
                _a.Simd(P.Ptest, x, x);
                FreeX(x);
                var r = AllocGpr();
                _a.SetCC(Cond.NE, r);
                PushReg(ValKind.I32, r);
                return true;
            }
            case Opcode.I8x16AllTrue: AllTrue(P.Pcmpeqb); return true;
            case Opcode.I16x8AllTrue: AllTrue(P.Pcmpeqw); return true;
            case Opcode.I32x4AllTrue: AllTrue(P.Pcmpeqd); return true;
            case Opcode.I64x2AllTrue: AllTrue(P.Pcmpeqq); return true;
            case Opcode.I8x16Bitmask or Opcode.I16x8Bitmask or Opcode.I32x4Bitmask or Opcode.I64x2Bitmask:
            {
                var x = PopXmm();
                var r = AllocGpr();
                switch (op)
                {
                    case Opcode.I8x16Bitmask: _a.Simd(P.Pmovmskb, (int)r, x); break;
                    case Opcode.I16x8Bitmask:
                        // Each lane's sign into a byte, twice over; the low eight bits are the answer.
                        _a.Simd(P.Packsswb, x, x);
                        _a.Simd(P.Pmovmskb, (int)r, x);
                        _a.MovzxRR(r, r, 8, false);
                        break;
                    case Opcode.I32x4Bitmask: _a.Simd(P.Movmskps, (int)r, x); break;
                    default: _a.Simd(P.Movmskpd, (int)r, x); break;
                }
                FreeX(x);
                PushReg(ValKind.I32, r);
                return true;
            }

            case Opcode.I8x16Abs: Unary(P.Pabsb); return true;
            case Opcode.I16x8Abs: Unary(P.Pabsw); return true;
            case Opcode.I32x4Abs: Unary(P.Pabsd); return true;
            case Opcode.I64x2Abs:
            {
                // Each lane's sign spread over it: (x ^ s) - s.
                var x = PopXmm();
                _a.Simd(P.Movdqu, XScratch, x); // register form of movdqu: a copy
                _a.Simd(P.ShiftD, 4, XScratch, 31);
                _a.Simd(P.Pshufd, XScratch, XScratch, 0xF5);
                _a.Simd(P.Pxor, x, XScratch);
                _a.Simd(P.Psubq, x, XScratch);
                PushVector(x);
                return true;
            }
            case Opcode.I8x16Neg: Negate(P.Psubb); return true;
            case Opcode.I16x8Neg: Negate(P.Psubw); return true;
            case Opcode.I32x4Neg: Negate(P.Psubd); return true;
            case Opcode.I64x2Neg: Negate(P.Psubq); return true;
            case Opcode.I8x16Popcnt: Popcount(); return true;

            // Comparisons.
            case Opcode.I8x16Eq: Binary(P.Pcmpeqb); return true;
            case Opcode.I16x8Eq: Binary(P.Pcmpeqw); return true;
            case Opcode.I32x4Eq: Binary(P.Pcmpeqd); return true;
            case Opcode.I64x2Eq: Binary(P.Pcmpeqq); return true;
            case Opcode.I8x16Ne: Binary(P.Pcmpeqb, not: true); return true;
            case Opcode.I16x8Ne: Binary(P.Pcmpeqw, not: true); return true;
            case Opcode.I32x4Ne: Binary(P.Pcmpeqd, not: true); return true;
            case Opcode.I64x2Ne: Binary(P.Pcmpeqq, not: true); return true;
            case Opcode.I8x16GtS: Binary(P.Pcmpgtb); return true;
            case Opcode.I16x8GtS: Binary(P.Pcmpgtw); return true;
            case Opcode.I32x4GtS: Binary(P.Pcmpgtd); return true;
            case Opcode.I8x16LtS: Reversed(P.Pcmpgtb); return true;
            case Opcode.I16x8LtS: Reversed(P.Pcmpgtw); return true;
            case Opcode.I32x4LtS: Reversed(P.Pcmpgtd); return true;
            case Opcode.I8x16LeS: Binary(P.Pcmpgtb, not: true); return true;
            case Opcode.I16x8LeS: Binary(P.Pcmpgtw, not: true); return true;
            case Opcode.I32x4LeS: Binary(P.Pcmpgtd, not: true); return true;
            case Opcode.I8x16GeS: Reversed(P.Pcmpgtb, not: true); return true;
            case Opcode.I16x8GeS: Reversed(P.Pcmpgtw, not: true); return true;
            case Opcode.I32x4GeS: Reversed(P.Pcmpgtd, not: true); return true;
            case Opcode.I64x2GtS when s_sse42: Binary(P.Pcmpgtq); return true;
            case Opcode.I64x2LtS when s_sse42: Reversed(P.Pcmpgtq); return true;
            case Opcode.I64x2LeS when s_sse42: Binary(P.Pcmpgtq, not: true); return true;
            case Opcode.I64x2GeS when s_sse42: Reversed(P.Pcmpgtq, not: true); return true;
            // Unsigned: a >= b exactly when max(a, b) == a, a <= b when min(a, b) == a.
            case Opcode.I8x16GeU: Unsigned(P.Pmaxub, P.Pcmpeqb, false); return true;
            case Opcode.I8x16LtU: Unsigned(P.Pmaxub, P.Pcmpeqb, true); return true;
            case Opcode.I8x16LeU: Unsigned(P.Pminub, P.Pcmpeqb, false); return true;
            case Opcode.I8x16GtU: Unsigned(P.Pminub, P.Pcmpeqb, true); return true;
            case Opcode.I16x8GeU: Unsigned(P.Pmaxuw, P.Pcmpeqw, false); return true;
            case Opcode.I16x8LtU: Unsigned(P.Pmaxuw, P.Pcmpeqw, true); return true;
            case Opcode.I16x8LeU: Unsigned(P.Pminuw, P.Pcmpeqw, false); return true;
            case Opcode.I16x8GtU: Unsigned(P.Pminuw, P.Pcmpeqw, true); return true;
            case Opcode.I32x4GeU: Unsigned(P.Pmaxud, P.Pcmpeqd, false); return true;
            case Opcode.I32x4LtU: Unsigned(P.Pmaxud, P.Pcmpeqd, true); return true;
            case Opcode.I32x4LeU: Unsigned(P.Pminud, P.Pcmpeqd, false); return true;
            case Opcode.I32x4GtU: Unsigned(P.Pminud, P.Pcmpeqd, true); return true;
            // cmpps/cmppd predicates: 0 equal, 1 less, 2 less or equal, 4 not equal (true for NaN).
            case Opcode.F32x4Eq or Opcode.F64x2Eq: FloatCompare(op == Opcode.F64x2Eq, 0, false); return true;
            case Opcode.F32x4Ne or Opcode.F64x2Ne: FloatCompare(op == Opcode.F64x2Ne, 4, false); return true;
            case Opcode.F32x4Lt or Opcode.F64x2Lt: FloatCompare(op == Opcode.F64x2Lt, 1, false); return true;
            case Opcode.F32x4Le or Opcode.F64x2Le: FloatCompare(op == Opcode.F64x2Le, 2, false); return true;
            case Opcode.F32x4Gt or Opcode.F64x2Gt: FloatCompare(op == Opcode.F64x2Gt, 1, true); return true;
            case Opcode.F32x4Ge or Opcode.F64x2Ge: FloatCompare(op == Opcode.F64x2Ge, 2, true); return true;

            // Shifts (the count modulo the lane width).
            case Opcode.I16x8Shl: Shift(P.Psllw, P.ShiftW, 6, 15); return true;
            case Opcode.I16x8ShrS: Shift(P.Psraw, P.ShiftW, 4, 15); return true;
            case Opcode.I16x8ShrU: Shift(P.Psrlw, P.ShiftW, 2, 15); return true;
            case Opcode.I32x4Shl: Shift(P.Pslld, P.ShiftD, 6, 31); return true;
            case Opcode.I32x4ShrS: Shift(P.Psrad, P.ShiftD, 4, 31); return true;
            case Opcode.I32x4ShrU: Shift(P.Psrld, P.ShiftD, 2, 31); return true;
            case Opcode.I64x2Shl: Shift(P.Psllq, P.ShiftQ, 6, 63); return true;
            case Opcode.I64x2ShrU: Shift(P.Psrlq, P.ShiftQ, 2, 63); return true;
            case Opcode.I64x2ShrS: I64x2ShiftRightSigned(); return true;
            case Opcode.I8x16Shl or Opcode.I8x16ShrS or Opcode.I8x16ShrU: ByteShift(op); return true;

            // Floating point.
            case Opcode.F32x4Add or Opcode.F64x2Add: Binary(P.Float(op == Opcode.F64x2Add, P.Add)); return true;
            case Opcode.F32x4Sub or Opcode.F64x2Sub: Binary(P.Float(op == Opcode.F64x2Sub, P.Sub)); return true;
            case Opcode.F32x4Mul or Opcode.F64x2Mul: Binary(P.Float(op == Opcode.F64x2Mul, P.Mul)); return true;
            case Opcode.F32x4Div or Opcode.F64x2Div: Binary(P.Float(op == Opcode.F64x2Div, P.Div)); return true;
            // pmin(a, b) = b < a ? b : a, which minps b, a computes; pmax likewise.
            case Opcode.F32x4Pmin or Opcode.F64x2Pmin: Reversed(P.Float(op == Opcode.F64x2Pmin, P.Min)); return true;
            case Opcode.F32x4Pmax or Opcode.F64x2Pmax: Reversed(P.Float(op == Opcode.F64x2Pmax, P.Max)); return true;
            case Opcode.F32x4Min or Opcode.F64x2Min: FloatMinMax(op == Opcode.F64x2Min, true); return true;
            case Opcode.F32x4Max or Opcode.F64x2Max: FloatMinMax(op == Opcode.F64x2Max, false); return true;
            case Opcode.F32x4Sqrt or Opcode.F64x2Sqrt:
            {
                var x = PopXmm();
                _a.Simd(P.Float(op == Opcode.F64x2Sqrt, P.Sqrt), x, x);
                PushVector(x);
                return true;
            }
            case Opcode.F32x4Abs or Opcode.F64x2Abs or Opcode.F32x4Neg or Opcode.F64x2Neg:
            {
                // All ones shifted into the sign mask (neg) or everything but it (abs).
                var f64 = op is Opcode.F64x2Abs or Opcode.F64x2Neg;
                var abs = op is Opcode.F32x4Abs or Opcode.F64x2Abs;
                var x = PopXmm();
                _a.Simd(P.Pcmpeqd, XScratch, XScratch);
                _a.Simd(f64 ? P.ShiftQ : P.ShiftD, abs ? 2 : 6, XScratch, (byte)(abs ? 1 : f64 ? 63 : 31));
                _a.Simd(abs ? P.Pand : P.Pxor, x, XScratch);
                PushVector(x);
                return true;
            }
            // roundps/pd modes: 0 nearest even, 1 floor, 2 ceil, 3 truncate.
            case Opcode.F32x4Nearest or Opcode.F64x2Nearest: RoundLanes(op == Opcode.F64x2Nearest, 0); return true;
            case Opcode.F32x4Floor or Opcode.F64x2Floor: RoundLanes(op == Opcode.F64x2Floor, 1); return true;
            case Opcode.F32x4Ceil or Opcode.F64x2Ceil: RoundLanes(op == Opcode.F64x2Ceil, 2); return true;
            case Opcode.F32x4Trunc or Opcode.F64x2Trunc: RoundLanes(op == Opcode.F64x2Trunc, 3); return true;

            // Conversions.
            case Opcode.F32x4ConvertI32x4S: Unary(P.Cvtdq2ps); return true;
            case Opcode.F32x4ConvertI32x4U: ConvertUnsigned(); return true;
            case Opcode.F64x2ConvertLowI32x4S: Unary(P.Cvtdq2pd); return true;
            case Opcode.F64x2ConvertLowI32x4U:
            {
                // Each u32 as the low bits of the double 2^52 + u, then 2^52 off.
                var x = PopXmm();
                _a.Simd(P.Float(false, P.Unpckl), x, Constant(0x4330_0000_4330_0000, 0x4330_0000_4330_0000));
                _a.Simd(P.Float(true, P.Sub), x, Constant(0x4330_0000_0000_0000, 0x4330_0000_0000_0000));
                PushVector(x);
                return true;
            }
            case Opcode.F32x4DemoteF64x2Zero: Unary(P.Cvtpd2ps); return true;
            case Opcode.F64x2PromoteLowF32x4: Unary(P.Cvtps2pd); return true;
            case Opcode.I32x4TruncSatF32x4S: TruncateSigned(); return true;
            case Opcode.I32x4TruncSatF32x4U: TruncateUnsigned(); return true;
            case Opcode.I32x4TruncSatF64x2SZero:
            {
                // NaN lanes to 0 and the rest clamped to 2^31 - 1 (cvttpd2dq gives INT_MIN below the range).
                var x = PopXmm();
                _a.Simd(P.Movdqu, XScratch, x);
                _a.Simd(P.Float(true, P.Cmp), XScratch, x, 0);
                _a.Simd(P.Float(true, P.And), XScratch, Constant(0x41DF_FFFF_FFC0_0000, 0x41DF_FFFF_FFC0_0000));
                _a.Simd(P.Float(true, P.Min), x, XScratch);
                _a.Simd(P.Cvttpd2dq, x, x);
                PushVector(x);
                return true;
            }
            case Opcode.I32x4TruncSatF64x2UZero:
            {
                // Clamped to [0, 2^32 - 1] (NaN to 0), truncated, and the low 32 bits of 2^52 + v taken.
                var x = PopXmm();
                _a.Simd(P.Pxor, XScratch, XScratch);
                _a.Simd(P.Float(true, P.Max), x, XScratch);
                _a.Simd(P.Float(true, P.Min), x, Constant(0x41EF_FFFF_FFE0_0000, 0x41EF_FFFF_FFE0_0000));
                _a.Simd(P.Round(true), x, x, 3);
                _a.Simd(P.Float(true, P.Add), x, Constant(0x4330_0000_0000_0000, 0x4330_0000_0000_0000));
                _a.Simd(P.Shufps, x, XScratch, 0x88);
                PushVector(x);
                return true;
            }
            case Opcode.I16x8ExtendLowI8x16S: Unary(P.Pmovsxbw); return true;
            case Opcode.I16x8ExtendLowI8x16U: Unary(P.Pmovzxbw); return true;
            case Opcode.I32x4ExtendLowI16x8S: Unary(P.Pmovsxwd); return true;
            case Opcode.I32x4ExtendLowI16x8U: Unary(P.Pmovzxwd); return true;
            case Opcode.I64x2ExtendLowI32x4S: Unary(P.Pmovsxdq); return true;
            case Opcode.I64x2ExtendLowI32x4U: Unary(P.Pmovzxdq); return true;
            case Opcode.I16x8ExtendHighI8x16S: ExtendHigh(P.Pmovsxbw); return true;
            case Opcode.I16x8ExtendHighI8x16U: ExtendHigh(P.Pmovzxbw); return true;
            case Opcode.I32x4ExtendHighI16x8S: ExtendHigh(P.Pmovsxwd); return true;
            case Opcode.I32x4ExtendHighI16x8U: ExtendHigh(P.Pmovzxwd); return true;
            case Opcode.I64x2ExtendHighI32x4S: ExtendHigh(P.Pmovsxdq); return true;
            case Opcode.I64x2ExtendHighI32x4U: ExtendHigh(P.Pmovzxdq); return true;
            case Opcode.I16x8ExtmulLowI8x16S: ExtendMultiply(P.Pmovsxbw, false, P.Pmullw); return true;
            case Opcode.I16x8ExtmulHighI8x16S: ExtendMultiply(P.Pmovsxbw, true, P.Pmullw); return true;
            case Opcode.I16x8ExtmulLowI8x16U: ExtendMultiply(P.Pmovzxbw, false, P.Pmullw); return true;
            case Opcode.I16x8ExtmulHighI8x16U: ExtendMultiply(P.Pmovzxbw, true, P.Pmullw); return true;
            case Opcode.I32x4ExtmulLowI16x8S: ExtendMultiply(P.Pmovsxwd, false, P.Pmulld); return true;
            case Opcode.I32x4ExtmulHighI16x8S: ExtendMultiply(P.Pmovsxwd, true, P.Pmulld); return true;
            case Opcode.I32x4ExtmulLowI16x8U: ExtendMultiply(P.Pmovzxwd, false, P.Pmulld); return true;
            case Opcode.I32x4ExtmulHighI16x8U: ExtendMultiply(P.Pmovzxwd, true, P.Pmulld); return true;
            case Opcode.I64x2ExtmulLowI32x4S: WideMultiply(P.Pmuldq, false); return true;
            case Opcode.I64x2ExtmulHighI32x4S: WideMultiply(P.Pmuldq, true); return true;
            case Opcode.I64x2ExtmulLowI32x4U: WideMultiply(P.Pmuludq, false); return true;
            case Opcode.I64x2ExtmulHighI32x4U: WideMultiply(P.Pmuludq, true); return true;
            case Opcode.I16x8ExtaddPairwiseI8x16S:
            {
                // pmaddubsw multiplies unsigned bytes of its first operand by signed ones of its second.
                var x = PopXmm();
                _a.Simd(P.Movdqu, XScratch, Constant(0x0101_0101_0101_0101, 0x0101_0101_0101_0101));
                _a.Simd(P.Pmaddubsw, XScratch, x);
                _a.Simd(P.Movdqu, x, XScratch);
                PushVector(x);
                return true;
            }
            case Opcode.I16x8ExtaddPairwiseI8x16U:
            {
                var x = PopXmm();
                _a.Simd(P.Pmaddubsw, x, Constant(0x0101_0101_0101_0101, 0x0101_0101_0101_0101));
                PushVector(x);
                return true;
            }
            case Opcode.I32x4ExtaddPairwiseI16x8S:
            {
                var x = PopXmm();
                _a.Simd(P.Pmaddwd, x, Constant(0x0001_0001_0001_0001, 0x0001_0001_0001_0001));
                PushVector(x);
                return true;
            }
            case Opcode.I32x4ExtaddPairwiseI16x8U:
            {
                // The high halves shifted down plus the low halves with the high ones cleared.
                var x = PopXmm();
                var t = AllocXmm();
                _a.Simd(P.Movdqu, t, x);
                _a.Simd(P.ShiftD, 2, t, 16);
                _a.Simd(P.Pxor, XScratch, XScratch);
                _a.Simd(P.Pblendw, x, XScratch, 0xAA);
                _a.Simd(P.Paddd, x, t);
                FreeX(t);
                PushVector(x);
                return true;
            }

            // Lanes.
            case Opcode.I8x16Splat or Opcode.I16x8Splat or Opcode.I32x4Splat or Opcode.I64x2Splat:
            {
                var r = PopGpr();
                var x = AllocXmm();
                _a.Simd(P.MovdTo, x, (int)r, w: op == Opcode.I64x2Splat);
                Free(r);
                Broadcast(op, x);
                PushVector(x);
                return true;
            }
            case Opcode.F32x4Splat or Opcode.F64x2Splat:
            {
                var x = PopXmm();
                if (op == Opcode.F32x4Splat) _a.Simd(P.Pshufd, x, x, 0);
                else _a.Simd(P.Punpcklqdq, x, x);
                PushVector(x);
                return true;
            }
            case Opcode.I8x16ExtractLaneS or Opcode.I8x16ExtractLaneU or Opcode.I16x8ExtractLaneS
                or Opcode.I16x8ExtractLaneU or Opcode.I32x4ExtractLane or Opcode.I64x2ExtractLane:
            {
                var x = PopXmm();
                var r = AllocGpr();
                var lane = (byte)ins.A;
                switch (op)
                {
                    case Opcode.I8x16ExtractLaneS or Opcode.I8x16ExtractLaneU:
                        _a.Simd(P.Pextrb, x, (int)r, lane);
                        if (op == Opcode.I8x16ExtractLaneS) _a.MovzxRR(r, r, 8, true);
                        break;
                    case Opcode.I16x8ExtractLaneS or Opcode.I16x8ExtractLaneU:
                        _a.Simd(P.Pextrw, (int)r, x, lane);
                        if (op == Opcode.I16x8ExtractLaneS) _a.MovzxRR(r, r, 16, true);
                        break;
                    case Opcode.I32x4ExtractLane when lane == 0: _a.Simd(P.MovdFrom, x, (int)r); break;
                    default: _a.Simd(P.Pextrd, x, (int)r, lane, w: op == Opcode.I64x2ExtractLane); break;
                }
                FreeX(x);
                PushReg(op == Opcode.I64x2ExtractLane ? ValKind.I64 : ValKind.I32, r);
                return true;
            }
            case Opcode.F32x4ExtractLane or Opcode.F64x2ExtractLane:
            {
                // The lane moves to the bottom; scalar code reads only the low lane.
                var x = PopXmm();
                if (ins.A != 0) _a.Simd(P.Pshufd, x, x, op == Opcode.F32x4ExtractLane ? (byte)ins.A : (byte)0xEE);
                PushXmm(op == Opcode.F32x4ExtractLane ? ValKind.F32 : ValKind.F64, x);
                return true;
            }
            case Opcode.I8x16ReplaceLane or Opcode.I16x8ReplaceLane or Opcode.I32x4ReplaceLane or Opcode.I64x2ReplaceLane:
            {
                var r = PopGpr();
                var x = PopXmm();
                var lane = (byte)ins.A;
                switch (op)
                {
                    case Opcode.I8x16ReplaceLane: _a.Simd(P.Pinsrb, x, (int)r, lane); break;
                    case Opcode.I16x8ReplaceLane: _a.Simd(P.Pinsrw, x, (int)r, lane); break;
                    default: _a.Simd(P.Pinsrd, x, (int)r, lane, w: op == Opcode.I64x2ReplaceLane); break;
                }
                Free(r);
                PushVector(x);
                return true;
            }
            case Opcode.F32x4ReplaceLane or Opcode.F64x2ReplaceLane:
            {
                var y = PopXmm();
                var x = PopXmm();
                if (op == Opcode.F32x4ReplaceLane) _a.Simd(P.Insertps, x, y, (byte)(ins.A << 4));
                else if (ins.A == 0) _a.Simd(P.Movsd, x, y);
                else _a.Simd(P.Punpcklqdq, x, y);
                FreeX(y);
                PushVector(x);
                return true;
            }
            case Opcode.I8x16Shuffle: Shuffle(ins.Imm, ins.Lanes); return true;
            case Opcode.I8x16Swizzle:
            {
                // pshufb zeroes a lane whose index has its top bit set: indices from 16 up get it by a
                // saturating add of 0x70, those below keep their low four bits.
                var (xa, xs) = PopXmmPair();
                _a.Simd(P.Paddusb, xs, Constant(0x7070_7070_7070_7070, 0x7070_7070_7070_7070));
                _a.Simd(P.Pshufb, xa, xs);
                FreeX(xs);
                PushVector(xa);
                return true;
            }
        }
        if (ins.Info.Immediate is Immediate.MemArg or Immediate.MemArgLane) return VectorMemory(in ins);
        return false;
    }

    private void PushVector(int x) => PushXmm(ValKind.V128, x);

    /// <summary>a op b, into a's register (then negated with <paramref name="not"/>).</summary>
    private void Binary(SseOp op, bool not = false)
    {
        var (xa, xb) = PopXmmPair();
        _a.Simd(op, xa, xb);
        FreeX(xb);
        if (not) Not(xa);
        PushVector(xa);
    }

    /// <summary>b op a, into b's register (then negated with <paramref name="not"/>).</summary>
    private void Reversed(SseOp op, bool not = false)
    {
        var (xa, xb) = PopXmmPair();
        _a.Simd(op, xb, xa);
        FreeX(xa);
        if (not) Not(xb);
        PushVector(xb);
    }

    private void Unary(SseOp op)
    {
        var x = PopXmm();
        _a.Simd(op, x, x);
        PushVector(x);
    }

    private void Not(int x)
    {
        _a.Simd(P.Pcmpeqd, XScratch, XScratch);
        _a.Simd(P.Pxor, x, XScratch);
    }

    private void Negate(SseOp sub)
    {
        var x = PopXmm();
        _a.Simd(P.Pxor, XScratch, XScratch);
        _a.Simd(sub, XScratch, x);
        _a.Simd(P.Movdqu, x, XScratch);
        PushVector(x);
    }

    /// <summary>Lanes of a compared with lanes of b through their unsigned minimum or maximum.</summary>
    private void Unsigned(SseOp minOrMax, SseOp eq, bool not)
    {
        var (xa, xb) = PopXmmPair();
        _a.Simd(P.Movdqu, XScratch, xa);
        _a.Simd(minOrMax, XScratch, xb);
        _a.Simd(eq, xa, XScratch);
        FreeX(xb);
        if (not) Not(xa);
        PushVector(xa);
    }

    private void FloatCompare(bool f64, byte predicate, bool reversed)
    {
        var (xa, xb) = PopXmmPair();
        if (reversed) (xa, xb) = (xb, xa);
        _a.Simd(P.Float(f64, P.Cmp), xa, xb, predicate);
        FreeX(xb);
        PushVector(xa);
    }

    private void AllTrue(SseOp eq)
    {
        // No lane equal to zero.
        var x = PopXmm();
        _a.Simd(P.Pxor, XScratch, XScratch);
        _a.Simd(eq, XScratch, x);
        _a.Simd(P.Ptest, XScratch, XScratch);
        FreeX(x);
        var r = AllocGpr();
        _a.SetCC(Cond.E, r);
        PushReg(ValKind.I32, r);
    }

    private void RoundLanes(bool f64, byte mode)
    {
        var x = PopXmm();
        _a.Simd(P.Round(f64), x, x, mode);
        PushVector(x);
    }

    /// <summary>Fills every lane with lane 0 (<paramref name="splat"/> tells the lane width).</summary>
    private void Broadcast(Opcode splat, int x)
    {
        switch (splat)
        {
            case Opcode.I8x16Splat or Opcode.V128Load8Splat:
                _a.Simd(P.Pxor, XScratch, XScratch);
                _a.Simd(P.Pshufb, x, XScratch);
                break;
            case Opcode.I16x8Splat or Opcode.V128Load16Splat:
                _a.Simd(P.Pshuflw, x, x, 0);
                _a.Simd(P.Pshufd, x, x, 0);
                break;
            case Opcode.I32x4Splat or Opcode.V128Load32Splat: _a.Simd(P.Pshufd, x, x, 0); break;
            default: _a.Simd(P.Punpcklqdq, x, x); break;
        }
    }

    private void ExtendHigh(SseOp extend)
    {
        var x = PopXmm();
        _a.Simd(P.Pshufd, x, x, 0xEE);
        _a.Simd(extend, x, x);
        PushVector(x);
    }

    private void ExtendMultiply(SseOp extend, bool high, SseOp multiply)
    {
        var (xa, xb) = PopXmmPair();
        if (high)
        {
            _a.Simd(P.Pshufd, xa, xa, 0xEE);
            _a.Simd(P.Pshufd, xb, xb, 0xEE);
        }
        _a.Simd(extend, xa, xa);
        _a.Simd(extend, xb, xb);
        _a.Simd(multiply, xa, xb);
        FreeX(xb);
        PushVector(xa);
    }

    /// <summary>pmuldq/pmuludq multiply dwords 0 and 2: the two lanes wanted are moved there first.</summary>
    private void WideMultiply(SseOp multiply, bool high)
    {
        var (xa, xb) = PopXmmPair();
        var order = high ? (byte)0xFA : (byte)0x50;
        _a.Simd(P.Pshufd, xa, xa, order);
        _a.Simd(P.Pshufd, xb, xb, order);
        _a.Simd(multiply, xa, xb);
        FreeX(xb);
        PushVector(xa);
    }

    private void I64x2Mul()
    {
        // lo(a) * lo(b) + ((hi(a) * lo(b) + lo(a) * hi(b)) << 32), with 32x32 → 64-bit multiplies.
        var (xa, xb) = PopXmmPair();
        var t = AllocXmm();
        _a.Simd(P.Movdqu, t, xa);
        _a.Simd(P.ShiftQ, 2, t, 32);
        _a.Simd(P.Pmuludq, t, xb);
        _a.Simd(P.Movdqu, XScratch, xb);
        _a.Simd(P.ShiftQ, 2, XScratch, 32);
        _a.Simd(P.Pmuludq, XScratch, xa);
        _a.Simd(P.Paddq, t, XScratch);
        _a.Simd(P.ShiftQ, 6, t, 32);
        _a.Simd(P.Pmuludq, xa, xb);
        _a.Simd(P.Paddq, xa, t);
        FreeX(t);
        FreeX(xb);
        PushVector(xa);
    }

    private void Popcount()
    {
        // Each nibble's count from a 16-entry table (pshufb), low and high nibbles added.
        const ulong table = 0x0302_0201_0201_0100, tableHigh = 0x0403_0302_0302_0201;
        var x = PopXmm();
        var t = AllocXmm();
        var nibbles = Constant(0x0F0F_0F0F_0F0F_0F0F, 0x0F0F_0F0F_0F0F_0F0F);
        _a.Simd(P.Movdqu, t, x);
        _a.Simd(P.ShiftW, 2, t, 4);
        _a.Simd(P.Pand, t, nibbles);
        _a.Simd(P.Pand, x, nibbles);
        var counts = Constant(table, tableHigh);
        _a.Simd(P.Movdqu, XScratch, counts);
        _a.Simd(P.Pshufb, XScratch, x);
        _a.Simd(P.Movdqu, x, counts);
        _a.Simd(P.Pshufb, x, t);
        _a.Simd(P.Paddb, x, XScratch);
        FreeX(t);
        PushVector(x);
    }

    /// <summary>A shift of lanes 16 bits or wider: by an immediate when the count is a constant, else by the
    /// count in xmm15.</summary>
    private void Shift(SseOp byRegister, SseOp byImmediate, int digit, int mask)
    {
        var count = Pop();
        if (count.K == Kind.Const)
        {
            var x = PopXmm();
            var c = (int)count.V & mask;
            if (c != 0) _a.Simd(byImmediate, digit, x, (byte)c);
            PushVector(x);
            return;
        }
        var r = ToGpr(in count, _sp);
        var v = PopXmm();
        _a.AluRI(false, X64Assembler.Alu.And, r, mask);
        _a.Simd(P.MovdTo, XScratch, (int)r);
        Free(r);
        _a.Simd(byRegister, v, XScratch);
        PushVector(v);
    }

    /// <summary>Arithmetic right shift of 64-bit lanes (no SSE instruction): ((x >>> c) ^ m) - m with m the
    /// sign bit shifted likewise.</summary>
    private void I64x2ShiftRightSigned()
    {
        var r = PopGpr();
        var x = PopXmm();
        var t = AllocXmm();
        _a.AluRI(false, X64Assembler.Alu.And, r, 63);
        _a.Simd(P.MovdTo, t, (int)r);
        Free(r);
        _a.Simd(P.Psrlq, x, t);
        _a.Simd(P.Movdqu, XScratch, Constant(0x8000_0000_0000_0000, 0x8000_0000_0000_0000));
        _a.Simd(P.Psrlq, XScratch, t);
        _a.Simd(P.Pxor, x, XScratch);
        _a.Simd(P.Psubq, x, XScratch);
        FreeX(t);
        PushVector(x);
    }

    /// <summary>Byte lanes (no SSE byte shifts): left and logical right shifts go by words and clear the bits
    /// that crossed into the neighbouring byte; arithmetic right shifts widen each byte to a word first.</summary>
    private void ByteShift(Opcode op)
    {
        var r = PopGpr();
        var x = PopXmm();
        var t = AllocXmm();
        _a.AluRI(false, X64Assembler.Alu.And, r, 7);
        if (op == Opcode.I8x16ShrS)
        {
            // Each byte in the high half of a word, shifted right by 8 more, packed back (no saturation needed).
            _a.AluRI(false, X64Assembler.Alu.Add, r, 8);
            _a.Simd(P.MovdTo, t, (int)r);
            _a.Simd(P.Movdqu, XScratch, x);
            _a.Simd(P.Punpckhbw, XScratch, XScratch);
            _a.Simd(P.Punpcklbw, x, x);
            _a.Simd(P.Psraw, XScratch, t);
            _a.Simd(P.Psraw, x, t);
            _a.Simd(P.Packsswb, x, XScratch);
        }
        else
        {
            var left = op == Opcode.I8x16Shl;
            _a.Simd(P.MovdTo, t, (int)r);
            _a.Simd(left ? P.Psllw : P.Psrlw, x, t);
            // The mask: 0xFF shifted alike in every byte (from word 0's low byte).
            _a.Simd(P.Pcmpeqd, XScratch, XScratch);
            _a.Simd(P.ShiftW, 2, XScratch, 8);
            _a.Simd(left ? P.Psllw : P.Psrlw, XScratch, t);
            _a.Simd(P.Pxor, t, t);
            _a.Simd(P.Pshufb, XScratch, t);
            _a.Simd(P.Pand, x, XScratch);
        }
        Free(r);
        FreeX(t);
        PushVector(x);
    }

    private void Shuffle(ulong lo, ulong hi)
    {
        // Lanes from a by one pshufb, lanes from b by another (an index with its top bit set gives zero).
        ulong fromA = 0, fromAHi = 0, fromB = 0, fromBHi = 0;
        bool anyA = false, anyB = false;
        for (var i = 0; i < 16; i++)
        {
            var lane = (int)((i < 8 ? lo >> (8 * i) : hi >> (8 * (i - 8))) & 0xFF);
            var a = lane < 16 ? (ulong)lane : 0x80;
            var b = lane >= 16 ? (ulong)(lane - 16) : 0x80;
            anyA |= lane < 16;
            anyB |= lane >= 16;
            if (i < 8)
            {
                fromA |= a << (8 * i);
                fromB |= b << (8 * i);
            }
            else
            {
                fromAHi |= a << (8 * (i - 8));
                fromBHi |= b << (8 * (i - 8));
            }
        }
        var (xa, xb) = PopXmmPair();
        if (anyA) _a.Simd(P.Pshufb, xa, Constant(fromA, fromAHi));
        if (anyB) _a.Simd(P.Pshufb, xb, Constant(fromB, fromBHi));
        if (!anyA)
        {
            FreeX(xa);
            PushVector(xb);
            return;
        }
        if (anyB) _a.Simd(P.Por, xa, xb);
        FreeX(xb);
        PushVector(xa);
    }

    /// <summary>minps/maxps (pd) in both orders, combined so that a NaN or a signed zero from either operand
    /// comes through as wasm wants; NaN lanes then made canonical (the payload below the quiet bit cleared).</summary>
    private void FloatMinMax(bool f64, bool min)
    {
        var (xa, xb) = PopXmmPair();
        var op = P.Float(f64, min ? P.Min : P.Max);
        _a.Simd(P.Movdqu, XScratch, xb);
        _a.Simd(op, XScratch, xa);
        _a.Simd(op, xa, xb);
        if (min)
        {
            // -0 over +0 and NaN over anything by or-ing the two answers.
            _a.Simd(P.Float(f64, P.Or), XScratch, xa);
            _a.Simd(P.Float(f64, P.Cmp), xa, XScratch, 3);
            _a.Simd(P.Float(f64, P.Or), XScratch, xa);
        }
        else
        {
            // Where the answers differ (a NaN, or zeros of both signs), NaN and +0 over -0.
            _a.Simd(P.Float(f64, P.Xor), xa, XScratch);
            _a.Simd(P.Float(f64, P.Or), XScratch, xa);
            _a.Simd(P.Float(f64, P.Sub), XScratch, xa);
            _a.Simd(P.Float(f64, P.Cmp), xa, XScratch, 3);
        }
        _a.Simd(f64 ? P.ShiftQ : P.ShiftD, 2, xa, f64 ? (byte)13 : (byte)10);
        _a.Simd(P.Float(f64, P.AndNot), xa, XScratch);
        FreeX(xb);
        PushVector(xa);
    }

    private void ConvertUnsigned()
    {
        // The low 16 bits convert exactly; the rest, halved to stay in signed range, converts exactly and is
        // doubled; the sum rounds once.
        var x = PopXmm();
        _a.Simd(P.Pxor, XScratch, XScratch);
        _a.Simd(P.Pblendw, XScratch, x, 0x55);
        _a.Simd(P.Psubd, x, XScratch);
        _a.Simd(P.Cvtdq2ps, XScratch, XScratch);
        _a.Simd(P.ShiftD, 2, x, 1);
        _a.Simd(P.Cvtdq2ps, x, x);
        _a.Simd(P.Float(false, P.Add), x, x);
        _a.Simd(P.Float(false, P.Add), x, XScratch);
        PushVector(x);
    }

    private void TruncateSigned()
    {
        // NaN lanes to 0; cvttps2dq gives 0x80000000 out of range, which becomes 0x7FFFFFFF for positive lanes.
        var x = PopXmm();
        _a.Simd(P.Movdqu, XScratch, x);
        _a.Simd(P.Float(false, P.Cmp), XScratch, XScratch, 0);
        _a.Simd(P.Float(false, P.And), x, XScratch);
        _a.Simd(P.Pxor, XScratch, x);
        _a.Simd(P.Cvttps2dq, x, x);
        _a.Simd(P.Pand, XScratch, x);
        _a.Simd(P.ShiftD, 4, XScratch, 31);
        _a.Simd(P.Pxor, x, XScratch);
        PushVector(x);
    }

    private void TruncateUnsigned()
    {
        // Negative and NaN lanes to 0; lanes from 2^31 up convert as x - 2^31 and add it back.
        var x = PopXmm();
        var t = AllocXmm();
        _a.Simd(P.Pxor, t, t);
        _a.Simd(P.Float(false, P.Max), x, t);
        _a.Simd(P.Pcmpeqd, XScratch, XScratch);
        _a.Simd(P.ShiftD, 2, XScratch, 1);
        _a.Simd(P.Cvtdq2ps, XScratch, XScratch);
        _a.Simd(P.Movdqu, t, x);
        _a.Simd(P.Float(false, P.Sub), t, XScratch);
        _a.Simd(P.Float(false, P.Cmp), XScratch, t, 2);
        _a.Simd(P.Cvttps2dq, t, t);
        _a.Simd(P.Pxor, t, XScratch);
        _a.Simd(P.Pxor, XScratch, XScratch);
        _a.Simd(P.Pmaxsd, t, XScratch);
        _a.Simd(P.Cvttps2dq, x, x);
        _a.Simd(P.Paddd, x, t);
        FreeX(t);
        PushVector(x);
    }

    private void VectorConstant(ulong lo, ulong hi)
    {
        var x = AllocXmm();
        if (lo == 0 && hi == 0) _a.Simd(P.Pxor, x, x);
        else if (lo == ulong.MaxValue && hi == ulong.MaxValue) _a.Simd(P.Pcmpeqd, x, x);
        else _a.Simd(P.Movdqu, x, Constant(lo, hi));
        PushVector(x);
    }

    /// <summary>A 16-byte constant placed after the code (aligned, so any instruction may read it).</summary>
    private Label Constant(ulong lo, ulong hi)
    {
        foreach (var c in _constants)
            if (c.Lo == lo && c.Hi == hi) return c.At;
        var at = _a.NewLabel();
        _constants.Add((at, lo, hi));
        return at;
    }

    private void EmitConstants()
    {
        if (_constants.Count == 0) return;
        _a.Align16();
        foreach (var (at, lo, hi) in _constants)
        {
            _a.Bind(at);
            _a.Data(lo, hi);
        }
    }

    /// <summary>Vector loads and stores, whole or by lane.</summary>
    private bool VectorMemory(in Instruction ins)
    {
        var op = ins.Op;
        var size = op switch
        {
            Opcode.V128Load or Opcode.V128Store => 16,
            Opcode.V128Load8x8S or Opcode.V128Load8x8U or Opcode.V128Load16x4S or Opcode.V128Load16x4U
                or Opcode.V128Load32x2S or Opcode.V128Load32x2U or Opcode.V128Load64Splat or Opcode.V128Load64Zero
                or Opcode.V128Load64Lane or Opcode.V128Store64Lane => 8,
            Opcode.V128Load32Splat or Opcode.V128Load32Zero or Opcode.V128Load32Lane or Opcode.V128Store32Lane => 4,
            Opcode.V128Load16Splat or Opcode.V128Load16Lane or Opcode.V128Store16Lane => 2,
            Opcode.V128Load8Splat or Opcode.V128Load8Lane or Opcode.V128Store8Lane => 1,
            _ => 0,
        };
        if (size == 0 || ins.B != 0) return false;
        if (_module.Memories.Count == 0 || _memory64) throw new NotSupportedException("memory64");
        var lane = (byte)ins.Lanes;
        switch (op)
        {
            case Opcode.V128Store or Opcode.V128Store8Lane or Opcode.V128Store16Lane or Opcode.V128Store32Lane
                or Opcode.V128Store64Lane:
            {
                var value = Pop();
                var x = ToXmm(in value, _sp);
                var m = CheckedAddress(ins.Imm, size, out var addr);
                switch (op)
                {
                    case Opcode.V128Store: _a.Simd(P.MovdquStore, x, m); break;
                    case Opcode.V128Store8Lane: _a.Simd(P.Pextrb, x, m, lane); break;
                    case Opcode.V128Store16Lane: _a.Simd(P.PextrwM, x, m, lane); break;
                    default: _a.Simd(P.Pextrd, x, m, lane, w: op == Opcode.V128Store64Lane); break;
                }
                FreeX(x);
                Free(addr);
                return true;
            }
            case Opcode.V128Load8Lane or Opcode.V128Load16Lane or Opcode.V128Load32Lane or Opcode.V128Load64Lane:
            {
                var vector = Pop();
                var x = ToXmm(in vector, _sp);
                var m = CheckedAddress(ins.Imm, size, out var addr);
                switch (op)
                {
                    case Opcode.V128Load8Lane: _a.Simd(P.Pinsrb, x, m, lane); break;
                    case Opcode.V128Load16Lane: _a.Simd(P.Pinsrw, x, m, lane); break;
                    default: _a.Simd(P.Pinsrd, x, m, lane, w: op == Opcode.V128Load64Lane); break;
                }
                Free(addr);
                PushVector(x);
                return true;
            }
            default:
            {
                var m = CheckedAddress(ins.Imm, size, out var addr);
                var x = AllocXmm();
                switch (op)
                {
                    case Opcode.V128Load: _a.Simd(P.Movdqu, x, m); break;
                    case Opcode.V128Load8x8S: _a.Simd(P.Pmovsxbw, x, m); break;
                    case Opcode.V128Load8x8U: _a.Simd(P.Pmovzxbw, x, m); break;
                    case Opcode.V128Load16x4S: _a.Simd(P.Pmovsxwd, x, m); break;
                    case Opcode.V128Load16x4U: _a.Simd(P.Pmovzxwd, x, m); break;
                    case Opcode.V128Load32x2S: _a.Simd(P.Pmovsxdq, x, m); break;
                    case Opcode.V128Load32x2U: _a.Simd(P.Pmovzxdq, x, m); break;
                    case Opcode.V128Load32Zero: _a.Simd(P.MovdTo, x, m); break;
                    case Opcode.V128Load64Zero: _a.Simd(P.MovqLoad, x, m); break;
                    case Opcode.V128Load8Splat:
                        _a.Simd(P.Pinsrb, x, m, 0);
                        Broadcast(op, x);
                        break;
                    case Opcode.V128Load16Splat:
                        _a.Simd(P.Pinsrw, x, m, 0);
                        Broadcast(op, x);
                        break;
                    case Opcode.V128Load32Splat:
                        _a.Simd(P.MovdTo, x, m);
                        Broadcast(op, x);
                        break;
                    default:
                        _a.Simd(P.MovqLoad, x, m);
                        Broadcast(op, x);
                        break;
                }
                Free(addr);
                PushVector(x);
                return true;
            }
        }
    }
}
