using Wasm.Components.Types;
using Wasm.Components.Values;

namespace Wasm.Components;

/// <summary>A component function: lifted from a core function of some component instance, or defined by the host.</summary>
public sealed partial class ComponentFunc
{
    private readonly Function? _core;
    private readonly Abi.CanonicalOptions? _options;
    private readonly InstanceState? _owner;
    private readonly ComponentHostFunction? _host;
    private readonly Bindings.HostLowering? _lowering;
    private Bindings.GuestFunction? _guest;

    private ComponentFunc(ComponentFuncType type, Function? core, Abi.CanonicalOptions? options, InstanceState? owner,
        ComponentHostFunction? host, Bindings.HostLowering? lowering = null)
    {
        Type = type;
        _core = core;
        _options = options;
        _owner = owner;
        _host = host;
        _lowering = lowering;
    }

    /// <summary>A function lifted from a core function by <c>canon lift</c>.</summary>
    internal static ComponentFunc Lifted(ComponentFuncType type, Function core, Abi.CanonicalOptions options, InstanceState owner) =>
        new(type, core, options, owner, null);

    /// <summary>A host function given the type its importer declared.</summary>
    internal static ComponentFunc FromHost(ComponentFuncType type, ComponentHostFunction host) => new(type, null, null, null, host);

    /// <summary>A host function that makes its own core function for each guest that imports it.</summary>
    internal static ComponentFunc FromLowering(ComponentFuncType type, Bindings.HostLowering lowering) => new(type, null, null, null, null, lowering);

    /// <summary>The same function seen through another (substituted) type.</summary>
    internal ComponentFunc WithType(ComponentFuncType type) =>
        ReferenceEquals(type, Type) ? this : new(type, _core, _options, _owner, _host, _lowering);

    /// <summary>
    /// The core side of a function lifted from a guest, for generated bindings that marshal values themselves;
    /// null for host functions.
    /// </summary>
    public Bindings.GuestFunction? Guest =>
        _core is null ? null : _guest ??= new Bindings.GuestFunction(Type, _core, _options!, _owner!);

    /// <summary>The function's type.</summary>
    public ComponentFuncType Type { get; }

    /// <summary>True for host-defined functions.</summary>
    internal bool IsHost => _core is null;

    /// <summary>The instance whose core function this lifts (null for host functions).</summary>
    internal InstanceState? Owner => _owner;

    /// <summary>Calls the function with arguments in WIT values and returns its result (null when it has none).</summary>
    /// <exception cref="TrapException">The callee trapped (the instance is then poisoned), or a value broke the canonical ABI.</exception>
    /// <exception cref="ArgumentException">An argument does not match the parameter's type.</exception>
    public WitValue? Call(params WitValue[] args) => Call((ReadOnlySpan<WitValue>)args);

    /// <summary>Calls the function (see <see cref="Call(WitValue[])"/>).</summary>
    public WitValue? Call(ReadOnlySpan<WitValue> args)
    {
        if (args.Length != Type.Params.Count)
            throw new ArgumentException($"expected {Type.Params.Count} arguments, got {args.Length}");
        if (_core is null) return CallHost(args);
        return CallLifted(args, null, null, default, default);
    }

