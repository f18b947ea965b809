using Wasm.Components.Tests.Support;
using Wasm.Components.Values;

namespace Wasm.Components.Tests.CrossLanguage;

/// <summary>
/// The guests of tests/components (JavaScript through componentize-js, C with a hand-written canonical ABI) against
/// a host defined through the dynamic linker API: each export is called with values from the host and calls the
/// host's imports in turn, so every type crosses the boundary in both directions.
/// </summary>
public sealed class E2eTests
{
    public static TheoryData<string> Languages => new() { "js", "c" };

    private static WitValue Point(int x, int y) => E2eHost.Point(x, y);

    private static WitValue Item(string name, string[] tags, WitValue at, byte[] data) =>
        W.Rec(("name", WitValue.String(name)), ("tags", W.Strings(tags)), ("at", at), ("data", W.Bytes(data)));

    [Theory, MemberData(nameof(Languages))]
    public void Strings(string language)
    {
        var h = E2eHarness.For(language);
        WitAssert.Equal(WitValue.String("Hello, Wörld 🌍! 👋"), h.Call("greet", WitValue.String("Wörld 🌍")));
        WitAssert.Equal(WitValue.String("Hello, ! 👋"), h.Call("greet", WitValue.String("")));
        var longName = string.Concat(Enumerable.Repeat("ñ€𝄞", 700));
        WitAssert.Equal(WitValue.String($"Hello, {longName}! 👋"), h.Call("greet", WitValue.String(longName)));
        Assert.Equal(new[] { "greet(\"Wörld 🌍\")", "greet(\"\")", $"greet(\"{longName}\")" }, h.Host.Calls);
    }

    [Theory, MemberData(nameof(Languages))]
    public void ListOfBytes(string language)
    {
        var h = E2eHarness.For(language);
        WitAssert.Equal(WitValue.Tuple(WitValue.U32(6), W.Bytes([3, 2, 1])), h.Call("digest", W.Bytes([1, 2, 3])));
        WitAssert.Equal(WitValue.Tuple(WitValue.U32(0), W.Bytes([])), h.Call("digest", W.Bytes([])));
        var data = Enumerable.Range(0, 5000).Select(i => (byte)(i * 31)).ToArray();
        WitAssert.Equal(WitValue.Tuple(WitValue.U32((uint)data.Sum(b => b)), W.Bytes(data.Reverse().ToArray())),
            h.Call("digest", W.Bytes(data)));
    }

    [Theory, MemberData(nameof(Languages))]
    public void ListOfStrings(string language)
    {
        var h = E2eHarness.For(language);
        WitAssert.Equal(W.Strings("🦀", "für", "one"), h.Call("words", WitValue.String("one für 🦀")));
        WitAssert.Equal(W.Strings(""), h.Call("words", WitValue.String("")));
    }

    [Theory, MemberData(nameof(Languages))]
    public void ListOfRecords(string language)
    {
        var h = E2eHarness.For(language);
        var points = WitValue.List(Point(0, 0), Point(-5, 7), Point(int.MaxValue - 2, int.MinValue + 2));
        WitAssert.Equal(WitValue.List(Point(2, -2), Point(-3, 5), Point(int.MaxValue, int.MinValue)),
            h.Call("shift", points, Point(1, -1)));
        Assert.Equal("move-all([{x: 0, y: 0}, {x: -5, y: 7}, {x: 2147483645, y: -2147483646}], {x: 1, y: -1})", h.Host.Calls.Single());
        WitAssert.Equal(WitValue.List(), h.Call("shift", WitValue.List(), Point(1, 1)));
    }

    [Theory, MemberData(nameof(Languages))]
    public void NestedRecord(string language)
    {
        var h = E2eHarness.For(language);
        var it = Item("ünïcode ✓", ["x", "🏷"], Point(3, -4), [0, 255, 128]);
        WitAssert.Equal(Item("ünïcode ✓", ["x", "🏷", "guest"], Point(3, -4), [0, 255, 128]), h.Call("tag", it));
        WitAssert.Equal(Item("", ["guest"], Point(0, 0), []), h.Call("tag", Item("", [], Point(0, 0), [])));
    }

    [Theory, MemberData(nameof(Languages))]
    public void Enums(string language)
    {
        var h = E2eHarness.For(language);
        WitAssert.Equal(WitValue.Enum("blue"), h.Call("next-color", WitValue.Enum("red")));
        WitAssert.Equal(WitValue.Enum("red"), h.Call("next-color", WitValue.Enum("green")));
        WitAssert.Equal(WitValue.Enum("green"), h.Call("next-color", WitValue.Enum("blue")));
        Assert.Equal(6, h.Host.Calls.Count(c => c.StartsWith("next-color(", StringComparison.Ordinal)));
    }

