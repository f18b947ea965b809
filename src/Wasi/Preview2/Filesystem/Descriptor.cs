using System.Buffers.Binary;
using System.Text;
using Wasm.Components.Bindings;
using Wasm.Wasi.Host;
using Wasm.Wasi.Preview1;
using Wasm.Wasi.Preview2.Bindings.Wasi.Clocks;
using Wasm.Wasi.Preview2.Bindings.Wasi.Filesystem;
using Wasm.Wasi.Preview2.Bindings.Wasi.Io;
using Wasm.Wasi.Preview2.Io;
using Wasm.Wasi.Sandbox;

namespace Wasm.Wasi.Preview2.Filesystem;

/// <summary>
/// A <c>wasi:filesystem/types.descriptor</c>: a host file or directory descriptor with the access the guest was
/// granted (<see cref="Flags"/>). Every path goes through the sandbox's <see cref="PathResolver"/> beneath this
/// directory, and the final call is an <c>*at</c> call that follows no symlink, exactly as for preview1: absolute
/// paths, <c>..</c> past the directory and symlinks leading out fail with <c>not-permitted</c>.
/// </summary>
internal sealed unsafe class Descriptor(int fd, Types.DescriptorType type, Types.DescriptorFlags flags) : ITypes.IDescriptor, IDisposable
{
    private static readonly byte[] EmptyPath = [0];
    private int _fd = fd;

    public int Fd => _fd;

    public Types.DescriptorType Type { get; } = type;

    public Types.DescriptorFlags Flags { get; } = flags;

    private bool IsDirectory => Type == Types.DescriptorType.Directory;

    private bool CanMutate => (Flags & Types.DescriptorFlags.MutateDirectory) != 0;

    public void Dispose()
    {
        if (_fd >= 0) Libc.Close(_fd);
        _fd = -1;
    }

    private static Result<T, Types.ErrorCode> Err<T>(Errno errno) => Result.Err<T, Types.ErrorCode>(ErrorCodes.From(errno));

    private static Result<T, Types.ErrorCode> Err<T>(Types.ErrorCode code) => Result.Err<T, Types.ErrorCode>(code);

    private static Result<T, Types.ErrorCode> Ok<T>(T value) => Result.Ok<T, Types.ErrorCode>(value);

    private static Result<Unit, Types.ErrorCode> Done(int rc) => rc == 0 ? Ok(default(Unit)) : Err<Unit>(HostErrors.Last());

    /// <summary>Resolves <paramref name="path"/> beneath this directory; an error code when it cannot be.</summary>
    private Types.ErrorCode? Resolve(string path, bool follow, out ResolvedPath resolved)
    {
        resolved = default;
        if (!IsDirectory) return Types.ErrorCode.NotDirectory;
        var errno = PathResolver.Resolve(_fd, Encoding.UTF8.GetBytes(path), follow, out resolved);
        return errno == Errno.Success ? null : ErrorCodes.From(errno);
    }

    // --- streams ---------------------------------------------------------------------------------------------

    public Result<IStreams.IInputStream, Types.ErrorCode> ReadViaStream(ulong offset)
    {
        if ((Flags & Types.DescriptorFlags.Read) == 0) return Err<IStreams.IInputStream>(Types.ErrorCode.BadDescriptor);
        if (IsDirectory) return Err<IStreams.IInputStream>(Types.ErrorCode.IsDirectory);
        var dup = Libc.Dup(_fd);
        if (dup < 0) return Err<IStreams.IInputStream>(HostErrors.Last());
        return Ok<IStreams.IInputStream>(new HostInputStream(dup, (long)Math.Min(offset, long.MaxValue)));
    }

    public Result<IStreams.IOutputStream, Types.ErrorCode> WriteViaStream(ulong offset)
    {
        if ((Flags & Types.DescriptorFlags.Write) == 0) return Err<IStreams.IOutputStream>(Types.ErrorCode.BadDescriptor);
        if (IsDirectory) return Err<IStreams.IOutputStream>(Types.ErrorCode.IsDirectory);
        var dup = Libc.Dup(_fd);
        if (dup < 0) return Err<IStreams.IOutputStream>(HostErrors.Last());
        return Ok<IStreams.IOutputStream>(new HostOutputStream(dup, (long)Math.Min(offset, long.MaxValue)));
    }

