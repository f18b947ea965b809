namespace Wasm.Instructions;

/// <summary>How a block's type is given.</summary>
internal enum BlockTypeKind : byte
{
    /// <summary><c>[] → []</c></summary>
    Empty,
    /// <summary><c>[] → [t]</c></summary>
    Value,
    /// <summary>A function type by index: <c>[params] → [results]</c>.</summary>
    TypeIndex,
}

/// <summary>The type annotation of <c>block</c>, <c>loop</c> and <c>if</c>.</summary>
internal readonly record struct BlockType(BlockTypeKind Kind, ValType Value = default, uint Index = 0)
{
    public static readonly BlockType Empty = new(BlockTypeKind.Empty);
}

/// <summary>
/// One decoded instruction. Immediates share a few fields, interpreted by <see cref="OpcodeInfo.Immediate"/>:
/// <list type="bullet">
/// <item>Label, Func, Local, Global, Table, Memory, Data, Elem: <see cref="A"/>.</item>
/// <item>CallIndirect: type index in <see cref="A"/>, table index in <see cref="B"/>.</item>
/// <item>MemArg: alignment exponent in <see cref="A"/>, memory index in <see cref="B"/>, offset in <see cref="Imm"/>.</item>
/// <item>MemoryInit / TableInit: segment in <see cref="A"/>, memory/table in <see cref="B"/>.
/// MemoryCopy / TableCopy: destination in <see cref="A"/>, source in <see cref="B"/>.</item>
/// <item>I32, I64: the value sign-extended to 64 bits in <see cref="Imm"/>; F32, F64: the raw bits in <see cref="Imm"/>.</item>
/// <item>V128, Shuffle: bytes 0–7 in <see cref="Imm"/>, bytes 8–15 in <see cref="Lanes"/> (little-endian).
/// Lane: the lane index in <see cref="A"/>. MemArgLane: as MemArg, with the lane index in <see cref="Lanes"/>.</item>
/// <item>Block: <see cref="Block"/>. BrTable: <see cref="Targets"/> and the default label in <see cref="A"/>.</item>
/// <item>SelectTypes: the one type in <see cref="Type"/> (the decoded count of types in <see cref="A"/>; validation requires 1). HeapType (<c>ref.null</c>): the reference type in <see cref="Type"/>.</item>
/// </list>
/// </summary>
internal struct Instruction
{
    /// <summary>The instruction.</summary>
    public Opcode Op;

    /// <summary>Byte offset of the opcode in the module.</summary>
    public long Offset;

    /// <summary>First index immediate.</summary>
    public uint A;

    /// <summary>Second index immediate.</summary>
    public uint B;

    /// <summary>Constant or memory offset.</summary>
    public ulong Imm;

    /// <summary>Upper half of a 128-bit immediate, or the lane index of a lane load/store.</summary>
    public ulong Lanes;

    /// <summary>Block type of <c>block</c>/<c>loop</c>/<c>if</c>.</summary>
    public BlockType Block;

    /// <summary>Branch targets of <c>br_table</c> (without the default).</summary>
    public uint[]? Targets;

    /// <summary>Type immediate (typed select, <c>ref.null</c>, the target of <c>ref.test</c>/<c>ref.cast</c>/<c>br_on_cast</c>).</summary>
    public ValType Type;

    /// <summary>The source type of <c>br_on_cast</c>/<c>br_on_cast_fail</c> (the target is <see cref="Type"/>).</summary>
    public ValType Type2;

    /// <summary>The table row of <see cref="Op"/>.</summary>
    public readonly OpcodeInfo Info => OpcodeTable.Get(Op)!;
}
