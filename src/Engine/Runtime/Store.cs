using Wasm.Runtime;

namespace Wasm;

/// <summary>
/// Owns instances and the per-execution state their code shares (stack limit, and later fuel and epochs).
/// A store is used by one thread at a time.
/// </summary>
public sealed class Store
{
    /// <summary>Creates a store.</summary>
    public Store(Engine engine, object? data = null)
    {
        Engine = engine;
        Data = data;
    }

    /// <summary>The engine.</summary>
    public Engine Engine { get; }

    /// <summary>Host data associated with the store.</summary>
    public object? Data { get; set; }

    /// <summary>Lowest stack address compiled code may reach; checked in every function that calls.</summary>
    internal nuint StackLimit;
}
