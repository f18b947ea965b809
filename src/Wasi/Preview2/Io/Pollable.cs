using Wasm.Wasi.Preview2.Bindings.Wasi.Io;

namespace Wasm.Wasi.Preview2.Io;

/// <summary>
/// A readiness source a guest can wait on (<c>wasi:io/poll.pollable</c>). A source says how it becomes ready
/// through <see cref="WaitOn"/>: a host file descriptor that <c>poll(2)</c> watches, a deadline on the monotonic
/// clock, or neither (always ready, or checked again after a short sleep). <see cref="Poller"/> waits on many at once
/// with one <c>poll(2)</c> call, so a guest blocked in <c>wasi:io/poll.poll</c> uses no CPU.
/// </summary>
public abstract class Pollable : IPoll.IPollable
{
    /// <summary>Whether the operation this pollable stands for would make progress now, without blocking.</summary>
    public abstract bool IsReady();

    /// <summary>What to wait on until <see cref="IsReady"/> may have changed.</summary>
    public abstract PollWait WaitOn();

    bool IPoll.IPollable.Ready() => IsReady();

    void IPoll.IPollable.Block() => Poller.Block(this);
}

/// <summary>
/// How a <see cref="Pollable"/> waits: for <c>poll(2)</c> events on a host descriptor, until a monotonic-clock
/// deadline, both (whichever comes first), or <see cref="Retry"/> (not waitable: check again after a short sleep).
/// </summary>
public readonly struct PollWait
{
    private PollWait(int fd, short events, ulong deadline)
    {
        Fd = fd;
        Events = events;
        Deadline = deadline;
    }

    /// <summary>The host descriptor to watch, or -1.</summary>
    public int Fd { get; }

    /// <summary><c>POLLIN</c> (1) and/or <c>POLLOUT</c> (4) for <see cref="Fd"/>.</summary>
    public short Events { get; }

    /// <summary>Monotonic-clock nanoseconds (<see cref="MonotonicTime.Now"/>) at which the source is ready; <c>ulong.MaxValue</c> for none.</summary>
    public ulong Deadline { get; }

    /// <summary>Ready when <paramref name="fd"/> is readable.</summary>
    public static PollWait Readable(int fd) => new(fd, 1, ulong.MaxValue);

    /// <summary>Ready when <paramref name="fd"/> is writable.</summary>
    public static PollWait Writable(int fd) => new(fd, 4, ulong.MaxValue);

    /// <summary>Ready when <paramref name="fd"/> has any of <paramref name="events"/> (<c>poll(2)</c> bits), or at <paramref name="deadline"/>.</summary>
    public static PollWait Descriptor(int fd, short events, ulong deadline = ulong.MaxValue) => new(fd, events, deadline);

    /// <summary>Ready at a monotonic-clock instant.</summary>
    public static PollWait Until(ulong deadline) => new(-1, 0, deadline);

    /// <summary>Nothing to wait on: <see cref="Poller"/> sleeps briefly and asks <see cref="Pollable.IsReady"/> again.</summary>
    public static PollWait Retry => new(-1, 0, ulong.MaxValue);
}

/// <summary>A pollable that is always ready (files, in-memory and captured streams).</summary>
public sealed class ReadyPollable : Pollable
{
    /// <inheritdoc/>
    public override bool IsReady() => true;

    /// <inheritdoc/>
    public override PollWait WaitOn() => PollWait.Until(0);
}

/// <summary>Ready once the monotonic clock reaches a deadline (<c>subscribe-instant</c>, <c>subscribe-duration</c>).</summary>
public sealed class DeadlinePollable(ulong deadline) : Pollable
{
    /// <summary>The monotonic-clock instant, in nanoseconds.</summary>
    public ulong Deadline { get; } = deadline;

    /// <inheritdoc/>
    public override bool IsReady() => MonotonicTime.Now() >= Deadline;

    /// <inheritdoc/>
    public override PollWait WaitOn() => PollWait.Until(Deadline);
}

/// <summary>Ready when a host descriptor has any of some <c>poll(2)</c> events.</summary>
public sealed class DescriptorPollable(int fd, short events) : Pollable
{
    /// <inheritdoc/>
    public override bool IsReady() => Poller.Check(fd, events);

    /// <inheritdoc/>
    public override PollWait WaitOn() => PollWait.Descriptor(fd, events);
}
