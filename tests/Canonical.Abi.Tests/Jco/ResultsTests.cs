using Wasm.Components.Tests.Support;
using Wasm.Components.Values;

namespace Wasm.Components.Tests.Jco;

/// <summary>
/// results.component.wasm. jco has no script for it; the expectations are those of the wit-bindgen runtime test the
/// fixture was built from (tests/runtime/results.rs). The guest's exports forward to the imports.
/// </summary>
public sealed class ResultsTests
{
    private const string I = "test:results/test";

    private static WitValue E2(uint line, uint column) => W.Rec(("line", WitValue.U32(line)), ("column", WitValue.U32(column)));

    private static JcoHarness Setup()
    {
        var h = JcoHarness.For("results");
        h.Linker.Instance(I)
            .DefineFunction("string-error", a => a[0].AsSingle() == 0f ? WitValue.Err(W.Str("zero")) : WitValue.Ok(a[0]))
            .DefineFunction("enum-error", a => a[0].AsSingle() == 0f ? WitValue.Err(WitValue.Enum("a")) : WitValue.Ok(a[0]))
            .DefineFunction("record-error", a => a[0].AsSingle() switch
            {
                0f => WitValue.Err(E2(420, 0)),
                1f => WitValue.Err(E2(77, 2)),
                _ => WitValue.Ok(a[0]),
            })
            .DefineFunction("variant-error", a => a[0].AsSingle() switch
            {
                0f => WitValue.Err(WitValue.Variant("e2", E2(420, 0))),
                1f => WitValue.Err(WitValue.Variant("e1", WitValue.Enum("b"))),
                2f => WitValue.Err(WitValue.Variant("e1", WitValue.Enum("c"))),
                _ => WitValue.Ok(a[0]),
            })
            .DefineFunction("empty-error", a => a[0].AsUInt32() switch
            {
                0 => WitValue.Err(),
                1 => WitValue.Ok(WitValue.U32(42)),
                _ => WitValue.Ok(a[0]),
            })
            .DefineFunction("double-error", a => a[0].AsUInt32() switch
            {
                0 => WitValue.Ok(WitValue.Ok()),
                1 => WitValue.Ok(WitValue.Err(W.Str("one"))),
                _ => WitValue.Err(W.Str("two")),
            });
        return h;
    }

    [Fact]
    public void StringError()
    {
        var h = Setup();
        WitAssert.Equal(WitValue.Err(W.Str("zero")), h.Call($"{I}#string-error", WitValue.F32(0)));
        WitAssert.Equal(WitValue.Ok(WitValue.F32(1)), h.Call($"{I}#string-error", WitValue.F32(1)));
    }

    [Fact]
    public void EnumError()
    {
        var h = Setup();
        WitAssert.Equal(WitValue.Err(WitValue.Enum("a")), h.Call($"{I}#enum-error", WitValue.F32(0)));
        WitAssert.Equal(WitValue.Err(WitValue.Enum("a")), h.Call($"{I}#enum-error", WitValue.F32(0)));
    }

    [Fact]
    public void RecordError()
    {
        var h = Setup();
        WitAssert.Equal(WitValue.Err(E2(420, 0)), h.Call($"{I}#record-error", WitValue.F32(0)));
        WitAssert.Equal(WitValue.Err(E2(77, 2)), h.Call($"{I}#record-error", WitValue.F32(1)));
        Assert.True(h.CallValue($"{I}#record-error", WitValue.F32(2)).IsOk);
    }

    [Fact]
    public void VariantError()
    {
        var h = Setup();
        WitAssert.Equal(WitValue.Err(WitValue.Variant("e2", E2(420, 0))), h.Call($"{I}#variant-error", WitValue.F32(0)));
        WitAssert.Equal(WitValue.Err(WitValue.Variant("e1", WitValue.Enum("b"))), h.Call($"{I}#variant-error", WitValue.F32(1)));
        WitAssert.Equal(WitValue.Err(WitValue.Variant("e1", WitValue.Enum("c"))), h.Call($"{I}#variant-error", WitValue.F32(2)));
    }

    [Fact]
    public void EmptyError()
    {
        var h = Setup();
        WitAssert.Equal(WitValue.Err(), h.Call($"{I}#empty-error", WitValue.U32(0)));
        WitAssert.Equal(WitValue.Ok(WitValue.U32(42)), h.Call($"{I}#empty-error", WitValue.U32(1)));
        WitAssert.Equal(WitValue.Ok(WitValue.U32(2)), h.Call($"{I}#empty-error", WitValue.U32(2)));
    }

    [Fact]
    public void DoubleError()
    {
        var h = Setup();
        WitAssert.Equal(WitValue.Ok(WitValue.Ok()), h.Call($"{I}#double-error", WitValue.U32(0)));
        WitAssert.Equal(WitValue.Ok(WitValue.Err(W.Str("one"))), h.Call($"{I}#double-error", WitValue.U32(1)));
        WitAssert.Equal(WitValue.Err(W.Str("two")), h.Call($"{I}#double-error", WitValue.U32(2)));
    }
}
