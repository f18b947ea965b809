using Wasm.Wasi.Host;

namespace Wasm.Wasi.Sandbox;

/// <summary>
/// Where a guest path leads: a host directory inside the sandbox and one last component to hand to an
/// <c>*at</c> call. The component is never <c>..</c> and, unless the caller asked not to follow it, never a
/// symlink, so the kernel resolves nothing on the guest's behalf.
/// </summary>
internal readonly struct ResolvedPath : IDisposable
{
    private readonly bool _ownsDir;

    public ResolvedPath(int dirFd, bool ownsDir, byte[] name, bool trailingSlash)
    {
        DirFd = dirFd;
        _ownsDir = ownsDir;
        Name = name;
        TrailingSlash = trailingSlash;
    }

    /// <summary>The directory <see cref="Name"/> is relative to.</summary>
    public int DirFd { get; }

    /// <summary>The last component as NUL-terminated UTF-8 (<c>.</c> for the directory itself); ends in <c>/</c>
    /// when the guest's path did, so the kernel insists on a directory.</summary>
    public byte[] Name { get; }

    /// <summary>The guest's path ended in a slash.</summary>
    public bool TrailingSlash { get; }

    /// <summary>The last component names the directory itself (<c>.</c>).</summary>
    public bool IsSelf => Name[0] == (byte)'.' && (Name[1] == 0 || (Name[1] == (byte)'/' && Name[2] == 0));

    public void Dispose()
    {
        if (_ownsDir) Libc.Close(DirFd);
    }
}
