using System.Runtime.InteropServices;

namespace Wasm.Wasi.Host;

/// <summary>
/// The POSIX calls the filesystem needs, on Linux. Every path call takes a directory descriptor and a relative
/// path so that the sandbox, not the host's current directory, decides what is reachable.
/// </summary>
internal static unsafe partial class Libc
{
    private const string Lib = "libc";

    public const int AT_FDCWD = -100;
    public const int AT_SYMLINK_NOFOLLOW = 0x100, AT_REMOVEDIR = 0x200, AT_EMPTY_PATH = 0x1000;
    public const int O_RDONLY = 0, O_WRONLY = 1, O_RDWR = 2;
    public const int O_CREAT = 0x40, O_EXCL = 0x80, O_NOCTTY = 0x100, O_TRUNC = 0x200, O_APPEND = 0x400;
    public const int O_NONBLOCK = 0x800, O_DSYNC = 0x1000, O_SYNC = 0x101000, O_CLOEXEC = 0x80000;
    public const int O_PATH = 0x200000;

    // These two differ between the x86 and Arm ABIs of Linux.
    public static readonly int O_DIRECTORY = IsArm ? 0x4000 : 0x10000;
    public static readonly int O_NOFOLLOW = IsArm ? 0x8000 : 0x20000;

    private static bool IsArm => RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm;

    public const int F_GETFL = 3, F_SETFL = 4;
    public const int SEEK_SET = 0, SEEK_CUR = 1, SEEK_END = 2;
    public const long UTIME_NOW = (1L << 30) - 1, UTIME_OMIT = (1L << 30) - 2;
    public const short POLLIN = 1, POLLOUT = 4, POLLERR = 8, POLLHUP = 16, POLLNVAL = 32;

    public const uint STATX_BASIC_STATS = 0x7ff;
    public const ushort S_IFMT = 0xF000, S_IFDIR = 0x4000, S_IFREG = 0x8000, S_IFLNK = 0xA000, S_IFCHR = 0x2000,
        S_IFBLK = 0x6000, S_IFSOCK = 0xC000, S_IFIFO = 0x1000;

    [StructLayout(LayoutKind.Sequential)]
    public struct Timespec { public long Sec; public long Nsec; }

    [StructLayout(LayoutKind.Sequential)]
    public struct IoVec { public byte* Base; public nuint Len; }

    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd { public int Fd; public short Events; public short Revents; }

    /// <summary><c>struct statx</c>: one layout on every Linux architecture, unlike <c>struct stat</c>.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 256)]
    public struct Statx
    {
        [FieldOffset(0)] public uint Mask;
        [FieldOffset(16)] public uint Nlink;
        [FieldOffset(28)] public ushort Mode;
        [FieldOffset(32)] public ulong Ino;
        [FieldOffset(40)] public ulong Size;
        [FieldOffset(64)] public long AtimeSec;
        [FieldOffset(72)] public uint AtimeNsec;
        [FieldOffset(96)] public long CtimeSec;
        [FieldOffset(104)] public uint CtimeNsec;
        [FieldOffset(112)] public long MtimeSec;
        [FieldOffset(120)] public uint MtimeNsec;
        [FieldOffset(136)] public uint DevMajor;
        [FieldOffset(140)] public uint DevMinor;
    }

    [LibraryImport(Lib, EntryPoint = "openat", SetLastError = true)]
    public static partial int OpenAt(int dirfd, byte* path, int flags, int mode);

