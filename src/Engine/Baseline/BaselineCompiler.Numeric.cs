using Wasm.Instructions;
using Alu = Wasm.Baseline.X64Assembler.Alu;

namespace Wasm.Baseline;

internal sealed partial class BaselineCompiler
{
    /// <summary>Numeric instructions; false for one this compiler does not handle.</summary>
    private bool Numeric(in Instruction ins)
    {
        var op = ins.Op;
        switch (op)
        {
            case Opcode.I32Add: IntBinary(false, Alu.Add, true); return true;
            case Opcode.I32Sub: IntBinary(false, Alu.Sub, false); return true;
            case Opcode.I32And: IntBinary(false, Alu.And, true); return true;
            case Opcode.I32Or: IntBinary(false, Alu.Or, true); return true;
            case Opcode.I32Xor: IntBinary(false, Alu.Xor, true); return true;
            case Opcode.I64Add: IntBinary(true, Alu.Add, true); return true;
            case Opcode.I64Sub: IntBinary(true, Alu.Sub, false); return true;
            case Opcode.I64And: IntBinary(true, Alu.And, true); return true;
            case Opcode.I64Or: IntBinary(true, Alu.Or, true); return true;
            case Opcode.I64Xor: IntBinary(true, Alu.Xor, true); return true;
            case Opcode.I32Mul or Opcode.I64Mul: Mul(op == Opcode.I64Mul); return true;
            case Opcode.I32Eq: Compare(false, Cond.E); return true;
            case Opcode.I32Ne: Compare(false, Cond.NE); return true;
            case Opcode.I32LtS: Compare(false, Cond.L); return true;
            case Opcode.I32LtU: Compare(false, Cond.B); return true;
            case Opcode.I32GtS: Compare(false, Cond.G); return true;
            case Opcode.I32GtU: Compare(false, Cond.A); return true;
            case Opcode.I32LeS: Compare(false, Cond.LE); return true;
            case Opcode.I32LeU: Compare(false, Cond.BE); return true;
            case Opcode.I32GeS: Compare(false, Cond.GE); return true;
            case Opcode.I32GeU: Compare(false, Cond.AE); return true;
            case Opcode.I64Eq: Compare(true, Cond.E); return true;
            case Opcode.I64Ne: Compare(true, Cond.NE); return true;
            case Opcode.I64LtS: Compare(true, Cond.L); return true;
            case Opcode.I64LtU: Compare(true, Cond.B); return true;
            case Opcode.I64GtS: Compare(true, Cond.G); return true;
            case Opcode.I64GtU: Compare(true, Cond.A); return true;
            case Opcode.I64LeS: Compare(true, Cond.LE); return true;
            case Opcode.I64LeU: Compare(true, Cond.BE); return true;
            case Opcode.I64GeS: Compare(true, Cond.GE); return true;
            case Opcode.I64GeU: Compare(true, Cond.AE); return true;
            case Opcode.I32Eqz or Opcode.I64Eqz:
            {
                var r = PopGpr();
                _a.TestRR(op == Opcode.I64Eqz, r, r);
                _a.SetCC(Cond.E, r);
                PushReg(ValKind.I32, r);
                return true;
            }
            case Opcode.I32Shl: Shift(false, 4); return true;
            case Opcode.I32ShrS: Shift(false, 7); return true;
            case Opcode.I32ShrU: Shift(false, 5); return true;
            case Opcode.I32Rotl: Shift(false, 0); return true;
            case Opcode.I32Rotr: Shift(false, 1); return true;
            case Opcode.I64Shl: Shift(true, 4); return true;
            case Opcode.I64ShrS: Shift(true, 7); return true;
            case Opcode.I64ShrU: Shift(true, 5); return true;
            case Opcode.I64Rotl: Shift(true, 0); return true;
            case Opcode.I64Rotr: Shift(true, 1); return true;
            case Opcode.I32DivS or Opcode.I32DivU or Opcode.I32RemS or Opcode.I32RemU
                or Opcode.I64DivS or Opcode.I64DivU or Opcode.I64RemS or Opcode.I64RemU:
                Divide(op);
                return true;
            case Opcode.I32Clz or Opcode.I64Clz or Opcode.I32Ctz or Opcode.I64Ctz or Opcode.I32Popcnt or Opcode.I64Popcnt:
            {
                var w = op is Opcode.I64Clz or Opcode.I64Ctz or Opcode.I64Popcnt;
                var r = PopGpr();
                if (op is Opcode.I32Clz or Opcode.I64Clz) _a.Lzcnt(w, r, r);
                else if (op is Opcode.I32Ctz or Opcode.I64Ctz) _a.Tzcnt(w, r, r);
                else _a.Popcnt(w, r, r);
                PushReg(w ? ValKind.I64 : ValKind.I32, r);
                return true;
            }
            case Opcode.I32WrapI64:
            {
                var r = PopGpr();
                _a.MovRR(false, r, r);
                PushReg(ValKind.I32, r);
                return true;
            }
            case Opcode.I64ExtendI32S or Opcode.I64Extend32S:
            {
                var r = PopGpr();
                _a.Movsxd(r, r);
                PushReg(ValKind.I64, r);
                return true;
            }
            case Opcode.I64ExtendI32U:
            {
                var r = PopGpr();
                _a.MovRR(false, r, r);
                PushReg(ValKind.I64, r);
                return true;
            }
            case Opcode.I32Extend8S or Opcode.I32Extend16S or Opcode.I64Extend8S or Opcode.I64Extend16S:
            {
                var w = op is Opcode.I64Extend8S or Opcode.I64Extend16S;
                var r = PopGpr();
                _a.MovzxRR(r, r, op is Opcode.I32Extend8S or Opcode.I64Extend8S ? 8 : 16, true, w);
                PushReg(w ? ValKind.I64 : ValKind.I32, r);
                return true;
            }
            case Opcode.F32Add or Opcode.F64Add: FloatBinary(op == Opcode.F64Add, 0x58); return true;
            case Opcode.F32Sub or Opcode.F64Sub: FloatBinary(op == Opcode.F64Sub, 0x5C); return true;
            case Opcode.F32Mul or Opcode.F64Mul: FloatBinary(op == Opcode.F64Mul, 0x59); return true;
            case Opcode.F32Div or Opcode.F64Div: FloatBinary(op == Opcode.F64Div, 0x5E); return true;
            case Opcode.F32Min or Opcode.F64Min: MinMax(op == Opcode.F64Min, true); return true;
            case Opcode.F32Max or Opcode.F64Max: MinMax(op == Opcode.F64Max, false); return true;
            case Opcode.F32Sqrt or Opcode.F64Sqrt:
            {
                var x = PopXmm();
                _a.FArith(op == Opcode.F64Sqrt, 0x51, x, x);
                PushXmm(op == Opcode.F64Sqrt ? ValKind.F64 : ValKind.F32, x);
                return true;
            }
            case Opcode.F32Ceil or Opcode.F32Floor or Opcode.F32Trunc or Opcode.F32Nearest
                or Opcode.F64Ceil or Opcode.F64Floor or Opcode.F64Trunc or Opcode.F64Nearest:
            {
                var f64 = op is Opcode.F64Ceil or Opcode.F64Floor or Opcode.F64Trunc or Opcode.F64Nearest;
                var mode = op switch
                {
                    Opcode.F32Floor or Opcode.F64Floor => 1,
                    Opcode.F32Ceil or Opcode.F64Ceil => 2,
                    Opcode.F32Trunc or Opcode.F64Trunc => 3,
                    _ => 0,
                };
                var x = PopXmm();
                _a.Round(f64, x, x, mode);
                PushXmm(f64 ? ValKind.F64 : ValKind.F32, x);
                return true;
            }
            case Opcode.F32Abs or Opcode.F32Neg or Opcode.F64Abs or Opcode.F64Neg:
            {
                var f64 = op is Opcode.F64Abs or Opcode.F64Neg;
                var x = PopXmm();
                var abs = op is Opcode.F32Abs or Opcode.F64Abs;
                var mask = f64 ? (abs ? long.MaxValue : long.MinValue) : (abs ? 0x7FFF_FFFFL : 0x8000_0000L);
                _a.MovImm(f64, Scratch, mask);
                _a.MovToX(f64, XScratch, Scratch);
                _a.FBitwise(abs ? (byte)0x54 : (byte)0x57, x, XScratch);
                PushXmm(f64 ? ValKind.F64 : ValKind.F32, x);
                return true;
            }
            case Opcode.F32Copysign or Opcode.F64Copysign:
            {
                var f64 = op == Opcode.F64Copysign;
                var xb = PopXmm();
                var xa = PopXmm();
                var rb = AllocGpr();
                _a.MovFromX(f64, rb, xb);
                _a.MovFromX(f64, Scratch, xa);
                // a = (a & ~sign) | (b & sign)
                _a.ShiftImm(f64, 4, Scratch, 1);
                _a.ShiftImm(f64, 5, Scratch, 1);
                _a.ShiftImm(f64, 5, rb, f64 ? 63 : 31);
                _a.ShiftImm(f64, 4, rb, f64 ? 63 : 31);
                _a.AluRR(f64, Alu.Or, Scratch, rb);
                _a.MovToX(f64, xa, Scratch);
                Free(rb);
                FreeX(xb);
                PushXmm(f64 ? ValKind.F64 : ValKind.F32, xa);
                return true;
            }
            case Opcode.F32Eq or Opcode.F32Ne or Opcode.F32Lt or Opcode.F32Gt or Opcode.F32Le or Opcode.F32Ge: FloatCompare(false, op); return true;
            case Opcode.F64Eq or Opcode.F64Ne or Opcode.F64Lt or Opcode.F64Gt or Opcode.F64Le or Opcode.F64Ge: FloatCompare(true, op); return true;
            case Opcode.I32ReinterpretF32 or Opcode.I64ReinterpretF64:
            {
                var w = op == Opcode.I64ReinterpretF64;
                var x = PopXmm();
                var r = AllocGpr();
                _a.MovFromX(w, r, x);
                FreeX(x);
                PushReg(w ? ValKind.I64 : ValKind.I32, r);
                return true;
            }
            case Opcode.F32ReinterpretI32 or Opcode.F64ReinterpretI64:
            {
                var w = op == Opcode.F64ReinterpretI64;
                var r = PopGpr();
                var x = AllocXmm();
                _a.MovToX(w, x, r);
                Free(r);
                PushXmm(w ? ValKind.F64 : ValKind.F32, x);
                return true;
            }
            case Opcode.F32DemoteF64 or Opcode.F64PromoteF32:
            {
                var x = PopXmm();
                _a.CvtFF(op == Opcode.F32DemoteF64, x, x);
                PushXmm(op == Opcode.F32DemoteF64 ? ValKind.F32 : ValKind.F64, x);
                return true;
            }
            case Opcode.F32ConvertI32S or Opcode.F64ConvertI32S or Opcode.F32ConvertI64S or Opcode.F64ConvertI64S
                or Opcode.F32ConvertI32U or Opcode.F64ConvertI32U:
            {
                var f64 = op is Opcode.F64ConvertI32S or Opcode.F64ConvertI64S or Opcode.F64ConvertI32U;
                // An unsigned i32 is a non-negative i64 (its register is zero-extended).
                var w = op is Opcode.F32ConvertI64S or Opcode.F64ConvertI64S or Opcode.F32ConvertI32U or Opcode.F64ConvertI32U;
                var r = PopGpr();
                var x = AllocXmm();
                _a.FBitwise(0x57, x, x); // break the dependency on the register's old value
                _a.CvtIntToF(f64, w, x, r);
                Free(r);
                PushXmm(f64 ? ValKind.F64 : ValKind.F32, x);
                return true;
            }
            case Opcode.F32ConvertI64U or Opcode.F64ConvertI64U:
            {
                var f64 = op == Opcode.F64ConvertI64U;
                var r = PopGpr();
                var x = AllocXmm();
                var big = _a.NewLabel();
                var done = _a.NewLabel();
                _a.FBitwise(0x57, x, x);
                _a.TestRR(true, r, r);
                _a.Jcc(Cond.S, big);
                _a.CvtIntToF(f64, true, x, r);
                _a.Jmp(done);
                _a.Bind(big);
                // Halve with the lost bit kept sticky, convert, double: rounds as the exact value would.
                _a.MovRR(true, Scratch, r);
                _a.AluRI(true, Alu.And, Scratch, 1);
                _a.ShiftImm(true, 5, r, 1);
                _a.AluRR(true, Alu.Or, r, Scratch);
                _a.CvtIntToF(f64, true, x, r);
                _a.FArith(f64, 0x58, x, x);
                _a.Bind(done);
                Free(r);
                PushXmm(f64 ? ValKind.F64 : ValKind.F32, x);
                return true;
            }
            case Opcode.I32TruncF32S or Opcode.I32TruncF32U or Opcode.I32TruncF64S or Opcode.I32TruncF64U
                or Opcode.I64TruncF32S or Opcode.I64TruncF32U or Opcode.I64TruncF64S or Opcode.I64TruncF64U:
                Truncate(op, false);
                return true;
            case Opcode.I32TruncSatF32S: Truncate(Opcode.I32TruncF32S, true); return true;
            case Opcode.I32TruncSatF32U: Truncate(Opcode.I32TruncF32U, true); return true;
            case Opcode.I32TruncSatF64S: Truncate(Opcode.I32TruncF64S, true); return true;
            case Opcode.I32TruncSatF64U: Truncate(Opcode.I32TruncF64U, true); return true;
            case Opcode.I64TruncSatF32S: Truncate(Opcode.I64TruncF32S, true); return true;
            case Opcode.I64TruncSatF32U: Truncate(Opcode.I64TruncF32U, true); return true;
            case Opcode.I64TruncSatF64S: Truncate(Opcode.I64TruncF64S, true); return true;
            case Opcode.I64TruncSatF64U: Truncate(Opcode.I64TruncF64U, true); return true;
        }
        return false;
    }

