using Wasm.Binary;
using Wasm.Model;
using static Wasm.Tests.Binary.WasmBytes;

namespace Wasm.Tests.Binary;

public class ModuleDecoderTests
{
    private static MalformedModuleException Malformed(byte[] bytes) =>
        Assert.Throws<MalformedModuleException>(() => ModuleDecoder.Decode(bytes));

    [Fact]
    public void EmptyModule()
    {
        var m = ModuleDecoder.Decode(Header);
        Assert.Empty(m.Types);
        Assert.Empty(m.Bodies);
    }

    [Theory]
    [InlineData(new byte[] { }, "unexpected end")]
    [InlineData(new byte[] { 0x00, 0x61, 0x73 }, "unexpected end")]
    [InlineData(new byte[] { 0x00, 0x61, 0x73, 0x6D, 0x01 }, "unexpected end")]
    [InlineData(new byte[] { 0x00, 0x41, 0x53, 0x4D, 0x01, 0x00, 0x00, 0x00 }, "magic header not detected")]
    [InlineData(new byte[] { 0x00, 0x61, 0x73, 0x6D, 0x02, 0x00, 0x00, 0x00 }, "unknown binary version")]
    public void Header_Errors(byte[] bytes, string reason) => Assert.Equal(reason, Malformed(bytes).Reason);

    [Fact]
    public void Sections_MustBeInOrder_AndNotRepeated()
    {
        var type = Section(1, Vec(FuncType([], [])));
        var func = Section(3, Vec([0x00]));
        var e = Malformed(Module(func, type));
        Assert.Equal("unexpected content after last section", e.Reason);
        Assert.Equal(Header.Length + func.Length, e.Offset);
        Assert.Equal("unexpected content after last section", Malformed(Module(type, type)).Reason);
    }

    [Fact]
    public void DataCount_GoesBeforeCode()
    {
        var bytes = Module(Section(1, Vec(FuncType([], []))), Section(3, Vec([0x00])), Section(12, U32(0)),
            Section(10, Vec(Body([], 0x0B))));
        var m = ModuleDecoder.Decode(bytes);
        Assert.Equal(0u, m.DataCount);
        var wrong = Module(Section(1, Vec(FuncType([], []))), Section(3, Vec([0x00])),
            Section(10, Vec(Body([], 0x0B))), Section(12, U32(0)));
        Assert.Equal("unexpected content after last section", Malformed(wrong).Reason);
    }

    [Fact]
    public void CustomSections_AnywhereAndKept()
    {
        var custom = Section(0, Name("hello"), [1, 2, 3]);
        var m = ModuleDecoder.Decode(Module(custom, Section(1, Vec(FuncType([], []))), custom));
        Assert.Equal(2, m.CustomSections.Count);
        Assert.Equal("hello", m.CustomSections[0].Name);
        Assert.Equal(new byte[] { 1, 2, 3 }, m.CustomSections[1].Data.ToArray());
    }

    [Fact]
    public void SectionIds_BeyondKnownAreMalformed()
    {
        var e = Malformed(Module([0x0E, 0x01, 0x00]));
        Assert.Equal("malformed section id", e.Reason);
        Assert.Equal(8, e.Offset);
    }

    [Fact]
    public void SectionSize_Mismatch()
    {
        // Type section claims 5 bytes but its single type uses 4.
        var bytes = Module([0x01, 0x05, 0x01, 0x60, 0x00, 0x00, 0x00]);
        Assert.Equal("section size mismatch", Malformed(bytes).Reason);
    }

    [Fact]
    public void SectionSize_BeyondInput()
    {
        Assert.Equal("length out of bounds", Malformed(Module([0x01, 0x07, 0x01, 0x60, 0x00, 0x00])).Reason);
    }

    [Fact]
    public void TruncatedSection_IsUnexpectedEndOfSection()
    {
        Assert.Equal("unexpected end of section or function", Malformed(Module([0x04, 0x01, 0x01])).Reason);
    }

    [Fact]
    public void FunctionAndCode_MustAgree()
    {
        var bytes = Module(Section(1, Vec(FuncType([], []))), Section(3, Vec([0x00], [0x00])));
        Assert.Equal("function and code section have inconsistent lengths", Malformed(bytes).Reason);
    }

    [Fact]
    public void Locals_AreExpanded()
    {
        var bytes = OneFunction(FuncType([I32], []), [0x0B], [[0x02, I64], [0x01, F32]]);
        var m = ModuleDecoder.Decode(bytes);
        Assert.Equal(new[] { ValType.I64, ValType.I64, ValType.F32 }, m.Bodies[0].Locals);
        Assert.Equal(1, m.Bodies[0].CodeLength);
        Assert.Equal(0x0B, bytes[m.Bodies[0].CodeOffset]);
    }

