using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;
using Wasm.Http;
using Wasm.Wasi;
using Wasm.Wasi.Http;

namespace Wasm.Http.Tests;

/// <summary>
/// Guests served by Kestrel that send requests of their own through <c>wasi:http/outgoing-handler</c> to a loopback
/// <see cref="Upstream"/>: fetch-js.wasm (componentize-js, whose fetch() uses the outgoing handler) and http-c.wasm
/// (C against the canonical ABI, which reports the exact error-code cases and handles trailers). Only
/// 127.0.0.1 on the upstream's ports, the closed port and *.invalid are allowed.
/// </summary>
public sealed class OutgoingFixture : IAsyncLifetime
{
    public Upstream Upstream { get; } = new();
    public WasiHttpConfig Http { get; private set; } = null!;
    public HttpComponent Js { get; private set; } = null!;
    public HttpComponent C { get; private set; } = null!;
    public WebApplication JsApp { get; private set; } = null!;
    public WebApplication CApp { get; private set; } = null!;
    public WebApplication CHttp2App { get; private set; } = null!;
    public HttpClient JsClient { get; private set; } = null!;
    public HttpClient CClient { get; private set; } = null!;
    public MemoryStream GuestOutput { get; } = new();

    public async Task InitializeAsync()
    {
        await Upstream.InitializeAsync();
        Http = new WasiHttpConfig { ConnectTimeout = TimeSpan.FromSeconds(5) }
            .AllowOutgoing($"127.0.0.1:{Upstream.Port}")
            .AllowOutgoing($"127.0.0.1:{Upstream.TrailersPort}")
            .AllowOutgoing($"127.0.0.1:{Upstream.BlackholePort}")
            .AllowOutgoing($"http://127.0.0.1:{Upstream.ClosedPort}")
            .AllowOutgoing("*.invalid");
        var output = Stream.Synchronized(GuestOutput);
        var limits = new HttpGuestLimits
        {
            Timeout = TimeSpan.FromSeconds(30),
            Http = Http,
            Wasi = () => new WasiConfig { Stdout = output, Stderr = output },
        };
        Js = new HttpComponent(await File.ReadAllBytesAsync(TestComponents.PathOf("fetch-js.wasm")), limits);
        C = new HttpComponent(await File.ReadAllBytesAsync(TestComponents.PathOf("http-c.wasm")), limits);
        JsApp = await WasiHttpServer.StartAsync(Js, "127.0.0.1:0");
        CApp = await WasiHttpServer.StartAsync(C, "127.0.0.1:0");

        // HTTP/2 without TLS (prior knowledge), through MapWasiHttp.
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(o => o.Listen(IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http2));
        CHttp2App = builder.Build();
        CHttp2App.MapWasiHttp("/{**rest}", C);
        await CHttp2App.StartAsync();

        JsClient = new HttpClient { BaseAddress = new Uri(JsApp.Urls.First()), Timeout = TimeSpan.FromSeconds(60) };
        CClient = new HttpClient { BaseAddress = new Uri(CApp.Urls.First()), Timeout = TimeSpan.FromSeconds(60) };
    }

    public async Task DisposeAsync()
    {
        JsClient.Dispose();
        CClient.Dispose();
        await JsApp.DisposeAsync();
        await CApp.DisposeAsync();
        await CHttp2App.DisposeAsync();
        Js.Dispose();
        C.Dispose();
        Http.Dispose();
        await Upstream.DisposeAsync();
    }

    public string Output => Encoding.UTF8.GetString(GuestOutput.ToArray());
}

/// <summary>
/// One set of servers for the outgoing-request tests: compiling the 12 MB JavaScript component is the slow part. They
/// run on their own, after the other classes, so their load does not eat into the 5 s deadline of
/// <see cref="JsProxyDeadlineTests"/> on a busy machine.
/// </summary>
[CollectionDefinition("outgoing", DisableParallelization = true)]
public sealed class OutgoingCollection : ICollectionFixture<OutgoingFixture>;

