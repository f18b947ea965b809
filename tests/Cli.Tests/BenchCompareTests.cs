using WasmCs.Cli.Bench;

namespace WasmCs.Cli.Tests;

public sealed class BenchCompareTests
{
    private static string Suite => Path.GetDirectoryName(Path.GetDirectoryName(SharedCorpora.PathOf("bench/sightglass/noop/benchmark.wasm")))!;

    private static (int Code, string Out, string Err) Bench(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = BenchCommand.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void ComparesThisBuildWithAnotherProgramByProgram()
    {
        // The other build is this one's wasmcs.dll, run through dotnet: both sides run the program and check its output.
        var other = typeof(BenchCommand).Assembly.Location;
        var (code, output, err) = Bench("--compare", other, "--rounds", "2", "--iterations", "1", "--suite", Suite, "shootout-ackermann");
        Assert.True(code == 0, err);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("1 programs, 2 rounds of 1 iterations per build", lines[0]);
        var row = Assert.Single(lines, l => l.StartsWith("shootout-ackermann ", StringComparison.Ordinal));
        var ratio = double.Parse(row.Split(' ', StringSplitOptions.RemoveEmptyEntries)[7], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(ratio, 0.05, 20);
        Assert.Contains("geometric mean of the run ratios over 1 programs", output);
    }

    [Fact]
    public void RefusesAMissingBuildAndBadCounts()
    {
        var missing = Bench("--compare", Path.Combine(Path.GetTempPath(), "no-such-wasmcs"), "--suite", Suite, "noop");
        Assert.Equal(1, missing.Code);
        Assert.Contains("was not found", missing.Err);
        Assert.Equal(2, Bench("--compare").Code);
        Assert.Equal(2, Bench("--compare", typeof(BenchCommand).Assembly.Location, "--rounds", "0").Code);
    }
}
