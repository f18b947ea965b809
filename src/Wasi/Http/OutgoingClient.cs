using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Security.Authentication;
using HttpTypes = Wasm.Wasi.Preview2.Bindings.Wasi.Http.Types;

namespace Wasm.Wasi.Http;

/// <summary>
/// The connection pool behind <c>wasi:http/outgoing-handler</c>: one <see cref="SocketsHttpHandler"/> that never
/// follows redirects (the guest sees them, and a redirect must not lead past the allow-list), keeps no cookies, uses
/// no proxy and does not decompress. It connects through its own callback, which applies each request's connect
/// timeout and tells DNS failures, refusals and timeouts apart for the guest's <c>error-code</c>.
/// </summary>
internal sealed class OutgoingClient : IDisposable
{
    /// <summary>The connect timeout of the request that opens a connection.</summary>
    internal static readonly HttpRequestOptionsKey<TimeSpan> ConnectTimeoutKey = new("wasi-http.connect-timeout");

    /// <summary>The first-byte clock of the request that opens a connection, stopped while it connects.</summary>
    internal static readonly HttpRequestOptionsKey<FirstByteClock> FirstByteClockKey = new("wasi-http.first-byte-clock");

    private readonly HttpMessageInvoker _invoker;

    public OutgoingClient()
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectCallback = ConnectAsync,
            EnableMultipleHttp2Connections = true,
        };
        // HttpMessageInvoker, unlike HttpClient, neither buffers response bodies nor imposes its own overall timeout.
        _invoker = new HttpMessageInvoker(handler, disposeHandler: true);
    }

    /// <summary>Sends a request; completes when the response head has arrived, the body is read later.</summary>
    public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancel) => _invoker.SendAsync(request, cancel);

    public void Dispose() => _invoker.Dispose();

    private static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancel)
    {
        var timeout = context.InitialRequestMessage.Options.TryGetValue(ConnectTimeoutKey, out var t) ? t : TimeSpan.FromSeconds(30);
        // Connecting has its own timeout: the response head's starts over once the connection is up.
        context.InitialRequestMessage.Options.TryGetValue(FirstByteClockKey, out var firstByte);
        firstByte?.Stop();
        var stream = await ConnectAsync(context.DnsEndPoint, timeout, cancel).ConfigureAwait(false);
        firstByte?.Start();
        return stream;
    }

    private static async ValueTask<Stream> ConnectAsync(DnsEndPoint endpoint, TimeSpan timeout, CancellationToken cancel)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        deadline.CancelAfter(timeout);
        IPAddress[] addresses;
        if (IPAddress.TryParse(endpoint.Host, out var literal))
        {
            addresses = [literal];
        }
        else
        {
            try
            {
                addresses = await Dns.GetHostAddressesAsync(endpoint.Host, deadline.Token).ConfigureAwait(false);
            }
            catch (SocketException e)
            {
                throw new OutgoingFailure(ErrorCodes.FromDns(e.SocketErrorCode), $"resolving {endpoint.Host} failed: {e.Message}");
            }
            catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
            {
                throw new OutgoingFailure(new HttpTypes.ErrorCode.DnsTimeout(), $"resolving {endpoint.Host} took longer than {timeout.TotalMilliseconds} ms");
            }
            if (addresses.Length == 0)
                throw new OutgoingFailure(ErrorCodes.FromDns(SocketError.NoData), $"{endpoint.Host} has no addresses");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, endpoint.Port, deadline.Token).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new OutgoingFailure(ErrorCodes.FromSocket(e.SocketErrorCode), $"connecting to {endpoint.Host}:{endpoint.Port} failed: {e.Message}");
        }
        catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
        {
            socket.Dispose();
            throw new OutgoingFailure(new HttpTypes.ErrorCode.ConnectionTimeout(), $"connecting to {endpoint.Host}:{endpoint.Port} took longer than {timeout.TotalMilliseconds} ms");
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}

/// <summary>
/// The first-byte timeout of one request: it runs from the send, stops while the request opens a connection of its
/// own (bounded by the connect timeout instead) and starts over once that connection is up.
/// </summary>
internal sealed class FirstByteClock(CancellationTokenSource head, TimeSpan timeout)
{
    public void Start() => Set(timeout);

    public void Stop() => Set(Timeout.InfiniteTimeSpan);

    private void Set(TimeSpan delay)
    {
        try
        {
            head.CancelAfter(delay);
        }
        catch (ObjectDisposedException)
        {
            // The request is over; its connection goes on to serve others.
        }
    }
}

