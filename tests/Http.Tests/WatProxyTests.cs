using System.Net;
using Microsoft.AspNetCore.Builder;
using Wasm.Components.Text;
using Wasm.Wasi;
using Wasm.Wasi.Http;

namespace Wasm.Http.Tests;

/// <summary>
/// Components written in the component text format: a handler that traps (<c>unreachable</c>) or returns without
/// setting its response-outparam gets 500; one that spins gets 504 when its fuel or its deadline runs out.
/// </summary>
public sealed class WatProxyTests
{
    private const string Imports = """
          (import "wasi:http/types@0.2.12" (instance $types
            (export "incoming-request" (type (sub resource)))
            (export "response-outparam" (type (sub resource)))))
          (alias export $types "incoming-request" (type $req))
          (alias export $types "response-outparam" (type $out))
        """;

    private static string Handler(string body, string moduleFields = "") => $$"""
        (component
        {{Imports}}
          (core module $m
            {{moduleFields}}
            (func (export "handle") (param i32 i32) {{body}}))
          (core instance $i (instantiate $m))
          (func $handle (param "request" (own $req)) (param "response-out" (own $out)) (canon lift (core func $i "handle")))
          (instance $h (export "handle" (func $handle)))
          (export "wasi:http/incoming-handler@0.2.12" (instance $h)))
        """;

    private static Task<(HttpStatusCode, string)> Serve(string wat, int requests) =>
        Serve(wat, requests, new HttpGuestLimits { Wasi = () => new WasiConfig() });

    private static async Task<(HttpStatusCode, string)> Serve(string wat, int requests, HttpGuestLimits limits)
    {
        using var component = new HttpComponent(ComponentWat.ToBinary(wat), limits);
        await using var app = await WasiHttpServer.StartAsync(component, "127.0.0.1:0");
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        var responses = await Task.WhenAll(Enumerable.Range(0, requests).Select(i => client.GetAsync("/" + i)));
        foreach (var r in responses) Assert.Equal(responses[0].StatusCode, r.StatusCode);
        return (responses[0].StatusCode, await responses[0].Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_trapping_handler_gets_500_on_every_request()
    {
        var (status, text) = await Serve(Handler("unreachable"), requests: 4);
        Assert.Equal(HttpStatusCode.InternalServerError, status);
        Assert.Equal("the component failed\n", text);
    }

    [Fact]
    public async Task A_handler_returning_without_a_response_gets_500()
    {
        var (status, text) = await Serve(Handler(""), requests: 2);
        Assert.Equal(HttpStatusCode.InternalServerError, status);
        Assert.Equal("the component returned without a response\n", text);
    }

    /// <summary>A handler that traps when <c>memory.grow</c> by 1 MiB fails, in an instance with one 64 KiB page.</summary>
    private static string Growing =>
        Handler("(if (i32.eq (memory.grow (i32.const 16)) (i32.const -1)) (then unreachable))", moduleFields: "(memory 1)");

    [Fact]
    public async Task MaxMemory_stops_a_request_growing_its_memory_beyond_the_limit()
    {
        var (status, text) = await Serve(Growing, requests: 2, new HttpGuestLimits { MaxMemory = 512 << 10, Wasi = () => new WasiConfig() });
        Assert.Equal(HttpStatusCode.InternalServerError, status);
        Assert.Equal("the component failed\n", text);
        // The same handler with room to grow gets past the check (and returns without a response).
        (status, text) = await Serve(Growing, requests: 2, new HttpGuestLimits { MaxMemory = 2 << 20, Wasi = () => new WasiConfig() });
        Assert.Equal(HttpStatusCode.InternalServerError, status);
        Assert.Equal("the component returned without a response\n", text);
    }

    [Fact]
    public async Task A_handler_out_of_fuel_gets_504()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (status, text) = await Serve(Handler("(loop $spin (br $spin))"), requests: 2,
            new HttpGuestLimits { Fuel = 1_000_000, Timeout = TimeSpan.FromMinutes(5), Wasi = () => new WasiConfig() });
        Assert.Equal(HttpStatusCode.GatewayTimeout, status);
        Assert.Equal("the component ran out of time\n", text);
        Assert.True(clock.Elapsed < TimeSpan.FromMinutes(1), "fuel, not the 5 minute deadline, stopped the guest");
    }

    [Fact]
    public async Task A_spinning_handler_is_interrupted_at_its_deadline_with_504()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (status, text) = await Serve(Handler("(loop $spin (br $spin))"), requests: 2,
            new HttpGuestLimits
            {
                Timeout = TimeSpan.FromMilliseconds(300),
                // Long enough that only the epoch interrupt can end the request, however busy the machine.
                HostCallGrace = TimeSpan.FromMinutes(1),
                Wasi = () => new WasiConfig(),
            });
        Assert.Equal(HttpStatusCode.GatewayTimeout, status);
        // The epoch interrupt, not the server's fallback after the deadline.
        Assert.Equal("the component ran out of time\n", text);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public async Task MaxConcurrency_1_runs_the_guests_of_concurrent_requests_one_after_another()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (status, text) = await Serve(Handler("(loop $spin (br $spin))"), requests: 3,
            new HttpGuestLimits
            {
                Timeout = TimeSpan.FromMilliseconds(300),
                HostCallGrace = TimeSpan.FromMinutes(1),
                MaxConcurrency = 1,
                Wasi = () => new WasiConfig(),
            });
        Assert.Equal(HttpStatusCode.GatewayTimeout, status);
        Assert.Equal("the component ran out of time\n", text);
        // Each guest runs to its own 300 ms deadline after the one before it; side by side they would take 300 ms.
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(900), $"3 guests took {clock.ElapsedMilliseconds} ms");
    }

    [Fact]
    public void MaxConcurrency_below_1_is_refused()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() =>
            new HttpComponent(ComponentWat.ToBinary(Handler("")), new HttpGuestLimits { MaxConcurrency = 0 }));
        Assert.Equal("limits", e.ParamName);
    }

    [Fact]
    public void A_component_without_the_incoming_handler_is_refused_when_loaded()
    {
        var wat = "(component (core module $m) (core instance (instantiate $m)))";
        var e = Assert.Throws<LinkException>(() => new HttpComponent(ComponentWat.ToBinary(wat)));
        Assert.Contains("wasi:http/incoming-handler", e.Message);
    }
}
