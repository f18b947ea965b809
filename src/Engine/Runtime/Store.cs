using Wasm.Runtime;

namespace Wasm;

/// <summary>
/// Owns instances and the per-execution state their code shares: stack limit, fuel and epoch deadline.
/// A store is used by one thread at a time.
/// </summary>
public sealed class Store
{
    /// <summary>Creates a store.</summary>
    public Store(Engine engine, object? data = null)
    {
        EngineRef = engine;
        Data = data;
    }

    /// <summary>The engine.</summary>
    public Engine Engine => EngineRef;

    /// <summary>The engine, as a field that compiled code loads to reach <see cref="Engine.Epoch"/>.</summary>
    internal readonly Engine EngineRef;

    /// <summary>Host data associated with the store.</summary>
    public object? Data { get; set; }

    /// <summary>Limits on the memories, tables and instances of this store, or null for none. Applies to
    /// instantiations and growth from now on; see <see cref="IResourceLimiter"/> and <see cref="StoreLimits"/>.</summary>
    public IResourceLimiter? Limiter { get; set; }

    /// <summary>Instances, memories and tables instantiation has allocated in this store, checked against
    /// <see cref="Limiter"/>.</summary>
    internal int InstanceCount, MemoryCount, TableCount;

    /// <summary>Lowest stack address compiled code may reach; checked in every function that calls.</summary>
    /// <remarks>0 while no call into wasm is active; see <see cref="Runtime.StackGuard"/>.</remarks>
    internal nuint StackLimit;

    /// <summary>The managed thread whose stack <see cref="StackLimit"/> refers to.</summary>
    internal int StackThread;

    /// <summary>Fuel left. Compiled code subtracts a basic block's cost on entry and traps if the result is
    /// negative, so after running out it stays below zero until refuelled.</summary>
    internal long Fuel;

    /// <summary>The epoch at which compiled code traps with <see cref="TrapCode.Interrupted"/>.</summary>
    internal ulong EpochDeadline;

    /// <summary>Sets the fuel available to guest code from now on (replacing what was left). Requires
    /// <see cref="EngineConfig.ConsumeFuel"/>.</summary>
    public void SetFuel(ulong fuel)
    {
        RequireFuel();
        // The counter is signed so that one comparison with zero detects exhaustion; 2^63 units is unbounded in practice.
        Fuel = (long)Math.Min(fuel, long.MaxValue);
    }

    /// <summary>The fuel left (0 after an out-of-fuel trap). Requires <see cref="EngineConfig.ConsumeFuel"/>.</summary>
    public ulong GetFuel()
    {
        RequireFuel();
        return Fuel > 0 ? (ulong)Fuel : 0;
    }

    /// <summary>Guest code traps with <see cref="TrapCode.Interrupted"/> once the engine's epoch has advanced
    /// <paramref name="ticksBeyondCurrent"/> times from now. Requires <see cref="EngineConfig.EpochInterruption"/>.</summary>
    public void SetEpochDeadline(ulong ticksBeyondCurrent)
    {
        if (!EngineRef.Config.EpochInterruption)
            throw new InvalidOperationException("epoch interruption is not enabled in this engine's configuration");
        var now = Volatile.Read(ref EngineRef.Epoch);
        EpochDeadline = now + ticksBeyondCurrent < now ? ulong.MaxValue : now + ticksBeyondCurrent;
    }

    private void RequireFuel()
    {
        if (!EngineRef.Config.ConsumeFuel)
            throw new InvalidOperationException("fuel consumption is not enabled in this engine's configuration");
    }
}
