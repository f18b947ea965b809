using System.Net;
using System.Net.Http;
using System.Text;
using Wasm.Components.Bindings;
using Wasm.Wasi.Preview2.Bindings.Wasi.Http;
using Wasm.Wasi.Preview2.Bindings.Wasi.Io;
using HttpTypes = Wasm.Wasi.Preview2.Bindings.Wasi.Http.Types;

namespace Wasm.Wasi.Http;

/// <summary>
/// <c>wasi:http/outgoing-handler</c> over <see cref="HttpMessageInvoker"/>: a request to a destination the
/// configuration does not allow fails with <c>HTTP-request-denied</c> before anything is resolved or sent. An
/// allowed one is sent at once; the request body streams from the guest's output stream as it writes, and the
/// response body streams into the guest's input stream through a bounded <see cref="BodyPipe"/>. Disposing the
/// handler (when the instance ends) cancels whatever is still in flight.
/// </summary>
internal sealed class OutgoingHandler(WasiHttpConfig config) : IOutgoingHandler, IDisposable
{
    private const int ChunkSize = 1 << 16;
    private readonly CancellationTokenSource _instanceEnded = new();

    public Result<ITypes.IFutureIncomingResponse, HttpTypes.ErrorCode> Handle(ITypes.IOutgoingRequest request, ITypes.IRequestOptions? options)
    {
        var outgoing = (OutgoingRequest)request;
        var target = Target(outgoing, out var error);
        if (target is null) return Fail(outgoing, error!);

        HttpMethod method;
        try
        {
            method = new HttpMethod(IncomingRequest.MethodName(outgoing.Method()));
        }
        catch (FormatException)
        {
            return Fail(outgoing, new HttpTypes.ErrorCode.HttpRequestMethodInvalid());
        }
        var message = new HttpRequestMessage(method, target)
        {
            Version = HttpVersion.Version11,
            // HTTP/2 where TLS negotiates it; HTTP/1.1 otherwise.
            VersionPolicy = HttpVersionPolicy.RequestVersionOrHigher,
        };
        List<(string, string)>? contentHeaders = null;
        foreach (var (name, value) in outgoing.HeaderFields.All)
        {
            var text = Encoding.Latin1.GetString(value);
            if (!message.Headers.TryAddWithoutValidation(name, text)) (contentHeaders ??= []).Add((name, text));
        }
        var body = outgoing.BodyForHost;
        // A body the guest already finished empty (the usual GET) is sent as no body at all rather than as an empty
        // chunked one, which some servers refuse on a GET.
        bool finishedEmpty = body is not null && body.Pipe.IsDrained(out var failed) && failed is null;
        if (finishedEmpty && contentHeaders is null && (method == HttpMethod.Get || method == HttpMethod.Head))
        {
            body = null;
        }
        else if (body is not null || contentHeaders is not null)
        {
            message.Content = body is null || finishedEmpty ? new ByteArrayContent([]) : new PipeContent(body.Pipe);
            if (contentHeaders is not null)
                foreach (var (name, text) in contentHeaders)
                    if (!message.Content.Headers.TryAddWithoutValidation(name, text))
                        return Fail(outgoing, new HttpTypes.ErrorCode.HttpRequestHeaderSize(new HttpTypes.FieldSizePayload(name, (uint)text.Length)));
        }

        var rules = (RequestOptions?)options;
        var connect = Duration(rules?.ConnectTimeout(), config.ConnectTimeout);
        var firstByte = Duration(rules?.FirstByteTimeout(), config.FirstByteTimeout);
        var betweenBytes = Duration(rules?.BetweenBytesTimeout(), config.BetweenBytesTimeout);
        message.Options.Set(OutgoingClient.ConnectTimeoutKey, connect);

        var cancel = CancellationTokenSource.CreateLinkedTokenSource(_instanceEnded.Token);
        var response = Send(message, body, firstByte, betweenBytes, cancel);
        return Result.Ok<ITypes.IFutureIncomingResponse, HttpTypes.ErrorCode>(new FutureIncomingResponse(response, cancel));
    }

    /// <summary>The absolute URI of the request if it is well formed and allowed; otherwise the error code.</summary>
    private Uri? Target(OutgoingRequest request, out HttpTypes.ErrorCode? error)
    {
        error = null;
        // Without a scheme the request goes over TLS, as in Wasmtime.
        string? scheme = request.Scheme() switch
        {
            null or HttpTypes.Scheme.Https => "https",
            HttpTypes.Scheme.Http => "http",
            _ => null,
        };
        if (scheme is null)
        {
            error = new HttpTypes.ErrorCode.HttpProtocolError();
            return null;
        }
        if (request.Authority() is not { Length: > 0 } authority
            || !Uri.TryCreate(scheme + "://" + authority + "/", UriKind.Absolute, out var origin)
            || origin.UserInfo.Length > 0)
        {
            error = new HttpTypes.ErrorCode.HttpRequestUriInvalid();
            return null;
        }
        var host = origin.IdnHost;
        if (!config.IsAllowed(scheme, host, origin.Port))
        {
            error = new HttpTypes.ErrorCode.HttpRequestDenied();
            return null;
        }
        var path = request.PathWithQuery() ?? "/";
        if (!path.StartsWith('/')) path = "/" + path;
        // Built as text and checked again, so a path such as //other.host cannot change the destination.
        if (!Uri.TryCreate(origin.GetLeftPart(UriPartial.Authority) + path, UriKind.Absolute, out var target)
            || target.IdnHost != host || target.Port != origin.Port)
        {
            error = new HttpTypes.ErrorCode.HttpRequestUriInvalid();
            return null;
        }
        return target;
    }