    private void IntBinary(bool w, Alu op, bool commutative)
    {
        var b = Pop();
        var a = Pop();
        int da = _sp, db = _sp + 1;
        if (commutative && b.K == Kind.Reg && a.K != Kind.Reg)
        {
            (a, b) = (b, a);
            (da, db) = (db, da);
        }
        var ra = ToGpr(in a, da);
        OperandInto(w, op, ra, in b, db);
        PushReg(w ? ValKind.I64 : ValKind.I32, ra);
    }

    /// <summary><c>op ra, b</c> with b as an immediate, memory operand or register (freed).</summary>
    private void OperandInto(bool w, Alu op, Reg ra, in Entry b, int depthB)
    {
        switch (b.K)
        {
            case Kind.Const when !w || b.V is >= int.MinValue and <= int.MaxValue:
                _a.AluRI(w, op, ra, (int)b.V);
                return;
            case Kind.Local:
                _a.AluRM(w, op, ra, LocalMem((int)b.V));
                return;
            case Kind.Slot:
                _a.AluRM(w, op, ra, SlotMem(depthB));
                return;
            case Kind.Reg:
                _a.AluRR(w, op, ra, (Reg)b.R);
                Free((Reg)b.R);
                return;
            default:
                _a.MovImm(true, Scratch, b.V);
                _a.AluRR(w, op, ra, Scratch);
                return;
        }
    }

