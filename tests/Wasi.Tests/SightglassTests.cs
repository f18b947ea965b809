using System.Diagnostics;
using Xunit.Abstractions;

namespace Wasm.Wasi.Tests;

/// <summary>
/// The scalar sightglass benchmarks (<c>../shared/bench/sightglass</c>) run with their folder preopened as
/// <c>.</c> and no-op <c>bench.start</c>/<c>bench.end</c>, and print exactly the expected stdout and stderr.
/// The few that take seconds carry <c>Category=Slow</c> so a quick run can leave them out.
/// </summary>
public sealed class SightglassTests(ITestOutputHelper output)
{
    // Components: run through the component linker, not this preview1 harness.
    private static readonly HashSet<string> Excluded = ["kotlin-richards", "cm-online-stats"];

    // Several seconds each on 2 cores (gcc-loops ~9 s, shootout-ed25519 ~12 s, shootout-seqhash ~5 s, splay ~8 s).
    private static readonly HashSet<string> Slow = ["gcc-loops/benchmark", "shootout/shootout-ed25519", "shootout/shootout-seqhash", "splay/splay"];

    private static string? Root => Shared.Root is { } root ? Path.Combine(root, "bench", "sightglass") : null;

    private static IEnumerable<string> All()
    {
        if (Root is not { } root) yield break;
        foreach (var dir in Directory.GetDirectories(root).Order(StringComparer.Ordinal))
        {
            if (Excluded.Contains(Path.GetFileName(dir))) continue;
            foreach (var wasm in Directory.GetFiles(dir, "*.wasm").Order(StringComparer.Ordinal))
                yield return Path.GetFileName(dir) + "/" + Path.GetFileNameWithoutExtension(wasm);
        }
    }

    public static IEnumerable<object[]> FastCases() => All().Where(c => !Slow.Contains(c)).Select(c => new object[] { c });

    public static IEnumerable<object[]> SlowCases() => All().Where(Slow.Contains).Select(c => new object[] { c });

    [Fact]
    public void AllCoreBenchmarksArePresent() => Assert.Equal(35, All().Count()); // 32 scalar, 2 SIMD, 1 GC (splay)

    [Theory]
    [MemberData(nameof(FastCases))]
    public void PrintsTheExpectedOutput(string name) => Check(name);

    [Theory]
    [Trait("Category", "Slow")]
    [MemberData(nameof(SlowCases))]
    public void PrintsTheExpectedOutputSlow(string name) => Check(name);

    /// <summary>The same programs through a precompiled artifact (<see cref="Module.Precompile"/>): scalar, SIMD,
    /// file input and GC, each loaded into a fresh engine.</summary>
    [Theory]
    [InlineData("splay/splay")]
    [InlineData("quicksort/benchmark")]
    [InlineData("bz2/benchmark")]
    [InlineData("blake3-simd/benchmark")]
    public void PrintsTheExpectedOutputFromAPrecompiledArtifact(string name)
    {
        Assert.NotNull(Root);
        var wasm = File.ReadAllBytes(Path.Combine(Root!, Path.GetDirectoryName(name)!, Path.GetFileName(name) + ".wasm"));
        var artifact = Module.Precompile(new Engine(), wasm);
        Check(name, engine => Module.FromPrecompiled(engine, artifact));
    }

    /// <summary>The same programs with tiered compilation as `wasmcs run` uses it: baseline code (tier-0 code where
    /// there is none), promotion and on-stack replacement on background threads while the program runs (twice on one engine, so the second run
    /// starts with what the first promoted).</summary>
    [Theory]
    [InlineData("bz2/benchmark")]
    [InlineData("regex/benchmark")]
    [InlineData("richards/benchmark")]
    [InlineData("tinygo/tinygo-regex")]
    [InlineData("pulldown-cmark/benchmark")]
    [InlineData("shootout/shootout-keccak")]
    public void PrintsTheExpectedOutputTiered(string name)
    {
        var engine = new Engine(new EngineConfig { Tiering = true, BackgroundCompilation = true });
        Check(name, null, engine);
        Check(name, null, engine);
    }

