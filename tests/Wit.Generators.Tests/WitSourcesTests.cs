using Wit.Diagnostics;
using Wit.Resolution;

namespace Wit.Generators.Tests;

/// <summary>Resolving a package folder from text, as the generator sees it.</summary>
public sealed class WitSourcesTests
{
    [Theory]
    [InlineData("/p/wit/a.wit", "/p/wit")]
    [InlineData("/p/wit/deps/io.wit", "/p/wit")]
    [InlineData("/p/wit/deps/io/streams.wit", "/p/wit")]
    [InlineData(@"C:\p\wit\deps\io\streams.wit", "C:/p/wit")]
    [InlineData("/p/wit/deps/io/nested/x.wit", "/p/wit/deps/io/nested")]
    public void PackageRoot(string path, string root) => Assert.Equal(root, WitSources.PackageRootOf(path));

    [Fact]
    public void DependenciesComeFromDepsFoldersAndFiles()
    {
        var (resolve, package) = WitSources.Load("/p/wit",
        [
            new WitSource("/p/wit/main.wit", "package app:main;\nworld w { import dep:io/streams; import dep:clock/now; }\n"),
            new WitSource("/p/wit/deps/io/streams.wit", "package dep:io;\ninterface streams { type s = u32; }\n"),
            new WitSource("/p/wit/deps/clock.wit", "package dep:clock;\ninterface now { now: func() -> u64; }\n"),
            new WitSource("/elsewhere/ignored.wit", "this is not WIT"),
        ]);
        Assert.Equal("app:main", resolve[package].Name.ToString());
        Assert.Equal(3, resolve.Packages.Count);
    }

    [Fact]
    public void ErrorsCarryFileLineAndColumn()
    {
        var error = Assert.Throws<WitException>(() => WitSources.Load("/p", [new WitSource("/p/a.wit", "package a:b;\n\nworld w {\n  import nope;\n}\n")]));
        Assert.False(error.IsSyntaxError);
        Assert.Equal("/p/a.wit:4:10", error.Location?.ToString());

        var syntax = Assert.Throws<WitException>(() => WitSources.Load("/p", [new WitSource("/p/a.wit", "package a:b;\nworld {\n")]));
        Assert.True(syntax.IsSyntaxError);
        Assert.Equal(2, syntax.Location?.Line);
    }
}
