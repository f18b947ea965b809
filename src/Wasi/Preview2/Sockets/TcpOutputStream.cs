using Wasm.Components.Bindings;
using Wasm.Wasi.Host;
using Wasm.Wasi.Preview2.Bindings.Wasi.Io;
using Wasm.Wasi.Preview2.Io;

namespace Wasm.Wasi.Preview2.Sockets;

/// <summary>
/// The <c>output-stream</c> of a TCP connection. Unlike a pipe, whose writes may wait for room, a socket stream
/// never blocks the guest in <c>write</c>: bytes the kernel does not take at once stay in a host buffer, and
/// <c>check-write</c> grants nothing until that buffer has drained (each call pushes more of it out). A guest that
/// talks to itself over loopback, writing on one end before reading on the other, therefore cannot deadlock.
/// The stream owns <paramref name="fd"/> (a duplicate of the socket's non-blocking descriptor).
/// </summary>
internal sealed unsafe class TcpOutputStream(int fd) : OutputStream, IDisposable
{
    private const int Budget = 64 * 1024;
    private byte[] _pending = [];
    private int _start, _end;
    private bool _closed;

    private bool Drained => _start == _end;

    /// <inheritdoc/>
    public override Result<ulong, Streams.StreamError> CheckWrite()
    {
        if (_closed) return Result.Err<ulong, Streams.StreamError>(new Streams.StreamError.Closed());
        if (Drain() is { } error) return Result.Err<ulong, Streams.StreamError>(error);
        return Result.Ok<ulong, Streams.StreamError>(Drained ? Budget : 0UL);
    }

    /// <inheritdoc/>
    public override Result<Unit, Streams.StreamError> Write(byte[] contents)
    {
        if (_closed) return Closed();
        if (contents.Length == 0) return Ok();
        if (_pending.Length - _end < contents.Length)
        {
            // Compact, and grow when the unsent bytes and the new ones do not fit.
            int unsent = _end - _start;
            var target = _pending.Length >= unsent + contents.Length ? _pending : new byte[Math.Max(Budget, unsent + contents.Length)];
            Buffer.BlockCopy(_pending, _start, target, 0, unsent);
            _pending = target;
            _start = 0;
            _end = unsent;
        }
        Buffer.BlockCopy(contents, 0, _pending, _end, contents.Length);
        _end += contents.Length;
        return Drain() is { } error ? Result.Err<Unit, Streams.StreamError>(error) : Ok();
    }

    /// <summary>Sends buffered bytes until the kernel takes no more; the error that closes the stream, if one does.</summary>
    private Streams.StreamError? Drain()
    {
        fixed (byte* p = _pending)
        {
            while (_start < _end)
            {
                var iov = new Libc.IoVec { Base = p + _start, Len = (nuint)(_end - _start) };
                nint n = Libc.WriteV(fd, &iov, 1);
                if (n >= 0)
                {
                    _start += (int)n;
                    continue;
                }
                var errno = Libc.Errno;
                if (errno == 4) continue;   // EINTR
                if (errno == 11) break;     // EAGAIN: the kernel's buffer is full
                _closed = true;
                _start = _end = 0;
                return IoError.FromErrno(errno);
            }
        }
        if (_start == _end) _start = _end = 0;
        return null;
    }

    /// <inheritdoc/>
    public override Pollable Subscribe() => new WritablePollable(this);

    /// <summary>Closes the descriptor; bytes the kernel has not taken by now are dropped with it.</summary>
    public void Dispose()
    {
        Drain();
        Libc.Close(fd);
    }

    /// <summary>Ready when the buffer is empty or the socket can take more of it (or the stream failed).</summary>
    private sealed class WritablePollable(TcpOutputStream stream) : Pollable
    {
        public override bool IsReady() => stream._closed || stream.Drained || Poller.Check(fd: stream.Fd, Libc.POLLOUT);

        public override PollWait WaitOn() => stream._closed || stream.Drained ? PollWait.Until(0) : PollWait.Writable(stream.Fd);
    }

    private int Fd => fd;
}
