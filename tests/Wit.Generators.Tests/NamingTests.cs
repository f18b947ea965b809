using Wit.Generators.Naming;

namespace Wit.Generators.Tests;

public sealed class NamingTests
{
    [Theory]
    [InlineData("get-scalar", "GetScalar")]
    [InlineData("HTTP-request", "HttpRequest")]
    [InlineData("f32-value", "F32Value")]
    [InlineData("x", "X")]
    public void Pascal(string wit, string csharp) => Assert.Equal(csharp, CSharpNames.Pascal(wit));

    [Theory]
    [InlineData("list-of-things", "listOfThings")]
    [InlineData("string", "@string")]
    [InlineData("class", "@class")]
    [InlineData("value", "value")]
    public void Camel(string wit, string csharp) => Assert.Equal(csharp, CSharpNames.Camel(wit));

    [Fact]
    public void MembersNamedLikeTheirTypeGetASuffix()
    {
        var scope = new MemberScope("Point", MemberScope.RecordMembers);
        Assert.Equal("Point_", scope.Claim("Point", "point"));
        Assert.Equal("ToString_", scope.Claim("ToString", "to-string"));
        Assert.Equal("X", scope.Claim("X", "x"));
        Assert.Null(scope.Claim("X", "X"));
    }

    [Fact]
    public void KeywordsAndCollisionsCompile()
    {
        const string wit = """
            package a:b;

            interface class {
              record %record { %record: u32, to-string: string, class: bool }
              variant value { value(u32), none }
              flags %flags { none, a }
              enum %enum { %enum, b }
              %string: func(%string: string, class: %record) -> value;
            }

            world w {
              import class;
              export class;
              export w: func(int: u32);
            }
            """;
        var run = GeneratorHarness.Run([new WitInput("/app/wit/a.wit", wit)]);
        Assert.Empty(run.Problems().Select(d => d.ToString()));
        Assert.Contains("public sealed record Value_(uint Value) : Value;", string.Concat(run.Sources.Values), StringComparison.Ordinal);
        string source = string.Concat(run.Sources.Values);
        Assert.Contains("public sealed record Record(uint Record_, string ToString_, bool Class);", source, StringComparison.Ordinal);
        Assert.Contains("Class.Value String(string @string, Class.Record @class);", source, StringComparison.Ordinal);
        Assert.Contains("public void W_(uint @int)", source, StringComparison.Ordinal);
    }

    [Fact]
    public void ExportsOfTheSameNameFromTwoPackagesGetQualifiedProperties()
    {
        var run = GeneratorHarness.Run(
        [
            new WitInput("/app/wit/a.wit", "package app:main;\n\nworld w {\n  export dep:one/api;\n  export dep:two/api;\n}\n"),
            new WitInput("/app/wit/deps/one.wit", "package dep:one;\n\ninterface api {\n  f: func();\n}\n"),
            new WitInput("/app/wit/deps/two.wit", "package dep:two;\n\ninterface api {\n  f: func();\n}\n"),
        ]);
        Assert.Empty(run.Problems().Select(d => d.ToString()));
        string world = run.Sources["Test.App.Wit.App.Main.W.g.cs"];
        Assert.Contains(" Api { get; }", world, StringComparison.Ordinal);
        Assert.Contains(" TwoApi { get; }", world, StringComparison.Ordinal);
    }
}
