using Wasm.Text;

namespace Wasm.Tests.Text;

public class WatTests
{
    private static readonly byte[] Header = [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00];

    private static byte[] Module(params byte[] sections) => [.. Header, .. sections];

    [Fact]
    public void EmptyModule()
    {
        Assert.Equal(Header, Wat.ToBinary("(module)"));
        Assert.Equal(Header, Wat.ToBinary(""));
        Assert.Equal(Header, Wat.ToBinary("(module $m)"));
    }

    [Fact]
    public void ExportedFunctionWithNamedParams()
    {
        var bin = Wat.ToBinary("""
            (module
              (func $add (export "add") (param $a i32) (param $b i32) (result i32)
                (i32.add (local.get $a) (local.get $b))))
            """);
        Assert.Equal(Module(
            0x01, 0x07, 0x01, 0x60, 0x02, 0x7F, 0x7F, 0x01, 0x7F,
            0x03, 0x02, 0x01, 0x00,
            0x07, 0x07, 0x01, 0x03, (byte)'a', (byte)'d', (byte)'d', 0x00, 0x00,
            0x0A, 0x09, 0x01, 0x07, 0x00, 0x20, 0x00, 0x20, 0x01, 0x6A, 0x0B), bin);
    }

    [Fact]
    public void ImplicitTypesReuseAndAppendInOrder()
    {
        var bin = Wat.ToBinary("""
            (type $v (func))
            (func (param i64))
            (func (param i64))
            (func (type $v))
            (func (result f32) (f32.const 0))
            """);
        // types: 0 = [] -> [], 1 = [i64] -> [], 2 = [] -> [f32]
        Assert.Equal(new byte[] { 0x01, 0x0C, 0x03, 0x60, 0x00, 0x00, 0x60, 0x01, 0x7E, 0x00, 0x60, 0x00, 0x01, 0x7D },
            bin.AsSpan(8, 14).ToArray());
        Assert.Equal(new byte[] { 0x03, 0x05, 0x04, 0x01, 0x01, 0x00, 0x02 }, bin.AsSpan(22, 7).ToArray());
    }

    [Fact]
    public void Wasm3Constructs_Encode()
    {
        // return_call 0 and return_call_indirect (type 0) (table 0)
        var bin = Wat.ToBinary("(table 1 funcref) (func (return_call 0)) (func (return_call_indirect (type 0) (i32.const 0)))");
        Assert.True(bin.AsSpan().IndexOf(new byte[] { 0x12, 0x00, 0x0B }) > 0);
        Assert.True(bin.AsSpan().IndexOf(new byte[] { 0x41, 0x00, 0x13, 0x00, 0x00, 0x0B }) > 0);
        // A 64-bit memory with inline data: limits flag 0x05 (i64, maximum), and an i64.const 0 offset.
        bin = Wat.ToBinary("(memory i64 (data \"ab\"))");
        Assert.True(bin.AsSpan().IndexOf(new byte[] { 0x05, 0x04, 0x01, 0x05, 0x01, 0x01 }) > 0);
        Assert.True(bin.AsSpan().IndexOf(new byte[] { 0x00, 0x42, 0x00, 0x0B, 0x02, (byte)'a', (byte)'b' }) > 0);
        // A 64-bit table: flag 0x04 after the element type.
        bin = Wat.ToBinary("(table i64 3 funcref)");
        Assert.True(bin.AsSpan().IndexOf(new byte[] { 0x04, 0x04, 0x01, 0x70, 0x04, 0x03 }) > 0);
        // An offset beyond 2^32 is fine on a 64-bit memory.
        bin = Wat.ToBinary("(memory i64 1) (func (drop (i32.load offset=0x100000000 (i64.const 0))))");
        Assert.True(bin.AsSpan().IndexOf(new byte[] { 0x28, 0x02, 0x80, 0x80, 0x80, 0x80, 0x10 }) > 0);
        // An extended constant expression.
        bin = Wat.ToBinary("(global i32 (i32.add (i32.const 1) (i32.const 2)))");
        Assert.True(bin.AsSpan().IndexOf(new byte[] { 0x7F, 0x00, 0x41, 0x01, 0x41, 0x02, 0x6A, 0x0B }) > 0);
    }