    public Result<IStreams.IOutputStream, Types.ErrorCode> AppendViaStream()
    {
        if ((Flags & Types.DescriptorFlags.Write) == 0) return Err<IStreams.IOutputStream>(Types.ErrorCode.BadDescriptor);
        if (IsDirectory) return Err<IStreams.IOutputStream>(Types.ErrorCode.IsDirectory);
        // A fresh open file description with O_APPEND: the guest's descriptor keeps its own flags.
        int appendFd;
        fixed (byte* p = Encoding.ASCII.GetBytes($"/proc/self/fd/{_fd}\0"))
            appendFd = Libc.OpenAt(Libc.AT_FDCWD, p, Libc.O_WRONLY | Libc.O_APPEND | Libc.O_CLOEXEC, 0);
        if (appendFd < 0) return Err<IStreams.IOutputStream>(HostErrors.Last());
        return Ok<IStreams.IOutputStream>(new HostOutputStream(appendFd));
    }

    // --- the descriptor itself -------------------------------------------------------------------------------

    public Result<Unit, Types.ErrorCode> Advise(ulong offset, ulong length, Types.Advice advice)
    {
        int rc = Libc.Fadvise(_fd, (long)offset, (long)length, (int)advice);
        return rc == 0 ? Ok(default(Unit)) : Err<Unit>(HostErrors.FromErrno(rc));
    }

    public Result<Unit, Types.ErrorCode> SyncData() => Done(Libc.Fdatasync(_fd));

    public Result<Unit, Types.ErrorCode> Sync() => Done(Libc.Fsync(_fd));

    public Result<Types.DescriptorFlags, Types.ErrorCode> GetFlags() => Ok(Flags);

    Result<Types.DescriptorType, Types.ErrorCode> ITypes.IDescriptor.GetType() => Ok(Type);

    public Result<Unit, Types.ErrorCode> SetSize(ulong size)
    {
        if (IsDirectory) return Err<Unit>(Types.ErrorCode.IsDirectory);
        if ((Flags & Types.DescriptorFlags.Write) == 0) return Err<Unit>(Types.ErrorCode.BadDescriptor);
        return Done(Libc.Ftruncate(_fd, (long)Math.Min(size, long.MaxValue)));
    }

    public Result<Unit, Types.ErrorCode> SetTimes(Types.NewTimestamp dataAccessTimestamp, Types.NewTimestamp dataModificationTimestamp)
    {
        var times = stackalloc Libc.Timespec[2] { Timespec(dataAccessTimestamp), Timespec(dataModificationTimestamp) };
        return Done(Libc.Futimens(_fd, times));
    }

    public Result<(byte[], bool), Types.ErrorCode> Read(ulong length, ulong offset)
    {
        if ((Flags & Types.DescriptorFlags.Read) == 0) return Err<(byte[], bool)>(Types.ErrorCode.BadDescriptor);
        if (IsDirectory) return Err<(byte[], bool)>(Types.ErrorCode.IsDirectory);
        var buffer = new byte[(int)Math.Min(length, 1 << 20)];
        nint n;
        fixed (byte* b = buffer)
        {
            var iov = new Libc.IoVec { Base = b, Len = (nuint)buffer.Length };
            n = Libc.PreadV(_fd, &iov, 1, (long)Math.Min(offset, long.MaxValue));
        }
        if (n < 0) return Err<(byte[], bool)>(HostErrors.Last());
        var data = n == buffer.Length ? buffer : buffer.AsSpan(0, (int)n).ToArray();
        return Ok((data, n == 0 && length > 0));
    }

    public Result<ulong, Types.ErrorCode> Write(byte[] buffer, ulong offset)
    {
        if ((Flags & Types.DescriptorFlags.Write) == 0) return Err<ulong>(Types.ErrorCode.BadDescriptor);
        if (IsDirectory) return Err<ulong>(Types.ErrorCode.IsDirectory);
        nint n;
        fixed (byte* b = buffer)
        {
            var iov = new Libc.IoVec { Base = b, Len = (nuint)buffer.Length };
            n = Libc.PwriteV(_fd, &iov, 1, (long)Math.Min(offset, long.MaxValue));
        }
        return n < 0 ? Err<ulong>(HostErrors.Last()) : Ok((ulong)n);
    }

