using Wasm.Wasi.Host;

namespace Wasm.Wasi.Preview2.Io;

/// <summary>The host's <c>CLOCK_MONOTONIC</c> in nanoseconds: the time base of every deadline.</summary>
public static unsafe class MonotonicTime
{
    private const int ClockMonotonic = 1;

    /// <summary>Nanoseconds since an arbitrary start.</summary>
    public static ulong Now()
    {
        Libc.Timespec ts;
        Libc.ClockGettime(ClockMonotonic, &ts);
        return (ulong)ts.Sec * 1_000_000_000UL + (ulong)ts.Nsec;
    }

    /// <summary>The clock's resolution in nanoseconds.</summary>
    public static ulong Resolution()
    {
        Libc.Timespec ts;
        return Libc.ClockGetres(ClockMonotonic, &ts) == 0 ? (ulong)ts.Sec * 1_000_000_000UL + (ulong)ts.Nsec : 1;
    }
}
