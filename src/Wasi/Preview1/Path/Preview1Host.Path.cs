using Wasm.Wasi.Host;
using Wasm.Wasi.Preview1.Fd;
using Wasm.Wasi.Sandbox;

namespace Wasm.Wasi.Preview1;

// path_*: every path goes through the sandbox's resolver, and the final call is an *at call on the directory
// it returns, with symlinks not followed.
internal sealed unsafe partial class Preview1Host
{
    /// <summary>Looks up a directory fd with <paramref name="right"/> and resolves a guest path beneath it.</summary>
    private Errno Resolve(int fd, Rights right, int pathPtr, int pathLen, bool follow, out ResolvedPath resolved)
    {
        resolved = default;
        var d = _fds.Get(fd);
        if (d is null) return Errno.Badf;
        if (d is not HostDirectory dir) return Errno.NotDir;
        if ((d.Base & right) != right) return Errno.NotCapable;
        return PathResolver.Resolve(dir.Fd, _memory.Bytes(pathPtr, pathLen), follow, out resolved);
    }

    private static bool Follow(int lookupFlags) => (lookupFlags & Abi.LookupSymlinkFollow) != 0;

    private int PathOpen(int fd, int dirflags, int pathPtr, int pathLen, int oflags, long rightsBase, long rightsInheriting, int fdflags, int fdPtr)
    {
        try
        {
            var parent = _fds.Get(fd);
            var needed = Rights.PathOpen;
            if ((oflags & Abi.OflagCreat) != 0) needed |= Rights.PathCreateFile;
            if ((oflags & Abi.OflagTrunc) != 0) needed |= Rights.PathFilestatSetSize;
            if ((uint)oflags > 0xf || (uint)fdflags > 0x1f) return (int)Errno.Inval;
            var errno = Resolve(fd, needed, pathPtr, pathLen, Follow(dirflags), out var resolved);
            if (errno != Errno.Success) return (int)errno;
            using (resolved)
            {
                var requested = (Rights)rightsBase;
                var read = (requested & (Rights.FdRead | Rights.FdReaddir)) != 0;
                var write = (requested & (Rights.FdWrite | Rights.FdAllocate | Rights.FdFilestatSetSize)) != 0;
                var directory = (oflags & Abi.OflagDirectory) != 0;
                var flags = Libc.O_CLOEXEC | Libc.O_NOFOLLOW | Libc.O_NOCTTY;
                // A directory opened for writing fails with EISDIR from the kernel, as the guest expects.
                flags |= write ? (read ? Libc.O_RDWR : Libc.O_WRONLY) : Libc.O_RDONLY;
                if (directory) flags |= Libc.O_DIRECTORY;
                if ((oflags & Abi.OflagCreat) != 0) flags |= Libc.O_CREAT;
                if ((oflags & Abi.OflagExcl) != 0) flags |= Libc.O_EXCL;
                if ((oflags & Abi.OflagTrunc) != 0) flags |= Libc.O_TRUNC;
                if ((fdflags & Abi.FdflagAppend) != 0) flags |= Libc.O_APPEND;
                if ((fdflags & Abi.FdflagNonblock) != 0) flags |= Libc.O_NONBLOCK;
                if ((fdflags & Abi.FdflagDsync) != 0) flags |= Libc.O_DSYNC;
                if ((fdflags & (Abi.FdflagSync | Abi.FdflagRsync)) != 0) flags |= Libc.O_SYNC;
                if (directory && (oflags & (Abi.OflagCreat | Abi.OflagTrunc)) != 0) return (int)Errno.Inval;

                int hostFd;
                fixed (byte* name = resolved.Name)
                    hostFd = Libc.OpenAt(resolved.DirFd, name, flags, 0x1b6 /* 0666, less the umask */);
                if (hostFd < 0) return (int)HostErrors.Last();

                Libc.Statx st;
                if (Libc.StatxAt(hostFd, EmptyPath, Libc.AT_EMPTY_PATH, Libc.STATX_BASIC_STATS, &st) != 0)
                {
                    errno = HostErrors.Last();
                    Libc.Close(hostFd);
                    return (int)errno;
                }
                var type = Filestat.TypeOf(st.Mode);
                Descriptor opened = type == FileType.Directory
                    ? new HostDirectory(hostFd, null) { Base = requested & Rights.Directory }
                    : new HostFile(hostFd, type) { Base = requested & (type == FileType.RegularFile ? Rights.File : Rights.Stream | Rights.FdFilestatSetTimes) };
                // What is opened through a directory never has more than the directory passes on.
                opened.Base &= parent!.Inheriting;
                opened.Inheriting = (Rights)rightsInheriting & parent.Inheriting;
                opened.Flags = (ushort)fdflags;
                var newFd = _fds.Insert(opened);
                _memory.WriteI32(fdPtr, newFd);
                return 0;
            }
        }
        catch (Exception e) when (IsGuestError(e)) { return ErrnoOf(e); }
    }

