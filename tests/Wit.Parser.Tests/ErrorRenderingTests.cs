using Wit.Diagnostics;
using Wit.Model;
using Wit.Resolution;

namespace Wit.Parser.Tests;

/// <summary>Errors carry a message, a location and a rendered snippet with a caret.</summary>
public sealed class ErrorRenderingTests
{
    private static WitException Fail(string source, string name = "deps/foo.wit") =>
        Assert.Throws<WitException>(() => WitLoader.PushSource(new Resolve(), name, source));

    [Fact]
    public void ParseErrorRendersLocationAndCaret()
    {
        var error = Fail("package a:b;\n\ninterface foo {\n  type x = list<u32\n\n  type y = u32\n}\n");
        Assert.Equal("expected '>', found keyword `type`", error.Message);
        Assert.Equal(new SourceLocation("deps/foo.wit", 6, 3, 53), error.Location);
        Assert.Equal(
            "expected '>', found keyword `type`\n" +
            "     --> deps/foo.wit:6:3\n" +
            "      |\n" +
            "    6 |   type y = u32\n" +
            "      |   ^",
            error.Render());
    }

    [Fact]
    public void ResolutionErrorUnderlinesTheWholeName()
    {
        var error = Fail("package a:b;\ninterface i {\n  type t = missing-type;\n}\n", "x.wit");
        Assert.Equal("type `missing-type` does not exist", error.Message);
        Assert.EndsWith("    3 |   type t = missing-type;\n      |            ^-----------", error.Render());
    }

    [Fact]
    public void LexErrorIsReportedThroughTheSameException()
    {
        var error = Fail("package a:b;\ninterface i { /* never closed\n", "x.wit");
        Assert.Equal("unterminated block comment", error.Message);
        Assert.Equal(2, error.Location!.Line);
        Assert.Equal(15, error.Location.Column);
    }

    [Fact]
    public void ErrorWithoutLocationRendersJustTheMessage()
    {
        var error = Fail("interface i {}\n", "x.wit");
        Assert.Null(error.Location);
        Assert.Equal("no `package` header was found in any WIT file for this package", error.Render());
    }

    [Fact]
    public void MissingFileIsAWitException()
    {
        var error = Assert.Throws<WitException>(() => WitLoader.Load("/nonexistent/dir/file.wit"));
        Assert.Contains("file.wit", error.Message);
    }

    [Fact]
    public void FeatureGatesFollowTheActiveFeatureSet()
    {
        const string source = "package a:b;\ninterface i {\n  @unstable(feature = fancy)\n  f: func();\n  g: func();\n}\n";
        var off = new Resolve();
        var offId = WitLoader.PushSource(off, "x.wit", source);
        Assert.Equal(new[] { "g" }, off[off[offId].Interfaces["i"]].Functions.Keys);

        var on = new Resolve(new[] { "fancy" });
        var onId = WitLoader.PushSource(on, "x.wit", source);
        Assert.Equal(new[] { "f", "g" }, on[on[onId].Interfaces["i"]].Functions.Keys);
    }
}
