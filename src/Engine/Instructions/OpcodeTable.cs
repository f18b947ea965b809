namespace Wasm.Instructions;

/// <summary>What follows an opcode in the binary format (and what the text format spells after its mnemonic).</summary>
internal enum Immediate : byte
{
    /// <summary>Nothing.</summary>
    None,
    /// <summary>A block type: empty, one value type, or a type index.</summary>
    Block,
    /// <summary>A label index (branch depth).</summary>
    Label,
    /// <summary>A vector of label indices and a default label.</summary>
    BrTable,
    /// <summary>A function index.</summary>
    Func,
    /// <summary>A type index (<c>call_ref</c>).</summary>
    Type,
    /// <summary>A tag index (<c>throw</c>).</summary>
    Tag,
    /// <summary>A block type then a vector of catch clauses (<c>try_table</c>).</summary>
    TryTable,
    /// <summary>A type index then a table index.</summary>
    CallIndirect,
    /// <summary>A vector of value types (typed <c>select</c>).</summary>
    SelectTypes,
    /// <summary>A local index.</summary>
    Local,
    /// <summary>A global index.</summary>
    Global,
    /// <summary>A table index.</summary>
    Table,
    /// <summary>Alignment exponent, offset, and (multi-memory) memory index.</summary>
    MemArg,
    /// <summary>A memory index (a zero byte before multi-memory).</summary>
    Memory,
    /// <summary>A signed 32-bit LEB128 constant.</summary>
    I32,
    /// <summary>A signed 64-bit LEB128 constant.</summary>
    I64,
    /// <summary>Four little-endian bytes of an IEEE 754 single.</summary>
    F32,
    /// <summary>Eight little-endian bytes of an IEEE 754 double.</summary>
    F64,
    /// <summary>A heap type (<c>ref.null</c>).</summary>
    HeapType,
    /// <summary>A data segment index then a memory index.</summary>
    MemoryInit,
    /// <summary>A data segment index.</summary>
    Data,
    /// <summary>Destination then source memory index.</summary>
    MemoryCopy,
    /// <summary>An element segment index then a table index.</summary>
    TableInit,
    /// <summary>An element segment index.</summary>
    Elem,
    /// <summary>Destination then source table index.</summary>
    TableCopy,
    /// <summary>Sixteen bytes: a <c>v128.const</c>.</summary>
    V128,
    /// <summary>Sixteen lane indices (each below 32) of <c>i8x16.shuffle</c>.</summary>
    Shuffle,
    /// <summary>One lane index byte.</summary>
    Lane,
    /// <summary>A memory argument then a lane index byte (<c>v128.loadN_lane</c>, <c>v128.storeN_lane</c>).</summary>
    MemArgLane,
    /// <summary>A type index then a field index (<c>struct.get</c>).</summary>
    TypeField,
    /// <summary>A type index then a count (<c>array.new_fixed</c>).</summary>
    TypeCount,
    /// <summary>A type index then a data segment index.</summary>
    TypeData,
    /// <summary>A type index then an element segment index.</summary>
    TypeElem,
    /// <summary>Destination then source array type index (<c>array.copy</c>).</summary>
    TypeType,
    /// <summary>A heap type, the nullability given by the opcode (<c>ref.test</c>, <c>ref.cast</c>).</summary>
    CastType,
    /// <summary>Nullability flags, a label, then two heap types (<c>br_on_cast</c>).</summary>
    BrOnCast,
    /// <summary>One byte that must be zero and has no text form (<c>atomic.fence</c>).</summary>
    Reserved,
}

/// <summary>One row of the opcode table.</summary>
/// <param name="Op">The opcode.</param>
/// <param name="Name">The text-format mnemonic.</param>
/// <param name="Immediate">What follows the opcode.</param>
/// <param name="Params">Operand types for instructions with a fixed signature (numeric, memory); else null.</param>
/// <param name="Results">Result types for instructions with a fixed signature; else null.</param>
internal sealed record OpcodeInfo(Opcode Op, string Name, Immediate Immediate, ValType[]? Params, ValType[]? Results)
{
    /// <summary>True when validation is fully described by <see cref="Params"/> and <see cref="Results"/>.</summary>
    public bool HasFixedSignature => Params is not null;

    /// <summary>The binary prefix byte (0 when single-byte).</summary>
    public byte Prefix => (ushort)Op switch { < 0x100 => 0, < 0x200 => 0xFC, < OpcodeTable.GcBase => 0xFD, < OpcodeTable.AtomicBase => 0xFB, _ => 0xFE };

    /// <summary>The byte after the prefix (or the only byte).</summary>
    public uint Code => (ushort)Op switch
    {
        < 0x100 => (uint)Op,
        < 0x200 => (uint)Op - 0x100,
        < OpcodeTable.GcBase => (uint)Op - 0x200,
        < OpcodeTable.AtomicBase => (uint)Op - OpcodeTable.GcBase,
        _ => (uint)Op - OpcodeTable.AtomicBase,
    };

