using System.Runtime.InteropServices;

namespace Wasm.Wasi.Preview2.Sockets;

/// <summary>The libc calls that .NET's <see cref="System.Net.Sockets.Socket"/> does not offer.</summary>
internal static unsafe partial class SocketCalls
{
    public const int EfdNonblock = 0x800, EfdCloexec = 0x80000;

    /// <summary><c>eventfd(2)</c>: a descriptor another thread makes readable, for readiness that has no descriptor of its own.</summary>
    [LibraryImport("libc", EntryPoint = "eventfd", SetLastError = true)]
    public static partial int EventFd(uint initial, int flags);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    public static partial nint Write(int fd, void* buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "connect", SetLastError = true)]
    private static partial int Connect(int fd, void* address, uint length);

    /// <summary>Dissolves a UDP socket's association with a remote address (<c>connect</c> to <c>AF_UNSPEC</c>).</summary>
    public static int Disconnect(int fd)
    {
        var unspecified = stackalloc byte[16];
        new Span<byte>(unspecified, 16).Clear();
        return Connect(fd, unspecified, 16);
    }
}
