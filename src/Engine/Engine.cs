using Wasm.Compilation;

namespace Wasm;

/// <summary>Settings shared by everything compiled and run with one <see cref="Engine"/>.</summary>
public sealed class EngineConfig
{
    /// <summary>Bytes of native stack that guest code may use below each host-to-wasm call; deeper recursion
    /// traps with "call stack exhausted". Default 1 MiB.</summary>
    public int MaxWasmStack { get; init; } = 1024 * 1024;
}

/// <summary>
/// Compiles modules and owns what compiled code shares: the canonical numbering of function types (so
/// <c>call_indirect</c> compares two integers) and the generated call thunks.
/// </summary>
public sealed class Engine
{
    /// <summary>Creates an engine.</summary>
    public Engine(EngineConfig? config = null)
    {
        Config = config ?? new EngineConfig();
        Thunks = new ThunkCache();
    }

    /// <summary>The engine's settings.</summary>
    public EngineConfig Config { get; }

    internal ThunkCache Thunks { get; }

    private readonly Dictionary<FuncType, int> _typeIds = new();
    private readonly Lock _typeLock = new();

    /// <summary>The engine-wide id of a function type: equal types get equal ids.</summary>
    internal int TypeId(FuncType type)
    {
        lock (_typeLock)
        {
            if (!_typeIds.TryGetValue(type, out var id))
            {
                id = _typeIds.Count + 1;
                _typeIds.Add(type, id);
            }
            return id;
        }
    }
}
