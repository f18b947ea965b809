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

    /// <summary>The same programs with tiered compilation as `wasmcs run` uses it: tier-0 code, promotion and
    /// on-stack replacement on background threads while the program runs (twice on one engine, so the second run
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

    /// <summary>The same programs with every function on baseline machine code (<see cref="Baseline.BaselineInstance"/>,
    /// no JIT for guest code), as far as their functions compile to it.</summary>
    [Theory]
    [InlineData("bz2/benchmark")]
    [InlineData("rust-json/benchmark")]
    [InlineData("pulldown-cmark/benchmark")]
    [InlineData("regex/benchmark")]
    [InlineData("rust-compression/benchmark")]
    [InlineData("quicksort/benchmark")]
    [InlineData("blake3-scalar/benchmark")]
    [InlineData("shootout/shootout-keccak")]
    [InlineData("tinygo/tinygo-json")]
    public void PrintsTheExpectedOutputOnBaselineCode(string name)
    {
        if (!Baseline.CodeMemory.IsSupported) return; // other platforms keep the IL path only
        var dir = Path.Combine(Root!, Path.GetDirectoryName(name)!);
        var stem = Path.GetFileName(name);
        var stdout = new MemoryStream();
        var stderr = new MemoryStream();
        var config = new WasiConfig { Stdout = stdout, Stderr = stderr, Stdin = new MemoryStream() }
            .WithArgs(stem + ".wasm").PreopenDirectory(dir, ".");
        var engine = new Engine();
        var module = Module.FromBytes(engine, File.ReadAllBytes(Path.Combine(dir, stem + ".wasm")));
        var linker = new Linker(engine);
        var span = new Stopwatch();
        linker.DefineFunction("bench", "start", () => span.Start());
        linker.DefineFunction("bench", "end", () => span.Stop());
        using var wasi = Wasi.AddToLinker(linker, config);
        var instance = linker.Instantiate(new Store(engine), module);
        wasi.Bind(instance);
        using var native = Baseline.BaselineInstance.TryCreate(instance);
        Assert.NotNull(native);
        var start = module.Info.Exports.Single(e => e.Name == "_start");
        var code = WasiContext.Run(() => native!.Invoke((int)start.Index, []));
        output.WriteLine($"{name}: bench span {span.Elapsed.TotalMilliseconds:F1} ms on baseline code");
        Assert.Equal(0, code);
        var expected = File.Exists(Path.Combine(dir, stem + ".stdout.expected")) ? stem : "default";
        Assert.Equal(File.ReadAllText(Path.Combine(dir, expected + ".stdout.expected")), System.Text.Encoding.UTF8.GetString(stdout.ToArray()));
        Assert.Equal(File.ReadAllText(Path.Combine(dir, expected + ".stderr.expected")), System.Text.Encoding.UTF8.GetString(stderr.ToArray()));
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
