using System.Text.Json;
using Xunit.Abstractions;

namespace Wasm.Wasi.Tests;

/// <summary>
/// The WASI preview1 conformance suite (<c>../shared/corpora/wasi-testsuite</c>): each test runs in a fresh copy
/// of its directory, with the arguments, environment and root directory its JSON names, and must exit with the
/// expected code and print the expected stdout.
/// </summary>
public sealed class WasiTestsuiteTests(ITestOutputHelper output)
{
    private static string? Suite => Shared.Root is { } root ? Path.Combine(root, "corpora", "wasi-testsuite") : null;

    public static IEnumerable<object[]> Cases()
    {
        if (Suite is not { } suite) yield break;
        foreach (var lang in new[] { "assemblyscript", "c", "rust" })
            foreach (var wasm in Directory.GetFiles(Path.Combine(suite, lang), "*.wasm").Order(StringComparer.Ordinal))
                yield return [lang + "/" + Path.GetFileNameWithoutExtension(wasm)];
    }

    [Fact]
    public void TheWholeSuiteIsPresent()
    {
        Assert.NotNull(Suite);
        Assert.Equal(72, Cases().Count());
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Passes(string name)
    {
        var lang = Path.GetDirectoryName(name)!;
        var test = Path.GetFileName(name);
        var scratch = Path.Combine(Path.GetTempPath(), "wasi-testsuite-" + Guid.NewGuid().ToString("N"));
        Shared.CopyTree(Path.Combine(Suite!, lang), scratch);
        try
        {
            var spec = Spec.Load(Path.Combine(scratch, test + ".json"));
            var config = new WasiConfig().WithArgs(test + ".wasm").WithArgs(spec.Args);
            foreach (var (k, v) in spec.Env) config.WithEnv(k, v);
            if (spec.Root is not null) config.PreopenDirectory(Path.Combine(scratch, spec.Root), "/");
            var run = GuestRun.Run(File.ReadAllBytes(Path.Combine(scratch, test + ".wasm")), config);
            output.WriteLine(run.Stdout);
            output.WriteLine(run.Stderr);
            if (run.Trap is not null) output.WriteLine("trap: " + run.Trap.Message);
            Assert.Equal(spec.ExitCode, run.ExitCode);
            if (spec.Stdout is not null) Assert.Equal(spec.Stdout, run.Stdout);
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    private sealed record Spec(string[] Args, List<KeyValuePair<string, string>> Env, string? Root, int ExitCode, string? Stdout)
    {
        /// <summary>Reads the legacy form (<c>args</c>, <c>env</c>, <c>root</c>, <c>exit_code</c>, <c>stdout</c>) or the
        /// operation form (<c>run</c>, <c>wait</c>, <c>read</c>); a missing file means the defaults. Stdout is
        /// only checked when the spec names it (as the suite's own runner does).</summary>
        public static Spec Load(string path)
        {
            var spec = new Spec([], [], null, 0, null);
            if (!File.Exists(path)) return spec;
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            if (doc.RootElement.TryGetProperty("operations", out var ops))
            {
                foreach (var op in ops.EnumerateArray())
                {
                    spec = op.GetProperty("type").GetString() switch
                    {
                        "run" => Apply(spec, op),
                        "wait" => op.TryGetProperty("exit_code", out var c) ? spec with { ExitCode = c.GetInt32() } : spec,
                        "read" when !op.TryGetProperty("id", out var id) || id.GetString() == "stdout" =>
                            spec with { Stdout = spec.Stdout + (op.TryGetProperty("payload", out var p) ? p.GetString() : "") },
                        _ => spec,
                    };
                }
                return spec;
            }
            spec = Apply(spec, doc.RootElement);
            if (doc.RootElement.TryGetProperty("exit_code", out var code)) spec = spec with { ExitCode = code.GetInt32() };
            if (doc.RootElement.TryGetProperty("stdout", out var stdout)) spec = spec with { Stdout = stdout.GetString()! };
            return spec;
        }

        private static Spec Apply(Spec spec, JsonElement e)
        {
            if (e.TryGetProperty("args", out var args)) spec = spec with { Args = args.EnumerateArray().Select(a => a.GetString()!).ToArray() };
            if (e.TryGetProperty("env", out var env))
                spec = spec with { Env = env.EnumerateObject().Select(p => new KeyValuePair<string, string>(p.Name, p.Value.GetString()!)).ToList() };
            if (e.TryGetProperty("root", out var root) && root.ValueKind == JsonValueKind.String) spec = spec with { Root = root.GetString() };
            return spec;
        }
    }
}
