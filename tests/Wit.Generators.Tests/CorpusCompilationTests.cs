using Wit.Resolution;
using Xunit.Abstractions;

namespace Wit.Generators.Tests;

/// <summary>
/// Every world of the wit-bindgen codegen corpus and of WASI 0.2 generates C# that compiles with no errors and no
/// warnings (nullable enabled, every warning level). Unsupported constructs (async, streams, futures, error
/// contexts) may only be reported as WIT0005.
/// </summary>
public sealed class CorpusCompilationTests(ITestOutputHelper output)
{
    [Fact]
    public void EveryCodegenWorldCompiles()
    {
        int worlds = 0, packages = 0, skipped = 0;
        var failures = new List<string>();
        foreach (var (name, files) in Corpus.CodegenPackages())
        {
            packages++;
            worlds += CountWorlds(files);
            var run = GeneratorHarness.Run(files);
            skipped += run.GeneratorDiagnostics.Count(d => d.Id == "WIT0005");
            failures.AddRange(run.Problems("WIT0005").Select(d => $"{name}: {d}"));
        }

        output.WriteLine($"codegen corpus: {packages} packages, {worlds} worlds, {skipped} WIT0005, {failures.Count} problems");
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(40)));
        Assert.True(worlds > 90, $"only {worlds} worlds found");
    }

    [Fact]
    public void EveryCodegenWorldCompilesWithResultsAsExceptions()
    {
        int packages = 0;
        var failures = new List<string>();
        foreach (var (name, files) in Corpus.CodegenPackages())
        {
            packages++;
            var run = GeneratorHarness.Run(files.Select(f => f with { ResultAs = "exception" }));
            failures.AddRange(run.Problems("WIT0005").Select(d => $"{name}: {d}"));
        }

        output.WriteLine($"codegen corpus, results as exceptions: {packages} packages, {failures.Count} problems");
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(40)));
    }

    [Fact]
    public void Wasi02CompilesWithResultsAsExceptions()
    {
        var run = GeneratorHarness.Run(GeneratorHarness.Folder(Corpus.Wasi02).Select(f => f with { ResultAs = "exception" }));
        Assert.Empty(run.Problems().Select(d => d.ToString()));
    }

    [Fact]
    public void Wasi02Compiles()
    {
        var files = GeneratorHarness.Folder(Corpus.Wasi02);
        var run = GeneratorHarness.Run(files);
        output.WriteLine($"wasi 0.2: {CountWorlds(files)} root worlds, {run.Sources.Count} files, {run.GeneratorDiagnostics.Length} generator diagnostics");
        Assert.Empty(run.Problems().Select(d => d.ToString()));
    }

    [Fact]
    public void EveryWasi02DependencyWorldCompiles()
    {
        // The deps' own worlds (wasi:http/proxy, wasi:cli/command, ...) selected by qualified name.
        var files = GeneratorHarness.Folder(Corpus.Wasi02);
        var (resolve, _) = WitSources.Load(Corpus.Wasi02, files.Select(f => new WitSource(f.Path, f.Text)));
        var failures = new List<string>();
        int worlds = 0;
        foreach (var package in resolve.Packages)
        {
            foreach (var world in package.Worlds.Keys)
            {
                worlds++;
                string qualified = $"{package.Name.Namespace}:{package.Name.Name}/{world}" + (package.Name.Version is { } v ? "@" + v : string.Empty);
                var selected = files.Select(f => f with { World = qualified }).ToList();
                var run = GeneratorHarness.Run(selected);
                failures.AddRange(run.Problems().Select(d => $"{qualified}: {d}"));
            }
        }

        output.WriteLine($"wasi 0.2 packages: {worlds} worlds");
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(40)));
    }

    private static int CountWorlds(List<WitInput> files)
    {
        string root = WitSources.PackageRootOf(files[0].Path);
        var (resolve, package) = WitSources.Load(root, files.Select(f => new WitSource(f.Path, f.Text)));
        return resolve[package].Worlds.Count;
    }
}
