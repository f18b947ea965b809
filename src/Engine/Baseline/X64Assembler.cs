using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Wasm.Baseline;

/// <summary>General-purpose registers, numbered as the x64 encoding numbers them.</summary>
internal enum Reg : byte
{
    Rax, Rcx, Rdx, Rbx, Rsp, Rbp, Rsi, Rdi, R8, R9, R10, R11, R12, R13, R14, R15,
}

/// <summary>Condition codes, numbered as in <c>jcc</c>/<c>setcc</c>/<c>cmovcc</c>.</summary>
internal enum Cond : byte
{
    O, NO, B, AE, E, NE, BE, A, S, NS, P, NP, L, GE, LE, G,
}

/// <summary>A memory operand: <c>[base + index + disp]</c> (index optional, scale 1).</summary>
internal readonly record struct Mem(Reg Base, int Disp, Reg Index = Reg.Rsp, bool HasIndex = false, byte Scale = 0)
{
    public static Mem At(Reg b, int disp = 0) => new(b, disp);
    public static Mem At(Reg b, Reg index, int disp, byte scale = 0) => new(b, disp, index, true, scale);
}

/// <summary>A position in the code that jumps can target before it is known.</summary>
internal readonly record struct Label(int Id);

/// <summary>A packed SSE instruction's encoding: mandatory prefix (0 for none), opcode map (0x0F, 0x38 for 0F 38,
/// 0x3A for 0F 3A) and opcode byte.</summary>
internal readonly record struct SseOp(byte Prefix, byte Map, byte Code);

/// <summary>
/// Encodes the x64 instructions the baseline compiler uses into a growable buffer. Only the forms needed are
/// here; each method writes one instruction. Jumps to labels are written with 32-bit displacements and patched
/// when the label is bound (or at <see cref="Finish"/>).
/// </summary>
internal sealed class X64Assembler
{
    private byte[] _code = new byte[4096];
    private int _pos;
    private int[] _labels = new int[64];
    private int _labelCount;
    private readonly List<(int At, int Label)> _fixups = [];
    private readonly List<(int At, int Label, int Start)> _deltas = [];

    public int Position => _pos;

    public void Reset()
    {
        _pos = 0;
        _labelCount = 0;
        _fixups.Clear();
        _deltas.Clear();
    }

    public ReadOnlySpan<byte> Code => _code.AsSpan(0, _pos);

    public Label NewLabel()
    {
        if (_labelCount == _labels.Length) Array.Resize(ref _labels, _labels.Length * 2);
        _labels[_labelCount] = -1;
        return new Label(_labelCount++);
    }

    public void Bind(Label l) => _labels[l.Id] = _pos;

    /// <summary>Patches every jump to its label; throws if one was never bound.</summary>
    public void Finish()
    {
        foreach (var (at, label) in _fixups)
        {
            var target = _labels[label];
            if (target < 0) throw new InvalidOperationException("unbound label");
            BinaryPrimitives.WriteInt32LittleEndian(_code.AsSpan(at), target - (at + 4));
        }
        _fixups.Clear();
        foreach (var (at, label, start) in _deltas)
        {
            var target = _labels[label];
            if (target < 0) throw new InvalidOperationException("unbound label");
            BinaryPrimitives.WriteInt32LittleEndian(_code.AsSpan(at), target - start);
        }
        _deltas.Clear();
    }

    /// <summary>Overwrites the code at <paramref name="at"/> with a short jump to <paramref name="target"/> (at most
    /// 129 bytes on; the bytes between are left as they are, never run).</summary>
    public void PatchJmpShort(int at, int target)
    {
        _code[at] = 0xEB;
        _code[at + 1] = (byte)(sbyte)(target - at - 2);
    }

    public void PatchInt32(int at, int value) => BinaryPrimitives.WriteInt32LittleEndian(_code.AsSpan(at), value);

    // ---- raw bytes ----

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void B(byte b)
    {
        if (_pos == _code.Length) Array.Resize(ref _code, _code.Length * 2);
        _code[_pos++] = b;
    }

    private void I32(int v)
    {
        if (_pos + 4 > _code.Length) Array.Resize(ref _code, _code.Length * 2);
        BinaryPrimitives.WriteInt32LittleEndian(_code.AsSpan(_pos), v);
        _pos += 4;
    }

