using Wasm.Baseline;
using Wasm.Tests.Text;
using Wasm.Wast;
using Xunit.Abstractions;

namespace Wasm.Tests.Baseline;

/// <summary>
/// The baseline compiler against the spec suite: every top-level script runs with its invocations going to
/// baseline machine code wherever a module's functions all compile to it, and every assertion must still hold.
/// </summary>
public sealed class BaselineSpecTests(ITestOutputHelper output)
{
    [Fact]
    public void SpecSuiteHoldsOnBaselineCode()
    {
        if (!CodeMemory.IsSupported) return; // other platforms keep the IL path only
        int passed = 0, failed = 0, invokes = 0;
        var messages = new List<string>();
        foreach (var f in CorpusPaths.WastFiles())
        {
            var file = (string)f[0];
            var runner = new WastRunner { Baseline = true };
            var result = runner.RunFile(Path.Combine(CorpusPaths.Testsuite!, file));
            passed += result.Passed;
            failed += result.Failed;
            invokes += runner.BaselineInvokes;
            if (runner.BaselineInvokes > 0) output.WriteLine($"{file}: {runner.BaselineInvokes} invocations on baseline code");
            messages.AddRange(result.Failures.Take(5).Select(m => $"{file}: {m}"));
        }
        output.WriteLine($"{passed} passed, {failed} failed, {invokes} invocations on baseline code");
        Assert.True(failed == 0, string.Join('\n', messages.Take(40)));
        Assert.True(invokes > 20_000, $"only {invokes} invocations ran on baseline code");
    }
}