    private int PathCreateDirectory(int fd, int pathPtr, int pathLen)
    {
        try
        {
            var errno = Resolve(fd, Rights.PathCreateDirectory, pathPtr, pathLen, false, out var r);
            if (errno != Errno.Success) return (int)errno;
            using (r)
            {
                fixed (byte* name = r.Name)
                    return Libc.MkdirAt(r.DirFd, name, 0x1ff /* 0777, less the umask */) == 0 ? 0 : (int)HostErrors.Last();
            }
        }
        catch (Exception e) when (IsGuestError(e)) { return ErrnoOf(e); }
    }

    private int PathFilestatGet(int fd, int lookupFlags, int pathPtr, int pathLen, int bufPtr)
    {
        try
        {
            var errno = Resolve(fd, Rights.PathFilestatGet, pathPtr, pathLen, Follow(lookupFlags), out var r);
            if (errno != Errno.Success) return (int)errno;
            using (r)
            {
                Libc.Statx st;
                fixed (byte* name = r.Name)
                    if (Libc.StatxAt(r.DirFd, name, Libc.AT_SYMLINK_NOFOLLOW, Libc.STATX_BASIC_STATS, &st) != 0) return (int)HostErrors.Last();
                Filestat.Write(_memory.Bytes(bufPtr, Abi.FilestatSize), in st);
                return 0;
            }
        }
        catch (Exception e) when (IsGuestError(e)) { return ErrnoOf(e); }
    }

    private int PathFilestatSetTimes(int fd, int lookupFlags, int pathPtr, int pathLen, long atim, long mtim, int fstflags)
    {
        try
        {
            var errno = Filestat.Times(atim, mtim, fstflags, out var times);
            if (errno != Errno.Success) return (int)errno;
            errno = Resolve(fd, Rights.PathFilestatSetTimes, pathPtr, pathLen, Follow(lookupFlags), out var r);
            if (errno != Errno.Success) return (int)errno;
            using (r)
            {
                fixed (byte* name = r.Name)
                    return Libc.UtimensAt(r.DirFd, name, (Libc.Timespec*)&times, Libc.AT_SYMLINK_NOFOLLOW) == 0 ? 0 : (int)HostErrors.Last();
            }
        }
        catch (Exception e) when (IsGuestError(e)) { return ErrnoOf(e); }
    }

    private int PathLink(int oldFd, int oldFlags, int oldPtr, int oldLen, int newFd, int newPtr, int newLen)
    {
        try
        {
            var errno = Resolve(oldFd, Rights.PathLinkSource, oldPtr, oldLen, Follow(oldFlags), out var from);
            if (errno != Errno.Success) return (int)errno;
            using (from)
            {
                errno = Resolve(newFd, Rights.PathLinkTarget, newPtr, newLen, false, out var to);
                if (errno != Errno.Success) return (int)errno;
                using (to)
                {
                    fixed (byte* a = from.Name)
                    fixed (byte* b = to.Name)
                        return Libc.LinkAt(from.DirFd, a, to.DirFd, b, 0) == 0 ? 0 : (int)HostErrors.Last();
                }
            }
        }
        catch (Exception e) when (IsGuestError(e)) { return ErrnoOf(e); }
    }