    private void I64(long v)
    {
        if (_pos + 8 > _code.Length) Array.Resize(ref _code, _code.Length * 2);
        BinaryPrimitives.WriteInt64LittleEndian(_code.AsSpan(_pos), v);
        _pos += 8;
    }

    /// <summary>A REX prefix when needed: W for 64-bit operands, R/X/B extend reg, index and base/rm.
    /// <paramref name="byteRegs"/> forces one so that registers 4–7 mean spl..dil rather than ah..bh.</summary>
    private void Rex(bool w, int reg, int index, int rm, bool byteRegs = false)
    {
        var rex = (w ? 8 : 0) | ((reg & 8) >> 1) | ((index & 8) >> 2) | ((rm & 8) >> 3);
        if (rex != 0 || (byteRegs && (reg >= 4 || rm >= 4))) B((byte)(0x40 | rex));
    }

    private void ModRmReg(int reg, int rm) => B((byte)(0xC0 | ((reg & 7) << 3) | (rm & 7)));

    private void ModRmMem(int reg, Mem m)
    {
        var b = (int)m.Base;
        var mod = m.Disp == 0 && (b & 7) != 5 ? 0 : m.Disp is >= -128 and <= 127 ? 1 : 2;
        if (m.HasIndex || (b & 7) == 4)
        {
            B((byte)((mod << 6) | ((reg & 7) << 3) | 4));
            var idx = m.HasIndex ? (int)m.Index : 4;
            B((byte)((m.Scale << 6) | ((idx & 7) << 3) | (b & 7)));
        }
        else B((byte)((mod << 6) | ((reg & 7) << 3) | (b & 7)));
        if (mod == 1) B((byte)(sbyte)m.Disp);
        else if (mod == 2) I32(m.Disp);
    }

    private void OpRR(bool w, byte op, int reg, int rm, bool byteRegs = false)
    {
        Rex(w, reg, 0, rm, byteRegs);
        B(op);
        ModRmReg(reg, rm);
    }

    private void OpRM(bool w, byte op, int reg, Mem m, bool byteRegs = false)
    {
        Rex(w, reg, m.HasIndex ? (int)m.Index : 0, (int)m.Base, byteRegs);
        B(op);
        ModRmMem(reg, m);
    }

    private void Op0F_RR(bool w, byte op, int reg, int rm, byte prefix = 0, bool byteRegs = false)
    {
        if (prefix != 0) B(prefix);
        Rex(w, reg, 0, rm, byteRegs);
        B(0x0F);
        B(op);
        ModRmReg(reg, rm);
    }

    private void Op0F_RM(bool w, byte op, int reg, Mem m, byte prefix = 0)
    {
        if (prefix != 0) B(prefix);
        Rex(w, reg, m.HasIndex ? (int)m.Index : 0, (int)m.Base);
        B(0x0F);
        B(op);
        ModRmMem(reg, m);
    }

    // ---- moves ----

    public void MovRR(bool w, Reg dst, Reg src) => OpRR(w, 0x8B, (int)dst, (int)src);

    public void Load(bool w, Reg dst, Mem m) => OpRM(w, 0x8B, (int)dst, m);

    public void Store(bool w, Mem m, Reg src) => OpRM(w, 0x89, (int)src, m);

    public void Store8(Mem m, Reg src) => OpRM(false, 0x88, (int)src, m, byteRegs: true);

    public void Store16(Mem m, Reg src)
    {
        B(0x66);
        OpRM(false, 0x89, (int)src, m);
    }

    /// <summary><c>movzx</c>/<c>movsx</c> from 8 or 16 bits; <paramref name="w"/> for a 64-bit destination.</summary>
    public void LoadExtend(bool w, Reg dst, Mem m, int bits, bool signed)
    {
        var op = (byte)(bits == 8 ? (signed ? 0xBE : 0xB6) : (signed ? 0xBF : 0xB7));
        Op0F_RM(w, op, (int)dst, m);
    }

    /// <summary><c>movsxd</c>: sign-extends 32 bits to 64.</summary>
    public void LoadSx32(Reg dst, Mem m) => OpRM(true, 0x63, (int)dst, m);

    public void Movsxd(Reg dst, Reg src) => OpRR(true, 0x63, (int)dst, (int)src);

    public void MovzxRR(Reg dst, Reg src, int bits, bool signed, bool w = false) =>
        Op0F_RR(w, (byte)(bits == 8 ? (signed ? 0xBE : 0xB6) : (signed ? 0xBF : 0xB7)), (int)dst, (int)src, byteRegs: bits == 8 && src >= Reg.Rsp);