    public Result<ITypes.IDirectoryEntryStream, Types.ErrorCode> ReadDirectory()
    {
        if (!IsDirectory) return Err<ITypes.IDirectoryEntryStream>(Types.ErrorCode.NotDirectory);
        if ((Flags & Types.DescriptorFlags.Read) == 0) return Err<ITypes.IDirectoryEntryStream>(Types.ErrorCode.BadDescriptor);
        var errno = List(_fd, out var entries);
        return errno == Errno.Success ? Ok<ITypes.IDirectoryEntryStream>(new DirectoryEntryStream(entries)) : Err<ITypes.IDirectoryEntryStream>(errno);
    }

    public Result<Types.DescriptorStat, Types.ErrorCode> Stat()
    {
        Libc.Statx st;
        fixed (byte* empty = EmptyPath)
            if (Libc.StatxAt(_fd, empty, Libc.AT_EMPTY_PATH, Libc.STATX_BASIC_STATS, &st) != 0) return Err<Types.DescriptorStat>(HostErrors.Last());
        return Ok(StatOf(in st));
    }

    public bool IsSameObject(ITypes.IDescriptor other) =>
        other is Descriptor d && Identity(_fd, EmptyPath, Libc.AT_EMPTY_PATH, out var a) == Errno.Success
        && Identity(d._fd, EmptyPath, Libc.AT_EMPTY_PATH, out var b) == Errno.Success && a == b;

    public Result<Types.MetadataHashValue, Types.ErrorCode> MetadataHash()
    {
        var errno = Identity(_fd, EmptyPath, Libc.AT_EMPTY_PATH, out var id);
        return errno == Errno.Success ? Ok(Hash(id)) : Err<Types.MetadataHashValue>(errno);
    }

    // --- paths -----------------------------------------------------------------------------------------------

    public Result<Unit, Types.ErrorCode> CreateDirectoryAt(string path)
    {
        if (!CanMutate) return Err<Unit>(Types.ErrorCode.NotPermitted);
        if (Resolve(path, false, out var r) is { } error) return Err<Unit>(error);
        using (r)
            fixed (byte* name = r.Name)
                return Done(Libc.MkdirAt(r.DirFd, name, 0x1ff));
    }

    public Result<Types.DescriptorStat, Types.ErrorCode> StatAt(Types.PathFlags pathFlags, string path)
    {
        if (Resolve(path, Follows(pathFlags), out var r) is { } error) return Err<Types.DescriptorStat>(error);
        using (r)
        {
            Libc.Statx st;
            fixed (byte* name = r.Name)
                if (Libc.StatxAt(r.DirFd, name, Libc.AT_SYMLINK_NOFOLLOW, Libc.STATX_BASIC_STATS, &st) != 0) return Err<Types.DescriptorStat>(HostErrors.Last());
            return Ok(StatOf(in st));
        }
    }

    public Result<Unit, Types.ErrorCode> SetTimesAt(Types.PathFlags pathFlags, string path, Types.NewTimestamp dataAccessTimestamp, Types.NewTimestamp dataModificationTimestamp)
    {
        if (!CanMutate) return Err<Unit>(Types.ErrorCode.NotPermitted);
        if (Resolve(path, Follows(pathFlags), out var r) is { } error) return Err<Unit>(error);
        using (r)
        {
            var times = stackalloc Libc.Timespec[2] { Timespec(dataAccessTimestamp), Timespec(dataModificationTimestamp) };
            fixed (byte* name = r.Name)
                return Done(Libc.UtimensAt(r.DirFd, name, times, Libc.AT_SYMLINK_NOFOLLOW));
        }
    }

    public Result<Unit, Types.ErrorCode> LinkAt(Types.PathFlags oldPathFlags, string oldPath, ITypes.IDescriptor newDescriptor, string newPath)
    {
        if (!CanMutate || newDescriptor is not Descriptor target || !target.CanMutate) return Err<Unit>(Types.ErrorCode.NotPermitted);
        if (Resolve(oldPath, Follows(oldPathFlags), out var from) is { } error) return Err<Unit>(error);
        using (from)
        {
            if (target.Resolve(newPath, false, out var to) is { } error2) return Err<Unit>(error2);
            using (to)
                fixed (byte* a = from.Name)
                fixed (byte* b = to.Name)
                    return Done(Libc.LinkAt(from.DirFd, a, to.DirFd, b, 0));
        }
    }

