using Wasm.Components.Tests.Support;
using Wasm.Components.Values;

namespace Wasm.Components.Tests.Jco;

/// <summary>
/// options.component.wasm. jco has no script for it; the expectations are those of the wit-bindgen runtime test the
/// fixture was built from (tests/runtime/options.rs).
/// </summary>
public sealed class OptionsTests
{
    private const string I = "test:options/test";

    private static JcoHarness Setup(List<string>? calls = null)
    {
        var h = JcoHarness.For("options");
        var t = h.Linker.Instance(I);
        void Def(string name, Func<WitValue[], WitValue?> f) =>
            t.DefineFunction(name, args =>
            {
                calls?.Add(name);
                return f(args.ToArray());
            });
        Def("option-none-param", a => { WitAssert.Equal(WitValue.None, a[0]); return null; });
        Def("option-some-param", a => { WitAssert.Equal(WitValue.Some(W.Str("foo")), a[0]); return null; });
        Def("option-none-result", _ => WitValue.None);
        Def("option-some-result", _ => WitValue.Some(W.Str("foo")));
        Def("option-roundtrip", a => a[0]);
        Def("double-option-roundtrip", a => a[0]);
        return h;
    }

    [Fact]
    public void TestImports()
    {
        var calls = new List<string>();
        var h = Setup(calls);
        Assert.Null(h.Call("test-imports"));
        foreach (var name in new[] { "option-none-param", "option-some-param", "option-none-result", "option-some-result", "option-roundtrip", "double-option-roundtrip" })
            Assert.Contains(name, calls);
    }

    [Fact]
    public void Exports()
    {
        var h = Setup();
        WitAssert.Equal(WitValue.None, h.Call($"{I}#option-none-result"));
        WitAssert.Equal(WitValue.Some(W.Str("foo")), h.Call($"{I}#option-some-result"));
        Assert.Null(h.Call($"{I}#option-none-param", WitValue.None));
        Assert.Null(h.Call($"{I}#option-some-param", WitValue.Some(W.Str("foo"))));
        WitAssert.Equal(WitValue.Some(W.Str("foo")), h.Call($"{I}#option-roundtrip", WitValue.Some(W.Str("foo"))));
    }

    [Fact]
    public void DoubleOption()
    {
        var h = Setup();
        var some42 = WitValue.Some(WitValue.Some(WitValue.U32(42)));
        WitAssert.Equal(some42, h.Call($"{I}#double-option-roundtrip", some42));
        WitAssert.Equal(WitValue.Some(WitValue.None), h.Call($"{I}#double-option-roundtrip", WitValue.Some(WitValue.None)));
        WitAssert.Equal(WitValue.None, h.Call($"{I}#double-option-roundtrip", WitValue.None));
    }
}
