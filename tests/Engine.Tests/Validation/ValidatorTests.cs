using Wasm.Binary;
using Wasm.Instructions;
using Wasm.Model;
using Wasm.Validation;
using static Wasm.Tests.Binary.WasmBytes;

namespace Wasm.Tests.Validation;

public class ValidatorTests
{
    private static readonly byte[] VoidType = FuncType([], []);
    private static readonly byte[] I32Result = FuncType([], [I32]);

    private static void Valid(byte[] bytes) => ModuleValidator.Validate(ModuleDecoder.Decode(bytes));

    private static InvalidModuleException Invalid(byte[] bytes) =>
        Assert.Throws<InvalidModuleException>(() => ModuleValidator.Validate(ModuleDecoder.Decode(bytes)));

    [Fact]
    public void Numeric_FixedSignatures()
    {
        Valid(OneFunction(I32Result, [0x41, 0x01, 0x41, 0x02, 0x6A, 0x0B]));        // i32.add
        var e = Invalid(OneFunction(I32Result, [0x41, 0x01, 0x42, 0x02, 0x6A, 0x0B])); // i32.add on i64
        Assert.Equal("type mismatch", e.Reason);
    }

    [Fact]
    public void Error_CarriesInstructionOffset()
    {
        var bytes = OneFunction(I32Result, [0x41, 0x01, 0x42, 0x02, 0x6A, 0x0B]);
        var e = Invalid(bytes);
        Assert.Equal(0x6A, bytes[e.Offset]);
    }

    [Fact]
    public void Function_ResultsChecked()
    {
        Assert.Equal("type mismatch", Invalid(OneFunction(I32Result, [0x0B])).Reason);
        Assert.Equal("type mismatch", Invalid(OneFunction(VoidType, [0x41, 0x00, 0x0B])).Reason);
    }

    [Fact]
    public void Unreachable_IsPolymorphic()
    {
        Valid(OneFunction(I32Result, [0x00, 0x6A, 0x0B]));                           // unreachable i32.add
        Valid(OneFunction(I32Result, [0x00, 0x1B, 0x0B]));                           // unreachable select
        Assert.Equal("type mismatch", Invalid(OneFunction(I32Result, [0x00, 0x42, 0x00, 0x6A, 0x0B])).Reason);
    }

    [Fact]
    public void Blocks_WithParamsAndResults()
    {
        // type 1: [i32] -> [i32 i32]
        var types = Section(1, Vec(I32Result, FuncType([I32], [I32, I32])));
        var code = new byte[] { 0x41, 0x05, 0x02, 0x01, 0x41, 0x06, 0x0B, 0x6A, 0x0B };
        Valid(Module(types, Section(3, Vec([0x00])), Section(10, Vec(Body([], code)))));
    }

    [Fact]
    public void If_WithoutElse_MustNotChangeTypes()
    {
        var e = Invalid(OneFunction(I32Result, [0x41, 0x01, 0x04, 0x7F, 0x41, 0x01, 0x0B, 0x0B]));
        Assert.Equal("type mismatch", e.Reason);
        Valid(OneFunction(I32Result, [0x41, 0x01, 0x04, 0x7F, 0x41, 0x01, 0x05, 0x41, 0x02, 0x0B, 0x0B]));
    }

    [Fact]
    public void Branches()
    {
        Valid(OneFunction(I32Result, [0x02, 0x7F, 0x41, 0x01, 0x0C, 0x00, 0x0B, 0x0B]));
        Assert.Equal("unknown label 2", Invalid(OneFunction(VoidType, [0x02, 0x40, 0x0C, 0x02, 0x0B, 0x0B])).Reason);
        // br_table with labels of different arity
        var e = Invalid(OneFunction(VoidType, [0x02, 0x7F, 0x41, 0x00, 0x41, 0x00, 0x0E, 0x01, 0x00, 0x01, 0x0B, 0x1A, 0x0B]));
        Assert.Equal("type mismatch", e.Reason);
    }

