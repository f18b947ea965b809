using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Wasm;
using Wasm.Wasi;

namespace WasmCs.Cli.Bench;

/// <summary>
/// The engine's side of <c>wasmcs bench</c>: a child process per program, so its peak RSS is the program's own.
/// Each line <c>run</c> on stdin runs one iteration with a fresh engine (compile, instantiate, run <c>_start</c>
/// with <c>bench.start</c>/<c>bench.end</c> timed, then a second instance of the same module, warm) and answers one JSON line on stdout; the guest's stdio is
/// captured and compared with the program's expected files.
/// </summary>
internal static class EngineWorker
{
    public static int Run(string dir, string file, bool tiering, TextReader commands, TextWriter answers)
    {
        var bytes = File.ReadAllBytes(Path.Combine(dir, file));
        var expected = Expectations.For(dir, file);
        var artifact = Path.Combine(Path.GetTempPath(), $"wasmcs-bench-{Environment.ProcessId}-{Path.GetFileNameWithoutExtension(file)}.cwasm.dll");
        try
        {
            while (commands.ReadLine() is { } command)
            {
                var result = command switch
                {
                    "run" => RunOnce(dir, file, bytes, expected, tiering),
                    "precompiled" => StartPrecompiled(dir, file, bytes, artifact),
                    _ => new Dictionary<string, object?> { ["error"] = $"unknown command '{command}'" },
                };
                result["max_rss_kb"] = PeakRssKb();
                answers.WriteLine(JsonSerializer.Serialize(result));
                answers.Flush();
            }
        }
        finally
        {
            File.Delete(artifact);
        }
        return 0;
    }

    private static Dictionary<string, object?> RunOnce(string dir, string file, byte[] bytes, Expectations expected, bool tiering)
    {
        var result = new Dictionary<string, object?>();
        // Iterations are independent, as V8's are in a fresh process each: the previous one's engine, modules and
        // their background compilation work (held weakly) are collected first, and a step of that work under way
        // (a function being jitted) is let finish.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        Wasm.Compilation.TierUpWorker.WaitUntilIdle(TimeSpan.FromSeconds(10));
        try
        {
            // As `wasmcs run` configures it: tiered, with machine code generated on a spare core while the guest runs.
            var engine = WasmCs.Cli.Commands.CoreRun.EngineFor(new WasmCs.Cli.Commands.CoreRun.Options { Tiering = tiering });
            var clock = Stopwatch.StartNew();
            var module = Module.FromBytes(engine, bytes);
            result["compile_ms"] = clock.Elapsed.TotalMilliseconds;
            Execute(dir, file, engine, module, expected, result);
            // The same compiled module once more, in a fresh instance: its functions now have machine code, so this
            // bench span is the generated code's steady state, without the JIT.
            var warm = new Dictionary<string, object?>();
            Execute(dir, file, engine, module, expected, warm);
            result["warm_run_ms"] = warm["run_ms"];
            result["warm_run_cpu_ms"] = warm["run_cpu_ms"];
            if (warm["output"] is string output && output is not ("ok" or "unchecked")) result["output"] = "warm run: " + output;
        }
        catch (Exception e) when (e is WasmException or TrapException or WasiExitException or IOException or LinkException)
        {
            result["error"] = $"{e.GetType().Name}: {e.Message}";
        }
        return result;
    }

    /// <summary>Start-up from a precompiled artifact: load it and instantiate (the artifact is written once, untimed).</summary>
    private static Dictionary<string, object?> StartPrecompiled(string dir, string file, byte[] bytes, string artifact)
    {
        var result = new Dictionary<string, object?>();
        try
        {
            var engine = new Engine();
            if (!File.Exists(artifact)) File.WriteAllBytes(artifact, Module.Precompile(engine, bytes));
            var clock = Stopwatch.StartNew();
            var module = Module.FromPrecompiled(engine, File.ReadAllBytes(artifact));
            var linker = new Linker(engine);
            var config = Config(dir, file, new MemoryStream(), new MemoryStream());
            using var wasi = Wasi.AddToLinker(linker, config);
            DefineBenchHooks(linker, static () => { }, static () => { });
            linker.Instantiate(new Store(engine), module);
            result["startup_ms"] = clock.Elapsed.TotalMilliseconds;
        }
        catch (Exception e) when (e is WasmException or IOException or LinkException or NotSupportedException)
        {
            result["error"] = $"{e.GetType().Name}: {e.Message}";
        }
        return result;
    }

