using Wasm.Components.Bindings;
using Wasm.Wasi.Preview2.Bindings.Wasi.Http;
using Wasm.Wasi.Preview2.Bindings.Wasi.Io;
using Wasm.Wasi.Preview2.Io;
using HttpTypes = Wasm.Wasi.Preview2.Bindings.Wasi.Http.Types;

namespace Wasm.Wasi.Http;

/// <summary>
/// A request the host received, as the guest sees it (<c>incoming-request</c>); <paramref name="trailers"/> completes
/// with the request's trailers once its body has been received (none when null).
/// </summary>
public sealed class IncomingRequest(HttpTypes.Method method, string? pathWithQuery, HttpTypes.Scheme? scheme, string? authority, Fields headers, BodyPipe body,
    Task<Result<Fields?, HttpTypes.ErrorCode>>? trailers = null)
    : ITypes.IIncomingRequest
{
    private bool _consumed;

    /// <inheritdoc/>
    public HttpTypes.Method Method() => method;

    /// <inheritdoc/>
    public string? PathWithQuery() => pathWithQuery;

    /// <inheritdoc/>
    public HttpTypes.Scheme? Scheme() => scheme;

    /// <inheritdoc/>
    public string? Authority() => authority;

    /// <summary>The immutable headers; every call returns a child view the guest drops on its own.</summary>
    public ITypes.IFields Headers() => headers;

    /// <summary>The body, once.</summary>
    public Result<ITypes.IIncomingBody, Unit> Consume()
    {
        if (_consumed) return Result.Err<ITypes.IIncomingBody, Unit>(default);
        _consumed = true;
        return Result.Ok<ITypes.IIncomingBody, Unit>(new IncomingBody(body, trailers));
    }

    /// <summary>The method of an HTTP method name.</summary>
    public static HttpTypes.Method ParseMethod(string name) => name switch
    {
        "GET" => new HttpTypes.Method.Get(),
        "HEAD" => new HttpTypes.Method.Head(),
        "POST" => new HttpTypes.Method.Post(),
        "PUT" => new HttpTypes.Method.Put(),
        "DELETE" => new HttpTypes.Method.Delete(),
        "CONNECT" => new HttpTypes.Method.Connect(),
        "OPTIONS" => new HttpTypes.Method.Options(),
        "TRACE" => new HttpTypes.Method.Trace(),
        "PATCH" => new HttpTypes.Method.Patch(),
        _ => new HttpTypes.Method.Other(name),
    };

    /// <summary>The HTTP method name of a method.</summary>
    public static string MethodName(HttpTypes.Method method) => method switch
    {
        HttpTypes.Method.Get => "GET",
        HttpTypes.Method.Head => "HEAD",
        HttpTypes.Method.Post => "POST",
        HttpTypes.Method.Put => "PUT",
        HttpTypes.Method.Delete => "DELETE",
        HttpTypes.Method.Connect => "CONNECT",
        HttpTypes.Method.Options => "OPTIONS",
        HttpTypes.Method.Trace => "TRACE",
        HttpTypes.Method.Patch => "PATCH",
        HttpTypes.Method.Other other => other.Value,
        _ => throw new ArgumentOutOfRangeException(nameof(method)),
    };
}

