using Wasm.Components.Types;
using Wasm.Components.WitPrinting;
using Wit.Json;
using Wit.Resolution;
using Xunit.Abstractions;

namespace Wasm.Components.Tests.WitPrinting;

/// <summary>
/// For every component fixture of <c>../shared/corpora/components/jco</c>, the WIT we print must resolve to the same
/// JSON as the WIT <c>jco wit</c> prints (checked in as <c>expected/FIXTURE.wit</c>; recreate them with
/// <c>regenerate.sh</c>).
/// </summary>
/// <remarks>
/// Normalisation: <c>jco wit</c> prints only the root package; the interfaces of other packages that the world
/// imports and exports (<c>wasi:io/streams@0.2.0</c>, ...) are referred to but not defined, so the text alone does not
/// resolve. Both sides are therefore resolved together with the same definitions of those packages, the nested
/// <c>package ... { }</c> blocks we print (<see cref="ComponentWitPrinter.PrintParts"/>). The root world — import
/// and export names and order, inline interfaces, world-level types and functions — is compared exactly; the
/// contents of foreign interfaces are not checked by this test (jco does not print them).
/// </remarks>
public class JcoFixtureTests(ITestOutputHelper output)
{
    /// <summary>Fixtures jco itself cannot read (its wasm-tools rejects their text syntax), so there is no reference output.</summary>
    private static readonly string[] WithoutReference = ["list-adapter-fusion.wat", "resources.2.component.wat"];

    private static string ExpectedDirectory => Path.Combine(WaveCorpus.SourceDirectory, "WitPrinting", "expected");

    public static TheoryData<string> Fixtures()
    {
        var data = new TheoryData<string>();
        foreach (string file in Directory.GetFiles(ExpectedDirectory, "*.wit").Order(StringComparer.Ordinal))
            data.Add(Path.GetFileNameWithoutExtension(file));
        return data;
    }

    [Fact]
    public void EveryFixtureHasAReferenceOutput()
    {
        if (WaveCorpus.JcoComponents is not { } dir) return;
        var fixtures = Directory.GetFiles(dir).Select(Path.GetFileName).Where(f => f!.EndsWith(".wasm", StringComparison.Ordinal) || f.EndsWith(".wat", StringComparison.Ordinal));
        var missing = fixtures.Where(f => !File.Exists(Path.Combine(ExpectedDirectory, f + ".wit")) && !WithoutReference.Contains(f)).ToList();
        Assert.Empty(missing);
        Assert.Equal(43, fixtures.Count());
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void PrintedWitResolvesLikeJcos(string fixture)
    {
        if (WaveCorpus.JcoComponents is not { } dir)
        {
            output.WriteLine("skipped: ../shared/corpora/components/jco not found");
            return;
        }

        string path = Path.Combine(dir, fixture);
        var engine = new Engine();
        var component = path.EndsWith(".wat", StringComparison.Ordinal)
            ? Component.FromText(engine, File.ReadAllText(path))
            : Component.FromFile(engine, path);
        ComponentType type = component.Type;

        var (root, dependencies) = ComponentWitPrinter.PrintParts(type);
        string expected = File.ReadAllText(Path.Combine(ExpectedDirectory, fixture + ".wit"));
        output.WriteLine(root);
        Assert.Equal(WitJson.Of(expected + "\n" + dependencies), WitJson.Of(root + "\n" + dependencies));
    }
}

/// <summary>Locates the shared corpora (<c>../shared/corpora</c> from the repository root).</summary>
internal static class WaveCorpus
{
    /// <summary>The <c>shared/corpora</c> folder, or null when it is not there.</summary>
    public static string? Root
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Components.sln"))) dir = dir.Parent;
            if (dir is null) return null;
            string path = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "corpora"));
            return Directory.Exists(path) ? path : null;
        }
    }

    /// <summary>The jco component fixtures folder, or null.</summary>
    public static string? JcoComponents => Root is { } root && Directory.Exists(Path.Combine(root, "components", "jco")) ? Path.Combine(root, "components", "jco") : null;

    /// <summary>The folder of this test project's sources (for the checked-in expected outputs).</summary>
    public static string SourceDirectory
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Components.sln"))) dir = dir.Parent;
            return Path.Combine(dir?.FullName ?? ".", "tests", "Canonical.Abi.Tests");
        }
    }
}

/// <summary>Resolves WIT text with the project's WIT parser and serializes it as wit-parser JSON.</summary>
internal static class WitJson
{
    public static string Of(string witText)
    {
        var resolve = new Wit.Model.Resolve();
        WitLoader.PushSource(resolve, "component.wit", witText);
        return ResolveJson.Serialize(resolve);
    }

    /// <summary>Resolves WIT text and returns the resolve and the world <c>root</c> of package <c>root:component</c>.</summary>
    public static (Wit.Model.Resolve Resolve, Wit.Model.WorldId World) RootWorld(string witText)
    {
        var resolve = new Wit.Model.Resolve();
        var package = WitLoader.PushSource(resolve, "component.wit", witText);
        return (resolve, resolve.SelectWorld(package, "root"));
    }
}
