namespace Wit.Generators.Tests;

/// <summary>
/// The generated C# of representative worlds, compared with the files under <c>Approved/</c>. Set
/// <c>WIT_APPROVE=1</c> to rewrite them after an intended change, then review the diff.
/// </summary>
public sealed class ApprovedTests
{
    [Theory]
    [InlineData("records.wit")]
    [InlineData("variants.wit")]
    [InlineData("flags.wit")]
    [InlineData("option-result.wit")]
    [InlineData("resources.wit")]
    [InlineData("keywords.wit")]
    [InlineData("smoke-export.wit")]
    [InlineData("worlds-with-types.wit")]
    [InlineData("import-and-export-resource.wit")]
    [InlineData("multiversion")]
    public void CodegenWorld(string file)
    {
        string path = Path.Combine(Corpus.Codegen, file);
        var files = Directory.Exists(path) ? GeneratorHarness.Folder(Path.Combine(path, "wit")) : [new WitInput(path, File.ReadAllText(path))];
        var run = GeneratorHarness.Run(files);
        Assert.Empty(run.Problems("WIT0005").Select(d => d.ToString()));
        Approvals.Verify(Path.GetFileNameWithoutExtension(file), run.Sources);
    }

    /// <summary>The same with <c>WitResultAs="exception"</c>: functions returning a <c>result</c> return its <c>ok</c> type.</summary>
    [Theory]
    [InlineData("small-anonymous.wit")]
    [InlineData("resource-fallible-constructor.wit")]
    [InlineData("result-empty.wit")]
    public void CodegenWorldWithResultsAsExceptions(string file)
    {
        string path = Path.Combine(Corpus.Codegen, file);
        var run = GeneratorHarness.Run([new WitInput(path, File.ReadAllText(path), ResultAs: "exception")]);
        Assert.Empty(run.Problems("WIT0005").Select(d => d.ToString()));
        Approvals.Verify(Path.GetFileNameWithoutExtension(file) + ".exceptions", run.Sources);
    }

    /// <summary>
    /// Guest bindings of the cross-language test world: an imported interface with a resource (handle classes,
    /// <c>[DllImport]</c>s) and an exported one with a resource (table, intrinsics, destructor, post-return
    /// functions). The guest runtime file is left out: it is the same for every world.
    /// </summary>
    [Fact]
    public void GuestWorld()
    {
        string path = Path.Combine(Corpus.Repository, "tests", "components", "wit", "e2e.wit");
        var (run, _) = Guest.GuestHarness.Run([new WitInput(path, File.ReadAllText(path), World: "c-guest")]);
        Assert.Empty(run.Problems().Select(d => d.ToString()));
        Approvals.Verify("guest-e2e", run.Sources.Where(s => s.Key != "Wasm.Components.Guest.g.cs").ToDictionary());
    }
}

/// <summary>Compares generated files with approved copies, or rewrites the copies when <c>WIT_APPROVE=1</c>.</summary>
internal static class Approvals
{
    private static string Folder => Path.Combine(Corpus.Repository, "tests", "Wit.Generators.Tests", "Approved");

    public static void Verify(string name, Dictionary<string, string> sources)
    {
        string text = string.Concat(sources
            .Where(s => s.Key != "WitWorldAttribute.g.cs")
            .OrderBy(s => s.Key, StringComparer.Ordinal)
            .Select(s => $"//----- {s.Key}\n{s.Value}"));
        string file = Path.Combine(Folder, name + ".g.cs");
        if (Environment.GetEnvironmentVariable("WIT_APPROVE") == "1")
        {
            Directory.CreateDirectory(Folder);
            File.WriteAllText(file, text);
            return;
        }

        Assert.True(File.Exists(file), $"no approved file {file}; run with WIT_APPROVE=1 to create it");
        Assert.Equal(File.ReadAllText(file).ReplaceLineEndings("\n"), text);
    }
}
