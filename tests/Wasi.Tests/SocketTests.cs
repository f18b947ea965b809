using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Wasm.Wasi.Tests;

/// <summary>A listening socket handed to the guest: it accepts a connection, answers and shuts it down.</summary>
public sealed class SocketTests
{
    private const string Wat = """
        (module
          (import "wasi_snapshot_preview1" "sock_accept" (func $sock_accept (param i32 i32 i32) (result i32)))
          (import "wasi_snapshot_preview1" "sock_send" (func $sock_send (param i32 i32 i32 i32 i32) (result i32)))
          (import "wasi_snapshot_preview1" "sock_shutdown" (func $sock_shutdown (param i32 i32) (result i32)))
          (import "wasi_snapshot_preview1" "fd_close" (func $fd_close (param i32) (result i32)))
          (memory (export "memory") 1)
          (data (i32.const 100) "hello from wasm")
          ;; Accepts on fd 3 (the first preopen) and returns the errno, or sends the greeting on the connection.
          (func (export "serve") (result i32)
            (local $errno i32) (local $conn i32)
            (local.set $errno (call $sock_accept (i32.const 3) (i32.const 0) (i32.const 0)))
            (if (local.get $errno) (then (return (local.get $errno))))
            (local.set $conn (i32.load (i32.const 0)))
            (i32.store (i32.const 8) (i32.const 100))
            (i32.store (i32.const 12) (i32.const 15))
            (local.set $errno (call $sock_send (local.get $conn) (i32.const 8) (i32.const 1) (i32.const 0) (i32.const 16)))
            (if (local.get $errno) (then (return (local.get $errno))))
            (drop (call $sock_shutdown (local.get $conn) (i32.const 2)))
            (call $fd_close (local.get $conn))))
        """;

    [Fact]
    public async Task GuestAcceptsOnAPreopenedListener()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        var engine = new Engine();
        var linker = new Linker(engine);
        using var wasi = Wasi.AddToLinker(linker, new WasiConfig().PreopenSocket(listener));
        var instance = linker.Instantiate(new Store(engine), Module.FromText(engine, Wat));
        wasi.Bind(instance);

        using var client = new TcpClient();
        var connecting = client.ConnectAsync((IPEndPoint)listener.LocalEndPoint!);
        Assert.Equal(0, instance.GetFunction<Func<int>>("serve")());
        await connecting;
        using var reader = new StreamReader(client.GetStream(), Encoding.UTF8);
        Assert.Equal("hello from wasm", await reader.ReadToEndAsync());
    }

    [Fact]
    public void OnlyListeningStreamSocketsCanBeHandedOver()
    {
        using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        Assert.Throws<ArgumentException>(() => new WasiConfig().PreopenSocket(udp));
    }
}