/// <summary>
/// A body being received (<c>incoming-body</c>): its stream once, then <c>finish</c> for the trailers. A body the
/// guest drops without finishing (once its stream is dropped too) is abandoned: <paramref name="abandon"/> lets the
/// host stop receiving it.
/// </summary>
public sealed class IncomingBody(BodyPipe pipe, Task<Result<Fields?, HttpTypes.ErrorCode>>? trailers = null, Action? abandon = null)
    : ITypes.IIncomingBody, IDisposable
{
    private static readonly Task<Result<Fields?, HttpTypes.ErrorCode>> NoTrailers = Task.FromResult(Result.Ok<Fields?, HttpTypes.ErrorCode>(null));
    private readonly Lock _gate = new();
    private bool _streamTaken, _streamDropped, _bodyDropped, _finished;

    /// <inheritdoc/>
    public Result<IStreams.IInputStream, Unit> Stream()
    {
        if (_streamTaken) return Result.Err<IStreams.IInputStream, Unit>(default);
        _streamTaken = true;
        return Result.Ok<IStreams.IInputStream, Unit>(new BodyInputStream(pipe, StreamDropped));
    }

    /// <summary>
    /// <c>incoming-body.finish</c>: bytes the guest did not read are skipped, and the trailers arrive once the sender
    /// has sent the whole body.
    /// </summary>
    public FutureTrailers Finish()
    {
        _finished = true;
        pipe.Discard();
        return new FutureTrailers(trailers ?? NoTrailers);
    }

    /// <summary>A drop without <c>finish</c>.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _bodyDropped = true;
            if (_finished || (_streamTaken && !_streamDropped)) return;
        }
        abandon?.Invoke();
    }

    private void StreamDropped()
    {
        lock (_gate)
        {
            _streamDropped = true;
            if (!_bodyDropped || _finished) return;
        }
        abandon?.Invoke();
    }
}

/// <summary>Trailers of a received body (<c>future-trailers</c>): ready once the whole body has arrived.</summary>
public sealed class FutureTrailers(Task<Result<Fields?, HttpTypes.ErrorCode>> trailers) : ITypes.IFutureTrailers
{
    private bool _taken;

    /// <summary>Trailers known already (or none).</summary>
    public FutureTrailers(Fields? trailers) : this(Task.FromResult(Result.Ok<Fields?, HttpTypes.ErrorCode>(trailers)))
    {
    }

    /// <inheritdoc/>
    public IPoll.IPollable Subscribe() => new TaskPollable(trailers);

    /// <summary><c>none</c> until the body ended; then <c>some(ok(...))</c> the first time and <c>some(err)</c> afterwards.</summary>
    public Result<Result<ITypes.IFields?, HttpTypes.ErrorCode>, Unit>? Get()
    {
        if (!trailers.IsCompleted) return null;
        if (_taken) return Result.Err<Result<ITypes.IFields?, HttpTypes.ErrorCode>, Unit>(default);
        _taken = true;
        var result = trailers.Result;
        return Result.Ok<Result<ITypes.IFields?, HttpTypes.ErrorCode>, Unit>(result.IsOk
            ? Result.Ok<ITypes.IFields?, HttpTypes.ErrorCode>(result.Value)
            : Result.Err<ITypes.IFields?, HttpTypes.ErrorCode>(result.Error));
    }
}

/// <summary>Ready once a task has completed (a response or trailers that arrive on the host's I/O threads).</summary>
internal sealed class TaskPollable(Task task) : Pollable
{
    public override bool IsReady() => task.IsCompleted;

    /// <summary>A task has no descriptor: the poller checks again shortly.</summary>
    public override PollWait WaitOn() => PollWait.Retry;
}

/// <summary>A response the guest builds (<c>outgoing-response</c>); the host reads it once it is set on the outparam.</summary>
public sealed class OutgoingResponse(Fields headers) : ITypes.IOutgoingResponse
{
    private ushort _status = 200;
    private OutgoingBody? _body;

    /// <summary>The headers (immutable once the response was created).</summary>
    public Fields HeaderFields => headers;

    /// <summary>The body the guest writes; created on the guest's first <c>body()</c>, or by the host if the guest never asks.</summary>
    public OutgoingBody BodyForHost => _body ??= new OutgoingBody(trailersSupported: true);

    /// <inheritdoc/>
    public ushort StatusCode() => _status;

    /// <summary>Accepts 100–599.</summary>
    public Result<Unit, Unit> SetStatusCode(ushort statusCode)
    {
        if (statusCode is < 100 or > 599) return Result.Err<Unit, Unit>(default);
        _status = statusCode;
        return Result.Ok<Unit, Unit>(default);
    }

