using System.Text;
using Wasm.Wasi.Host;
using Wasm.Wasi.Preview1;
using Wasm.Wasi.Preview1.Fd;

namespace Wasm.Wasi;

/// <summary>
/// The WASI state of one guest instance: its file descriptors (stdio, then the preopened directories from fd 3)
/// and the memory its syscalls read and write. Create it with <see cref="Wasi.AddToLinker"/>, then
/// <see cref="Bind(Instance)"/> it to the instance (or let <see cref="RunCommand"/> do so).
/// </summary>
public sealed class WasiContext : IDisposable
{
    private readonly GuestMemory _memory = new();
    private readonly FdTable _fds = new();

    internal WasiContext(WasiConfig config)
    {
        if (!OperatingSystem.IsLinux())
            throw new PlatformNotSupportedException("WASI preview1 is implemented on Linux only so far");
        try
        {
            AddStdio(config);
            foreach (var (host, guest) in config.Preopens) AddPreopen(host, guest);
            foreach (var listener in config.PreopenedSockets) AddListener(listener);
        }
        catch
        {
            _fds.CloseAll();
            throw;
        }
        Host = new Preview1Host(_memory, _fds, config);
    }

    internal Preview1Host Host { get; }

    /// <summary>Points the syscalls at <paramref name="instance"/>'s exported <c>memory</c>.</summary>
    /// <exception cref="ArgumentException">The instance exports no memory named <c>memory</c>.</exception>
    public void Bind(Instance instance) =>
        _memory.Bind(instance.GetMemory("memory") ?? throw new ArgumentException("a WASI module must export its memory as \"memory\"", nameof(instance)));

    /// <summary>Points the syscalls at a memory.</summary>
    public void Bind(Memory memory) => _memory.Bind(memory);

    /// <summary>
    /// Runs a command module: binds the instance and calls its <c>_start</c>. Returns the exit code: 0 when
    /// <c>_start</c> returns, otherwise what the guest passed to <c>proc_exit</c>. Traps propagate.
    /// </summary>
    /// <exception cref="ArgumentException">The instance exports no <c>_start</c> function of type <c>[] -> []</c>.</exception>
    public int RunCommand(Instance instance)
    {
        Bind(instance);
        var start = instance.GetFunction("_start") ?? throw new ArgumentException("the module exports no _start function", nameof(instance));
        return Run(start.AsDelegate<Action>());
    }

    /// <summary>Calls <paramref name="entry"/>; returns 0, or the code the guest passed to <c>proc_exit</c>.</summary>
    public static int Run(Action entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        try
        {
            entry();
            return 0;
        }
        catch (WasiExitException e)
        {
            return e.ExitCode;
        }
    }

    /// <summary>Closes every descriptor the guest still has open (host streams stay open).</summary>
    public void Dispose() => _fds.CloseAll();

    private void AddStdio(WasiConfig config)
    {
        for (var fd = 0; fd < 3; fd++)
        {
            if (config.InheritStdio)
            {
                var dup = Libc.Dup(fd);
                if (dup >= 0)
                {
                    _fds.Insert(StdioFile(dup));
                    continue;
                }
            }
            var stream = fd switch { 0 => config.Stdin, 1 => config.Stdout, _ => config.Stderr };
            _fds.Insert(new StreamDescriptor(stream, readable: fd == 0) { Base = Rights.Stream });
        }
    }

    private static unsafe HostFile StdioFile(int fd)
    {
        Libc.Statx st;
        var type = FileType.Unknown;
        byte empty = 0;
        if (Libc.StatxAt(fd, &empty, Libc.AT_EMPTY_PATH, Libc.STATX_BASIC_STATS, &st) == 0) type = Filestat.TypeOf(st.Mode);
        var rights = type == FileType.RegularFile ? Rights.File : Rights.Stream;
        return new HostFile(fd, type) { Base = rights };
    }

    /// <summary>A duplicate of the host's listening socket, so closing it in the guest leaves the host's open.</summary>
    private void AddListener(System.Net.Sockets.Socket listener)
    {
        var fd = Libc.Dup((int)listener.SafeHandle.DangerousGetHandle());
        if (fd < 0) throw new IOException($"cannot hand the socket to the guest: {HostErrors.Last()}");
        _fds.Insert(new HostFile(fd, FileType.SocketStream)
        {
            Base = Rights.SockAccept | Rights.FdFdstatSetFlags | Rights.FdFilestatGet | Rights.PollFdReadwrite | Rights.SockShutdown,
        });
    }

    private unsafe void AddPreopen(string hostPath, string guestPath)
    {
        var path = Encoding.UTF8.GetBytes(Path.GetFullPath(hostPath) + "\0");
        int fd;
        fixed (byte* p = path)
            fd = Libc.OpenAt(Libc.AT_FDCWD, p, Libc.O_RDONLY | Libc.O_DIRECTORY | Libc.O_CLOEXEC, 0);
        if (fd < 0)
            throw new DirectoryNotFoundException($"cannot open directory '{hostPath}' to preopen: {HostErrors.Last()}");
        _fds.Insert(new HostDirectory(fd, Encoding.UTF8.GetBytes(guestPath)) { Base = Rights.Directory, Inheriting = Rights.All });
    }
}
