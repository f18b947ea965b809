using Wasm.Components;
using Wasm.Components.Types;
using Wasm.Components.Values;

namespace ComposeExample;

/// <summary>
/// The WASI 0.2 imports of a componentize-js component, which imports much more of WASI than this application uses:
/// every function traps when called, except wasi:random/random and the monotonic clock's <c>now</c>, which the
/// JavaScript engine calls (deterministic values here, so runs are reproducible).
/// </summary>
public static class WasiStubs
{
    public static void AddTo(ComponentLinker linker, Component component)
    {
        // A resource seen in an earlier import is an (eq) re-export of that one and needs no definition.
        var seen = new HashSet<ResourceType>();
        foreach (var (name, type) in component.Type.Imports)
        {
            if (type is not InstanceType instance || !name.StartsWith("wasi:", StringComparison.Ordinal)) continue;
            var scope = linker.Instance(name);
            foreach (var (item, itemType) in instance.Exports)
            {
                if (itemType is TypeExternType { Resource: { } r } && seen.Add(r))
                    scope.DefineResource(item, new ResourceType(item) { HostDestructor = _ => { } });
                else if (itemType is FuncExternType)
                    scope.DefineFunction(item, Random(name, item) ?? Clock(name, item) ?? Unsupported(name, item));
            }
        }
    }

    private static ComponentHostFunction? Random(string iface, string name) =>
        !iface.StartsWith("wasi:random/random@", StringComparison.Ordinal) ? null : name switch
        {
            "get-random-bytes" => a =>
            {
                var bytes = new WitValue[(int)a[0].AsUInt64()];
                for (int i = 0; i < bytes.Length; i++) bytes[i] = WitValue.U8((byte)(i * 151 + 7));
                return WitValue.List(bytes);
            },
            "get-random-u64" => _ => WitValue.U64(0x9E3779B97F4A7C15),
            _ => null,
        };

    private static ComponentHostFunction? Clock(string iface, string name)
    {
        if (!iface.StartsWith("wasi:clocks/monotonic-clock@", StringComparison.Ordinal) || name != "now") return null;
        ulong nanoseconds = 0;
        return _ => WitValue.U64(nanoseconds += 1000);
    }

    private static ComponentHostFunction Unsupported(string iface, string name) =>
        _ => throw new InvalidOperationException($"the application called {iface}#{name}, which this host does not provide");
}
