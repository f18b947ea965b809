using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Wasm.Wasi;
using Wasm.Wasi.Http;

namespace Wasm.Http.Tests;

/// <summary>
/// Stopping a server (what SIGINT and SIGTERM do to <c>wasmcs serve</c>) with a request in flight: the request
/// finishes with its whole body, and the server then refuses new connections.
/// </summary>
public sealed class ServerLifetimeTests
{
    /// <summary>A request body sent in two parts; the second waits until the test releases it.</summary>
    private sealed class TwoPartContent(string first, string second, Task release) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes(first));
            await stream.FlushAsync();
            await release;
            await stream.WriteAsync(Encoding.ASCII.GetBytes(second));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }

    [Fact]
    public async Task Stopping_the_server_lets_a_request_in_flight_finish()
    {
        var bytes = await File.ReadAllBytesAsync(TestComponents.PathOf("http-js.wasm"));
        using var component = new HttpComponent(bytes, new HttpGuestLimits { Timeout = TimeSpan.FromSeconds(30), Wasi = () => new WasiConfig() });
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var app = builder.Build();
        // Tells the test when the request has reached the server (the guest may read the whole body before answering).
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        app.Use((context, next) =>
        {
            arrived.TrySetResult();
            return next(context);
        });
        app.MapWasiHttp("/{**path}", component);
        await app.StartAsync();
        var address = new Uri(app.Urls.First());
        using var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };

        var release = new TaskCompletionSource();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/echo") { Content = new TwoPartContent("first half,", "second half", release.Task) };
        var sending = client.SendAsync(request);
        await arrived.Task.WaitAsync(TimeSpan.FromSeconds(60));

        var stopping = app.StopAsync();
        await Task.Delay(300);
        Assert.False(stopping.IsCompleted, "the server stopped with a request in flight");
        release.SetResult();
        using var response = await sending.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("first half,second half", await response.Content.ReadAsStringAsync());
        await stopping.WaitAsync(TimeSpan.FromSeconds(30));

        using var fresh = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(10) };
        await Assert.ThrowsAsync<HttpRequestException>(() => fresh.GetAsync("/after-stop"));
    }
}
