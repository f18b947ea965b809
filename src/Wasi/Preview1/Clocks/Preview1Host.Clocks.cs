using Wasm.Wasi.Host;

namespace Wasm.Wasi.Preview1;

// clock_res_get, clock_time_get. The four WASI clock ids are Linux's CLOCK_REALTIME, CLOCK_MONOTONIC,
// CLOCK_PROCESS_CPUTIME_ID and CLOCK_THREAD_CPUTIME_ID, in the same order.
internal sealed partial class Preview1Host
{
    private int ClockResGet(int id, int resultPtr)
    {
        try
        {
            var errno = Clocks.Resolution(id, out var ns);
            if (errno == Errno.Success) _memory.WriteI64(resultPtr, ns);
            return (int)errno;
        }
        catch (Exception e) when (IsGuestError(e)) { return ErrnoOf(e); }
    }

    private int ClockTimeGet(int id, long precision, int resultPtr)
    {
        try
        {
            var errno = Clocks.Now(id, out var ns);
            if (errno == Errno.Success) _memory.WriteI64(resultPtr, ns);
            return (int)errno;
        }
        catch (Exception e) when (IsGuestError(e)) { return ErrnoOf(e); }
    }
}

/// <summary>The host clocks in nanoseconds.</summary>
internal static unsafe class Clocks
{
    public static Errno Now(int id, out long ns)
    {
        ns = 0;
        if ((uint)id > Abi.ClockThreadCpu) return Errno.Inval;
        Libc.Timespec ts;
        if (Libc.ClockGettime(id, &ts) != 0) return HostErrors.Last();
        ns = ts.Sec * 1_000_000_000 + ts.Nsec;
        return Errno.Success;
    }

    public static Errno Resolution(int id, out long ns)
    {
        ns = 0;
        if ((uint)id > Abi.ClockThreadCpu) return Errno.Inval;
        Libc.Timespec ts;
        if (Libc.ClockGetres(id, &ts) != 0) return HostErrors.Last();
        ns = ts.Sec * 1_000_000_000 + ts.Nsec;
        return Errno.Success;
    }
}
