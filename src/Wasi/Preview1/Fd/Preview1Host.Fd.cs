using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Wasm.Wasi.Host;
using Wasm.Wasi.Preview1.Fd;

namespace Wasm.Wasi.Preview1;

// fd_*: reads and writes go from guest memory straight into readv/writev (no copy); stdio goes to the host's
// streams.
internal sealed unsafe partial class Preview1Host
{
    /// <summary>Linux's IOV_MAX: more iovecs than this is EINVAL for readv/writev too.</summary>
    private const int MaxIovecs = 1024;

    private int FdRead(int fd, int iovs, int iovsLen, int nreadPtr)
    {
        try
        {
            var errno = _fds.Get(fd, Rights.FdRead, out var d);
            if (errno != Errno.Success) return (int)errno;
            errno = Transfer(d, iovs, iovsLen, -1, write: false, out var n);
            if (errno == Errno.Success) _memory.WriteI32(nreadPtr, n);
            return (int)errno;
        }
        catch (Exception e) when (IsGuestError(e)) { return ErrnoOf(e); }
    }

    private int FdWrite(int fd, int iovs, int iovsLen, int nwrittenPtr)
    {
        try
        {
            var errno = _fds.Get(fd, Rights.FdWrite, out var d);
            if (errno != Errno.Success) return (int)errno;
            errno = Transfer(d, iovs, iovsLen, -1, write: true, out var n);
            if (errno == Errno.Success) _memory.WriteI32(nwrittenPtr, n);
            return (int)errno;
        }
        catch (Exception e) when (IsGuestError(e)) { return ErrnoOf(e); }
    }

    private int FdPread(int fd, int iovs, int iovsLen, long offset, int nreadPtr)
    {
        try
        {
            var errno = _fds.Get(fd, Rights.FdRead | Rights.FdSeek, out var d);
            if (errno != Errno.Success) return (int)errno;
            if (offset < 0) return (int)Errno.Inval;
            errno = Transfer(d, iovs, iovsLen, offset, write: false, out var n);
            if (errno == Errno.Success) _memory.WriteI32(nreadPtr, n);
            return (int)errno;
        }
        catch (Exception e) when (IsGuestError(e)) { return ErrnoOf(e); }
    }

    private int FdPwrite(int fd, int iovs, int iovsLen, long offset, int nwrittenPtr)
    {
        try
        {
            var errno = _fds.Get(fd, Rights.FdWrite | Rights.FdSeek, out var d);
            if (errno != Errno.Success) return (int)errno;
            if (offset < 0) return (int)Errno.Inval;
            errno = Transfer(d, iovs, iovsLen, offset, write: true, out var n);
            if (errno == Errno.Success) _memory.WriteI32(nwrittenPtr, n);
            return (int)errno;
        }
        catch (Exception e) when (IsGuestError(e)) { return ErrnoOf(e); }
    }

    /// <summary>One read or write over the guest's iovec array; <paramref name="offset"/> &lt; 0 uses the file position.</summary>
    private Errno Transfer(Descriptor d, int iovs, int iovsLen, long offset, bool write, out int transferred)
    {
        transferred = 0;
        if ((uint)iovsLen > MaxIovecs) return Errno.Inval;
        switch (d)
        {
            case HostFile file:
            {
                Span<Libc.IoVec> vecs = stackalloc Libc.IoVec[Math.Min(iovsLen, 64)];
                if (iovsLen > 64) vecs = new Libc.IoVec[iovsLen];
                LoadIovecs(iovs, iovsLen, vecs);
                nint n;
                fixed (Libc.IoVec* v = vecs)
                {
                    n = (write, offset < 0) switch
                    {
                        (false, true) => Libc.ReadV(file.Fd, v, iovsLen),
                        (true, true) => Libc.WriteV(file.Fd, v, iovsLen),
                        (false, false) => Libc.PreadV(file.Fd, v, iovsLen, offset),
                        (true, false) => Libc.PwriteV(file.Fd, v, iovsLen, offset),
                    };
                }
                if (n < 0) return HostErrors.Last();
                transferred = (int)n;
                return Errno.Success;
            }
            case StreamDescriptor stream:
                if (offset >= 0) return Errno.Spipe;
                return write ? WriteStream(stream, iovs, iovsLen, out transferred) : ReadStream(stream, iovs, iovsLen, out transferred);
            case HostDirectory:
                return Errno.IsDir;
            default:
                return Errno.Badf;
        }
    }

