using Wasm;
using Wasm.Components;
using Wasm.Components.Types;

namespace Canonical.Abi.Benchmarks;

/// <summary>
/// Loads jco fixture components and links them: the fixture's test interface through its generated
/// <c>AddToLinker</c> (with a host that <see cref="Hosts"/> implements), and every WASI import stubbed (the
/// benchmarked exports call none).
/// </summary>
internal static class Fixtures
{
    public static readonly Engine Engine = new();

    public static Component Load(string fixture) =>
        Component.FromFile(Engine, Path.Combine(SharedCorpus.Find(), "corpora", "components", "jco", fixture + ".component.wasm"));

    /// <summary>A linker with the component's WASI imports stubbed; the caller adds the rest.</summary>
    public static ComponentLinker StubWasi(Component component)
    {
        var linker = new ComponentLinker(Engine);
        foreach (var (name, type) in component.Type.Imports)
            if (name.StartsWith("wasi:", StringComparison.Ordinal) && type is InstanceType instance) Stub(linker.Instance(name), instance);
        return linker;
    }

    private static void Stub(ComponentLinkerInstance scope, InstanceType type)
    {
        foreach (var (name, export) in type.Exports)
        {
            switch (export)
            {
                case FuncExternType:
                    scope.DefineFunction(name, _ => throw new InvalidOperationException($"{name} is not available in the benchmark"));
                    break;
                case TypeExternType { Resource: not null }:
                    scope.DefineResource(name, new ResourceType(name));
                    break;
            }
        }
    }
}