    /// <summary>Loads a constant, with the shortest encoding (32-bit moves zero the upper half).</summary>
    public void MovImm(bool w, Reg dst, long value)
    {
        if (!w) value = (uint)value;
        if (value == 0)
        {
            OpRR(false, 0x33, (int)dst, (int)dst); // xor
            return;
        }
        if ((ulong)value <= uint.MaxValue)
        {
            Rex(false, 0, 0, (int)dst);
            B((byte)(0xB8 | ((int)dst & 7)));
            I32((int)value);
        }
        else if (value is >= int.MinValue and <= int.MaxValue)
        {
            Rex(true, 0, 0, (int)dst);
            B(0xC7);
            ModRmReg(0, (int)dst);
            I32((int)value);
        }
        else
        {
            Rex(true, 0, 0, (int)dst);
            B((byte)(0xB8 | ((int)dst & 7)));
            I64(value);
        }
    }

    /// <summary><c>mov qword/dword [m], imm32</c> (sign-extended for 64 bits).</summary>
    public void StoreImm(bool w, Mem m, int value)
    {
        OpRM(w, 0xC7, 0, m);
        I32(value);
    }

    public void Lea(Reg dst, Mem m) => OpRM(true, 0x8D, (int)dst, m);

    // ---- integer arithmetic ----

    /// <summary>The ALU operations with their <c>/digit</c> in the immediate forms.</summary>
    public enum Alu : byte { Add = 0, Or = 1, And = 4, Sub = 5, Xor = 6, Cmp = 7 }

    public void AluRR(bool w, Alu op, Reg dst, Reg src) => OpRR(w, (byte)(((int)op << 3) | 3), (int)dst, (int)src);

    public void AluRM(bool w, Alu op, Reg dst, Mem m) => OpRM(w, (byte)(((int)op << 3) | 3), (int)dst, m);

    public void AluRI(bool w, Alu op, Reg dst, int imm)
    {
        if (imm is >= -128 and <= 127)
        {
            Rex(w, 0, 0, (int)dst);
            B(0x83);
            ModRmReg((int)op, (int)dst);
            B((byte)(sbyte)imm);
        }
        else
        {
            Rex(w, 0, 0, (int)dst);
            B(0x81);
            ModRmReg((int)op, (int)dst);
            I32(imm);
        }
    }

    /// <summary><c>op dword/qword [m], imm32</c>; returns where the immediate is, for <see cref="PatchInt32"/>.</summary>
    public int AluMI(bool w, Alu op, Mem m, int imm)
    {
        OpRM(w, 0x81, (int)op, m);
        var at = _pos;
        I32(imm);
        return at;
    }

    public void TestRR(bool w, Reg a, Reg b) => OpRR(w, 0x85, (int)b, (int)a);

    public void Imul(bool w, Reg dst, Reg src) => Op0F_RR(w, 0xAF, (int)dst, (int)src);

    public void Imul(bool w, Reg dst, Mem m) => Op0F_RM(w, 0xAF, (int)dst, m);

    /// <summary>Group-3 unary operations on a register: 2 not, 3 neg, 6 div, 7 idiv.</summary>
    private void Unary(bool w, int digit, Reg r) => OpRR(w, 0xF7, digit, (int)r);

    public void Neg(bool w, Reg r) => Unary(w, 3, r);

    public void Div(bool w, Reg r) => Unary(w, 6, r);

    public void Idiv(bool w, Reg r) => Unary(w, 7, r);

    /// <summary><c>cdq</c> / <c>cqo</c>: sign-extends eax/rax into edx/rdx.</summary>
    public void SignExtendAx(bool w)
    {
        if (w) B(0x48);
        B(0x99);
    }

    /// <summary>Shifts and rotates by cl: 0 rol, 1 ror, 4 shl, 5 shr, 7 sar.</summary>
    public void ShiftCl(bool w, int digit, Reg r) => OpRR(w, 0xD3, digit, (int)r);

    public void ShiftImm(bool w, int digit, Reg r, int count)
    {
        OpRR(w, 0xC1, digit, (int)r);
        B((byte)count);
    }

    public void Lzcnt(bool w, Reg dst, Reg src) => Op0F_RR(w, 0xBD, (int)dst, (int)src, 0xF3);

