namespace WasmCs.Cli.Bench;

/// <summary>The samples of one program, per side and metric, and what its output check found.</summary>
internal sealed class ProgramResult(BenchProgram program)
{
    public BenchProgram Program { get; } = program;

    public Samples EngineCompile { get; } = new();
    public Samples EngineInstantiate { get; } = new();
    public Samples EngineRun { get; } = new();
    public Samples EngineRunCpu { get; } = new();
    /// <summary>The bench span of a second instance of the same compiled module: no JIT left in it.</summary>
    public Samples EngineWarmRun { get; } = new();
    public Samples PrecompiledStartup { get; } = new();
    public Samples V8Compile { get; } = new();
    public Samples V8Instantiate { get; } = new();
    public Samples V8Run { get; } = new();
    public Samples V8RunCpu { get; } = new();
    /// <summary>V8's bench span of a second instance of the module it compiled: its code tiered up already.</summary>
    public Samples V8WarmRun { get; } = new();

    /// <summary>Peak RSS of the engine's process (all iterations) and the largest of V8's processes, KiB.</summary>
    public double EngineRssKb { get; private set; }
    public double V8RssKb { get; private set; }

    /// <summary>"ok", "unchecked" (no expected files), or the first difference found.</summary>
    public string? Output { get; private set; }

    /// <summary>Why the program could not be measured on the engine.</summary>
    public string? Error { get; private set; }

    /// <summary>Why V8 could not run it (the engine's numbers then stand alone).</summary>
    public string? V8Error { get; private set; }

    /// <summary>Why precompiled start-up could not be measured.</summary>
    public string? PrecompiledError { get; private set; }

    public void AddEngine(Dictionary<string, object?> sample)
    {
        if (sample.GetValueOrDefault("error") is string error)
        {
            Error = error;
            return;
        }
        EngineCompile.Add(sample, "compile_ms");
        EngineInstantiate.Add(sample, "instantiate_ms");
        EngineRun.Add(sample, "run_ms");
        EngineRunCpu.Add(sample, "run_cpu_ms");
        EngineWarmRun.Add(sample, "warm_run_ms");
        EngineRssKb = Math.Max(EngineRssKb, sample.GetValueOrDefault("max_rss_kb") as double? ?? 0);
        // Keep the first failure: one wrong output makes the program's row wrong.
        if (Output is null or "ok" or "unchecked") Output = sample.GetValueOrDefault("output") as string;
    }

    public void AddV8(Dictionary<string, object?> sample)
    {
        if (sample.GetValueOrDefault("error") is string error)
        {
            V8Error ??= error;
            return;
        }
        V8Compile.Add(sample, "compile_ms");
        V8Instantiate.Add(sample, "instantiate_ms");
        V8Run.Add(sample, "run_ms");
        V8RunCpu.Add(sample, "run_cpu_ms");
        V8WarmRun.Add(sample, "warm_run_ms");
        V8RssKb = Math.Max(V8RssKb, sample.GetValueOrDefault("max_rss_kb") as double? ?? 0);
    }

    public void AddPrecompiled(Dictionary<string, object?> sample)
    {
        if (sample.GetValueOrDefault("error") is string error)
        {
            PrecompiledError ??= error;
            return;
        }
        EngineRssKb = Math.Max(EngineRssKb, sample.GetValueOrDefault("max_rss_kb") as double? ?? 0);
        // The first answer wrote the artifact and loaded the loader's code for the first time.
        if (_precompiledAnswers++ > 0) PrecompiledStartup.Add(sample, "startup_ms");
    }

    private int _precompiledAnswers;

    public bool Measured => Error is null && V8Error is null && EngineRun.Count > 0 && V8Run.Count > 0;

    public double RunRatio => EngineRun.Median / V8Run.Median;

    public double WarmRunRatio => EngineWarmRun.Median / V8WarmRun.Median;

    public double RunCpuRatio => EngineRunCpu.Median / V8RunCpu.Median;

    public double StartRatio => (EngineCompile.Median + EngineInstantiate.Median) / (V8Compile.Median + V8Instantiate.Median);

    public string Summary() => Error is not null
        ? $"{Program.Name,-22} engine failed: {Error}"
        : $"{Program.Name,-22} run {EngineRun.Median,9:F1} ms (V8 {V8Run.Median,9:F1}) ×{(Measured ? RunRatio : double.NaN),5:F2} (CPU ×{(Measured ? RunCpuRatio : double.NaN),5:F2}, warm ×{(Measured ? WarmRunRatio : double.NaN),5:F2})  "
          + $"compile {EngineCompile.Median,7:F1} ms (V8 {V8Compile.Median,6:F1})  instantiate {EngineInstantiate.Median,6:F2} ms (V8 {V8Instantiate.Median,6:F2})  "
          + $"precompiled start {PrecompiledStartup.Median,6:F2} ms  RSS {EngineRssKb / 1024,5:F0} MiB (V8 {V8RssKb / 1024,4:F0})  output {Output}"
          + (V8Error is not null ? $"  V8 failed: {V8Error}" : "");
}

/// <summary>Milliseconds measured over the iterations.</summary>
internal sealed class Samples
{
    private readonly List<double> _values = [];

    public int Count => _values.Count;

    public void Add(Dictionary<string, object?> sample, string key)
    {
        if (sample.GetValueOrDefault(key) is double value) _values.Add(value);
    }

    public double Min => _values.Count == 0 ? double.NaN : _values.Min();

    public double Median
    {
        get
        {
            if (_values.Count == 0) return double.NaN;
            var sorted = _values.Order().ToArray();
            var mid = sorted.Length / 2;
            return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        }
    }
}
