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
        using var content = new StreamContent(new MemoryStream(body));
        content.Headers.ContentType = new("application/x-test");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var response = await _server.Client.PostAsync("/echo", content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("POST", Assert.Single(response.Headers.GetValues("x-method")));
        Assert.Equal("application/x-test", response.Content.Headers.ContentType?.MediaType);
        var echoed = await response.Content.ReadAsByteArrayAsync();
        Console.WriteLine($"10 MiB echo: {clock.ElapsedMilliseconds} ms");
        Assert.Equal(body.Length, echoed.Length);
        Assert.Equal(SHA256.HashData(body), SHA256.HashData(echoed));
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
