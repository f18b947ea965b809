using Wasm.Components.Tests.Support;
using Wasm.Components.Values;

namespace Wasm.Components.Tests.Jco;

/// <summary>lists.component.wasm, after jco's runtime/lists.ts.</summary>
public sealed class ListsTests
{
    private const string I = "test:lists/test";

    private static JcoHarness Setup(List<string>? calls = null)
    {
        var h = JcoHarness.For("lists");
        var t = h.Linker.Instance(I);
        void Def(string name, Func<WitValue[], WitValue?> f) =>
            t.DefineFunction(name, args =>
            {
                calls?.Add(name);
                return f(args.ToArray());
            });

        Def("empty-list-param", a => { Assert.Empty(a[0].Items); return null; });
        Def("empty-string-param", a => { WitAssert.Equal("", a[0].AsString()); return null; });
        Def("empty-list-result", _ => WitValue.List());
        Def("empty-string-result", _ => W.Str(""));
        Def("list-param-large", a => { WitAssert.Equal(1000, a[0].Items.Count); return null; });
        Def("list-param", a => { WitAssert.Equal(new byte[] { 1, 2, 3, 4 }, W.ToBytes(a[0])); return null; });
        Def("list-param2", a => { WitAssert.Equal("foo", a[0].AsString()); return null; });
        Def("list-param3", a => { WitAssert.Equal(new[] { "foo", "bar", "baz" }, W.ToStrings(a[0])); return null; });
        Def("list-param4", a =>
        {
            WitAssert.Equal(WitValue.List(W.Strings("foo", "bar"), W.Strings("baz")), a[0]);
            return null;
        });
        Def("list-param5", a =>
        {
            WitAssert.Equal(
                WitValue.List(
                    WitValue.Tuple(WitValue.U8(1), WitValue.U32(2), WitValue.U8(3)),
                    WitValue.Tuple(WitValue.U8(4), WitValue.U32(5), WitValue.U8(6))),
                a[0]);
            return null;
        });
        Def("list-result", _ => W.Bytes(new byte[] { 1, 2, 3, 4, 5 }));
        Def("list-result2", _ => W.Str("hello!"));
        Def("list-result3", _ => W.Strings("hello,", "world!"));
        Def("list-roundtrip", a => a[0]);
        Def("string-roundtrip", a => a[0]);
        Def("list-minmax8", a =>
        {
            WitAssert.Equal(WitValue.List(WitValue.U8(0), WitValue.U8(byte.MaxValue)), a[0]);
            WitAssert.Equal(WitValue.List(WitValue.S8(sbyte.MinValue), WitValue.S8(sbyte.MaxValue)), a[1]);
            return WitValue.Tuple(a[0], a[1]);
        });
        Def("list-minmax16", a =>
        {
            WitAssert.Equal(WitValue.List(WitValue.U16(0), WitValue.U16(ushort.MaxValue)), a[0]);
            WitAssert.Equal(WitValue.List(WitValue.S16(short.MinValue), WitValue.S16(short.MaxValue)), a[1]);
            return WitValue.Tuple(a[0], a[1]);
        });
        Def("list-minmax32", a =>
        {
            WitAssert.Equal(WitValue.List(WitValue.U32(0), WitValue.U32(uint.MaxValue)), a[0]);
            WitAssert.Equal(WitValue.List(WitValue.S32(int.MinValue), WitValue.S32(int.MaxValue)), a[1]);
            return WitValue.Tuple(a[0], a[1]);
        });
        Def("list-minmax64", a =>
        {
            WitAssert.Equal(WitValue.List(WitValue.U64(0), WitValue.U64(ulong.MaxValue)), a[0]);
            WitAssert.Equal(WitValue.List(WitValue.S64(long.MinValue), WitValue.S64(long.MaxValue)), a[1]);
            return WitValue.Tuple(a[0], a[1]);
        });
        Def("list-minmax-float", a =>
        {
            WitAssert.Equal(
                WitValue.List(WitValue.F32(float.MinValue), WitValue.F32(float.MaxValue),
                    WitValue.F32(float.NegativeInfinity), WitValue.F32(float.PositiveInfinity)),
                a[0]);
            WitAssert.Equal(
                WitValue.List(WitValue.F64(double.MinValue), WitValue.F64(double.MaxValue),
                    WitValue.F64(double.NegativeInfinity), WitValue.F64(double.PositiveInfinity)),
                a[1]);
            return WitValue.Tuple(a[0], a[1]);
        });
        return h;
    }