    [Fact]
    public void Locals_AndGlobals()
    {
        Assert.Equal("unknown local 1", Invalid(OneFunction(FuncType([I32], []), [0x20, 0x01, 0x1A, 0x0B])).Reason);
        Valid(OneFunction(FuncType([I32], [I64]), [0x20, 0x01, 0x0B], [[0x01, I64]]));
        var globals = Section(6, Vec([I32, 0x00, 0x41, 0x00, 0x0B]));
        var e = Invalid(OneFunction(VoidType, [0x41, 0x00, 0x24, 0x00, 0x0B], null, globals));
        Assert.Equal("immutable global", e.Reason);
    }

    [Fact]
    public void Select()
    {
        Valid(OneFunction(I32Result, [0x41, 0x01, 0x41, 0x02, 0x41, 0x00, 0x1B, 0x0B]));
        var e = Invalid(OneFunction(VoidType, [0xD0, 0x70, 0xD0, 0x70, 0x41, 0x00, 0x1B, 0x1A, 0x0B]));
        Assert.Equal("type mismatch", e.Reason);
        Valid(OneFunction(VoidType, [0xD0, 0x70, 0xD0, 0x70, 0x41, 0x00, 0x1C, 0x01, 0x70, 0x1A, 0x0B]));
        Assert.Equal("invalid result arity",
            Invalid(OneFunction(VoidType, [0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0x1C, 0x02, I32, I32, 0x1A, 0x0B])).Reason);
    }

    [Fact]
    public void Memory_Alignment_AndIndex()
    {
        var mem = Section(5, Vec([0x00, 0x01]));
        Valid(OneFunction(I32Result, [0x41, 0x00, 0x28, 0x02, 0x00, 0x0B], null, mem));
        Assert.Equal("alignment must not be larger than natural",
            Invalid(OneFunction(I32Result, [0x41, 0x00, 0x28, 0x03, 0x00, 0x0B], null, mem)).Reason);
        Assert.Equal("unknown memory 0", Invalid(OneFunction(I32Result, [0x41, 0x00, 0x28, 0x02, 0x00, 0x0B])).Reason);
        Assert.Equal("unknown memory 1",
            Invalid(OneFunction(I32Result, [0x41, 0x00, 0x28, 0x42, 0x01, 0x00, 0x0B], null, mem)).Reason);
    }

    [Fact]
    public void RefFunc_MustBeDeclared()
    {
        var code = new byte[] { 0xD2, 0x00, 0x1A, 0x0B };
        Assert.Equal("undeclared function reference", Invalid(OneFunction(VoidType, code)).Reason);
        var export = Section(7, Vec(Concat(Name("f"), [0x00, 0x00])));
        Valid(OneFunction(VoidType, code, null, export));
    }

    [Fact]
    public void Tables_ElementTypesChecked()
    {
        var tables = Section(4, Vec([FuncRef, 0x00, 0x00], [ExternRef, 0x00, 0x00]));
        // table.copy 0 1 (funcref <- externref)
        var e = Invalid(OneFunction(VoidType, [0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xFC, 0x0E, 0x00, 0x01, 0x0B], null, tables));
        Assert.Equal("type mismatch", e.Reason);
        // table.set 1 (externref) with ref.null extern
        Valid(OneFunction(VoidType, [0x41, 0x00, 0xD0, 0x6F, 0x26, 0x01, 0x0B], null, tables));
        // call_indirect through an externref table
        Assert.Equal("type mismatch", Invalid(OneFunction(VoidType, [0x41, 0x00, 0x11, 0x00, 0x01, 0x0B], null, tables)).Reason);
    }

    [Fact]
    public void ModuleLevel_Rules()
    {
        Assert.Equal("duplicate export name", Invalid(Module(Section(5, Vec([0x00, 0x01])),
            Section(7, Vec(Concat(Name("m"), [0x02, 0x00]), Concat(Name("m"), [0x02, 0x00]))))).Reason);
        Assert.Equal("memory size must be at most 65536 pages (4GiB)",
            Invalid(Module(Section(5, Vec(Concat([0x00], U32(65537)))))).Reason);
        Assert.Equal("size minimum must not be greater than maximum",
            Invalid(Module(Section(5, Vec([0x01, 0x02, 0x01])))).Reason);
        Assert.Equal("start function",
            Invalid(OneFunction(I32Result, [0x41, 0x00, 0x0B], null, Section(8, U32(0)))).Reason);
        Assert.Equal("unknown function 3", Invalid(Module(Section(8, U32(3)))).Reason);
    }

