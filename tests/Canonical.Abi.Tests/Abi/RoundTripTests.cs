using Wasm.Components.Abi;
using Wasm.Components.Model;
using Wasm.Components.Types;
using Wasm.Components.Values;

namespace Wasm.Components.Tests.Abi;

public class RoundTripTests
{
    private static readonly RecordType Point = new([new("x", WitType.S32), new("y", WitType.F64), new("name", WitType.String)]);
    private static readonly VariantType Shape = new([new("circle", WitType.F32), new("square", WitType.U64), new("none", null), new("named", WitType.String)]);
    private static readonly FlagsType Perms = new(["read", "write", "exec"]);
    private static readonly FlagsType Many = new(Enumerable.Range(0, 40).Select(i => "f" + i).ToArray());

    public static TheoryData<string> Cases() => new(Values.Keys);

    private static readonly Dictionary<string, (WitType Type, WitValue Value)> Values = new()
    {
        ["bool true"] = (WitType.Bool, WitValue.Bool(true)),
        ["bool false"] = (WitType.Bool, WitValue.Bool(false)),
        ["s8 min"] = (WitType.S8, WitValue.S8(sbyte.MinValue)),
        ["u8 max"] = (WitType.U8, WitValue.U8(byte.MaxValue)),
        ["s16 min"] = (WitType.S16, WitValue.S16(short.MinValue)),
        ["u16 max"] = (WitType.U16, WitValue.U16(ushort.MaxValue)),
        ["s32 min"] = (WitType.S32, WitValue.S32(int.MinValue)),
        ["u32 max"] = (WitType.U32, WitValue.U32(uint.MaxValue)),
        ["s64 min"] = (WitType.S64, WitValue.S64(long.MinValue)),
        ["u64 max"] = (WitType.U64, WitValue.U64(ulong.MaxValue)),
        ["f32"] = (WitType.F32, WitValue.F32(-1.5f)),
        ["f32 nan"] = (WitType.F32, WitValue.F32(float.NaN)),
        ["f64"] = (WitType.F64, WitValue.F64(Math.PI)),
        ["f64 -0"] = (WitType.F64, WitValue.F64(-0.0)),
        ["char ascii"] = (WitType.Char, WitValue.Char('x')),
        ["char astral"] = (WitType.Char, WitValue.Char(0x1F600)),
        ["string empty"] = (WitType.String, WitValue.String("")),
        ["string non-ascii"] = (WitType.String, WitValue.String("héllo wörld ✓ 😀")),
        ["list<u8>"] = (new ListType(WitType.U8), WitValue.List(WitValue.U8(1), WitValue.U8(2), WitValue.U8(255))),
        ["list empty"] = (new ListType(WitType.String), WitValue.List()),
        ["list<string>"] = (new ListType(WitType.String), WitValue.List(WitValue.String("a"), WitValue.String("ßç"))),
        ["list<u16,3>"] = (new ListType(WitType.U16, 3), WitValue.List(WitValue.U16(1), WitValue.U16(2), WitValue.U16(3))),
        ["list<list<u32>>"] = (new ListType(new ListType(WitType.U32)), WitValue.List(WitValue.List(WitValue.U32(7)), WitValue.List())),
        ["record"] = (Point, WitValue.Record(("x", WitValue.S32(-3)), ("y", WitValue.F64(2.5)), ("name", WitValue.String("p")))),
        ["tuple"] = (new TupleType([WitType.U8, WitType.S64, WitType.Char]), WitValue.Tuple(WitValue.U8(9), WitValue.S64(-9), WitValue.Char('é'))),
        ["variant f32"] = (Shape, WitValue.Variant("circle", WitValue.F32(0.5f))),
        ["variant u64"] = (Shape, WitValue.Variant("square", WitValue.U64(1ul << 40))),
        ["variant none"] = (Shape, WitValue.Variant("none")),
        ["variant string"] = (Shape, WitValue.Variant("named", WitValue.String("ő"))),
        ["enum"] = (new EnumType(["a", "b", "c"]), WitValue.Enum("c")),
        ["enum 300"] = (new EnumType(Enumerable.Range(0, 300).Select(i => "e" + i).ToArray()), WitValue.Enum("e299")),
        ["option some"] = (new OptionType(WitType.String), WitValue.Some(WitValue.String("x"))),
        ["option none"] = (new OptionType(WitType.String), WitValue.None),
        ["option<option<u8>>"] = (new OptionType(new OptionType(WitType.U8)), WitValue.Some(WitValue.None)),
        ["result ok"] = (new ResultType(WitType.U32, WitType.String), WitValue.Ok(WitValue.U32(5))),
        ["result err"] = (new ResultType(WitType.U32, WitType.String), WitValue.Err(WitValue.String("bad"))),
        ["result empty"] = (new ResultType(null, null), WitValue.Err()),
        ["result<f64,f32>"] = (new ResultType(WitType.F64, WitType.F32), WitValue.Err(WitValue.F32(-2f))),
        ["flags"] = (Perms, WitValue.Flags("read", "exec")),
        ["flags none"] = (Perms, WitValue.Flags()),
        ["flags 40"] = (Many, WitValue.Flags("f0", "f33", "f39")),
        ["map"] = (new MapType(WitType.String, WitType.U32), WitValue.List(WitValue.Tuple(WitValue.String("k"), WitValue.U32(1)))),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void StoreThenLoad(string name)
    {
        var (t, v) = Values[name];
        var g = new GuestMemory();
        var cx = g.Context();
        CanonicalAbi.StoreToPointer(cx, v, t, 0x100);
        Assert.Equal(v, CanonicalAbi.LoadFromPointer(cx, 0x100, t));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void LowerFlatThenLiftFlat(string name)
    {
        var (t, v) = Values[name];
        var g = new GuestMemory();
        var cx = g.Context();
        var flat = CanonicalAbi.LowerFlat(cx, v, t);
        Assert.Equal(CanonicalAbi.FlattenType(t)!, flat.Select(f => f.Type));
        Assert.Equal(v, CanonicalAbi.LiftFlat(cx, t, flat));
    }

    [Theory]
    [InlineData(StringEncoding.Utf8)]
    [InlineData(StringEncoding.Utf16)]
    [InlineData(StringEncoding.Latin1Utf16)]
    public void EveryValueAsParametersInMemory_AndAsResultThroughReturnPointer(StringEncoding encoding)
    {
        var g = new GuestMemory();
        var keys = Values.Keys.ToArray();
        var ft = new ComponentFuncType(keys.Select((k, i) => new Param("p" + i, Values[k].Type)).ToArray(), Point);
        Assert.True(CanonicalAbi.ParamsInMemory(ft));
        var args = keys.Select(k => Values[k].Value).ToArray();

        var caller = g.Context(encoding);
        var flat = CanonicalAbi.LowerParams(caller, ft, args);
        Assert.Single(flat);
        var callee = g.Context(encoding);
        Assert.Equal(args, CanonicalAbi.LiftParams(callee, ft, flat));

        // lowered import: the result goes through the return pointer (last flat argument)
        var result = Values["record"].Value;
        var retptr = Value.FromI32(0x200);
        CanonicalAbi.LowerResults(callee, ft, result, [flat[0], retptr], Span<Value>.Empty);
        Assert.Equal(result, CanonicalAbi.LiftResults(caller, ft, [retptr]));
        callee.ExitCall();
        caller.ExitCall();
    }

    [Fact]
    public void NaNs_AreCanonicalizedOnLiftAndLower()
    {
        var g = new GuestMemory();
        var cx = g.Context();
        var lifted = CanonicalAbi.LiftFlat(cx, WitType.F32, [Value.FromF32Bits(0x7fa00001)]);
        Assert.Equal(CanonicalAbi.CanonicalNaN32, BitConverter.SingleToInt32Bits(lifted.AsSingle()));
        var lowered = CanonicalAbi.LowerFlat(cx, WitValue.F64(BitConverter.Int64BitsToDouble(unchecked((long)0xfff0000000000123))), WitType.F64);
        Assert.Equal(CanonicalAbi.CanonicalNaN64, lowered[0].Bits);
        var v = new VariantType([new("a", WitType.F32), new("b", WitType.U64)]);
        var flat = CanonicalAbi.LowerFlat(cx, WitValue.Variant("a", WitValue.F32(float.NaN)), v);
        Assert.Equal(ValType.I64, flat[1].Type);
        Assert.Equal((long)(uint)CanonicalAbi.CanonicalNaN32, flat[1].Bits);
    }

    [Fact]
    public void VariantPayloads_AreJoinedAndCoerced()
    {
        var g = new GuestMemory();
        var cx = g.Context();
        var t = new VariantType([new("a", new TupleType([WitType.F32, WitType.U32])), new("b", new TupleType([WitType.U32, WitType.F64]))]);
        var flat = CanonicalAbi.LowerFlat(cx, WitValue.Variant("a", WitValue.Tuple(WitValue.F32(1f), WitValue.U32(0xffffffff))), t);
        Assert.Equal([ValType.I32, ValType.I32, ValType.I64], flat.Select(f => f.Type));
        Assert.Equal(BitConverter.SingleToInt32Bits(1f), flat[1].I32);
        Assert.Equal(0xffffffffL, flat[2].I64);
        // lifting wraps the i64 back to the case's i32
        var back = CanonicalAbi.LiftFlat(cx, t, [Value.FromI32(0), Value.FromI32(BitConverter.SingleToInt32Bits(1f)), Value.FromI64(0x1_ffffffffL)]);
        Assert.Equal(WitValue.Variant("a", WitValue.Tuple(WitValue.F32(1f), WitValue.U32(0xffffffff))), back);
    }

    [Fact]
    public void IntegersWrapAndSignExtendOnLift()
    {
        var cx = new GuestMemory().Context();
        Assert.Equal(WitValue.U8(0x34), CanonicalAbi.LiftFlat(cx, WitType.U8, [Value.FromI32(0x1234)]));
        Assert.Equal(WitValue.S8(-1), CanonicalAbi.LiftFlat(cx, WitType.S8, [Value.FromI32(0xff)]));
        Assert.Equal(WitValue.S16(-2), CanonicalAbi.LiftFlat(cx, WitType.S16, [Value.FromI32(0x1fffe)]));
        Assert.Equal(WitValue.U32(uint.MaxValue), CanonicalAbi.LiftFlat(cx, WitType.U32, [Value.FromI32(-1)]));
        Assert.Equal(WitValue.Bool(true), CanonicalAbi.LiftFlat(cx, WitType.Bool, [Value.FromI32(2)]));
        // flags: bits beyond the labels are ignored
        Assert.Equal(WitValue.Flags("read"), CanonicalAbi.LiftFlat(cx, Perms, [Value.FromI32(0xf1)]));
    }

    [Fact]
    public void RecordFieldsMayBeGivenInAnyOrder()
    {
        var cx = new GuestMemory().Context();
        var v = WitValue.Record(("name", WitValue.String("n")), ("x", WitValue.S32(1)), ("y", WitValue.F64(0)));
        var back = CanonicalAbi.LiftFlat(cx, Point, CanonicalAbi.LowerFlat(cx, v, Point));
        Assert.Equal(new[] { "x", "y", "name" }, back.FieldNames);
        Assert.Equal(WitValue.String("n"), back.Field("name"));
    }

    public static TheoryData<string, WitValue> Mismatches() => new()
    {
        { "u32", WitValue.S32(1) },
        { "string", WitValue.U8(1) },
        { "record", WitValue.Record(("x", WitValue.S32(1))) },
        { "variant", WitValue.Variant("nope") },
        { "variant", WitValue.Variant("none", WitValue.U8(1)) },
        { "variant", WitValue.Variant("circle") },
        { "flags", WitValue.Flags("read", "fly") },
        { "fixed", WitValue.List(WitValue.U16(1)) },
        { "enum", WitValue.Enum("z") },
    };

    [Theory]
    [MemberData(nameof(Mismatches))]
    public void ValuesNotMatchingTheType_AreArgumentErrors(string type, WitValue value)
    {
        WitType t = type switch
        {
            "u32" => WitType.U32,
            "string" => WitType.String,
            "record" => Point,
            "variant" => Shape,
            "flags" => Perms,
            "fixed" => new ListType(WitType.U16, 3),
            _ => new EnumType(["a"]),
        };
        var cx = new GuestMemory().Context();
        Assert.ThrowsAny<ArgumentException>(() => CanonicalAbi.LowerFlat(cx, value, t));
        Assert.ThrowsAny<ArgumentException>(() => CanonicalAbi.StoreToPointer(cx, value, t, 0x100));
    }

    [Fact]
    public void WrongArgumentCount_IsAnArgumentError()
    {
        var ft = new ComponentFuncType([new("a", WitType.U32)], null);
        Assert.Throws<ArgumentException>(() => CanonicalAbi.LowerParams(new GuestMemory().Context(), ft, []));
    }
}
