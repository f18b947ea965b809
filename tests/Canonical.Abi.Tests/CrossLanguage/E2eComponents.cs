using System.Collections.Concurrent;
using Wasm.Components.Tests.Support;
using Wasm.Components.Values;

namespace Wasm.Components.Tests.CrossLanguage;

/// <summary>
/// The components built from other languages by tests/components/build.sh (into tests/components/out/), compiled
/// once each on the shared engine.
/// </summary>
internal static class E2eComponents
{
    private static readonly Lazy<string> Dir = new(FindDirectory);
    private static readonly ConcurrentDictionary<string, Lazy<Component>> Cache = new(StringComparer.Ordinal);

    /// <summary>The component built from <c>tests/components/{language}/e2e.*</c>: <c>js</c> or <c>c</c>.</summary>
    public static Component Load(string language) =>
        Cache.GetOrAdd(language, l => new Lazy<Component>(() => Component.FromFile(JcoFixtures.Engine, PathOf(l)))).Value;

    private static string PathOf(string language)
    {
        var path = Path.Combine(Dir.Value, "out", $"e2e-{language}.wasm");
        // Never a skip: CI builds the components before the tests, so a missing one is a broken build.
        if (!File.Exists(path))
            throw new Xunit.Sdk.XunitException(
                $"{path} is missing: run tests/components/build.sh to build the cross-language test components");
        return path;
    }

    private static string FindDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "components");
            if (File.Exists(Path.Combine(candidate, "build.sh"))) return candidate;
        }
        throw new DirectoryNotFoundException($"tests/components was not found above {AppContext.BaseDirectory}");
    }
}

/// <summary>
/// One instance of an e2e component: the host side of <c>test:e2e/host</c> (<see cref="E2eHost"/>), the test WASI
/// host, and whatever else the guest's toolchain imports without using it.
/// </summary>
internal sealed class E2eHarness
{
    public const string Guest = "test:e2e/guest@0.1.0";

    private E2eHarness(string language)
    {
        Language = language;
        Component = E2eComponents.Load(language);
        var linker = new ComponentLinker(JcoFixtures.Engine);
        Host = E2eHost.AddTo(linker);
        WasiFallback.AddTo(linker, Component);
        // The test WASI host replaces the fallback wherever it has an implementation.
        linker.AllowShadowing = true;
        Wasi = TestWasiHost.AddTo(linker, Component);
        Instance = linker.Instantiate(new Store(JcoFixtures.Engine), Component);
    }

    public string Language { get; }
    public Component Component { get; }
    public E2eHost Host { get; }
    public TestWasiHost Wasi { get; }
    public ComponentInstance Instance { get; }

    public static E2eHarness For(string language) => new(language);

    /// <summary>Calls <c>test:e2e/guest#name</c>; a trap is reported with the guest's stderr.</summary>
    public WitValue? Call(string name, params WitValue[] args)
    {
        var f = Instance.GetFunc($"{Guest}#{name}")
            ?? throw new Xunit.Sdk.XunitException($"{Language} component exports no '{Guest}#{name}'");
        try
        {
            return f.Call(args);
        }
        catch (TrapException e) when (Wasi.Stderr.Length > 0)
        {
            throw new Xunit.Sdk.XunitException($"{name} trapped: {e.Message}\nguest stderr:\n{Wasi.Stderr}");
        }
    }

    public WitValue CallValue(string name, params WitValue[] args) =>
        Call(name, args) ?? throw new Xunit.Sdk.XunitException($"'{name}' returned no value");
}

/// <summary>
/// Every WASI import of a component defined as a function that fails the test when called (componentize-js guests
/// import far more of WASI than they use: wasi:http, stdin, the filesystem), except wasi:random/random, which
/// StarlingMonkey may call and gets deterministic values.
/// </summary>
internal static class WasiFallback
{
    public static void AddTo(ComponentLinker linker, Component component)
    {
        // A resource already seen in an earlier import is an (eq) re-export of that one and needs no definition.
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
                    scope.DefineFunction(item, Random(name, item) ?? Unsupported(name, item));
            }
        }
    }

    private static ComponentHostFunction? Random(string iface, string name) =>
        !iface.StartsWith("wasi:random/random@", StringComparison.Ordinal) ? null : name switch
        {
            "get-random-bytes" => a =>
                WitValue.List(Enumerable.Range(0, (int)a[0].AsUInt64()).Select(i => WitValue.U8((byte)(i * 151 + 7))).ToArray()),
            "get-random-u64" => _ => WitValue.U64(0x9E3779B97F4A7C15),
            _ => null,
        };

    private static ComponentHostFunction Unsupported(string iface, string name) =>
        _ => throw new Xunit.Sdk.XunitException($"the guest called {iface}#{name}, which the test host does not implement");
}
