using Wasm;
using Wasm.Components;
using Wasm.Components.Types;

namespace Canonical.Abi.Benchmarks;

/// <summary>Instantiates jco fixture components with every import stubbed (the benchmarked exports call none).</summary>
internal static class Fixtures
{
    public static readonly Engine Engine = new();

    public static ComponentInstance Instantiate(string fixture)
    {
        var path = Path.Combine(SharedCorpus.Find(), "corpora", "components", "jco", fixture + ".component.wasm");
        var component = Component.FromFile(Engine, path);
        var linker = new ComponentLinker(Engine);
        foreach (var (name, type) in component.Type.Imports)
            if (type is InstanceType instance) Stub(linker.Instance(name), instance);
        return linker.Instantiate(new Store(Engine), component);
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
