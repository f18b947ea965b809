using System.Globalization;
using Wasm.Components.Tests.Support;
using Wasm.Components.Values;

namespace Wasm.Components.Tests.CrossLanguage;

/// <summary>A host <c>store</c>: a name and a string map.</summary>
internal sealed record StoreState(string Name, Dictionary<string, string> Entries);

/// <summary>
/// The host side of <c>test:e2e/host@0.1.0</c> (tests/components/wit/e2e.wit), defined through the dynamic linker
/// API. Records every call with its arguments so tests can check what the guest sent.
/// </summary>
internal sealed class E2eHost
{
    public const string Interface = "test:e2e/host@0.1.0";

    private static readonly string[] Colors = ["red", "green", "blue"];
    private static readonly string[] AllPerms = ["read", "write", "exec"];

    /// <summary>The host's stores; <c>Dropped</c> lists the ones the guest dropped.</summary>
    public HostResource<StoreState> Stores { get; } = new("store");

    /// <summary>Stores consumed by <c>size</c> (passed as <c>own</c>), by representation.</summary>
    public List<uint> Sized { get; } = new();

    /// <summary>Runs at the start of every host function, with its name.</summary>
    public Action<string>? BeforeCall { get; set; }

    /// <summary>Every call as <c>name(arg, ...)</c>, arguments in WAVE.</summary>
    public List<string> Calls { get; } = new();

    public static E2eHost AddTo(ComponentLinker linker)
    {
        var host = new E2eHost();
        host.Define(linker.Instance(Interface));
        return host;
    }

    private void Define(ComponentLinkerInstance i)
    {
        Func(i, "greet", a => WitValue.String($"Hello, {a[0].AsString()}!"));
        Func(i, "reverse", a => WitValue.List(a[0].Items.Reverse().ToArray()));
        Func(i, "words", a => W.Strings(a[0].AsString().Split(' ')));
        Func(i, "move-all", a =>
        {
            var by = a[1];
            return WitValue.List(a[0].Items.Select(p => Move(p, by)).ToArray());
        });
        Func(i, "tag", a =>
        {
            var it = a[0];
            return W.Rec(("name", it.Field("name")), ("tags", WitValue.List([.. it.Field("tags").Items, a[1]])),
                ("at", it.Field("at")), ("data", it.Field("data")));
        });
        Func(i, "next-color", a => WitValue.Enum(Colors[(Array.IndexOf(Colors, a[0].CaseName) + 1) % Colors.Length]));
        Func(i, "flip", a => WitValue.Flags(AllPerms.Except(a[0].SetFlags).ToArray()));
        Func(i, "scale", a =>
        {
            var k = a[1].AsInt32();
            var s = a[0];
            return s.CaseName switch
            {
                "circle" => WitValue.Variant("circle", WitValue.U32(s.Payload!.AsUInt32() * (uint)k)),
                "rect" => WitValue.Variant("rect", Point(s.Payload!.Field("x").AsInt32() * k, s.Payload.Field("y").AsInt32() * k)),
                _ => s,
            };
        });
        Func(i, "find", a => a[0].AsString() switch
        {
            "a" => WitValue.Some(WitValue.Some(WitValue.String("alpha"))),
            "nothing" => WitValue.Some(WitValue.None),
            _ => WitValue.None,
        });
        Func(i, "parse", a =>
        {
            var text = a[0].AsString();
            if (text.Length == 0) return WitValue.Err(WitValue.Variant("not-found"));
            return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)
                ? WitValue.Ok(WitValue.S64(n))
                : WitValue.Err(WitValue.Variant("invalid", WitValue.String(text)));
        });
        Func(i, "check", a => a[0].AsBool() ? WitValue.Ok() : WitValue.Err());
        Func(i, "swap", a => WitValue.Tuple(a[0].Items[1], a[0].Items[0]));

        i.DefineResource("store", Stores.Type);
        Func(i, "[constructor]store", a => Stores.New(new StoreState(a[0].AsString(), new())));
        Func(i, "[method]store.name", a => WitValue.String(Stores[a[0]].Name));
        Func(i, "[method]store.put", a =>
        {
            Stores[a[0]].Entries[a[1].AsString()] = a[2].AsString();
            return null;
        });
        Func(i, "[method]store.get", a =>
            Stores[a[0]].Entries.TryGetValue(a[1].AsString(), out var v) ? WitValue.Some(WitValue.String(v)) : WitValue.None);
        Func(i, "[static]store.merge", a =>
        {
            StoreState x = Stores[a[0]], y = Stores[a[1]];
            var entries = new Dictionary<string, string>(x.Entries);
            foreach (var (k, v) in y.Entries) entries[k] = v;
            return Stores.New(new StoreState($"{x.Name}+{y.Name}", entries));
        });
        Func(i, "size", a =>
        {
            // An own parameter: the host now owns the store and disposes of it.
            var h = a[0];
            Assert.True(h.AsHandle().IsOwn);
            var count = (uint)Stores[h].Entries.Count;
            lock (Stores.Values) Stores.Values.Remove(W.Rep(h));
            Sized.Add(W.Rep(h));
            return WitValue.U32(count);
        });
    }

    private void Func(ComponentLinkerInstance i, string name, ComponentHostFunction f) =>
        i.DefineFunction(name, args =>
        {
            lock (Calls) Calls.Add($"{name}({string.Join(", ", args.ToArray().Select(a => a.ToString()))})");
            BeforeCall?.Invoke(name);
            return f(args);
        });

    public static WitValue Point(int x, int y) => W.Rec(("x", WitValue.S32(x)), ("y", WitValue.S32(y)));

    private static WitValue Move(WitValue p, WitValue by) =>
        Point(p.Field("x").AsInt32() + by.Field("x").AsInt32(), p.Field("y").AsInt32() + by.Field("y").AsInt32());
}
