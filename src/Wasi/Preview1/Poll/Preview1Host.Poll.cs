using System.Buffers.Binary;
using Wasm.Wasi.Host;
using Wasm.Wasi.Preview1.Fd;

namespace Wasm.Wasi.Preview1;

// poll_oneoff. Regular files and host streams are always ready; pipes, terminals and sockets are polled with
// poll(2); clocks become the poll timeout (or a sleep when there is nothing to poll).
internal sealed unsafe partial class Preview1Host
{
    private int PollOneoff(int inPtr, int outPtr, int nsubs, int neventsPtr)
    {
        try
        {
            if (nsubs <= 0) return (int)Errno.Inval;
            var subs = _memory.Bytes(inPtr, checked(nsubs * Abi.SubscriptionSize)).ToArray();
            _memory.Bytes(outPtr, checked(nsubs * Abi.EventSize));

            var events = new List<(ulong Userdata, Errno Error, byte Type, ulong NBytes, ushort Flags)>();
            var polled = new List<(int Sub, int Fd)>();
            long deadline = long.MaxValue; // monotonic ns of the earliest clock subscription
            var clockSubs = new List<(int Sub, long Deadline)>();

            if (Clocks.Now(Abi.ClockMonotonic, out var start) != Errno.Success) return (int)Errno.Io;
            for (var i = 0; i < nsubs; i++)
            {
                var s = subs.AsSpan(i * Abi.SubscriptionSize, Abi.SubscriptionSize);
                var userdata = BinaryPrimitives.ReadUInt64LittleEndian(s);
                var tag = s[8];
                if (tag == Abi.EventClock)
                {
                    var id = BinaryPrimitives.ReadInt32LittleEndian(s.Slice(16));
                    var timeout = BinaryPrimitives.ReadUInt64LittleEndian(s.Slice(24));
                    var flags = BinaryPrimitives.ReadUInt16LittleEndian(s.Slice(40));
                    var errno = Clocks.Now(id, out var now);
                    if (errno != Errno.Success)
                    {
                        events.Add((userdata, errno, tag, 0, 0));
                        continue;
                    }
                    // Absolute timeouts are on the subscription's own clock; convert to a wait from now.
                    var wait = (flags & Abi.SubclockAbstime) != 0 ? (long)Math.Max(0, (decimal)timeout - now) : (long)Math.Min(timeout, long.MaxValue / 2);
                    var d = start + wait;
                    clockSubs.Add((i, d));
                    deadline = Math.Min(deadline, d);
                }
                else if (tag is Abi.EventFdRead or Abi.EventFdWrite)
                {
                    var fd = BinaryPrimitives.ReadInt32LittleEndian(s.Slice(16));
                    var errno = _fds.Get(fd, Rights.PollFdReadwrite, out var desc);
                    if (errno != Errno.Success)
                    {
                        events.Add((userdata, errno, tag, 0, 0));
                        continue;
                    }
                    switch (desc)
                    {
                        case HostFile { Type: FileType.RegularFile } file:
                            events.Add((userdata, Errno.Success, tag, tag == Abi.EventFdRead ? Remaining(file.Fd) : 0, 0));
                            break;
                        case HostFile file:
                            polled.Add((i, file.Fd));
                            break;
                        case StreamDescriptor stream:
                            var ok = (tag == Abi.EventFdRead) == stream.Readable;
                            events.Add((userdata, ok ? Errno.Success : Errno.Badf, tag, 0, 0));
                            break;
                        default:
                            events.Add((userdata, Errno.Badf, tag, 0, 0));
                            break;
                    }
                }
                else
                {
                    return (int)Errno.Inval;
                }
            }

            // Wait only when nothing is ready yet.
            var waitNs = events.Count > 0 ? 0 : deadline == long.MaxValue ? -1 : Math.Max(0, deadline - start);
            if (polled.Count > 0)
            {
                var fds = new Libc.PollFd[polled.Count];
                for (var j = 0; j < polled.Count; j++)
                {
                    var tag = subs[polled[j].Sub * Abi.SubscriptionSize + 8];
                    fds[j] = new Libc.PollFd { Fd = polled[j].Fd, Events = tag == Abi.EventFdRead ? Libc.POLLIN : Libc.POLLOUT };
                }
                int ready;
                fixed (Libc.PollFd* p = fds)
                {
                    do ready = Libc.Poll(p, (nuint)fds.Length, waitNs < 0 ? -1 : (int)Math.Min(int.MaxValue, (waitNs + 999_999) / 1_000_000));
                    while (ready < 0 && Libc.Errno == 4 /* EINTR */);
                }
                if (ready < 0) return (int)HostErrors.Last();
                for (var j = 0; j < fds.Length; j++)
                {
                    var r = fds[j].Revents;
                    if (r == 0) continue;
                    var s = subs.AsSpan(polled[j].Sub * Abi.SubscriptionSize);
                    var userdata = BinaryPrimitives.ReadUInt64LittleEndian(s);
                    var tag = s[8];
                    if ((r & Libc.POLLNVAL) != 0) events.Add((userdata, Errno.Badf, tag, 0, 0));
                    else if ((r & Libc.POLLERR) != 0) events.Add((userdata, Errno.Io, tag, 0, 0));
                    else events.Add((userdata, Errno.Success, tag, tag == Abi.EventFdRead ? Available(fds[j].Fd) : 0,
                        (r & Libc.POLLHUP) != 0 ? Abi.EventFdReadwriteHangup : (ushort)0));
                }
            }
            else if (waitNs > 0)
            {
                Thread.Sleep(TimeSpan.FromTicks(waitNs / 100));
            }
            else if (waitNs < 0)
            {
                return (int)Errno.Inval; // nothing to wait for and nothing ready would block forever
            }

            if (Clocks.Now(Abi.ClockMonotonic, out var now2) != Errno.Success) return (int)Errno.Io;
            foreach (var (sub, d) in clockSubs)
            {
                // A sleep can wake a little early; the guest asked for at least this long.
                if (d <= now2 || (events.Count == 0 && d == deadline))
                    events.Add((BinaryPrimitives.ReadUInt64LittleEndian(subs.AsSpan(sub * Abi.SubscriptionSize)), Errno.Success, Abi.EventClock, 0, 0));
            }

            var output = _memory.Bytes(outPtr, events.Count * Abi.EventSize);
            output.Clear();
            for (var j = 0; j < events.Count; j++)
            {
                var e = output.Slice(j * Abi.EventSize, Abi.EventSize);
                BinaryPrimitives.WriteUInt64LittleEndian(e, events[j].Userdata);
                BinaryPrimitives.WriteUInt16LittleEndian(e.Slice(8), (ushort)events[j].Error);
                e[10] = events[j].Type;
                BinaryPrimitives.WriteUInt64LittleEndian(e.Slice(16), events[j].NBytes);
                BinaryPrimitives.WriteUInt16LittleEndian(e.Slice(24), events[j].Flags);
            }
            _memory.WriteI32(neventsPtr, events.Count);
            return 0;
        }
        catch (Exception e) when (IsGuestError(e)) { return ErrnoOf(e); }
    }

    /// <summary>Bytes between the file position and the end of a regular file.</summary>
    private static ulong Remaining(int fd)
    {
        Libc.Statx st;
        var pos = Libc.Lseek(fd, 0, Libc.SEEK_CUR);
        if (pos < 0 || Libc.StatxAt(fd, EmptyPath, Libc.AT_EMPTY_PATH, Libc.STATX_BASIC_STATS, &st) != 0) return 0;
        return st.Size > (ulong)pos ? st.Size - (ulong)pos : 0;
    }

    /// <summary>Bytes ready to read from a pipe, terminal or socket.</summary>
    private static ulong Available(int fd)
    {
        int n;
        return Libc.Ioctl(fd, Libc.FIONREAD, &n) == 0 && n > 0 ? (ulong)n : 0;
    }
}
