using Wasm.Components.Tests.Support;
using Wasm.Components.Values;

namespace Wasm.Components.Tests.Jco;

/// <summary>flavorful.component.wasm, after jco's runtime/flavorful.ts.</summary>
public sealed class FlavorfulTests
{
    private const string I = "test:flavorful/test";

    private static WitValue A(string s) => W.Rec(("a", W.Str(s)));

    private static JcoHarness Setup(List<string>? calls = null)
    {
        var h = JcoHarness.For("flavorful");
        var t = h.Linker.Instance(I);
        var firstErr = true;
        void Def(string name, Func<WitValue[], WitValue?> f) =>
            t.DefineFunction(name, args =>
            {
                calls?.Add(name);
                return f(args.ToArray());
            });
        Def("f-list-in-record1", _ => null);
        Def("f-list-in-record2", _ => A("list_in_record2"));
        Def("f-list-in-record3", a =>
        {
            WitAssert.Equal("list_in_record3 input", a[0].Field("a").AsString());
            return A("list_in_record3 output");
        });
        Def("f-list-in-record4", a =>
        {
            WitAssert.Equal("input4", a[0].Field("a").AsString());
            return A("result4");
        });
        Def("f-list-in-variant1", a =>
        {
            WitAssert.Equal(WitValue.Some(W.Str("foo")), a[0]);
            WitAssert.Equal(WitValue.Err(W.Str("bar")), a[1]);
            return null;
        });
        Def("f-list-in-variant2", _ => WitValue.Some(W.Str("list_in_variant2")));
        Def("f-list-in-variant3", a =>
        {
            WitAssert.Equal(WitValue.Some(W.Str("input3")), a[0]);
            return WitValue.Some(W.Str("output3"));
        });
        Def("errno-result", _ =>
        {
            if (!firstErr) return WitValue.Ok();
            firstErr = false;
            return WitValue.Err(WitValue.Enum("b"));
        });
        Def("list-typedefs", a =>
        {
            WitAssert.Equal("typedef1", a[0].AsString());
            WitAssert.Equal(new[] { "typedef2" }, W.ToStrings(a[1]));
            return WitValue.Tuple(W.Bytes("typedef3"), W.Strings("typedef4"));
        });
        Def("list-of-variants", a =>
        {
            WitAssert.Equal(WitValue.List(WitValue.Bool(true), WitValue.Bool(false)), a[0]);
            WitAssert.Equal(WitValue.List(WitValue.Ok(), WitValue.Err()), a[1]);
            WitAssert.Equal(WitValue.List(WitValue.Enum("success"), WitValue.Enum("a")), a[2]);
            return WitValue.Tuple(
                WitValue.List(WitValue.Bool(false), WitValue.Bool(true)),
                WitValue.List(WitValue.Err(), WitValue.Ok()),
                WitValue.List(WitValue.Enum("a"), WitValue.Enum("b")));
        });
        return h;
    }

    [Fact]
    public void TestImports()
    {
        var calls = new List<string>();
        var h = Setup(calls);
        Assert.Null(h.Call("test-imports"));
        foreach (var name in new[]
                 {
                     "f-list-in-record1", "f-list-in-record2", "f-list-in-record3", "f-list-in-record4",
                     "f-list-in-variant1", "f-list-in-variant2", "f-list-in-variant3", "errno-result", "list-typedefs",
                     "list-of-variants",
                 })
            Assert.Contains(name, calls);
    }

    [Fact]
    public void ListsInRecords()
    {
        var h = Setup();
        Assert.Null(h.Call($"{I}#f-list-in-record1", A("list_in_record1")));
        WitAssert.Equal(A("list_in_record2"), h.Call($"{I}#f-list-in-record2"));
        WitAssert.Equal(A("list_in_record3 output"), h.Call($"{I}#f-list-in-record3", A("list_in_record3 input")));
        WitAssert.Equal(A("result4"), h.Call($"{I}#f-list-in-record4", A("input4")));
    }

    [Fact]
    public void ListsInVariants()
    {
        var h = Setup();
        Assert.Null(h.Call($"{I}#f-list-in-variant1", WitValue.Some(W.Str("foo")), WitValue.Err(W.Str("bar"))));
        WitAssert.Equal(WitValue.Some(W.Str("list_in_variant2")), h.Call($"{I}#f-list-in-variant2"));
        WitAssert.Equal(WitValue.Some(W.Str("output3")), h.Call($"{I}#f-list-in-variant3", WitValue.Some(W.Str("input3"))));
    }

    [Fact]
    public void ErrnoResult()
    {
        var h = Setup();
        // jco throws a ComponentError with payload 'b'.
        WitAssert.Equal(WitValue.Err(WitValue.Enum("b")), h.Call($"{I}#errno-result"));
    }

    [Fact]
    public void ListTypedefs()
    {
        var h = Setup();
        var r = h.CallValue($"{I}#list-typedefs", W.Str("typedef1"), W.Strings("typedef2"));
        WitAssert.Equal("typedef3"u8.ToArray(), W.ToBytes(r.Items[0]));
        WitAssert.Equal(new[] { "typedef4" }, W.ToStrings(r.Items[1]));
    }
}
