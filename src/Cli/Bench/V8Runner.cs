using System.Diagnostics;
using System.Text.Json;

namespace WasmCs.Cli.Bench;

/// <summary>
/// V8's side of <c>wasmcs bench</c>: one node process per iteration running the reference script
/// <c>sightglass-v8.mjs</c> for two instances of the module it compiles once, printing the compile time and each
/// instance's bench span: the first is the iteration's run, the second its warm run (machine code generated, as
/// on the engine's side). A small module loaded first with <c>--import</c> adds what that script does not print:
/// the time of <c>WebAssembly.instantiate</c>, the CPU time of each bench span and the process's peak RSS.
/// </summary>
internal sealed class V8Runner : IDisposable
{
    private const string Hook = """
        import process from 'node:process';
        const instantiate = WebAssembly.instantiate;
        let instances = 0;
        WebAssembly.instantiate = async function (...args) {
          const bench = args[1]?.bench;
          if (bench) {
            // CPU time of each instance's bench span too: unlike wall time, it does not grow while other processes
            // hold the cores.
            const instance = instances++;
            let cpu0, cpu = 0;
            args[1] = { ...args[1], bench: { ...bench,
              start() { cpu0 = process.cpuUsage(); return bench.start(); },
              end() {
                const r = bench.end(); const d = process.cpuUsage(cpu0); cpu += (d.user + d.system) / 1000;
                process.stderr.write('\n' + JSON.stringify({ cpu_instance: instance, run_cpu_ms: cpu }) + '\n');
                return r; } } };
          }
          const t0 = process.hrtime.bigint();
          const result = await instantiate.apply(this, args);
          process.stderr.write('\n' + JSON.stringify({ instantiate_ms: Number(process.hrtime.bigint() - t0) / 1e6 }) + '\n');
          return result;
        };
        process.on('exit', () => process.stderr.write('\n' + JSON.stringify({ max_rss_kb: process.resourceUsage().maxRSS }) + '\n'));
        """;

    private readonly string _script;
    private readonly string _hook;

    public V8Runner(string script)
    {
        _script = Path.GetFullPath(script);
        _hook = Path.Combine(Path.GetTempPath(), $"wasmcs-bench-v8-hook-{Environment.ProcessId}.mjs");
        File.WriteAllText(_hook, Hook);
    }

    /// <summary>node's version, or null when node cannot be started.</summary>
    public static string? NodeVersion()
    {
        try
        {
            using var p = Process.Start(new ProcessStartInfo("node", "--version") { RedirectStandardOutput = true, UseShellExecute = false });
            if (p is null) return null;
            var version = p.StandardOutput.ReadToEnd().Trim();
            p.WaitForExit();
            return p.ExitCode == 0 ? version : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    /// <summary>Runs one iteration: compile_ms, instantiate_ms, run_ms, run_cpu_ms, warm_run_ms and max_rss_kb, or
    /// an error.</summary>
    public Dictionary<string, object?> RunOnce(string dir, string file)
    {
        // node's stdio goes to files, not pipes: WASI writes to a non-blocking pipe can fail with EAGAIN when the
        // guest prints a lot (pulldown-cmark's 1.2 MB), which the guest reports as an error.
        var errorFile = Path.Combine(Path.GetTempPath(), $"wasmcs-bench-v8-{Environment.ProcessId}.stderr");
        var info = new ProcessStartInfo("/bin/sh") { WorkingDirectory = dir, UseShellExecute = false };
        info.Environment["NODE_NO_WARNINGS"] = "1";
        info.Environment["WASMCS_BENCH_STDERR"] = errorFile;
        foreach (var a in (string[])["-c", "exec node \"$@\" </dev/null >/dev/null 2>\"$WASMCS_BENCH_STDERR\"", "node",
            "--import", new Uri(_hook).AbsoluteUri, _script, dir, file, "2"]) info.ArgumentList.Add(a);
        string stderr;
        using (var p = Process.Start(info)!)
        {
            p.WaitForExit();
            stderr = File.Exists(errorFile) ? File.ReadAllText(errorFile) : "";
            File.Delete(errorFile);
            if (p.ExitCode != 0) return new() { ["error"] = $"node exited with {p.ExitCode}: {LastLine(stderr)}" };
        }
        return Parse(stderr);
    }

    /// <summary>
    /// The timings in node's stderr, JSON lines among the guest's own output: the script's <c>compile_ms</c> and
    /// <c>run_ms</c> per instance, and the hook's <c>instantiate_ms</c> per instance, <c>run_cpu_ms</c> so far
    /// per instance (<c>cpu_instance</c>) and <c>max_rss_kb</c>. The first instance's are the iteration's; the
    /// second's bench span is <c>warm_run_ms</c>.
    /// </summary>
    internal static Dictionary<string, object?> Parse(string stderr)
    {
        var result = new Dictionary<string, object?>();
        var runs = new List<double>();
        var cpu = new Dictionary<int, double>();
        foreach (var line in stderr.Split('\n'))
        {
            if (!line.StartsWith('{')) continue;
            try
            {
                using var json = JsonDocument.Parse(line);
                var root = json.RootElement;
                if (root.ValueKind != JsonValueKind.Object) continue;
                if (root.TryGetProperty("cpu_instance", out var instance) && root.TryGetProperty("run_cpu_ms", out var spent))
                    cpu[instance.GetInt32()] = spent.GetDouble();
                else if (root.TryGetProperty("run_ms", out var run))
                {
                    runs.Add(run.GetDouble());
                    if (root.TryGetProperty("compile_ms", out var compile)) result.TryAdd("compile_ms", compile.GetDouble());
                }
                else if (root.TryGetProperty("instantiate_ms", out var instantiate)) result.TryAdd("instantiate_ms", instantiate.GetDouble());
                else if (root.TryGetProperty("max_rss_kb", out var rss)) result["max_rss_kb"] = rss.GetDouble();
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
            {
                // A line of the guest's own stderr that happens to start with a brace.
            }
        }
        if (runs.Count == 0)
        {
            result["error"] = $"node printed no timings: {LastLine(stderr)}";
            return result;
        }
        result["run_ms"] = runs[0];
        if (runs.Count > 1) result["warm_run_ms"] = runs[1];
        if (cpu.TryGetValue(0, out var first)) result["run_cpu_ms"] = first;
        return result;
    }

    private static string LastLine(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length == 0 ? "" : lines[^1];
    }

    public void Dispose() => File.Delete(_hook);
}
