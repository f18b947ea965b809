using Wasm.Components.Bindings;
using Wasm.Wasi.Preview2.Bindings.Wasi.Io;

namespace Wasm.Wasi.Preview2.Io;

/// <summary>
/// A <c>wasi:io/streams.output-stream</c>. A sink implements <see cref="CheckWrite"/> (how many bytes it accepts now,
/// 0 when it is busy), <see cref="Write"/>, <see cref="Flush"/> and <see cref="Subscribe"/> (ready when
/// <see cref="CheckWrite"/> would be nonzero, or on an error); the blocking forms, write-zeroes and splice are built
/// on those.
/// </summary>
public abstract class OutputStream : IStreams.IOutputStream
{
    /// <summary>The bytes the sink accepts now: 0 while busy, <c>closed</c> or an error when it is done.</summary>
    public abstract Result<ulong, Streams.StreamError> CheckWrite();

    /// <summary>Writes bytes that <see cref="CheckWrite"/> permitted.</summary>
    public abstract Result<Unit, Streams.StreamError> Write(byte[] contents);

    /// <summary>Starts flushing what was written; the default has nothing buffered.</summary>
    public virtual Result<Unit, Streams.StreamError> Flush() => Ok();

    /// <summary>A pollable that is ready when the sink accepts bytes or has failed.</summary>
    public abstract Pollable Subscribe();

    /// <inheritdoc/>
    public virtual Result<Unit, Streams.StreamError> BlockingWriteAndFlush(byte[] contents)
    {
        if (contents.Length > 4096) return Result.Err<Unit, Streams.StreamError>(IoError.Failed("blocking-write-and-flush takes at most 4096 bytes"));
        int offset = 0;
        while (offset < contents.Length)
        {
            var permitted = CheckWrite();
            if (permitted.IsErr) return Result.Err<Unit, Streams.StreamError>(permitted.Error);
            if (permitted.Value == 0)
            {
                Poller.Block(Subscribe());
                continue;
            }
            int n = (int)Math.Min(permitted.Value, (ulong)(contents.Length - offset));
            var written = Write(offset == 0 && n == contents.Length ? contents : contents.AsSpan(offset, n).ToArray());
            if (written.IsErr) return written;
            offset += n;
        }
        return BlockingFlush();
    }

    /// <inheritdoc/>
    public virtual Result<Unit, Streams.StreamError> BlockingFlush()
    {
        var flushed = Flush();
        if (flushed.IsErr) return flushed;
        while (true)
        {
            var permitted = CheckWrite();
            if (permitted.IsErr) return Result.Err<Unit, Streams.StreamError>(permitted.Error);
            if (permitted.Value > 0) return Ok();
            Poller.Block(Subscribe());
        }
    }

    /// <inheritdoc/>
    public virtual Result<Unit, Streams.StreamError> WriteZeroes(ulong len) => Write(new byte[checked((int)Math.Min(len, int.MaxValue))]);

    /// <inheritdoc/>
    public virtual Result<Unit, Streams.StreamError> BlockingWriteZeroesAndFlush(ulong len)
    {
        if (len > 4096) return Result.Err<Unit, Streams.StreamError>(IoError.Failed("blocking-write-zeroes-and-flush takes at most 4096 bytes"));
        return BlockingWriteAndFlush(new byte[len]);
    }

    /// <inheritdoc/>
    public virtual Result<ulong, Streams.StreamError> Splice(IStreams.IInputStream src, ulong len)
    {
        var permitted = CheckWrite();
        if (permitted.IsErr) return Result.Err<ulong, Streams.StreamError>(permitted.Error);
        var read = src.Read(Math.Min(len, permitted.Value));
        if (read.IsErr) return Result.Err<ulong, Streams.StreamError>(read.Error);
        if (read.Value.Length == 0) return Result.Ok<ulong, Streams.StreamError>(0);
        var written = Write(read.Value);
        return written.IsErr ? Result.Err<ulong, Streams.StreamError>(written.Error) : Result.Ok<ulong, Streams.StreamError>((ulong)read.Value.Length);
    }

    /// <inheritdoc/>
    public virtual Result<ulong, Streams.StreamError> BlockingSplice(IStreams.IInputStream src, ulong len)
    {
        var read = src.BlockingRead(Math.Min(len, 4096));
        if (read.IsErr) return Result.Err<ulong, Streams.StreamError>(read.Error);
        var written = BlockingWriteAndFlush(read.Value);
        return written.IsErr ? Result.Err<ulong, Streams.StreamError>(written.Error) : Result.Ok<ulong, Streams.StreamError>((ulong)read.Value.Length);
    }

    IPoll.IPollable IStreams.IOutputStream.Subscribe() => Subscribe();

    /// <summary>The unit success.</summary>
    protected static Result<Unit, Streams.StreamError> Ok() => Result.Ok<Unit, Streams.StreamError>(default);

    /// <summary>The <c>closed</c> error.</summary>
    protected static Result<Unit, Streams.StreamError> Closed() => Result.Err<Unit, Streams.StreamError>(new Streams.StreamError.Closed());
}
