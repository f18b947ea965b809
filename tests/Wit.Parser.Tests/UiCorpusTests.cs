using Wit.Json;
using Wit.Resolution;
using Xunit.Abstractions;

namespace Wit.Parser.Tests;

/// <summary>wit-parser's ui corpus: every case resolves and serializes to the expected JSON.</summary>
public sealed class UiCorpusTests
{
    private readonly ITestOutputHelper _output;

    public UiCorpusTests(ITestOutputHelper output) => _output = output;

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var name in Corpus.UiCases())
        {
            data.Add(name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ResolvesToExpectedJson(string caseName)
    {
        string path = Path.Combine(Corpus.Ui, caseName);
        string stem = caseName.EndsWith(".wit", StringComparison.Ordinal) || caseName.EndsWith(".wat", StringComparison.Ordinal) ? caseName[..^4] : caseName;
        string expected = File.ReadAllText(Path.Combine(Corpus.Ui, stem + ".wit.json"));
        var (resolve, _) = WitLoader.Load(path, new[] { "active" });
        string actual = ResolveJson.Serialize(resolve);
        if (!Corpus.JsonEquals(expected, actual))
        {
            _output.WriteLine(actual);
        }

        Assert.True(Corpus.JsonEquals(expected, actual), $"JSON of {caseName} differs from the expected file");
    }

    [Fact]
    public void AllSeventyFourCasesAreFound() => Assert.Equal(74, Corpus.UiCases().Count());
}
