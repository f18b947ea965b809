using Wasm.Components.Bindings;
using Wasm.Wasi.Preview2.Bindings.Wasi.Io;
using Wasm.Wasi.Preview2.Io;
using HttpTypes = Wasm.Wasi.Preview2.Bindings.Wasi.Http.Types;

namespace Wasm.Wasi.Http;

/// <summary>
/// A bounded queue of body chunks between a guest thread and the host's I/O: the guest side never blocks in its
/// non-blocking stream methods, and the host side awaits. At most <see cref="Capacity"/> bytes are queued, so a
/// slow reader holds back the writer (backpressure) and a body is never buffered whole.
/// </summary>
public sealed class BodyPipe
{
    private readonly Queue<byte[]> _chunks = new();
    private readonly Lock _gate = new();
    private byte[]? _head;
    private int _headOffset;
    private long _queued;
    private bool _completed;
    private bool _discarding;
    private string? _failure;
    private HttpTypes.ErrorCode? _failureCode;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>A pipe holding at most <paramref name="capacity"/> bytes.</summary>
    public BodyPipe(int capacity = 1 << 20) => Capacity = capacity;

    /// <summary>The most bytes queued at once.</summary>
    public int Capacity { get; }

    /// <summary>Bytes the writer may add now.</summary>
    public long Room
    {
        get
        {
            lock (_gate) return _completed ? 0 : _discarding ? Capacity : Math.Max(0, Capacity - _queued);
        }
    }

    /// <summary>Whether the writer has finished (or failed).</summary>
    public bool IsCompleted
    {
        get
        {
            lock (_gate) return _completed;
        }
    }

    /// <summary>Adds a chunk (the pipe keeps the array).</summary>
    public void Write(byte[] chunk)
    {
        if (chunk.Length == 0) return;
        lock (_gate)
        {
            if (_completed) throw new InvalidOperationException("the body is already complete");
            if (_discarding) return;
            _chunks.Enqueue(chunk);
            _queued += chunk.Length;
            Signal();
        }
    }

    /// <summary>
    /// Ends the body; with <paramref name="failure"/>, the reader sees an error after the queued bytes, carrying
    /// <paramref name="code"/> as its <c>wasi:http</c> error code when there is one.
    /// </summary>
    public void Complete(string? failure = null, HttpTypes.ErrorCode? code = null)
    {
        lock (_gate)
        {
            if (_completed) return;
            _completed = true;
            _failure = failure;
            _failureCode = failure is null ? null : code;
            Signal();
        }
    }

    /// <summary>
    /// The reader wants no more bytes (it finished the body early to get its trailers): queued bytes are dropped and
    /// later writes are accepted and ignored, so the writer runs to the end without waiting for room.
    /// </summary>
    public void Discard()
    {
        lock (_gate)
        {
            _discarding = true;
            _chunks.Clear();
            _head = null;
            _queued = 0;
            Signal();
        }
    }

    /// <summary>Why the body failed, or null (still open, or complete).</summary>
    public string? Failure
    {
        get
        {
            lock (_gate) return _failure;
        }
    }

    /// <summary>The <c>wasi:http</c> error code of a failed body, if it has one.</summary>
    public HttpTypes.ErrorCode? FailureCode
    {
        get
        {
            lock (_gate) return _failureCode;
        }
    }

    /// <summary>Copies up to <paramref name="destination"/>.Length queued bytes; 0 when none are queued (see <see cref="IsDrained"/>).</summary>
    public int Read(Span<byte> destination)
    {
        lock (_gate)
        {
            int total = 0;
            while (total < destination.Length)
            {
                if (_head is null)
                {
                    if (!_chunks.TryDequeue(out _head)) break;
                    _headOffset = 0;
                }
                int n = Math.Min(destination.Length - total, _head.Length - _headOffset);
                _head.AsSpan(_headOffset, n).CopyTo(destination[total..]);
                total += n;
                _headOffset += n;
                if (_headOffset == _head.Length) _head = null;
            }
            _queued -= total;
            if (total > 0) Signal();
            return total;
        }
    }

