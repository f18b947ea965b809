namespace Wasm.Tests.Api;

/// <summary>Shortcuts for compiling and instantiating small text modules in the embedding API tests.</summary>
internal static class ApiHelpers
{
    /// <summary>Compiles <paramref name="wat"/> and instantiates it with an empty linker in a fresh store.</summary>
    public static Instance Instantiate(string wat, Engine? engine = null)
    {
        engine ??= new Engine();
        var module = Module.FromText(engine, wat);
        return new Linker(engine).Instantiate(new Store(engine), module);
    }
}