    /// <summary>True for a <c>0xFD</c>-prefixed (SIMD) instruction.</summary>
    public bool IsSimd => (ushort)Op is >= 0x200 and < OpcodeTable.GcBase;

    /// <summary>True for a <c>0xFB</c>-prefixed (GC) instruction.</summary>
    public bool IsGc => (ushort)Op is >= OpcodeTable.GcBase and < OpcodeTable.AtomicBase;

    /// <summary>True for a <c>0xFE</c>-prefixed (threads) instruction.</summary>
    public bool IsAtomic => (ushort)Op >= OpcodeTable.AtomicBase;
}

/// <summary>
/// The one table of instructions: the decoder, the validator, the text parser and the compiler all read it, so
/// adding an instruction with a fixed signature is one row here plus its code generation.
/// </summary>
internal static partial class OpcodeTable
{
    /// <summary>The dense number of the first <c>0xFB</c>-prefixed (GC) opcode.</summary>
    public const ushort GcBase = 0x320;

    /// <summary>The dense number of the first <c>0xFE</c>-prefixed (threads) opcode.</summary>
    public const ushort AtomicBase = 0x340;

    private static readonly OpcodeInfo?[] ByOpcode = new OpcodeInfo?[AtomicBase + 0x50];
    private static readonly Dictionary<string, OpcodeInfo> ByName = new(StringComparer.Ordinal);

    /// <summary>Looks up a dense opcode.</summary>
    public static OpcodeInfo? Get(Opcode op) => (ushort)op < ByOpcode.Length ? ByOpcode[(ushort)op] : null;

    /// <summary>Looks up a single-byte opcode from the binary format.</summary>
    public static OpcodeInfo? FromByte(byte code) => ByOpcode[code];

    /// <summary>Looks up a <c>0xFC</c>-prefixed opcode from the binary format.</summary>
    public static OpcodeInfo? FromPrefixFC(uint sub) => sub < 0x100 ? ByOpcode[0x100 + sub] : null;

    /// <summary>Looks up a <c>0xFD</c>-prefixed (SIMD) opcode from the binary format.</summary>
    public static OpcodeInfo? FromPrefixFD(uint sub) => sub < 0x120 ? ByOpcode[0x200 + sub] : null;

    /// <summary>Looks up a <c>0xFB</c>-prefixed (GC) opcode from the binary format.</summary>
    public static OpcodeInfo? FromPrefixFB(uint sub) => sub < 0x20 ? ByOpcode[GcBase + sub] : null;

    /// <summary>Looks up a <c>0xFE</c>-prefixed (threads) opcode from the binary format.</summary>
    public static OpcodeInfo? FromPrefixFE(uint sub) => sub < 0x50 ? ByOpcode[AtomicBase + sub] : null;

    /// <summary>Looks up a text-format mnemonic.</summary>
    public static OpcodeInfo? FromName(string name) => ByName.GetValueOrDefault(name);

    /// <summary>All known instructions.</summary>
    public static IEnumerable<OpcodeInfo> All
    {
        get
        {
            foreach (var info in ByOpcode)
                if (info is not null) yield return info;
        }
    }

    /// <summary>
    /// For an opcode byte (or prefix) this engine does not implement, the proposal that defines it, so callers can
    /// report "unsupported" instead of "malformed"; null when no proposal defines it.
    /// </summary>
    public static string? ProposalOfUnknown(byte code, uint sub = 0) => code switch
    {
        0xFC when sub is >= 0x13 and <= 0x16 => "wide-arithmetic",
        _ => null,
    };

    private static ValType[] Sig(params ValType[] types) => types;

    private static void Add(Opcode op, string name, Immediate immediate, ValType[]? parameters, ValType[]? results)
    {
        var info = new OpcodeInfo(op, name, immediate, parameters, results);
        ByOpcode[(ushort)op] = info;
        ByName.TryAdd(name, info);
    }

