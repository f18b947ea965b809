using System.Buffers;
using System.Text;
using Wasm.Wasi.Host;
using Wasm.Wasi.Preview1;

namespace Wasm.Wasi.Sandbox;

/// <summary>
/// Resolves guest paths one component at a time beneath a directory capability, the way cap-std does: every
/// intermediate directory is opened with <c>O_NOFOLLOW</c>, symlinks are read and spliced in by this code (never by
/// the kernel), and <c>..</c> only pops a directory this walk entered. A path that would leave the starting
/// directory — absolute, too many <c>..</c>, or a symlink to an absolute or escaping target — fails with
/// <c>EPERM</c>, as Wasmtime reports it.
/// </summary>
internal static unsafe class PathResolver
{
    /// <summary>Linux's own limit on symlinks in one resolution.</summary>
    private const int MaxSymlinks = 40;

    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    /// <summary>
    /// Resolves <paramref name="path"/> relative to <paramref name="dirFd"/>. With <paramref name="followFinal"/>
    /// a symlink in the last position is followed too; a trailing slash always follows it, as in POSIX.
    /// </summary>
    public static Errno Resolve(int dirFd, ReadOnlySpan<byte> path, bool followFinal, out ResolvedPath result)
    {
        result = default;
        if (path.IsEmpty) return Errno.NoEnt;
        if (path.IndexOf((byte)0) >= 0) return Errno.Ilseq;
        string text;
        try { text = StrictUtf8.GetString(path); }
        catch (DecoderFallbackException) { return Errno.Ilseq; }

        // Fast path: a plain name in the directory itself needs no walk.
        if (!followFinal && text.IndexOf('/') < 0 && text is not ("." or ".."))
        {
            result = new ResolvedPath(dirFd, false, Terminated(text, false), false);
            return Errno.Success;
        }
        if (text[0] == '/') return Errno.Perm;

        var pending = new List<string>();
        var trailingSlash = Push(pending, text);
        var opened = new List<int>();
        var links = 0;
        try
        {
            while (pending.Count > 0)
            {
                var component = pending[^1];
                pending.RemoveAt(pending.Count - 1);
                var last = pending.Count == 0;
                var cur = opened.Count > 0 ? opened[^1] : dirFd;

                if (component == ".")
                {
                    if (last) return Finish(dirFd, opened, ".", trailingSlash, out result);
                    continue;
                }
                if (component == "..")
                {
                    if (opened.Count == 0) return Errno.Perm;
                    Libc.Close(opened[^1]);
                    opened.RemoveAt(opened.Count - 1);
                    if (last) return Finish(dirFd, opened, ".", trailingSlash, out result);
                    continue;
                }

                if (!last || followFinal || trailingSlash)
                {
                    var errno = ReadLink(cur, component, out var target);
                    if (target is not null)
                    {
                        if (++links > MaxSymlinks) return Errno.Loop;
                        if (target.Length == 0) return Errno.NoEnt;
                        if (target[0] == '/') return Errno.Perm;
                        var slash = Push(pending, target);
                        if (last) trailingSlash |= slash;
                        continue;
                    }
                    if (errno == Errno.NoEnt)
                    {
                        if (last) return Finish(dirFd, opened, component, trailingSlash, out result);
                        return Errno.NoEnt;
                    }
                    if (errno != Errno.Inval) return errno; // EINVAL: exists and is not a symlink
                }
                if (last) return Finish(dirFd, opened, component, trailingSlash, out result);

                var name = Terminated(component, false);
                int fd;
                fixed (byte* p = name)
                    fd = Libc.OpenAt(cur, p, Libc.O_PATH | Libc.O_DIRECTORY | Libc.O_NOFOLLOW | Libc.O_CLOEXEC, 0);
                if (fd < 0) return HostErrors.Last();
                opened.Add(fd);
            }
            return Finish(dirFd, opened, ".", trailingSlash, out result);
        }
        finally
        {
            // Finish takes ownership of the innermost directory; anything left over is closed here.
            foreach (var fd in opened) Libc.Close(fd);
        }
    }

    private static Errno Finish(int dirFd, List<int> opened, string name, bool trailingSlash, out ResolvedPath result)
    {
        if (opened.Count == 0)
        {
            result = new ResolvedPath(dirFd, false, Terminated(name, trailingSlash), trailingSlash);
        }
        else
        {
            result = new ResolvedPath(opened[^1], true, Terminated(name, trailingSlash), trailingSlash);
            opened.RemoveAt(opened.Count - 1);
        }
        return Errno.Success;
    }

    /// <summary>Pushes the components of <paramref name="path"/> so that the first is popped next; returns whether
    /// it ends in a slash.</summary>
    private static bool Push(List<string> pending, string path)
    {
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        for (var i = parts.Length - 1; i >= 0; i--) pending.Add(parts[i]);
        if (parts.Length == 0) pending.Add(".");
        return path.Length > 1 && path[^1] == '/';
    }

    private static Errno ReadLink(int dirFd, string name, out string? target)
    {
        target = null;
        var nameBytes = Terminated(name, false);
        var buffer = ArrayPool<byte>.Shared.Rent(4096);
        try
        {
            nint n;
            fixed (byte* p = nameBytes)
            fixed (byte* b = buffer)
                n = Libc.ReadlinkAt(dirFd, p, b, (nuint)buffer.Length);
            if (n < 0) return HostErrors.Last();
            target = Encoding.UTF8.GetString(buffer, 0, (int)n);
            return Errno.Success;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>UTF-8 of <paramref name="name"/>, optionally with a slash, and a terminating NUL.</summary>
    internal static byte[] Terminated(string name, bool slash)
    {
        var n = Encoding.UTF8.GetByteCount(name);
        var bytes = new byte[n + (slash ? 2 : 1)];
        Encoding.UTF8.GetBytes(name, bytes);
        if (slash) bytes[n] = (byte)'/';
        return bytes;
    }
}