    public void Tzcnt(bool w, Reg dst, Reg src) => Op0F_RR(w, 0xBC, (int)dst, (int)src, 0xF3);

    public void Popcnt(bool w, Reg dst, Reg src) => Op0F_RR(w, 0xB8, (int)dst, (int)src, 0xF3);

    /// <summary><c>setcc</c> into the low byte of <paramref name="r"/>, then zero-extends it to 32 bits.</summary>
    public void SetCC(Cond cc, Reg r)
    {
        Rex(false, 0, 0, (int)r, byteRegs: true);
        B(0x0F);
        B((byte)(0x90 | (int)cc));
        ModRmReg(0, (int)r);
        MovzxRR(r, r, 8, false);
    }

    public void Cmov(bool w, Cond cc, Reg dst, Reg src) => Op0F_RR(w, (byte)(0x40 | (int)cc), (int)dst, (int)src);

    // ---- control ----

    public void Jcc(Cond cc, Label l)
    {
        B(0x0F);
        B((byte)(0x80 | (int)cc));
        _fixups.Add((_pos, l.Id));
        I32(0);
    }

    public void Jmp(Label l)
    {
        B(0xE9);
        _fixups.Add((_pos, l.Id));
        I32(0);
    }

    /// <summary><c>call [m]</c>.</summary>
    public void CallM(Mem m) => OpRM(false, 0xFF, 2, m);

    public void CallR(Reg r) => OpRR(false, 0xFF, 2, (int)r);

    public void JmpM(Mem m) => OpRM(false, 0xFF, 4, m);

    public void JmpR(Reg r) => OpRR(false, 0xFF, 4, (int)r);

    public void Push(Reg r)
    {
        Rex(false, 0, 0, (int)r);
        B((byte)(0x50 | ((int)r & 7)));
    }

    public void Pop(Reg r)
    {
        Rex(false, 0, 0, (int)r);
        B((byte)(0x58 | ((int)r & 7)));
    }

    public void PushM(Mem m) => OpRM(false, 0xFF, 6, m);

    public void PopM(Mem m) => OpRM(false, 0x8F, 0, m);

    public void Ret() => B(0xC3);

    /// <summary><c>lea r, [rip + label]</c>.</summary>
    public void LeaRip(Reg dst, Label l)
    {
        Rex(true, (int)dst, 0, 0);
        B(0x8D);
        B((byte)(((int)dst & 7) << 3 | 5));
        _fixups.Add((_pos, l.Id));
        I32(0);
    }

    /// <summary>A 32-bit table entry: the label's offset from <paramref name="tableStart"/>.</summary>
    public void LabelDelta(Label l, int tableStart)
    {
        _deltas.Add((_pos, l.Id, tableStart));
        I32(0);
    }

    /// <summary><c>rep stosq</c>: stores rax at [rdi], rcx times.</summary>
    public void RepStosq()
    {
        B(0xF3);
        B(0x48);
        B(0xAB);
    }

    /// <summary><c>sub rsp, imm32</c> with a 32-bit immediate whose position is returned, to be patched.</summary>
    public int SubRspPatchable()
    {
        B(0x48);
        B(0x81);
        ModRmReg(5, (int)Reg.Rsp);
        var at = _pos;
        I32(0);
        return at;
    }

    // ---- SSE (xmm registers are numbered 0–15 and passed as int) ----

    // The scalar forms below are packed-instruction encodings too (map 0F).
    private void Sse(byte prefix, bool w, byte op, int reg, int rm) => Simd(new SseOp(prefix, 0x0F, op), reg, rm, w);

    private void SseM(byte prefix, bool w, byte op, int reg, Mem m) => Simd(new SseOp(prefix, 0x0F, op), reg, m, w);

    /// <summary><c>movss</c>/<c>movsd</c> load.</summary>
    public void FLoad(bool f64, int x, Mem m) => SseM(f64 ? (byte)0xF2 : (byte)0xF3, false, 0x10, x, m);

    public void FStore(bool f64, Mem m, int x) => SseM(f64 ? (byte)0xF2 : (byte)0xF3, false, 0x11, x, m);

    public void MovAps(int dst, int src) => Sse(0, false, 0x28, dst, src);

    /// <summary><c>movd</c>/<c>movq</c> from a general register into an xmm register.</summary>
    public void MovToX(bool w, int x, Reg r) => Sse(0x66, w, 0x6E, x, (int)r);