    [Theory, MemberData(nameof(Languages))]
    public void Flags(string language)
    {
        var h = E2eHarness.For(language);
        WitAssert.Equal(WitValue.Flags("read", "write", "exec"), h.Call("flip", WitValue.Flags()));
        WitAssert.Equal(WitValue.Flags("read"), h.Call("flip", WitValue.Flags("read", "write", "exec")));
        WitAssert.Equal(WitValue.Flags("read", "exec"), h.Call("flip", WitValue.Flags("write")));
        WitAssert.Equal(WitValue.Flags("read", "write"), h.Call("flip", WitValue.Flags("read", "exec")));
        Assert.Equal(new[] { "flip({})", "flip({read, write, exec})", "flip({write})", "flip({read, exec})" }, h.Host.Calls);
    }

    [Theory, MemberData(nameof(Languages))]
    public void Variants(string language)
    {
        var h = E2eHarness.For(language);
        WitAssert.Equal(WitValue.Variant("empty"), h.Call("scale", WitValue.Variant("empty")));
        WitAssert.Equal(WitValue.Variant("circle", WitValue.U32(21)), h.Call("scale", WitValue.Variant("circle", WitValue.U32(7))));
        WitAssert.Equal(WitValue.Variant("rect", Point(6, -9)), h.Call("scale", WitValue.Variant("rect", Point(2, -3))));
        WitAssert.Equal(WitValue.Variant("named", WitValue.String("名前")), h.Call("scale", WitValue.Variant("named", WitValue.String("名前"))));
        Assert.Equal(new[] { "scale(empty, 3)", "scale(circle(7), 3)", "scale(rect({x: 2, y: -3}), 3)", "scale(named(\"名前\"), 3)" }, h.Host.Calls);
    }

    [Theory, MemberData(nameof(Languages))]
    public void NestedOptions(string language)
    {
        var h = E2eHarness.For(language);
        WitAssert.Equal(WitValue.Some(WitValue.Some(WitValue.String("alpha"))), h.Call("find", WitValue.Some(WitValue.String("a"))));
        WitAssert.Equal(WitValue.Some(WitValue.None), h.Call("find", WitValue.Some(WitValue.String("nothing"))));
        WitAssert.Equal(WitValue.None, h.Call("find", WitValue.Some(WitValue.String("zzz"))));
        WitAssert.Equal(WitValue.None, h.Call("find", WitValue.None));
        Assert.Equal(new[] { "find(\"a\")", "find(\"nothing\")", "find(\"zzz\")" }, h.Host.Calls);
    }

    [Theory, MemberData(nameof(Languages))]
    public void ResultsWithPayloads(string language)
    {
        var h = E2eHarness.For(language);
        WitAssert.Equal(WitValue.Ok(WitValue.S64(40)), h.Call("add", WitValue.String("42"), WitValue.String("-2")));
        WitAssert.Equal(WitValue.Ok(WitValue.S64(long.MinValue)),
            h.Call("add", WitValue.String("-9223372036854775807"), WitValue.String("-1")));
        WitAssert.Equal(WitValue.Err(WitValue.Variant("invalid", WitValue.String("x½"))), h.Call("add", WitValue.String("1"), WitValue.String("x½")));
        WitAssert.Equal(WitValue.Err(WitValue.Variant("not-found")), h.Call("add", WitValue.String(""), WitValue.String("1")));
    }

    [Theory, MemberData(nameof(Languages))]
    public void ResultsWithoutPayloads(string language)
    {
        var h = E2eHarness.For(language);
        WitAssert.Equal(WitValue.Ok(), h.Call("check", WitValue.Bool(true)));
        WitAssert.Equal(WitValue.Err(), h.Call("check", WitValue.Bool(false)));
        Assert.Equal(new[] { "check(true)", "check(false)" }, h.Host.Calls);
    }

    [Theory, MemberData(nameof(Languages))]
    public void Tuples(string language)
    {
        var h = E2eHarness.For(language);
        WitAssert.Equal(WitValue.Tuple(WitValue.U32(42), WitValue.String("zwölf")),
            h.Call("swap", WitValue.Tuple(WitValue.String("zwölf"), WitValue.U32(41))));
        WitAssert.Equal(WitValue.Tuple(WitValue.U32(1), WitValue.String("")),
            h.Call("swap", WitValue.Tuple(WitValue.String(""), WitValue.U32(0))));
    }

