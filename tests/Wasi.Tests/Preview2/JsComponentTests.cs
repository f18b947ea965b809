using System.Text;
using Wasm.Components;
using Wasm.Components.Types;
using Wasm.Wasi.Preview2;
using Wasm.Wasi.Tests.Bindings.Test.Logger;

namespace Wasm.Wasi.Tests.Preview2;

/// <summary>
/// tests/components/js/logger.js built with componentize-js (StarlingMonkey inside; it imports wasi:io, clocks,
/// random, cli, filesystem and wasi:http), instantiated against the WASI 0.2 host and called through bindings the
/// project's generator made from tests/components/wit/logger.wit. console.log reaches the configured stdout.
/// </summary>
public sealed class JsComponentTests(JsComponentTests.LoggerInstance logger) : IClassFixture<JsComponentTests.LoggerInstance>
{
    /// <summary>One instance for the class: compiling the 12 MB component takes seconds.</summary>
    public sealed class LoggerInstance : IDisposable
    {
        private readonly MemoryStream _stdout = new();
        private readonly MemoryStream _stderr = new();

        public LoggerInstance()
        {
            var engine = new Engine();
            var component = Component.FromFile(engine, TestComponents.PathOf("logger-js.wasm"));
            var linker = new ComponentLinker(engine);
            Wasi = WasiP2.AddToLinker(linker, new WasiConfig { Stdout = _stdout, Stderr = _stderr });
            HttpNotProvided.AddTo(linker, component);
            Exports = JsLogger.Instantiate(new Store(engine), component, linker);
        }

        public WasiP2Context Wasi { get; }
        public JsLogger Exports { get; }
        public string Stdout { get { lock (_stdout) return Encoding.UTF8.GetString(_stdout.ToArray()); } }
        public string Stderr { get { lock (_stderr) return Encoding.UTF8.GetString(_stderr.ToArray()); } }

        public void Dispose() => Wasi.Dispose();
    }

    [Fact]
    public void ConsoleLogReachesStdout()
    {
        Assert.Equal("hello, Ada", logger.Exports.Logger.Greet("Ada"));
        Assert.Equal("hello, 世界", logger.Exports.Logger.Greet("世界"));
        Assert.Contains("hello, Ada\n", logger.Stdout);
        Assert.Contains("hello, 世界\n", logger.Stdout);
        Assert.Contains("logged 10 characters\n", logger.Stderr);
    }

    [Fact]
    public void DateNowReadsTheWallClock()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        Assert.InRange(logger.Exports.Logger.NowMillis(), now - 60_000, now + 60_000);
    }

    [Fact]
    public void MathRandomDrawsFromWasiRandom()
    {
        var values = logger.Exports.Logger.Randoms(64);
        Assert.Equal(64, values.Length);
        Assert.All(values, v => Assert.InRange(v, 0.0, 0.9999999999999999));
        Assert.True(values.Distinct().Count() > 60);
    }
}

/// <summary>
/// wasi:http, which componentize-js guests import whether they use it or not and the WASI 0.2 host does not
/// provide: each resource defined, each function failing the test if the guest calls it.
/// </summary>
internal static class HttpNotProvided
{
    public static void AddTo(ComponentLinker linker, Component component)
    {
        // Resources of other interfaces that wasi:http re-exports (streams, pollable, error) are the host's.
        var others = new HashSet<ResourceType>();
        foreach (var (name, type) in component.Type.Imports)
            if (type is InstanceType other && !name.StartsWith("wasi:http/", StringComparison.Ordinal))
                foreach (var (_, itemType) in other.Exports)
                    if (itemType is TypeExternType { Resource: { } r }) others.Add(r);

        foreach (var (name, type) in component.Type.Imports)
        {
            if (type is not InstanceType instance || !name.StartsWith("wasi:http/", StringComparison.Ordinal)) continue;
            var scope = linker.Instance(name);
            foreach (var (item, itemType) in instance.Exports)
            {
                if (itemType is TypeExternType { Resource: { } r } && others.Add(r))
                    scope.DefineResource(item, new ResourceType(item) { HostDestructor = _ => { } });
                else if (itemType is FuncExternType)
                    scope.DefineFunction(item, _ => throw new Xunit.Sdk.XunitException($"the guest called {name}#{item}, which is not provided"));
            }
        }
    }
}
