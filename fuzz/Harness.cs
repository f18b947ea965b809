using System.Diagnostics;

namespace Wasm.Fuzz;

/// <summary>Settings of one fuzzing run.</summary>
public sealed record FuzzOptions
{
    public double Seconds { get; init; } = 60;
    public int Seed { get; init; } = 1;
    /// <summary>The shared <c>corpora</c> folder.</summary>
    public required string Corpora { get; init; }
    /// <summary>Where failing inputs are written (and the input in progress, so a crash leaves it behind).</summary>
    public required string OutputDir { get; init; }
    /// <summary>Inputs kept from earlier runs, replayed before fuzzing.</summary>
    public string? RegressionDir { get; init; }
    /// <summary>An input that runs longer is a hang: the run stops with it saved.</summary>
    public double HangSeconds { get; init; } = 30;
    public TextWriter Log { get; init; } = Console.Out;
}

/// <summary>What a run did.</summary>
public sealed record FuzzReport(long Inputs, long Failures, long Rejected, long Calls, long Instances, long Regressions, TimeSpan Elapsed,
    IReadOnlyDictionary<InputKind, long> PerKind);

/// <summary>
/// Draws inputs (mutated seeds of the three kinds and generated modules), runs each through <see cref="Targets"/>
/// and counts the ones that end in anything but success or a documented exception. A watchdog stops the process
/// when one input runs longer than <see cref="FuzzOptions.HangSeconds"/>, leaving the input behind.
/// </summary>
public sealed class Harness(FuzzOptions options)
{
    private long _inputStarted = long.MaxValue;
    private FuzzInput? _input;

    public FuzzReport Run()
    {
        Directory.CreateDirectory(options.OutputDir);
        var log = options.Log;
        var clock = Stopwatch.StartNew();
        var corpus = Corpus.Load(options.Corpora);
        log.WriteLine($"fuzz: seed {options.Seed}, {options.Seconds} s; seeds: {corpus.Core.Count} core modules, {corpus.Components.Count} components, {corpus.Wit.Count} WIT files (loaded in {clock.Elapsed.TotalSeconds:F1} s)");

        var targets = new Targets();
        var watchdog = new Thread(Watch) { IsBackground = true, Name = "fuzz watchdog" };
        watchdog.Start();

        long writeTicks = 0;
        var current = new Dictionary<InputKind, Microsoft.Win32.SafeHandles.SafeFileHandle>();
        foreach (var kind in new[] { InputKind.Core, InputKind.Component, InputKind.Wit })
            current[kind] = File.OpenHandle(Path.Combine(options.OutputDir, "current" + Corpus.Extension(kind)), FileMode.Create, FileAccess.Write);
        long inputs = 0, failures = 0, rejected = 0, regressions = 0;
        var perKind = new Dictionary<InputKind, long> { [InputKind.Core] = 0, [InputKind.Component] = 0, [InputKind.Wit] = 0 };
        var timePerKind = new Dictionary<InputKind, long> { [InputKind.Core] = 0, [InputKind.Component] = 0, [InputKind.Wit] = 0 };

        void RunOne(FuzzInput input)
        {
            var w = Stopwatch.GetTimestamp();
            // Written straight to the file (no buffer in this process), so a crash leaves the input behind.
            var file = current[input.Kind];
            RandomAccess.SetLength(file, input.Bytes.Length);
            RandomAccess.Write(file, input.Bytes, 0);
            writeTicks += Stopwatch.GetTimestamp() - w;
            var started = Stopwatch.GetTimestamp();
            Volatile.Write(ref _input, input);
            Volatile.Write(ref _inputStarted, started);
            try
            {
                if (targets.Run(input) == Outcome.Rejected) rejected++;
            }
            catch (Exception e)
            {
                failures++;
                var name = $"failure-{options.Seed}-{inputs}{Corpus.Extension(input.Kind)}";
                File.WriteAllBytes(Path.Combine(options.OutputDir, name), input.Bytes);
                log.WriteLine($"FAIL {name} (from {input.Origin}): {e.GetType().FullName}: {e.Message}");
                log.WriteLine(e.StackTrace);
            }
            finally
            {
                Volatile.Write(ref _inputStarted, long.MaxValue);
                timePerKind[input.Kind] += Stopwatch.GetTimestamp() - started;
            }
            inputs++;
            perKind[input.Kind]++;
        }

        if (options.RegressionDir is { } dir && Directory.Exists(dir))
        {
            foreach (var file in Directory.EnumerateFiles(dir).Order(StringComparer.Ordinal))
            {
                if (file.EndsWith(".md", StringComparison.Ordinal)) continue;
                RunOne(new FuzzInput(Corpus.KindOfFile(file), File.ReadAllBytes(file), file));
                regressions++;
            }
        }

        var random = new Random(options.Seed);
        var mutator = new Mutator(random);
        var generator = new ModuleGenerator(random);
        var fuzzing = Stopwatch.StartNew();
        var lastReport = 0.0;
        long drawTicks = 0;
        while (fuzzing.Elapsed.TotalSeconds < options.Seconds)
        {
            var drawStart = Stopwatch.GetTimestamp();
            var next = Next(corpus, random, mutator, generator);
            drawTicks += Stopwatch.GetTimestamp() - drawStart;
            RunOne(next);
            var t = fuzzing.Elapsed.TotalSeconds;
            if (t - lastReport >= 10)
            {
                lastReport = t;
                log.WriteLine($"fuzz: {t:F0} s, {inputs} inputs, {failures} failures");
            }
        }
        double S(long ticks) => (double)ticks / Stopwatch.Frequency;
        log.WriteLine($"fuzz: modules and components: decode+validate+compile {S(targets.CompileTicks):F1} s, instantiate {S(targets.InstantiateTicks):F1} s, calls {S(targets.CallTicks):F1} s");
        log.WriteLine($"fuzz: besides the pipeline: drawing inputs {(double)drawTicks / Stopwatch.Frequency:F1} s, recording the current input {(double)writeTicks / Stopwatch.Frequency:F1} s, GC pauses {GC.GetTotalPauseDuration().TotalSeconds:F1} s");
        double Seconds(InputKind kind) => (double)timePerKind[kind] / Stopwatch.Frequency;
        var report = new FuzzReport(inputs, failures, rejected, targets.Calls, targets.Instances, regressions, fuzzing.Elapsed, perKind);
        foreach (var (kind, handle) in current)
        {
            handle.Dispose();
            File.Delete(Path.Combine(options.OutputDir, "current" + Corpus.Extension(kind)));
        }
        log.WriteLine($"fuzz: {inputs} inputs in {fuzzing.Elapsed.TotalSeconds:F1} s (core {perKind[InputKind.Core]} in {Seconds(InputKind.Core):F1} s, components {perKind[InputKind.Component]} in {Seconds(InputKind.Component):F1} s, WIT {perKind[InputKind.Wit]} in {Seconds(InputKind.Wit):F1} s; {regressions} regression inputs), {rejected} rejected with documented exceptions, {targets.Instances} instantiated, {targets.Calls} calls, {failures} failures");
        return report;
    }