    private void Mul(bool w)
    {
        var b = Pop();
        var a = Pop();
        var ra = ToGpr(in a, _sp);
        switch (b.K)
        {
            case Kind.Local: _a.Imul(w, ra, LocalMem((int)b.V)); break;
            case Kind.Slot: _a.Imul(w, ra, SlotMem(_sp + 1)); break;
            case Kind.Reg:
                _a.Imul(w, ra, (Reg)b.R);
                Free((Reg)b.R);
                break;
            default:
                _a.MovImm(w, Scratch, b.V);
                _a.Imul(w, ra, Scratch);
                break;
        }
        PushReg(w ? ValKind.I64 : ValKind.I32, ra);
    }

    private void Compare(bool w, Cond cc)
    {
        var b = Pop();
        var a = Pop();
        var ra = ToGpr(in a, _sp);
        OperandInto(w, Alu.Cmp, ra, in b, _sp + 1);
        _a.SetCC(cc, ra);
        PushReg(ValKind.I32, ra);
    }

    private void Shift(bool w, int digit)
    {
        var b = Pop();
        var a = Pop();
        if (b.K == Kind.Const)
        {
            var ra = ToGpr(in a, _sp);
            _a.ShiftImm(w, digit, ra, (int)(b.V & (w ? 63 : 31)));
            PushReg(w ? ValKind.I64 : ValKind.I32, ra);
            return;
        }
        // The count must be in cl: with every value in memory, rcx is free (the hardware masks the count as
        // wasm does).
        Push(a);
        Push(b);
        SpillAll();
        _sp -= 2;
        _freeGpr &= ~(1u << (int)Reg.Rcx);
        _a.Load(false, Reg.Rcx, SlotMem(_sp + 1));
        var r = AllocGpr();
        _a.Load(w, r, SlotMem(_sp));
        _a.ShiftCl(w, digit, r);
        Free(Reg.Rcx);
        PushReg(w ? ValKind.I64 : ValKind.I32, r);
    }

