using Wasm.Wasi.Host;
using Wasm.Wasi.Preview2.Bindings.Wasi.Io;

namespace Wasm.Wasi.Preview2.Io;

/// <summary>
/// <c>wasi:io/poll</c>: waits on any number of <see cref="Pollable"/>s with one <c>poll(2)</c> call whose timeout is
/// the earliest deadline, then reports the ready ones. Sources with nothing to wait on (<see cref="PollWait.Retry"/>)
/// are checked again every millisecond.
/// </summary>
internal sealed unsafe class Poller : IPoll
{
    public uint[] Poll(IReadOnlyList<IPoll.IPollable> @in)
    {
        if (@in.Count == 0) throw new TrapException(TrapCode.CanonicalAbi, "wasi:io/poll.poll: the list of pollables is empty");
        if (@in.Count > uint.MaxValue / 2) throw new TrapException(TrapCode.CanonicalAbi, "wasi:io/poll.poll: too many pollables");
        var sources = new Pollable[@in.Count];
        for (int i = 0; i < sources.Length; i++) sources[i] = As(@in[i]);
        var ready = new bool[sources.Length];
        while (true)
        {
            int count = 0;
            for (int i = 0; i < sources.Length; i++)
                if (ready[i] = sources[i].IsReady()) count++;
            if (count > 0)
            {
                var indexes = new uint[count];
                for (int i = 0, n = 0; i < ready.Length; i++)
                    if (ready[i]) indexes[n++] = (uint)i;
                return indexes;
            }
            Wait(sources);
        }
    }

    /// <summary>Blocks until <paramref name="pollable"/> is ready (<c>pollable.block</c>).</summary>
    public static void Block(Pollable pollable)
    {
        var one = new[] { pollable };
        while (!pollable.IsReady()) Wait(one);
    }

    /// <summary>Whether <paramref name="fd"/> has any of <paramref name="events"/> (or an error or hang-up) right now.</summary>
    public static bool Check(int fd, short events)
    {
        var p = new Libc.PollFd { Fd = fd, Events = events };
        return Libc.Poll(&p, 1, 0) > 0 && p.Revents != 0;
    }

    /// <summary>One wait: until a watched descriptor has an event, the earliest deadline passes, or 1 ms for retries.</summary>
    private static void Wait(Pollable[] sources)
    {
        var fds = new Libc.PollFd[sources.Length];
        int count = 0;
        ulong deadline = ulong.MaxValue;
        bool retry = false;
        foreach (var source in sources)
        {
            var wait = source.WaitOn();
            if (wait.Fd >= 0) fds[count++] = new Libc.PollFd { Fd = wait.Fd, Events = wait.Events };
            if (wait.Deadline < deadline) deadline = wait.Deadline;
            if (wait.Fd < 0 && wait.Deadline == ulong.MaxValue) retry = true;
        }

        int timeoutMs = -1;
        if (deadline != ulong.MaxValue)
        {
            var now = MonotonicTime.Now();
            if (deadline <= now) return;
            // Rounded up, so a wait never ends before its deadline.
            timeoutMs = (int)Math.Min(int.MaxValue, (deadline - now + 999_999) / 1_000_000);
        }
        if (retry && (timeoutMs < 0 || timeoutMs > 1)) timeoutMs = 1;
        if (count == 0)
        {
            if (timeoutMs < 0) throw new TrapException(TrapCode.HostError, "wasi:io/poll: waiting on pollables that can never become ready");
            Thread.Sleep(timeoutMs);
            return;
        }
        fixed (Libc.PollFd* p = fds)
            Libc.Poll(p, (nuint)count, timeoutMs);
    }

    private static Pollable As(IPoll.IPollable pollable) =>
        pollable as Pollable ?? throw new InvalidOperationException($"{pollable.GetType()} is not a {nameof(Pollable)}");
}
