using Wasm.Wasi.Host;
using Wasm.Wasi.Preview2.Bindings.Wasi.Clocks;
using Wasm.Wasi.Preview2.Bindings.Wasi.Io;
using Wasm.Wasi.Preview2.Io;

namespace Wasm.Wasi.Preview2.Clocks;

/// <summary><c>wasi:clocks/monotonic-clock</c>: <c>CLOCK_MONOTONIC</c>; subscriptions are deadline pollables.</summary>
internal sealed class MonotonicClockHost : IMonotonicClock
{
    public ulong Now() => MonotonicTime.Now();

    public ulong Resolution() => MonotonicTime.Resolution();

    public IPoll.IPollable SubscribeInstant(ulong when) => new DeadlinePollable(when);

    public IPoll.IPollable SubscribeDuration(ulong when)
    {
        var now = MonotonicTime.Now();
        return new DeadlinePollable(when > ulong.MaxValue - now ? ulong.MaxValue - 1 : now + when);
    }
}

/// <summary><c>wasi:clocks/wall-clock</c>: <c>CLOCK_REALTIME</c>.</summary>
internal sealed unsafe class WallClockHost : IWallClock
{
    private const int ClockRealtime = 0;

    public WallClock.Datetime Now()
    {
        Libc.Timespec ts;
        Libc.ClockGettime(ClockRealtime, &ts);
        return new WallClock.Datetime((ulong)ts.Sec, (uint)ts.Nsec);
    }

    public WallClock.Datetime Resolution()
    {
        Libc.Timespec ts;
        if (Libc.ClockGetres(ClockRealtime, &ts) != 0) return new WallClock.Datetime(0, 1);
        return new WallClock.Datetime((ulong)ts.Sec, (uint)ts.Nsec);
    }
}