    private static Result<ITypes.IFutureIncomingResponse, HttpTypes.ErrorCode> Fail(OutgoingRequest request, HttpTypes.ErrorCode error)
    {
        // A guest still writing the body learns that it goes nowhere.
        request.BodyForHost?.Pipe.Complete("the request was not sent", error);
        return Result.Err<ITypes.IFutureIncomingResponse, HttpTypes.ErrorCode>(error);
    }

    private async Task<Result<IncomingResponse, HttpTypes.ErrorCode>> Send(
        HttpRequestMessage message, OutgoingBody? body, TimeSpan firstByte, TimeSpan betweenBytes, CancellationTokenSource cancel)
    {
        HttpResponseMessage response;
        // The response head is due within the first-byte timeout, not counting the time spent opening a connection
        // for it (which the connect timeout bounds, failing with its own code inside the connect callback).
        using (var head = CancellationTokenSource.CreateLinkedTokenSource(cancel.Token))
        {
            var clock = new FirstByteClock(head, firstByte);
            message.Options.Set(OutgoingClient.FirstByteClockKey, clock);
            clock.Start();
            try
            {
                response = await config.Client.SendAsync(message, head.Token).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                var code = e is OperationCanceledException && !cancel.IsCancellationRequested
                    ? new HttpTypes.ErrorCode.HttpResponseTimeout()
                    : ErrorCodes.From(e);
                body?.Pipe.Complete("the request failed: " + e.Message, code);
                return Result.Err<IncomingResponse, HttpTypes.ErrorCode>(code);
            }
        }

        var headers = new List<(string, byte[])>();
        AddHeaders(headers, response.Headers);
        AddHeaders(headers, response.Content.Headers);
        var pipe = new BodyPipe();
        var trailers = new TaskCompletionSource<Result<Fields?, HttpTypes.ErrorCode>>(TaskCreationOptions.RunContinuationsAsynchronously);
        _ = PumpResponseBody(response, pipe, trailers, betweenBytes, cancel.Token);
        return Result.Ok<IncomingResponse, HttpTypes.ErrorCode>(
            new IncomingResponse((ushort)response.StatusCode, Fields.Immutable(headers), pipe, trailers.Task, cancel.Cancel));
    }

    /// <summary>
    /// Copies the response body into the guest's pipe as room frees up, then its trailers. A read that gets nothing
    /// for the between-bytes timeout fails the body with <c>connection-read-timeout</c>.
    /// </summary>
    private static async Task PumpResponseBody(HttpResponseMessage response, BodyPipe pipe, TaskCompletionSource<Result<Fields?, HttpTypes.ErrorCode>> trailers,
        TimeSpan betweenBytes, CancellationToken abandoned)
    {
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(abandoned);
        try
        {
            using (response)
            {
                var stream = await response.Content.ReadAsStreamAsync(abandoned).ConfigureAwait(false);
                while (true)
                {
                    // The signal is taken before the room is checked, so a guest draining the pipe in between is seen.
                    while (true)
                    {
                        var changed = pipe.Changed();
                        if (pipe.Room > 0 || pipe.IsCompleted) break;
                        await changed.WaitAsync(abandoned).ConfigureAwait(false);
                    }
                    if (pipe.IsCompleted) break;
                    var chunk = new byte[(int)Math.Min(pipe.Room, ChunkSize)];
                    idle.CancelAfter(betweenBytes);
                    int n = await stream.ReadAsync(chunk, idle.Token).ConfigureAwait(false);
                    idle.CancelAfter(Timeout.InfiniteTimeSpan);
                    if (n == 0)
                    {
                        trailers.TrySetResult(Result.Ok<Fields?, HttpTypes.ErrorCode>(TrailersOf(response)));
                        pipe.Complete();
                        return;
                    }
                    pipe.Write(n == chunk.Length ? chunk : chunk.AsSpan(0, n).ToArray());
                }
            }
            // The pipe was completed from the other side: nobody reads the rest.
            trailers.TrySetResult(Result.Err<Fields?, HttpTypes.ErrorCode>(new HttpTypes.ErrorCode.InternalError("the response body was abandoned")));
        }
        catch (Exception e)
        {
            HttpTypes.ErrorCode code;
            string reason;
            if (e is OperationCanceledException && !abandoned.IsCancellationRequested)
            {
                code = new HttpTypes.ErrorCode.ConnectionReadTimeout();
                reason = $"no response bytes arrived for {betweenBytes.TotalMilliseconds} ms (between-bytes-timeout)";
            }
            else if (abandoned.IsCancellationRequested)
            {
                code = new HttpTypes.ErrorCode.InternalError("the response body was abandoned");
                reason = "the response body was abandoned";
            }
            else
            {
                code = ErrorCodes.From(e);
                reason = "reading the response body failed: " + e.Message;
            }
            trailers.TrySetResult(Result.Err<Fields?, HttpTypes.ErrorCode>(code));
            pipe.Complete(reason, code);
        }
    }

