using Wasm.Components.Abi;
using Wasm.Components.Types;
using Wasm.Components.Values;

namespace Wasm.Components.Tests.Abi;

public class TrapTests
{
    private static string Trap(Action a)
    {
        var e = Assert.Throws<TrapException>(a);
        Assert.Equal(TrapCode.CanonicalAbi, e.Code);
        return e.Message;
    }

    [Theory]
    [InlineData(0xD800)]
    [InlineData(0xDFFF)]
    [InlineData(0x110000)]
    [InlineData(-1)]
    public void InvalidChars_Trap(int bits)
    {
        var g = new GuestMemory();
        Assert.Equal("invalid `char` bit pattern", Trap(() => CanonicalAbi.LiftFlat(g.Context(), WitType.Char, [Value.FromI32(bits)])));
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(g.Bytes[0x100..], bits);
        Assert.Equal("invalid `char` bit pattern", Trap(() => CanonicalAbi.LoadFromPointer(g.Context(), 0x100, WitType.Char)));
    }

    [Fact]
    public void BadDiscriminants_Trap()
    {
        var g = new GuestMemory();
        var v = new VariantType([new("a", WitType.U32), new("b", null)]);
        var m = Trap(() => CanonicalAbi.LiftFlat(g.Context(), v, [Value.FromI32(2), Value.FromI32(0)]));
        Assert.Contains("invalid variant discriminant", m);
        Assert.Contains("discriminant 2 out of range [0..2)", m);
        g.Bytes[0x100] = 3;
        Assert.Contains("invalid variant discriminant", Trap(() => CanonicalAbi.LoadFromPointer(g.Context(), 0x100, new EnumType(["x", "y", "z"]))));
        Assert.Contains("out of range [0..2)", Trap(() => CanonicalAbi.LiftFlat(g.Context(), new OptionType(WitType.U8), [Value.FromI32(2), Value.FromI32(0)])));
        Assert.Contains("out of range [0..2)", Trap(() => CanonicalAbi.LiftFlat(g.Context(), new ResultType(null, null), [Value.FromI32(-1)])));
    }

    [Fact]
    public void BadLists_Trap()
    {
        var g = new GuestMemory();
        var t = new ListType(WitType.U32);
        var m = Trap(() => CanonicalAbi.LiftFlat(g.Context(), t, [Value.FromI32(0x102), Value.FromI32(1)]));
        Assert.Contains("unaligned pointer", m);
        m = Trap(() => CanonicalAbi.LiftFlat(g.Context(), t, [Value.FromI32(65532), Value.FromI32(2)]));
        Assert.Contains("list pointer/length out of bounds of memory", m);
        Assert.Contains("list content out-of-bounds", m);
        Assert.Contains("out of bounds", Trap(() => CanonicalAbi.LiftFlat(g.Context(), t, [Value.FromI32(0), Value.FromI32(1 << 27)])));
        Assert.Empty(CanonicalAbi.LiftFlat(g.Context(), t, [Value.FromI32(65536), Value.FromI32(0)]).Items);
    }

    [Fact]
    public void BadResultPointers_Trap()
    {
        var g = new GuestMemory();
        var ft = new ComponentFuncType([], WitType.String);
        Assert.Contains("unaligned pointer", Trap(() => CanonicalAbi.LiftResults(g.Context(), ft, [Value.FromI32(2)])));
        Assert.Contains("out of bounds", Trap(() => CanonicalAbi.LiftResults(g.Context(), ft, [Value.FromI32(65532)])));
        Assert.Contains("unaligned pointer", Trap(() => CanonicalAbi.LowerResults(g.Context(), ft, WitValue.String("x"), [Value.FromI32(1)], [])));
        Assert.Contains("out of bounds", Trap(() => CanonicalAbi.LowerResults(g.Context(), ft, WitValue.String("x"), [Value.FromI32(65532)], [])));
    }

    [Fact]
    public void MisbehavingRealloc_ForLists_Traps()
    {
        var g = new GuestMemory { ForcedResult = 2 };
        var t = new ListType(WitType.U32);
        var value = WitValue.List(WitValue.U32(1), WitValue.U32(2));
        Assert.Equal("unaligned pointer: realloc return: result not aligned", Trap(() => CanonicalAbi.LowerFlat(g.Context(recording: true), value, t)));
        g.ForcedResult = 65532;
        var m = Trap(() => CanonicalAbi.LowerFlat(g.Context(recording: true), value, t));
        Assert.Contains("realloc return: beyond end of memory", m);
        Assert.Contains("list content out-of-bounds", m);
        // an empty list still calls realloc, whose result is still checked
        g.ForcedResult = 65540;
        Assert.Contains("realloc return: beyond end of memory", Trap(() => CanonicalAbi.LowerFlat(g.Context(recording: true), WitValue.List(), t)));
    }
}
