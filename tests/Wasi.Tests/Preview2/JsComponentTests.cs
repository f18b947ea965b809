using System.Text;
using Wasm.Components;
using Wasm.Wasi.Preview2;
using Wasm.Wasi.Tests.Bindings.Test.Logger;

namespace Wasm.Wasi.Tests.Preview2;

/// <summary>
/// tests/components/js/logger.js built with componentize-js (StarlingMonkey inside; it imports wasi:io, clocks,
/// random, cli, filesystem and wasi:http), instantiated against the WASI 0.2 and wasi:http hosts and called through bindings the
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
            Wasm.Wasi.Http.WasiHttp.AddToLinker(linker);
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
