using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Wasm.Wasi.Host;

namespace Wasm.Wasi.Preview1.Fd;

/// <summary>The <c>filestat</c> struct and <c>fstflags</c> decoding.</summary>
internal static class Filestat
{
    /// <summary>The two timestamps of <c>futimens</c>/<c>utimensat</c>, access first.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct TimePair
    {
        public Libc.Timespec Access;
        public Libc.Timespec Modify;
    }

    public static FileType TypeOf(ushort mode) => (mode & Libc.S_IFMT) switch
    {
        Libc.S_IFDIR => FileType.Directory,
        Libc.S_IFREG => FileType.RegularFile,
        Libc.S_IFLNK => FileType.SymbolicLink,
        Libc.S_IFCHR => FileType.CharacterDevice,
        Libc.S_IFBLK => FileType.BlockDevice,
        Libc.S_IFSOCK => FileType.SocketStream,
        _ => FileType.Unknown,
    };

    /// <summary>glibc's <c>makedev</c>.</summary>
    private static ulong Device(uint major, uint minor) =>
        ((ulong)(major & 0xfffff000) << 32) | ((ulong)(major & 0xfff) << 8) | ((ulong)(minor & 0xffffff00) << 12) | (minor & 0xff);

    /// <summary>Writes the 64-byte <c>filestat</c>: dev, ino, filetype, nlink, size, atim, mtim, ctim.</summary>
    public static void Write(Span<byte> buf, in Libc.Statx st)
    {
        buf.Clear();
        BinaryPrimitives.WriteUInt64LittleEndian(buf, Device(st.DevMajor, st.DevMinor));
        BinaryPrimitives.WriteUInt64LittleEndian(buf.Slice(8), st.Ino);
        buf[16] = (byte)TypeOf(st.Mode);
        BinaryPrimitives.WriteUInt64LittleEndian(buf.Slice(24), st.Nlink);
        BinaryPrimitives.WriteUInt64LittleEndian(buf.Slice(32), st.Size);
        BinaryPrimitives.WriteInt64LittleEndian(buf.Slice(40), st.AtimeSec * 1_000_000_000 + st.AtimeNsec);
        BinaryPrimitives.WriteInt64LittleEndian(buf.Slice(48), st.MtimeSec * 1_000_000_000 + st.MtimeNsec);
        BinaryPrimitives.WriteInt64LittleEndian(buf.Slice(56), st.CtimeSec * 1_000_000_000 + st.CtimeNsec);
    }

    /// <summary>Decodes <c>fstflags</c>; setting a time and "now" for the same time is EINVAL.</summary>
    public static Errno Times(long atim, long mtim, int fstflags, out TimePair times)
    {
        times = default;
        if ((uint)fstflags > 0xf) return Errno.Inval;
        if ((fstflags & (Abi.FstAtim | Abi.FstAtimNow)) == (Abi.FstAtim | Abi.FstAtimNow)) return Errno.Inval;
        if ((fstflags & (Abi.FstMtim | Abi.FstMtimNow)) == (Abi.FstMtim | Abi.FstMtimNow)) return Errno.Inval;
        times.Access = One(atim, (fstflags & Abi.FstAtim) != 0, (fstflags & Abi.FstAtimNow) != 0);
        times.Modify = One(mtim, (fstflags & Abi.FstMtim) != 0, (fstflags & Abi.FstMtimNow) != 0);
        return Errno.Success;
    }

    private static Libc.Timespec One(long ns, bool set, bool now)
    {
        if (now) return new Libc.Timespec { Nsec = Libc.UTIME_NOW };
        if (!set) return new Libc.Timespec { Nsec = Libc.UTIME_OMIT };
        var u = (ulong)ns;
        return new Libc.Timespec { Sec = (long)(u / 1_000_000_000), Nsec = (long)(u % 1_000_000_000) };
    }
}
