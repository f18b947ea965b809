using Wasm.Wasi.Host;
using Wasm.Wasi.Preview1.Fd;

namespace Wasm.Wasi.Preview1;

// sock_*: preview1 cannot create sockets, only use ones the host handed over (e.g. an inherited listener).
internal sealed unsafe partial class Preview1Host
{
    private Errno Socket(int fd, Rights right, out HostFile socket)
    {
        socket = null!;
        var d = _fds.Get(fd);
        if (d is null) return Errno.Badf;
        if (d is not HostFile { Type: FileType.SocketStream or FileType.SocketDgram } s) return Errno.NotSock;
        if ((d.Base & right) != right) return Errno.NotCapable;
        socket = s;
        return Errno.Success;
    }

    private int SockAccept(int fd, int flags, int fdPtr)
    {
        try
        {
            var errno = Socket(fd, Rights.SockAccept, out var listener);
            if (errno != Errno.Success) return (int)errno;
            if ((flags & ~Abi.FdflagNonblock) != 0) return (int)Errno.Inval;
            var hostFlags = Libc.SOCK_CLOEXEC | ((flags & Abi.FdflagNonblock) != 0 ? Libc.SOCK_NONBLOCK : 0);
            var conn = Libc.Accept4(listener.Fd, null, null, hostFlags);
            if (conn < 0) return (int)HostErrors.Last();
            var socket = new HostFile(conn, FileType.SocketStream)
            {
                Base = Rights.FdRead | Rights.FdWrite | Rights.FdFdstatSetFlags | Rights.FdFilestatGet | Rights.PollFdReadwrite | Rights.SockShutdown,
                Flags = (ushort)flags,
            };
            _memory.WriteI32(fdPtr, _fds.Insert(socket));
            return 0;
        }
        catch (Exception e) when (IsGuestError(e)) { return ErrnoOf(e); }
    }

    private int SockRecv(int fd, int iovs, int iovsLen, int riFlags, int roDatalenPtr, int roFlagsPtr)
    {
        try
        {
            var errno = Socket(fd, Rights.FdRead, out var socket);
            if (errno != Errno.Success) return (int)errno;
            if ((uint)iovsLen > MaxIovecs || (riFlags & ~(Abi.RecvPeek | Abi.RecvWaitall)) != 0) return (int)Errno.Inval;
            Span<Libc.IoVec> vecs = new Libc.IoVec[iovsLen];
            LoadIovecs(iovs, iovsLen, vecs);
            var hostFlags = ((riFlags & Abi.RecvPeek) != 0 ? Libc.MSG_PEEK : 0) | ((riFlags & Abi.RecvWaitall) != 0 ? Libc.MSG_WAITALL : 0);
            nint n;
            Libc.MsgHdr msg = default;
            fixed (Libc.IoVec* v = vecs)
            {
                msg.Iov = v;
                msg.IovLen = (nuint)iovsLen;
                n = Libc.RecvMsg(socket.Fd, &msg, hostFlags);
            }
            if (n < 0) return (int)HostErrors.Last();
            _memory.WriteI32(roDatalenPtr, (int)n);
            _memory.Bytes(roFlagsPtr, 2).Clear();
            if ((msg.Flags & Libc.MSG_TRUNC) != 0) _memory.Bytes(roFlagsPtr, 2)[0] = Abi.RecvDataTruncated;
            return 0;
        }
        catch (Exception e) when (IsGuestError(e)) { return ErrnoOf(e); }
    }

    private int SockSend(int fd, int iovs, int iovsLen, int siFlags, int soDatalenPtr)
    {
        try
        {
            var errno = Socket(fd, Rights.FdWrite, out var socket);
            if (errno != Errno.Success) return (int)errno;
            if ((uint)iovsLen > MaxIovecs || siFlags != 0) return (int)Errno.Inval;
            Span<Libc.IoVec> vecs = new Libc.IoVec[iovsLen];
            LoadIovecs(iovs, iovsLen, vecs);
            nint n;
            fixed (Libc.IoVec* v = vecs)
            {
                var msg = new Libc.MsgHdr { Iov = v, IovLen = (nuint)iovsLen };
                // A peer that went away is EPIPE for the guest, not SIGPIPE for the host process.
                n = Libc.SendMsg(socket.Fd, &msg, Libc.MSG_NOSIGNAL);
            }
            if (n < 0) return (int)HostErrors.Last();
            _memory.WriteI32(soDatalenPtr, (int)n);
            return 0;
        }
        catch (Exception e) when (IsGuestError(e)) { return ErrnoOf(e); }
    }

    private int SockShutdown(int fd, int how)
    {
        var errno = Socket(fd, Rights.SockShutdown, out var socket);
        if (errno != Errno.Success) return (int)errno;
        var hostHow = how switch
        {
            Abi.SdRd => Libc.SHUT_RD,
            Abi.SdWr => Libc.SHUT_WR,
            Abi.SdRd | Abi.SdWr => Libc.SHUT_RDWR,
            _ => -1,
        };
        if (hostHow < 0) return (int)Errno.Inval;
        return Libc.Shutdown(socket.Fd, hostHow) == 0 ? 0 : (int)HostErrors.Last();
    }
}
