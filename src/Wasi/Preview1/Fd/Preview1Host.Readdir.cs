using System.Buffers.Binary;
using Wasm.Wasi.Host;
using Wasm.Wasi.Preview1.Fd;

namespace Wasm.Wasi.Preview1;

// fd_readdir. The cookie is an index into a listing taken when the guest starts at cookie 0, with "." and ".."
// first as Wasmtime lists them.
internal sealed unsafe partial class Preview1Host
{
    private int FdReaddir(int fd, int bufPtr, int bufLen, long cookie, int bufusedPtr)
    {
        try
        {
            var d = _fds.Get(fd);
            if (d is null) return (int)Errno.Badf;
            if (d is not HostDirectory dir) return (int)Errno.NotDir;
            if ((d.Base & Rights.FdReaddir) == 0) return (int)Errno.NotCapable;
            if (cookie == 0 || dir.Listing is null)
            {
                var errno = List(dir.Fd, out var listing);
                if (errno != Errno.Success) return (int)errno;
                dir.Listing = listing;
            }
            var buf = _memory.Bytes(bufPtr, bufLen);
            var used = 0;
            Span<byte> header = stackalloc byte[Abi.DirentSize];
            for (var i = cookie < 0 ? int.MaxValue : (long)Math.Min(cookie, int.MaxValue); i < dir.Listing.Count && used < buf.Length; i++)
            {
                var entry = dir.Listing[(int)i];
                header.Clear();
                BinaryPrimitives.WriteUInt64LittleEndian(header, (ulong)(i + 1));
                BinaryPrimitives.WriteUInt64LittleEndian(header.Slice(8), entry.Inode);
                BinaryPrimitives.WriteUInt32LittleEndian(header.Slice(16), (uint)entry.Name.Length);
                header[20] = (byte)entry.Type;
                used += CopyTruncated(header, buf.Slice(used));
                used += CopyTruncated(entry.Name, buf.Slice(used));
            }
            _memory.WriteI32(bufusedPtr, used);
            return 0;
        }
        catch (Exception e) when (IsGuestError(e)) { return ErrnoOf(e); }
    }

    /// <summary>Copies what fits; a full buffer tells the guest to ask again with a bigger one.</summary>
    private static int CopyTruncated(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        var n = Math.Min(source.Length, destination.Length);
        source.Slice(0, n).CopyTo(destination);
        return n;
    }

    private static Errno List(int dirFd, out List<DirEntry> listing)
    {
        listing = new List<DirEntry>();
        var rest = new List<DirEntry>();
        if (Libc.Lseek(dirFd, 0, Libc.SEEK_SET) < 0) return HostErrors.Last();
        var buffer = new byte[32 * 1024];
        fixed (byte* b = buffer)
        {
            while (true)
            {
                var n = Libc.Getdents64(dirFd, b, (nuint)buffer.Length);
                if (n < 0) return HostErrors.Last();
                if (n == 0) break;
                for (var off = 0; off < n;)
                {
                    // struct linux_dirent64: ino u64, off s64, reclen u16, type u8, name (NUL-terminated)
                    var ino = BinaryPrimitives.ReadUInt64LittleEndian(buffer.AsSpan(off));
                    var reclen = BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(off + 16));
                    var type = buffer[off + 18];
                    var nameSpan = buffer.AsSpan(off + 19, reclen - 19);
                    var name = nameSpan.Slice(0, nameSpan.IndexOf((byte)0)).ToArray();
                    var entry = new DirEntry(ino, TypeOfDirent(type), name);
                    if (name is [(byte)'.']) listing.Insert(0, entry);
                    else if (name is [(byte)'.', (byte)'.']) listing.Add(entry);
                    else rest.Add(entry);
                    off += reclen;
                }
            }
        }
        listing.AddRange(rest);
        return Errno.Success;
    }

    private static FileType TypeOfDirent(byte type) => type switch
    {
        2 => FileType.CharacterDevice,
        4 => FileType.Directory,
        6 => FileType.BlockDevice,
        8 => FileType.RegularFile,
        10 => FileType.SymbolicLink,
        12 => FileType.SocketStream,
        _ => FileType.Unknown,
    };
}