    [Fact]
    public void ConstantExpressions()
    {
        Assert.Equal("constant expression required",
            Invalid(Module(Section(6, Vec([I32, 0x00, 0x41, 0x00, 0x41, 0x00, 0x1A, 0x0B])))).Reason);
        Assert.Equal("type mismatch", Invalid(Module(Section(6, Vec([I32, 0x00, 0x42, 0x00, 0x0B])))).Reason);
        Assert.Equal("unknown global 0", Invalid(Module(Section(6, Vec([I32, 0x00, 0x23, 0x00, 0x0B])))).Reason);
        // An earlier immutable global may be read.
        Valid(Module(Section(6, Vec([I32, 0x00, 0x41, 0x00, 0x0B], [I32, 0x00, 0x23, 0x00, 0x0B]))));
        // Extended constant expressions: i32.add of two constants, but not of an i32 and an i64.
        Valid(Module(Section(6, Vec([I32, 0x00, 0x41, 0x01, 0x41, 0x02, 0x6A, 0x0B]))));
        Assert.Equal("type mismatch",
            Invalid(Module(Section(6, Vec([I32, 0x00, 0x41, 0x01, 0x42, 0x02, 0x6A, 0x0B])))).Reason);
        // Division stays non-constant.
        Assert.Equal("constant expression required",
            Invalid(Module(Section(6, Vec([I32, 0x00, 0x41, 0x01, 0x41, 0x02, 0x6D, 0x0B])))).Reason);
    }

    [Fact]
    public void MultipleMemories_IndicesChecked()
    {
        var mems = Section(5, Vec([0x00, 0x01], [0x00, 0x01]));
        Valid(Module(mems));
        // i32.load with memarg flag bit 6: memory 1 valid, memory 2 unknown
        Valid(OneFunction(I32Result, [0x41, 0x00, 0x28, 0x42, 0x01, 0x00, 0x0B], null, mems));
        Assert.Equal("unknown memory 2",
            Invalid(OneFunction(I32Result, [0x41, 0x00, 0x28, 0x42, 0x02, 0x00, 0x0B], null, mems)).Reason);
        // memory.size 1, memory.grow 1, memory.size 2
        Valid(OneFunction(I32Result, [0x3F, 0x01, 0x40, 0x01, 0x0B], null, mems));
        Assert.Equal("unknown memory 2", Invalid(OneFunction(I32Result, [0x3F, 0x02, 0x0B], null, mems)).Reason);
        // memory.copy 1 0, memory.copy 0 2, memory.fill 1, memory.fill 2
        byte[] three = [0x41, 0x00, 0x41, 0x00, 0x41, 0x00];
        Valid(OneFunction(VoidType, [.. three, 0xFC, 0x0A, 0x01, 0x00, .. three, 0xFC, 0x0B, 0x01, 0x0B], null, mems));
        Assert.Equal("unknown memory 2", Invalid(OneFunction(VoidType, [.. three, 0xFC, 0x0A, 0x00, 0x02, 0x0B], null, mems)).Reason);
        Assert.Equal("unknown memory 2", Invalid(OneFunction(VoidType, [.. three, 0xFC, 0x0B, 0x02, 0x0B], null, mems)).Reason);
        // An active data segment for memory 1 (flags 2) is valid; for memory 2 it is not.
        Valid(Module(mems, Section(11, Vec([0x02, 0x01, 0x41, 0x00, 0x0B, 0x00]))));
        Assert.Equal("unknown memory 2", Invalid(Module(mems, Section(11, Vec([0x02, 0x02, 0x41, 0x00, 0x0B, 0x00])))).Reason);
    }

    [Fact]
    public void TableInit_SegmentTypeMustMatchTable()
    {
        var table = Section(4, Vec([FuncRef, 0x00, 0x00]));
        // Passive externref segment (flags 5) with no items; table.init 0 0 into a funcref table.
        var elems = Section(9, Vec([0x05, ExternRef, 0x00]));
        var types = Section(1, Vec(VoidType));
        var funcs = Section(3, Vec([0x00]));
        var code = Section(10, Vec(Body([], [0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xFC, 0x0C, 0x00, 0x00, 0x0B])));
        Assert.Equal("type mismatch", Invalid(Module(types, funcs, table, elems, code)).Reason);
        var funcElems = Section(9, Vec([0x05, FuncRef, 0x00]));
        Valid(Module(types, funcs, table, funcElems, code));
    }

