using BenchmarkDotNet.Running;

namespace Wit.Parser.Benchmarks;

/// <summary>Runs the WIT resolution benchmarks (pass BenchmarkDotNet arguments, e.g. <c>--job short</c>).</summary>
public static class Program
{
    /// <summary>Entry point.</summary>
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
