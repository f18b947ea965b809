using Wasm.Tests.Text;
using Wasm.Wast;
using Xunit.Abstractions;

namespace Wasm.Tests.Spec;

/// <summary>
/// Runs every top-level script of the WebAssembly spec test suite through the WAST runner, one test per file.
/// A file passes when no command fails; commands needing an unimplemented proposal count as skipped.
/// </summary>
public sealed class SpecSuiteTests(ITestOutputHelper output)
{
    /// <summary>
    /// Scripts known to have failing commands, each with the reason. This list only shrinks:
    /// <see cref="KnownFailuresStillFail"/> fails once a listed script passes, so its entry gets removed.
    /// </summary>
    private static readonly Dictionary<string, string> KnownFailures = new(StringComparer.Ordinal)
    {
    };

    public static IEnumerable<object[]> Scripts() =>
        CorpusPaths.WastFiles().Where(f => !KnownFailures.ContainsKey((string)f[0]));

    [Theory]
    [MemberData(nameof(Scripts))]
    public void Script(string file)
    {
        var result = new WastRunner().RunFile(Path.Combine(CorpusPaths.Testsuite!, file));
        output.WriteLine($"{file}: {result.Passed} passed, {result.Failed} failed, {result.SkippedCount} skipped");
        foreach (var (proposal, count) in result.Skipped) output.WriteLine($"  skipped (needs {proposal}): {count}");
        Assert.True(result.Failed == 0, string.Join('\n', result.Failures.Take(20)));
    }

    /// <summary>The legacy exception instructions (<c>try</c>, <c>catch</c>, <c>delegate</c>, <c>rethrow</c>) run
    /// completely: nothing fails and nothing is skipped.</summary>
    [Theory]
    [InlineData("rethrow.wast")]
    [InlineData("throw.wast")]
    [InlineData("try_catch.wast")]
    [InlineData("try_delegate.wast")]
    public void LegacyExceptionScript(string file)
    {
        var result = new WastRunner().RunFile(Path.Combine(CorpusPaths.Testsuite!, "legacy", file));
        output.WriteLine($"legacy/{file}: {result.Passed} passed, {result.Failed} failed, {result.SkippedCount} skipped");
        Assert.True(result.Failed == 0, string.Join('\n', result.Failures.Take(20)));
        Assert.Equal(0, result.SkippedCount);
        Assert.True(result.Passed > 0);
    }

    /// <summary>The GC scripts run completely: nothing fails and nothing is skipped.</summary>
    [Theory]
    [InlineData("struct.wast")]
    [InlineData("array.wast")]
    [InlineData("i31.wast")]
    [InlineData("ref_cast.wast")]
    [InlineData("br_on_cast_fail.wast")]
    [InlineData("type-subtyping.wast")]
    [InlineData("type-canon.wast")]
    [InlineData("extern.wast")]
    public void GcScript(string file)
    {
        var result = new WastRunner().RunFile(Path.Combine(CorpusPaths.Testsuite!, file));
        output.WriteLine($"{file}: {result.Passed} passed, {result.Failed} failed, {result.SkippedCount} skipped");
        Assert.True(result.Failed == 0, string.Join('\n', result.Failures.Take(20)));
        Assert.Equal(0, result.SkippedCount);
        Assert.True(result.Passed > 0);
    }

    /// <summary>The threads proposal's scripts (shared memories, every atomic instruction, wait and notify) run
    /// completely: nothing fails and nothing is skipped.</summary>
    [Theory]
    [InlineData("atomic.wast", 297)]
    [InlineData("exports.wast", 88)]
    [InlineData("imports.wast", 152)]
    [InlineData("memory.wast", 82)]
    public void ThreadsProposalScript(string file, int commands)
    {
        var result = new WastRunner().RunFile(Path.Combine(CorpusPaths.Testsuite!, "proposals", "threads", file));
        output.WriteLine($"proposals/threads/{file}: {result.Passed} passed, {result.Failed} failed, {result.SkippedCount} skipped");
        Assert.True(result.Failed == 0, string.Join('\n', result.Failures.Take(20)));
        Assert.Equal(0, result.SkippedCount);
        Assert.Equal(commands, result.Passed);
    }

    [Fact]
    public void CorpusIsPresent()
    {
        Assert.NotNull(CorpusPaths.Testsuite);
        Assert.True(CorpusPaths.WastFiles().Count() >= 250, "expected the whole spec suite under ../shared");
    }

    [Fact]
    public void KnownFailuresStillFail()
    {
        foreach (var (file, reason) in KnownFailures)
        {
            var result = new WastRunner().RunFile(Path.Combine(CorpusPaths.Testsuite!, file));
            Assert.True(result.Failed > 0, $"{file} passes now; remove it from the known failures ({reason})");
        }
    }

    [Fact]
    public void WholeSuiteMeetsTheConformanceFloor()
    {
        int passed = 0, failed = 0;
        foreach (var f in CorpusPaths.WastFiles())
        {
            var r = new WastRunner().RunFile(Path.Combine(CorpusPaths.Testsuite!, (string)f[0]));
            passed += r.Passed;
            failed += r.Failed;
        }
        output.WriteLine($"{passed} passed, {failed} failed");
        Assert.True(passed >= 65_180, $"only {passed} commands passed");
        Assert.Equal(0, failed);
    }
}
