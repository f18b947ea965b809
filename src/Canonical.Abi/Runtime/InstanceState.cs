namespace Wasm.Components;

/// <summary>
/// The per-instance flags of the canonical ABI: whether the instance may be entered (it is not already on the
/// call stack, and not being instantiated), whether it may call out (not inside realloc or post-return), and
/// whether a trap has poisoned it.
/// </summary>
internal sealed class InstanceState
{
    /// <summary>False while the instance is on the call stack or being instantiated.</summary>
    public bool MayEnter = true;

    /// <summary>False while the instance runs realloc, post-return or a destructor called by the ABI.</summary>
    public bool MayLeave = true;

    /// <summary>True after a trap escaped the instance: every later entry traps.</summary>
    public bool Poisoned;

    /// <summary>The owning instance's handle tables for resources.</summary>
    public Abi.HandleTables Handles { get; }

    public InstanceState() => Handles = new Abi.HandleTables(this);

    /// <summary>The states of the component instances this one created (its nested <c>instantiate</c>s).</summary>
    public List<InstanceState> Nested { get; } = new();

    /// <summary>Traps unless the instance may be entered.</summary>
    public void Enter()
    {
        if (Poisoned) throw new TrapException(TrapCode.CanonicalAbi, "cannot enter component instance: it was poisoned by an earlier trap");
        if (!MayEnter) throw new TrapException(TrapCode.CanonicalAbi, "cannot enter component instance");
        MayEnter = false;
    }

    /// <summary>Marks the end of a call into the instance.</summary>
    public void Exit() => MayEnter = true;

    /// <summary>For an exception filter: poisons the instance when <paramref name="e"/> escapes it (a bad argument
    /// from the host, rejected before the guest ran, does not) and returns false, so nothing is caught.</summary>
    public static bool PoisonOn(InstanceState owner, Exception e)
    {
        if (e is not ArgumentException) owner.Poisoned = true;
        return false;
    }

    /// <summary>Traps unless the instance may call out.</summary>
    public void CheckLeave()
    {
        if (!MayLeave) throw new TrapException(TrapCode.CanonicalAbi, "cannot leave component instance");
    }
}
