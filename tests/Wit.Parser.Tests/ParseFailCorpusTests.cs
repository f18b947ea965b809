using System.Text.RegularExpressions;
using Wit.Diagnostics;
using Wit.Resolution;
using Xunit.Abstractions;

namespace Wit.Parser.Tests;

/// <summary>wit-parser's parse-fail corpus: every case is rejected at the expected location.</summary>
public sealed partial class ParseFailCorpusTests
{
    private readonly ITestOutputHelper _output;

    public ParseFailCorpusTests(ITestOutputHelper output) => _output = output;

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var name in Corpus.ParseFailCases())
        {
            data.Add(name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void IsRejectedAtExpectedLocation(string caseName)
    {
        var error = Reject(caseName);
        string expected = ExpectedText(caseName);
        var match = LocationLine().Match(expected);
        if (match.Success)
        {
            Assert.NotNull(error.Location);
            Assert.Equal(match.Groups[1].Value, Normalize(error.Location!.ToString()));
        }
    }

    [Fact]
    public void AllOneHundredFiftyCasesAreFound() => Assert.Equal(150, Corpus.ParseFailCases().Count());

    [Fact]
    public void ReportsHowManyMessagesMatchExactly()
    {
        int total = 0, matching = 0;
        foreach (var caseName in Corpus.ParseFailCases())
        {
            total++;
            string actual = Normalize(Reject(caseName).Render());
            string expected = ExpectedText(caseName);
            if (actual == expected)
            {
                matching++;
            }
            else
            {
                _output.WriteLine($"--- {caseName}\nexpected:\n{expected}\nactual:\n{actual}\n");
            }
        }

        _output.WriteLine($"rendered messages matching: {matching}/{total}");
        Assert.True(matching > 0);
    }

    internal static WitException Reject(string caseName)
    {
        string path = Path.Combine(Corpus.ParseFail, caseName);
        return Assert.Throws<WitException>(() => WitLoader.Load(path, new[] { "active" }, displayBase: Corpus.WitParser));
    }

    private static string ExpectedText(string caseName) =>
        File.ReadAllText(Corpus.ExpectedResultPath(caseName)).Replace("\r\n", "\n").Trim().Replace("tests/ui/", "ui/");

    private static string Normalize(string text) => text.Replace("\r\n", "\n").Trim();

    [GeneratedRegex(@"--> (\S+:\d+:\d+)")]
    private static partial Regex LocationLine();
}