    private int PathReadlink(int fd, int pathPtr, int pathLen, int bufPtr, int bufLen, int bufusedPtr)
    {
        try
        {
            var errno = Resolve(fd, Rights.PathReadlink, pathPtr, pathLen, false, out var r);
            if (errno != Errno.Success) return (int)errno;
            using (r)
            {
                var target = new byte[4096];
                nint n;
                fixed (byte* name = r.Name)
                fixed (byte* t = target)
                    n = Libc.ReadlinkAt(r.DirFd, name, t, (nuint)target.Length);
                if (n < 0) return (int)HostErrors.Last();
                var copied = CopyTruncated(target.AsSpan(0, (int)n), _memory.Bytes(bufPtr, bufLen));
                _memory.WriteI32(bufusedPtr, copied);
                return 0;
            }
        }
        catch (Exception e) when (IsGuestError(e)) { return ErrnoOf(e); }
    }

    private int PathRemoveDirectory(int fd, int pathPtr, int pathLen) => Unlink(fd, Rights.PathRemoveDirectory, pathPtr, pathLen, Libc.AT_REMOVEDIR);

    private int PathUnlinkFile(int fd, int pathPtr, int pathLen) => Unlink(fd, Rights.PathUnlinkFile, pathPtr, pathLen, 0);

    private int Unlink(int fd, Rights right, int pathPtr, int pathLen, int flags)
    {
        try
        {
            var errno = Resolve(fd, right, pathPtr, pathLen, false, out var r);
            if (errno != Errno.Success) return (int)errno;
            using (r)
            {
                fixed (byte* name = r.Name)
                    return Libc.UnlinkAt(r.DirFd, name, flags) == 0 ? 0 : (int)HostErrors.Last();
            }
        }
        catch (Exception e) when (IsGuestError(e)) { return ErrnoOf(e); }
    }

    private int PathRename(int fd, int oldPtr, int oldLen, int newFd, int newPtr, int newLen)
    {
        try
        {
            var errno = Resolve(fd, Rights.PathRenameSource, oldPtr, oldLen, false, out var from);
            if (errno != Errno.Success) return (int)errno;
            using (from)
            {
                errno = Resolve(newFd, Rights.PathRenameTarget, newPtr, newLen, false, out var to);
                if (errno != Errno.Success) return (int)errno;
                using (to)
                {
                    fixed (byte* a = from.Name)
                    fixed (byte* b = to.Name)
                        return Libc.RenameAt(from.DirFd, a, to.DirFd, b) == 0 ? 0 : (int)HostErrors.Last();
                }
            }
        }
        catch (Exception e) when (IsGuestError(e)) { return ErrnoOf(e); }
    }

    private int PathSymlink(int targetPtr, int targetLen, int fd, int pathPtr, int pathLen)
    {
        try
        {
            var target = _memory.Bytes(targetPtr, targetLen);
            // An absolute target could only ever point outside the sandbox (and mislead the host), so it is
            // refused here as well as when followed.
            if (target.IsEmpty) return (int)Errno.NoEnt;
            if (target[0] == (byte)'/') return (int)Errno.Perm;
            if (target.IndexOf((byte)0) >= 0) return (int)Errno.Ilseq;
            var terminated = new byte[target.Length + 1];
            target.CopyTo(terminated);
            var errno = Resolve(fd, Rights.PathSymlink, pathPtr, pathLen, false, out var r);
            if (errno != Errno.Success) return (int)errno;
            using (r)
            {
                fixed (byte* t = terminated)
                fixed (byte* name = r.Name)
                    return Libc.SymlinkAt(t, r.DirFd, name) == 0 ? 0 : (int)HostErrors.Last();
            }
        }
        catch (Exception e) when (IsGuestError(e)) { return ErrnoOf(e); }
    }
}
