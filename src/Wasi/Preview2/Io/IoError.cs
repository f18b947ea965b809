using Wasm.Wasi.Preview2.Bindings.Wasi.Filesystem;
using Wasm.Wasi.Preview2.Bindings.Wasi.Io;

namespace Wasm.Wasi.Preview2.Io;

/// <summary>
/// A <c>wasi:io/error.error</c>: why a stream operation failed. <see cref="FilesystemCode"/> is what
/// <c>wasi:filesystem/types.filesystem-error-code</c> reports for it; other interfaces (sockets) keep their own code
/// in <see cref="Detail"/>.
/// </summary>
public sealed class IoError(string message, Types.ErrorCode? filesystemCode = null, object? detail = null) : IError.IError_
{
    /// <summary>A human-readable description.</summary>
    public string Message { get; } = message;

    /// <summary>The filesystem error code, when the stream reads or writes a file.</summary>
    public Types.ErrorCode? FilesystemCode { get; } = filesystemCode;

    /// <summary>An interface-specific code (e.g. a socket error code), for that interface's own downcast.</summary>
    public object? Detail { get; } = detail;

    /// <inheritdoc/>
    public string ToDebugString() => Message;

    /// <summary>The <c>stream-error</c> for a failed operation.</summary>
    public static Streams.StreamError Failed(string message, Types.ErrorCode? code = null, object? detail = null) =>
        new Streams.StreamError.LastOperationFailed(new IoError(message, code, detail));

    /// <summary>The <c>stream-error</c> for a failed host call, from its errno.</summary>
    internal static Streams.StreamError FromErrno(int errno)
    {
        var wasi = Host.HostErrors.FromErrno(errno);
        return Failed($"{wasi} (host errno {errno})", Filesystem.ErrorCodes.From(wasi));
    }
}
