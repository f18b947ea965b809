using System.Globalization;
using System.Text;

namespace WasmCs.Cli.Bench;

/// <summary>Where and how a bench run was made.</summary>
internal sealed record MachineInfo(int Cores, string Os, string Runtime, string? Node, DateTime When, int Iterations)
{
    /// <summary>The 1-minute load average when the run started and when it ended (Linux), to judge how much
    /// other work shared the cores.</summary>
    public string? LoadAtStart { get; init; }
    public string? LoadAtEnd { get; init; }

    /// <summary>Whether the load exceeded the cores at either end of the run.</summary>
    public bool Busy => (double.TryParse(LoadAtStart, CultureInfo.InvariantCulture, out var start) && start > Cores)
        || (double.TryParse(LoadAtEnd, CultureInfo.InvariantCulture, out var end) && end > Cores);

    /// <summary>The 1-minute load average from /proc/loadavg, or null where there is none.</summary>
    public static string? LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ')[0];
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}

/// <summary>The table, the summary against the targets, and the chart of execution ratios.</summary>
internal sealed class BenchReport(IReadOnlyList<ProgramResult> results, MachineInfo machine)
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private IEnumerable<ProgramResult> Measured => results.Where(r => r.Measured);

    /// <summary>Geometric mean of the engine/V8 ratios of the bench span, over the programs both ran.</summary>
    public double GeometricMeanRunRatio => GeometricMean(r => r.RunRatio);

    private double GeometricMean(Func<ProgramResult, double> ratio)
    {
        var ratios = Measured.Select(ratio).Where(double.IsFinite).ToArray();
        return ratios.Length == 0 ? double.NaN : Math.Exp(ratios.Sum(Math.Log) / ratios.Length);
    }

    /// <summary>The summary lines: the targets of the performance work with what this run measured.</summary>
    public IEnumerable<string> Verdict()
    {
        var measured = Measured.ToList();
        yield return $"geometric mean of engine/V8 execution ratios: {F(GeometricMeanRunRatio)} over {measured.Count} programs (target ≤ 1.3)";
        if (measured.Count > 0)
        {
            var worst = measured.MaxBy(r => r.RunRatio)!;
            var above = measured.Where(r => r.RunRatio > 2.0).Select(r => $"{r.Program.Name} {F(r.RunRatio)}").ToList();
            yield return $"largest execution ratio: {worst.Program.Name} {F(worst.RunRatio)}; above 2.0: {(above.Count == 0 ? "none" : string.Join(", ", above))}";
            yield return $"cross-check with CPU time instead of wall time (less sensitive to other load): geometric mean {F(GeometricMean(r => r.RunCpuRatio))}";
            var warmAbove = measured.Where(r => r.WarmRunRatio > 2.0).Select(r => $"{r.Program.Name} {F(r.WarmRunRatio)}").ToList();
            yield return $"second run (a second instance of the same compiled module on each side, machine code generated): geometric mean {F(GeometricMean(r => r.WarmRunRatio))}; above 2.0: {(warmAbove.Count == 0 ? "none" : string.Join(", ", warmAbove))}";
            var largest = measured.MaxBy(r => r.Program.Size)!;
            foreach (var r in measured.Where(r => r == largest || r.Program.Name == "gcc-loops"))
            {
                yield return $"compile + instantiate of {(r == largest ? "the largest program, " : "")}{r.Program.Name} ({r.Program.Size / 1024} KiB): "
                    + $"{F(r.EngineCompile.Median + r.EngineInstantiate.Median)} ms vs V8 {F(r.V8Compile.Median + r.V8Instantiate.Median)} ms, ×{F(r.StartRatio)} (target ≤ 2)";
            }
        }
        if (results.FirstOrDefault(r => r.Program.Name == "shootout-fib2") is { } fib2)
            yield return $"start-up of shootout-fib2 from a precompiled artifact (load + instantiate): {F(fib2.PrecompiledStartup.Median)} ms (target < 5)";
        var wrong = results.Where(r => r.Error is not null || r.Output is not ("ok" or "unchecked")).Select(r => r.Program.Name).ToList();
        var unchecked_ = results.Count(r => r.Output == "unchecked");
        yield return $"output: {results.Count - wrong.Count} of {results.Count} programs correct"
            + (unchecked_ > 0 ? $" ({unchecked_} have no expected files; their exit code was checked)" : "")
            + (wrong.Count > 0 ? $"; wrong or failed: {string.Join(", ", wrong)}" : "");
    }

    public string Markdown(string chartFile, string arguments)
    {
        var md = new StringBuilder();
        md.AppendLine("# Performance");
        md.AppendLine();
        md.AppendLine("This page is written by `wasmcs bench`; rerun it to refresh every number here:");
        md.AppendLine();
        md.AppendLine("```sh");
        md.AppendLine("dotnet build src/Cli -c Release");
        md.AppendLine("src/Cli/bin/Release/net10.0/wasmcs bench" + (arguments.Length > 0 ? " " + arguments : ""));
        md.AppendLine("```");
        md.AppendLine();
        md.AppendLine($"Run {machine.When:yyyy-MM-dd HH:mm} UTC on {machine.Cores} cores, {machine.Os}, {machine.Runtime}, V8 from node {machine.Node ?? "(not run)"}; "
            + $"{machine.Iterations} iterations per program and side, engine and V8 interleaved iteration by iteration, medians shown."
            + (machine.LoadAtStart is not null ? $" Load average (1 min): {machine.LoadAtStart} at the start, {machine.LoadAtEnd} at the end"
                + (machine.Busy ? $"; above the {machine.Cores} cores, so other processes competed for them and wall times are inflated." : ".") : ""));
        md.AppendLine();
        md.AppendLine("## Method");
        md.AppendLine();
        md.AppendLine("- Programs: every core module in `../shared/bench/sightglass` (Wasmtime's sightglass suite), run under WASI preview1 with its folder preopened as `.` and as the working directory. Components (`cm-online-stats`, `kotlin-richards`) are left out: V8 cannot run them.");
        md.AppendLine("- Engine: a child process per program (so its peak RSS is the program's own) runs each iteration with a fresh `Engine`, configured as `wasmcs run` configures it: when the machine has more than one core, `EngineConfig.Tiering` (functions start as unoptimized tier-0 code, quick for the JIT to compile, each emitted as IL on its first call; hot ones are recompiled optimized on a background thread, a long-running loop moving over mid-call; a second thread emits the IL of the rest ahead of need; in a module with 256 KiB or more of code in such functions, regex, rust-compression and the TinyGo programs here, every function starts in the engine's interpreter instead and moves to tier-0 code once it has run long) and `EngineConfig.BackgroundCompilation` (with `--no-tiering`: a worker thread generates machine code for the module's functions, start function and exports first, while the guest runs). The previous iteration's objects are collected before each iteration, and a step of its background compilation still under way (a function being jitted) is let finish. *compile* is `Module.FromBytes` (decode and validate; with tiering the IL is emitted later, without it here), *instantiate* is `Linker.Instantiate` with WASI defined, *run* is the time between the guest's `bench.start` and `bench.end` calls; it includes the IL emission and the JIT's machine-code generation for each function on its first call (when the thread working ahead of need has not emitted them yet) and the time the guest spends in tier-0 code (V8 likewise compiles lazily, on first call, with its baseline tier, and optimises hot functions on background threads). Its stdout, stderr and exit code are compared with the `*.expected` files.");
        md.AppendLine("- V8: a node process per iteration runs `../shared/tools/sightglass-v8.mjs` with 2 iterations (compile once with `WebAssembly.compile`, then instantiate and run the bench span twice); the first instance's span is the iteration's *run*; a module loaded with `node --import` adds the time of `WebAssembly.instantiate`, the CPU time of each span and the process's peak RSS.");
        md.AppendLine("- *warm run*: after each iteration's run, each side instantiates the same compiled module once more and runs it again, in the same process. The engine's functions then have machine code (with tiering, functions whose budget the first run did not spend still run tier-0 code, and promotions asked for are still compiling); V8's hot functions have mostly moved from Liftoff to TurboFan code. The warm ratio compares code quality without the first run's compiles.");
        md.AppendLine("- *run CPU*: the CPU time (user + system, all threads: JIT, GC and V8's compiler threads included) each process spent during the bench span. On a machine shared with other work, wall time grows while a process waits for a core and CPU time does not, so the CPU ratio is the steadier cross-check; the targets are stated on wall time.");
        md.AppendLine("- Ratios are engine/V8 of the medians (below 1: the engine is faster). The geometric mean is over the execution (bench span) ratios.");
        md.AppendLine("- *Precompiled start-up*: loading a `wasmcs compile` artifact (`Module.FromPrecompiled`) and instantiating it, in the engine's warm process, median after the first load.");
        md.AppendLine("- Peak RSS: the process's high-water mark (`VmHWM`; node's `resourceUsage().maxRSS`), runtime and compiler included; `noop` shows what each side costs before a program uses any memory.");
        md.AppendLine();
        md.AppendLine("## Summary");
        md.AppendLine();
        foreach (var line in Verdict()) md.AppendLine("- " + line);
        md.AppendLine();
        md.AppendLine($"![engine/V8 execution time per program]({chartFile})");
        md.AppendLine();
        md.AppendLine("## Results");
        md.AppendLine();
        md.AppendLine("Times in milliseconds (medians); × is engine/V8.");
        md.AppendLine();
        md.AppendLine("| program | size KiB | output | compile | V8 | × | instantiate | V8 | × | run | V8 | × | warm run | V8 | × | run CPU | V8 | × | precompiled start-up | peak RSS MiB | V8 |");
        md.AppendLine("|---|--:|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
        foreach (var r in results)
        {
            if (r.Error is not null)
            {
                md.AppendLine($"| {r.Program.Name} | {r.Program.Size / 1024} | failed: {Escape(r.Error)} | | | | | | | | | | | | | | | | | | |");
                continue;
            }
            md.Append($"| {r.Program.Name} | {r.Program.Size / 1024} | {Escape(r.Output ?? "")}{(r.V8Error is not null ? $" (V8 failed: {Escape(r.V8Error)})" : "")} ");
            md.Append($"| {F(r.EngineCompile.Median)} | {F(r.V8Compile.Median)} | {F(r.EngineCompile.Median / r.V8Compile.Median)} ");
            md.Append($"| {F(r.EngineInstantiate.Median)} | {F(r.V8Instantiate.Median)} | {F(r.EngineInstantiate.Median / r.V8Instantiate.Median)} ");
            md.Append($"| {F(r.EngineRun.Median)} | {F(r.V8Run.Median)} | **{F(r.EngineRun.Median / r.V8Run.Median)}** ");
            md.Append($"| {F(r.EngineWarmRun.Median)} | {F(r.V8WarmRun.Median)} | {F(r.EngineWarmRun.Median / r.V8WarmRun.Median)} ");
            md.Append($"| {F(r.EngineRunCpu.Median)} | {F(r.V8RunCpu.Median)} | {F(r.EngineRunCpu.Median / r.V8RunCpu.Median)} ");
            md.Append($"| {(r.PrecompiledError is not null ? "failed" : F(r.PrecompiledStartup.Median))} ");
            md.AppendLine($"| {F(r.EngineRssKb / 1024)} | {F(r.V8RssKb / 1024)} |");
        }
        var precompiledErrors = results.Where(r => r.PrecompiledError is not null).ToList();
        if (precompiledErrors.Count > 0)
        {
            md.AppendLine();
            foreach (var r in precompiledErrors) md.AppendLine($"- precompiled {r.Program.Name}: {Escape(r.PrecompiledError!)}");
        }
        return md.ToString();
    }

    /// <summary>A horizontal bar per program: engine/V8 execution time on a log scale, with lines at 1, 1.3 and 2.</summary>
    public string Chart()
    {
        var rows = Measured.ToList();
        const int left = 170, barArea = 520, rowHeight = 18, top = 40;
        const double minRatio = 0.25, maxRatio = 8;
        var height = top + rows.Count * rowHeight + 40;
        double X(double ratio) => left + barArea * (Math.Log2(Math.Clamp(ratio, minRatio, maxRatio)) - Math.Log2(minRatio)) / (Math.Log2(maxRatio) - Math.Log2(minRatio));
        var svg = new StringBuilder();
        svg.AppendLine(Inv, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{left + barArea + 70}\" height=\"{height}\" font-family=\"sans-serif\" font-size=\"11\">");
        svg.AppendLine("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>");
        svg.AppendLine(Inv, $"<text x=\"{left}\" y=\"18\" font-size=\"13\">engine / V8 execution time (bench span, median of {machine.Iterations}); log scale, left of 1 = engine faster</text>");
        foreach (var tick in (double[])[0.25, 0.5, 1, 1.3, 2, 4, 8])
        {
            var x = X(tick);
            var colour = tick switch { 1 => "#000", 1.3 => "#2a7", 2 => "#c33", _ => "#ccc" };
            svg.AppendLine(Inv, $"<line x1=\"{x:F1}\" y1=\"{top - 6}\" x2=\"{x:F1}\" y2=\"{height - 30}\" stroke=\"{colour}\" stroke-dasharray=\"{(tick is 1.3 or 2 ? "4 3" : "none")}\"/>");
            svg.AppendLine(Inv, $"<text x=\"{x:F1}\" y=\"{height - 16}\" text-anchor=\"middle\">{tick.ToString(Inv)}</text>");
        }
        for (var i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            var y = top + i * rowHeight;
            var ratio = r.RunRatio;
            var (x0, x1) = (X(1), X(ratio));
            var fill = ratio <= 1.3 ? "#4a90d9" : ratio <= 2 ? "#e0a030" : "#d04040";
            svg.AppendLine(Inv, $"<text x=\"{left - 6}\" y=\"{y + 12}\" text-anchor=\"end\">{r.Program.Name}</text>");
            svg.AppendLine(Inv, $"<rect x=\"{Math.Min(x0, x1):F1}\" y=\"{y + 2}\" width=\"{Math.Max(1, Math.Abs(x1 - x0)):F1}\" height=\"{rowHeight - 5}\" fill=\"{fill}\"/>");
            svg.AppendLine(Inv, $"<text x=\"{Math.Max(x0, x1) + 4:F1}\" y=\"{y + 12}\">{F(ratio)}</text>");
        }
        svg.AppendLine("</svg>");
        return svg.ToString();
    }

    private static string F(double value) => double.IsNaN(value) || double.IsInfinity(value) ? "–"
        : value >= 100 ? value.ToString("F0", Inv) : value >= 10 ? value.ToString("F1", Inv) : value.ToString("F2", Inv);

    private static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");
}
