using Wasm.Components.Tests.Support;
using Wasm.Components.Values;

namespace Wasm.Components.Tests.Jco;

/// <summary>records.component.wasm, after jco's runtime/records.ts.</summary>
public sealed class RecordsTests
{
    private const string I = "test:records/test";

    private static JcoHarness Setup(List<string>? calls = null)
    {
        var h = JcoHarness.For("records");
        var t = h.Linker.Instance(I);
        void Def(string name, Func<WitValue[], WitValue?> f) =>
            t.DefineFunction(name, args =>
            {
                calls?.Add(name);
                return f(args.ToArray());
            });
        Def("multiple-results", _ => WitValue.Tuple(WitValue.U8(4), WitValue.U16(5)));
        Def("swap-tuple", a => WitValue.Tuple(a[0].Items[1], a[0].Items[0]));
        Def("roundtrip-flags1", a => a[0]);
        Def("roundtrip-flags2", a => a[0]);
        Def("roundtrip-flags3", a => WitValue.Tuple(a[0], a[1], a[2]));
        Def("roundtrip-record1", a => a[0]);
        Def("tuple1", a => WitValue.Tuple(a[0].Items[0]));
        return h;
    }

    [Fact]
    public void TestImports()
    {
        var calls = new List<string>();
        var h = Setup(calls);
        Assert.Null(h.Call("test-imports"));
        foreach (var name in new[] { "multiple-results", "swap-tuple", "roundtrip-flags1", "roundtrip-flags2", "roundtrip-flags3", "roundtrip-record1", "tuple1" })
            Assert.Contains(name, calls);
    }

    [Fact]
    public void MultipleResultsAndTuples()
    {
        var h = Setup();
        WitAssert.Equal(WitValue.Tuple(WitValue.U8(100), WitValue.U16(200)), h.Call($"{I}#multiple-results"));
        WitAssert.Equal(WitValue.Tuple(WitValue.U32(2), WitValue.U8(1)),
            h.Call($"{I}#swap-tuple", WitValue.Tuple(WitValue.U8(1), WitValue.U32(2))));
        WitAssert.Equal(WitValue.Tuple(WitValue.U8(1)), h.Call($"{I}#tuple1", WitValue.Tuple(WitValue.U8(1))));
    }

    [Fact]
    public void Flags()
    {
        var h = Setup();
        WitAssert.Equal(WitValue.Flags("a"), h.Call($"{I}#roundtrip-flags1", WitValue.Flags("a")));
        WitAssert.Equal(WitValue.Flags(), h.Call($"{I}#roundtrip-flags1", WitValue.Flags()));
        WitAssert.Equal(WitValue.Flags("a", "b"), h.Call($"{I}#roundtrip-flags1", WitValue.Flags("a", "b")));

        WitAssert.Equal(WitValue.Flags("c"), h.Call($"{I}#roundtrip-flags2", WitValue.Flags("c")));
        WitAssert.Equal(WitValue.Flags(), h.Call($"{I}#roundtrip-flags2", WitValue.Flags()));
        WitAssert.Equal(WitValue.Flags("d"), h.Call($"{I}#roundtrip-flags2", WitValue.Flags("d")));
        WitAssert.Equal(WitValue.Flags("c", "e"), h.Call($"{I}#roundtrip-flags2", WitValue.Flags("c", "e")));
    }

    [Fact]
    public void Record1()
    {
        var h = Setup();
        var r = h.CallValue($"{I}#roundtrip-record1", W.Rec(("a", WitValue.U8(8)), ("b", WitValue.Flags())));
        WitAssert.Equal(WitValue.U8(8), r.Field("a"));
        WitAssert.Equal(WitValue.Flags(), r.Field("b"));

        r = h.CallValue($"{I}#roundtrip-record1", W.Rec(("a", WitValue.U8(0)), ("b", WitValue.Flags("a", "b"))));
        WitAssert.Equal(WitValue.U8(0), r.Field("a"));
        WitAssert.Equal(WitValue.Flags("a", "b"), r.Field("b"));
    }
}
