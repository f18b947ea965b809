using System.Text.Json.Nodes;

namespace Wit.Parser.Tests;

/// <summary>Locates the shared corpora (../shared next to the repository root).</summary>
internal static class Corpus
{
    private static readonly Lazy<string> SharedRoot = new(() =>
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Components.sln")))
        {
            dir = dir.Parent;
        }

        if (dir?.Parent is null)
        {
            throw new InvalidOperationException("Components.sln not found above " + AppContext.BaseDirectory);
        }

        return Path.Combine(dir.Parent.FullName, "shared");
    });

    public static string Shared => SharedRoot.Value;

    public static string WitParser => Path.Combine(Shared, "corpora", "wit-parser");

    public static string Ui => Path.Combine(WitParser, "ui");

    public static string ParseFail => Path.Combine(Ui, "parse-fail");

    public static string Wasi => Path.Combine(Shared, "corpora", "wasi-wit");

    public static string Codegen => Path.Combine(Shared, "corpora", "wit-codegen");

    /// <summary>The ui cases: X.wit / X.wat / X (directory) with an X.wit.json beside it.</summary>
    public static IEnumerable<string> UiCases()
    {
        foreach (var json in Directory.GetFiles(Ui, "*.wit.json").OrderBy(p => p, StringComparer.Ordinal))
        {
            string stem = Path.GetFileName(json)[..^".wit.json".Length];
            foreach (var candidate in new[] { stem, stem + ".wit", stem + ".wat", stem + ".wasm" })
            {
                string path = Path.Combine(Ui, candidate);
                if (File.Exists(path) || Directory.Exists(path))
                {
                    yield return candidate;
                    break;
                }
            }
        }
    }

    /// <summary>The parse-fail inputs that exist (a few expectations have no input in the corpus).</summary>
    public static IEnumerable<string> ParseFailCases()
    {
        foreach (var entry in Directory.GetFileSystemEntries(ParseFail).OrderBy(p => p, StringComparer.Ordinal))
        {
            string name = Path.GetFileName(entry);
            if (Directory.Exists(entry) || name.EndsWith(".wit", StringComparison.Ordinal))
            {
                yield return name;
            }
        }
    }

    public static string ExpectedResultPath(string caseName)
    {
        string stem = caseName.EndsWith(".wit", StringComparison.Ordinal) ? caseName[..^4] : caseName;
        return Path.Combine(ParseFail, stem + ".wit.result");
    }

    public static bool JsonEquals(string expected, string actual) =>
        JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(actual));
}