    private void Divide(Opcode op)
    {
        var w = op is Opcode.I64DivS or Opcode.I64DivU or Opcode.I64RemS or Opcode.I64RemU;
        var signed = op is Opcode.I32DivS or Opcode.I32RemS or Opcode.I64DivS or Opcode.I64RemS;
        var rem = op is Opcode.I32RemS or Opcode.I32RemU or Opcode.I64RemS or Opcode.I64RemU;
        // Operands and every other value go to memory, so rax and rdx are free.
        var b = Pop();
        var a = Pop();
        Push(a);
        Push(b);
        SpillAll();
        _sp -= 2;
        _freeGpr &= ~((1u << (int)Reg.Rax) | (1u << (int)Reg.Rdx) | (1u << (int)Reg.Rcx));
        _a.Load(w, Reg.Rcx, SlotMem(_sp + 1));
        _a.Load(w, Reg.Rax, SlotMem(_sp));
        _a.TestRR(w, Reg.Rcx, Reg.Rcx);
        _a.Jcc(Cond.E, Trap(TrapCode.IntegerDivideByZero));
        var done = _a.NewLabel();
        if (signed)
        {
            // INT_MIN / -1 overflows (a trap for div, 0 for rem); idiv would fault.
            var normal = _a.NewLabel();
            _a.AluRI(w, Alu.Cmp, Reg.Rcx, -1);
            _a.Jcc(Cond.NE, normal);
            if (rem) _a.MovImm(false, Reg.Rdx, 0);
            else
            {
                _a.MovImm(w, Scratch, w ? long.MinValue : int.MinValue);
                _a.AluRR(w, Alu.Cmp, Reg.Rax, Scratch);
                _a.Jcc(Cond.E, Trap(TrapCode.IntegerOverflow));
                _a.Neg(w, Reg.Rax);
            }
            _a.Jmp(done);
            _a.Bind(normal);
            _a.SignExtendAx(w);
            _a.Idiv(w, Reg.Rcx);
        }
        else
        {
            _a.MovImm(false, Reg.Rdx, 0);
            _a.Div(w, Reg.Rcx);
        }
        _a.Bind(done);
        Free(Reg.Rcx);
        if (rem)
        {
            Free(Reg.Rax);
            PushReg(w ? ValKind.I64 : ValKind.I32, Reg.Rdx);
        }
        else
        {
            Free(Reg.Rdx);
            PushReg(w ? ValKind.I64 : ValKind.I32, Reg.Rax);
        }
    }

