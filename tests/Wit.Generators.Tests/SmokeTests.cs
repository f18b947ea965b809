namespace Wit.Generators.Tests;

public sealed class SmokeTests
{
    [Fact]
    public void GeneratorLoads() => Assert.NotNull(new WitBindingsGenerator());
}