/// <summary>fetch() in a componentize-js guest, proxying requests to the upstream.</summary>
[Collection("outgoing")]
public sealed class FetchJsTests(OutgoingFixture fixture)
{
    private string Upstream(string path) => Uri.EscapeDataString($"http://127.0.0.1:{fixture.Upstream.Port}{path}");

    [Fact]
    public async Task An_allowed_host_answers_with_its_status_headers_and_body()
    {
        using var response = await fixture.JsClient.GetAsync("/?url=" + Upstream("/hello"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == (HttpStatusCode)203, $"{response.StatusCode}: {text} {fixture.Output}");
        Assert.Equal("hello", Assert.Single(response.Headers.GetValues("x-upstream")));
        Assert.Equal("componentize-js", Assert.Single(response.Headers.GetValues("x-proxied-by")));
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("hello from upstream", text);
    }

    [Fact]
    public async Task A_host_not_allowed_is_refused_before_anything_is_sent()
    {
        int hits = fixture.Upstream.Hits;
        // The same server by another name: the allow-list names 127.0.0.1 only.
        using var response = await fixture.JsClient.GetAsync("/?url=" + Uri.EscapeDataString($"http://localhost:{fixture.Upstream.Port}/hello"));
        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.StartsWith("fetch failed", await response.Content.ReadAsStringAsync());
        Assert.Equal(hits, fixture.Upstream.Hits);
    }

    [Fact]
    public async Task A_streamed_8_MiB_response_body_arrives_intact()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var response = await fixture.JsClient.GetAsync("/?url=" + Upstream("/big?mib=8"), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsByteArrayAsync();
        Console.WriteLine($"8 MiB through fetch(): {clock.ElapsedMilliseconds} ms");
        Assert.Equal(8 << 20, body.Length);
        Assert.Equal(SHA256.HashData(Wasm.Http.Tests.Upstream.BigBody(8)), SHA256.HashData(body));
    }

    [Fact]
    public async Task A_streamed_4_MiB_request_body_goes_to_the_upstream_and_back()
    {
        var body = new byte[4 << 20];
        new Random(44).NextBytes(body);
        using var content = new StreamContent(new MemoryStream(body));
        content.Headers.ContentType = new("application/x-test");
        using var response = await fixture.JsClient.PostAsync("/?url=" + Upstream("/echo"), content);
        var echoed = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {Encoding.UTF8.GetString(echoed.AsSpan(0, Math.Min(400, echoed.Length)))} {fixture.Output}");
        Assert.Equal("application/x-test", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(body.Length, echoed.Length);
        Assert.Equal(SHA256.HashData(body), SHA256.HashData(echoed));
    }

    [Fact]
    public async Task A_refused_connection_fails_the_fetch()
    {
        using var response = await fixture.JsClient.GetAsync("/?url=" + Uri.EscapeDataString($"http://127.0.0.1:{fixture.Upstream.ClosedPort}/"));
        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.StartsWith("fetch failed", await response.Content.ReadAsStringAsync());
    }
}

/// <summary>
/// The C guest: the error-code cases the host reports, trailers in all four directions, and request-options. Its
/// answers are reports such as "status=200\nbytes=24\ntrailer x-checksum=abc123\n" or "error=6\n" (the case index
/// of wasi:http/types.error-code).
/// </summary>
[Collection("outgoing")]
public sealed class HttpCTests(OutgoingFixture fixture)
{
    private const int DnsError = 1, ConnectionRefused = 6, ConnectionTimeout = 8, ConnectionReadTimeout = 9, HttpRequestDenied = 15, HttpResponseTimeout = 33;

    private async Task<string> Report(string path)
    {
        using var response = await fixture.CClient.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {text} {fixture.Output}");
        return text;
    }

    [Fact]
    public async Task An_allowed_request_reports_status_and_body()
    {
        var report = await Report($"/fetch/127.0.0.1:{fixture.Upstream.Port}/hello");
        Assert.Equal("status=203\nbytes=19\n", report);
    }

    [Fact]
    public async Task A_host_not_allowed_gets_HTTP_request_denied()
    {
        int hits = fixture.Upstream.Hits;
        Assert.Equal($"error={HttpRequestDenied}\n", await Report($"/fetch/localhost:{fixture.Upstream.Port}/hello"));
        // An allowed host on a port the rule does not name.
        Assert.Equal($"error={HttpRequestDenied}\n", await Report($"/fetch/127.0.0.1:{fixture.Upstream.ClosedPort + 1}/hello"));
        Assert.Equal(hits, fixture.Upstream.Hits);
    }

    [Fact]
    public async Task A_closed_port_gets_connection_refused() =>
        Assert.Equal($"error={ConnectionRefused}\n", await Report($"/fetch/127.0.0.1:{fixture.Upstream.ClosedPort}/"));

    [Fact]
    public async Task A_name_that_does_not_resolve_gets_DNS_error() =>
        Assert.Equal($"error={DnsError}\n", await Report("/fetch/no-such-host.invalid/"));

    [Fact]
    public async Task Response_trailers_from_the_upstream_reach_the_guest()
    {
        var report = await Report($"/fetch/127.0.0.1:{fixture.Upstream.TrailersPort}/");
        Assert.Equal("status=200\nbytes=24\ntrailer x-checksum=abc123\n", report);
    }

    [Fact]
    public async Task A_silent_upstream_trips_the_between_bytes_timeout()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var report = await Report($"/fetch-timeout/between-bytes/127.0.0.1:{fixture.Upstream.Port}/slow");
        Assert.Equal($"status=200\nstream-error={ConnectionReadTimeout}\n", report);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"the 200 ms timeout, not the upstream's 3 s pause, ended the body ({clock.ElapsedMilliseconds} ms)");
    }