    public Result<ITypes.IDescriptor, Types.ErrorCode> OpenAt(Types.PathFlags pathFlags, string path, Types.OpenFlags openFlags, Types.DescriptorFlags flags)
    {
        if (!IsDirectory) return Err<ITypes.IDescriptor>(Types.ErrorCode.NotDirectory);
        bool write = (flags & Types.DescriptorFlags.Write) != 0;
        bool read = (flags & Types.DescriptorFlags.Read) != 0;
        // Writing, creating or truncating beneath a directory, or asking for mutate-directory, needs the
        // directory's own mutate-directory: nothing opened through it gets more than it has.
        if (!CanMutate && (write || (openFlags & (Types.OpenFlags.Create | Types.OpenFlags.Truncate)) != 0 || (flags & Types.DescriptorFlags.MutateDirectory) != 0))
            return Err<ITypes.IDescriptor>(Types.ErrorCode.NotPermitted);
        bool directory = (openFlags & Types.OpenFlags.Directory) != 0;
        if (directory && write) return Err<ITypes.IDescriptor>(Types.ErrorCode.IsDirectory);
        if (directory && (openFlags & (Types.OpenFlags.Create | Types.OpenFlags.Truncate)) != 0) return Err<ITypes.IDescriptor>(Types.ErrorCode.Invalid);

        if (Resolve(path, Follows(pathFlags), out var r) is { } error) return Err<ITypes.IDescriptor>(error);
        using (r)
        {
            int hostFlags = Libc.O_CLOEXEC | Libc.O_NOFOLLOW | Libc.O_NOCTTY;
            hostFlags |= write ? (read ? Libc.O_RDWR : Libc.O_WRONLY) : Libc.O_RDONLY;
            if (directory) hostFlags |= Libc.O_DIRECTORY;
            if ((openFlags & Types.OpenFlags.Create) != 0) hostFlags |= Libc.O_CREAT;
            if ((openFlags & Types.OpenFlags.Exclusive) != 0) hostFlags |= Libc.O_EXCL;
            if ((openFlags & Types.OpenFlags.Truncate) != 0) hostFlags |= Libc.O_TRUNC;
            if ((flags & Types.DescriptorFlags.FileIntegritySync) != 0) hostFlags |= Libc.O_SYNC;
            else if ((flags & Types.DescriptorFlags.DataIntegritySync) != 0) hostFlags |= Libc.O_DSYNC;

            int hostFd;
            fixed (byte* name = r.Name)
                hostFd = Libc.OpenAt(r.DirFd, name, hostFlags, 0x1b6);
            // O_NOFOLLOW on a symlink in the last position fails with ELOOP, which WASI reports as `loop`.
            if (hostFd < 0) return Err<ITypes.IDescriptor>(HostErrors.Last());
            Libc.Statx st;
            fixed (byte* empty = EmptyPath)
                if (Libc.StatxAt(hostFd, empty, Libc.AT_EMPTY_PATH, Libc.STATX_BASIC_STATS, &st) != 0)
                {
                    var errno = HostErrors.Last();
                    Libc.Close(hostFd);
                    return Err<ITypes.IDescriptor>(errno);
                }
            var type = TypeOf(st.Mode);
            var granted = flags & ~Types.DescriptorFlags.MutateDirectory;
            if (type == Types.DescriptorType.Directory && CanMutate) granted |= flags & Types.DescriptorFlags.MutateDirectory;
            return Ok<ITypes.IDescriptor>(new Descriptor(hostFd, type, granted));
        }
    }

    public Result<string, Types.ErrorCode> ReadlinkAt(string path)
    {
        if (Resolve(path, false, out var r) is { } error) return Err<string>(error);
        using (r)
        {
            var target = new byte[4096];
            nint n;
            fixed (byte* name = r.Name)
            fixed (byte* t = target)
                n = Libc.ReadlinkAt(r.DirFd, name, t, (nuint)target.Length);
            return n < 0 ? Err<string>(HostErrors.Last()) : Ok(Encoding.UTF8.GetString(target, 0, (int)n));
        }
    }