    /// <inheritdoc/>
    public ITypes.IFields Headers() => headers;

    /// <summary>The body, once.</summary>
    public Result<ITypes.IOutgoingBody, Unit> Body()
    {
        if (_body is not null) return Result.Err<ITypes.IOutgoingBody, Unit>(default);
        _body = new OutgoingBody(trailersSupported: true);
        return Result.Ok<ITypes.IOutgoingBody, Unit>(_body);
    }
}

/// <summary>
/// A body the guest writes (<c>outgoing-body</c>): one output stream into a <see cref="BodyPipe"/>, completed by
/// <c>outgoing-body.finish</c> with optional trailers. Dropped without <c>finish</c>, the body is incomplete and the
/// host fails it.
/// </summary>
public sealed class OutgoingBody(bool trailersSupported) : ITypes.IOutgoingBody, IDisposable
{
    private bool _streamTaken;

    /// <summary>The trailers the guest passed to <c>finish</c>; read them once <see cref="Pipe"/> is drained.</summary>
    public Fields? Trailers { get; private set; }

    /// <summary>The bytes the guest wrote, for the host to send.</summary>
    public BodyPipe Pipe { get; } = new();

    /// <summary>Whether the guest called <c>finish</c>.</summary>
    public bool Finished { get; private set; }

    /// <inheritdoc/>
    public Result<IStreams.IOutputStream, Unit> Write()
    {
        if (_streamTaken) return Result.Err<IStreams.IOutputStream, Unit>(default);
        _streamTaken = true;
        return Result.Ok<IStreams.IOutputStream, Unit>(new BodyOutputStream(Pipe));
    }

    /// <summary>Completes the body normally.</summary>
    public void Finish() => Finish(null);

    /// <summary>
    /// <c>outgoing-body.finish</c>: completes the body with <paramref name="trailers"/>. Where the host cannot send
    /// trailers (an outgoing request: HttpClient has no way to send request trailers), a body with any fails,
    /// rather than losing them silently.
    /// </summary>
    public Result<Unit, HttpTypes.ErrorCode> Finish(Fields? trailers)
    {
        if (trailers is { All.Count: > 0 } && !trailersSupported)
        {
            var code = new HttpTypes.ErrorCode.InternalError("this host cannot send trailers with an outgoing request");
            Pipe.Complete("the request body had trailers, which this host cannot send", code);
            return Result.Err<Unit, HttpTypes.ErrorCode>(code);
        }
        trailers?.Freeze();
        Trailers = trailers;
        Finished = true;
        Pipe.Complete();
        return Result.Ok<Unit, HttpTypes.ErrorCode>(default);
    }

    /// <summary>A drop without <c>finish</c> leaves the body incomplete.</summary>
    public void Dispose()
    {
        if (!Finished) Pipe.Complete("the guest dropped the outgoing-body without finishing it");
    }
}

/// <summary>Where the guest puts its response (<c>response-outparam</c>); the host awaits <see cref="Response"/>.</summary>
public sealed class ResponseOutparam : ITypes.IResponseOutparam, IDisposable
{
    private readonly TaskCompletionSource<Result<OutgoingResponse, HttpTypes.ErrorCode>> _response = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes with what the guest set; canceled if the guest dropped the outparam without setting it.</summary>
    public Task<Result<OutgoingResponse, HttpTypes.ErrorCode>> Response => _response.Task;

    internal void Set(Result<OutgoingResponse, HttpTypes.ErrorCode> response)
    {
        if (!_response.TrySetResult(response))
            throw new TrapException(TrapCode.CanonicalAbi, "response-outparam.set called twice");
    }

    /// <summary>Marks the outparam as never set, so the host stops waiting.</summary>
    public void Dispose() => _response.TrySetCanceled();
}

