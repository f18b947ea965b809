using Wasm.Wasi.Host;

namespace Wasm.Wasi.Preview1.Fd;

/// <summary>An open file descriptor of the guest: what it refers to, and what the guest may do with it.</summary>
internal abstract class Descriptor
{
    /// <summary>Rights checked by the operations on this descriptor.</summary>
    public Rights Base;

    /// <summary>The most a descriptor opened through this one (a directory) may get.</summary>
    public Rights Inheriting;

    /// <summary>The guest-visible <c>fdflags</c>.</summary>
    public ushort Flags;

    public abstract FileType Type { get; }

    /// <summary>Releases the host resource. Called once, when the last fd number for it is closed.</summary>
    public abstract void Close();
}

/// <summary>A host file descriptor that is not a directory: a regular file, device, FIFO or socket.</summary>
internal sealed class HostFile(int fd, FileType type) : Descriptor
{
    public readonly int Fd = fd;

    public override FileType Type { get; } = type;

    public override void Close() => Libc.Close(Fd);
}

/// <summary>A host directory: the capability that path operations start from.</summary>
internal sealed class HostDirectory(int fd, byte[]? preopenName) : Descriptor
{
    public readonly int Fd = fd;

    /// <summary>The guest's name for a preopened directory (<c>fd_prestat_dir_name</c>); null otherwise.</summary>
    public readonly byte[]? PreopenName = preopenName;

    /// <summary>The listing <c>fd_readdir</c> pages through; refreshed whenever the guest starts over at cookie 0.</summary>
    public List<DirEntry>? Listing;

    public override FileType Type => FileType.Directory;

    public override void Close() => Libc.Close(Fd);
}

/// <summary>One directory entry as <c>fd_readdir</c> returns it.</summary>
internal readonly record struct DirEntry(ulong Inode, FileType Type, byte[] Name);

/// <summary>A host-supplied stream (stdio): reads and writes go straight to it, nothing else applies.</summary>
internal sealed class StreamDescriptor(Stream? stream, bool readable) : Descriptor
{
    public readonly Stream? Stream = stream;
    public readonly bool Readable = readable;

    // wasi-libc's isatty() tests for a character device without seek/tell rights.
    public override FileType Type => FileType.CharacterDevice;

    public override void Close()
    {
        // The host owns the stream; closing the guest's fd only forgets it.
    }
}