    /// <summary><c>movd</c>/<c>movq</c> from an xmm register into a general register.</summary>
    public void MovFromX(bool w, Reg r, int x) => Sse(0x66, w, 0x7E, x, (int)r);

    /// <summary>Scalar arithmetic: 0x51 sqrt, 0x58 add, 0x59 mul, 0x5C sub, 0x5D min, 0x5E div, 0x5F max.</summary>
    public void FArith(bool f64, byte op, int dst, int src) => Sse(f64 ? (byte)0xF2 : (byte)0xF3, false, op, dst, src);

    public void Ucomis(bool f64, int a, int b) => Sse(f64 ? (byte)0x66 : (byte)0, false, 0x2E, a, b);

    /// <summary>Bitwise ops on the whole register: 0x54 and, 0x55 andn, 0x56 or, 0x57 xor.</summary>
    public void FBitwise(byte op, int dst, int src) => Sse(0, false, op, dst, src);

    /// <summary><c>cvtsi2ss/sd</c> from a 32- or 64-bit register.</summary>
    public void CvtIntToF(bool f64, bool w, int x, Reg r) => Sse(f64 ? (byte)0xF2 : (byte)0xF3, w, 0x2A, x, (int)r);

    /// <summary><c>cvttss/sd2si</c> into a 32- or 64-bit register.</summary>
    public void CvtFToInt(bool f64, bool w, Reg r, int x) => Sse(f64 ? (byte)0xF2 : (byte)0xF3, w, 0x2C, (int)r, x);

    /// <summary><c>cvtss2sd</c> (from f32) or <c>cvtsd2ss</c> (from f64).</summary>
    public void CvtFF(bool fromF64, int dst, int src) => Sse(fromF64 ? (byte)0xF2 : (byte)0xF3, false, 0x5A, dst, src);

    // ---- packed SSE (SSE4.1 at most; the compiler checks the CPU) ----

    /// <summary>A packed instruction, reg-reg or reg-memory, plus <paramref name="w"/> for the 64-bit general
    /// register forms (<c>movq</c>, <c>pextrq</c>, <c>pinsrq</c>). Which operand <paramref name="reg"/> and
    /// <paramref name="rm"/> are is the instruction's own (ModRM reg and rm fields).</summary>
    public void Simd(SseOp op, int reg, int rm, bool w = false)
    {
        SimdHead(op, w, reg, 0, rm);
        ModRmReg(reg, rm);
    }

    public void Simd(SseOp op, int reg, Mem m, bool w = false)
    {
        SimdHead(op, w, reg, m.HasIndex ? (int)m.Index : 0, (int)m.Base);
        ModRmMem(reg, m);
    }

    public void Simd(SseOp op, int reg, int rm, byte imm, bool w = false)
    {
        Simd(op, reg, rm, w);
        B(imm);
    }

    public void Simd(SseOp op, int reg, Mem m, byte imm, bool w = false)
    {
        Simd(op, reg, m, w);
        B(imm);
    }

    /// <summary>A packed instruction whose memory operand is the 16 bytes at <paramref name="l"/> (a constant
    /// after the code, 16-byte aligned: <see cref="Align16"/>).</summary>
    public void Simd(SseOp op, int reg, Label l)
    {
        SimdHead(op, false, reg, 0, 0);
        B((byte)(((reg & 7) << 3) | 5));
        _fixups.Add((_pos, l.Id));
        I32(0);
    }

    private void SimdHead(SseOp op, bool w, int reg, int index, int rm)
    {
        if (op.Prefix != 0) B(op.Prefix);
        Rex(w, reg, index, rm);
        B(0x0F);
        if (op.Map == 0x38 || op.Map == 0x3A) B(op.Map);
        B(op.Code);
    }

    /// <summary>Pads with <c>int3</c> to a 16-byte boundary (code is published page-aligned).</summary>
    public void Align16()
    {
        while ((_pos & 15) != 0) B(0xCC);
    }

    public void Data(ulong lo, ulong hi)
    {
        I64((long)lo);
        I64((long)hi);
    }

    /// <summary><c>roundss/sd</c> (SSE4.1): mode 1 floor, 2 ceil, 3 truncate, 0 nearest even; 8 suppresses inexact.</summary>
    public void Round(bool f64, int dst, int src, int mode) =>
        Simd(new SseOp(0x66, 0x3A, f64 ? (byte)0x0B : (byte)0x0A), dst, src, (byte)(mode | 8));
}
