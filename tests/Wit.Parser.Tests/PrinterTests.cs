using Wit.Model;
using Wit.Resolution;
using Wit.Text;

namespace Wit.Parser.Tests;

/// <summary>The WIT printer's output parses back and prints identically (a fixed point).</summary>
public sealed class PrinterTests
{
    public static TheoryData<string> Inputs()
    {
        var data = new TheoryData<string>();
        foreach (var name in Corpus.UiCases())
        {
            data.Add(Path.Combine("ui", name));
        }

        data.Add(Path.Combine("wasi", "0.2"));
        data.Add(Path.Combine("wasi", "0.3"));
        return data;
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public void PrintedWitParsesBackToTheSameText(string input)
    {
        string path = input.StartsWith("ui", StringComparison.Ordinal)
            ? Path.Combine(Corpus.Ui, input[3..])
            : Path.Combine(Corpus.Wasi, input[5..]);
        var (resolve, _) = WitLoader.Load(path, new[] { "active" });
        string printed = WitPrinter.Print(resolve);

        // The first reprint may order packages differently (one file sorts them by name);
        // from then on printing is a fixed point.
        string reprinted = Reprint(printed);
        Assert.Equal(reprinted, Reprint(reprinted));
    }

    private static string Reprint(string text)
    {
        var resolve = new Resolve(new[] { "active" });
        WitLoader.PushSource(resolve, "printed.wit", text);
        return WitPrinter.Print(resolve);
    }

    [Fact]
    public void PrintsTypesFunctionsAndGates()
    {
        const string source = """
            package my:pkg@1.0.0;

            /// Docs.
            interface api {
              @since(version = 1.0.0)
              record point { x: s32, y: s32 }
              resource blob {
                constructor(size: u32);
                read: func(n: u32) -> list<u8>;
                merge: static func(a: borrow<blob>, b: borrow<blob>) -> blob;
              }
              get: async func(p: point) -> result<option<point>, string>;
            }
            """;
        var resolve = new Resolve();
        WitLoader.PushSource(resolve, "x.wit", source);
        string printed = WitPrinter.Print(resolve);
        Assert.True(printed.Contains("merge: static"), printed);
        Assert.Contains("package my:pkg@1.0.0;", printed);
        Assert.Contains("/// Docs.\ninterface api {", printed);
        Assert.Contains("  @since(version = 1.0.0)\n  record point {\n    x: s32,\n    y: s32,\n  }", printed);
        Assert.Contains("    constructor(size: u32);", printed);
        Assert.Contains("    read: func(n: u32) -> list<u8>;", printed);
        Assert.Contains("    merge: static func(a: borrow<blob>, b: borrow<blob>) -> blob;", printed);
        Assert.Contains("  get: async func(p: point) -> result<option<point>, string>;", printed);
    }
}
