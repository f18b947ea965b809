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
        Wasi = CapturedWasi.AddTo(linker);
        // componentize-js guests import wasi:http/types and outgoing-handler whether they use them or not.
        Wasm.Wasi.Http.WasiHttp.AddToLinker(linker);
        Instance = linker.Instantiate(new Store(JcoFixtures.Engine), Component);
    }

    public string Language { get; }
    public Component Component { get; }
    public E2eHost Host { get; }
    public CapturedWasi Wasi { get; }
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
