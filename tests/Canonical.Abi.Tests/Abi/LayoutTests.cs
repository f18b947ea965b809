using Wasm.Components.Abi;
using Wasm.Components.Types;

namespace Wasm.Components.Tests.Abi;

public class LayoutTests
{
    private static readonly ResourceType R = new("r");

    private static string[] Labels(int n) => Enumerable.Range(0, n).Select(i => "l" + i).ToArray();

    /// <summary>The types of the table below, by name.</summary>
    internal static WitType Type(string name) => name switch
    {
        "bool" => WitType.Bool,
        "u8" => WitType.U8,
        "s16" => WitType.S16,
        "u32" => WitType.U32,
        "s64" => WitType.S64,
        "f32" => WitType.F32,
        "f64" => WitType.F64,
        "char" => WitType.Char,
        "string" => WitType.String,
        "list<u8>" => new ListType(WitType.U8),
        "list<u16,3>" => new ListType(WitType.U16, 3),
        "list<string,2>" => new ListType(WitType.String, 2),
        "record{a:u8,b:u32,c:u16}" => new RecordType([new("a", WitType.U8), new("b", WitType.U32), new("c", WitType.U16)]),
        "record{a:u8,b:u64}" => new RecordType([new("a", WitType.U8), new("b", WitType.U64)]),
        "tuple<u8,f64,string>" => new TupleType([WitType.U8, WitType.F64, WitType.String]),
        "variant{a(u32),b(f32),c}" => new VariantType([new("a", WitType.U32), new("b", WitType.F32), new("c", null)]),
        "variant{a(u64),b(f32)}" => new VariantType([new("a", WitType.U64), new("b", WitType.F32)]),
        "variant{a(f64),b(u32)}" => new VariantType([new("a", WitType.F64), new("b", WitType.U32)]),
        "variant{a(tuple<f32,u32>),b(tuple<u32,f64>)}" => new VariantType([
            new("a", new TupleType([WitType.F32, WitType.U32])), new("b", new TupleType([WitType.U32, WitType.F64]))]),
        "enum3" => new EnumType(Labels(3)),
        "enum300" => new EnumType(Labels(300)),
        "option<string>" => new OptionType(WitType.String),
        "option<u8>" => new OptionType(WitType.U8),
        "result<u32,string>" => new ResultType(WitType.U32, WitType.String),
        "result<_,_>" => new ResultType(null, null),
        "flags5" => new FlagsType(Labels(5)),
        "flags9" => new FlagsType(Labels(9)),
        "flags17" => new FlagsType(Labels(17)),
        "flags32" => new FlagsType(Labels(32)),
        "own" => new HandleType(R, true),
        "borrow" => new HandleType(R, false),
        _ => throw new ArgumentException(name),
    };

    // Expected values produced by running the spec's executable definitions
    // (design/mvp/canonical-abi/definitions.py) with
    //   elem_size(t,'i32'), alignment(t,'i32'), elem_size(t,'i64'), alignment(t,'i64'), flatten_type(t, opts)
    // for each type (see the task notes; script /tmp/layouts.py). Do not edit by hand.
    [Theory]
    [InlineData("bool", 1, 1, 1, 1, "i32")]
    [InlineData("u8", 1, 1, 1, 1, "i32")]
    [InlineData("s16", 2, 2, 2, 2, "i32")]
    [InlineData("u32", 4, 4, 4, 4, "i32")]
    [InlineData("s64", 8, 8, 8, 8, "i64")]
    [InlineData("f32", 4, 4, 4, 4, "f32")]
    [InlineData("f64", 8, 8, 8, 8, "f64")]
    [InlineData("char", 4, 4, 4, 4, "i32")]
    [InlineData("string", 8, 4, 16, 8, "i32 i32")]
    [InlineData("list<u8>", 8, 4, 16, 8, "i32 i32")]
    [InlineData("list<u16,3>", 6, 2, 6, 2, "i32 i32 i32")]
    [InlineData("list<string,2>", 16, 4, 32, 8, "i32 i32 i32 i32")]
    [InlineData("record{a:u8,b:u32,c:u16}", 12, 4, 12, 4, "i32 i32 i32")]
    [InlineData("record{a:u8,b:u64}", 16, 8, 16, 8, "i32 i64")]
    [InlineData("tuple<u8,f64,string>", 24, 8, 32, 8, "i32 f64 i32 i32")]
    [InlineData("variant{a(u32),b(f32),c}", 8, 4, 8, 4, "i32 i32")]
    [InlineData("variant{a(u64),b(f32)}", 16, 8, 16, 8, "i32 i64")]
    [InlineData("variant{a(f64),b(u32)}", 16, 8, 16, 8, "i32 i64")]
    [InlineData("variant{a(tuple<f32,u32>),b(tuple<u32,f64>)}", 24, 8, 24, 8, "i32 i32 i64")]
    [InlineData("enum3", 1, 1, 1, 1, "i32")]
    [InlineData("enum300", 2, 2, 2, 2, "i32")]
    [InlineData("option<string>", 12, 4, 24, 8, "i32 i32 i32")]
    [InlineData("option<u8>", 2, 1, 2, 1, "i32 i32")]
    [InlineData("result<u32,string>", 12, 4, 24, 8, "i32 i32 i32")]
    [InlineData("result<_,_>", 1, 1, 1, 1, "i32")]
    [InlineData("flags5", 1, 1, 1, 1, "i32")]
    [InlineData("flags9", 2, 2, 2, 2, "i32")]
    [InlineData("flags17", 4, 4, 4, 4, "i32")]
    [InlineData("flags32", 4, 4, 4, 4, "i32")]
    [InlineData("own", 4, 4, 4, 4, "i32")]
    [InlineData("borrow", 4, 4, 4, 4, "i32")]
    public void Layout_MatchesTheSpecDefinitions(string name, int size, int align, int size64, int align64, string flat)
    {
        var t = Type(name);
        Assert.Equal((uint)size, CanonicalAbi.ElemSize(t));
        Assert.Equal((uint)align, CanonicalAbi.Alignment(t));
        Assert.Equal((ulong)size64, CanonicalAbi.ElemSize64(t));
        Assert.Equal(flat, string.Join(' ', CanonicalAbi.FlattenType(t)!));
        Assert.Same(t.CachedLayout, t.CachedLayout);
        Assert.NotNull(t.CachedLayout);
        Assert.Equal((uint)align64, TypeLayout.Of(t).Alignment64);
    }