    private void FloatBinary(bool f64, byte op)
    {
        var (xa, xb) = PopXmmPair();
        _a.FArith(f64, op, xa, xb);
        FreeX(xb);
        PushXmm(f64 ? ValKind.F64 : ValKind.F32, xa);
    }

    private void MinMax(bool f64, bool min)
    {
        var (xa, xb) = PopXmmPair();
        var nan = _a.NewLabel();
        var ordinary = _a.NewLabel();
        var done = _a.NewLabel();
        _a.Ucomis(f64, xa, xb);
        _a.Jcc(Cond.P, nan);
        _a.Jcc(Cond.NE, ordinary);
        // Equal: only ±0 differ, and the sign bits decide (or for min, and for max).
        _a.FBitwise(min ? (byte)0x56 : (byte)0x54, xa, xb);
        _a.Jmp(done);
        _a.Bind(nan);
        _a.FArith(f64, 0x58, xa, xb); // a NaN operand gives a quiet NaN
        _a.Jmp(done);
        _a.Bind(ordinary);
        _a.FArith(f64, min ? (byte)0x5D : (byte)0x5F, xa, xb);
        _a.Bind(done);
        FreeX(xb);
        PushXmm(f64 ? ValKind.F64 : ValKind.F32, xa);
    }

    private void FloatCompare(bool f64, Opcode op)
    {
        var (xa, xb) = PopXmmPair();
        var r = AllocGpr();
        switch (op)
        {
            case Opcode.F32Eq or Opcode.F64Eq:
                _a.Ucomis(f64, xa, xb);
                _a.SetCC(Cond.E, r);
                _a.SetCC(Cond.NP, Scratch);
                _a.AluRR(false, Alu.And, r, Scratch);
                break;
            case Opcode.F32Ne or Opcode.F64Ne:
                _a.Ucomis(f64, xa, xb);
                _a.SetCC(Cond.NE, r);
                _a.SetCC(Cond.P, Scratch);
                _a.AluRR(false, Alu.Or, r, Scratch);
                break;
            case Opcode.F32Lt or Opcode.F64Lt:
                _a.Ucomis(f64, xb, xa);
                _a.SetCC(Cond.A, r);
                break;
            case Opcode.F32Le or Opcode.F64Le:
                _a.Ucomis(f64, xb, xa);
                _a.SetCC(Cond.AE, r);
                break;
            case Opcode.F32Gt or Opcode.F64Gt:
                _a.Ucomis(f64, xa, xb);
                _a.SetCC(Cond.A, r);
                break;
            default:
                _a.Ucomis(f64, xa, xb);
                _a.SetCC(Cond.AE, r);
                break;
        }
        FreeX(xa);
        FreeX(xb);
        PushReg(ValKind.I32, r);
    }

