using Wasm.Wasi.Preview1;

namespace Wasm.Wasi.Host;

/// <summary>Linux errno → WASI errno.</summary>
internal static class HostErrors
{
    /// <summary>The WASI errno for the errno of the last libc call.</summary>
    public static Errno Last() => FromErrno(Libc.Errno);

    public static Errno FromErrno(int errno) => errno switch
    {
        1 => Errno.Perm,
        2 => Errno.NoEnt,
        3 => Errno.Srch,
        4 => Errno.Intr,
        5 => Errno.Io,
        6 => Errno.Nxio,
        7 => Errno.TooBig,
        8 => Errno.NoExec,
        9 => Errno.Badf,
        10 => Errno.Child,
        11 => Errno.Again,
        12 => Errno.NoMem,
        13 => Errno.Acces,
        14 => Errno.Fault,
        16 => Errno.Busy,
        17 => Errno.Exist,
        18 => Errno.Xdev,
        19 => Errno.NoDev,
        20 => Errno.NotDir,
        21 => Errno.IsDir,
        22 => Errno.Inval,
        23 => Errno.Nfile,
        24 => Errno.Mfile,
        25 => Errno.NoTty,
        26 => Errno.TxtBsy,
        27 => Errno.Fbig,
        28 => Errno.NoSpc,
        29 => Errno.Spipe,
        30 => Errno.Rofs,
        31 => Errno.Mlink,
        32 => Errno.Pipe,
        33 => Errno.Dom,
        34 => Errno.Range,
        35 => Errno.Deadlk,
        36 => Errno.NameTooLong,
        37 => Errno.NoLck,
        38 => Errno.NoSys,
        39 => Errno.NotEmpty,
        40 => Errno.Loop,
        61 => Errno.NoEnt, // ENODATA
        75 => Errno.Overflow,
        84 => Errno.Ilseq,
        88 => Errno.NotSock,
        95 => Errno.NotSup,
        98 => Errno.AddrInUse,
        99 => Errno.AddrNotAvail,
        104 => Errno.ConnReset,
        107 => Errno.NotConn,
        110 => Errno.TimedOut,
        111 => Errno.ConnRefused,
        122 => Errno.Dquot,
        _ => Errno.Io,
    };
}