    [Theory, MemberData(nameof(Languages))]
    public void HostResourceUsedByGuest(string language)
    {
        var h = E2eHarness.For(language);
        WitAssert.Equal(WitValue.Tuple(WitValue.String("a+b"), WitValue.Some(WitValue.String("värde ✨")), WitValue.U32(2)),
            h.Call("stores", WitValue.String("key"), WitValue.String("värde ✨")));
        // a (0) and b (1) were dropped by the guest, the merged store (2) was moved into size.
        Assert.Equal(new uint[] { 0, 1 }, h.Host.Stores.Dropped.Order());
        Assert.Equal(new uint[] { 2 }, h.Host.Sized);
        Assert.Empty(h.Host.Stores.Values);
    }

    [Theory, MemberData(nameof(Languages))]
    public void HostResourcePassedToGuest(string language)
    {
        var h = E2eHarness.For(language);
        var s = h.Host.Stores.New(new StoreState("mine", new() { ["old"] = "1" }));
        Assert.Null(h.Call("fill", W.Lend(s), W.Strings("k", "ключ")));
        Assert.Equal(new Dictionary<string, string> { ["old"] = "1", ["k"] = "k", ["ключ"] = "ключ" }, h.Host.Stores[s].Entries);
        Assert.Empty(h.Host.Stores.Dropped);

        // An own handle goes through the guest back to the host.
        WitAssert.Equal(WitValue.U32(3), h.Call("drain", s));
        Assert.Equal(new[] { W.Rep(s) }, h.Host.Sized);
        Assert.True(s.AsHandle().IsConsumed);
    }

    [Theory, MemberData(nameof(Languages))]
    public void GuestResource(string language)
    {
        var h = E2eHarness.For(language);
        var c = h.CallValue("[constructor]counter", WitValue.String("clicks 🖱"));
        WitAssert.Equal(ValueKind.Own, c.Kind);
        WitAssert.Equal(WitValue.U32(2), h.Call("[method]counter.add", W.Lend(c), WitValue.U32(2)));
        WitAssert.Equal(WitValue.U32(7), h.Call("[method]counter.add", W.Lend(c), WitValue.U32(5)));
        WitAssert.Equal(WitValue.String("clicks 🖱"), h.Call("[method]counter.label", W.Lend(c)));

        var d = h.CallValue("[constructor]counter", WitValue.String("d"));
        WitAssert.Equal(WitValue.U32(10), h.Call("[method]counter.add", W.Lend(d), WitValue.U32(10)));
        Assert.Null(h.Call("[method]counter.absorb", W.Lend(c), W.Lend(d)));
        WitAssert.Equal(WitValue.U32(17), h.Call("[method]counter.add", W.Lend(c), WitValue.U32(0)));

        WitAssert.Equal(WitValue.String("clicks 🖱=17"), h.Call("finish", c));
        WitAssert.Equal(WitValue.String("d=10"), h.Call("finish", d));
        Assert.True(c.AsHandle().IsConsumed);
        Assert.Empty(h.Host.Calls);
    }

    [Theory, MemberData(nameof(Languages))]
    public void MovedHandleIsRejected(string language)
    {
        var h = E2eHarness.For(language);
        var c = h.CallValue("[constructor]counter", WitValue.String("x"));
        WitAssert.Equal(WitValue.String("x=0"), h.Call("finish", c));
        // Rejected while lowering the arguments, before the guest runs: the instance stays usable.
        Assert.Throws<ArgumentException>(() => h.Call("[method]counter.add", W.Lend(c), WitValue.U32(1)));
        Assert.Throws<ArgumentException>(() => h.Call("finish", c));
        Assert.False(h.Instance.IsPoisoned);
        WitAssert.Equal(WitValue.String("y=0"), h.Call("finish", h.CallValue("[constructor]counter", WitValue.String("y"))));
    }

    [Theory, MemberData(nameof(Languages))]
    public void ImportCallingBackIntoTheGuestTraps(string language)
    {
        var h = E2eHarness.For(language);
        h.Host.BeforeCall = _ => h.Call("check", WitValue.Bool(true));
        var e = Assert.Throws<TrapException>(() => h.Call("greet", WitValue.String("x")));
        Assert.StartsWith("cannot enter component instance", e.Message);
        Assert.True(h.Instance.IsPoisoned);
    }
}