/// <summary>Timeouts for an outgoing request (<c>request-options</c>), in nanoseconds.</summary>
public sealed class RequestOptions : ITypes.IRequestOptions
{
    private ulong? _connect, _firstByte, _betweenBytes;

    /// <inheritdoc/>
    public ulong? ConnectTimeout() => _connect;

    /// <inheritdoc/>
    public Result<Unit, Unit> SetConnectTimeout(ulong? duration) => Store(ref _connect, duration);

    /// <inheritdoc/>
    public ulong? FirstByteTimeout() => _firstByte;

    /// <inheritdoc/>
    public Result<Unit, Unit> SetFirstByteTimeout(ulong? duration) => Store(ref _firstByte, duration);

    /// <inheritdoc/>
    public ulong? BetweenBytesTimeout() => _betweenBytes;

    /// <inheritdoc/>
    public Result<Unit, Unit> SetBetweenBytesTimeout(ulong? duration) => Store(ref _betweenBytes, duration);

    private static Result<Unit, Unit> Store(ref ulong? field, ulong? value)
    {
        field = value;
        return Result.Ok<Unit, Unit>(default);
    }
}

/// <summary>A request the guest builds for <c>wasi:http/outgoing-handler</c> (<c>outgoing-request</c>).</summary>
public sealed class OutgoingRequest(Fields headers) : ITypes.IOutgoingRequest
{
    private HttpTypes.Method _method = new HttpTypes.Method.Get();
    private string? _pathWithQuery;
    private HttpTypes.Scheme? _scheme;
    private string? _authority;
    private OutgoingBody? _body;

    /// <summary>The headers (immutable once the request was created).</summary>
    public Fields HeaderFields => headers;

    /// <summary>The body, if the guest asked for one.</summary>
    public OutgoingBody? BodyForHost => _body;

    /// <summary>The body, once.</summary>
    public Result<ITypes.IOutgoingBody, Unit> Body()
    {
        if (_body is not null) return Result.Err<ITypes.IOutgoingBody, Unit>(default);
        _body = new OutgoingBody(trailersSupported: false);
        return Result.Ok<ITypes.IOutgoingBody, Unit>(_body);
    }

    /// <inheritdoc/>
    public HttpTypes.Method Method() => _method;

    /// <summary>Rejects a method name that is not a token.</summary>
    public Result<Unit, Unit> SetMethod(HttpTypes.Method method)
    {
        if (method is HttpTypes.Method.Other { Value: var name } && Fields.Check(name, []) is HttpTypes.HeaderError.InvalidSyntax)
            return Result.Err<Unit, Unit>(default);
        _method = method;
        return Result.Ok<Unit, Unit>(default);
    }

    /// <inheritdoc/>
    public string? PathWithQuery() => _pathWithQuery;

    /// <inheritdoc/>
    public Result<Unit, Unit> SetPathWithQuery(string? pathWithQuery)
    {
        if (pathWithQuery is not null && (pathWithQuery.Contains(' ') || pathWithQuery.Contains('\n'))) return Result.Err<Unit, Unit>(default);
        _pathWithQuery = pathWithQuery;
        return Result.Ok<Unit, Unit>(default);
    }

    /// <inheritdoc/>
    public HttpTypes.Scheme? Scheme() => _scheme;

    /// <inheritdoc/>
    public Result<Unit, Unit> SetScheme(HttpTypes.Scheme? scheme)
    {
        _scheme = scheme;
        return Result.Ok<Unit, Unit>(default);
    }

    /// <inheritdoc/>
    public string? Authority() => _authority;

    /// <inheritdoc/>
    public Result<Unit, Unit> SetAuthority(string? authority)
    {
        if (authority is not null && (authority.Contains('/') || authority.Contains(' '))) return Result.Err<Unit, Unit>(default);
        _authority = authority;
        return Result.Ok<Unit, Unit>(default);
    }

    /// <inheritdoc/>
    public ITypes.IFields Headers() => headers;
}
