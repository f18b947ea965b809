using Wasm.Components.Abi;
using Wasm.Components.Types;

namespace Wasm.Components.Bindings;

/// <summary>
/// The core side of a component function lifted from a guest (<c>canon lift</c>), for generated bindings that
/// marshal C# values to and from core values and linear memory themselves, with no <see cref="Values.WitValue"/>
/// in between. Calls go through <see cref="Begin"/> so that the canonical ABI's rules still hold: the instance
/// must be enterable, borrows end with the call, and a trap poisons the instance.
/// </summary>
/// <example>
/// A binding of <c>roundtrip: func(s: string) -> string</c> (flat signature <c>(i32, i32) -> i32</c>):
/// <code>
/// using var call = guest.Begin();
/// int ptr = call.Context.StoreString(s, out int len);
/// int ret = core(ptr, len);
/// string result = call.Context.LoadString(call.Context.Read&lt;int&gt;(ret), call.Context.Read&lt;int&gt;(ret + 4));
/// call.ExitCall();
/// call.EnterPostReturn();
/// postReturn(ret);
/// call.Complete();
/// return result;
/// </code>
/// </example>
public sealed class GuestFunction
{
    private readonly InstanceState _owner;

    internal GuestFunction(ComponentFuncType type, Function core, CanonicalOptions options, InstanceState owner)
    {
        Type = type;
        Core = core;
        Options = options;
        _owner = owner;
    }

    /// <summary>The component-level type.</summary>
    public ComponentFuncType Type { get; }

    /// <summary>The lifted core function; its signature is the flattening of <see cref="Type"/>.</summary>
    public Function Core { get; }

    /// <summary>The <c>post-return</c> function, called with the core results once they were read.</summary>
    public Function? PostReturn => Options.PostReturn;

    /// <summary>The lift options: string encoding, memory, realloc.</summary>
    public CanonicalOptions Options { get; }

    /// <summary>True once a trap has poisoned the instance.</summary>
    public bool IsPoisoned => _owner.Poisoned;

    /// <summary>A typed delegate of the core function, e.g. <c>Func&lt;int, int&gt;</c> for <c>func(x: u32) -> u32</c>.</summary>
    /// <exception cref="ArgumentException">The delegate does not match the flat signature.</exception>
    public TDelegate CoreDelegate<TDelegate>() where TDelegate : Delegate => Core.AsDelegate<TDelegate>();

    /// <summary>A typed delegate of the post-return function, or null when there is none.</summary>
    public TDelegate? PostReturnDelegate<TDelegate>() where TDelegate : Delegate => PostReturn?.AsDelegate<TDelegate>();

    /// <summary>Enters the instance for one call; dispose the returned scope when done.</summary>
    /// <exception cref="TrapException">The instance is poisoned or already on the call stack.</exception>
    public GuestCall Begin()
    {
        _owner.Enter();
        return new GuestCall(_owner, Options);
    }
}

/// <summary>
/// One call into a guest through a <see cref="GuestFunction"/>. In order: lower the arguments (through
/// <see cref="Context"/> when they need memory), call the core function, lift the results, <see cref="ExitCall"/>,
/// then, if the function has one, <see cref="EnterPostReturn"/> and call post-return, and finally
/// <see cref="Complete"/>. Disposing a call that did not complete (an exception escaped) poisons the instance.
/// </summary>
public ref struct GuestCall
{
    private readonly InstanceState _owner;
    private readonly CanonicalOptions _options;
    private LiftLowerContext? _cx;
    private bool _completed;

    internal GuestCall(InstanceState owner, CanonicalOptions options)
    {
        _owner = owner;
        _options = options;
    }

    /// <summary>Memory, string and handle operations for this call (created on first use).</summary>
    public LiftLowerContext Context => _cx ??= new LiftLowerContext(_options);

    /// <summary>Ends the call's borrow scope: traps if a borrow lent to the guest was not dropped.</summary>
    public void ExitCall() => _cx?.ExitCall();

    /// <summary>Marks the start of post-return, during which the guest may not call out.</summary>
    public void EnterPostReturn() => _owner.MayLeave = false;

    /// <summary>Marks the call as finished without a trap.</summary>
    public void Complete()
    {
        _owner.MayLeave = true;
        _completed = true;
    }

    /// <summary>Leaves the instance; poisons it if the call did not complete.</summary>
    public void Dispose()
    {
        if (!_completed)
        {
            _owner.MayLeave = true;
            _owner.Poisoned = true;
        }
        _owner.Exit();
    }
}