    [Fact]
    public async Task A_late_response_head_trips_the_first_byte_timeout()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var report = await Report($"/fetch-timeout/first-byte/127.0.0.1:{fixture.Upstream.Port}/stall");
        Assert.Equal($"error={HttpResponseTimeout}\n", report);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"the 200 ms timeout ended the wait ({clock.ElapsedMilliseconds} ms)");
    }

    [Fact]
    public async Task A_connection_that_is_never_accepted_trips_the_connect_timeout()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var report = await Report($"/fetch-timeout/connect/127.0.0.1:{fixture.Upstream.BlackholePort}/");
        Assert.Equal($"error={ConnectionTimeout}\n", report);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(4), $"the 200 ms timeout, not the configured 5 s, ended the attempt ({clock.ElapsedMilliseconds} ms)");
    }

    [Fact]
    public async Task Request_trailers_reach_the_guest_and_its_response_trailer_reaches_an_HTTP_2_client()
    {
        using var client = new HttpClient
        {
            BaseAddress = new Uri(fixture.CHttp2App.Urls.First()),
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        using var response = await client.PostAsync("/echo-trailers", new StringContent("hello world"));
        Assert.Equal(HttpVersion.Version20, response.Version);
        Assert.Equal("bytes=11\n", await response.Content.ReadAsStringAsync());
        Assert.Equal("bytes=11", Assert.Single(response.TrailingHeaders.GetValues("x-guest-trailer")));
    }

    [Fact]
    public async Task Chunked_request_trailers_reach_the_guest_over_HTTP_1_1_where_its_response_trailer_is_dropped()
    {
        // HttpClient cannot send request trailers, so the request is written by hand.
        var address = new Uri(fixture.CApp.Urls.First());
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, address.Port);
        var stream = tcp.GetStream();
        var request = "POST /echo-trailers HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n" +
                      "5\r\nhello\r\n6\r\n world\r\n0\r\nx-client-trailer: 42\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var reader = new StreamReader(stream, Encoding.Latin1);
        var read = reader.ReadToEndAsync();
        Assert.True(await Task.WhenAny(read, Task.Delay(TimeSpan.FromSeconds(30))) == read, "the server answered within 30 s");
        var raw = await read;
        Assert.StartsWith("HTTP/1.1 200", raw);
        Assert.Contains("Transfer-Encoding: chunked", raw, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("bytes=11\ntrailer x-client-trailer=42\n", raw);
        // Kestrel sends no response trailers over HTTP/1.1: the chunked body ends with an empty trailer section.
        Assert.Matches(@"\r\n0\r\n\r\n$", raw);
        Assert.DoesNotContain("x-guest-trailer", raw);
    }
}

