using System.Text;
using Wasm.Components.Types;
using Wasm.Components.Values;

namespace Wasm.Components.Tests.Support;

/// <summary>One fixture under test: its compiled component, a linker with the test WASI host, then an instance.</summary>
internal sealed class JcoHarness
{
    private ComponentInstance? _instance;

    private JcoHarness(string fixture)
    {
        Component = JcoFixtures.Load(fixture);
        Linker = new ComponentLinker(JcoFixtures.Engine);
        Wasi = CapturedWasi.AddTo(Linker);
    }

    public Component Component { get; }
    public ComponentLinker Linker { get; }
    public CapturedWasi Wasi { get; }

    /// <summary>Loads a fixture and prepares a linker with the WASI it imports; define the test imports, then call <see cref="Instantiate"/>.</summary>
    public static JcoHarness For(string fixture) => new(fixture);

    /// <summary>The instance (instantiated on first use, into a fresh store).</summary>
    public ComponentInstance Instance => _instance ??= Instantiate();

    public ComponentInstance Instantiate() => _instance = Linker.Instantiate(new Store(JcoFixtures.Engine), Component);

    /// <summary>
    /// Calls an export by name (<c>"name"</c> or <c>"ns:pkg/iface#name"</c>). A trap is reported with whatever the
    /// guest wrote to stderr (a Rust guest prints its panic message there before trapping).
    /// </summary>
    public WitValue? Call(string name, params WitValue[] args)
    {
        var f = Func(name);
        try
        {
            return f.Call(args);
        }
        catch (TrapException e) when (Wasi.Stderr.Length > 0)
        {
            throw new Xunit.Sdk.XunitException($"{name} trapped: {e.Message}\nguest stderr:\n{Wasi.Stderr}");
        }
    }

    /// <summary>Calls an export that returns a value.</summary>
    public WitValue CallValue(string name, params WitValue[] args) =>
        Call(name, args) ?? throw new Xunit.Sdk.XunitException($"export '{name}' returned no value");

    public ComponentFunc Func(string name) =>
        Instance.GetFunc(name) ?? throw new Xunit.Sdk.XunitException($"fixture has no exported function '{name}'");
}

/// <summary>Shorthands for building and reading WIT values in the fixture tests.</summary>
internal static class W
{
    public static WitValue Str(string s) => WitValue.String(s);

    public static WitValue Bytes(byte[] bytes) => WitValue.List(bytes.Select(WitValue.U8).ToArray());

    public static WitValue Bytes(string utf8) => Bytes(Encoding.UTF8.GetBytes(utf8));

    public static WitValue Strings(params string[] items) => WitValue.List(items.Select(WitValue.String).ToArray());

    public static byte[] ToBytes(WitValue list) => list.Items.Select(v => (byte)v.AsUInt32()).ToArray();

    public static string[] ToStrings(WitValue list) => list.Items.Select(v => v.AsString()).ToArray();

    public static WitValue Own(ResourceType type, uint rep) => WitValue.Handle(new ResourceHandle(type, rep, isOwn: true));

    /// <summary>
    /// The value to pass for a <c>borrow&lt;T&gt;</c> parameter when the host holds an owned handle: the owned handle
    /// itself (the call lends it for its duration, like wasmtime's <c>ResourceAny</c>).
    /// </summary>
    public static WitValue Lend(WitValue own) => own;

    /// <summary>The representation of a host resource handle received as an argument.</summary>
    public static uint Rep(WitValue handle) => handle.AsHandle().Rep;

    public static WitValue Rec(params (string Name, WitValue Value)[] fields) => WitValue.Record(fields);
}

/// <summary>
/// A host-defined resource type backed by a table of values, like the wasmtime hosts of wit-bindgen's runtime tests
/// (representations are allocated from 0 upwards; the destructor removes the entry and records the drop).
/// </summary>
internal sealed class HostResource<T>
{
    private uint _next;

    public HostResource(string name, uint firstRep = 0)
    {
        Type = new ResourceType(name);
        _next = firstRep;
        Type.HostDestructor = rep =>
        {
            lock (Values)
            {
                Dropped.Add(rep);
                Values.Remove(rep);
            }
        };
    }

    public ResourceType Type { get; }
    public Dictionary<uint, T> Values { get; } = new();
    public List<uint> Dropped { get; } = new();

    /// <summary>Stores a value and returns an owned handle to it.</summary>
    public WitValue New(T value)
    {
        lock (Values)
        {
            var rep = _next++;
            Values[rep] = value;
            return W.Own(Type, rep);
        }
    }

    /// <summary>The value behind a handle received from the guest (checks that it is a handle of this type).</summary>
    public T this[WitValue handle]
    {
        get
        {
            var h = handle.AsHandle();
            Assert.Same(Type, h.Type);
            lock (Values) return Values[h.Rep];
        }
    }

    public void Set(WitValue handle, T value)
    {
        lock (Values) Values[W.Rep(handle)] = value;
    }
}
