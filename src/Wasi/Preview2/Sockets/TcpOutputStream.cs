using Wasm.Components.Bindings;
using Wasm.Wasi.Host;
using Wasm.Wasi.Preview2.Bindings.Wasi.Io;
using Wasm.Wasi.Preview2.Io;

namespace Wasm.Wasi.Preview2.Sockets;

/// <summary>
/// The <c>output-stream</c> of a TCP connection. Unlike a pipe, whose writes may wait for room, a socket stream
/// never blocks the guest in <c>write</c>: bytes the kernel does not take at once stay in a host buffer, which a
/// background task pushes out as the socket becomes writable, and <c>check-write</c> grants nothing until it has
/// drained. A guest can thus write a request and wait for the reply on the input stream, or talk to itself over
/// loopback, without deadlocking. The stream owns <paramref name="fd"/> (a duplicate of the socket's non-blocking
/// descriptor).
/// </summary>
internal sealed unsafe class TcpOutputStream(int fd) : OutputStream, IDisposable
{
    private const int Budget = 64 * 1024;
    private const int BackgroundWaitMs = 50;
    private readonly object _gate = new();
    private byte[] _pending = [];
    private int _start, _end;
    private Streams.StreamError? _failure;
    private bool _closed, _disposed, _draining, _shutdownRequested;

    /// <inheritdoc/>
    public override Result<ulong, Streams.StreamError> CheckWrite()
    {
        lock (_gate)
        {
            if (TakeFailure() is { } failure) return Result.Err<ulong, Streams.StreamError>(failure);
            Drain();
            if (TakeFailure() is { } error) return Result.Err<ulong, Streams.StreamError>(error);
            return Result.Ok<ulong, Streams.StreamError>(_start == _end ? Budget : 0UL);
        }
    }

    /// <inheritdoc/>
    public override Result<Unit, Streams.StreamError> Write(byte[] contents)
    {
        lock (_gate)
        {
            if (TakeFailure() is { } failure) return Result.Err<Unit, Streams.StreamError>(failure);
            if (contents.Length == 0) return Ok();
            Append(contents);
            Drain();
            if (TakeFailure() is { } error) return Result.Err<Unit, Streams.StreamError>(error);
            if (_start != _end && !_draining)
            {
                _draining = true;
                Task.Run(DrainInBackground);
            }
            return Ok();
        }
    }

    private void Append(byte[] contents)
    {
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
    }

    /// <summary>The error to report, once; after it (or once dropped) the stream is closed.</summary>
    private Streams.StreamError? TakeFailure()
    {
        if (_failure is { } failure)
        {
            _failure = null;
            return failure;
        }
        return _closed || _disposed ? new Streams.StreamError.Closed() : null;
    }

    /// <summary>Sends buffered bytes until the kernel takes no more (caller holds the gate). A failure closes the stream.</summary>
    private void Drain()
    {
        if (_closed || _disposed) return;
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
                if (errno == 11) return;    // EAGAIN: the kernel's buffer is full
                _closed = true;
                _start = _end = 0;
                _failure = IoError.FromErrno(errno);
                return;
            }
        }
        _start = _end = 0;
        if (_shutdownRequested)
        {
            _shutdownRequested = false;
            Libc.Shutdown(fd, Libc.SHUT_WR);
        }
    }

    /// <summary>Pushes the buffer out while the guest does other things; ends when it is empty, failed or dropped.</summary>
    private void DrainInBackground()
    {
        while (true)
        {
            // A bounded wait: the descriptor may be closed meanwhile, which does not wake poll(2).
            var p = new Libc.PollFd { Fd = fd, Events = Libc.POLLOUT };
            Libc.Poll(&p, 1, BackgroundWaitMs);
            lock (_gate)
            {
                Drain();
                if (_start == _end || _closed || _disposed)
                {
                    _draining = false;
                    return;
                }
            }
        }
    }

    /// <summary>
    /// Ends the sending direction after the bytes written so far: at once when the buffer is empty, otherwise when it
    /// has drained (a shutdown now would discard them).
    /// </summary>
    /// <returns><c>false</c> when the stream is already dropped (its descriptor is gone), so the caller shuts the socket down itself.</returns>
    public bool ShutdownAfterPending()
    {
        lock (_gate)
        {
            if (_disposed) return false;
            _shutdownRequested = true;
            Drain();
            return true;
        }
    }

    /// <inheritdoc/>
    public override Pollable Subscribe() => new WritablePollable(this);

    /// <summary>Closes the descriptor; bytes the kernel has not taken by now are dropped with it.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            Drain();
            _disposed = true;
            Libc.Close(fd);
        }
    }

    /// <summary>Ready when the buffer has drained or the stream failed; waits for the socket to become writable.</summary>
    private sealed class WritablePollable(TcpOutputStream stream) : Pollable
    {
        public override bool IsReady()
        {
            lock (stream._gate)
            {
                stream.Drain();
                return stream._start == stream._end || stream._failure is not null || stream._closed || stream._disposed;
            }
        }

        public override PollWait WaitOn() => PollWait.Writable(stream.Fd);
    }

    private int Fd => fd;
}