    private static FuzzInput Next(Corpus corpus, Random random, Mutator mutator, ModuleGenerator generator)
    {
        var roll = random.Next(100);
        if (roll < 10)
        {
            var text = generator.Generate();
            byte[] bytes;
            try { bytes = Text.Wat.ToBinary(text); }
            catch (WasmException e) { throw new InvalidOperationException("the generator wrote a module the text format rejects:\n" + text, e); }
            // Sometimes mutate the generated binary too.
            return random.Next(4) == 0
                ? new FuzzInput(InputKind.Core, mutator.MutateBinary(bytes, bytes), "generated+mutated")
                : new FuzzInput(InputKind.Core, bytes, "generated");
        }
        var kind = roll < 55 ? InputKind.Core : roll < 75 ? InputKind.Component : InputKind.Wit;
        var seeds = corpus.Of(kind);
        var seed = seeds[random.Next(seeds.Count)];
        var other = seeds[random.Next(seeds.Count)];
        // An unmutated seed now and then keeps the valid paths (instantiate, call) busy.
        if (random.Next(10) == 0) return seed;
        var mutated = kind == InputKind.Wit ? mutator.MutateText(seed.Bytes, other.Bytes) : mutator.MutateBinary(seed.Bytes, other.Bytes);
        return new FuzzInput(kind, mutated, seed.Origin);
    }

    private void Watch()
    {
        var limit = (long)(options.HangSeconds * Stopwatch.Frequency);
        while (true)
        {
            Thread.Sleep(500);
            var started = Volatile.Read(ref _inputStarted);
            if (started == long.MaxValue || Stopwatch.GetTimestamp() - started < limit) continue;
            var input = Volatile.Read(ref _input)!;
            var path = Path.Combine(options.OutputDir, $"hang-{options.Seed}{Corpus.Extension(input.Kind)}");
            File.WriteAllBytes(path, input.Bytes);
            options.Log.WriteLine($"HANG: an input (from {input.Origin}) ran longer than {options.HangSeconds} s; saved as {path}");
            options.Log.Flush();
            Environment.Exit(3);
        }
    }
}