    /// <summary>Float to integer: out of range and NaN trap, or with <paramref name="saturate"/> give the nearest
    /// bound and 0.</summary>
    private void Truncate(Opcode op, bool saturate)
    {
        var f64 = op is Opcode.I32TruncF64S or Opcode.I32TruncF64U or Opcode.I64TruncF64S or Opcode.I64TruncF64U;
        var w = op is Opcode.I64TruncF32S or Opcode.I64TruncF32U or Opcode.I64TruncF64S or Opcode.I64TruncF64U;
        var signed = op is Opcode.I32TruncF32S or Opcode.I32TruncF64S or Opcode.I64TruncF32S or Opcode.I64TruncF64S;
        var x = PopXmm();
        var r = AllocGpr();
        Label nan = default, low = default, high = default, end = default;
        if (saturate)
        {
            nan = _a.NewLabel();
            low = _a.NewLabel();
            high = _a.NewLabel();
            end = _a.NewLabel();
        }
        _a.Ucomis(f64, x, x);
        _a.Jcc(Cond.P, saturate ? nan : Trap(TrapCode.InvalidConversionToInteger));
        // In range exactly when lower < x < upper (bounds exclusive, exact in the source type).
        double lower, upper;
        if (signed)
        {
            upper = w ? 9223372036854775808.0 : 2147483648.0;
            lower = w ? -9223372036854775808.0 : -2147483648.0;
            // -2^31 and -2^63 themselves convert; the next representable value below does not.
            lower = f64 ? (w ? lower : -2147483649.0) : lower;
        }
        else
        {
            upper = w ? 18446744073709551616.0 : 4294967296.0;
            lower = -1.0;
        }
        var lowerInclusive = signed && (w || !f64);
        LoadFloatConstant(f64, lower);
        _a.Ucomis(f64, x, XScratch);
        _a.Jcc(lowerInclusive ? Cond.B : Cond.BE, saturate ? low : Trap(TrapCode.IntegerOverflow));
        LoadFloatConstant(f64, upper);
        _a.Ucomis(f64, XScratch, x);
        _a.Jcc(Cond.BE, saturate ? high : Trap(TrapCode.IntegerOverflow));
        if (signed || !w)
        {
            // Unsigned i32 goes through a signed 64-bit conversion, which covers it.
            _a.CvtFToInt(f64, w || !signed, r, x);
            if (!w) _a.MovRR(false, r, r);
        }
        else
        {
            // Unsigned i64: values at 2^63 and above are converted after subtracting 2^63.
            var small = _a.NewLabel();
            var done = _a.NewLabel();
            LoadFloatConstant(f64, 9223372036854775808.0);
            _a.Ucomis(f64, x, XScratch);
            _a.Jcc(Cond.B, small);
            _a.FArith(f64, 0x5C, x, XScratch);
            _a.CvtFToInt(f64, true, r, x);
            _a.MovImm(true, Scratch, long.MinValue);
            _a.AluRR(true, Alu.Xor, r, Scratch);
            _a.Jmp(done);
            _a.Bind(small);
            _a.CvtFToInt(f64, true, r, x);
            _a.Bind(done);
        }
        if (saturate)
        {
            _a.Jmp(end);
            _a.Bind(nan);
            _a.MovImm(false, r, 0);
            _a.Jmp(end);
            _a.Bind(low);
            _a.MovImm(w, r, !signed ? 0 : w ? long.MinValue : int.MinValue);
            _a.Jmp(end);
            _a.Bind(high);
            _a.MovImm(w, r, !signed ? -1 : w ? long.MaxValue : int.MaxValue);
            _a.Bind(end);
        }
        FreeX(x);
        PushReg(w ? ValKind.I64 : ValKind.I32, r);
    }

    private void LoadFloatConstant(bool f64, double value)
    {
        if (f64) _a.MovImm(true, Scratch, BitConverter.DoubleToInt64Bits(value));
        else _a.MovImm(false, Scratch, BitConverter.SingleToInt32Bits((float)value));
        _a.MovToX(f64, XScratch, Scratch);
    }
}
