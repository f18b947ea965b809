using Wasm.Binary;
using Wasm.Instructions;

namespace Wasm.Tests.Binary;

public class CodeReaderTests
{
    private static List<Instruction> ReadAll(params byte[] code)
    {
        var list = new List<Instruction>();
        var r = new CodeReader(code, 0, code.Length);
        while (r.TryRead(out var ins)) list.Add(ins);
        return list;
    }

    [Fact]
    public void Immediates()
    {
        var all = ReadAll(
            0x41, 0x7F,                                      // i32.const -1
            0x42, 0x80, 0x01,                                // i64.const 128
            0x43, 0x00, 0x00, 0x80, 0x3F,                    // f32.const 1
            0x28, 0x02, 0x10,                                // i32.load align=4 offset=16
            0x0E, 0x02, 0x00, 0x01, 0x02,                    // br_table 0 1 2
            0x11, 0x03, 0x01,                                // call_indirect type 3 table 1
            0x1C, 0x01, 0x7E,                                // select (result i64)
            0xD0, 0x6F,                                      // ref.null extern
            0xFC, 0x0A, 0x00, 0x00,                          // memory.copy
            0xFC, 0x0C, 0x05, 0x02,                          // table.init elem 5 table 2
            0x02, 0x40, 0x03, 0x7F, 0x04, 0x05,              // block, loop (result i32), if (type 5)
            0x0B);
        Assert.Equal(ulong.MaxValue, all[0].Imm);
        Assert.Equal(128ul, all[1].Imm);
        Assert.Equal(0x3F800000ul, all[2].Imm);
        Assert.Equal((Opcode.I32Load, 2u, 0u, 16ul), (all[3].Op, all[3].A, all[3].B, all[3].Imm));
        Assert.Equal(new uint[] { 0, 1 }, all[4].Targets);
        Assert.Equal(2u, all[4].A);
        Assert.Equal((3u, 1u), (all[5].A, all[5].B));
        Assert.Equal((1u, ValType.I64), (all[6].A, all[6].Type));
        Assert.Equal(ValType.ExternRef, all[7].Type);
        Assert.Equal(Opcode.MemoryCopy, all[8].Op);
        Assert.Equal((Opcode.TableInit, 5u, 2u), (all[9].Op, all[9].A, all[9].B));
        Assert.Equal(BlockType.Empty, all[10].Block);
        Assert.Equal(new BlockType(BlockTypeKind.Value, ValType.I32), all[11].Block);
        Assert.Equal(new BlockType(BlockTypeKind.TypeIndex, default, 5), all[12].Block);
        Assert.Equal(Opcode.End, all[13].Op);
        Assert.Equal(0, all[0].Offset);
        Assert.Equal(2, all[1].Offset);
    }

    [Fact]
    public void MultiMemoryMemArg()
    {
        var all = ReadAll(0x28, 0x42, 0x01, 0x04);
        Assert.Equal((2u, 1u, 4ul), (all[0].A, all[0].B, all[0].Imm));
    }

    [Fact]
    public void MemArgFlagsTooLarge()
    {
        var e = Assert.Throws<MalformedModuleException>(() => ReadAll(0x28, 0x80, 0x01, 0x00));
        Assert.Equal("malformed memop flags", e.Reason);
    }

    [Theory]
    [InlineData(new byte[] { 0xFC, 0x13 }, "wide-arithmetic")]
    public void ProposalOpcodes_AreUnsupported(byte[] code, string proposal)
    {
        var e = Assert.Throws<UnsupportedFeatureException>(() => ReadAll(code));
        Assert.Equal(proposal, e.Proposal);
        Assert.Equal(0, e.Offset);
    }

    [Fact]
    public void GcInstructionsDecodeWithTheirImmediates()
    {
        // struct.get 3 1; br_on_cast 0 (ref null any) (ref i31); ref.eq
        var all = ReadAll(0xFB, 0x02, 0x03, 0x01, 0xFB, 0x18, 0x01, 0x00, 0x6E, 0x6C, 0xD3);
        Assert.Equal((Instructions.Opcode.StructGet, 3u, 1u), (all[0].Op, all[0].A, all[0].B));
        Assert.Equal(Instructions.Opcode.BrOnCast, all[1].Op);
        Assert.Equal(ValType.RefTo(HeapType.Any, true), all[1].Type2);
        Assert.Equal(ValType.RefTo(HeapType.I31, false), all[1].Type);
        Assert.Equal(Instructions.Opcode.RefEq, all[2].Op);
    }

    [Fact]
    public void AtomicOpcodes_DecodeWithTheirMemArg()
    {
        // i64.atomic.rmw32.cmpxchg_u align=2 offset=8, then atomic.fence and its zero byte
        var all = ReadAll(0xFE, 0x4E, 0x02, 0x08, 0xFE, 0x03, 0x00);
        Assert.Equal(Opcode.I64AtomicRmw32CmpxchgU, all[0].Op);
        Assert.Equal((2u, 0u, 8ul), (all[0].A, all[0].B, all[0].Imm));
        Assert.Equal(Opcode.AtomicFence, all[1].Op);
        Assert.Equal("illegal opcode fe 4f", Assert.Throws<MalformedModuleException>(() => ReadAll(0xFE, 0x4F)).Reason);
    }

    [Fact]
    public void IllegalOpcode()
    {
        var e = Assert.Throws<MalformedModuleException>(() => ReadAll(0x01, 0xFF));
        Assert.StartsWith("illegal opcode", e.Reason);
        Assert.Equal(1, e.Offset);
    }

    [Fact]
    public void TruncatedImmediate()
    {
        var e = Assert.Throws<MalformedModuleException>(() => ReadAll(0x44, 0x00, 0x00));
        Assert.Equal("unexpected end of section or function", e.Reason);
    }
}