    private static void Execute(string dir, string file, Engine engine, Module module, Expectations expected, Dictionary<string, object?> result)
    {
        var stdout = new MemoryStream();
        var stderr = new MemoryStream();
        var linker = new Linker(engine);
        using var wasi = Wasi.AddToLinker(linker, Config(dir, file, stdout, stderr));
        long start = 0, span = 0;
        TimeSpan cpuStart = default, cpu = default;
        using var process = Process.GetCurrentProcess();
        DefineBenchHooks(linker, () =>
        {
            process.Refresh();
            cpuStart = process.TotalProcessorTime;
            start = Stopwatch.GetTimestamp();
        }, () =>
        {
            span += Stopwatch.GetTimestamp() - start;
            process.Refresh();
            cpu += process.TotalProcessorTime - cpuStart;
        });
        var clock = Stopwatch.StartNew();
        var instance = linker.Instantiate(new Store(engine), module);
        result["instantiate_ms"] = clock.Elapsed.TotalMilliseconds;
        var exitCode = wasi.RunCommand(instance);
        result["run_ms"] = span * 1000.0 / Stopwatch.Frequency;
        // CPU time of the whole process (JIT and GC threads included, as V8's side counts its compiler threads).
        result["run_cpu_ms"] = cpu.TotalMilliseconds;
        result["output"] = expected.Check(exitCode, stdout.ToArray(), stderr.ToArray());
    }

    private static WasiConfig Config(string dir, string file, Stream stdout, Stream stderr)
    {
        var config = new WasiConfig { Stdin = new MemoryStream(), Stdout = stdout, Stderr = stderr };
        config.Args.Add(file);
        config.PreopenDirectory(dir, ".");
        return config;
    }

    private static void DefineBenchHooks(Linker linker, Action start, Action end)
    {
        linker.DefineFunction("bench", "start", start);
        linker.DefineFunction("bench", "end", end);
    }

    /// <summary>The process's peak resident set (VmHWM), in KiB; 0 where /proc is not available.</summary>
    private static long PeakRssKb()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    return long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
            }
        }
        catch (IOException)
        {
        }
        return 0;
    }
}

/// <summary>What a sightglass program must print: its <c>*.stdout.expected</c> and <c>*.stderr.expected</c>
/// (named after the program, or after the input, <c>default</c>), and exit code 0.</summary>
internal sealed class Expectations
{
    private readonly byte[]? _stdout, _stderr;

    private Expectations(byte[]? stdout, byte[]? stderr)
    {
        _stdout = stdout;
        _stderr = stderr;
    }

    public static Expectations For(string dir, string file)
    {
        var stem = Path.GetFileNameWithoutExtension(file);
        if (!File.Exists(Path.Combine(dir, stem + ".stdout.expected")) && !File.Exists(Path.Combine(dir, stem + ".stderr.expected")))
            stem = "default";
        byte[]? Read(string suffix) => File.Exists(Path.Combine(dir, stem + suffix)) ? File.ReadAllBytes(Path.Combine(dir, stem + suffix)) : null;
        return new Expectations(Read(".stdout.expected"), Read(".stderr.expected"));
    }

    /// <summary>"ok", "unchecked" (no expected files: only the exit code was checked), or what differs.</summary>
    public string Check(int exitCode, byte[] stdout, byte[] stderr)
    {
        if (exitCode != 0) return $"exit code {exitCode}";
        if (_stdout is not null && !stdout.AsSpan().SequenceEqual(_stdout)) return Differs("stdout", stdout, _stdout);
        if (_stderr is not null && !stderr.AsSpan().SequenceEqual(_stderr)) return Differs("stderr", stderr, _stderr);
        return _stdout is null && _stderr is null ? "unchecked" : "ok";
    }

    private static string Differs(string stream, byte[] actual, byte[] expected)
    {
        var at = actual.AsSpan().CommonPrefixLength(expected);
        var excerpt = Encoding.UTF8.GetString(actual, at, Math.Min(40, actual.Length - at));
        return $"{stream} differs at byte {at} (of {expected.Length} expected): \"{excerpt}\"";
    }
}