    [Fact]
    public void LabelsResolveToDepths()
    {
        var bin = Wat.ToBinary("(func (block $outer (loop $inner (br_if $outer (i32.const 1)) (br $inner))))");
        // block 0x40, loop 0x40, i32.const 1, br_if 1, br 0, end, end, end
        var code = new byte[] { 0x02, 0x40, 0x03, 0x40, 0x41, 0x01, 0x0D, 0x01, 0x0C, 0x00, 0x0B, 0x0B, 0x0B };
        Assert.True(bin.AsSpan().IndexOf(code) > 0);
    }

    [Fact]
    public void StringEscapesAreRawBytes()
    {
        var bin = Wat.ToBinary("(memory 1) (data (i32.const 0) \"a\\n\\t\\\\\\'\\\"\\00\\ff\\u{1F600}\")");
        var expected = new byte[] { (byte)'a', 0x0A, 0x09, (byte)'\\', (byte)'\'', (byte)'"', 0x00, 0xFF, 0xF0, 0x9F, 0x98, 0x80 };
        Assert.True(bin.AsSpan().IndexOf(expected) > 0);
    }

    [Fact]
    public void MemArgDefaultsToNaturalAlignment()
    {
        var bin = Wat.ToBinary("(memory 1) (func (drop (i64.load offset=8 (i32.const 0))) (drop (i32.load8_u align=1 (i32.const 0))))");
        Assert.True(bin.AsSpan().IndexOf(new byte[] { 0x29, 0x03, 0x08 }) > 0);
        Assert.True(bin.AsSpan().IndexOf(new byte[] { 0x2D, 0x00, 0x00 }) > 0);
    }

    [Theory]
    [InlineData("(func (i32.const 4294967296) drop)", "constant out of range")]
    [InlineData("(func (nop) (local i32))", "unexpected token")]
    [InlineData("(func i32.foo)", "unknown operator")]
    [InlineData("(func block $a end $b)", "mismatching label")]
    [InlineData("(func (br $x))", "unknown label")]
    [InlineData("(func $f) (func $f)", "duplicate func")]
    [InlineData("(func (param $x i32) (local $x i32))", "duplicate local")]
    [InlineData("(memory 1) (func (drop (i32.load align=3 (i32.const 0))))", "alignment")]
    [InlineData("(type $t (func)) (func (type $t) (param i32))", "inline function type")]
    [InlineData("(func) (import \"a\" \"b\" (func))", "import after function")]
    [InlineData("(func $f) (start $f) (start $f)", "multiple start sections")]
    [InlineData("(func (export \"\\ff\"))", "malformed UTF-8 encoding")]
    [InlineData("(func (call $nope))", "unknown function")]
    [InlineData("(module", "unexpected end")]
    public void MalformedTextIsRejected(string text, string reason)
    {
        var e = Assert.Throws<TextFormatException>(() => Wat.ToBinary(text, "t.wat"));
        Assert.Contains(reason, e.Reason);
        Assert.Contains("t.wat:1:", e.Message);
    }

    [Fact]
    public void GcTypeDefinitionsAndFieldNamesAreEncoded()
    {
        var bin = Wat.ToBinary("""
            (rec (type $a (sub (struct (field $x (mut i8)) (field $y (ref null $b))))) (type $b (array i16)))
            (func (param (ref $a)) (result i32) (struct.get_u $a $x (local.get 0)))
            """);
        // rec of 2: sub () struct 2 fields: (mut i8) and (ref null 1) immutable; then array of immutable i16.
        Assert.True(bin.AsSpan().IndexOf(new byte[] { 0x4E, 0x02, 0x50, 0x00, 0x5F, 0x02, 0x78, 0x01, 0x63, 0x01, 0x00, 0x5E, 0x77, 0x00 }) > 0);
        Assert.True(bin.AsSpan().IndexOf(new byte[] { 0xFB, 0x04, 0x00, 0x00 }) > 0);
    }

    [Fact]
    public void MultiMemoryMemArgIsEncoded()
    {
        var bin = Wat.ToBinary("(memory 1) (memory $m 1) (func (drop (i32.load $m (i32.const 0))))");
        Assert.True(bin.AsSpan().IndexOf(new byte[] { 0x28, 0x42, 0x01, 0x00 }) > 0);
    }

