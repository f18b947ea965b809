namespace Wasm.Instructions;

/// <summary>
/// Every instruction the engine knows, as a dense number: single-byte opcodes keep their byte;
/// <c>0xFC</c>-prefixed ones are <c>0x100 + sub-opcode</c>. <see cref="OpcodeTable"/> describes each one.
/// </summary>
internal enum Opcode : ushort
{
    /// <summary><c>unreachable</c></summary>
    Unreachable = 0x0,
    /// <summary><c>nop</c></summary>
    Nop = 0x1,
    /// <summary><c>block</c></summary>
    Block = 0x2,
    /// <summary><c>loop</c></summary>
    Loop = 0x3,
    /// <summary><c>if</c></summary>
    If = 0x4,
    /// <summary><c>else</c></summary>
    Else = 0x5,
    /// <summary><c>end</c></summary>
    End = 0xB,
    /// <summary><c>br</c></summary>
    Br = 0xC,
    /// <summary><c>br_if</c></summary>
    BrIf = 0xD,
    /// <summary><c>br_table</c></summary>
    BrTable = 0xE,
    /// <summary><c>return</c></summary>
    Return = 0xF,
    /// <summary><c>call</c></summary>
    Call = 0x10,
    /// <summary><c>call_indirect</c></summary>
    CallIndirect = 0x11,
    /// <summary><c>drop</c></summary>
    Drop = 0x1A,
    /// <summary><c>select</c></summary>
    Select = 0x1B,
    /// <summary><c>select_typed</c></summary>
    SelectTyped = 0x1C,
    /// <summary><c>local.get</c></summary>
    LocalGet = 0x20,
    /// <summary><c>local.set</c></summary>
    LocalSet = 0x21,
    /// <summary><c>local.tee</c></summary>
    LocalTee = 0x22,
    /// <summary><c>global.get</c></summary>
    GlobalGet = 0x23,
    /// <summary><c>global.set</c></summary>
    GlobalSet = 0x24,
    /// <summary><c>table.get</c></summary>
    TableGet = 0x25,
    /// <summary><c>table.set</c></summary>
    TableSet = 0x26,
    /// <summary><c>i32.load</c></summary>
    I32Load = 0x28,
    /// <summary><c>i64.load</c></summary>
    I64Load = 0x29,
    /// <summary><c>f32.load</c></summary>
    F32Load = 0x2A,
    /// <summary><c>f64.load</c></summary>
    F64Load = 0x2B,
    /// <summary><c>i32.load8_s</c></summary>
    I32Load8S = 0x2C,
    /// <summary><c>i32.load8_u</c></summary>
    I32Load8U = 0x2D,
    /// <summary><c>i32.load16_s</c></summary>
    I32Load16S = 0x2E,
    /// <summary><c>i32.load16_u</c></summary>
    I32Load16U = 0x2F,
    /// <summary><c>i64.load8_s</c></summary>
    I64Load8S = 0x30,
    /// <summary><c>i64.load8_u</c></summary>
    I64Load8U = 0x31,
    /// <summary><c>i64.load16_s</c></summary>
    I64Load16S = 0x32,
    /// <summary><c>i64.load16_u</c></summary>
    I64Load16U = 0x33,
    /// <summary><c>i64.load32_s</c></summary>
    I64Load32S = 0x34,
    /// <summary><c>i64.load32_u</c></summary>
    I64Load32U = 0x35,
    /// <summary><c>i32.store</c></summary>
    I32Store = 0x36,
    /// <summary><c>i64.store</c></summary>
    I64Store = 0x37,
    /// <summary><c>f32.store</c></summary>
    F32Store = 0x38,
    /// <summary><c>f64.store</c></summary>
    F64Store = 0x39,
    /// <summary><c>i32.store8</c></summary>
    I32Store8 = 0x3A,
    /// <summary><c>i32.store16</c></summary>
    I32Store16 = 0x3B,
    /// <summary><c>i64.store8</c></summary>
    I64Store8 = 0x3C,
    /// <summary><c>i64.store16</c></summary>
    I64Store16 = 0x3D,
    /// <summary><c>i64.store32</c></summary>
    I64Store32 = 0x3E,
    /// <summary><c>memory.size</c></summary>
    MemorySize = 0x3F,
    /// <summary><c>memory.grow</c></summary>
    MemoryGrow = 0x40,
    /// <summary><c>i32.const</c></summary>
    I32Const = 0x41,
    /// <summary><c>i64.const</c></summary>
    I64Const = 0x42,
    /// <summary><c>f32.const</c></summary>
    F32Const = 0x43,
    /// <summary><c>f64.const</c></summary>
    F64Const = 0x44,
    /// <summary><c>i32.eqz</c></summary>
    I32Eqz = 0x45,
    /// <summary><c>i32.eq</c></summary>
    I32Eq = 0x46,
    /// <summary><c>i32.ne</c></summary>
    I32Ne = 0x47,
    /// <summary><c>i32.lt_s</c></summary>
    I32LtS = 0x48,
    /// <summary><c>i32.lt_u</c></summary>
    I32LtU = 0x49,
    /// <summary><c>i32.gt_s</c></summary>
    I32GtS = 0x4A,
    /// <summary><c>i32.gt_u</c></summary>
    I32GtU = 0x4B,
    /// <summary><c>i32.le_s</c></summary>
    I32LeS = 0x4C,
    /// <summary><c>i32.le_u</c></summary>
    I32LeU = 0x4D,
    /// <summary><c>i32.ge_s</c></summary>
    I32GeS = 0x4E,
    /// <summary><c>i32.ge_u</c></summary>
    I32GeU = 0x4F,
    /// <summary><c>i64.eqz</c></summary>
    I64Eqz = 0x50,
    /// <summary><c>i64.eq</c></summary>
    I64Eq = 0x51,
    /// <summary><c>i64.ne</c></summary>
    I64Ne = 0x52,
    /// <summary><c>i64.lt_s</c></summary>
    I64LtS = 0x53,
    /// <summary><c>i64.lt_u</c></summary>
    I64LtU = 0x54,
    /// <summary><c>i64.gt_s</c></summary>
    I64GtS = 0x55,
    /// <summary><c>i64.gt_u</c></summary>
    I64GtU = 0x56,
    /// <summary><c>i64.le_s</c></summary>
    I64LeS = 0x57,
    /// <summary><c>i64.le_u</c></summary>
    I64LeU = 0x58,
    /// <summary><c>i64.ge_s</c></summary>
    I64GeS = 0x59,
    /// <summary><c>i64.ge_u</c></summary>
    I64GeU = 0x5A,
    /// <summary><c>f32.eq</c></summary>
    F32Eq = 0x5B,
    /// <summary><c>f32.ne</c></summary>
    F32Ne = 0x5C,
    /// <summary><c>f32.lt</c></summary>
    F32Lt = 0x5D,
    /// <summary><c>f32.gt</c></summary>
    F32Gt = 0x5E,
    /// <summary><c>f32.le</c></summary>
    F32Le = 0x5F,
    /// <summary><c>f32.ge</c></summary>
    F32Ge = 0x60,
    /// <summary><c>f64.eq</c></summary>
    F64Eq = 0x61,
    /// <summary><c>f64.ne</c></summary>
    F64Ne = 0x62,
    /// <summary><c>f64.lt</c></summary>
    F64Lt = 0x63,
    /// <summary><c>f64.gt</c></summary>
    F64Gt = 0x64,
    /// <summary><c>f64.le</c></summary>
    F64Le = 0x65,
    /// <summary><c>f64.ge</c></summary>
    F64Ge = 0x66,
    /// <summary><c>i32.clz</c></summary>
    I32Clz = 0x67,
    /// <summary><c>i32.ctz</c></summary>
    I32Ctz = 0x68,
    /// <summary><c>i32.popcnt</c></summary>
    I32Popcnt = 0x69,
    /// <summary><c>i32.add</c></summary>
    I32Add = 0x6A,
    /// <summary><c>i32.sub</c></summary>
    I32Sub = 0x6B,
    /// <summary><c>i32.mul</c></summary>
    I32Mul = 0x6C,
    /// <summary><c>i32.div_s</c></summary>
    I32DivS = 0x6D,
    /// <summary><c>i32.div_u</c></summary>
    I32DivU = 0x6E,
    /// <summary><c>i32.rem_s</c></summary>
    I32RemS = 0x6F,
    /// <summary><c>i32.rem_u</c></summary>
    I32RemU = 0x70,
    /// <summary><c>i32.and</c></summary>
    I32And = 0x71,
    /// <summary><c>i32.or</c></summary>
    I32Or = 0x72,
    /// <summary><c>i32.xor</c></summary>
    I32Xor = 0x73,
    /// <summary><c>i32.shl</c></summary>
    I32Shl = 0x74,
    /// <summary><c>i32.shr_s</c></summary>
    I32ShrS = 0x75,
    /// <summary><c>i32.shr_u</c></summary>
    I32ShrU = 0x76,
    /// <summary><c>i32.rotl</c></summary>
    I32Rotl = 0x77,
    /// <summary><c>i32.rotr</c></summary>
    I32Rotr = 0x78,
    /// <summary><c>i64.clz</c></summary>
    I64Clz = 0x79,
    /// <summary><c>i64.ctz</c></summary>
    I64Ctz = 0x7A,
    /// <summary><c>i64.popcnt</c></summary>
    I64Popcnt = 0x7B,
    /// <summary><c>i64.add</c></summary>
    I64Add = 0x7C,
    /// <summary><c>i64.sub</c></summary>
    I64Sub = 0x7D,
    /// <summary><c>i64.mul</c></summary>
    I64Mul = 0x7E,
    /// <summary><c>i64.div_s</c></summary>
    I64DivS = 0x7F,
    /// <summary><c>i64.div_u</c></summary>
    I64DivU = 0x80,
    /// <summary><c>i64.rem_s</c></summary>
    I64RemS = 0x81,
    /// <summary><c>i64.rem_u</c></summary>
    I64RemU = 0x82,
    /// <summary><c>i64.and</c></summary>
    I64And = 0x83,
    /// <summary><c>i64.or</c></summary>
    I64Or = 0x84,
    /// <summary><c>i64.xor</c></summary>
    I64Xor = 0x85,
    /// <summary><c>i64.shl</c></summary>
    I64Shl = 0x86,
    /// <summary><c>i64.shr_s</c></summary>
    I64ShrS = 0x87,
    /// <summary><c>i64.shr_u</c></summary>
    I64ShrU = 0x88,
    /// <summary><c>i64.rotl</c></summary>
    I64Rotl = 0x89,
    /// <summary><c>i64.rotr</c></summary>
    I64Rotr = 0x8A,
    /// <summary><c>f32.abs</c></summary>
    F32Abs = 0x8B,
    /// <summary><c>f32.neg</c></summary>
    F32Neg = 0x8C,
    /// <summary><c>f32.ceil</c></summary>
    F32Ceil = 0x8D,
    /// <summary><c>f32.floor</c></summary>
    F32Floor = 0x8E,
    /// <summary><c>f32.trunc</c></summary>
    F32Trunc = 0x8F,
    /// <summary><c>f32.nearest</c></summary>
    F32Nearest = 0x90,
    /// <summary><c>f32.sqrt</c></summary>
    F32Sqrt = 0x91,
    /// <summary><c>f32.add</c></summary>
    F32Add = 0x92,
    /// <summary><c>f32.sub</c></summary>
    F32Sub = 0x93,
    /// <summary><c>f32.mul</c></summary>
    F32Mul = 0x94,
    /// <summary><c>f32.div</c></summary>
    F32Div = 0x95,
    /// <summary><c>f32.min</c></summary>
    F32Min = 0x96,
    /// <summary><c>f32.max</c></summary>
    F32Max = 0x97,
    /// <summary><c>f32.copysign</c></summary>
    F32Copysign = 0x98,
    /// <summary><c>f64.abs</c></summary>
    F64Abs = 0x99,
    /// <summary><c>f64.neg</c></summary>
    F64Neg = 0x9A,
    /// <summary><c>f64.ceil</c></summary>
    F64Ceil = 0x9B,
    /// <summary><c>f64.floor</c></summary>
    F64Floor = 0x9C,
    /// <summary><c>f64.trunc</c></summary>
    F64Trunc = 0x9D,
    /// <summary><c>f64.nearest</c></summary>
    F64Nearest = 0x9E,
    /// <summary><c>f64.sqrt</c></summary>
    F64Sqrt = 0x9F,
    /// <summary><c>f64.add</c></summary>
    F64Add = 0xA0,
    /// <summary><c>f64.sub</c></summary>
    F64Sub = 0xA1,
    /// <summary><c>f64.mul</c></summary>
    F64Mul = 0xA2,
    /// <summary><c>f64.div</c></summary>
    F64Div = 0xA3,
    /// <summary><c>f64.min</c></summary>
    F64Min = 0xA4,
    /// <summary><c>f64.max</c></summary>
    F64Max = 0xA5,
    /// <summary><c>f64.copysign</c></summary>
    F64Copysign = 0xA6,
    /// <summary><c>i32.wrap_i64</c></summary>
    I32WrapI64 = 0xA7,
    /// <summary><c>i32.trunc_f32_s</c></summary>
    I32TruncF32S = 0xA8,
    /// <summary><c>i32.trunc_f32_u</c></summary>
    I32TruncF32U = 0xA9,
    /// <summary><c>i32.trunc_f64_s</c></summary>
    I32TruncF64S = 0xAA,
    /// <summary><c>i32.trunc_f64_u</c></summary>
    I32TruncF64U = 0xAB,
    /// <summary><c>i64.extend_i32_s</c></summary>
    I64ExtendI32S = 0xAC,
    /// <summary><c>i64.extend_i32_u</c></summary>
    I64ExtendI32U = 0xAD,
    /// <summary><c>i64.trunc_f32_s</c></summary>
    I64TruncF32S = 0xAE,
    /// <summary><c>i64.trunc_f32_u</c></summary>
    I64TruncF32U = 0xAF,
    /// <summary><c>i64.trunc_f64_s</c></summary>
    I64TruncF64S = 0xB0,
    /// <summary><c>i64.trunc_f64_u</c></summary>
    I64TruncF64U = 0xB1,
    /// <summary><c>f32.convert_i32_s</c></summary>
    F32ConvertI32S = 0xB2,
    /// <summary><c>f32.convert_i32_u</c></summary>
    F32ConvertI32U = 0xB3,
    /// <summary><c>f32.convert_i64_s</c></summary>
    F32ConvertI64S = 0xB4,
    /// <summary><c>f32.convert_i64_u</c></summary>
    F32ConvertI64U = 0xB5,
    /// <summary><c>f32.demote_f64</c></summary>
    F32DemoteF64 = 0xB6,
    /// <summary><c>f64.convert_i32_s</c></summary>
    F64ConvertI32S = 0xB7,
    /// <summary><c>f64.convert_i32_u</c></summary>
    F64ConvertI32U = 0xB8,
    /// <summary><c>f64.convert_i64_s</c></summary>
    F64ConvertI64S = 0xB9,
    /// <summary><c>f64.convert_i64_u</c></summary>
    F64ConvertI64U = 0xBA,
    /// <summary><c>f64.promote_f32</c></summary>
    F64PromoteF32 = 0xBB,
    /// <summary><c>i32.reinterpret_f32</c></summary>
    I32ReinterpretF32 = 0xBC,
    /// <summary><c>i64.reinterpret_f64</c></summary>
    I64ReinterpretF64 = 0xBD,
    /// <summary><c>f32.reinterpret_i32</c></summary>
    F32ReinterpretI32 = 0xBE,
    /// <summary><c>f64.reinterpret_i64</c></summary>
    F64ReinterpretI64 = 0xBF,
    /// <summary><c>i32.extend8_s</c></summary>
    I32Extend8S = 0xC0,
    /// <summary><c>i32.extend16_s</c></summary>
    I32Extend16S = 0xC1,
    /// <summary><c>i64.extend8_s</c></summary>
    I64Extend8S = 0xC2,
    /// <summary><c>i64.extend16_s</c></summary>
    I64Extend16S = 0xC3,
    /// <summary><c>i64.extend32_s</c></summary>
    I64Extend32S = 0xC4,
    /// <summary><c>ref.null</c></summary>
    RefNull = 0xD0,
    /// <summary><c>ref.is_null</c></summary>
    RefIsNull = 0xD1,
    /// <summary><c>ref.func</c></summary>
    RefFunc = 0xD2,
    /// <summary><c>i32.trunc_sat_f32_s</c></summary>
    I32TruncSatF32S = 0x100,
    /// <summary><c>i32.trunc_sat_f32_u</c></summary>
    I32TruncSatF32U = 0x101,
    /// <summary><c>i32.trunc_sat_f64_s</c></summary>
    I32TruncSatF64S = 0x102,
    /// <summary><c>i32.trunc_sat_f64_u</c></summary>
    I32TruncSatF64U = 0x103,
    /// <summary><c>i64.trunc_sat_f32_s</c></summary>
    I64TruncSatF32S = 0x104,
    /// <summary><c>i64.trunc_sat_f32_u</c></summary>
    I64TruncSatF32U = 0x105,
    /// <summary><c>i64.trunc_sat_f64_s</c></summary>
    I64TruncSatF64S = 0x106,
    /// <summary><c>i64.trunc_sat_f64_u</c></summary>
    I64TruncSatF64U = 0x107,
    /// <summary><c>memory.init</c></summary>
    MemoryInit = 0x108,
    /// <summary><c>data.drop</c></summary>
    DataDrop = 0x109,
    /// <summary><c>memory.copy</c></summary>
    MemoryCopy = 0x10A,
    /// <summary><c>memory.fill</c></summary>
    MemoryFill = 0x10B,
    /// <summary><c>table.init</c></summary>
    TableInit = 0x10C,
    /// <summary><c>elem.drop</c></summary>
    ElemDrop = 0x10D,
    /// <summary><c>table.copy</c></summary>
    TableCopy = 0x10E,
    /// <summary><c>table.grow</c></summary>
    TableGrow = 0x10F,
    /// <summary><c>table.size</c></summary>
    TableSize = 0x110,
    /// <summary><c>table.fill</c></summary>
    TableFill = 0x111,
}