/// <summary>A failure whose <c>wasi:http</c> error code is already known (raised inside the handler's callbacks).</summary>
internal sealed class OutgoingFailure(HttpTypes.ErrorCode code, string message) : IOException(message)
{
    public HttpTypes.ErrorCode Code { get; } = code;
}

/// <summary>The <c>wasi:http/types.error-code</c> of what went wrong with an outgoing request.</summary>
internal static class ErrorCodes
{
    /// <summary>The code of an exception from sending a request or reading its response.</summary>
    public static HttpTypes.ErrorCode From(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException)
            if (e is OutgoingFailure failure) return failure.Code;
        for (var e = error; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case HttpRequestException http when http.HttpRequestError is not HttpRequestError.Unknown:
                    return FromHttpRequestError(http);
                case AuthenticationException auth:
                    return auth.Message.Contains("certificate", StringComparison.OrdinalIgnoreCase)
                        ? new HttpTypes.ErrorCode.TlsCertificateError()
                        : new HttpTypes.ErrorCode.TlsProtocolError();
                case SocketException socket:
                    return FromSocket(socket.SocketErrorCode);
                case HttpIOException io:
                    return FromHttpRequestError(io.HttpRequestError, io);
            }
        }
        return new HttpTypes.ErrorCode.InternalError(error.Message);
    }

    private static HttpTypes.ErrorCode FromHttpRequestError(HttpRequestException http)
    {
        // A more specific cause (a socket error, a TLS failure) is inside.
        if (http.InnerException is { } inner && From(inner) is not HttpTypes.ErrorCode.InternalError) return From(inner);
        return FromHttpRequestError(http.HttpRequestError, http);
    }

    private static HttpTypes.ErrorCode FromHttpRequestError(HttpRequestError error, Exception e) => error switch
    {
        HttpRequestError.NameResolutionError => new HttpTypes.ErrorCode.DnsError(new HttpTypes.DnsErrorPayload(null, null)),
        HttpRequestError.ConnectionError => new HttpTypes.ErrorCode.ConnectionTerminated(),
        HttpRequestError.SecureConnectionError => new HttpTypes.ErrorCode.TlsProtocolError(),
        HttpRequestError.HttpProtocolError or HttpRequestError.InvalidResponse or HttpRequestError.VersionNegotiationError
            or HttpRequestError.ExtendedConnectNotSupported => new HttpTypes.ErrorCode.HttpProtocolError(),
        HttpRequestError.ResponseEnded => new HttpTypes.ErrorCode.HttpResponseIncomplete(),
        HttpRequestError.ConfigurationLimitExceeded => new HttpTypes.ErrorCode.HttpResponseHeaderSectionSize(null),
        _ => new HttpTypes.ErrorCode.InternalError(e.Message),
    };

    /// <summary>A failed connection attempt or a connection that broke.</summary>
    public static HttpTypes.ErrorCode FromSocket(SocketError error) => error switch
    {
        SocketError.ConnectionRefused => new HttpTypes.ErrorCode.ConnectionRefused(),
        SocketError.TimedOut => new HttpTypes.ErrorCode.ConnectionTimeout(),
        SocketError.HostUnreachable or SocketError.HostDown => new HttpTypes.ErrorCode.DestinationUnavailable(),
        SocketError.NetworkUnreachable or SocketError.NetworkDown or SocketError.AddressNotAvailable => new HttpTypes.ErrorCode.DestinationIpUnroutable(),
        SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown or SocketError.NotConnected => new HttpTypes.ErrorCode.ConnectionTerminated(),
        SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => FromDns(error),
        SocketError.TooManyOpenSockets or SocketError.NoBufferSpaceAvailable => new HttpTypes.ErrorCode.ConnectionLimitReached(),
        _ => new HttpTypes.ErrorCode.InternalError("socket error " + error),
    };

    /// <summary>A failed name lookup, with the DNS response code it stands for.</summary>
    public static HttpTypes.ErrorCode FromDns(SocketError error) => error switch
    {
        SocketError.HostNotFound => new HttpTypes.ErrorCode.DnsError(new HttpTypes.DnsErrorPayload("NXDOMAIN", null)),
        SocketError.TryAgain => new HttpTypes.ErrorCode.DnsError(new HttpTypes.DnsErrorPayload("SERVFAIL", null)),
        // The name exists but has no address records.
        SocketError.NoData => new HttpTypes.ErrorCode.DnsError(new HttpTypes.DnsErrorPayload("NOERROR", null)),
        _ => new HttpTypes.ErrorCode.DnsError(new HttpTypes.DnsErrorPayload(error.ToString(), null)),
    };
}