    [Fact]
    public void MultiMemoryIndicesAreEncoded()
    {
        var bin = Wat.ToBinary("""
            (memory $a 1) (memory $b 1)
            (data $d (memory $b) (i32.const 0) "x")
            (func
              (memory.copy $a $b (i32.const 0) (i32.const 0) (i32.const 0))
              (memory.init $b $d (i32.const 0) (i32.const 0) (i32.const 0))
              (memory.fill $b (i32.const 0) (i32.const 0) (i32.const 0))
              (drop (memory.grow $b (memory.size $b)))
              (i64.store16 1 offset=3 align=1 (i32.const 0) (i64.const 0)))
            """);
        Assert.True(bin.AsSpan().IndexOf(new byte[] { 0xFC, 0x0A, 0x00, 0x01 }) > 0);       // memory.copy 0 1
        Assert.True(bin.AsSpan().IndexOf(new byte[] { 0xFC, 0x08, 0x00, 0x01 }) > 0);       // memory.init data 0, memory 1
        Assert.True(bin.AsSpan().IndexOf(new byte[] { 0xFC, 0x0B, 0x01 }) > 0);             // memory.fill 1
        Assert.True(bin.AsSpan().IndexOf(new byte[] { 0x3F, 0x01, 0x40, 0x01 }) > 0);       // memory.size 1, memory.grow 1
        Assert.True(bin.AsSpan().IndexOf(new byte[] { 0x3D, 0x40, 0x01, 0x03 }) > 0);       // i64.store16 memory 1, align 1, offset 3
        Assert.True(bin.AsSpan().IndexOf(new byte[] { 0x02, 0x01, 0x41, 0x00, 0x0B, 0x01, (byte)'x' }) > 0); // data (memory 1)
        Wasm.Module.Validate(bin);
    }

    [Theory]
    [InlineData("(memory 0x1_0000_0000)", "memory size")]
    [InlineData("(memory 0 0x1_0000_0000)", "memory size")]
    [InlineData("(memory (import \"M\" \"m\") 0x1_0000_0000 0x1_0000_0000)", "memory size")]
    [InlineData("(table 0x1_0000_0000 funcref)", "table size")]
    [InlineData("(table 0 0x1_0000_0000 funcref)", "table size")]
    public void LimitsAreU64AndRangeCheckedByValidation(string text, string reason)
    {
        var bin = Wat.ToBinary(text);
        var e = Assert.Throws<InvalidModuleException>(() => Wasm.Module.Validate(bin));
        Assert.Contains(reason, e.Reason);
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r")]
    [InlineData("\r\n")]
    public void LineCommentEndsAtAnyNewline(string newline)
    {
        var bin = Wat.ToBinary("(func (result i32) (i32.const 1) ;; comment" + newline + " (return (i32.const 2)))");
        Assert.True(bin.AsSpan().IndexOf(new byte[] { 0x41, 0x01, 0x41, 0x02, 0x0F, 0x0B }) > 0);
    }

    [Fact]
    public void EmptyNonFuncrefElemSegmentKeepsItsType()
    {
        // Passive, expression form (flags 5), externref, no items.
        var bin = Wat.ToBinary("(elem $e externref)");
        Assert.True(bin.AsSpan().IndexOf(new byte[] { 0x09, 0x04, 0x01, 0x05, 0x6F, 0x00 }) > 0);
        var e = Assert.Throws<InvalidModuleException>(() => Wasm.Module.Validate(Wat.ToBinary(
            "(table $t 10 funcref) (elem $e externref) (func (table.init $t $e (i32.const 0) (i32.const 0) (i32.const 0)))")));
        Assert.Equal("type mismatch", e.Reason);
    }

    [Fact]
    public void TypedSelectAndRefNull()
    {
        var bin = Wat.ToBinary("(func (result externref) (select (result externref) (ref.null extern) (ref.null extern) (i32.const 1)))");
        Assert.True(bin.AsSpan().IndexOf(new byte[] { 0xD0, 0x6F, 0xD0, 0x6F, 0x41, 0x01, 0x1C, 0x01, 0x6F }) > 0);
    }
}