    private static Fields? TrailersOf(HttpResponseMessage response)
    {
        var entries = new List<(string, byte[])>();
        AddHeaders(entries, response.TrailingHeaders);
        return entries.Count == 0 ? null : Fields.Immutable(entries);
    }

    /// <summary>The fields of a response head or trailer section, without the connection's hop-by-hop headers.</summary>
    private static void AddHeaders(List<(string, byte[])> into, System.Net.Http.Headers.HttpHeaders headers)
    {
        foreach (var (name, values) in headers.NonValidated)
        {
            if (Fields.IsForbiddenName(name)) continue;
            foreach (var value in values)
                into.Add((name, Encoding.Latin1.GetBytes(value)));
        }
    }

    /// <summary>A guest's duration in nanoseconds, or the configured default; at most what a timer can wait.</summary>
    private static TimeSpan Duration(ulong? nanoseconds, TimeSpan fallback)
    {
        if (nanoseconds is not { } ns) return fallback;
        return TimeSpan.FromTicks((long)Math.Min(ns / 100, (ulong)MaxTimer.Ticks));
    }

    private static readonly TimeSpan MaxTimer = TimeSpan.FromMilliseconds(int.MaxValue - 1);

    public void Dispose()
    {
        _instanceEnded.Cancel();
        _instanceEnded.Dispose();
    }
}

/// <summary>A response on its way (<c>future-incoming-response</c>); ready once the response head arrived or the request failed.</summary>
internal sealed class FutureIncomingResponse(Task<Result<IncomingResponse, HttpTypes.ErrorCode>> response, CancellationTokenSource cancel)
    : ITypes.IFutureIncomingResponse, IDisposable
{
    private bool _taken;

    public IPoll.IPollable Subscribe() => new TaskPollable(response);

    /// <summary><c>none</c> while waiting; then <c>some(ok(...))</c> once and <c>some(err)</c> afterwards.</summary>
    public Result<Result<ITypes.IIncomingResponse, HttpTypes.ErrorCode>, Unit>? Get()
    {
        if (!response.IsCompleted) return null;
        if (_taken) return Result.Err<Result<ITypes.IIncomingResponse, HttpTypes.ErrorCode>, Unit>(default);
        _taken = true;
        var result = response.Result;
        return Result.Ok<Result<ITypes.IIncomingResponse, HttpTypes.ErrorCode>, Unit>(result.IsOk
            ? Result.Ok<ITypes.IIncomingResponse, HttpTypes.ErrorCode>(result.Value)
            : Result.Err<ITypes.IIncomingResponse, HttpTypes.ErrorCode>(result.Error));
    }

    /// <summary>A future dropped before its response was taken cancels the request (or releases the response).</summary>
    public void Dispose()
    {
        if (!_taken) cancel.Cancel();
    }
}

/// <summary>A response the guest received (<c>incoming-response</c>).</summary>
internal sealed class IncomingResponse(ushort status, Fields headers, BodyPipe body, Task<Result<Fields?, HttpTypes.ErrorCode>> trailers, Action abandon)
    : ITypes.IIncomingResponse, IDisposable
{
    private bool _consumed;

    public ushort Status() => status;

    public ITypes.IFields Headers() => headers;

    /// <summary>The body, once.</summary>
    public Result<ITypes.IIncomingBody, Unit> Consume()
    {
        if (_consumed) return Result.Err<ITypes.IIncomingBody, Unit>(default);
        _consumed = true;
        return Result.Ok<ITypes.IIncomingBody, Unit>(new IncomingBody(body, trailers, abandon));
    }

    /// <summary>A response dropped without taking its body releases the connection.</summary>
    public void Dispose()
    {
        if (!_consumed) abandon();
    }
}

/// <summary>
/// A request body read from the guest's <see cref="BodyPipe"/> as it is written, flushed whenever the pipe runs
/// empty so the server sees what the guest has written so far. Its length is unknown (chunked in HTTP/1.1) unless
/// the guest set <c>content-length</c>.
/// </summary>
internal sealed class PipeContent(BodyPipe pipe) : HttpContent
{
    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => SerializeToStreamAsync(stream, context, default);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        var buffer = new byte[1 << 16];
        while (true)
        {
            var changed = pipe.Changed();
            int n = pipe.Read(buffer);
            if (n > 0)
            {
                await stream.WriteAsync(buffer.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
                continue;
            }
            if (pipe.IsDrained(out var failure))
            {
                if (failure is not null)
                    throw new OutgoingFailure(pipe.FailureCode ?? new HttpTypes.ErrorCode.InternalError(failure), failure);
                return;
            }
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            await changed.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