/// <summary><c>wasmcs run --allow-http</c>: the C guest's <c>fetch</c> export, invoked from the command line.</summary>
[Collection("outgoing")]
public sealed class RunAllowHttpTests(OutgoingFixture fixture)
{
    private static (int Exit, string Stdout, string Stderr) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = WasmCs.Cli.Commands.RunCommand.Run(args, stdout, stderr);
        return (exit, stdout.ToString().Trim(), stderr.ToString());
    }

    [Fact]
    public void Run_sends_requests_only_to_allowed_destinations()
    {
        var path = TestComponents.PathOf("http-c.wasm");
        var authority = $"127.0.0.1:{fixture.Upstream.Port}";
        var invoke = $"fetch(\"{authority}\", \"/hello\")";
        Assert.Equal((0, "\"status=203\\nbytes=19\\n\"", ""), Run("--allow-http", authority, "--invoke", invoke, path));
        Assert.Equal((0, "\"status=203\\nbytes=19\\n\"", ""), Run("--allow-http", "http://127.0.0.1", "--invoke", invoke, path));
        // Denied: no flag, another port, another scheme.
        Assert.Equal((0, "\"error=15\\n\"", ""), Run("--invoke", invoke, path));
        Assert.Equal((0, "\"error=15\\n\"", ""), Run("--allow-http", "127.0.0.1:1", "--invoke", invoke, path));
        Assert.Equal((0, "\"error=15\\n\"", ""), Run("--allow-http", "https://127.0.0.1", "--invoke", invoke, path));
        Assert.Equal(2, Run("--allow-http", "ftp://127.0.0.1", "--invoke", invoke, path).Exit);
    }
}

/// <summary>The allow-list's syntax and matching.</summary>
public sealed class OutgoingRuleTests
{
    [Theory]
    [InlineData("example.com", "http", "example.com", 80, true)]
    [InlineData("example.com", "https", "EXAMPLE.com", 443, true)]
    [InlineData("example.com", "http", "api.example.com", 80, false)]
    [InlineData("example.com:8080", "http", "example.com", 8080, true)]
    [InlineData("example.com:8080", "http", "example.com", 80, false)]
    [InlineData("https://example.com", "http", "example.com", 80, false)]
    [InlineData("https://example.com", "https", "example.com", 8443, true)]
    [InlineData("*.example.com", "https", "api.example.com", 443, true)]
    [InlineData("*.example.com", "https", "example.com", 443, false)]
    [InlineData("*.example.com", "https", "evilexample.com", 443, false)]
    [InlineData("[::1]:8080", "http", "::1", 8080, true)]
    [InlineData("127.0.0.1", "http", "127.0.0.2", 80, false)]
    public void A_rule_matches_scheme_host_and_port(string rule, string scheme, string host, int port, bool allowed) =>
        Assert.Equal(allowed, new WasiHttpConfig().AllowOutgoing(rule).IsAllowed(scheme, host, port));

    [Theory]
    [InlineData("")]
    [InlineData("ftp://example.com")]
    [InlineData("example.com:0")]
    [InlineData("example.com:99999")]
    [InlineData("exa mple.com")]
    [InlineData("[::1")]
    public void A_malformed_rule_is_refused(string rule) =>
        Assert.Throws<FormatException>(() => new WasiHttpConfig().AllowOutgoing(rule));

    [Fact]
    public void Nothing_is_allowed_by_default() =>
        Assert.False(new WasiHttpConfig().IsAllowed("http", "127.0.0.1", 80));
}
