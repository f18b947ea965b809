using WasmCs.Cli.Bench;

namespace WasmCs.Cli.Tests;

/// <summary>What V8's side of <c>wasmcs bench</c> reads from node's stderr: the reference script's timings and the
/// hook's, for two instances of one compiled module, among whatever the guest itself writes there.</summary>
public sealed class V8RunnerTests
{
    [Fact]
    public void ReadsTheFirstInstanceAsTheRunAndTheSecondAsTheWarmRun()
    {
        const string stderr = """
            {"instantiate_ms":1.5}
            guest output
            {"cpu_instance":0,"run_cpu_ms":3}
            {"cpu_instance":0,"run_cpu_ms":7.25}
            {"wasm":"benchmark.wasm","compile_ms":2.5,"run_ms":30.5}
            {"instantiate_ms":0.5}
            {not json from the guest
            {"cpu_instance":1,"run_cpu_ms":4}
            {"wasm":"benchmark.wasm","compile_ms":2.5,"run_ms":9.75}
            {"max_rss_kb":65536}
            """;
        var result = V8Runner.Parse(stderr);
        Assert.Equal(2.5, result["compile_ms"]);
        Assert.Equal(1.5, result["instantiate_ms"]);
        Assert.Equal(30.5, result["run_ms"]);
        Assert.Equal(7.25, result["run_cpu_ms"]); // the first instance's spans only
        Assert.Equal(9.75, result["warm_run_ms"]);
        Assert.Equal(65536.0, result["max_rss_kb"]);
        Assert.False(result.ContainsKey("error"));
    }

    [Fact]
    public void ReportsMissingTimings()
    {
        var result = V8Runner.Parse("RuntimeError: unreachable\n{\"max_rss_kb\":1}\n");
        Assert.Contains("node printed no timings", result["error"] as string);
    }
}