    /// <summary>Bytes queued now.</summary>
    public long Available
    {
        get
        {
            lock (_gate) return _queued;
        }
    }

    /// <summary>True once the writer completed and every byte was read; <paramref name="failure"/> is its error, if any.</summary>
    public bool IsDrained(out string? failure)
    {
        lock (_gate)
        {
            failure = _failure;
            return _completed && _queued == 0;
        }
    }

    /// <summary>Completes when anything changes (bytes added or taken, completion).</summary>
    public Task Changed()
    {
        lock (_gate) return _changed.Task;
    }

    private void Signal()
    {
        var old = _changed;
        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        old.TrySetResult();
    }
}

/// <summary>Ready when a <see cref="BodyPipe"/> has bytes or has ended (reader side) or has room (writer side).</summary>
internal sealed class BodyPipePollable(BodyPipe pipe, bool reader) : Pollable
{
    public override bool IsReady() => reader
        ? pipe.Available > 0 || pipe.IsCompleted
        : pipe.Room > 0 || pipe.IsCompleted;

    /// <summary>A pipe has no descriptor: the poller checks again shortly.</summary>
    public override PollWait WaitOn() => PollWait.Retry;
}

/// <summary>The guest's <c>input-stream</c> over a body the host is receiving; <paramref name="dropped"/> runs when the guest drops it.</summary>
internal sealed class BodyInputStream(BodyPipe pipe, Action? dropped = null) : InputStream, IDisposable
{
    public void Dispose() => dropped?.Invoke();

    private const int MaxRead = 1 << 16;

    public override Result<byte[], Streams.StreamError> Read(ulong len)
    {
        if (len == 0) return Result.Ok<byte[], Streams.StreamError>(Nothing);
        long available = pipe.Available;
        if (available == 0)
        {
            if (!pipe.IsDrained(out var failure)) return Result.Ok<byte[], Streams.StreamError>(Nothing);
            return failure is null ? Closed() : Result.Err<byte[], Streams.StreamError>(IoError.Failed(failure, detail: pipe.FailureCode));
        }
        var buffer = new byte[(int)Math.Min(Math.Min(len, MaxRead), (ulong)available)];
        int n = pipe.Read(buffer);
        return Result.Ok<byte[], Streams.StreamError>(n == buffer.Length ? buffer : buffer.AsSpan(0, n).ToArray());
    }

    /// <summary>Waits on the pipe itself rather than polling, so a guest blocked on a body wakes at once.</summary>
    public override Result<byte[], Streams.StreamError> BlockingRead(ulong len)
    {
        while (true)
        {
            var changed = pipe.Changed();
            var result = Read(len);
            if (!result.IsOk || result.Value.Length > 0 || len == 0) return result;
            changed.Wait();
        }
    }

    public override Pollable Subscribe() => new BodyPipePollable(pipe, reader: true);
}

/// <summary>The guest's <c>output-stream</c> into a body the host is sending.</summary>
internal sealed class BodyOutputStream(BodyPipe pipe) : OutputStream
{
    public override Result<ulong, Streams.StreamError> CheckWrite()
    {
        if (pipe.IsCompleted) return Result.Err<ulong, Streams.StreamError>(Ended());
        return Result.Ok<ulong, Streams.StreamError>((ulong)pipe.Room);
    }

    public override Result<Unit, Streams.StreamError> Write(byte[] contents)
    {
        if (pipe.IsCompleted) return Result.Err<Unit, Streams.StreamError>(Ended());
        if ((ulong)contents.Length > (ulong)pipe.Room)
            return Result.Err<Unit, Streams.StreamError>(IoError.Failed("write exceeds the permitted size from check-write"));
        pipe.Write(contents);
        return Ok();
    }

    public override Pollable Subscribe() => new BodyPipePollable(pipe, reader: false);

    /// <summary>A body the reader gave up on (the connection failed) reports why, with its HTTP error code.</summary>
    private Streams.StreamError Ended() =>
        pipe.Failure is { } failure ? IoError.Failed(failure, detail: pipe.FailureCode) : new Streams.StreamError.Closed();
}