    [Fact]
    public void Locals_HugeCountsAreRejectedBeforeAllocating()
    {
        var bytes = OneFunction(FuncType([], []), [0x0B], [[0xFF, 0xFF, 0xFF, 0xFF, 0x0F, I32]]);
        Assert.Equal("too many locals", Malformed(bytes).Reason);
    }

    [Fact]
    public void Body_MissingEnd()
    {
        var bytes = OneFunction(FuncType([], []), [0x41, 0x01, 0x1A]);
        Assert.Equal("unexpected end of section or function", Malformed(bytes).Reason);
    }

    [Fact]
    public void Body_ElseOutsideIf()
    {
        var bytes = OneFunction(FuncType([], []), [0x02, 0x40, 0x05, 0x0B, 0x0B]);
        var e = Malformed(bytes);
        Assert.Equal("END opcode expected", e.Reason);
        Assert.Equal(0x05, bytes[e.Offset]);
    }

    [Fact]
    public void MemoryInit_RequiresDataCount()
    {
        var mem = Section(5, Vec([0x00, 0x01]));
        var bytes = OneFunction(FuncType([], []),
            [0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xFC, 0x08, 0x00, 0x00, 0x0B], null, mem);
        Assert.Equal("data count section required", Malformed(bytes).Reason);
    }

    [Fact]
    public void Imports_AndExports()
    {
        var bytes = Module(
            Section(1, Vec(FuncType([I32], []))),
            Section(2, Vec(
                Concat(Name("env"), Name("f"), [0x00, 0x00]),
                Concat(Name("env"), Name("t"), [0x01, FuncRef, 0x01, 0x01, 0x02]),
                Concat(Name("env"), Name("m"), [0x02, 0x00, 0x01]),
                Concat(Name("env"), Name("g"), [0x03, I64, 0x01]))),
            Section(7, Vec(Concat(Name("f"), [0x00, 0x00]))));
        var m = ModuleDecoder.Decode(bytes);
        Assert.Equal(4, m.Imports.Count);
        Assert.Equal((1, 1, 1, 1), (m.ImportedFuncs, m.ImportedTables, m.ImportedMemories, m.ImportedGlobals));
        Assert.Equal(new Limits(1, 2), m.Tables[0].Limits);
        Assert.Equal(new GlobalType(ValType.I64, true), m.Globals[0].Type);
        Assert.Contains(0u, m.DeclaredFuncRefs);
        Assert.Equal(ExternKind.Func, m.Exports[0].Kind);
    }

    [Theory]
    [InlineData((byte)0x05, "malformed import kind")]
    public void Imports_BadKind(byte kind, string reason)
    {
        var bytes = Module(Section(2, Vec(Concat(Name("a"), Name("b"), [kind, 0x00]))));
        Assert.Equal(reason, Malformed(bytes).Reason);
    }

    [Fact]
    public void Globals_BadMutability()
    {
        var bytes = Module(Section(6, Vec([I32, 0x02, 0x41, 0x00, 0x0B])));
        Assert.Equal("malformed mutability", Malformed(bytes).Reason);
    }

    [Fact]
    public void Limits_BadFlags()
    {
        Assert.Equal("malformed limits flags", Malformed(Module(Section(5, Vec([0x08, 0x00])))).Reason);
        Assert.Equal("malformed limits flags", Malformed(Module(Section(4, Vec([FuncRef, 0x02, 0x00])))).Reason);
    }

    [Fact]
    public void ElementSegments_AllEncodings()
    {
        var bytes = Module(
            Section(1, Vec(FuncType([], []))),
            Section(3, Vec([0x00])),
            Section(4, Vec([FuncRef, 0x00, 0x01])),
            Section(9, Vec(
                [0x00, 0x41, 0x00, 0x0B, 0x01, 0x00],                   // active, table 0, func indices
                [0x01, 0x00, 0x01, 0x00],                               // passive, func indices
                [0x03, 0x00, 0x01, 0x00],                               // declarative
                [0x05, FuncRef, 0x02, 0xD2, 0x00, 0x0B, 0xD0, 0x70, 0x0B], // passive, expressions
                [0x06, 0x00, 0x41, 0x00, 0x0B, FuncRef, 0x00])),       // active, explicit table, expressions
            Section(10, Vec(Body([], 0x0B))));
        var m = ModuleDecoder.Decode(bytes);
        Assert.Equal(5, m.Elements.Count);
        Assert.Equal(SegmentMode.Active, m.Elements[0].Mode);
        Assert.Equal(SegmentMode.Passive, m.Elements[1].Mode);
        Assert.Equal(SegmentMode.Declarative, m.Elements[2].Mode);
        Assert.Equal(2, m.Elements[3].Items.Length);
        Assert.Equal(Wasm.Instructions.Opcode.RefFunc, m.Elements[0].Items[0].Code[0].Op);
        Assert.Empty(m.Elements[4].Items);
    }

