using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Wasm.Components.Bindings;
using Wasm.Wasi.Http;
using HttpTypes = Wasm.Wasi.Preview2.Bindings.Wasi.Http.Types;

namespace Wasm.Http;

/// <summary>
/// Bridges ASP.NET Core requests to a <c>wasi:http/incoming-handler</c> component. Each request runs a fresh
/// instance; a guest that traps before answering gets 500, one that runs out of time or fuel 504, and one that
/// fails after the response started has its connection aborted. No guest failure reaches the server.
/// </summary>
public static class WasiHttpServer
{
    private const int CopyBuffer = 1 << 16;

    /// <summary>Handles one request with a fresh instance of <paramref name="component"/>.</summary>
    public static async Task HandleAsync(HttpContext context, HttpComponent component)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(component);
        var request = context.Request;
        var requestBody = new BodyPipe();
        var requestTrailers = new TaskCompletionSource<Result<Fields?, HttpTypes.ErrorCode>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var outparam = new ResponseOutparam();
        OutgoingBody? responseBody = null;
        // Ends a wait for a guest slot (HttpGuestLimits.MaxConcurrency) once this request is answered or aborted.
        using var answered = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        try
        {
            var pump = PumpRequestBody(context, requestBody, requestTrailers, context.RequestAborted);
            var incoming = new IncomingRequest(
                IncomingRequest.ParseMethod(request.Method),
                request.PathBase.Add(request.Path).ToUriComponent() + request.QueryString.ToUriComponent(),
                request.IsHttps ? new HttpTypes.Scheme.Https() : new HttpTypes.Scheme.Http(),
                request.Host.HasValue ? request.Host.Value : null,
                Fields.Immutable(RequestHeaders(request)),
                requestBody,
                requestTrailers.Task);
            var guest = component.Handle(incoming, outparam, answered.Token);
            // The host's own deadline also covers guests blocked in host calls, where epochs cannot interrupt them.
            var deadline = Task.Delay(component.Limits.Timeout + component.Limits.HostCallGrace, context.RequestAborted);

            await Task.WhenAny(outparam.Response, guest, deadline).ConfigureAwait(false);
            if (!outparam.Response.IsCompletedSuccessfully)
            {
                // A guest that ended releases its outparam just before its task completes: wait for that moment, so
                // its outcome (trap, out of fuel) decides the answer.
                if (outparam.Response.IsCompleted && !guest.IsCompleted)
                    await Task.WhenAny(guest, deadline).ConfigureAwait(false);
                if (!guest.IsCompleted)
                {
                    await Plain(context, StatusCodes.Status504GatewayTimeout, "the component did not respond in time").ConfigureAwait(false);
                    return;
                }
                var (outcome, error) = await guest.ConfigureAwait(false);
                if (outcome == HttpGuestOutcome.TimedOut)
                    await Plain(context, StatusCodes.Status504GatewayTimeout, "the component ran out of time").ConfigureAwait(false);
                else
                    await Plain(context, StatusCodes.Status500InternalServerError, error is null ? "the component returned without a response" : "the component failed").ConfigureAwait(false);
                Log(context, error);
                return;
            }

            var answer = outparam.Response.Result;
            if (!answer.IsOk)
            {
                await Plain(context, StatusCodes.Status500InternalServerError, "the component answered with error " + answer.Error).ConfigureAwait(false);
                return;
            }

            var response = answer.Value;
            responseBody = response.BodyForHost;
            if (await CopyResponseBody(context, response, guest, deadline).ConfigureAwait(false)) return;
            // Nothing was sent yet: the client still gets a status for the failure.
            var (failure, failureError) = guest.IsCompleted ? await guest.ConfigureAwait(false) : (HttpGuestOutcome.TimedOut, null);
            await Plain(context, failure == HttpGuestOutcome.TimedOut ? StatusCodes.Status504GatewayTimeout : StatusCodes.Status500InternalServerError,
                failure == HttpGuestOutcome.Trapped ? "the component failed" : "the component did not finish its response").ConfigureAwait(false);
            Log(context, failureError);
            _ = pump;
        }
        finally
        {
            answered.Cancel();
            // Unblocks a guest still waiting on either body, so its thread ends.
            requestBody.Complete("the request ended");
            responseBody?.Pipe.Complete("the response ended");
        }
    }

    /// <summary>
    /// Sends the guest's status, headers and body as the body is written. The head goes out with the first body
    /// bytes (or at the end), so a guest that fails before writing anything still gets a status: then this returns
    /// false. A failure after bytes were sent aborts the connection.
    /// </summary>
    private static async Task<bool> CopyResponseBody(HttpContext context, OutgoingResponse response, Task<(HttpGuestOutcome Outcome, Exception? Error)> guest, Task deadline)
    {
        var pipe = response.BodyForHost.Pipe;
        var buffer = new byte[CopyBuffer];
        bool started = false;
        while (true)
        {
            var changed = pipe.Changed();
            int n = pipe.Read(buffer);
            if (n > 0)
            {
                if (!started) started = StartResponse(context, response);
                await context.Response.Body.WriteAsync(buffer.AsMemory(0, n)).ConfigureAwait(false);
                continue;
            }
            if (pipe.IsDrained(out var failure))
            {
                if (failure is null)
                {
                    if (!started) StartResponse(context, response);
                    if (response.BodyForHost.Trailers is { All.Count: > 0 } trailers) SendTrailers(context, trailers);
                    return true;
                }
                if (started) context.Abort();
                return started;
            }
            if (guest.IsCompleted)
            {
                // The instance is gone: a body it never finished never will be.
                pipe.Complete("the component returned without finishing the response body");
                continue;
            }
            if (deadline.IsCompleted)
            {
                if (started) context.Abort();
                return started;
            }
            await Task.WhenAny(changed, guest, deadline).ConfigureAwait(false);
        }
    }

    private static bool StartResponse(HttpContext context, OutgoingResponse response)
    {
        context.Response.StatusCode = response.StatusCode();
        foreach (var (name, value) in response.HeaderFields.All)
            context.Response.Headers.Append(name, Encoding.Latin1.GetString(value));
        return true;
    }

    /// <summary>
    /// Response trailers go out where the protocol carries them (HTTP/2 and HTTP/3, and HTTP/1.1 chunked responses
    /// where Kestrel supports them); elsewhere they are dropped with a warning, as the head has already gone.
    /// </summary>
    private static void SendTrailers(HttpContext context, Fields trailers)
    {
        if (!context.Response.SupportsTrailers())
        {
            var logger = context.RequestServices?.GetService(typeof(ILoggerFactory)) is ILoggerFactory factory ? factory.CreateLogger("Wasm.Http") : null;
            logger?.LogWarning("{Method} {Path}: the response trailers were dropped: {Protocol} cannot carry them for this response", context.Request.Method, context.Request.Path, context.Request.Protocol);
            return;
        }
        foreach (var (name, value) in trailers.All)
            context.Response.AppendTrailer(name, Encoding.Latin1.GetString(value));
    }

    /// <summary>The request's trailers, once its body has been read to the end (none where the protocol has none).</summary>
    private static Fields? RequestTrailers(HttpContext context)
    {
        var feature = context.Features.Get<IHttpRequestTrailersFeature>();
        if (feature is not { Available: true } || feature.Trailers.Count == 0) return null;
        var entries = new List<(string, byte[])>();
        foreach (var trailer in feature.Trailers)
            foreach (var value in trailer.Value)
                if (value is not null) entries.Add((trailer.Key, Encoding.Latin1.GetBytes(value)));
        return Fields.Immutable(entries);
    }

    private static async Task PumpRequestBody(HttpContext context, BodyPipe pipe, TaskCompletionSource<Result<Fields?, HttpTypes.ErrorCode>> trailers, CancellationToken aborted)
    {
        var source = context.Request.Body;
        try
        {
            while (true)
            {
                // Take the change signal before looking at the room: the guest may drain the pipe in between, and a
                // signal taken afterwards would wait for a change that never comes (the guest waits for these bytes).
                while (true)
                {
                    var changed = pipe.Changed();
                    if (pipe.Room > 0 || pipe.IsCompleted) break;
                    await changed.WaitAsync(aborted).ConfigureAwait(false);
                }
                if (pipe.IsCompleted)
                {
                    trailers.TrySetResult(Result.Err<Fields?, HttpTypes.ErrorCode>(new HttpTypes.ErrorCode.InternalError("the request ended")));
                    return;
                }
                var chunk = new byte[(int)Math.Min(pipe.Room, CopyBuffer)];
                int n = await source.ReadAsync(chunk, aborted).ConfigureAwait(false);
                if (n == 0)
                {
                    trailers.TrySetResult(Result.Ok<Fields?, HttpTypes.ErrorCode>(RequestTrailers(context)));
                    pipe.Complete();
                    return;
                }
                pipe.Write(n == chunk.Length ? chunk : chunk.AsSpan(0, n).ToArray());
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or BadHttpRequestException or InvalidOperationException)
        {
            var code = new HttpTypes.ErrorCode.ConnectionTerminated();
            trailers.TrySetResult(Result.Err<Fields?, HttpTypes.ErrorCode>(code));
            pipe.Complete("reading the request body failed: " + e.Message, code);
        }
    }

    private static IEnumerable<(string, byte[])> RequestHeaders(HttpRequest request)
    {
        foreach (var header in request.Headers)
            foreach (var value in header.Value)
                if (value is not null) yield return (header.Key, Encoding.Latin1.GetBytes(value));
    }

    private static Task Plain(HttpContext context, int status, string text)
    {
        if (context.Response.HasStarted)
        {
            context.Abort();
            return Task.CompletedTask;
        }
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(text + "\n");
    }

    private static void Log(HttpContext context, Exception? error)
    {
        if (error is null) return;
        var logger = context.RequestServices?.GetService(typeof(ILoggerFactory)) is ILoggerFactory factory ? factory.CreateLogger("Wasm.Http") : null;
        logger?.LogWarning("{Method} {Path}: the component failed: {Message}", context.Request.Method, context.Request.Path, error.Message);
    }

    /// <summary>Routes requests matching <paramref name="pattern"/> (e.g. <c>/app/{**rest}</c>) to <paramref name="component"/>.</summary>
    public static IEndpointConventionBuilder MapWasiHttp(this IEndpointRouteBuilder endpoints, string pattern, HttpComponent component)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(component);
        return endpoints.Map(pattern, context => HandleAsync(context, component));
    }

    /// <summary>
    /// Starts a Kestrel server on <paramref name="address"/> (<c>host:port</c>; port 0 picks a free one) that sends
    /// every request to <paramref name="component"/>. Dispose the result to stop it.
    /// </summary>
    public static Task<WebApplication> StartAsync(HttpComponent component, string address, bool logRequests = false) =>
        StartAsync(component, address, logRequests ? WasiHttpServerLogging.Requests : WasiHttpServerLogging.None);

    /// <summary>
    /// Starts a Kestrel server on <paramref name="address"/> (<c>host:port</c>; port 0 picks a free one) that sends
    /// every request to <paramref name="component"/>, logging to the console as <paramref name="logging"/> says.
    /// Dispose the result to stop it; stopping lets requests in flight finish.
    /// </summary>
    public static async Task<WebApplication> StartAsync(HttpComponent component, string address, WasiHttpServerLogging logging)
    {
        ArgumentNullException.ThrowIfNull(component);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        if (logging != WasiHttpServerLogging.None)
        {
            builder.Logging.AddSimpleConsole();
            // Two lines per request drown the failures in a busy server's console; they are logged either way.
            if (logging == WasiHttpServerLogging.Failures)
                builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        }
        builder.WebHost.UseUrls("http://" + address);
        builder.WebHost.ConfigureKestrel(o =>
        {
            o.Limits.MaxRequestBodySize = null;
            o.AddServerHeader = false;
        });
        var app = builder.Build();
        app.Run(context => HandleAsync(context, component));
        await app.StartAsync().ConfigureAwait(false);
        return app;
    }
}

/// <summary>What <see cref="WasiHttpServer.StartAsync(HttpComponent, string, WasiHttpServerLogging)"/> logs to the console.</summary>
public enum WasiHttpServerLogging
{
    /// <summary>Nothing.</summary>
    None,
    /// <summary>Start, stop and guests that fail.</summary>
    Failures,
    /// <summary>Also a line when each request starts and one when it finishes.</summary>
    Requests,
}
