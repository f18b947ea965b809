using System.Diagnostics;
using BenchmarkDotNet.Running;

namespace Wit.Generators.Benchmarks;

/// <summary>
/// Runs the generator benchmarks (pass BenchmarkDotNet arguments, e.g. <c>--filter *</c>), or with
/// <c>--first-run</c> times the first generator run in a fresh process, JIT compilation included.
/// </summary>
public static class Program
{
    /// <summary>Entry point.</summary>
    public static void Main(string[] args)
    {
        if (args is ["--first-run"])
        {
            var setup = new GeneratorBenchmarks();
            var stopwatch = Stopwatch.StartNew();
            setup.Setup();
            Console.WriteLine($"first run in this process (driver, parse, resolve, emit; JIT included): {stopwatch.Elapsed.TotalMilliseconds:F1} ms, {setup.GeneratedFiles} files");
            stopwatch.Restart();
            setup.ColdDriver();
            Console.WriteLine($"second run, new driver: {stopwatch.Elapsed.TotalMilliseconds:F1} ms");
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