    [Fact]
    public void FlagsBeyond32_UseOneI32PerWord()
    {
        var t = new FlagsType(Labels(40));
        Assert.Equal(8u, CanonicalAbi.ElemSize(t));
        Assert.Equal(4u, CanonicalAbi.Alignment(t));
        Assert.Equal("i32 i32", string.Join(' ', CanonicalAbi.FlattenType(t)!));
    }

    [Fact]
    public void LongFlattenings_AreNotKept()
    {
        Assert.Null(CanonicalAbi.FlattenType(new ListType(WitType.U8, 17)));
        Assert.NotNull(CanonicalAbi.FlattenType(new ListType(WitType.U8, 16)));
        Assert.Null(CanonicalAbi.FlattenType(new OptionType(new ListType(WitType.U32, 16))));
        Assert.Equal(1000u, CanonicalAbi.ElemSize(new ListType(WitType.U8, 1000)));
    }

    [Fact]
    public void MaxElemSize_IsCheckedWith64BitPointers()
    {
        // 2^24 strings of 16 bytes (i64 pointers) = 2^28: just over the limit; 8 bytes each with i32 pointers.
        var big = new ListType(WitType.String, 1u << 24);
        Assert.False(CanonicalAbi.IsWithinMaxElemSize(big));
        Assert.True(CanonicalAbi.IsWithinMaxElemSize(new ListType(WitType.String, (1u << 24) - 1)));
        var huge = new ListType(new ListType(WitType.U64, uint.MaxValue), uint.MaxValue);
        Assert.False(CanonicalAbi.IsWithinMaxElemSize(huge));
        Assert.Equal(ulong.MaxValue, CanonicalAbi.ElemSize64(huge));
    }

    private static ComponentFuncType Func(int paramCount, WitType paramType, WitType? result) =>
        new(Enumerable.Range(0, paramCount).Select(i => new Param("p" + i, paramType)).ToArray(), result);

    // flatten_functype(opts, ft, 'lift' / 'lower') from definitions.py (same script).
    [Fact]
    public void FlattenFuncType_MatchesTheSpecDefinitions()
    {
        var ft = Func(16, WitType.U32, WitType.U32);
        Assert.Equal(new Wasm.FuncType(Enumerable.Repeat(ValType.I32, 16).ToArray(), [ValType.I32]), CanonicalAbi.FlattenFuncTypeLift(ft));
        Assert.Equal(new Wasm.FuncType(Enumerable.Repeat(ValType.I32, 16).ToArray(), [ValType.I32]), CanonicalAbi.FlattenFuncTypeLower(ft));
        Assert.False(CanonicalAbi.ParamsInMemory(ft));

        ft = Func(17, WitType.U32, WitType.String);
        Assert.Equal(new Wasm.FuncType([ValType.I32], [ValType.I32]), CanonicalAbi.FlattenFuncTypeLift(ft));
        Assert.Equal(new Wasm.FuncType([ValType.I32, ValType.I32], []), CanonicalAbi.FlattenFuncTypeLower(ft));
        Assert.True(CanonicalAbi.ParamsInMemory(ft));
        Assert.True(CanonicalAbi.ResultInMemory(ft));

        ft = Func(1, WitType.String, null);
        Assert.Equal(new Wasm.FuncType([ValType.I32, ValType.I32], []), CanonicalAbi.FlattenFuncTypeLift(ft));
        Assert.Equal(new Wasm.FuncType([ValType.I32, ValType.I32], []), CanonicalAbi.FlattenFuncTypeLower(ft));

        ft = Func(0, WitType.U8, new TupleType([WitType.U8, WitType.U8]));
        Assert.Equal(new Wasm.FuncType([], [ValType.I32]), CanonicalAbi.FlattenFuncTypeLift(ft));
        Assert.Equal(new Wasm.FuncType([ValType.I32], []), CanonicalAbi.FlattenFuncTypeLower(ft));
        Assert.Same(ft.CachedLayout, ft.CachedLayout);
    }
}
