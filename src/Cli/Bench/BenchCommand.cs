using System.Globalization;

namespace WasmCs.Cli.Bench;

/// <summary>
/// <c>wasmcs bench</c>: runs the sightglass programs on this engine and on node's V8, interleaved iteration by
/// iteration so that load from other processes hits both alike, checks the engine's output against the expected
/// files, and writes a table and a chart of the medians to <c>docs/performance.md</c>.
/// </summary>
public static class BenchCommand
{
    private const string Usage = """
        usage: wasmcs bench [--iterations N] [--suite DIR] [--v8-script FILE] [--no-v8] [--no-tiering] [--out FILE.md] [PROGRAM...]
               wasmcs bench --compare OTHER [--rounds R] [--iterations N] [--suite DIR] [--no-tiering] [PROGRAM...]
               runs every sightglass program (or those whose names contain a PROGRAM) N times (default 5) on the
               engine and on V8, and writes the medians to FILE.md (default docs/performance.md) and a chart beside it;
               --no-tiering configures the engine as `wasmcs run --no-tiering` does;
               --compare runs them on this build and on OTHER (another wasmcs, or its wasmcs.dll) instead, R rounds
               (default 3) of N iterations (default 3) per build, alternating, and prints the medians and their ratio
        """;

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length >= 3 && args[0] == "--worker")
            return EngineWorker.Run(args[1], args[2], tiering: !args.Contains("--no-tiering"), Console.In, stdout);

        int? iterations = null;
        var rounds = 3;
        string? suite = null, script = null, output = null, compare = null;
        var useV8 = true;
        var tiering = true;
        var filters = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            string? Next() => i + 1 < args.Length ? args[++i] : null;
            switch (arg)
            {
                case "--iterations":
                    if (!int.TryParse(Next(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1)
                        return BadUsage(stderr, "--iterations needs a positive number");
                    iterations = n;
                    break;
                case "--rounds":
                    if (!int.TryParse(Next(), NumberStyles.None, CultureInfo.InvariantCulture, out rounds) || rounds < 1)
                        return BadUsage(stderr, "--rounds needs a positive number");
                    break;
                case "--compare":
                    if ((compare = Next()) is null) return BadUsage(stderr, "--compare needs a wasmcs executable or wasmcs.dll");
                    break;
                case "--suite":
                    if ((suite = Next()) is null) return BadUsage(stderr, "--suite needs a directory");
                    break;
                case "--v8-script":
                    if ((script = Next()) is null) return BadUsage(stderr, "--v8-script needs a file");
                    break;
                case "--out":
                    if ((output = Next()) is null) return BadUsage(stderr, "--out needs a file");
                    break;
                case "--no-v8":
                    useV8 = false;
                    break;
                case "--no-tiering":
                    tiering = false;
                    break;
                case "-h" or "--help":
                    stdout.WriteLine(Usage);
                    return 0;
                default:
                    if (arg.StartsWith('-')) return BadUsage(stderr, $"unknown option '{arg}'");
                    filters.Add(arg);
                    break;
            }
        }

        var repo = FindRepository();
        suite ??= repo is null ? null : Path.Combine(repo, "..", "shared", "bench", "sightglass");
        if (suite is null || !Directory.Exists(suite))
            return Fail(stderr, "the sightglass programs were not found; pass --suite DIR (../shared/bench/sightglass from the repository)");
        suite = Path.GetFullPath(suite);
        script ??= Path.Combine(suite, "..", "..", "tools", "sightglass-v8.mjs");
        output ??= repo is null ? "performance.md" : Path.Combine(repo, "docs", "performance.md");

        var programs = BenchProgram.Discover(suite).Where(p => filters.Count == 0 || filters.Any(f => p.Name.Contains(f, StringComparison.Ordinal))).ToList();
        if (programs.Count == 0) return Fail(stderr, "no program matched");
        if (compare is not null)
        {
            if (!File.Exists(compare)) return Fail(stderr, $"{compare} was not found");
            return BuildComparison.Run(WorkerCommand.Of(compare), programs, rounds, iterations ?? 3, tiering, stdout, stderr);
        }

        string? nodeVersion = null;
        if (useV8)
        {
            nodeVersion = V8Runner.NodeVersion();
            if (nodeVersion is null) return Fail(stderr, "node was not found on PATH; install it or pass --no-v8");
            if (!File.Exists(script)) return Fail(stderr, $"{script} was not found; pass --v8-script FILE");
        }

        var loadAtStart = MachineInfo.LoadAverage();
        using var v8 = useV8 ? new V8Runner(script) : null;
        var results = new List<ProgramResult>();
        var count = iterations ?? 5;
        stdout.WriteLine($"{programs.Count} programs, {count} iterations each{(useV8 ? ", engine and V8 interleaved" : "")}");
        foreach (var program in programs)
        {
            var result = Measure(program, count, v8, tiering);
            results.Add(result);
            stdout.WriteLine(result.Summary());
        }

        var machine = new MachineInfo(Environment.ProcessorCount, System.Runtime.InteropServices.RuntimeInformation.OSDescription,
            System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription, nodeVersion, DateTime.UtcNow, count)
        {
            LoadAtStart = loadAtStart,
            LoadAtEnd = MachineInfo.LoadAverage(),
        };
        var report = new BenchReport(results, machine);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        var chart = Path.ChangeExtension(output, ".svg");
        File.WriteAllText(chart, report.Chart());
        File.WriteAllText(output, report.Markdown(Path.GetFileName(chart), string.Join(' ', args)));
        stdout.WriteLine();
        foreach (var line in report.Verdict()) stdout.WriteLine(line);
        stdout.WriteLine($"wrote {output} and {chart}");
        return results.All(r => r.Error is null && r.Output is "ok" or "unchecked") ? 0 : 1;
    }

    private static ProgramResult Measure(BenchProgram program, int iterations, V8Runner? v8, bool tiering)
    {
        var result = new ProgramResult(program);
        using var worker = WorkerCommand.ThisBuild().Start(program, tiering);
        for (var i = 0; i < iterations; i++)
        {
            // Alternate who goes first so that neither side always runs right after the other's warm-up.
            if (i % 2 == 1 && v8 is not null) result.AddV8(v8.RunOnce(program.Directory, program.File));
            result.AddEngine(WorkerCommand.Ask(worker, "run"));
            if (i % 2 == 0 && v8 is not null) result.AddV8(v8.RunOnce(program.Directory, program.File));
            if (result.Error is not null) break;
        }
        if (result.Error is null)
        {
            // The first answer includes writing the artifact, untimed; start-up is measured from the second on.
            for (var i = 0; i <= iterations; i++) result.AddPrecompiled(WorkerCommand.Ask(worker, "precompiled"));
        }
        WorkerCommand.Finish(worker);
        return result;
    }

    /// <summary>The repository root: the nearest folder above the working directory or this program holding Components.sln.</summary>
    private static string? FindRepository()
    {
        foreach (var start in (string[])[Environment.CurrentDirectory, AppContext.BaseDirectory])
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Components.sln"))) return dir.FullName;
            }
        }
        return null;
    }

    private static int BadUsage(TextWriter stderr, string message)
    {
        stderr.WriteLine($"wasmcs bench: {message}");
        stderr.WriteLine(Usage);
        return 2;
    }

    private static int Fail(TextWriter stderr, string message)
    {
        stderr.WriteLine($"wasmcs bench: {message}");
        return 1;
    }
}

/// <summary>One sightglass program: a core module in its folder, which is its working directory.</summary>
internal sealed record BenchProgram(string Name, string Directory, string File, long Size)
{
    /// <summary>Every core module of the suite, by folder and file name; components are left out (V8 cannot run them).</summary>
    public static IEnumerable<BenchProgram> Discover(string suite)
    {
        foreach (var dir in System.IO.Directory.GetDirectories(suite).Order(StringComparer.Ordinal))
        {
            foreach (var path in System.IO.Directory.GetFiles(dir, "*.wasm").Order(StringComparer.Ordinal))
            {
                if (!IsCoreModule(path)) continue;
                var stem = Path.GetFileNameWithoutExtension(path);
                yield return new BenchProgram(stem == "benchmark" ? Path.GetFileName(dir) : stem, dir, Path.GetFileName(path), new FileInfo(path).Length);
            }
        }
    }

    private static bool IsCoreModule(string path)
    {
        Span<byte> header = stackalloc byte[8];
        using var file = System.IO.File.OpenRead(path);
        return file.Read(header) == 8 && header.SequenceEqual((ReadOnlySpan<byte>)[0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]);
    }
}
