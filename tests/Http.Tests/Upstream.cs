using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Wasm.Http.Tests;

/// <summary>
/// A plain Kestrel server on a loopback port that guests send their outgoing requests to:
/// /hello (203 with a header), /big?mib=N (N MiB of seeded random bytes, chunked), /echo (the request body back),
/// /slow (a first chunk, then 3 s of silence), /stall (3 s before the response head). Kestrel sends no trailers over HTTP/1.1, so a second, hand-written
/// server on <see cref="TrailersPort"/> answers every request with a chunked body followed by a trailer.
/// </summary>
public sealed class Upstream : IAsyncLifetime
{
    private WebApplication _app = null!;
    private TcpListener _trailers = null!;
    private int _hits;

    /// <summary>What the server on <see cref="TrailersPort"/> sends: 24 body bytes, then <c>x-checksum: abc123</c>.</summary>
    public const string ChunkedWithTrailers =
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTrailer: x-checksum\r\nConnection: close\r\n\r\n" +
        "18\r\nbody before the trailers\r\n0\r\nx-checksum: abc123\r\n\r\n";

    /// <summary>The port of the hand-written server on 127.0.0.1 that answers with trailers.</summary>
    public int TrailersPort { get; private set; }

    /// <summary>Requests that reached the server.</summary>
    public int Hits => Volatile.Read(ref _hits);

    /// <summary>The server's port on 127.0.0.1.</summary>
    public int Port { get; private set; }

    /// <summary>
    /// A loopback port whose listener never accepts and whose accept queue is full, so new connection attempts
    /// hang (Linux drops their SYNs) until the client gives up.
    /// </summary>
    public int BlackholePort { get; private set; }

    private Socket _blackhole = null!;
    private readonly List<Socket> _fillers = [];

    /// <summary>A loopback port nothing listens on (bound once, then released).</summary>
    public int ClosedPort { get; private set; }

    /// <summary>The bytes /big?mib=N sends.</summary>
    public static byte[] BigBody(int mib)
    {
        var body = new byte[mib << 20];
        new Random(mib).NextBytes(body);
        return body;
    }

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.WebHost.ConfigureKestrel(o => o.Limits.MaxRequestBodySize = null);
        _app = builder.Build();
        _app.Use((context, next) =>
        {
            Interlocked.Increment(ref _hits);
            return next(context);
        });
        _app.MapGet("/hello", async context =>
        {
            context.Response.StatusCode = 203;
            context.Response.Headers["x-upstream"] = "hello";
            context.Response.ContentType = "text/plain";
            await context.Response.WriteAsync("hello from upstream");
        });
        _app.MapGet("/big", async context =>
        {
            var body = BigBody(int.Parse(context.Request.Query["mib"]!, System.Globalization.CultureInfo.InvariantCulture));
            context.Response.ContentType = "application/octet-stream";
            for (int offset = 0; offset < body.Length; offset += 1 << 16)
                await context.Response.Body.WriteAsync(body.AsMemory(offset, Math.Min(1 << 16, body.Length - offset)));
        });
        _app.MapPost("/echo", async context =>
        {
            context.Response.ContentType = context.Request.ContentType ?? "application/octet-stream";
            await context.Request.Body.CopyToAsync(context.Response.Body);
        });
        _app.MapGet("/stall", async context =>
        {
            await Task.Delay(TimeSpan.FromSeconds(3), context.RequestAborted);
            await context.Response.WriteAsync("late");
        });
        _app.MapGet("/slow", async context =>
        {
            await context.Response.WriteAsync("first");
            await context.Response.Body.FlushAsync();
            await Task.Delay(TimeSpan.FromSeconds(3), context.RequestAborted);
            await context.Response.WriteAsync("late");
        });
        await _app.StartAsync();
        Port = new Uri(_app.Urls.First()).Port;

        _trailers = new TcpListener(IPAddress.Loopback, 0);
        _trailers.Start();
        TrailersPort = ((IPEndPoint)_trailers.LocalEndpoint).Port;
        _ = ServeTrailers();

        _blackhole = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _blackhole.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _blackhole.Listen(0);
        BlackholePort = ((IPEndPoint)_blackhole.LocalEndPoint!).Port;
        for (int i = 0; i < 3; i++)
        {
            var filler = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            _fillers.Add(filler);
            using var quick = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
            try
            {
                await filler.ConnectAsync(IPAddress.Loopback, BlackholePort, quick.Token);
            }
            catch (OperationCanceledException)
            {
                // The queue is full already.
            }
        }

        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        ClosedPort = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
    }

    private async Task ServeTrailers()
    {
        try
        {
            while (true)
            {
                using var client = await _trailers.AcceptTcpClientAsync();
                var stream = client.GetStream();
                // The request head ends with an empty line; these requests have no body.
                var head = new List<byte>();
                var one = new byte[1];
                while (!(head.Count >= 4 && head[^4] == '\r' && head[^3] == '\n' && head[^2] == '\r' && head[^1] == '\n'))
                {
                    if (await stream.ReadAsync(one) == 0) break;
                    head.Add(one[0]);
                }
                Interlocked.Increment(ref _hits);
                await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(ChunkedWithTrailers));
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or IOException)
        {
            // The listener was stopped.
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var filler in _fillers) filler.Dispose();
        _blackhole.Dispose();
        _trailers.Stop();
        await _app.DisposeAsync();
    }
}
