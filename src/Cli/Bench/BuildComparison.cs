using System.Globalization;

namespace WasmCs.Cli.Bench;

/// <summary>
/// <c>wasmcs bench --compare OTHER</c>: this build against another <c>wasmcs</c> (one built from an earlier commit,
/// say), program by program. Single runs of the short sightglass programs vary by a third on a shared machine, so
/// each program runs in rounds, each round one worker process per build, the build that goes first alternating
/// between rounds; every worker's first iteration, which includes the JIT compiling the engine itself, is left out.
/// Prints the medians of the bench span and of its CPU time for both builds and their ratio (this / other).
/// </summary>
internal static class BuildComparison
{
    public static int Run(WorkerCommand other, IReadOnlyList<BenchProgram> programs, int rounds, int iterations, bool tiering,
        TextWriter stdout, TextWriter stderr)
    {
        var self = WorkerCommand.ThisBuild();
        stdout.WriteLine($"{programs.Count} programs, {rounds} rounds of {iterations} iterations per build; ms, medians (minimum); × is this build / {other.Describe()}");
        stdout.WriteLine($"{"program",-26} {"run",18} {"other run",18} {"×",6} {"CPU",18} {"other CPU",18} {"×",6}");
        var ratios = new List<double>();
        var failed = false;
        foreach (var program in programs)
        {
            var mine = new Spans();
            var theirs = new Spans();
            string? error = null;
            for (var round = 0; round < rounds && error is null; round++)
            {
                var order = round % 2 == 0 ? new[] { (self, mine), (other, theirs) } : new[] { (other, theirs), (self, mine) };
                foreach (var (build, spans) in order)
                {
                    error = Measure(build, program, iterations, tiering, spans);
                    if (error is not null)
                    {
                        error = $"{(ReferenceEquals(spans, mine) ? "this build" : "other build")}: {error}";
                        break;
                    }
                }
            }
            if (error is not null)
            {
                stderr.WriteLine($"wasmcs bench: {program.Name}: {error}");
                failed = true;
                continue;
            }
            // A span too short to time (noop's) has no ratio.
            var ratio = Ratio(mine.Run, theirs.Run);
            if (ratio is { } r) ratios.Add(r);
            stdout.WriteLine($"{program.Name,-26} {Describe(mine.Run),18} {Describe(theirs.Run),18} {Format(ratio),6} {Describe(mine.Cpu),18} {Describe(theirs.Cpu),18} {Format(Ratio(mine.Cpu, theirs.Cpu)),6}");
        }
        if (ratios.Count > 0)
            stdout.WriteLine($"geometric mean of the run ratios over {ratios.Count} programs: {Format(Math.Exp(ratios.Average(Math.Log)))}");
        return failed ? 1 : 0;
    }

    /// <summary>One worker of <paramref name="build"/>: a warm-up iteration, then <paramref name="iterations"/>
    /// timed ones; null, or what went wrong (an error, or output that differs from the expected files).</summary>
    private static string? Measure(WorkerCommand build, BenchProgram program, int iterations, bool tiering, Spans spans)
    {
        using var worker = build.Start(program, tiering);
        try
        {
            for (var i = 0; i <= iterations; i++)
            {
                var answer = WorkerCommand.Ask(worker, "run");
                if (answer.TryGetValue("error", out var error) && error is string message) return message;
                if (answer.GetValueOrDefault("output") is string output && output is not ("ok" or "unchecked")) return $"output {output}";
                if (i == 0) continue;
                spans.Run.Add(answer, "run_ms");
                spans.Cpu.Add(answer, "run_cpu_ms");
            }
            return null;
        }
        finally
        {
            WorkerCommand.Finish(worker);
        }
    }

    private static double? Ratio(Samples mine, Samples theirs) =>
        mine.Median > 0 && theirs.Median > 0 ? mine.Median / theirs.Median : null;

    private static string Format(double? value) => value?.ToString("0.00", CultureInfo.InvariantCulture) ?? "–";

    private static string Describe(Samples samples) =>
        string.Create(CultureInfo.InvariantCulture, $"{samples.Median,8:0.0} ({samples.Min,7:0.0})");

    /// <summary>One build's bench spans of one program, wall and CPU time.</summary>
    private sealed record Spans(Samples Run, Samples Cpu)
    {
        public Spans() : this(new Samples(), new Samples()) { }
    }
}
