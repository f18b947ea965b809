using Wasm.Components.Tests.Support;
using Wasm.Components.Types;

namespace Wasm.Components.Tests.Jco;

/// <summary>
/// Every jco fixture that imports WASI 0.2 links its WASI imports against the project's host (any 0.2.x version it
/// imports, several at once for multi-version), with its own test imports stubbed: the behaviour tests of each
/// fixture then run against the same host through <see cref="JcoHarness"/>.
/// </summary>
public sealed class WasiImportsTests
{
    public static TheoryData<string> FixturesImportingWasi()
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.GetFiles(JcoFixtures.Directory).Order(StringComparer.Ordinal))
        {
            var file = Path.GetFileName(path);
            if (!file.EndsWith(".wasm", StringComparison.Ordinal) && !file.EndsWith(".wat", StringComparison.Ordinal)) continue;
            if (JcoFixtures.Load(file).Type.Imports.Any(i => i.Key.StartsWith("wasi:", StringComparison.Ordinal))) data.Add(file);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(FixturesImportingWasi))]
    public void InstantiatesAgainstTheWasiHost(string fixture)
    {
        var component = JcoFixtures.Load(fixture);
        var linker = new ComponentLinker(JcoFixtures.Engine);
        CapturedWasi.AddTo(linker);
        StubOwnImports(linker, component);
        var instance = linker.Instantiate(new Store(JcoFixtures.Engine), component);
        Assert.False(instance.IsPoisoned);
    }

    [Fact]
    public void TheFixturesImportWasi()
    {
        // The corpus has guests built with the preview1 adapter (wasi:cli, io, filesystem, clocks...).
        Assert.True(FixturesImportingWasi().Count >= 30, $"only {FixturesImportingWasi().Count} fixtures import WASI");
    }

    /// <summary>The fixture's non-WASI imports as functions that fail the test when called.</summary>
    private static void StubOwnImports(ComponentLinker linker, Component component)
    {
        foreach (var (name, type) in component.Type.Imports)
        {
            if (name.StartsWith("wasi:", StringComparison.Ordinal)) continue;
            if (type is InstanceType instance)
            {
                var scope = linker.Instance(name);
                foreach (var (item, itemType) in instance.Exports)
                {
                    if (itemType is TypeExternType { Resource: not null })
                        scope.DefineResource(item, new ResourceType(item) { HostDestructor = _ => { } });
                    else if (itemType is FuncExternType)
                        scope.DefineFunction(item, _ => throw new Xunit.Sdk.XunitException($"{name}#{item} called while instantiating"));
                }
            }
            else if (type is TypeExternType { Resource: not null })
            {
                linker.Root.DefineResource(name, new ResourceType(name) { HostDestructor = _ => { } });
            }
            else if (type is FuncExternType)
            {
                linker.Root.DefineFunction(name, _ => throw new Xunit.Sdk.XunitException($"{name} called while instantiating"));
            }
        }
    }
}
