using System.Text;
using Wasm.Wasi.Preview1.Fd;

namespace Wasm.Wasi.Preview1;

/// <summary>
/// The <c>wasi_snapshot_preview1</c> functions of one guest. Each is a typed delegate over its core signature
/// (so calls do not box), reads and writes guest memory through <see cref="GuestMemory"/>, and returns an errno:
/// no exception reaches the guest except <see cref="WasiExitException"/> from <c>proc_exit</c>.
/// The syscalls live in partial files by area (Fd/, Path/, Clocks/, Poll/, Sockets/, Process).
/// </summary>
internal sealed partial class Preview1Host
{
    public const string ModuleName = "wasi_snapshot_preview1";

    private readonly GuestMemory _memory;
    private readonly FdTable _fds;
    private readonly byte[][] _args;
    private readonly byte[][] _env;

    public Preview1Host(GuestMemory memory, FdTable fds, WasiConfig config)
    {
        _memory = memory;
        _fds = fds;
        _args = Encode(config.Args);
        var env = new List<string>(config.Env.Count);
        foreach (var (name, value) in config.Env) env.Add(name + "=" + value);
        _env = Encode(env);
    }

    private static byte[][] Encode(IEnumerable<string> strings)
    {
        var result = new List<byte[]>();
        foreach (var s in strings)
        {
            var bytes = new byte[Encoding.UTF8.GetByteCount(s) + 1];
            Encoding.UTF8.GetBytes(s, bytes);
            result.Add(bytes);
        }
        return result.ToArray();
    }

    /// <summary>Maps an exception from host code to the errno the guest sees.</summary>
    private static int ErrnoOf(Exception e) => (int)(e switch
    {
        GuestFaultException => Errno.Fault,
        UnauthorizedAccessException => Errno.Acces,
        ObjectDisposedException => Errno.Badf,
        NotSupportedException => Errno.NotSup,
        PathTooLongException => Errno.NameTooLong,
        FileNotFoundException or DirectoryNotFoundException => Errno.NoEnt,
        _ => Errno.Io,
    });

    /// <summary>Host failures that become an errno; anything else (a bug, or the guest's exit) propagates.</summary>
    private static bool IsGuestError(Exception e) =>
        e is GuestFaultException or IOException or UnauthorizedAccessException or ObjectDisposedException or NotSupportedException;

    public void Define(Linker linker)
    {
        const string m = ModuleName;
        linker.DefineFunction(m, "args_get", (Func<int, int, int>)ArgsGet);
        linker.DefineFunction(m, "args_sizes_get", (Func<int, int, int>)ArgsSizesGet);
        linker.DefineFunction(m, "environ_get", (Func<int, int, int>)EnvironGet);
        linker.DefineFunction(m, "environ_sizes_get", (Func<int, int, int>)EnvironSizesGet);
        linker.DefineFunction(m, "clock_res_get", (Func<int, int, int>)ClockResGet);
        linker.DefineFunction(m, "clock_time_get", (Func<int, long, int, int>)ClockTimeGet);
        linker.DefineFunction(m, "fd_advise", (Func<int, long, long, int, int>)FdAdvise);
        linker.DefineFunction(m, "fd_allocate", (Func<int, long, long, int>)FdAllocate);
        linker.DefineFunction(m, "fd_close", (Func<int, int>)FdClose);
        linker.DefineFunction(m, "fd_datasync", (Func<int, int>)FdDatasync);
        linker.DefineFunction(m, "fd_fdstat_get", (Func<int, int, int>)FdFdstatGet);
        linker.DefineFunction(m, "fd_fdstat_set_flags", (Func<int, int, int>)FdFdstatSetFlags);
        linker.DefineFunction(m, "fd_fdstat_set_rights", (Func<int, long, long, int>)FdFdstatSetRights);
        linker.DefineFunction(m, "fd_filestat_get", (Func<int, int, int>)FdFilestatGet);
        linker.DefineFunction(m, "fd_filestat_set_size", (Func<int, long, int>)FdFilestatSetSize);
        linker.DefineFunction(m, "fd_filestat_set_times", (Func<int, long, long, int, int>)FdFilestatSetTimes);
        linker.DefineFunction(m, "fd_pread", (Func<int, int, int, long, int, int>)FdPread);
        linker.DefineFunction(m, "fd_prestat_get", (Func<int, int, int>)FdPrestatGet);
        linker.DefineFunction(m, "fd_prestat_dir_name", (Func<int, int, int, int>)FdPrestatDirName);
        linker.DefineFunction(m, "fd_pwrite", (Func<int, int, int, long, int, int>)FdPwrite);
        linker.DefineFunction(m, "fd_read", (Func<int, int, int, int, int>)FdRead);
        linker.DefineFunction(m, "fd_readdir", (Func<int, int, int, long, int, int>)FdReaddir);
        linker.DefineFunction(m, "fd_renumber", (Func<int, int, int>)FdRenumber);
        linker.DefineFunction(m, "fd_seek", (Func<int, long, int, int, int>)FdSeek);
        linker.DefineFunction(m, "fd_sync", (Func<int, int>)FdSync);
        linker.DefineFunction(m, "fd_tell", (Func<int, int, int>)FdTell);
        linker.DefineFunction(m, "fd_write", (Func<int, int, int, int, int>)FdWrite);
        linker.DefineFunction(m, "path_create_directory", (Func<int, int, int, int>)PathCreateDirectory);
        linker.DefineFunction(m, "path_filestat_get", (Func<int, int, int, int, int, int>)PathFilestatGet);
        linker.DefineFunction(m, "path_filestat_set_times", (Func<int, int, int, int, long, long, int, int>)PathFilestatSetTimes);
        linker.DefineFunction(m, "path_link", (Func<int, int, int, int, int, int, int, int>)PathLink);
        linker.DefineFunction(m, "path_open", (Func<int, int, int, int, int, long, long, int, int, int>)PathOpen);
        linker.DefineFunction(m, "path_readlink", (Func<int, int, int, int, int, int, int>)PathReadlink);
        linker.DefineFunction(m, "path_remove_directory", (Func<int, int, int, int>)PathRemoveDirectory);
        linker.DefineFunction(m, "path_rename", (Func<int, int, int, int, int, int, int>)PathRename);
        linker.DefineFunction(m, "path_symlink", (Func<int, int, int, int, int, int>)PathSymlink);
        linker.DefineFunction(m, "path_unlink_file", (Func<int, int, int, int>)PathUnlinkFile);
        linker.DefineFunction(m, "poll_oneoff", (Func<int, int, int, int, int>)PollOneoff);
        linker.DefineFunction(m, "proc_exit", (Action<int>)ProcExit);
        linker.DefineFunction(m, "proc_raise", (Func<int, int>)ProcRaise);
        linker.DefineFunction(m, "sched_yield", (Func<int>)SchedYield);
        linker.DefineFunction(m, "random_get", (Func<int, int, int>)RandomGet);
        linker.DefineFunction(m, "sock_accept", (Func<int, int, int, int>)SockAccept);
        linker.DefineFunction(m, "sock_recv", (Func<int, int, int, int, int, int, int>)SockRecv);
        linker.DefineFunction(m, "sock_send", (Func<int, int, int, int, int, int>)SockSend);
        linker.DefineFunction(m, "sock_shutdown", (Func<int, int, int>)SockShutdown);
    }
}
