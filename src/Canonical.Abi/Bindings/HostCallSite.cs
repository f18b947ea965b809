using Wasm.Components.Abi;

namespace Wasm.Components.Bindings;

/// <summary>
/// Makes the core function that a guest imports for a host function (what <c>canon lower</c> creates), given
/// the importing side's options. Generated bindings return a typed core function built with
/// <see cref="Function.FromDelegate"/> whose signature is <see cref="HostCallSite.CoreType"/>.
/// </summary>
public delegate Function HostLowering(HostCallSite site);

/// <summary>
/// One <c>canon lower</c> of a host function into a guest instance: the guest's options (memory, realloc,
/// string encoding, handle tables) and the flat core signature it expects.
/// </summary>
public sealed class HostCallSite
{
    private readonly InstanceState _caller;

    internal HostCallSite(Engine engine, Wasm.FuncType coreType, CanonicalOptions options, InstanceState caller)
    {
        Engine = engine;
        CoreType = coreType;
        Options = options;
        _caller = caller;
    }

    /// <summary>The engine to create the core function in.</summary>
    public Engine Engine { get; }

    /// <summary>The flat core signature the guest imports.</summary>
    public Wasm.FuncType CoreType { get; }

    /// <summary>The guest's lower options.</summary>
    public CanonicalOptions Options { get; }

    /// <summary>
    /// Starts a call from the guest that needs no memory or handles: traps if the guest may not call out now
    /// (it is inside realloc or post-return).
    /// </summary>
    public void CheckLeave() => _caller.CheckLeave();

    /// <summary>
    /// <see cref="CheckLeave"/>, then a context for lifting the arguments and lowering the results; finish the
    /// call with <see cref="LiftLowerContext.ExitCall"/>, which returns borrowed handles to the guest.
    /// </summary>
    public LiftLowerContext BeginCall()
    {
        _caller.CheckLeave();
        return new LiftLowerContext(Options);
    }
}