    [LibraryImport(Lib, EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport(Lib, EntryPoint = "readv", SetLastError = true)]
    public static partial nint ReadV(int fd, IoVec* iov, int count);

    [LibraryImport(Lib, EntryPoint = "writev", SetLastError = true)]
    public static partial nint WriteV(int fd, IoVec* iov, int count);

    [LibraryImport(Lib, EntryPoint = "preadv", SetLastError = true)]
    public static partial nint PreadV(int fd, IoVec* iov, int count, long offset);

    [LibraryImport(Lib, EntryPoint = "pwritev", SetLastError = true)]
    public static partial nint PwriteV(int fd, IoVec* iov, int count, long offset);

    [LibraryImport(Lib, EntryPoint = "lseek", SetLastError = true)]
    public static partial long Lseek(int fd, long offset, int whence);

    [LibraryImport(Lib, EntryPoint = "fsync", SetLastError = true)]
    public static partial int Fsync(int fd);

    [LibraryImport(Lib, EntryPoint = "fdatasync", SetLastError = true)]
    public static partial int Fdatasync(int fd);

    /// <summary>Returns the error number itself rather than setting errno.</summary>
    [LibraryImport(Lib, EntryPoint = "posix_fadvise")]
    public static partial int Fadvise(int fd, long offset, long len, int advice);

    [LibraryImport(Lib, EntryPoint = "ftruncate", SetLastError = true)]
    public static partial int Ftruncate(int fd, long length);

    [LibraryImport(Lib, EntryPoint = "fcntl", SetLastError = true)]
    public static partial int Fcntl(int fd, int cmd, int arg);

    [LibraryImport(Lib, EntryPoint = "futimens", SetLastError = true)]
    public static partial int Futimens(int fd, Timespec* times);

    [LibraryImport(Lib, EntryPoint = "utimensat", SetLastError = true)]
    public static partial int UtimensAt(int dirfd, byte* path, Timespec* times, int flags);

    [LibraryImport(Lib, EntryPoint = "statx", SetLastError = true)]
    public static partial int StatxAt(int dirfd, byte* path, int flags, uint mask, Statx* buf);

    [LibraryImport(Lib, EntryPoint = "mkdirat", SetLastError = true)]
    public static partial int MkdirAt(int dirfd, byte* path, int mode);

    [LibraryImport(Lib, EntryPoint = "unlinkat", SetLastError = true)]
    public static partial int UnlinkAt(int dirfd, byte* path, int flags);

    [LibraryImport(Lib, EntryPoint = "renameat", SetLastError = true)]
    public static partial int RenameAt(int olddirfd, byte* oldpath, int newdirfd, byte* newpath);

    [LibraryImport(Lib, EntryPoint = "linkat", SetLastError = true)]
    public static partial int LinkAt(int olddirfd, byte* oldpath, int newdirfd, byte* newpath, int flags);

    [LibraryImport(Lib, EntryPoint = "symlinkat", SetLastError = true)]
    public static partial int SymlinkAt(byte* target, int newdirfd, byte* linkpath);

    [LibraryImport(Lib, EntryPoint = "readlinkat", SetLastError = true)]
    public static partial nint ReadlinkAt(int dirfd, byte* path, byte* buf, nuint size);

    [LibraryImport(Lib, EntryPoint = "getdents64", SetLastError = true)]
    public static partial nint Getdents64(int fd, byte* buf, nuint count);

    [LibraryImport(Lib, EntryPoint = "poll", SetLastError = true)]
    public static partial int Poll(PollFd* fds, nuint count, int timeoutMs);

    [LibraryImport(Lib, EntryPoint = "clock_gettime", SetLastError = true)]
    public static partial int ClockGettime(int clock, Timespec* ts);

    [LibraryImport(Lib, EntryPoint = "clock_getres", SetLastError = true)]
    public static partial int ClockGetres(int clock, Timespec* ts);

    /// <summary>The errno of the last call made through this class.</summary>
    public static int Errno => Marshal.GetLastPInvokeError();
}

internal static unsafe partial class Libc
{
    public const int MSG_PEEK = 2, MSG_WAITALL = 0x100, MSG_TRUNC = 0x20, MSG_NOSIGNAL = 0x4000;
    public const int SOCK_NONBLOCK = 0x800, SOCK_CLOEXEC = 0x80000;
    public const int SHUT_RD = 0, SHUT_WR = 1, SHUT_RDWR = 2;

    [StructLayout(LayoutKind.Sequential)]
    public struct MsgHdr
    {
        public void* Name;
        public uint NameLen;
        public IoVec* Iov;
        public nuint IovLen;
        public void* Control;
        public nuint ControlLen;
        public int Flags;
    }

    [LibraryImport(Lib, EntryPoint = "accept4", SetLastError = true)]
    public static partial int Accept4(int fd, void* addr, void* addrLen, int flags);

    [LibraryImport(Lib, EntryPoint = "recvmsg", SetLastError = true)]
    public static partial nint RecvMsg(int fd, MsgHdr* msg, int flags);

    [LibraryImport(Lib, EntryPoint = "sendmsg", SetLastError = true)]
    public static partial nint SendMsg(int fd, MsgHdr* msg, int flags);

    [LibraryImport(Lib, EntryPoint = "shutdown", SetLastError = true)]
    public static partial int Shutdown(int fd, int how);

    [LibraryImport(Lib, EntryPoint = "dup", SetLastError = true)]
    public static partial int Dup(int fd);

    [LibraryImport(Lib, EntryPoint = "ioctl", SetLastError = true)]
    public static partial int Ioctl(int fd, nuint request, int* arg);

    public const nuint FIONREAD = 0x541B;
}
