using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Wasm.Http;
using Wasm.Wasi;
using Wasm.Wasi.Http;

namespace Wasm.Http.Tests;

/// <summary>
/// A componentize-js component (tests/components/js/http.js, StarlingMonkey's fetch event over
/// wasi:http/incoming-handler) served by Kestrel on a loopback port, called over real HTTP.
/// </summary>
public sealed class JsProxyTests : IClassFixture<JsProxyTests.Server>
{
    private readonly Server _server;

    public JsProxyTests(Server server) => _server = server;

    /// <summary>One component and server for the class: loading and compiling the 12 MB component is the slow part.</summary>
    public class Server : IAsyncLifetime
    {
        /// <summary>The per-request deadline; long enough for the 10 MiB echo on a busy machine.</summary>
        protected virtual TimeSpan Timeout => TimeSpan.FromSeconds(20);

        public HttpComponent Component { get; private set; } = null!;
        public WebApplication App { get; private set; } = null!;
        public HttpClient Client { get; private set; } = null!;
        public MemoryStream GuestOutput { get; } = new();

        // Concurrent requests write to one stream.
        private Stream _sharedOutput = null!;

        public async Task InitializeAsync()
        {
            _sharedOutput = Stream.Synchronized(GuestOutput);
            var bytes = await File.ReadAllBytesAsync(TestComponents.PathOf("http-js.wasm"));
            Component = new HttpComponent(bytes, new HttpGuestLimits
            {
                Timeout = Timeout,
                Wasi = () => new WasiConfig { Stdout = _sharedOutput, Stderr = _sharedOutput },
            });
            App = await WasiHttpServer.StartAsync(Component, "127.0.0.1:0");
            Client = new HttpClient { BaseAddress = new Uri(App.Urls.First()), Timeout = TimeSpan.FromSeconds(60) };
        }

        public async Task DisposeAsync()
        {
            Client.Dispose();
            await App.DisposeAsync();
            Component.Dispose();
        }
    }