    [Fact]
    public void ElementSegment_BadReferenceType()
    {
        var bytes = Module(Section(9, Vec([0x05, I32, 0x00])));
        Assert.Equal("malformed reference type", Malformed(bytes).Reason);
    }

    [Fact]
    public void DataSegments()
    {
        var bytes = Module(
            Section(5, Vec([0x00, 0x01])),
            Section(11, Vec([0x00, 0x41, 0x08, 0x0B, 0x02, 0xAA, 0xBB], [0x01, 0x01, 0xCC])));
        var m = ModuleDecoder.Decode(bytes);
        Assert.Equal(2, m.Datas.Count);
        Assert.Equal(new byte[] { 0xAA, 0xBB }, m.Datas[0].Data.ToArray());
        Assert.Equal(8ul, m.Datas[0].Offset!.Code[0].Imm);
        Assert.Equal(SegmentMode.Passive, m.Datas[1].Mode);
    }

    [Fact]
    public void DataCount_MustMatchDataSection()
    {
        var bytes = Module(Section(12, U32(2)), Section(11, Vec([0x01, 0x00])));
        Assert.Equal("data count and data section have inconsistent lengths", Malformed(bytes).Reason);
    }

    [Fact]
    public void RecursiveGroupsDecodeToCanonicalTypes()
    {
        // (rec (type (sub (struct (field (ref null 0))))) (type (sub 0 (struct (field (ref null 0)) (field (mut i32))))))
        byte[] group = [0x4E, 0x02, 0x50, 0x00, 0x5F, 0x01, 0x63, 0x00, 0x00, 0x50, 0x01, 0x00, 0x5F, 0x02, 0x63, 0x00, 0x00, 0x7F, 0x01];
        var a = ModuleDecoder.Decode(Module(Section(1, Concat([0x01], group))));
        var b = ModuleDecoder.Decode(Module(Section(1, Concat([0x01], group))));
        Assert.Same(a.TypeDefs[0], b.TypeDefs[0]);
        Assert.Same(a.TypeDefs[0], a.TypeDefs[1].Super);
        Assert.Equal(a.TypeDefs[0].Id, a.TypeDefs[0].Fields[0].Type.TypeId);
        Assert.True(a.TypeDefs[1].Fields[1].Mutable);
        Assert.True(a.TypeDefs[1].IsSubtypeOf(a.TypeDefs[0]));
    }

    [Fact]
    public void Memory64Table64AndSharedMemories_Decode()
    {
        var memory = ModuleDecoder.Decode(Module(Section(5, Vec([0x05, 0x01, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x40])))).Memories[0];
        Assert.True(memory.Is64);
        Assert.Equal(new Limits(1, 1UL << 48), memory.Limits);
        Assert.Equal(ValType.I64, memory.AddressType);
        var table = ModuleDecoder.Decode(Module(Section(4, Vec([0x70, 0x04, 0x02])))).Tables[0];
        Assert.True(table.Is64);
        Assert.Equal(new Limits(2, null), table.Limits);
        Assert.False(ModuleDecoder.Decode(Module(Section(4, Vec([0x70, 0x00, 0x02])))).Tables[0].Is64);
        var shared = ModuleDecoder.Decode(Module(Section(5, Vec([0x03, 0x00, 0x01])))).Memories[0];
        Assert.Equal(new MemoryType(new Limits(0, 1), Shared: true), shared);
        var shared64 = ModuleDecoder.Decode(Module(Section(5, Vec([0x07, 0x00, 0x01])))).Memories[0];
        Assert.Equal(new MemoryType(new Limits(0, 1), Shared: true, Is64: true), shared64);
        // Without a maximum the flags still decode; validation rejects the memory.
        Assert.True(ModuleDecoder.Decode(Module(Section(5, Vec([0x02, 0x00])))).Memories[0].Shared);
        Assert.Equal("malformed limits flags", Malformed(Module(Section(5, Vec([0x08, 0x00])))).Reason);
        // Tables cannot be shared.
        Assert.Equal("malformed limits flags", Malformed(Module(Section(4, Vec([0x70, 0x06, 0x00])))).Reason);
    }

    [Fact]
    public void TagSection_ListsTagTypes()
    {
        var m = ModuleDecoder.Decode(Module(Section(13, Vec([0x00, 0x02], [0x00, 0x00]))));
        Assert.Equal([2u, 0u], m.TagTypeIndices);
    }

    [Fact]
    public void TagSection_RejectsAttributesOtherThanException()
    {
        var e = Assert.Throws<MalformedModuleException>(() => ModuleDecoder.Decode(Module(Section(13, Vec([0x01, 0x00])))));
        Assert.Equal("malformed tag attribute", e.Reason);
    }
}
