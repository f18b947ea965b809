using Wasm.Components;
using Wasm.Wasi.Preview2.Bindings.Wasi.Http;
using B = Wasm.Wasi.Preview2.Bindings.Wasi;

namespace Wasm.Wasi.Http;

/// <summary>Adds <c>wasi:http</c> 0.2 (types and a deny-by-default outgoing handler) to a component linker.</summary>
public static class WasiHttp
{
    /// <summary>
    /// Defines <c>wasi:http/types@0.2.12</c> and <c>wasi:http/outgoing-handler@0.2.12</c> in
    /// <paramref name="linker"/>, which must already have WASI 0.2 (<see cref="WasiP2.AddToLinker"/>): the bodies
    /// are <c>wasi:io</c> streams. Outgoing requests go to the destinations <paramref name="config"/> allows, over
    /// its connection pool; without a configuration every one is refused with <c>HTTP-request-denied</c>. Dispose
    /// the result when the instance is done, to cancel the requests it left in flight.
    /// </summary>
    /// <exception cref="LinkException">wasi:io is not defined in the linker yet.</exception>
    public static IDisposable AddToLinker(ComponentLinker linker, WasiHttpConfig? config = null)
    {
        ArgumentNullException.ThrowIfNull(linker);
        B.Http.Types.AddToLinker(linker, new HttpTypesHost());
        var handler = new OutgoingHandler(config ?? DenyAll);
        B.Http.OutgoingHandler.AddToLinker(linker, handler);
        return handler;
    }

    /// <summary>Allows nothing, so it never opens a connection.</summary>
    private static readonly WasiHttpConfig DenyAll = new();
}

/// <summary>Limits on one request's guest.</summary>
public sealed class HttpGuestLimits
{
    /// <summary>Wall-clock time a guest may take before it is interrupted (504). Default 30 s.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Fuel per request (one unit per instruction); null for unmetered.</summary>
    public ulong? Fuel { get; init; }

    /// <summary>How long past <see cref="Timeout"/> the server waits before answering 504 itself, for a guest
    /// blocked in a host call where the epoch cannot interrupt it. Default 1 s.</summary>
    public TimeSpan HostCallGrace { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Most guests running at once for one <see cref="HttpComponent"/>; further requests wait for a slot,
    /// and the wait counts toward their <see cref="Timeout"/>. Null (the default) for no limit.</summary>
    public int? MaxConcurrency { get; init; }

    /// <summary>The most bytes each linear memory of a request's instance may hold; growing beyond fails
    /// (<c>memory.grow</c> returns -1), and an instance whose memories start larger is not created (500). Null: no
    /// limit beyond the module's own maximum.</summary>
    public ulong? MaxMemory { get; init; }

    /// <summary>The WASI configuration of each request's guest (stdio, environment); default: inherited stdout and stderr.</summary>
    public Func<WasiConfig> Wasi { get; init; } = () => new WasiConfig { InheritStdio = true };

    /// <summary>
    /// Where guests may send requests through <c>wasi:http/outgoing-handler</c>, shared by every request (one
    /// connection pool); null denies every outgoing request.
    /// </summary>
    public WasiHttpConfig? Http { get; init; }
}

/// <summary>How a guest's handling of one request ended.</summary>
public enum HttpGuestOutcome
{
    /// <summary><c>handle</c> returned.</summary>
    Returned,
    /// <summary>The guest trapped (or failed to instantiate).</summary>
    Trapped,
    /// <summary>The guest ran out of time or fuel.</summary>
    TimedOut,
}

/// <summary>
/// A <c>wasi:http/proxy</c> component ready to handle requests: it is loaded, compiled and checked once, and each
/// request gets a fresh instance in its own store, with its own linker (so host resource tables are never shared
/// between concurrent requests) and its own deadline. Guests run on dedicated threads, since WASI calls block.
/// </summary>
public sealed class HttpComponent : IDisposable
{
    private const int TickMilliseconds = 10;
    private readonly Component _component;
    private readonly Timer _epochTimer;
    private readonly SemaphoreSlim? _slots;