    /// <summary>
    /// The same programs with their functions on baseline machine code (no JIT for guest code, as far as their
    /// functions compile to it), never promoted; then with tiny budgets and promotion on the thread that spends
    /// them, so that functions move to optimized code after a few calls or iterations, running calls included.
    /// </summary>
    [Theory]
    [InlineData("bz2/benchmark", false)]
    [InlineData("rust-json/benchmark", false)]
    [InlineData("pulldown-cmark/benchmark", false)]
    [InlineData("regex/benchmark", false)]
    [InlineData("rust-compression/benchmark", false)]
    [InlineData("quicksort/benchmark", false)]
    [InlineData("blake3-scalar/benchmark", false)]
    [InlineData("shootout/shootout-keccak", false)]
    [InlineData("tinygo/tinygo-json", false)]
    [InlineData("blake3-simd/benchmark", false)]
    [InlineData("intgemm-simd/benchmark", false)]
    [InlineData("bz2/benchmark", true)]
    [InlineData("rust-json/benchmark", true)]
    [InlineData("quicksort/benchmark", true)]
    [InlineData("richards/benchmark", true)]
    [InlineData("shootout/shootout-keccak", true)]
    [InlineData("blake3-simd/benchmark", true)]
    [InlineData("intgemm-simd/benchmark", true)]
    public void PrintsTheExpectedOutputOnBaselineCode(string name, bool promoted)
    {
        if (!Baseline.CodeMemory.IsSupported) return; // other platforms keep the IL path only
        var engine = new Engine(new EngineConfig
        {
            Tiering = true,
            TieringBudget = promoted ? 1_000 : 1 << 30,
            TieringBudgetPerByte = 0,
            TieringSynchronous = promoted,
        });
        Module? module = null;
        Check(name, e => module = Module.FromBytes(e, File.ReadAllBytes(Path.Combine(Root!, name + ".wasm"))), engine);
        var tiers = module!.Code.Tiers!;
        var compiled = Enumerable.Range(0, tiers.OnBaseline.Length).Count(f => tiers.Baseline!.Compiled(f) != 0);
        var optimized = tiers.Optimized.Count(e => e != 0);
        // Functions meant for baseline code that it turned out not to handle (they left for the JIT's code).
        var refused = Enumerable.Range(0, tiers.OnBaseline.Length)
            .Where(f => !tiers.OnBaseline[f] && Baseline.BaselineCode.Suits(module.Info, engine.Config, f)).ToList();
        output.WriteLine($"{name}: {compiled} functions ran baseline code, {optimized} optimized, refused: {string.Join(", ", refused)}");
        Assert.True(compiled > 5, $"{compiled} functions on baseline code");
        Assert.Empty(refused);
        if (promoted) Assert.True(optimized > 0);
        else Assert.Equal(0, optimized);
    }

    private void Check(string name) => Check(name, null);

    private void Check(string name, Func<Engine, Module>? load, Engine? withEngine = null)
    {
        var dir = Path.Combine(Root!, Path.GetDirectoryName(name)!);
        var stem = Path.GetFileName(name);
        var config = new WasiConfig().WithArgs(stem + ".wasm").PreopenDirectory(dir, ".");
        var clock = Stopwatch.StartNew();
        var engine = withEngine ?? new Engine();
        var module = load is null ? Module.FromBytes(engine, File.ReadAllBytes(Path.Combine(dir, stem + ".wasm"))) : load(engine);
        var run = GuestRun.Run(engine, module, config, linker =>
        {
            linker.DefineFunction("bench", "start", static () => { });
            linker.DefineFunction("bench", "end", static () => { });
        });
        output.WriteLine($"{name}: {clock.Elapsed.TotalSeconds:F2} s");
        Assert.Null(run.Trap);
        Assert.Equal(0, run.ExitCode);
        // A few benchmarks name their expectations after the input ("default") rather than the program.
        var expected = File.Exists(Path.Combine(dir, stem + ".stdout.expected")) ? stem : "default";
        var stdout = Path.Combine(dir, expected + ".stdout.expected");
        var stderr = Path.Combine(dir, expected + ".stderr.expected");
        if (File.Exists(stdout)) Assert.Equal(File.ReadAllText(stdout), run.Stdout);
        if (File.Exists(stderr)) Assert.Equal(File.ReadAllText(stderr), run.Stderr);
    }
}