    public Result<Unit, Types.ErrorCode> RemoveDirectoryAt(string path) => Unlink(path, Libc.AT_REMOVEDIR);

    public Result<Unit, Types.ErrorCode> UnlinkFileAt(string path) => Unlink(path, 0);

    private Result<Unit, Types.ErrorCode> Unlink(string path, int flags)
    {
        if (!CanMutate) return Err<Unit>(Types.ErrorCode.NotPermitted);
        if (Resolve(path, false, out var r) is { } error) return Err<Unit>(error);
        using (r)
            fixed (byte* name = r.Name)
                return Done(Libc.UnlinkAt(r.DirFd, name, flags));
    }

    public Result<Unit, Types.ErrorCode> RenameAt(string oldPath, ITypes.IDescriptor newDescriptor, string newPath)
    {
        if (!CanMutate || newDescriptor is not Descriptor target || !target.CanMutate) return Err<Unit>(Types.ErrorCode.NotPermitted);
        if (Resolve(oldPath, false, out var from) is { } error) return Err<Unit>(error);
        using (from)
        {
            if (target.Resolve(newPath, false, out var to) is { } error2) return Err<Unit>(error2);
            using (to)
                fixed (byte* a = from.Name)
                fixed (byte* b = to.Name)
                    return Done(Libc.RenameAt(from.DirFd, a, to.DirFd, b));
        }
    }

    public Result<Unit, Types.ErrorCode> SymlinkAt(string oldPath, string newPath)
    {
        if (!CanMutate) return Err<Unit>(Types.ErrorCode.NotPermitted);
        // An absolute target could only ever lead outside the sandbox, so it is refused at creation too.
        if (oldPath.Length == 0) return Err<Unit>(Types.ErrorCode.NoEntry);
        if (oldPath[0] == '/') return Err<Unit>(Types.ErrorCode.NotPermitted);
        if (oldPath.IndexOf('\0') >= 0) return Err<Unit>(Types.ErrorCode.IllegalByteSequence);
        if (Resolve(newPath, false, out var r) is { } error) return Err<Unit>(error);
        using (r)
            fixed (byte* t = Encoding.UTF8.GetBytes(oldPath + "\0"))
            fixed (byte* name = r.Name)
                return Done(Libc.SymlinkAt(t, r.DirFd, name));
    }

    public Result<Types.MetadataHashValue, Types.ErrorCode> MetadataHashAt(Types.PathFlags pathFlags, string path)
    {
        if (Resolve(path, Follows(pathFlags), out var r) is { } error) return Err<Types.MetadataHashValue>(error);
        using (r)
        {
            var errno = Identity(r.DirFd, r.Name, Libc.AT_SYMLINK_NOFOLLOW, out var id);
            return errno == Errno.Success ? Ok(Hash(id)) : Err<Types.MetadataHashValue>(errno);
        }
    }

    // --- helpers ---------------------------------------------------------------------------------------------

    private static bool Follows(Types.PathFlags flags) => (flags & Types.PathFlags.SymlinkFollow) != 0;

    private static Errno Identity(int dirFd, byte[] name, int flags, out (ulong Dev, ulong Ino) id)
    {
        id = default;
        Libc.Statx st;
        fixed (byte* p = name)
            if (Libc.StatxAt(dirFd, p, flags, Libc.STATX_BASIC_STATS, &st) != 0) return HostErrors.Last();
        id = (((ulong)st.DevMajor << 32) | st.DevMinor, st.Ino);
        return Errno.Success;
    }

    /// <summary>Device and inode, mixed so that equal files hash equally and the pair is not exposed as is.</summary>
    private static Types.MetadataHashValue Hash((ulong Dev, ulong Ino) id) => new(Mix(id.Ino ^ Mix(id.Dev)), Mix(id.Dev + 0x9e3779b97f4a7c15UL * (id.Ino | 1)));

