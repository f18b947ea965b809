using BenchmarkDotNet.Running;

namespace Canonical.Abi.Benchmarks;

/// <summary>Runs the canonical ABI call benchmarks (pass BenchmarkDotNet arguments, e.g. <c>--filter *</c>).</summary>
public static class Program
{
    /// <summary>Entry point.</summary>
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