    /// <summary>Loads a component for serving; the engine meters fuel and checks epochs.</summary>
    /// <exception cref="LinkException">The component does not export <c>wasi:http/incoming-handler</c> or imports something the host lacks.</exception>
    public HttpComponent(ReadOnlySpan<byte> bytes, HttpGuestLimits? limits = null)
    {
        Limits = limits ?? new HttpGuestLimits();
        if (Limits.MaxConcurrency is { } most)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(most, 1, nameof(limits));
            _slots = new SemaphoreSlim(most, most);
        }
        Engine = new Engine(new EngineConfig { ConsumeFuel = Limits.Fuel is not null, EpochInterruption = true });
        _component = Component.FromBytes(Engine, bytes);
        // Checks exports and imports once, so a bad component fails here rather than on every request.
        using (Link(new WasiConfig(), out var linker))
        {
            try
            {
                _ = new ProxyPre(_component, linker);
            }
            catch (LinkException e)
            {
                throw new LinkException("not a wasi:http/proxy component, which exports wasi:http/incoming-handler@0.2.x: " + e.Message);
            }
        }
        _epochTimer = new Timer(_ => Engine.IncrementEpoch(), null, TickMilliseconds, TickMilliseconds);
    }

    /// <summary>The engine the component is compiled with.</summary>
    public Engine Engine { get; }

    /// <summary>The per-request limits.</summary>
    public HttpGuestLimits Limits { get; }

    /// <summary>
    /// Starts a fresh instance handling <paramref name="request"/> on its own thread; the guest answers through
    /// <paramref name="outparam"/> and may keep writing the body after that. The task completes when
    /// <c>handle</c> returns or the guest fails; it never faults.
    /// </summary>
    /// <remarks>Under <see cref="HttpGuestLimits.MaxConcurrency"/> the guest may first wait for a slot;
    /// cancelling <paramref name="cancel"/> gives up the wait (the outcome is then <see cref="HttpGuestOutcome.TimedOut"/>
    /// and the guest never runs). A guest that started is not affected by it.</remarks>
    public Task<(HttpGuestOutcome Outcome, Exception? Error)> Handle(IncomingRequest request, ResponseOutparam outparam, CancellationToken cancel = default)
    {
        if (_slots is null) return Start(request, outparam);
        return HandleInSlot(request, outparam, _slots, cancel);
    }

    private async Task<(HttpGuestOutcome Outcome, Exception? Error)> HandleInSlot(IncomingRequest request, ResponseOutparam outparam, SemaphoreSlim slots, CancellationToken cancel)
    {
        try
        {
            await slots.WaitAsync(cancel).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            outparam.Dispose();
            return (HttpGuestOutcome.TimedOut, null);
        }
        try
        {
            return await Start(request, outparam).ConfigureAwait(false);
        }
        finally
        {
            slots.Release();
        }
    }

    private Task<(HttpGuestOutcome Outcome, Exception? Error)> Start(IncomingRequest request, ResponseOutparam outparam)
    {
        var done = new TaskCompletionSource<(HttpGuestOutcome, Exception?)>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() => done.SetResult(Run(request, outparam)), 16 << 20) { IsBackground = true, Name = "wasi-http guest" };
        thread.Start();
        return done.Task;
    }

    private (HttpGuestOutcome, Exception?) Run(IncomingRequest request, ResponseOutparam outparam)
    {
        try
        {
            using var wasi = Link(Limits.Wasi(), out var linker);
            var store = new Store(Engine);
            if (Limits.Fuel is { } fuel) store.SetFuel(fuel);
            if (Limits.MaxMemory is { } maxMemory) store.Limiter = new StoreLimitsBuilder().MemorySize(maxMemory).Build();
            store.SetEpochDeadline((ulong)Math.Max(1, Limits.Timeout.TotalMilliseconds / TickMilliseconds));
            var proxy = new ProxyPre(_component, linker).Instantiate(store);
            proxy.IncomingHandler.Handle(request, outparam);
            return (HttpGuestOutcome.Returned, null);
        }
        catch (TrapException e) when (e.Code is TrapCode.OutOfFuel or TrapCode.Interrupted)
        {
            return (HttpGuestOutcome.TimedOut, e);
        }
        catch (Exception e)
        {
            return (HttpGuestOutcome.Trapped, e);
        }
        finally
        {
            // A guest that failed or returned without answering never will.
            outparam.Dispose();
        }
    }

    private IDisposable Link(WasiConfig config, out ComponentLinker linker)
    {
        linker = new ComponentLinker(Engine);
        var wasi = WasiP2.AddToLinker(linker, config);
        var http = WasiHttp.AddToLinker(linker, Limits.Http);
        return new Both(http, wasi);
    }

    /// <summary>Ends the outgoing requests first, then the WASI context.</summary>
    private sealed class Both(IDisposable first, IDisposable second) : IDisposable
    {
        public void Dispose()
        {
            first.Dispose();
            second.Dispose();
        }
    }

    /// <summary>Stops the epoch timer.</summary>
    public void Dispose() => _epochTimer.Dispose();
}