    private void LoadIovecs(int iovs, int count, Span<Libc.IoVec> vecs)
    {
        var raw = _memory.Bytes(iovs, count * 8);
        for (var i = 0; i < count; i++)
        {
            var ptr = BinaryPrimitives.ReadInt32LittleEndian(raw.Slice(i * 8));
            var len = BinaryPrimitives.ReadInt32LittleEndian(raw.Slice(i * 8 + 4));
            var span = _memory.Bytes(ptr, len);
            vecs[i] = new Libc.IoVec { Base = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetReference(span)), Len = (nuint)len };
        }
    }

    private Errno WriteStream(StreamDescriptor d, int iovs, int iovsLen, out int written)
    {
        written = 0;
        if (d.Readable) return Errno.Badf;
        for (var i = 0; i < iovsLen; i++)
        {
            var ptr = _memory.ReadI32(iovs + i * 8);
            var len = _memory.ReadI32(iovs + i * 8 + 4);
            var span = _memory.Bytes(ptr, len);
            d.Stream?.Write(span);
            written += len;
        }
        d.Stream?.Flush();
        return Errno.Success;
    }

    private Errno ReadStream(StreamDescriptor d, int iovs, int iovsLen, out int read)
    {
        read = 0;
        if (!d.Readable) return Errno.Badf;
        if (d.Stream is null) return Errno.Success;
        // One Read into the first non-empty buffer: a second could block although data was returned.
        for (var i = 0; i < iovsLen; i++)
        {
            var ptr = _memory.ReadI32(iovs + i * 8);
            var len = _memory.ReadI32(iovs + i * 8 + 4);
            if (len == 0) continue;
            read = d.Stream.Read(_memory.Bytes(ptr, len));
            break;
        }
        return Errno.Success;
    }

    private int FdSeek(int fd, long offset, int whence, int newOffsetPtr)
    {
        try
        {
            // Seeking to where one already is only needs fd_tell.
            var needed = offset == 0 && whence == Abi.WhenceCur ? Rights.FdTell : Rights.FdSeek;
            var errno = _fds.Get(fd, needed, out var d);
            if (errno != Errno.Success) return (int)errno;
            if ((uint)whence > Abi.WhenceEnd) return (int)Errno.Inval;
            if (d is HostDirectory) return (int)Errno.IsDir;
            if (d is not HostFile file) return (int)Errno.Spipe;
            var pos = Libc.Lseek(file.Fd, offset, whence);
            if (pos < 0) return (int)HostErrors.Last();
            _memory.WriteI64(newOffsetPtr, pos);
            return 0;
        }
        catch (Exception e) when (IsGuestError(e)) { return ErrnoOf(e); }
    }

    private int FdTell(int fd, int offsetPtr)
    {
        try
        {
            var errno = _fds.Get(fd, Rights.FdTell, out var d);
            if (errno != Errno.Success) return (int)errno;
            if (d is HostDirectory) return (int)Errno.IsDir;
            if (d is not HostFile file) return (int)Errno.Spipe;
            var pos = Libc.Lseek(file.Fd, 0, Libc.SEEK_CUR);
            if (pos < 0) return (int)HostErrors.Last();
            _memory.WriteI64(offsetPtr, pos);
            return 0;
        }
        catch (Exception e) when (IsGuestError(e)) { return ErrnoOf(e); }
    }

    private int FdClose(int fd)
    {
        var d = _fds.Remove(fd);
        if (d is null) return (int)Errno.Badf;
        d.Close();
        return 0;
    }

    private int FdRenumber(int from, int to) => (int)_fds.Renumber(from, to);

    private int FdSync(int fd) => SyncCore(fd, Rights.FdSync, data: false);

    private int FdDatasync(int fd) => SyncCore(fd, Rights.FdDatasync, data: true);

    private int SyncCore(int fd, Rights right, bool data)
    {
        var errno = _fds.Get(fd, right, out var d);
        if (errno != Errno.Success) return (int)errno;
        var hostFd = HostFdOf(d);
        if (hostFd < 0) return (int)Errno.Inval;
        return (data ? Libc.Fdatasync(hostFd) : Libc.Fsync(hostFd)) == 0 ? 0 : (int)HostErrors.Last();
    }

    private static int HostFdOf(Descriptor d) => d switch
    {
        HostFile f => f.Fd,
        HostDirectory dir => dir.Fd,
        _ => -1,
    };

    private int FdAdvise(int fd, long offset, long len, int advice)
    {
        var errno = _fds.Get(fd, Rights.FdAdvise, out var d);
        if (errno != Errno.Success) return (int)errno;
        if ((uint)advice > Abi.AdviceMax || offset < 0 || len < 0) return (int)Errno.Inval;
        if (d is HostDirectory) return (int)Errno.Badf;
        if (d is not HostFile file) return (int)Errno.Spipe;
        // WASI's advice values are POSIX_FADV_* in the same order.
        var result = Libc.Fadvise(file.Fd, offset, len, advice);
        return result == 0 ? 0 : (int)HostErrors.FromErrno(result);
    }

    private int FdAllocate(int fd, long offset, long len)
    {
        var errno = _fds.Get(fd, Rights.FdAllocate, out var d);
        if (errno != Errno.Success) return (int)errno;
        if (d is HostDirectory) return (int)Errno.Badf;
        if (d is not HostFile file) return (int)Errno.Spipe;
        if (offset < 0 || len <= 0) return (int)Errno.Inval;
        // Wasmtime grows the file to offset+len when it is shorter, without reserving blocks.
        Libc.Statx st;
        if (Libc.StatxAt(file.Fd, EmptyPath, Libc.AT_EMPTY_PATH, Libc.STATX_BASIC_STATS, &st) != 0) return (int)HostErrors.Last();
        var end = offset + len;
        if (end < 0) return (int)Errno.Fbig;
        if ((ulong)end > st.Size && Libc.Ftruncate(file.Fd, end) != 0) return (int)HostErrors.Last();
        return 0;
    }

    private int FdFdstatGet(int fd, int bufPtr)
    {
        try
        {
            var d = _fds.Get(fd);
            if (d is null) return (int)Errno.Badf;
            var buf = _memory.Bytes(bufPtr, Abi.FdstatSize);
            buf.Clear();
            buf[0] = (byte)d.Type;
            BinaryPrimitives.WriteUInt16LittleEndian(buf.Slice(2), d.Flags);
            BinaryPrimitives.WriteUInt64LittleEndian(buf.Slice(8), (ulong)d.Base);
            BinaryPrimitives.WriteUInt64LittleEndian(buf.Slice(16), (ulong)d.Inheriting);
            return 0;
        }
        catch (Exception e) when (IsGuestError(e)) { return ErrnoOf(e); }
    }

    private int FdFdstatSetFlags(int fd, int flags)
    {
        var errno = _fds.Get(fd, Rights.FdFdstatSetFlags, out var d);
        if (errno != Errno.Success) return (int)errno;
        var f = (ushort)flags;
        if ((uint)flags > 0x1f) return (int)Errno.Inval;
        if (d is HostFile file)
        {
            // Only append and nonblock can change on an open file (as in Wasmtime); the sync flags are fixed at open.
            if ((f & (Abi.FdflagDsync | Abi.FdflagRsync | Abi.FdflagSync)) != (d.Flags & (Abi.FdflagDsync | Abi.FdflagRsync | Abi.FdflagSync)))
                return (int)Errno.NotSup;
            var host = Libc.Fcntl(file.Fd, Libc.F_GETFL, 0);
            if (host < 0) return (int)HostErrors.Last();
            host &= ~(Libc.O_APPEND | Libc.O_NONBLOCK);
            if ((f & Abi.FdflagAppend) != 0) host |= Libc.O_APPEND;
            if ((f & Abi.FdflagNonblock) != 0) host |= Libc.O_NONBLOCK;
            if (Libc.Fcntl(file.Fd, Libc.F_SETFL, host) < 0) return (int)HostErrors.Last();
        }
        else if (d is HostDirectory && (f & Abi.FdflagAppend) != 0)
        {
            return (int)Errno.Inval;
        }
        d.Flags = f;
        return 0;
    }

    private int FdFdstatSetRights(int fd, long rightsBase, long rightsInheriting)
    {
        var d = _fds.Get(fd);
        if (d is null) return (int)Errno.Badf;
        var b = (Rights)rightsBase;
        var i = (Rights)rightsInheriting;
        // Rights can only be dropped.
        if ((b & ~d.Base) != 0 || (i & ~d.Inheriting) != 0) return (int)Errno.NotCapable;
        d.Base = b;
        d.Inheriting = i;
        return 0;
    }

    private int FdFilestatGet(int fd, int bufPtr)
    {
        try
        {
            var errno = _fds.Get(fd, Rights.FdFilestatGet, out var d);
            if (errno != Errno.Success) return (int)errno;
            var buf = _memory.Bytes(bufPtr, Abi.FilestatSize);
            var hostFd = HostFdOf(d);
            if (hostFd < 0)
            {
                // A host stream has no inode: report a character device, like a terminal.
                buf.Clear();
                buf[16] = (byte)d.Type;
                return 0;
            }
            Libc.Statx st;
            if (Libc.StatxAt(hostFd, EmptyPath, Libc.AT_EMPTY_PATH, Libc.STATX_BASIC_STATS, &st) != 0) return (int)HostErrors.Last();
            Filestat.Write(buf, in st);
            return 0;
        }
        catch (Exception e) when (IsGuestError(e)) { return ErrnoOf(e); }
    }

    private int FdFilestatSetSize(int fd, long size)
    {
        var errno = _fds.Get(fd, Rights.FdFilestatSetSize, out var d);
        if (errno != Errno.Success) return (int)errno;
        if (d is HostDirectory) return (int)Errno.IsDir;
        if (d is not HostFile file) return (int)Errno.Inval;
        if (size < 0) return (int)Errno.Inval;
        return Libc.Ftruncate(file.Fd, size) == 0 ? 0 : (int)HostErrors.Last();
    }

    private int FdFilestatSetTimes(int fd, long atim, long mtim, int fstflags)
    {
        var errno = _fds.Get(fd, Rights.FdFilestatSetTimes, out var d);
        if (errno != Errno.Success) return (int)errno;
        errno = Filestat.Times(atim, mtim, fstflags, out var times);
        if (errno != Errno.Success) return (int)errno;
        var hostFd = HostFdOf(d);
        if (hostFd < 0) return (int)Errno.Badf;
        return Libc.Futimens(hostFd, (Libc.Timespec*)&times) == 0 ? 0 : (int)HostErrors.Last();
    }

    private int FdPrestatGet(int fd, int bufPtr)
    {
        try
        {
            var d = _fds.Get(fd);
            if (d is null) return (int)Errno.Badf;
            if (d is not HostDirectory { PreopenName: { } name }) return (int)Errno.Badf;
            var buf = _memory.Bytes(bufPtr, Abi.PrestatSize);
            buf.Clear();
            buf[0] = Abi.PreopenDir;
            BinaryPrimitives.WriteInt32LittleEndian(buf.Slice(4), name.Length);
            return 0;
        }
        catch (Exception e) when (IsGuestError(e)) { return ErrnoOf(e); }
    }

    private int FdPrestatDirName(int fd, int pathPtr, int pathLen)
    {
        try
        {
            if (_fds.Get(fd) is not HostDirectory { PreopenName: { } name }) return (int)Errno.Badf;
            if ((uint)pathLen < (uint)name.Length) return (int)Errno.NameTooLong;
            name.CopyTo(_memory.Bytes(pathPtr, name.Length));
            return 0;
        }
        catch (Exception e) when (IsGuestError(e)) { return ErrnoOf(e); }
    }

    private static readonly byte* EmptyPath = (byte*)NativeMemory.AllocZeroed(1);
}