    /// <summary>SplitMix64's finaliser.</summary>
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9UL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebUL;
        return z ^ (z >> 31);
    }

    internal static Types.DescriptorType TypeOf(ushort mode) => (mode & Libc.S_IFMT) switch
    {
        Libc.S_IFDIR => Types.DescriptorType.Directory,
        Libc.S_IFREG => Types.DescriptorType.RegularFile,
        Libc.S_IFLNK => Types.DescriptorType.SymbolicLink,
        Libc.S_IFCHR => Types.DescriptorType.CharacterDevice,
        Libc.S_IFBLK => Types.DescriptorType.BlockDevice,
        Libc.S_IFSOCK => Types.DescriptorType.Socket,
        Libc.S_IFIFO => Types.DescriptorType.Fifo,
        _ => Types.DescriptorType.Unknown,
    };

    private static Types.DescriptorStat StatOf(in Libc.Statx st) => new(
        TypeOf(st.Mode), st.Nlink, st.Size,
        new WallClock.Datetime((ulong)st.AtimeSec, st.AtimeNsec),
        new WallClock.Datetime((ulong)st.MtimeSec, st.MtimeNsec),
        new WallClock.Datetime((ulong)st.CtimeSec, st.CtimeNsec));

    private static Libc.Timespec Timespec(Types.NewTimestamp timestamp) => timestamp switch
    {
        Types.NewTimestamp.Now => new Libc.Timespec { Nsec = Libc.UTIME_NOW },
        Types.NewTimestamp.Timestamp(var t) => new Libc.Timespec { Sec = (long)Math.Min(t.Seconds, long.MaxValue), Nsec = Math.Min(t.Nanoseconds, 999_999_999u) },
        _ => new Libc.Timespec { Nsec = Libc.UTIME_OMIT },
    };

    /// <summary>The entries of a directory, without <c>.</c> and <c>..</c>, read from a fresh descriptor of it.</summary>
    private static Errno List(int dirFd, out List<Types.DirectoryEntry> entries)
    {
        entries = new List<Types.DirectoryEntry>();
        int fd;
        fixed (byte* dot = ".\0"u8)
            fd = Libc.OpenAt(dirFd, dot, Libc.O_RDONLY | Libc.O_DIRECTORY | Libc.O_CLOEXEC, 0);
        if (fd < 0) return HostErrors.Last();
        try
        {
            var buffer = new byte[32 * 1024];
            fixed (byte* b = buffer)
            {
                while (true)
                {
                    var n = Libc.Getdents64(fd, b, (nuint)buffer.Length);
                    if (n < 0) return HostErrors.Last();
                    if (n == 0) break;
                    for (var off = 0; off < n;)
                    {
                        // struct linux_dirent64: ino u64, off s64, reclen u16, type u8, name (NUL-terminated)
                        var reclen = BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(off + 16));
                        var kind = buffer[off + 18];
                        var nameSpan = buffer.AsSpan(off + 19, reclen - 19);
                        nameSpan = nameSpan.Slice(0, nameSpan.IndexOf((byte)0));
                        off += reclen;
                        if (nameSpan.SequenceEqual("."u8) || nameSpan.SequenceEqual(".."u8)) continue;
                        entries.Add(new Types.DirectoryEntry(TypeOfDirent(kind), Encoding.UTF8.GetString(nameSpan)));
                    }
                }
            }
            return Errno.Success;
        }
        finally
        {
            Libc.Close(fd);
        }
    }

    private static Types.DescriptorType TypeOfDirent(byte type) => type switch
    {
        1 => Types.DescriptorType.Fifo,
        2 => Types.DescriptorType.CharacterDevice,
        4 => Types.DescriptorType.Directory,
        6 => Types.DescriptorType.BlockDevice,
        8 => Types.DescriptorType.RegularFile,
        10 => Types.DescriptorType.SymbolicLink,
        12 => Types.DescriptorType.Socket,
        _ => Types.DescriptorType.Unknown,
    };
}

/// <summary>A <c>directory-entry-stream</c>: a listing taken when the guest asked for it.</summary>
internal sealed class DirectoryEntryStream(List<Types.DirectoryEntry> entries) : ITypes.IDirectoryEntryStream
{
    private int _next;

    public Result<Types.DirectoryEntry?, Types.ErrorCode> ReadDirectoryEntry() =>
        Result.Ok<Types.DirectoryEntry?, Types.ErrorCode>(_next < entries.Count ? entries[_next++] : null);
}
