using Wasm.Wasi.Preview1;
using Wasm.Wasi.Preview2.Bindings.Wasi.Filesystem;

namespace Wasm.Wasi.Preview2.Filesystem;

/// <summary>WASI errno (as the sandbox and host errors report it) → <c>wasi:filesystem/types.error-code</c>.</summary>
internal static class ErrorCodes
{
    public static Types.ErrorCode From(Errno errno) => errno switch
    {
        Errno.Acces => Types.ErrorCode.Access,
        Errno.Again => Types.ErrorCode.WouldBlock,
        Errno.Already => Types.ErrorCode.Already,
        Errno.Badf => Types.ErrorCode.BadDescriptor,
        Errno.Busy => Types.ErrorCode.Busy,
        Errno.Deadlk => Types.ErrorCode.Deadlock,
        Errno.Dquot => Types.ErrorCode.Quota,
        Errno.Exist => Types.ErrorCode.Exist,
        Errno.Fbig => Types.ErrorCode.FileTooLarge,
        Errno.Ilseq => Types.ErrorCode.IllegalByteSequence,
        Errno.InProgress => Types.ErrorCode.InProgress,
        Errno.Intr => Types.ErrorCode.Interrupted,
        Errno.Inval => Types.ErrorCode.Invalid,
        Errno.Io => Types.ErrorCode.Io,
        Errno.IsDir => Types.ErrorCode.IsDirectory,
        Errno.Loop => Types.ErrorCode.Loop,
        Errno.Mlink => Types.ErrorCode.TooManyLinks,
        Errno.MsgSize => Types.ErrorCode.MessageSize,
        Errno.NameTooLong => Types.ErrorCode.NameTooLong,
        Errno.NoDev => Types.ErrorCode.NoDevice,
        Errno.NoEnt => Types.ErrorCode.NoEntry,
        Errno.NoLck => Types.ErrorCode.NoLock,
        Errno.NoMem => Types.ErrorCode.InsufficientMemory,
        Errno.NoSpc => Types.ErrorCode.InsufficientSpace,
        Errno.NotDir => Types.ErrorCode.NotDirectory,
        Errno.NotEmpty => Types.ErrorCode.NotEmpty,
        Errno.NotRecoverable => Types.ErrorCode.NotRecoverable,
        Errno.NotSup or Errno.NoSys => Types.ErrorCode.Unsupported,
        Errno.NoTty => Types.ErrorCode.NoTty,
        Errno.Nxio => Types.ErrorCode.NoSuchDevice,
        Errno.Overflow => Types.ErrorCode.Overflow,
        Errno.Perm or Errno.NotCapable => Types.ErrorCode.NotPermitted,
        Errno.Pipe => Types.ErrorCode.Pipe,
        Errno.Rofs => Types.ErrorCode.ReadOnly,
        Errno.Spipe => Types.ErrorCode.InvalidSeek,
        Errno.TxtBsy => Types.ErrorCode.TextFileBusy,
        Errno.Xdev => Types.ErrorCode.CrossDevice,
        _ => Types.ErrorCode.Io,
    };
}
