using Wasm.Components.Bindings;
using Wasm.Wasi.Host;
using Wasm.Wasi.Preview2.Bindings.Wasi.Io;

namespace Wasm.Wasi.Preview2.Io;

/// <summary>
/// Reads a host descriptor (a pipe, terminal, socket or file). <see cref="Read"/> never blocks: it reads only when
/// <c>poll(2)</c> reports the descriptor readable. With <paramref name="offset"/>, it reads a file at that position
/// (<c>pread</c>) and advances it. The stream owns <paramref name="fd"/> and closes it when the guest drops it.
/// </summary>
public sealed unsafe class HostInputStream(int fd, long offset = -1) : InputStream, IDisposable
{
    private const int MaxRead = 1 << 16;
    private long _offset = offset;
    private bool _closed;

    /// <summary>The host descriptor.</summary>
    public int Fd => fd;

    /// <inheritdoc/>
    public override Result<byte[], Streams.StreamError> Read(ulong len)
    {
        if (_closed) return Closed();
        if (len == 0) return Result.Ok<byte[], Streams.StreamError>(Nothing);
        if (_offset < 0 && !Poller.Check(fd, Libc.POLLIN)) return Result.Ok<byte[], Streams.StreamError>(Nothing);
        var buffer = new byte[(int)Math.Min(len, MaxRead)];
        nint n;
        fixed (byte* b = buffer)
        {
            var iov = new Libc.IoVec { Base = b, Len = (nuint)buffer.Length };
            n = _offset >= 0 ? Libc.PreadV(fd, &iov, 1, _offset) : Libc.ReadV(fd, &iov, 1);
        }
        if (n < 0)
        {
            var errno = Libc.Errno;
            // EAGAIN: a non-blocking descriptor raced with another reader; nothing to read after all.
            if (errno == 11) return Result.Ok<byte[], Streams.StreamError>(Nothing);
            _closed = true;
            return Result.Err<byte[], Streams.StreamError>(IoError.FromErrno(errno));
        }
        if (n == 0)
        {
            _closed = true;
            return Closed();
        }
        if (_offset >= 0) _offset += n;
        return Result.Ok<byte[], Streams.StreamError>(n == buffer.Length ? buffer : buffer.AsSpan(0, (int)n).ToArray());
    }

    /// <inheritdoc/>
    public override Pollable Subscribe() => _offset >= 0 ? new ReadyPollable() : new DescriptorPollable(fd, Libc.POLLIN);

    /// <summary>Closes the descriptor.</summary>
    public void Dispose() => Libc.Close(fd);
}

/// <summary>
/// Writes a host descriptor. <see cref="CheckWrite"/> permits bytes only when <c>poll(2)</c> reports it writable;
/// with <paramref name="offset"/> it writes a file at that position (<c>pwrite</c>), and a descriptor opened with
/// <c>O_APPEND</c> appends. The stream owns <paramref name="fd"/> and closes it when the guest drops it.
/// </summary>
public sealed unsafe class HostOutputStream(int fd, long offset = -1) : OutputStream, IDisposable
{
    private const ulong Budget = 1 << 20;
    private long _offset = offset;
    private bool _closed;

    /// <summary>The host descriptor.</summary>
    public int Fd => fd;

    /// <inheritdoc/>
    public override Result<ulong, Streams.StreamError> CheckWrite()
    {
        if (_closed) return Result.Err<ulong, Streams.StreamError>(new Streams.StreamError.Closed());
        return Result.Ok<ulong, Streams.StreamError>(_offset >= 0 || Poller.Check(fd, Libc.POLLOUT) ? Budget : 0);
    }

    /// <inheritdoc/>
    public override Result<Unit, Streams.StreamError> Write(byte[] contents)
    {
        if (_closed) return Closed();
        int done = 0;
        fixed (byte* b = contents)
        {
            while (done < contents.Length)
            {
                var iov = new Libc.IoVec { Base = b + done, Len = (nuint)(contents.Length - done) };
                nint n = _offset >= 0 ? Libc.PwriteV(fd, &iov, 1, _offset) : Libc.WriteV(fd, &iov, 1);
                if (n < 0)
                {
                    var errno = Libc.Errno;
                    if (errno == 4) continue; // EINTR
                    if (errno == 11)
                    {
                        // A non-blocking descriptor is full: the guest was permitted these bytes, so wait for room.
                        var p = new Libc.PollFd { Fd = fd, Events = Libc.POLLOUT };
                        Libc.Poll(&p, 1, -1);
                        continue;
                    }
                    // The failure is reported once; the stream is closed from then on.
                    _closed = true;
                    return Result.Err<Unit, Streams.StreamError>(IoError.FromErrno(errno));
                }
                done += (int)n;
                if (_offset >= 0) _offset += n;
            }
        }
        return Ok();
    }

    /// <inheritdoc/>
    public override Pollable Subscribe() => _offset >= 0 ? new ReadyPollable() : new DescriptorPollable(fd, Libc.POLLOUT);

    /// <summary>Closes the descriptor.</summary>
    public void Dispose() => Libc.Close(fd);
}

/// <summary>Reads a .NET <see cref="Stream"/> (captured stdin): always ready, as a .NET stream cannot report readiness; a <c>null</c> stream is at its end.</summary>
public sealed class DotnetInputStream(Stream? stream) : InputStream
{
    /// <inheritdoc/>
    public override Result<byte[], Streams.StreamError> Read(ulong len)
    {
        if (stream is null) return Closed();
        if (len == 0) return Result.Ok<byte[], Streams.StreamError>(Nothing);
        var buffer = new byte[(int)Math.Min(len, 1 << 16)];
        int n;
        try
        {
            n = stream.Read(buffer);
        }
        catch (IOException e)
        {
            return Result.Err<byte[], Streams.StreamError>(IoError.Failed(e.Message));
        }
        if (n == 0) return Closed();
        return Result.Ok<byte[], Streams.StreamError>(n == buffer.Length ? buffer : buffer.AsSpan(0, n).ToArray());
    }

    /// <inheritdoc/>
    public override Pollable Subscribe() => new ReadyPollable();
}

/// <summary>Writes a .NET <see cref="Stream"/> (captured stdout/stderr); a <c>null</c> stream discards.</summary>
public sealed class DotnetOutputStream(Stream? stream, object gate) : OutputStream
{
    /// <inheritdoc/>
    public override Result<ulong, Streams.StreamError> CheckWrite() => Result.Ok<ulong, Streams.StreamError>(1 << 20);

    /// <inheritdoc/>
    public override Result<Unit, Streams.StreamError> Write(byte[] contents)
    {
        if (stream is null) return Ok();
        try
        {
            lock (gate) stream.Write(contents);
            return Ok();
        }
        catch (IOException e)
        {
            return Result.Err<Unit, Streams.StreamError>(IoError.Failed(e.Message));
        }
    }

    /// <inheritdoc/>
    public override Result<Unit, Streams.StreamError> Flush()
    {
        try
        {
            lock (gate) stream?.Flush();
            return Ok();
        }
        catch (IOException e)
        {
            return Result.Err<Unit, Streams.StreamError>(IoError.Failed(e.Message));
        }
    }

    /// <inheritdoc/>
    public override Pollable Subscribe() => new ReadyPollable();
}
