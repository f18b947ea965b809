namespace Wasm.Runtime;

/// <summary>
/// The state compiled code reaches through its last parameter: one per instance (and one per host function).
/// Fields, not properties, because the generated IL loads them directly.
/// </summary>
internal class VmContext
{
    /// <summary>The owning store (null for host functions, which belong to none).</summary>
    public Store? Store;

    /// <summary>Memory 0, the one nearly every access uses.</summary>
    public Memory? Memory0;

    /// <summary>All memories, imported first.</summary>
    public Memory[] Memories = [];

    /// <summary>All tables, imported first.</summary>
    public Table[] Tables = [];

    /// <summary>All globals, imported first.</summary>
    public Global[] Globals = [];

    /// <summary>All functions, imported first.</summary>
    public Function[] Functions = [];

    /// <summary>Exception tags, imported ones first.</summary>
    public Tag[] Tags = [];

    /// <summary>Data segments by index: views of the module's bytes, shared by every instance because they are only
    /// read; empty once dropped (active segments are dropped once they are written).</summary>
    public ReadOnlyMemory<byte>[] Datas = [];

    /// <summary>Element segments by index, evaluated; null once dropped.</summary>
    public object?[]?[] Elems = [];

    /// <summary>The module's canonical defined types by type index (run-time types of GC allocations).</summary>
    public DefinedType[] Types = [];

    /// <summary>The instance this context belongs to (null for host functions).</summary>
    public Instance? Instance;

    /// <summary>The module's tiered-compilation state (null when it is not tiered).</summary>
    public Compilation.TierState? Tier;

    /// <summary>The instance's native context for baseline code, made on its first baseline call.</summary>
    public Baseline.NativeInstance? Native;
}

/// <summary>The context of a host function: the compiled trampoline casts to this to find the callee.</summary>
internal sealed class HostContext : VmContext
{
    public HostContext(Delegate? target, HostCallback? callback, FuncType type)
    {
        Target = target;
        Callback = callback;
        Type = type;
    }

    /// <summary>A typed delegate whose parameters match the wasm signature.</summary>
    public readonly Delegate? Target;

    /// <summary>An untyped callback.</summary>
    public readonly HostCallback? Callback;

    /// <summary>The wasm signature.</summary>
    public readonly FuncType Type;

    /// <summary>Called by the untyped trampoline.</summary>
    public void InvokeCallback(Value[] args, Value[] results)
    {
        Callback!(args, results);
        for (var i = 0; i < results.Length; i++)
        {
            var expected = Type.Results[i];
            if (results[i].Type.Kind != expected.Kind
                || (Compilation.GcOps.NeedsCheck(expected) && !Compilation.GcOps.IsInstance(results[i].Ref, (int)expected.Heap, expected.TypeId, expected.Nullable)))
                throw new TrapException(TrapCode.HostError, $"host function returned {results[i].Type} where {expected} was expected");
        }
    }
}