    static OpcodeTable()
    {
        Add(Opcode.Unreachable, "unreachable", Immediate.None, null, null);
        Add(Opcode.Nop, "nop", Immediate.None, null, null);
        Add(Opcode.Block, "block", Immediate.Block, null, null);
        Add(Opcode.Loop, "loop", Immediate.Block, null, null);
        Add(Opcode.If, "if", Immediate.Block, null, null);
        Add(Opcode.Else, "else", Immediate.None, null, null);
        Add(Opcode.End, "end", Immediate.None, null, null);
        Add(Opcode.Br, "br", Immediate.Label, null, null);
        Add(Opcode.BrIf, "br_if", Immediate.Label, null, null);
        Add(Opcode.BrTable, "br_table", Immediate.BrTable, null, null);
        Add(Opcode.Return, "return", Immediate.None, null, null);
        Add(Opcode.Call, "call", Immediate.Func, null, null);
        Add(Opcode.CallIndirect, "call_indirect", Immediate.CallIndirect, null, null);
        Add(Opcode.ReturnCall, "return_call", Immediate.Func, null, null);
        Add(Opcode.ReturnCallIndirect, "return_call_indirect", Immediate.CallIndirect, null, null);
        Add(Opcode.CallRef, "call_ref", Immediate.Type, null, null);
        Add(Opcode.Throw, "throw", Immediate.Tag, null, null);
        Add(Opcode.ThrowRef, "throw_ref", Immediate.None, null, null);
        Add(Opcode.TryTable, "try_table", Immediate.TryTable, null, null);
        Add(Opcode.Try, "try", Immediate.Block, null, null);
        Add(Opcode.Catch, "catch", Immediate.Tag, null, null);
        Add(Opcode.CatchAll, "catch_all", Immediate.None, null, null);
        Add(Opcode.Delegate, "delegate", Immediate.Label, null, null);
        Add(Opcode.Rethrow, "rethrow", Immediate.Label, null, null);
        Add(Opcode.ReturnCallRef, "return_call_ref", Immediate.Type, null, null);
        Add(Opcode.Drop, "drop", Immediate.None, null, null);
        Add(Opcode.Select, "select", Immediate.None, null, null);
        Add(Opcode.SelectTyped, "select", Immediate.SelectTypes, null, null);
        Add(Opcode.LocalGet, "local.get", Immediate.Local, null, null);
        Add(Opcode.LocalSet, "local.set", Immediate.Local, null, null);
        Add(Opcode.LocalTee, "local.tee", Immediate.Local, null, null);
        Add(Opcode.GlobalGet, "global.get", Immediate.Global, null, null);
        Add(Opcode.GlobalSet, "global.set", Immediate.Global, null, null);
        Add(Opcode.TableGet, "table.get", Immediate.Table, null, null);
        Add(Opcode.TableSet, "table.set", Immediate.Table, null, null);
        Add(Opcode.I32Load, "i32.load", Immediate.MemArg, Sig(ValType.I32), Sig(ValType.I32));
        Add(Opcode.I64Load, "i64.load", Immediate.MemArg, Sig(ValType.I32), Sig(ValType.I64));
        Add(Opcode.F32Load, "f32.load", Immediate.MemArg, Sig(ValType.I32), Sig(ValType.F32));
        Add(Opcode.F64Load, "f64.load", Immediate.MemArg, Sig(ValType.I32), Sig(ValType.F64));
        Add(Opcode.I32Load8S, "i32.load8_s", Immediate.MemArg, Sig(ValType.I32), Sig(ValType.I32));
        Add(Opcode.I32Load8U, "i32.load8_u", Immediate.MemArg, Sig(ValType.I32), Sig(ValType.I32));
        Add(Opcode.I32Load16S, "i32.load16_s", Immediate.MemArg, Sig(ValType.I32), Sig(ValType.I32));
        Add(Opcode.I32Load16U, "i32.load16_u", Immediate.MemArg, Sig(ValType.I32), Sig(ValType.I32));
        Add(Opcode.I64Load8S, "i64.load8_s", Immediate.MemArg, Sig(ValType.I32), Sig(ValType.I64));
        Add(Opcode.I64Load8U, "i64.load8_u", Immediate.MemArg, Sig(ValType.I32), Sig(ValType.I64));
        Add(Opcode.I64Load16S, "i64.load16_s", Immediate.MemArg, Sig(ValType.I32), Sig(ValType.I64));
        Add(Opcode.I64Load16U, "i64.load16_u", Immediate.MemArg, Sig(ValType.I32), Sig(ValType.I64));
        Add(Opcode.I64Load32S, "i64.load32_s", Immediate.MemArg, Sig(ValType.I32), Sig(ValType.I64));
        Add(Opcode.I64Load32U, "i64.load32_u", Immediate.MemArg, Sig(ValType.I32), Sig(ValType.I64));
        Add(Opcode.I32Store, "i32.store", Immediate.MemArg, Sig(ValType.I32, ValType.I32), Sig());
        Add(Opcode.I64Store, "i64.store", Immediate.MemArg, Sig(ValType.I32, ValType.I64), Sig());
        Add(Opcode.F32Store, "f32.store", Immediate.MemArg, Sig(ValType.I32, ValType.F32), Sig());
        Add(Opcode.F64Store, "f64.store", Immediate.MemArg, Sig(ValType.I32, ValType.F64), Sig());
        Add(Opcode.I32Store8, "i32.store8", Immediate.MemArg, Sig(ValType.I32, ValType.I32), Sig());
        Add(Opcode.I32Store16, "i32.store16", Immediate.MemArg, Sig(ValType.I32, ValType.I32), Sig());
        Add(Opcode.I64Store8, "i64.store8", Immediate.MemArg, Sig(ValType.I32, ValType.I64), Sig());
        Add(Opcode.I64Store16, "i64.store16", Immediate.MemArg, Sig(ValType.I32, ValType.I64), Sig());
        Add(Opcode.I64Store32, "i64.store32", Immediate.MemArg, Sig(ValType.I32, ValType.I64), Sig());
        Add(Opcode.MemorySize, "memory.size", Immediate.Memory, null, null);
        Add(Opcode.MemoryGrow, "memory.grow", Immediate.Memory, null, null);
        Add(Opcode.I32Const, "i32.const", Immediate.I32, null, null);
        Add(Opcode.I64Const, "i64.const", Immediate.I64, null, null);
        Add(Opcode.F32Const, "f32.const", Immediate.F32, null, null);
        Add(Opcode.F64Const, "f64.const", Immediate.F64, null, null);
        Add(Opcode.I32Eqz, "i32.eqz", Immediate.None, Sig(ValType.I32), Sig(ValType.I32));
        Add(Opcode.I32Eq, "i32.eq", Immediate.None, Sig(ValType.I32, ValType.I32), Sig(ValType.I32));
        Add(Opcode.I32Ne, "i32.ne", Immediate.None, Sig(ValType.I32, ValType.I32), Sig(ValType.I32));
        Add(Opcode.I32LtS, "i32.lt_s", Immediate.None, Sig(ValType.I32, ValType.I32), Sig(ValType.I32));
        Add(Opcode.I32LtU, "i32.lt_u", Immediate.None, Sig(ValType.I32, ValType.I32), Sig(ValType.I32));
        Add(Opcode.I32GtS, "i32.gt_s", Immediate.None, Sig(ValType.I32, ValType.I32), Sig(ValType.I32));
        Add(Opcode.I32GtU, "i32.gt_u", Immediate.None, Sig(ValType.I32, ValType.I32), Sig(ValType.I32));
        Add(Opcode.I32LeS, "i32.le_s", Immediate.None, Sig(ValType.I32, ValType.I32), Sig(ValType.I32));
        Add(Opcode.I32LeU, "i32.le_u", Immediate.None, Sig(ValType.I32, ValType.I32), Sig(ValType.I32));
        Add(Opcode.I32GeS, "i32.ge_s", Immediate.None, Sig(ValType.I32, ValType.I32), Sig(ValType.I32));
        Add(Opcode.I32GeU, "i32.ge_u", Immediate.None, Sig(ValType.I32, ValType.I32), Sig(ValType.I32));
        Add(Opcode.I64Eqz, "i64.eqz", Immediate.None, Sig(ValType.I64), Sig(ValType.I32));
        Add(Opcode.I64Eq, "i64.eq", Immediate.None, Sig(ValType.I64, ValType.I64), Sig(ValType.I32));
        Add(Opcode.I64Ne, "i64.ne", Immediate.None, Sig(ValType.I64, ValType.I64), Sig(ValType.I32));
        Add(Opcode.I64LtS, "i64.lt_s", Immediate.None, Sig(ValType.I64, ValType.I64), Sig(ValType.I32));
        Add(Opcode.I64LtU, "i64.lt_u", Immediate.None, Sig(ValType.I64, ValType.I64), Sig(ValType.I32));
        Add(Opcode.I64GtS, "i64.gt_s", Immediate.None, Sig(ValType.I64, ValType.I64), Sig(ValType.I32));
        Add(Opcode.I64GtU, "i64.gt_u", Immediate.None, Sig(ValType.I64, ValType.I64), Sig(ValType.I32));
        Add(Opcode.I64LeS, "i64.le_s", Immediate.None, Sig(ValType.I64, ValType.I64), Sig(ValType.I32));
        Add(Opcode.I64LeU, "i64.le_u", Immediate.None, Sig(ValType.I64, ValType.I64), Sig(ValType.I32));
        Add(Opcode.I64GeS, "i64.ge_s", Immediate.None, Sig(ValType.I64, ValType.I64), Sig(ValType.I32));
        Add(Opcode.I64GeU, "i64.ge_u", Immediate.None, Sig(ValType.I64, ValType.I64), Sig(ValType.I32));
        Add(Opcode.F32Eq, "f32.eq", Immediate.None, Sig(ValType.F32, ValType.F32), Sig(ValType.I32));
        Add(Opcode.F32Ne, "f32.ne", Immediate.None, Sig(ValType.F32, ValType.F32), Sig(ValType.I32));
        Add(Opcode.F32Lt, "f32.lt", Immediate.None, Sig(ValType.F32, ValType.F32), Sig(ValType.I32));
        Add(Opcode.F32Gt, "f32.gt", Immediate.None, Sig(ValType.F32, ValType.F32), Sig(ValType.I32));
        Add(Opcode.F32Le, "f32.le", Immediate.None, Sig(ValType.F32, ValType.F32), Sig(ValType.I32));
        Add(Opcode.F32Ge, "f32.ge", Immediate.None, Sig(ValType.F32, ValType.F32), Sig(ValType.I32));
        Add(Opcode.F64Eq, "f64.eq", Immediate.None, Sig(ValType.F64, ValType.F64), Sig(ValType.I32));
        Add(Opcode.F64Ne, "f64.ne", Immediate.None, Sig(ValType.F64, ValType.F64), Sig(ValType.I32));
        Add(Opcode.F64Lt, "f64.lt", Immediate.None, Sig(ValType.F64, ValType.F64), Sig(ValType.I32));
        Add(Opcode.F64Gt, "f64.gt", Immediate.None, Sig(ValType.F64, ValType.F64), Sig(ValType.I32));
        Add(Opcode.F64Le, "f64.le", Immediate.None, Sig(ValType.F64, ValType.F64), Sig(ValType.I32));
        Add(Opcode.F64Ge, "f64.ge", Immediate.None, Sig(ValType.F64, ValType.F64), Sig(ValType.I32));
        Add(Opcode.I32Clz, "i32.clz", Immediate.None, Sig(ValType.I32), Sig(ValType.I32));
        Add(Opcode.I32Ctz, "i32.ctz", Immediate.None, Sig(ValType.I32), Sig(ValType.I32));
        Add(Opcode.I32Popcnt, "i32.popcnt", Immediate.None, Sig(ValType.I32), Sig(ValType.I32));
        Add(Opcode.I32Add, "i32.add", Immediate.None, Sig(ValType.I32, ValType.I32), Sig(ValType.I32));
        Add(Opcode.I32Sub, "i32.sub", Immediate.None, Sig(ValType.I32, ValType.I32), Sig(ValType.I32));
        Add(Opcode.I32Mul, "i32.mul", Immediate.None, Sig(ValType.I32, ValType.I32), Sig(ValType.I32));
        Add(Opcode.I32DivS, "i32.div_s", Immediate.None, Sig(ValType.I32, ValType.I32), Sig(ValType.I32));
        Add(Opcode.I32DivU, "i32.div_u", Immediate.None, Sig(ValType.I32, ValType.I32), Sig(ValType.I32));
        Add(Opcode.I32RemS, "i32.rem_s", Immediate.None, Sig(ValType.I32, ValType.I32), Sig(ValType.I32));
        Add(Opcode.I32RemU, "i32.rem_u", Immediate.None, Sig(ValType.I32, ValType.I32), Sig(ValType.I32));
        Add(Opcode.I32And, "i32.and", Immediate.None, Sig(ValType.I32, ValType.I32), Sig(ValType.I32));
        Add(Opcode.I32Or, "i32.or", Immediate.None, Sig(ValType.I32, ValType.I32), Sig(ValType.I32));
        Add(Opcode.I32Xor, "i32.xor", Immediate.None, Sig(ValType.I32, ValType.I32), Sig(ValType.I32));
        Add(Opcode.I32Shl, "i32.shl", Immediate.None, Sig(ValType.I32, ValType.I32), Sig(ValType.I32));
        Add(Opcode.I32ShrS, "i32.shr_s", Immediate.None, Sig(ValType.I32, ValType.I32), Sig(ValType.I32));
        Add(Opcode.I32ShrU, "i32.shr_u", Immediate.None, Sig(ValType.I32, ValType.I32), Sig(ValType.I32));
        Add(Opcode.I32Rotl, "i32.rotl", Immediate.None, Sig(ValType.I32, ValType.I32), Sig(ValType.I32));
        Add(Opcode.I32Rotr, "i32.rotr", Immediate.None, Sig(ValType.I32, ValType.I32), Sig(ValType.I32));
        Add(Opcode.I64Clz, "i64.clz", Immediate.None, Sig(ValType.I64), Sig(ValType.I64));
        Add(Opcode.I64Ctz, "i64.ctz", Immediate.None, Sig(ValType.I64), Sig(ValType.I64));
        Add(Opcode.I64Popcnt, "i64.popcnt", Immediate.None, Sig(ValType.I64), Sig(ValType.I64));
        Add(Opcode.I64Add, "i64.add", Immediate.None, Sig(ValType.I64, ValType.I64), Sig(ValType.I64));
        Add(Opcode.I64Sub, "i64.sub", Immediate.None, Sig(ValType.I64, ValType.I64), Sig(ValType.I64));
        Add(Opcode.I64Mul, "i64.mul", Immediate.None, Sig(ValType.I64, ValType.I64), Sig(ValType.I64));
        Add(Opcode.I64DivS, "i64.div_s", Immediate.None, Sig(ValType.I64, ValType.I64), Sig(ValType.I64));
        Add(Opcode.I64DivU, "i64.div_u", Immediate.None, Sig(ValType.I64, ValType.I64), Sig(ValType.I64));
        Add(Opcode.I64RemS, "i64.rem_s", Immediate.None, Sig(ValType.I64, ValType.I64), Sig(ValType.I64));
        Add(Opcode.I64RemU, "i64.rem_u", Immediate.None, Sig(ValType.I64, ValType.I64), Sig(ValType.I64));
        Add(Opcode.I64And, "i64.and", Immediate.None, Sig(ValType.I64, ValType.I64), Sig(ValType.I64));
        Add(Opcode.I64Or, "i64.or", Immediate.None, Sig(ValType.I64, ValType.I64), Sig(ValType.I64));
        Add(Opcode.I64Xor, "i64.xor", Immediate.None, Sig(ValType.I64, ValType.I64), Sig(ValType.I64));
        Add(Opcode.I64Shl, "i64.shl", Immediate.None, Sig(ValType.I64, ValType.I64), Sig(ValType.I64));
        Add(Opcode.I64ShrS, "i64.shr_s", Immediate.None, Sig(ValType.I64, ValType.I64), Sig(ValType.I64));
        Add(Opcode.I64ShrU, "i64.shr_u", Immediate.None, Sig(ValType.I64, ValType.I64), Sig(ValType.I64));
        Add(Opcode.I64Rotl, "i64.rotl", Immediate.None, Sig(ValType.I64, ValType.I64), Sig(ValType.I64));
        Add(Opcode.I64Rotr, "i64.rotr", Immediate.None, Sig(ValType.I64, ValType.I64), Sig(ValType.I64));
        Add(Opcode.F32Abs, "f32.abs", Immediate.None, Sig(ValType.F32), Sig(ValType.F32));
        Add(Opcode.F32Neg, "f32.neg", Immediate.None, Sig(ValType.F32), Sig(ValType.F32));
        Add(Opcode.F32Ceil, "f32.ceil", Immediate.None, Sig(ValType.F32), Sig(ValType.F32));
        Add(Opcode.F32Floor, "f32.floor", Immediate.None, Sig(ValType.F32), Sig(ValType.F32));
        Add(Opcode.F32Trunc, "f32.trunc", Immediate.None, Sig(ValType.F32), Sig(ValType.F32));
        Add(Opcode.F32Nearest, "f32.nearest", Immediate.None, Sig(ValType.F32), Sig(ValType.F32));
        Add(Opcode.F32Sqrt, "f32.sqrt", Immediate.None, Sig(ValType.F32), Sig(ValType.F32));
        Add(Opcode.F32Add, "f32.add", Immediate.None, Sig(ValType.F32, ValType.F32), Sig(ValType.F32));
        Add(Opcode.F32Sub, "f32.sub", Immediate.None, Sig(ValType.F32, ValType.F32), Sig(ValType.F32));
        Add(Opcode.F32Mul, "f32.mul", Immediate.None, Sig(ValType.F32, ValType.F32), Sig(ValType.F32));
        Add(Opcode.F32Div, "f32.div", Immediate.None, Sig(ValType.F32, ValType.F32), Sig(ValType.F32));
        Add(Opcode.F32Min, "f32.min", Immediate.None, Sig(ValType.F32, ValType.F32), Sig(ValType.F32));
        Add(Opcode.F32Max, "f32.max", Immediate.None, Sig(ValType.F32, ValType.F32), Sig(ValType.F32));
        Add(Opcode.F32Copysign, "f32.copysign", Immediate.None, Sig(ValType.F32, ValType.F32), Sig(ValType.F32));
        Add(Opcode.F64Abs, "f64.abs", Immediate.None, Sig(ValType.F64), Sig(ValType.F64));
        Add(Opcode.F64Neg, "f64.neg", Immediate.None, Sig(ValType.F64), Sig(ValType.F64));
        Add(Opcode.F64Ceil, "f64.ceil", Immediate.None, Sig(ValType.F64), Sig(ValType.F64));
        Add(Opcode.F64Floor, "f64.floor", Immediate.None, Sig(ValType.F64), Sig(ValType.F64));
        Add(Opcode.F64Trunc, "f64.trunc", Immediate.None, Sig(ValType.F64), Sig(ValType.F64));
        Add(Opcode.F64Nearest, "f64.nearest", Immediate.None, Sig(ValType.F64), Sig(ValType.F64));
        Add(Opcode.F64Sqrt, "f64.sqrt", Immediate.None, Sig(ValType.F64), Sig(ValType.F64));
        Add(Opcode.F64Add, "f64.add", Immediate.None, Sig(ValType.F64, ValType.F64), Sig(ValType.F64));
        Add(Opcode.F64Sub, "f64.sub", Immediate.None, Sig(ValType.F64, ValType.F64), Sig(ValType.F64));
        Add(Opcode.F64Mul, "f64.mul", Immediate.None, Sig(ValType.F64, ValType.F64), Sig(ValType.F64));
        Add(Opcode.F64Div, "f64.div", Immediate.None, Sig(ValType.F64, ValType.F64), Sig(ValType.F64));
        Add(Opcode.F64Min, "f64.min", Immediate.None, Sig(ValType.F64, ValType.F64), Sig(ValType.F64));
        Add(Opcode.F64Max, "f64.max", Immediate.None, Sig(ValType.F64, ValType.F64), Sig(ValType.F64));
        Add(Opcode.F64Copysign, "f64.copysign", Immediate.None, Sig(ValType.F64, ValType.F64), Sig(ValType.F64));
        Add(Opcode.I32WrapI64, "i32.wrap_i64", Immediate.None, Sig(ValType.I64), Sig(ValType.I32));
        Add(Opcode.I32TruncF32S, "i32.trunc_f32_s", Immediate.None, Sig(ValType.F32), Sig(ValType.I32));
        Add(Opcode.I32TruncF32U, "i32.trunc_f32_u", Immediate.None, Sig(ValType.F32), Sig(ValType.I32));
        Add(Opcode.I32TruncF64S, "i32.trunc_f64_s", Immediate.None, Sig(ValType.F64), Sig(ValType.I32));
        Add(Opcode.I32TruncF64U, "i32.trunc_f64_u", Immediate.None, Sig(ValType.F64), Sig(ValType.I32));
        Add(Opcode.I64ExtendI32S, "i64.extend_i32_s", Immediate.None, Sig(ValType.I32), Sig(ValType.I64));
        Add(Opcode.I64ExtendI32U, "i64.extend_i32_u", Immediate.None, Sig(ValType.I32), Sig(ValType.I64));
        Add(Opcode.I64TruncF32S, "i64.trunc_f32_s", Immediate.None, Sig(ValType.F32), Sig(ValType.I64));
        Add(Opcode.I64TruncF32U, "i64.trunc_f32_u", Immediate.None, Sig(ValType.F32), Sig(ValType.I64));
        Add(Opcode.I64TruncF64S, "i64.trunc_f64_s", Immediate.None, Sig(ValType.F64), Sig(ValType.I64));
        Add(Opcode.I64TruncF64U, "i64.trunc_f64_u", Immediate.None, Sig(ValType.F64), Sig(ValType.I64));
        Add(Opcode.F32ConvertI32S, "f32.convert_i32_s", Immediate.None, Sig(ValType.I32), Sig(ValType.F32));
        Add(Opcode.F32ConvertI32U, "f32.convert_i32_u", Immediate.None, Sig(ValType.I32), Sig(ValType.F32));
        Add(Opcode.F32ConvertI64S, "f32.convert_i64_s", Immediate.None, Sig(ValType.I64), Sig(ValType.F32));
        Add(Opcode.F32ConvertI64U, "f32.convert_i64_u", Immediate.None, Sig(ValType.I64), Sig(ValType.F32));
        Add(Opcode.F32DemoteF64, "f32.demote_f64", Immediate.None, Sig(ValType.F64), Sig(ValType.F32));
        Add(Opcode.F64ConvertI32S, "f64.convert_i32_s", Immediate.None, Sig(ValType.I32), Sig(ValType.F64));
        Add(Opcode.F64ConvertI32U, "f64.convert_i32_u", Immediate.None, Sig(ValType.I32), Sig(ValType.F64));
        Add(Opcode.F64ConvertI64S, "f64.convert_i64_s", Immediate.None, Sig(ValType.I64), Sig(ValType.F64));
        Add(Opcode.F64ConvertI64U, "f64.convert_i64_u", Immediate.None, Sig(ValType.I64), Sig(ValType.F64));
        Add(Opcode.F64PromoteF32, "f64.promote_f32", Immediate.None, Sig(ValType.F32), Sig(ValType.F64));
        Add(Opcode.I32ReinterpretF32, "i32.reinterpret_f32", Immediate.None, Sig(ValType.F32), Sig(ValType.I32));
        Add(Opcode.I64ReinterpretF64, "i64.reinterpret_f64", Immediate.None, Sig(ValType.F64), Sig(ValType.I64));
        Add(Opcode.F32ReinterpretI32, "f32.reinterpret_i32", Immediate.None, Sig(ValType.I32), Sig(ValType.F32));
        Add(Opcode.F64ReinterpretI64, "f64.reinterpret_i64", Immediate.None, Sig(ValType.I64), Sig(ValType.F64));
        Add(Opcode.I32Extend8S, "i32.extend8_s", Immediate.None, Sig(ValType.I32), Sig(ValType.I32));
        Add(Opcode.I32Extend16S, "i32.extend16_s", Immediate.None, Sig(ValType.I32), Sig(ValType.I32));
        Add(Opcode.I64Extend8S, "i64.extend8_s", Immediate.None, Sig(ValType.I64), Sig(ValType.I64));
        Add(Opcode.I64Extend16S, "i64.extend16_s", Immediate.None, Sig(ValType.I64), Sig(ValType.I64));
        Add(Opcode.I64Extend32S, "i64.extend32_s", Immediate.None, Sig(ValType.I64), Sig(ValType.I64));
        Add(Opcode.RefNull, "ref.null", Immediate.HeapType, null, null);
        Add(Opcode.RefIsNull, "ref.is_null", Immediate.None, null, null);
        Add(Opcode.RefFunc, "ref.func", Immediate.Func, null, null);
        Add(Opcode.RefAsNonNull, "ref.as_non_null", Immediate.None, null, null);
        Add(Opcode.BrOnNull, "br_on_null", Immediate.Label, null, null);
        Add(Opcode.BrOnNonNull, "br_on_non_null", Immediate.Label, null, null);
        Add(Opcode.I32TruncSatF32S, "i32.trunc_sat_f32_s", Immediate.None, Sig(ValType.F32), Sig(ValType.I32));
        Add(Opcode.I32TruncSatF32U, "i32.trunc_sat_f32_u", Immediate.None, Sig(ValType.F32), Sig(ValType.I32));
        Add(Opcode.I32TruncSatF64S, "i32.trunc_sat_f64_s", Immediate.None, Sig(ValType.F64), Sig(ValType.I32));
        Add(Opcode.I32TruncSatF64U, "i32.trunc_sat_f64_u", Immediate.None, Sig(ValType.F64), Sig(ValType.I32));
        Add(Opcode.I64TruncSatF32S, "i64.trunc_sat_f32_s", Immediate.None, Sig(ValType.F32), Sig(ValType.I64));
        Add(Opcode.I64TruncSatF32U, "i64.trunc_sat_f32_u", Immediate.None, Sig(ValType.F32), Sig(ValType.I64));
        Add(Opcode.I64TruncSatF64S, "i64.trunc_sat_f64_s", Immediate.None, Sig(ValType.F64), Sig(ValType.I64));
        Add(Opcode.I64TruncSatF64U, "i64.trunc_sat_f64_u", Immediate.None, Sig(ValType.F64), Sig(ValType.I64));
        Add(Opcode.MemoryInit, "memory.init", Immediate.MemoryInit, null, null);
        Add(Opcode.DataDrop, "data.drop", Immediate.Data, null, null);
        Add(Opcode.MemoryCopy, "memory.copy", Immediate.MemoryCopy, null, null);
        Add(Opcode.MemoryFill, "memory.fill", Immediate.Memory, null, null);
        Add(Opcode.TableInit, "table.init", Immediate.TableInit, null, null);
        Add(Opcode.ElemDrop, "elem.drop", Immediate.Elem, null, null);
        Add(Opcode.TableCopy, "table.copy", Immediate.TableCopy, null, null);
        Add(Opcode.TableGrow, "table.grow", Immediate.Table, null, null);
        Add(Opcode.TableSize, "table.size", Immediate.Table, null, null);
        Add(Opcode.TableFill, "table.fill", Immediate.Table, null, null);
        AddSimd();
        Add(Opcode.StructNew, "struct.new", Immediate.Type, null, null);
        Add(Opcode.StructNewDefault, "struct.new_default", Immediate.Type, null, null);
        Add(Opcode.StructGet, "struct.get", Immediate.TypeField, null, null);
        Add(Opcode.StructGetS, "struct.get_s", Immediate.TypeField, null, null);
        Add(Opcode.StructGetU, "struct.get_u", Immediate.TypeField, null, null);
        Add(Opcode.StructSet, "struct.set", Immediate.TypeField, null, null);
        Add(Opcode.ArrayNew, "array.new", Immediate.Type, null, null);
        Add(Opcode.ArrayNewDefault, "array.new_default", Immediate.Type, null, null);
        Add(Opcode.ArrayNewFixed, "array.new_fixed", Immediate.TypeCount, null, null);
        Add(Opcode.ArrayNewData, "array.new_data", Immediate.TypeData, null, null);
        Add(Opcode.ArrayNewElem, "array.new_elem", Immediate.TypeElem, null, null);
        Add(Opcode.ArrayGet, "array.get", Immediate.Type, null, null);
        Add(Opcode.ArrayGetS, "array.get_s", Immediate.Type, null, null);
        Add(Opcode.ArrayGetU, "array.get_u", Immediate.Type, null, null);
        Add(Opcode.ArraySet, "array.set", Immediate.Type, null, null);
        Add(Opcode.ArrayLen, "array.len", Immediate.None, Sig(ValType.RefTo(HeapType.Array, true)), Sig(ValType.I32));
        Add(Opcode.ArrayFill, "array.fill", Immediate.Type, null, null);
        Add(Opcode.ArrayCopy, "array.copy", Immediate.TypeType, null, null);
        Add(Opcode.ArrayInitData, "array.init_data", Immediate.TypeData, null, null);
        Add(Opcode.ArrayInitElem, "array.init_elem", Immediate.TypeElem, null, null);
        Add(Opcode.RefTest, "ref.test", Immediate.CastType, null, null);
        Add(Opcode.RefTestNull, "ref.test null", Immediate.CastType, null, null);
        Add(Opcode.RefCast, "ref.cast", Immediate.CastType, null, null);
        Add(Opcode.RefCastNull, "ref.cast null", Immediate.CastType, null, null);
        Add(Opcode.BrOnCast, "br_on_cast", Immediate.BrOnCast, null, null);
        Add(Opcode.BrOnCastFail, "br_on_cast_fail", Immediate.BrOnCast, null, null);
        Add(Opcode.AnyConvertExtern, "any.convert_extern", Immediate.None, null, null);
        Add(Opcode.ExternConvertAny, "extern.convert_any", Immediate.None, null, null);
        Add(Opcode.RefI31, "ref.i31", Immediate.None, Sig(ValType.I32), Sig(ValType.RefTo(HeapType.I31, false)));
        Add(Opcode.I31GetS, "i31.get_s", Immediate.None, Sig(ValType.RefTo(HeapType.I31, true)), Sig(ValType.I32));
        Add(Opcode.I31GetU, "i31.get_u", Immediate.None, Sig(ValType.RefTo(HeapType.I31, true)), Sig(ValType.I32));
        Add(Opcode.RefEq, "ref.eq", Immediate.None, Sig(ValType.RefTo(HeapType.Eq, true), ValType.RefTo(HeapType.Eq, true)), Sig(ValType.I32));
        AddAtomics();
    }
}