    /// <summary>
    /// Calls the lifted core function. From the host (<paramref name="callerCx"/> null) the lifted result is
    /// returned. From another instance's lowered import (a fused call) the result stays in this instance's memory
    /// until it is lowered into the caller's flat results, which happens before post-return, as in Wasmtime's
    /// adapters; a trap there poisons both instances.
    /// </summary>
    private WitValue? CallLifted(ReadOnlySpan<WitValue> args, Abi.LiftLowerContext? callerCx, InstanceState? caller,
        ReadOnlySpan<Value> callerArgs, Span<Value> callerResults)
    {
        var owner = _owner!;
        owner.Enter();
        try
        {
            var opts = _options!;
            var cx = new Abi.LiftLowerContext(opts) { Fused = callerCx is not null };
            Value[] flatArgs;
            owner.MayLeave = false; // realloc runs while the arguments are lowered
            try { flatArgs = Abi.CanonicalAbi.LowerParams(cx, Type, args); }
            finally { owner.MayLeave = true; }
            Value[] flatResults = _core!.Invoke(flatArgs);
            WitValue? result = Abi.CanonicalAbi.LiftResults(cx, Type, flatResults);
            cx.ExitCall();
            if (callerCx is not null) LowerResults(callerCx, caller!, result, callerArgs, callerResults);
            if (opts.PostReturn is { } postReturn)
            {
                owner.MayLeave = false;
                try { postReturn.Invoke(flatResults); }
                finally { owner.MayLeave = true; }
            }
            return result;
        }
        catch (GuestException e)
        {
            // A core exception never unwinds into another component (or the host's component API): it traps here.
            owner.Poisoned = true;
            throw new TrapException(TrapCode.CanonicalAbi, "uncaught exception propagated out of component", e);
        }
        // A filter that never catches: the exception keeps unwinding from where it was thrown. A catch-and-rethrow
        // would run a second dispatch on top of the first, deeper on every level of a recursion through the host,
        // and overflow the stack while handling a stack-exhaustion trap.
        catch (Exception e) when (InstanceState.PoisonOn(owner, e))
        {
            throw; // not reached: the filter returns false
        }
        finally
        {
            owner.Exit();
        }
    }

    private WitValue? CallHost(ReadOnlySpan<WitValue> args)
    {
        if (_host is null)
            throw new InvalidOperationException("this host function was defined with a core lowering and can only be called by guests");
        var result = _host(args);
        if (Type.Result is null != result is null)
            throw new TrapException(TrapCode.HostError, Type.Result is null
                ? "host function returned a value but its type has no result"
                : "host function returned no value but its type has a result");
        return result;
    }

    /// <summary>
    /// The core function that <c>canon lower</c> makes of this function for a calling instance: it lifts the
    /// caller's core arguments, calls this function and lowers the result back into the caller.
    /// </summary>
    internal Function Lower(Engine engine, Wasm.FuncType coreType, Abi.CanonicalOptions callerOptions, InstanceState caller)
    {
        if (_lowering is not null)
        {
            var lowered = _lowering(new Bindings.HostCallSite(engine, coreType, callerOptions, caller));
            if (!lowered.Type.Equals(coreType))
                throw new LinkException($"the host's core function for {Type} has type {lowered.Type}, but the guest imports {coreType}");
            return lowered;
        }
        var type = Type;
        return Function.FromCallback(engine, coreType, (args, results) =>
        {
            caller.CheckLeave();
            if (ReferenceEquals(_owner, caller)) throw new TrapException(TrapCode.CanonicalAbi, "cannot enter component instance");
            // Into another instance, strings stay in the caller's memory until they are transcoded into the callee's.
            var cx = new Abi.LiftLowerContext(callerOptions) { Fused = _core is not null };
            WitValue[] lifted = Abi.CanonicalAbi.LiftParams(cx, type, args);
            if (_core is not null) CallLifted(lifted, cx, caller, args, results);
            else LowerResults(cx, caller, CallHost(lifted), args, results);
            cx.ExitCall();
        });
    }

    /// <summary>Lowers a callee's result into the calling instance, which may not leave meanwhile (realloc runs).</summary>
    private void LowerResults(Abi.LiftLowerContext cx, InstanceState caller, WitValue? result, ReadOnlySpan<Value> args, Span<Value> results)
    {
        caller.MayLeave = false;
        try { Abi.CanonicalAbi.LowerResults(cx, Type, result, args, results); }
        finally { caller.MayLeave = true; }
    }

    /// <inheritdoc/>
    public override string ToString() => Type.ToString();
}
