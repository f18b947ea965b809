using Wasm.Fuzz;
using Xunit.Abstractions;

namespace Wasm.Safety.Tests;

/// <summary>
/// Inputs the fuzzer once found failing (an undocumented exception, a hang) stay in <c>fuzz/regressions/</c>; each
/// must now end in success or a documented exception, quickly. And a short fuzzing run must find nothing.
/// </summary>
public sealed class FuzzRegressionTests(ITestOutputHelper output)
{
    private static string FuzzDir()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "fuzz", "Fuzz.csproj"))) return Path.Combine(dir.FullName, "fuzz");
        }
        throw new InvalidOperationException("fuzz/ not found above " + AppContext.BaseDirectory);
    }

    public static IEnumerable<object[]> Regressions() =>
        Directory.EnumerateFiles(Path.Combine(FuzzDir(), "regressions"))
            .Where(f => !f.EndsWith(".md", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(f => new object[] { Path.GetFileName(f) });

    [Theory]
    [MemberData(nameof(Regressions))]
    public void RegressionInput_EndsInSuccessOrDocumentedException(string name)
    {
        var path = Path.Combine(FuzzDir(), "regressions", name);
        var input = new FuzzInput(Corpus.KindOfFile(path), File.ReadAllBytes(path), path);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var outcome = new Targets().Run(input);
        output.WriteLine($"{name}: {outcome} in {clock.ElapsedMilliseconds} ms");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"{name} took {clock.Elapsed}");
    }

    [Fact]
    public void ShortFuzzRun_FindsNoFailures()
    {
        var log = new StringWriter();
        var corpora = Path.GetFullPath(Path.Combine(FuzzDir(), "..", "..", "shared", "corpora"));
        var report = new Harness(new FuzzOptions
        {
            Seconds = 5,
            Seed = 11,
            Corpora = corpora,
            OutputDir = Path.Combine(Path.GetTempPath(), "wasm-fuzz-test-" + Environment.ProcessId),
            RegressionDir = Path.Combine(FuzzDir(), "regressions"),
            Log = log,
        }).Run();
        output.WriteLine(log.ToString());
        Assert.Equal(0, report.Failures);
        Assert.True(report.Inputs > 100, $"only {report.Inputs} inputs");
        Assert.True(report.Instances > 0 && report.Calls > 0, "nothing got as far as instantiation and calls");
        Assert.True(report.PerKind.Values.All(n => n > 0), "some kind of input was never tried");
    }
}
