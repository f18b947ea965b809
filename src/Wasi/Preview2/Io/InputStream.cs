using Wasm.Components.Bindings;
using Wasm.Wasi.Preview2.Bindings.Wasi.Io;

namespace Wasm.Wasi.Preview2.Io;

/// <summary>
/// A <c>wasi:io/streams.input-stream</c>. A source implements <see cref="Read"/> without blocking (an empty result
/// when nothing is available yet) and <see cref="Subscribe"/>; the blocking forms wait on the pollable and read
/// again. Streams over host descriptors (pipes, terminals, sockets) wait with <c>poll(2)</c>.
/// </summary>
public abstract class InputStream : IStreams.IInputStream
{
    /// <summary>Shared empty result.</summary>
    protected static readonly byte[] Nothing = [];

    /// <summary>Up to <paramref name="len"/> bytes available now; empty when none are (yet); <c>closed</c> at the end.</summary>
    public abstract Result<byte[], Streams.StreamError> Read(ulong len);

    /// <summary>A pollable that is ready when <see cref="Read"/> would return data, the end, or an error.</summary>
    public abstract Pollable Subscribe();

    /// <inheritdoc/>
    public virtual Result<byte[], Streams.StreamError> BlockingRead(ulong len)
    {
        while (true)
        {
            var result = Read(len);
            if (!result.IsOk || result.Value.Length > 0 || len == 0) return result;
            Poller.Block(Subscribe());
        }
    }

    /// <inheritdoc/>
    public virtual Result<ulong, Streams.StreamError> Skip(ulong len)
    {
        var result = Read(Math.Min(len, 1 << 16));
        return result.IsOk ? Result.Ok<ulong, Streams.StreamError>((ulong)result.Value.Length) : Result.Err<ulong, Streams.StreamError>(result.Error);
    }

    /// <inheritdoc/>
    public virtual Result<ulong, Streams.StreamError> BlockingSkip(ulong len)
    {
        var result = BlockingRead(Math.Min(len, 1 << 16));
        return result.IsOk ? Result.Ok<ulong, Streams.StreamError>((ulong)result.Value.Length) : Result.Err<ulong, Streams.StreamError>(result.Error);
    }

    IPoll.IPollable IStreams.IInputStream.Subscribe() => Subscribe();

    /// <summary>The <c>closed</c> error.</summary>
    protected static Result<byte[], Streams.StreamError> Closed() => Result.Err<byte[], Streams.StreamError>(new Streams.StreamError.Closed());
}