    [Fact]
    public void Limits_BeyondU32_AreInvalidNotMalformed()
    {
        // min = 2^32 pages for a 32-bit memory, 2^32 elements for a 32-bit table.
        byte[] big = [0x80, 0x80, 0x80, 0x80, 0x10];
        Assert.Equal("memory size must be at most 65536 pages (4GiB)", Invalid(Module(Section(5, Vec([0x00, .. big])))).Reason);
        Assert.Equal("table size must be at most 2^32-1", Invalid(Module(Section(4, Vec([FuncRef, 0x00, .. big])))).Reason);
    }

    [Fact]
    public void BulkMemory_DataAndElemIndices()
    {
        var mem = Section(5, Vec([0x00, 0x01]));
        var dataCount = Section(12, U32(1));
        var data = Section(11, Vec([0x01, 0x00]));
        var types = Section(1, Vec(VoidType));
        var funcs = Section(3, Vec([0x00]));
        byte[] Code(params byte[] c) => Section(10, Vec(Body([], c)));
        Valid(Module(types, funcs, mem, dataCount, Code(0xFC, 0x09, 0x00, 0x0B), data));
        Assert.Equal("unknown data segment 1", Invalid(Module(types, funcs, mem, dataCount, Code(0xFC, 0x09, 0x01, 0x0B), data)).Reason);
        Assert.Equal("unknown elem segment 0", Invalid(Module(types, funcs, Code(0xFC, 0x0D, 0x00, 0x0B))).Reason);
    }

    [Fact]
    public void FunctionValidator_Queries()
    {
        var bytes = OneFunction(FuncType([I32], [I32]),
            [0x03, 0x7F, 0x20, 0x00, 0x00, 0x0B, 0x0B], [[0x01, F64]]); // loop (result i32) local.get 0 unreachable end end
        var m = ModuleDecoder.Decode(bytes);
        var v = new FunctionValidator(m);
        v.Begin(0);
        Assert.Equal(new[] { ValType.I32, ValType.F64 }, v.LocalTypes.ToArray());
        Assert.Equal(1, v.ControlDepth);
        Assert.True(v.Frame(0).IsFunction);
        var r = new CodeReader(m, m.Bodies[0]);
        var ins = r.Read();
        v.Step(ins);                                  // loop
        Assert.Equal(Opcode.Loop, v.Frame(0).Opcode);
        Assert.Empty(v.Frame(0).LabelTypes);
        Assert.Equal(new[] { ValType.I32 }, v.Frame(1).LabelTypes);
        v.Step(r.Read());                             // local.get 0
        Assert.Equal(ValType.I32, v.PeekOperand());
        Assert.Equal(1, v.OperandCount);
        Assert.False(v.IsUnreachable);
        v.Step(r.Read());                             // unreachable
        Assert.True(v.IsUnreachable);
        Assert.True(v.PeekOperand().IsUnknown);
        v.Step(r.Read());                             // end (loop)
        Assert.False(v.IsUnreachable);
        Assert.Equal(ValType.I32, v.PeekOperand());
        v.Step(r.Read());                             // end (function)
        Assert.Equal(0, v.ControlDepth);
        v.Finish(r.Position);
        Assert.True(r.AtEnd);
    }
}

public class LimitsValidationTests
{
    [Fact]
    public void TableSize_AtMost32Bits()
    {
        var bytes = Wasm.Tests.Binary.WasmBytes.Module(Wasm.Tests.Binary.WasmBytes.Section(4,
            [0x01, 0x70, 0x00, 0x80, 0x80, 0x80, 0x80, 0x10]));
        var e = Assert.Throws<InvalidModuleException>(() => ModuleValidator.Validate(ModuleDecoder.Decode(bytes)));
        Assert.Equal("table size must be at most 2^32-1", e.Reason);
    }
}