    [Fact]
    public async Task Get_returns_the_guests_status_headers_and_body()
    {
        using var response = await _server.Client.GetAsync("/hello?q=wasm");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("componentize-js", Assert.Single(response.Headers.GetValues("x-guest")));
        Assert.Equal("wasm", Assert.Single(response.Headers.GetValues("x-query")));
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("hello from js: GET /hello?q=wasm", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Post_echoes_a_streamed_10_MiB_body()
    {
        var body = new byte[10 << 20];
        new Random(12).NextBytes(body);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        // The guest streams the body back while it is still arriving, so the client must read the response while
        // it writes the request; HttpClient's HTTP/1.1 sends the whole body first, which only works while the
        // buffers in between hold all 10 MiB.
        var (head, echoed) = await DuplexPostAsync(new Uri(_server.App.Urls.First()), "/echo", "application/x-test", body);
        Console.WriteLine($"10 MiB echo: {clock.ElapsedMilliseconds} ms");
        Assert.StartsWith("HTTP/1.1 200", head);
        Assert.Contains("\r\nx-method: POST\r\n", head, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("\r\ncontent-type: application/x-test\r\n", head, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(body.Length, echoed.Length);
        Assert.Equal(SHA256.HashData(body), SHA256.HashData(echoed));
    }

    /// <summary>
    /// One HTTP/1.1 POST over a raw socket, writing the body and reading the response at the same time. Returns
    /// the response head (status line and headers) and the body, de-chunked when the server chunked it.
    /// </summary>
    private static async Task<(string Head, byte[] Body)> DuplexPostAsync(Uri server, string path, string contentType, byte[] body)
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(server.Host, server.Port, cancel.Token);
        var stream = tcp.GetStream();
        var request = System.Text.Encoding.ASCII.GetBytes(
            $"POST {path} HTTP/1.1\r\nHost: {server.Authority}\r\nContent-Type: {contentType}\r\n" +
            $"Content-Length: {body.Length}\r\nConnection: close\r\n\r\n");
        var send = Task.Run(async () =>
        {
            await stream.WriteAsync(request, cancel.Token);
            for (int at = 0; at < body.Length; at += 64 << 10)
                await stream.WriteAsync(body.AsMemory(at, Math.Min(64 << 10, body.Length - at)), cancel.Token);
        });
        var received = new MemoryStream();
        await stream.CopyToAsync(received, cancel.Token); // Connection: close ends the response with the connection
        await send;

        var all = received.ToArray();
        int headEnd = all.AsSpan().IndexOf("\r\n\r\n"u8);
        Assert.True(headEnd > 0, "no complete response head");
        var head = System.Text.Encoding.ASCII.GetString(all, 0, headEnd + 2);
        var rest = all.AsSpan(headEnd + 4);
        if (!head.Contains("transfer-encoding: chunked", StringComparison.OrdinalIgnoreCase)) return (head, rest.ToArray());

        var content = new MemoryStream();
        for (;;)
        {
            int lineEnd = rest.IndexOf("\r\n"u8);
            int size = Convert.ToInt32(System.Text.Encoding.ASCII.GetString(rest[..lineEnd]).Split(';')[0], 16);
            if (size == 0) return (head, content.ToArray());
            content.Write(rest.Slice(lineEnd + 2, size));
            rest = rest[(lineEnd + 2 + size + 2)..];
        }
    }

    [Fact]
    public async Task A_failing_guest_gets_500_while_a_concurrent_request_succeeds()
    {
        var failing = _server.Client.GetAsync("/throw");
        var fine = _server.Client.GetAsync("/fine");
        using var failed = await failing;
        using var succeeded = await fine;
        Assert.True(failed.StatusCode == HttpStatusCode.InternalServerError, $"{failed.StatusCode}: {System.Text.Encoding.UTF8.GetString(_server.GuestOutput.ToArray())}");
        Assert.Equal(HttpStatusCode.Created, succeeded.StatusCode);
        Assert.Equal("hello from js: GET /fine", await succeeded.Content.ReadAsStringAsync());
        Assert.Contains("guest failure on purpose", System.Text.Encoding.UTF8.GetString(_server.GuestOutput.ToArray()));
    }
}

/// <summary>The same component under a 5 s deadline: a guest spinning forever is interrupted by the epoch deadline.</summary>
public sealed class JsProxyDeadlineTests : IClassFixture<JsProxyDeadlineTests.ShortDeadline>
{
    private readonly ShortDeadline _server;

    public JsProxyDeadlineTests(ShortDeadline server) => _server = server;

    public sealed class ShortDeadline : JsProxyTests.Server
    {
        protected override TimeSpan Timeout => TimeSpan.FromSeconds(5);
    }

    [Fact]
    public async Task A_guest_that_never_returns_gets_504_and_the_server_keeps_serving()
    {
        using var spinning = await _server.Client.GetAsync("/spin");
        Assert.Equal(HttpStatusCode.GatewayTimeout, spinning.StatusCode);
        using var after = await _server.Client.GetAsync("/after");
        Assert.Equal(HttpStatusCode.Created, after.StatusCode);
    }

    [Fact]
    public async Task A_spinning_and_a_throwing_guest_do_not_fail_concurrent_requests()
    {
        // The first requests compile the guest's code as it is first called, which on a busy machine can take longer
        // than the 5 s deadline; that belongs before the test (compiled code stays with the component).
        for (int attempt = 0; ; attempt++)
        {
            using var warm = await _server.Client.GetAsync("/warm");
            if (warm.StatusCode == HttpStatusCode.Created) break;
            Assert.True(attempt < 10, $"the component never answered within its deadline: {(int)warm.StatusCode}");
        }
        var spinning = _server.Client.GetAsync("/spin");
        var throwing = _server.Client.GetAsync("/throw");
        // Requests in waves of 4 while the spinning guest holds its thread until its 5 s deadline.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        int served = 0;
        while (!spinning.IsCompleted)
        {
            var wave = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => _server.Client.GetAsync($"/busy/{served + i}")));
            foreach (var (response, i) in wave.Select((r, i) => (r, i)))
            {
                using (response)
                {
                    var text = await response.Content.ReadAsStringAsync();
                    Assert.True(response.StatusCode == HttpStatusCode.Created, $"/busy/{served + i}: {(int)response.StatusCode} {text} after {clock.ElapsedMilliseconds} ms");
                    Assert.Equal($"hello from js: GET /busy/{served + i}", text);
                }
            }
            served += wave.Length;
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(2), "the spinning guest was not stopped");
        }
        using var spun = await spinning;
        using var threw = await throwing;
        Assert.Equal(HttpStatusCode.GatewayTimeout, spun.StatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, threw.StatusCode);
        Assert.True(served >= 4, $"only {served} requests completed while the guest was spinning");
    }
}
