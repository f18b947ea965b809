namespace Wasm.Instructions;

/// <summary>
/// Every instruction the engine knows, as a dense number: single-byte opcodes keep their byte;
/// <c>0xFC</c>-prefixed ones are <c>0x100 + sub-opcode</c>;
/// <c>0xFD</c>-prefixed (SIMD) ones are <c>0x200 + sub-opcode</c>; <c>0xFE</c>-prefixed (threads) ones are
/// <c>0x320 + sub-opcode</c>. <see cref="OpcodeTable"/> describes each one.
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
    /// <summary><c>return_call</c> (tail call)</summary>
    ReturnCall = 0x12,
    /// <summary><c>return_call_indirect</c> (tail call)</summary>
    ReturnCallIndirect = 0x13,
    /// <summary><c>try</c> (legacy exception handling)</summary>
    Try = 0x06,
    /// <summary><c>catch</c> (legacy exception handling)</summary>
    Catch = 0x07,
    /// <summary><c>rethrow</c> (legacy exception handling)</summary>
    Rethrow = 0x09,
    /// <summary><c>delegate</c> (legacy exception handling)</summary>
    Delegate = 0x18,
    /// <summary><c>catch_all</c> (legacy exception handling)</summary>
    CatchAll = 0x19,
    /// <summary><c>throw</c> (exception handling)</summary>
    Throw = 0x08,
    /// <summary><c>throw_ref</c> (exception handling)</summary>
    ThrowRef = 0x0A,
    /// <summary><c>try_table</c> (exception handling)</summary>
    TryTable = 0x1F,
    /// <summary><c>call_ref</c> (function references)</summary>
    CallRef = 0x14,
    /// <summary><c>return_call_ref</c> (function references, tail call)</summary>
    ReturnCallRef = 0x15,
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
    /// <summary><c>ref.as_non_null</c></summary>
    RefAsNonNull = 0xD4,
    /// <summary><c>ref.eq</c> (GC)</summary>
    RefEq = 0xD3,
    /// <summary><c>br_on_null</c></summary>
    BrOnNull = 0xD5,
    /// <summary><c>br_on_non_null</c></summary>
    BrOnNonNull = 0xD6,
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
    /// <summary><c>v128.load</c></summary>
    V128Load = 0x200,
    /// <summary><c>v128.load8x8_s</c></summary>
    V128Load8x8S = 0x201,
    /// <summary><c>v128.load8x8_u</c></summary>
    V128Load8x8U = 0x202,
    /// <summary><c>v128.load16x4_s</c></summary>
    V128Load16x4S = 0x203,
    /// <summary><c>v128.load16x4_u</c></summary>
    V128Load16x4U = 0x204,
    /// <summary><c>v128.load32x2_s</c></summary>
    V128Load32x2S = 0x205,
    /// <summary><c>v128.load32x2_u</c></summary>
    V128Load32x2U = 0x206,
    /// <summary><c>v128.load8_splat</c></summary>
    V128Load8Splat = 0x207,
    /// <summary><c>v128.load16_splat</c></summary>
    V128Load16Splat = 0x208,
    /// <summary><c>v128.load32_splat</c></summary>
    V128Load32Splat = 0x209,
    /// <summary><c>v128.load64_splat</c></summary>
    V128Load64Splat = 0x20A,
    /// <summary><c>v128.store</c></summary>
    V128Store = 0x20B,
    /// <summary><c>v128.const</c></summary>
    V128Const = 0x20C,
    /// <summary><c>i8x16.shuffle</c></summary>
    I8x16Shuffle = 0x20D,
    /// <summary><c>i8x16.swizzle</c></summary>
    I8x16Swizzle = 0x20E,
    /// <summary><c>i8x16.splat</c></summary>
    I8x16Splat = 0x20F,
    /// <summary><c>i16x8.splat</c></summary>
    I16x8Splat = 0x210,
    /// <summary><c>i32x4.splat</c></summary>
    I32x4Splat = 0x211,
    /// <summary><c>i64x2.splat</c></summary>
    I64x2Splat = 0x212,
    /// <summary><c>f32x4.splat</c></summary>
    F32x4Splat = 0x213,
    /// <summary><c>f64x2.splat</c></summary>
    F64x2Splat = 0x214,
    /// <summary><c>i8x16.extract_lane_s</c></summary>
    I8x16ExtractLaneS = 0x215,
    /// <summary><c>i8x16.extract_lane_u</c></summary>
    I8x16ExtractLaneU = 0x216,
    /// <summary><c>i8x16.replace_lane</c></summary>
    I8x16ReplaceLane = 0x217,
    /// <summary><c>i16x8.extract_lane_s</c></summary>
    I16x8ExtractLaneS = 0x218,
    /// <summary><c>i16x8.extract_lane_u</c></summary>
    I16x8ExtractLaneU = 0x219,
    /// <summary><c>i16x8.replace_lane</c></summary>
    I16x8ReplaceLane = 0x21A,
    /// <summary><c>i32x4.extract_lane</c></summary>
    I32x4ExtractLane = 0x21B,
    /// <summary><c>i32x4.replace_lane</c></summary>
    I32x4ReplaceLane = 0x21C,
    /// <summary><c>i64x2.extract_lane</c></summary>
    I64x2ExtractLane = 0x21D,
    /// <summary><c>i64x2.replace_lane</c></summary>
    I64x2ReplaceLane = 0x21E,
    /// <summary><c>f32x4.extract_lane</c></summary>
    F32x4ExtractLane = 0x21F,
    /// <summary><c>f32x4.replace_lane</c></summary>
    F32x4ReplaceLane = 0x220,
    /// <summary><c>f64x2.extract_lane</c></summary>
    F64x2ExtractLane = 0x221,
    /// <summary><c>f64x2.replace_lane</c></summary>
    F64x2ReplaceLane = 0x222,
    /// <summary><c>i8x16.eq</c></summary>
    I8x16Eq = 0x223,
    /// <summary><c>i8x16.ne</c></summary>
    I8x16Ne = 0x224,
    /// <summary><c>i8x16.lt_s</c></summary>
    I8x16LtS = 0x225,
    /// <summary><c>i8x16.lt_u</c></summary>
    I8x16LtU = 0x226,
    /// <summary><c>i8x16.gt_s</c></summary>
    I8x16GtS = 0x227,
    /// <summary><c>i8x16.gt_u</c></summary>
    I8x16GtU = 0x228,
    /// <summary><c>i8x16.le_s</c></summary>
    I8x16LeS = 0x229,
    /// <summary><c>i8x16.le_u</c></summary>
    I8x16LeU = 0x22A,
    /// <summary><c>i8x16.ge_s</c></summary>
    I8x16GeS = 0x22B,
    /// <summary><c>i8x16.ge_u</c></summary>
    I8x16GeU = 0x22C,
    /// <summary><c>i16x8.eq</c></summary>
    I16x8Eq = 0x22D,
    /// <summary><c>i16x8.ne</c></summary>
    I16x8Ne = 0x22E,
    /// <summary><c>i16x8.lt_s</c></summary>
    I16x8LtS = 0x22F,
    /// <summary><c>i16x8.lt_u</c></summary>
    I16x8LtU = 0x230,
    /// <summary><c>i16x8.gt_s</c></summary>
    I16x8GtS = 0x231,
    /// <summary><c>i16x8.gt_u</c></summary>
    I16x8GtU = 0x232,
    /// <summary><c>i16x8.le_s</c></summary>
    I16x8LeS = 0x233,
    /// <summary><c>i16x8.le_u</c></summary>
    I16x8LeU = 0x234,
    /// <summary><c>i16x8.ge_s</c></summary>
    I16x8GeS = 0x235,
    /// <summary><c>i16x8.ge_u</c></summary>
    I16x8GeU = 0x236,
    /// <summary><c>i32x4.eq</c></summary>
    I32x4Eq = 0x237,
    /// <summary><c>i32x4.ne</c></summary>
    I32x4Ne = 0x238,
    /// <summary><c>i32x4.lt_s</c></summary>
    I32x4LtS = 0x239,
    /// <summary><c>i32x4.lt_u</c></summary>
    I32x4LtU = 0x23A,
    /// <summary><c>i32x4.gt_s</c></summary>
    I32x4GtS = 0x23B,
    /// <summary><c>i32x4.gt_u</c></summary>
    I32x4GtU = 0x23C,
    /// <summary><c>i32x4.le_s</c></summary>
    I32x4LeS = 0x23D,
    /// <summary><c>i32x4.le_u</c></summary>
    I32x4LeU = 0x23E,
    /// <summary><c>i32x4.ge_s</c></summary>
    I32x4GeS = 0x23F,
    /// <summary><c>i32x4.ge_u</c></summary>
    I32x4GeU = 0x240,
    /// <summary><c>f32x4.eq</c></summary>
    F32x4Eq = 0x241,
    /// <summary><c>f32x4.ne</c></summary>
    F32x4Ne = 0x242,
    /// <summary><c>f32x4.lt</c></summary>
    F32x4Lt = 0x243,
    /// <summary><c>f32x4.gt</c></summary>
    F32x4Gt = 0x244,
    /// <summary><c>f32x4.le</c></summary>
    F32x4Le = 0x245,
    /// <summary><c>f32x4.ge</c></summary>
    F32x4Ge = 0x246,
    /// <summary><c>f64x2.eq</c></summary>
    F64x2Eq = 0x247,
    /// <summary><c>f64x2.ne</c></summary>
    F64x2Ne = 0x248,
    /// <summary><c>f64x2.lt</c></summary>
    F64x2Lt = 0x249,
    /// <summary><c>f64x2.gt</c></summary>
    F64x2Gt = 0x24A,
    /// <summary><c>f64x2.le</c></summary>
    F64x2Le = 0x24B,
    /// <summary><c>f64x2.ge</c></summary>
    F64x2Ge = 0x24C,
    /// <summary><c>v128.not</c></summary>
    V128Not = 0x24D,
    /// <summary><c>v128.and</c></summary>
    V128And = 0x24E,
    /// <summary><c>v128.andnot</c></summary>
    V128Andnot = 0x24F,
    /// <summary><c>v128.or</c></summary>
    V128Or = 0x250,
    /// <summary><c>v128.xor</c></summary>
    V128Xor = 0x251,
    /// <summary><c>v128.bitselect</c></summary>
    V128Bitselect = 0x252,
    /// <summary><c>v128.any_true</c></summary>
    V128AnyTrue = 0x253,
    /// <summary><c>v128.load8_lane</c></summary>
    V128Load8Lane = 0x254,
    /// <summary><c>v128.load16_lane</c></summary>
    V128Load16Lane = 0x255,
    /// <summary><c>v128.load32_lane</c></summary>
    V128Load32Lane = 0x256,
    /// <summary><c>v128.load64_lane</c></summary>
    V128Load64Lane = 0x257,
    /// <summary><c>v128.store8_lane</c></summary>
    V128Store8Lane = 0x258,
    /// <summary><c>v128.store16_lane</c></summary>
    V128Store16Lane = 0x259,
    /// <summary><c>v128.store32_lane</c></summary>
    V128Store32Lane = 0x25A,
    /// <summary><c>v128.store64_lane</c></summary>
    V128Store64Lane = 0x25B,
    /// <summary><c>v128.load32_zero</c></summary>
    V128Load32Zero = 0x25C,
    /// <summary><c>v128.load64_zero</c></summary>
    V128Load64Zero = 0x25D,
    /// <summary><c>f32x4.demote_f64x2_zero</c></summary>
    F32x4DemoteF64x2Zero = 0x25E,
    /// <summary><c>f64x2.promote_low_f32x4</c></summary>
    F64x2PromoteLowF32x4 = 0x25F,
    /// <summary><c>i8x16.abs</c></summary>
    I8x16Abs = 0x260,
    /// <summary><c>i8x16.neg</c></summary>
    I8x16Neg = 0x261,
    /// <summary><c>i8x16.popcnt</c></summary>
    I8x16Popcnt = 0x262,
    /// <summary><c>i8x16.all_true</c></summary>
    I8x16AllTrue = 0x263,
    /// <summary><c>i8x16.bitmask</c></summary>
    I8x16Bitmask = 0x264,
    /// <summary><c>i8x16.narrow_i16x8_s</c></summary>
    I8x16NarrowI16x8S = 0x265,
    /// <summary><c>i8x16.narrow_i16x8_u</c></summary>
    I8x16NarrowI16x8U = 0x266,
    /// <summary><c>f32x4.ceil</c></summary>
    F32x4Ceil = 0x267,
    /// <summary><c>f32x4.floor</c></summary>
    F32x4Floor = 0x268,
    /// <summary><c>f32x4.trunc</c></summary>
    F32x4Trunc = 0x269,
    /// <summary><c>f32x4.nearest</c></summary>
    F32x4Nearest = 0x26A,
    /// <summary><c>i8x16.shl</c></summary>
    I8x16Shl = 0x26B,
    /// <summary><c>i8x16.shr_s</c></summary>
    I8x16ShrS = 0x26C,
    /// <summary><c>i8x16.shr_u</c></summary>
    I8x16ShrU = 0x26D,
    /// <summary><c>i8x16.add</c></summary>
    I8x16Add = 0x26E,
    /// <summary><c>i8x16.add_sat_s</c></summary>
    I8x16AddSatS = 0x26F,
    /// <summary><c>i8x16.add_sat_u</c></summary>
    I8x16AddSatU = 0x270,
    /// <summary><c>i8x16.sub</c></summary>
    I8x16Sub = 0x271,
    /// <summary><c>i8x16.sub_sat_s</c></summary>
    I8x16SubSatS = 0x272,
    /// <summary><c>i8x16.sub_sat_u</c></summary>
    I8x16SubSatU = 0x273,
    /// <summary><c>f64x2.ceil</c></summary>
    F64x2Ceil = 0x274,
    /// <summary><c>f64x2.floor</c></summary>
    F64x2Floor = 0x275,
    /// <summary><c>i8x16.min_s</c></summary>
    I8x16MinS = 0x276,
    /// <summary><c>i8x16.min_u</c></summary>
    I8x16MinU = 0x277,
    /// <summary><c>i8x16.max_s</c></summary>
    I8x16MaxS = 0x278,
    /// <summary><c>i8x16.max_u</c></summary>
    I8x16MaxU = 0x279,
    /// <summary><c>f64x2.trunc</c></summary>
    F64x2Trunc = 0x27A,
    /// <summary><c>i8x16.avgr_u</c></summary>
    I8x16AvgrU = 0x27B,
    /// <summary><c>i16x8.extadd_pairwise_i8x16_s</c></summary>
    I16x8ExtaddPairwiseI8x16S = 0x27C,
    /// <summary><c>i16x8.extadd_pairwise_i8x16_u</c></summary>
    I16x8ExtaddPairwiseI8x16U = 0x27D,
    /// <summary><c>i32x4.extadd_pairwise_i16x8_s</c></summary>
    I32x4ExtaddPairwiseI16x8S = 0x27E,
    /// <summary><c>i32x4.extadd_pairwise_i16x8_u</c></summary>
    I32x4ExtaddPairwiseI16x8U = 0x27F,
    /// <summary><c>i16x8.abs</c></summary>
    I16x8Abs = 0x280,
    /// <summary><c>i16x8.neg</c></summary>
    I16x8Neg = 0x281,
    /// <summary><c>i16x8.q15mulr_sat_s</c></summary>
    I16x8Q15mulrSatS = 0x282,
    /// <summary><c>i16x8.all_true</c></summary>
    I16x8AllTrue = 0x283,
    /// <summary><c>i16x8.bitmask</c></summary>
    I16x8Bitmask = 0x284,
    /// <summary><c>i16x8.narrow_i32x4_s</c></summary>
    I16x8NarrowI32x4S = 0x285,
    /// <summary><c>i16x8.narrow_i32x4_u</c></summary>
    I16x8NarrowI32x4U = 0x286,
    /// <summary><c>i16x8.extend_low_i8x16_s</c></summary>
    I16x8ExtendLowI8x16S = 0x287,
    /// <summary><c>i16x8.extend_high_i8x16_s</c></summary>
    I16x8ExtendHighI8x16S = 0x288,
    /// <summary><c>i16x8.extend_low_i8x16_u</c></summary>
    I16x8ExtendLowI8x16U = 0x289,
    /// <summary><c>i16x8.extend_high_i8x16_u</c></summary>
    I16x8ExtendHighI8x16U = 0x28A,
    /// <summary><c>i16x8.shl</c></summary>
    I16x8Shl = 0x28B,
    /// <summary><c>i16x8.shr_s</c></summary>
    I16x8ShrS = 0x28C,
    /// <summary><c>i16x8.shr_u</c></summary>
    I16x8ShrU = 0x28D,
    /// <summary><c>i16x8.add</c></summary>
    I16x8Add = 0x28E,
    /// <summary><c>i16x8.add_sat_s</c></summary>
    I16x8AddSatS = 0x28F,
    /// <summary><c>i16x8.add_sat_u</c></summary>
    I16x8AddSatU = 0x290,
    /// <summary><c>i16x8.sub</c></summary>
    I16x8Sub = 0x291,
    /// <summary><c>i16x8.sub_sat_s</c></summary>
    I16x8SubSatS = 0x292,
    /// <summary><c>i16x8.sub_sat_u</c></summary>
    I16x8SubSatU = 0x293,
    /// <summary><c>f64x2.nearest</c></summary>
    F64x2Nearest = 0x294,
    /// <summary><c>i16x8.mul</c></summary>
    I16x8Mul = 0x295,
    /// <summary><c>i16x8.min_s</c></summary>
    I16x8MinS = 0x296,
    /// <summary><c>i16x8.min_u</c></summary>
    I16x8MinU = 0x297,
    /// <summary><c>i16x8.max_s</c></summary>
    I16x8MaxS = 0x298,
    /// <summary><c>i16x8.max_u</c></summary>
    I16x8MaxU = 0x299,
    /// <summary><c>i16x8.avgr_u</c></summary>
    I16x8AvgrU = 0x29B,
    /// <summary><c>i16x8.extmul_low_i8x16_s</c></summary>
    I16x8ExtmulLowI8x16S = 0x29C,
    /// <summary><c>i16x8.extmul_high_i8x16_s</c></summary>
    I16x8ExtmulHighI8x16S = 0x29D,
    /// <summary><c>i16x8.extmul_low_i8x16_u</c></summary>
    I16x8ExtmulLowI8x16U = 0x29E,
    /// <summary><c>i16x8.extmul_high_i8x16_u</c></summary>
    I16x8ExtmulHighI8x16U = 0x29F,
    /// <summary><c>i32x4.abs</c></summary>
    I32x4Abs = 0x2A0,
    /// <summary><c>i32x4.neg</c></summary>
    I32x4Neg = 0x2A1,
    /// <summary><c>i32x4.all_true</c></summary>
    I32x4AllTrue = 0x2A3,
    /// <summary><c>i32x4.bitmask</c></summary>
    I32x4Bitmask = 0x2A4,
    /// <summary><c>i32x4.extend_low_i16x8_s</c></summary>
    I32x4ExtendLowI16x8S = 0x2A7,
    /// <summary><c>i32x4.extend_high_i16x8_s</c></summary>
    I32x4ExtendHighI16x8S = 0x2A8,
    /// <summary><c>i32x4.extend_low_i16x8_u</c></summary>
    I32x4ExtendLowI16x8U = 0x2A9,
    /// <summary><c>i32x4.extend_high_i16x8_u</c></summary>
    I32x4ExtendHighI16x8U = 0x2AA,
    /// <summary><c>i32x4.shl</c></summary>
    I32x4Shl = 0x2AB,
    /// <summary><c>i32x4.shr_s</c></summary>
    I32x4ShrS = 0x2AC,
    /// <summary><c>i32x4.shr_u</c></summary>
    I32x4ShrU = 0x2AD,
    /// <summary><c>i32x4.add</c></summary>
    I32x4Add = 0x2AE,
    /// <summary><c>i32x4.sub</c></summary>
    I32x4Sub = 0x2B1,
    /// <summary><c>i32x4.mul</c></summary>
    I32x4Mul = 0x2B5,
    /// <summary><c>i32x4.min_s</c></summary>
    I32x4MinS = 0x2B6,
    /// <summary><c>i32x4.min_u</c></summary>
    I32x4MinU = 0x2B7,
    /// <summary><c>i32x4.max_s</c></summary>
    I32x4MaxS = 0x2B8,
    /// <summary><c>i32x4.max_u</c></summary>
    I32x4MaxU = 0x2B9,
    /// <summary><c>i32x4.dot_i16x8_s</c></summary>
    I32x4DotI16x8S = 0x2BA,
    /// <summary><c>i32x4.extmul_low_i16x8_s</c></summary>
    I32x4ExtmulLowI16x8S = 0x2BC,
    /// <summary><c>i32x4.extmul_high_i16x8_s</c></summary>
    I32x4ExtmulHighI16x8S = 0x2BD,
    /// <summary><c>i32x4.extmul_low_i16x8_u</c></summary>
    I32x4ExtmulLowI16x8U = 0x2BE,
    /// <summary><c>i32x4.extmul_high_i16x8_u</c></summary>
    I32x4ExtmulHighI16x8U = 0x2BF,
    /// <summary><c>i64x2.abs</c></summary>
    I64x2Abs = 0x2C0,
    /// <summary><c>i64x2.neg</c></summary>
    I64x2Neg = 0x2C1,
    /// <summary><c>i64x2.all_true</c></summary>
    I64x2AllTrue = 0x2C3,
    /// <summary><c>i64x2.bitmask</c></summary>
    I64x2Bitmask = 0x2C4,
    /// <summary><c>i64x2.extend_low_i32x4_s</c></summary>
    I64x2ExtendLowI32x4S = 0x2C7,
    /// <summary><c>i64x2.extend_high_i32x4_s</c></summary>
    I64x2ExtendHighI32x4S = 0x2C8,
    /// <summary><c>i64x2.extend_low_i32x4_u</c></summary>
    I64x2ExtendLowI32x4U = 0x2C9,
    /// <summary><c>i64x2.extend_high_i32x4_u</c></summary>
    I64x2ExtendHighI32x4U = 0x2CA,
    /// <summary><c>i64x2.shl</c></summary>
    I64x2Shl = 0x2CB,
    /// <summary><c>i64x2.shr_s</c></summary>
    I64x2ShrS = 0x2CC,
    /// <summary><c>i64x2.shr_u</c></summary>
    I64x2ShrU = 0x2CD,
    /// <summary><c>i64x2.add</c></summary>
    I64x2Add = 0x2CE,
    /// <summary><c>i64x2.sub</c></summary>
    I64x2Sub = 0x2D1,
    /// <summary><c>i64x2.mul</c></summary>
    I64x2Mul = 0x2D5,
    /// <summary><c>i64x2.eq</c></summary>
    I64x2Eq = 0x2D6,
    /// <summary><c>i64x2.ne</c></summary>
    I64x2Ne = 0x2D7,
    /// <summary><c>i64x2.lt_s</c></summary>
    I64x2LtS = 0x2D8,
    /// <summary><c>i64x2.gt_s</c></summary>
    I64x2GtS = 0x2D9,
    /// <summary><c>i64x2.le_s</c></summary>
    I64x2LeS = 0x2DA,
    /// <summary><c>i64x2.ge_s</c></summary>
    I64x2GeS = 0x2DB,
    /// <summary><c>i64x2.extmul_low_i32x4_s</c></summary>
    I64x2ExtmulLowI32x4S = 0x2DC,
    /// <summary><c>i64x2.extmul_high_i32x4_s</c></summary>
    I64x2ExtmulHighI32x4S = 0x2DD,
    /// <summary><c>i64x2.extmul_low_i32x4_u</c></summary>
    I64x2ExtmulLowI32x4U = 0x2DE,
    /// <summary><c>i64x2.extmul_high_i32x4_u</c></summary>
    I64x2ExtmulHighI32x4U = 0x2DF,
    /// <summary><c>f32x4.abs</c></summary>
    F32x4Abs = 0x2E0,
    /// <summary><c>f32x4.neg</c></summary>
    F32x4Neg = 0x2E1,
    /// <summary><c>f32x4.sqrt</c></summary>
    F32x4Sqrt = 0x2E3,
    /// <summary><c>f32x4.add</c></summary>
    F32x4Add = 0x2E4,
    /// <summary><c>f32x4.sub</c></summary>
    F32x4Sub = 0x2E5,
    /// <summary><c>f32x4.mul</c></summary>
    F32x4Mul = 0x2E6,
    /// <summary><c>f32x4.div</c></summary>
    F32x4Div = 0x2E7,
    /// <summary><c>f32x4.min</c></summary>
    F32x4Min = 0x2E8,
    /// <summary><c>f32x4.max</c></summary>
    F32x4Max = 0x2E9,
    /// <summary><c>f32x4.pmin</c></summary>
    F32x4Pmin = 0x2EA,
    /// <summary><c>f32x4.pmax</c></summary>
    F32x4Pmax = 0x2EB,
    /// <summary><c>f64x2.abs</c></summary>
    F64x2Abs = 0x2EC,
    /// <summary><c>f64x2.neg</c></summary>
    F64x2Neg = 0x2ED,
    /// <summary><c>f64x2.sqrt</c></summary>
    F64x2Sqrt = 0x2EF,
    /// <summary><c>f64x2.add</c></summary>
    F64x2Add = 0x2F0,
    /// <summary><c>f64x2.sub</c></summary>
    F64x2Sub = 0x2F1,
    /// <summary><c>f64x2.mul</c></summary>
    F64x2Mul = 0x2F2,
    /// <summary><c>f64x2.div</c></summary>
    F64x2Div = 0x2F3,
    /// <summary><c>f64x2.min</c></summary>
    F64x2Min = 0x2F4,
    /// <summary><c>f64x2.max</c></summary>
    F64x2Max = 0x2F5,
    /// <summary><c>f64x2.pmin</c></summary>
    F64x2Pmin = 0x2F6,
    /// <summary><c>f64x2.pmax</c></summary>
    F64x2Pmax = 0x2F7,
    /// <summary><c>i32x4.trunc_sat_f32x4_s</c></summary>
    I32x4TruncSatF32x4S = 0x2F8,
    /// <summary><c>i32x4.trunc_sat_f32x4_u</c></summary>
    I32x4TruncSatF32x4U = 0x2F9,
    /// <summary><c>f32x4.convert_i32x4_s</c></summary>
    F32x4ConvertI32x4S = 0x2FA,
    /// <summary><c>f32x4.convert_i32x4_u</c></summary>
    F32x4ConvertI32x4U = 0x2FB,
    /// <summary><c>i32x4.trunc_sat_f64x2_s_zero</c></summary>
    I32x4TruncSatF64x2SZero = 0x2FC,
    /// <summary><c>i32x4.trunc_sat_f64x2_u_zero</c></summary>
    I32x4TruncSatF64x2UZero = 0x2FD,
    /// <summary><c>f64x2.convert_low_i32x4_s</c></summary>
    F64x2ConvertLowI32x4S = 0x2FE,
    /// <summary><c>f64x2.convert_low_i32x4_u</c></summary>
    F64x2ConvertLowI32x4U = 0x2FF,
    /// <summary><c>i8x16.relaxed_swizzle</c></summary>
    I8x16RelaxedSwizzle = 0x300,
    /// <summary><c>i32x4.relaxed_trunc_f32x4_s</c></summary>
    I32x4RelaxedTruncF32x4S = 0x301,
    /// <summary><c>i32x4.relaxed_trunc_f32x4_u</c></summary>
    I32x4RelaxedTruncF32x4U = 0x302,
    /// <summary><c>i32x4.relaxed_trunc_f64x2_s_zero</c></summary>
    I32x4RelaxedTruncF64x2SZero = 0x303,
    /// <summary><c>i32x4.relaxed_trunc_f64x2_u_zero</c></summary>
    I32x4RelaxedTruncF64x2UZero = 0x304,
    /// <summary><c>f32x4.relaxed_madd</c></summary>
    F32x4RelaxedMadd = 0x305,
    /// <summary><c>f32x4.relaxed_nmadd</c></summary>
    F32x4RelaxedNmadd = 0x306,
    /// <summary><c>f64x2.relaxed_madd</c></summary>
    F64x2RelaxedMadd = 0x307,
    /// <summary><c>f64x2.relaxed_nmadd</c></summary>
    F64x2RelaxedNmadd = 0x308,
    /// <summary><c>i8x16.relaxed_laneselect</c></summary>
    I8x16RelaxedLaneselect = 0x309,
    /// <summary><c>i16x8.relaxed_laneselect</c></summary>
    I16x8RelaxedLaneselect = 0x30A,
    /// <summary><c>i32x4.relaxed_laneselect</c></summary>
    I32x4RelaxedLaneselect = 0x30B,
    /// <summary><c>i64x2.relaxed_laneselect</c></summary>
    I64x2RelaxedLaneselect = 0x30C,
    /// <summary><c>f32x4.relaxed_min</c></summary>
    F32x4RelaxedMin = 0x30D,
    /// <summary><c>f32x4.relaxed_max</c></summary>
    F32x4RelaxedMax = 0x30E,
    /// <summary><c>f64x2.relaxed_min</c></summary>
    F64x2RelaxedMin = 0x30F,
    /// <summary><c>f64x2.relaxed_max</c></summary>
    F64x2RelaxedMax = 0x310,
    /// <summary><c>i16x8.relaxed_q15mulr_s</c></summary>
    I16x8RelaxedQ15mulrS = 0x311,
    /// <summary><c>i16x8.relaxed_dot_i8x16_i7x16_s</c></summary>
    I16x8RelaxedDotI8x16I7x16S = 0x312,
    /// <summary><c>i32x4.relaxed_dot_i8x16_i7x16_add_s</c></summary>
    I32x4RelaxedDotI8x16I7x16AddS = 0x313,
    /// <summary><c>struct.new</c> (GC)</summary>
    StructNew = 0x320,
    /// <summary><c>struct.new_default</c> (GC)</summary>
    StructNewDefault = 0x321,
    /// <summary><c>struct.get</c> (GC)</summary>
    StructGet = 0x322,
    /// <summary><c>struct.get_s</c> (GC)</summary>
    StructGetS = 0x323,
    /// <summary><c>struct.get_u</c> (GC)</summary>
    StructGetU = 0x324,
    /// <summary><c>struct.set</c> (GC)</summary>
    StructSet = 0x325,
    /// <summary><c>array.new</c> (GC)</summary>
    ArrayNew = 0x326,
    /// <summary><c>array.new_default</c> (GC)</summary>
    ArrayNewDefault = 0x327,
    /// <summary><c>array.new_fixed</c> (GC)</summary>
    ArrayNewFixed = 0x328,
    /// <summary><c>array.new_data</c> (GC)</summary>
    ArrayNewData = 0x329,
    /// <summary><c>array.new_elem</c> (GC)</summary>
    ArrayNewElem = 0x32A,
    /// <summary><c>array.get</c> (GC)</summary>
    ArrayGet = 0x32B,
    /// <summary><c>array.get_s</c> (GC)</summary>
    ArrayGetS = 0x32C,
    /// <summary><c>array.get_u</c> (GC)</summary>
    ArrayGetU = 0x32D,
    /// <summary><c>array.set</c> (GC)</summary>
    ArraySet = 0x32E,
    /// <summary><c>array.len</c> (GC)</summary>
    ArrayLen = 0x32F,
    /// <summary><c>array.fill</c> (GC)</summary>
    ArrayFill = 0x330,
    /// <summary><c>array.copy</c> (GC)</summary>
    ArrayCopy = 0x331,
    /// <summary><c>array.init_data</c> (GC)</summary>
    ArrayInitData = 0x332,
    /// <summary><c>array.init_elem</c> (GC)</summary>
    ArrayInitElem = 0x333,
    /// <summary><c>ref.test</c> (GC)</summary>
    RefTest = 0x334,
    /// <summary><c>ref.test null</c> (GC)</summary>
    RefTestNull = 0x335,
    /// <summary><c>ref.cast</c> (GC)</summary>
    RefCast = 0x336,
    /// <summary><c>ref.cast null</c> (GC)</summary>
    RefCastNull = 0x337,
    /// <summary><c>br_on_cast</c> (GC)</summary>
    BrOnCast = 0x338,
    /// <summary><c>br_on_cast_fail</c> (GC)</summary>
    BrOnCastFail = 0x339,
    /// <summary><c>any.convert_extern</c> (GC)</summary>
    AnyConvertExtern = 0x33A,
    /// <summary><c>extern.convert_any</c> (GC)</summary>
    ExternConvertAny = 0x33B,
    /// <summary><c>ref.i31</c> (GC)</summary>
    RefI31 = 0x33C,
    /// <summary><c>i31.get_s</c> (GC)</summary>
    I31GetS = 0x33D,
    /// <summary><c>i31.get_u</c> (GC)</summary>
    I31GetU = 0x33E,
    /// <summary><c>atomic.fence</c> (threads)</summary>
    AtomicFence = 0x343,
    /// <summary><c>memory.atomic.notify</c> (threads)</summary>
    MemoryAtomicNotify = 0x340,
    /// <summary><c>memory.atomic.wait32</c> (threads)</summary>
    MemoryAtomicWait32 = 0x341,
    /// <summary><c>memory.atomic.wait64</c> (threads)</summary>
    MemoryAtomicWait64 = 0x342,
    /// <summary><c>i32.atomic.load</c> (threads)</summary>
    I32AtomicLoad = 0x350,
    /// <summary><c>i64.atomic.load</c> (threads)</summary>
    I64AtomicLoad = 0x351,
    /// <summary><c>i32.atomic.load8_u</c> (threads)</summary>
    I32AtomicLoad8U = 0x352,
    /// <summary><c>i32.atomic.load16_u</c> (threads)</summary>
    I32AtomicLoad16U = 0x353,
    /// <summary><c>i64.atomic.load8_u</c> (threads)</summary>
    I64AtomicLoad8U = 0x354,
    /// <summary><c>i64.atomic.load16_u</c> (threads)</summary>
    I64AtomicLoad16U = 0x355,
    /// <summary><c>i64.atomic.load32_u</c> (threads)</summary>
    I64AtomicLoad32U = 0x356,
    /// <summary><c>i32.atomic.store</c> (threads)</summary>
    I32AtomicStore = 0x357,
    /// <summary><c>i64.atomic.store</c> (threads)</summary>
    I64AtomicStore = 0x358,
    /// <summary><c>i32.atomic.store8</c> (threads)</summary>
    I32AtomicStore8 = 0x359,
    /// <summary><c>i32.atomic.store16</c> (threads)</summary>
    I32AtomicStore16 = 0x35A,
    /// <summary><c>i64.atomic.store8</c> (threads)</summary>
    I64AtomicStore8 = 0x35B,
    /// <summary><c>i64.atomic.store16</c> (threads)</summary>
    I64AtomicStore16 = 0x35C,
    /// <summary><c>i64.atomic.store32</c> (threads)</summary>
    I64AtomicStore32 = 0x35D,
    /// <summary><c>i32.atomic.rmw.add</c> (threads)</summary>
    I32AtomicRmwAdd = 0x35E,
    /// <summary><c>i64.atomic.rmw.add</c> (threads)</summary>
    I64AtomicRmwAdd = 0x35F,
    /// <summary><c>i32.atomic.rmw8.add_u</c> (threads)</summary>
    I32AtomicRmw8AddU = 0x360,
    /// <summary><c>i32.atomic.rmw16.add_u</c> (threads)</summary>
    I32AtomicRmw16AddU = 0x361,
    /// <summary><c>i64.atomic.rmw8.add_u</c> (threads)</summary>
    I64AtomicRmw8AddU = 0x362,
    /// <summary><c>i64.atomic.rmw16.add_u</c> (threads)</summary>
    I64AtomicRmw16AddU = 0x363,
    /// <summary><c>i64.atomic.rmw32.add_u</c> (threads)</summary>
    I64AtomicRmw32AddU = 0x364,
    /// <summary><c>i32.atomic.rmw.sub</c> (threads)</summary>
    I32AtomicRmwSub = 0x365,
    /// <summary><c>i64.atomic.rmw.sub</c> (threads)</summary>
    I64AtomicRmwSub = 0x366,
    /// <summary><c>i32.atomic.rmw8.sub_u</c> (threads)</summary>
    I32AtomicRmw8SubU = 0x367,
    /// <summary><c>i32.atomic.rmw16.sub_u</c> (threads)</summary>
    I32AtomicRmw16SubU = 0x368,
    /// <summary><c>i64.atomic.rmw8.sub_u</c> (threads)</summary>
    I64AtomicRmw8SubU = 0x369,
    /// <summary><c>i64.atomic.rmw16.sub_u</c> (threads)</summary>
    I64AtomicRmw16SubU = 0x36A,
    /// <summary><c>i64.atomic.rmw32.sub_u</c> (threads)</summary>
    I64AtomicRmw32SubU = 0x36B,
    /// <summary><c>i32.atomic.rmw.and</c> (threads)</summary>
    I32AtomicRmwAnd = 0x36C,
    /// <summary><c>i64.atomic.rmw.and</c> (threads)</summary>
    I64AtomicRmwAnd = 0x36D,
    /// <summary><c>i32.atomic.rmw8.and_u</c> (threads)</summary>
    I32AtomicRmw8AndU = 0x36E,
    /// <summary><c>i32.atomic.rmw16.and_u</c> (threads)</summary>
    I32AtomicRmw16AndU = 0x36F,
    /// <summary><c>i64.atomic.rmw8.and_u</c> (threads)</summary>
    I64AtomicRmw8AndU = 0x370,
    /// <summary><c>i64.atomic.rmw16.and_u</c> (threads)</summary>
    I64AtomicRmw16AndU = 0x371,
    /// <summary><c>i64.atomic.rmw32.and_u</c> (threads)</summary>
    I64AtomicRmw32AndU = 0x372,
    /// <summary><c>i32.atomic.rmw.or</c> (threads)</summary>
    I32AtomicRmwOr = 0x373,
    /// <summary><c>i64.atomic.rmw.or</c> (threads)</summary>
    I64AtomicRmwOr = 0x374,
    /// <summary><c>i32.atomic.rmw8.or_u</c> (threads)</summary>
    I32AtomicRmw8OrU = 0x375,
    /// <summary><c>i32.atomic.rmw16.or_u</c> (threads)</summary>
    I32AtomicRmw16OrU = 0x376,
    /// <summary><c>i64.atomic.rmw8.or_u</c> (threads)</summary>
    I64AtomicRmw8OrU = 0x377,
    /// <summary><c>i64.atomic.rmw16.or_u</c> (threads)</summary>
    I64AtomicRmw16OrU = 0x378,
    /// <summary><c>i64.atomic.rmw32.or_u</c> (threads)</summary>
    I64AtomicRmw32OrU = 0x379,
    /// <summary><c>i32.atomic.rmw.xor</c> (threads)</summary>
    I32AtomicRmwXor = 0x37A,
    /// <summary><c>i64.atomic.rmw.xor</c> (threads)</summary>
    I64AtomicRmwXor = 0x37B,
    /// <summary><c>i32.atomic.rmw8.xor_u</c> (threads)</summary>
    I32AtomicRmw8XorU = 0x37C,
    /// <summary><c>i32.atomic.rmw16.xor_u</c> (threads)</summary>
    I32AtomicRmw16XorU = 0x37D,
    /// <summary><c>i64.atomic.rmw8.xor_u</c> (threads)</summary>
    I64AtomicRmw8XorU = 0x37E,
    /// <summary><c>i64.atomic.rmw16.xor_u</c> (threads)</summary>
    I64AtomicRmw16XorU = 0x37F,
    /// <summary><c>i64.atomic.rmw32.xor_u</c> (threads)</summary>
    I64AtomicRmw32XorU = 0x380,
    /// <summary><c>i32.atomic.rmw.xchg</c> (threads)</summary>
    I32AtomicRmwXchg = 0x381,
    /// <summary><c>i64.atomic.rmw.xchg</c> (threads)</summary>
    I64AtomicRmwXchg = 0x382,
    /// <summary><c>i32.atomic.rmw8.xchg_u</c> (threads)</summary>
    I32AtomicRmw8XchgU = 0x383,
    /// <summary><c>i32.atomic.rmw16.xchg_u</c> (threads)</summary>
    I32AtomicRmw16XchgU = 0x384,
    /// <summary><c>i64.atomic.rmw8.xchg_u</c> (threads)</summary>
    I64AtomicRmw8XchgU = 0x385,
    /// <summary><c>i64.atomic.rmw16.xchg_u</c> (threads)</summary>
    I64AtomicRmw16XchgU = 0x386,
    /// <summary><c>i64.atomic.rmw32.xchg_u</c> (threads)</summary>
    I64AtomicRmw32XchgU = 0x387,
    /// <summary><c>i32.atomic.rmw.cmpxchg</c> (threads)</summary>
    I32AtomicRmwCmpxchg = 0x388,
    /// <summary><c>i64.atomic.rmw.cmpxchg</c> (threads)</summary>
    I64AtomicRmwCmpxchg = 0x389,
    /// <summary><c>i32.atomic.rmw8.cmpxchg_u</c> (threads)</summary>
    I32AtomicRmw8CmpxchgU = 0x38A,
    /// <summary><c>i32.atomic.rmw16.cmpxchg_u</c> (threads)</summary>
    I32AtomicRmw16CmpxchgU = 0x38B,
    /// <summary><c>i64.atomic.rmw8.cmpxchg_u</c> (threads)</summary>
    I64AtomicRmw8CmpxchgU = 0x38C,
    /// <summary><c>i64.atomic.rmw16.cmpxchg_u</c> (threads)</summary>
    I64AtomicRmw16CmpxchgU = 0x38D,
    /// <summary><c>i64.atomic.rmw32.cmpxchg_u</c> (threads)</summary>
    I64AtomicRmw32CmpxchgU = 0x38E,
}