    [Fact]
    public void TestImports_HostSeesExpectedLists()
    {
        var calls = new List<string>();
        var h = Setup(calls);
        Assert.Null(h.Call("test-imports"));
        foreach (var name in new[]
                 {
                     "empty-list-param", "empty-string-param", "empty-list-result", "empty-string-result", "list-param",
                     "list-param2", "list-param3", "list-param4", "list-result", "list-result2", "list-result3",
                     "list-roundtrip", "string-roundtrip", "list-minmax8", "list-minmax16", "list-minmax32",
                     "list-minmax64", "list-minmax-float",
                 })
            Assert.Contains(name, calls);
    }

    [Fact]
    public void Params()
    {
        var h = Setup();
        h.Call($"{I}#empty-list-param", WitValue.List());
        h.Call($"{I}#empty-string-param", W.Str(""));
        h.Call($"{I}#list-param", W.Bytes(new byte[] { 1, 2, 3, 4 }));
        h.Call($"{I}#list-param-large", W.Strings(Enumerable.Repeat("blah", 1000).ToArray()));
        h.Call($"{I}#list-param2", W.Str("foo"));
        h.Call($"{I}#list-param3", W.Strings("foo", "bar", "baz"));
        h.Call($"{I}#list-param4", WitValue.List(W.Strings("foo", "bar"), W.Strings("baz")));
    }

    [Fact]
    public void Results()
    {
        var h = Setup();
        Assert.Empty(h.CallValue($"{I}#empty-list-result").Items);
        WitAssert.Equal("", h.CallValue($"{I}#empty-string-result").AsString());
        WitAssert.Equal(new byte[] { 1, 2, 3, 4, 5 }, W.ToBytes(h.CallValue($"{I}#list-result")));
        WitAssert.Equal("hello!", h.CallValue($"{I}#list-result2").AsString());
        WitAssert.Equal(new[] { "hello,", "world!" }, W.ToStrings(h.CallValue($"{I}#list-result3")));
    }

    [Fact]
    public void Roundtrips()
    {
        var h = Setup();
        WitAssert.Equal(new byte[] { 1, 2, 3, 4 }, W.ToBytes(h.CallValue($"{I}#list-roundtrip", W.Bytes(new byte[] { 1, 2, 3, 4 }))));
        WitAssert.Equal("x", h.CallValue($"{I}#string-roundtrip", W.Str("x")).AsString());
        WitAssert.Equal("", h.CallValue($"{I}#string-roundtrip", W.Str("")).AsString());
        WitAssert.Equal("hello ⚑ world", h.CallValue($"{I}#string-roundtrip", W.Str("hello ⚑ world")).AsString());
    }

    [Fact]
    public void AllocatedBytesUnchangedAfterCalls()
    {
        var h = Setup();
        var before = h.CallValue("allocated-bytes").AsUInt32();
        h.Call("test-imports");
        h.Call($"{I}#empty-list-param", WitValue.List());
        h.Call($"{I}#empty-string-param", W.Str(""));
        h.Call($"{I}#list-param", W.Bytes(new byte[] { 1, 2, 3, 4 }));
        h.Call($"{I}#list-param-large", W.Strings(Enumerable.Repeat("blah", 1000).ToArray()));
        h.Call($"{I}#list-param2", W.Str("foo"));
        h.Call($"{I}#list-param3", W.Strings("foo", "bar", "baz"));
        h.Call($"{I}#list-param4", WitValue.List(W.Strings("foo", "bar"), W.Strings("baz")));
        h.Call($"{I}#empty-list-result");
        h.Call($"{I}#empty-string-result");
        h.Call($"{I}#list-result");
        h.Call($"{I}#list-result2");
        h.Call($"{I}#list-result3");
        h.Call($"{I}#list-roundtrip", W.Bytes(new byte[] { 1, 2, 3, 4 }));
        h.Call($"{I}#string-roundtrip", W.Str("hello ⚑ world"));
        WitAssert.Equal(before, h.CallValue("allocated-bytes").AsUInt32());
    }
}
