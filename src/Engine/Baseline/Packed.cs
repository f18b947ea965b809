namespace Wasm.Baseline;

/// <summary>The encodings of the packed SSE instructions (SSE2 to SSE4.2) that vector code is compiled to.</summary>
internal static class Packed
{
    private static SseOp P(byte code) => new(0x66, 0x0F, code);
    private static SseOp P38(byte code) => new(0x66, 0x38, code);
    private static SseOp P3A(byte code) => new(0x66, 0x3A, code);

    public static readonly SseOp Movdqu = new(0xF3, 0x0F, 0x6F), MovdquStore = new(0xF3, 0x0F, 0x7F);
    /// <summary><c>movq xmm, m64</c> (zeroes the upper half).</summary>
    public static readonly SseOp MovqLoad = new(0xF3, 0x0F, 0x7E);
    /// <summary><c>movd/movq xmm, r/m</c> and <c>movd/movq r/m, xmm</c> (reg is the xmm register in both).</summary>
    public static readonly SseOp MovdTo = P(0x6E), MovdFrom = P(0x7E);

    public static readonly SseOp Paddb = P(0xFC), Paddw = P(0xFD), Paddd = P(0xFE), Paddq = P(0xD4);
    public static readonly SseOp Psubb = P(0xF8), Psubw = P(0xF9), Psubd = P(0xFA), Psubq = P(0xFB);
    public static readonly SseOp Paddsb = P(0xEC), Paddsw = P(0xED), Paddusb = P(0xDC), Paddusw = P(0xDD);
    public static readonly SseOp Psubsb = P(0xE8), Psubsw = P(0xE9), Psubusb = P(0xD8), Psubusw = P(0xD9);
    public static readonly SseOp Pminub = P(0xDA), Pmaxub = P(0xDE), Pminsw = P(0xEA), Pmaxsw = P(0xEE);
    public static readonly SseOp Pminsb = P38(0x38), Pmaxsb = P38(0x3C), Pminuw = P38(0x3A), Pmaxuw = P38(0x3E);
    public static readonly SseOp Pminsd = P38(0x39), Pmaxsd = P38(0x3D), Pminud = P38(0x3B), Pmaxud = P38(0x3F);
    public static readonly SseOp Pavgb = P(0xE0), Pavgw = P(0xE3);
    public static readonly SseOp Pmullw = P(0xD5), Pmulld = P38(0x40), Pmuludq = P(0xF4), Pmuldq = P38(0x28);
    public static readonly SseOp Pmaddwd = P(0xF5), Pmaddubsw = P38(0x04), Pmulhrsw = P38(0x0B);
    public static readonly SseOp Pcmpeqb = P(0x74), Pcmpeqw = P(0x75), Pcmpeqd = P(0x76), Pcmpeqq = P38(0x29);
    public static readonly SseOp Pcmpgtb = P(0x64), Pcmpgtw = P(0x65), Pcmpgtd = P(0x66), Pcmpgtq = P38(0x37);
    public static readonly SseOp Pand = P(0xDB), Pandn = P(0xDF), Por = P(0xEB), Pxor = P(0xEF);
    public static readonly SseOp Pabsb = P38(0x1C), Pabsw = P38(0x1D), Pabsd = P38(0x1E);
    public static readonly SseOp Packsswb = P(0x63), Packuswb = P(0x67), Packssdw = P(0x6B), Packusdw = P38(0x2B);
    public static readonly SseOp Punpcklbw = P(0x60), Punpckhbw = P(0x68), Punpcklqdq = P(0x6C);
    public static readonly SseOp Pmovsxbw = P38(0x20), Pmovsxwd = P38(0x23), Pmovsxdq = P38(0x25);
    public static readonly SseOp Pmovzxbw = P38(0x30), Pmovzxwd = P38(0x33), Pmovzxdq = P38(0x35);
    public static readonly SseOp Pshufb = P38(0x00), Pshufd = P(0x70);
    public static readonly SseOp Pshuflw = new(0xF2, 0x0F, 0x70);
    public static readonly SseOp Pblendw = P3A(0x0E);
    public static readonly SseOp Ptest = P38(0x17);
    /// <summary>Shifts by the count in an xmm register.</summary>
    public static readonly SseOp Psllw = P(0xF1), Pslld = P(0xF2), Psllq = P(0xF3);
    public static readonly SseOp Psrlw = P(0xD1), Psrld = P(0xD2), Psrlq = P(0xD3), Psraw = P(0xE1), Psrad = P(0xE2);
    /// <summary>Shifts by an immediate: the ModRM reg field is 6 (left), 2 (right) or 4 (arithmetic right).</summary>
    public static readonly SseOp ShiftW = P(0x71), ShiftD = P(0x72), ShiftQ = P(0x73);
    public static readonly SseOp Pmovmskb = P(0xD7), Movmskps = new(0, 0x0F, 0x50), Movmskpd = P(0x50);
    /// <summary>Lane access: <c>pextrb/d/q</c> and <c>pinsrb/d/q</c> take the xmm register in ModRM reg;
    /// <c>pextrw</c> (register form) the general register; <c>pextrw</c> to memory is <see cref="PextrwM"/>.</summary>
    public static readonly SseOp Pextrb = P3A(0x14), Pextrw = P(0xC5), PextrwM = P3A(0x15), Pextrd = P3A(0x16);
    public static readonly SseOp Pinsrb = P3A(0x20), Pinsrw = P(0xC4), Pinsrd = P3A(0x22), Insertps = P3A(0x21);
    public static readonly SseOp Movsd = new(0xF2, 0x0F, 0x10);

    /// <summary>Single (no prefix) and double (0x66) precision forms share an opcode.</summary>
    public static SseOp Float(bool f64, byte code) => new(f64 ? (byte)0x66 : (byte)0, 0x0F, code);
    public const byte Add = 0x58, Mul = 0x59, Sub = 0x5C, Min = 0x5D, Div = 0x5E, Max = 0x5F, Sqrt = 0x51;
    public const byte And = 0x54, AndNot = 0x55, Or = 0x56, Xor = 0x57, Cmp = 0xC2, Unpckl = 0x14;
    public static SseOp Round(bool f64) => P3A(f64 ? (byte)0x09 : (byte)0x08);
    public static readonly SseOp Cvtdq2ps = new(0, 0x0F, 0x5B), Cvttps2dq = new(0xF3, 0x0F, 0x5B);
    public static readonly SseOp Cvtdq2pd = new(0xF3, 0x0F, 0xE6), Cvttpd2dq = P(0xE6);
    public static readonly SseOp Cvtps2pd = new(0, 0x0F, 0x5A), Cvtpd2ps = P(0x5A);
    public static readonly SseOp Shufps = new(0, 0x0F, 0xC6);
}
