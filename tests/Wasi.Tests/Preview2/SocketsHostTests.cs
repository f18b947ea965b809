using System.Net;
using System.Net.Sockets;
using System.Text;
using Wasm.Components.Bindings;
using Wasm.Wasi.Preview2.Bindings.Wasi.Io;
using Wasm.Wasi.Preview2.Bindings.Wasi.Sockets;
using Wasm.Wasi.Preview2.Sockets;
using ErrorCode = Wasm.Wasi.Preview2.Bindings.Wasi.Sockets.Network.ErrorCode;
using Family = Wasm.Wasi.Preview2.Bindings.Wasi.Sockets.Network.IpAddressFamily;
using SocketAddress = Wasm.Wasi.Preview2.Bindings.Wasi.Sockets.Network.IpSocketAddress;

namespace Wasm.Wasi.Tests.Preview2;

/// <summary>
/// The <c>wasi:sockets</c> host objects called directly, over loopback: the TCP state machine with its error codes,
/// TCP and UDP data transfer, socket options, name lookup, and the deny-by-default capability checks.
/// </summary>
public sealed class SocketsHostTests
{
    private static SocketsHost Host(params string[] ranges)
    {
        var config = new WasiConfig();
        foreach (var range in ranges) config.AllowSocketAddresses(range);
        return new SocketsHost(config);
    }

    private static SocketAddress V4(byte a, byte b, byte c, byte d, ushort port) =>
        new SocketAddress.Ipv4(new Network.Ipv4SocketAddress(port, (a, b, c, d)));

    private static SocketAddress Loopback(ushort port) => V4(127, 0, 0, 1, port);

    private static ushort Port(SocketAddress address) => address switch
    {
        SocketAddress.Ipv4 v4 => v4.Value.Port,
        SocketAddress.Ipv6 v6 => v6.Value.Port,
        _ => throw new ArgumentException("no address"),
    };

    private static T Ok<T>(Result<T, ErrorCode> result)
    {
        Assert.True(result.IsOk, result.IsOk ? "" : $"expected ok, got {result.Error}");
        return result.Value;
    }

    private static ErrorCode Error<T>(Result<T, ErrorCode> result)
    {
        Assert.False(result.IsOk, "expected an error");
        return result.Error;
    }

    private static ITcp.ITcpSocket Listener(SocketsHost host, INetwork.INetwork_ network, out ushort port)
    {
        var listener = Ok(host.CreateTcpSocket(Family.Ipv4));
        Ok(listener.StartBind(network, Loopback(0)));
        Ok(listener.FinishBind());
        Ok(listener.StartListen());
        Ok(listener.FinishListen());
        port = Port(Ok(listener.LocalAddress()));
        return listener;
    }

    private static (IStreams.IInputStream, IStreams.IOutputStream) Connect(ITcp.ITcpSocket client, INetwork.INetwork_ network, ushort port)
    {
        Ok(client.StartConnect(network, Loopback(port)));
        while (true)
        {
            var finished = client.FinishConnect();
            if (finished.IsOk) return finished.Value;
            Assert.Equal(ErrorCode.WouldBlock, finished.Error);
            client.Subscribe().Block();
        }
    }

    private static (ITcp.ITcpSocket, IStreams.IInputStream, IStreams.IOutputStream) Accept(ITcp.ITcpSocket listener)
    {
        listener.Subscribe().Block();
        return Ok(listener.Accept());
    }

    private static string ReadExactly(IStreams.IInputStream input, int count)
    {
        var bytes = new List<byte>();
        while (bytes.Count < count)
        {
            var read = input.BlockingRead((ulong)(count - bytes.Count));
            Assert.True(read.IsOk, "read failed");
            bytes.AddRange(read.Value);
        }
        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    [Fact]
    public void TcpListenConnectAcceptEcho()
    {
        var host = Host("127.0.0.1/32");
        var network = host.InstanceNetwork();
        var listener = Listener(host, network, out var port);
        Assert.True(listener.IsListening());
        Assert.NotEqual(0, port);

        var client = Ok(host.CreateTcpSocket(Family.Ipv4));
        var (clientIn, clientOut) = Connect(client, network, port);
        var (server, serverIn, serverOut) = Accept(listener);

        Assert.Equal(Ok(client.LocalAddress()), Ok(server.RemoteAddress()));
        Assert.Equal(Loopback(port), Ok(client.RemoteAddress()));
        Assert.False(server.IsListening());

        Assert.True(clientOut.BlockingWriteAndFlush(Encoding.UTF8.GetBytes("ping over wasi:sockets")).IsOk);
        var got = ReadExactly(serverIn, 22);
        Assert.Equal("ping over wasi:sockets", got);
        Assert.True(serverOut.BlockingWriteAndFlush(Encoding.UTF8.GetBytes(got.ToUpperInvariant())).IsOk);
        Assert.Equal("PING OVER WASI:SOCKETS", ReadExactly(clientIn, 22));

        // Shutting down the client's sending side ends the server's input stream.
        Ok(client.Shutdown(Tcp.ShutdownType.Send));
        var end = serverIn.BlockingRead(16);
        Assert.True(end.IsErr);
        Assert.IsType<Streams.StreamError.Closed>(end.Error);
        foreach (var d in new object[] { clientIn, clientOut, serverIn, serverOut, client, server, listener }) ((IDisposable)d).Dispose();
    }

    [Fact]
    public void TcpOverIpv6Loopback()
    {
        var host = Host("::1/128");
        var network = host.InstanceNetwork();
        var v6Loopback = new SocketAddress.Ipv6(new Network.Ipv6SocketAddress(0, 0, (0, 0, 0, 0, 0, 0, 0, 1), 0));
        var listener = Ok(host.CreateTcpSocket(Family.Ipv6));
        Assert.Equal(Family.Ipv6, listener.AddressFamily());
        Ok(listener.StartBind(network, v6Loopback));
        Ok(listener.FinishBind());
        Ok(listener.StartListen());
        Ok(listener.FinishListen());
        var local = Assert.IsType<SocketAddress.Ipv6>(Ok(listener.LocalAddress()));
        Assert.Equal((ushort)0, local.Value.Address.Item1);
        Assert.Equal((ushort)1, local.Value.Address.Item8);

        var client = Ok(host.CreateTcpSocket(Family.Ipv6));
        Ok(client.SetHopLimit(9));
        Assert.Equal(9, Ok(client.HopLimit()));
        Ok(client.StartConnect(network, local));
        client.Subscribe().Block();
        var (_, clientOut) = Ok(client.FinishConnect());
        var (server, serverIn, _) = Accept(listener);
        Assert.Equal(Ok(client.LocalAddress()), Ok(server.RemoteAddress()));
        Assert.True(clientOut.BlockingWriteAndFlush([42]).IsOk);
        Assert.Equal([42], serverIn.BlockingRead(1).Value);
    }

    [Fact]
    public void TcpStateMachineRejectsOperationsInTheWrongState()
    {
        var host = Host("127.0.0.1/32");
        var network = host.InstanceNetwork();
        var socket = Ok(host.CreateTcpSocket(Family.Ipv4));
        Assert.Equal(Family.Ipv4, socket.AddressFamily());
        Assert.Equal(ErrorCode.NotInProgress, Error(socket.FinishBind()));
        Assert.Equal(ErrorCode.NotInProgress, Error(socket.FinishConnect()));
        Assert.Equal(ErrorCode.NotInProgress, Error(socket.FinishListen()));
        Assert.Equal(ErrorCode.InvalidState, Error(socket.StartListen()));
        Assert.Equal(ErrorCode.InvalidState, Error(socket.Accept()));
        Assert.Equal(ErrorCode.InvalidState, Error(socket.LocalAddress()));
        Assert.Equal(ErrorCode.InvalidState, Error(socket.RemoteAddress()));
        Assert.Equal(ErrorCode.InvalidState, Error(socket.Shutdown(Tcp.ShutdownType.Both)));
        Assert.True(socket.Subscribe().Ready());

        Ok(socket.StartBind(network, Loopback(0)));
        Assert.Equal(ErrorCode.ConcurrencyConflict, Error(socket.StartBind(network, Loopback(0))));
        Assert.Equal(ErrorCode.ConcurrencyConflict, Error(socket.StartListen()));
        Ok(socket.FinishBind());
        Assert.Equal(ErrorCode.NotInProgress, Error(socket.FinishBind()));
        Assert.Equal(ErrorCode.InvalidState, Error(socket.StartBind(network, Loopback(0))));
        Ok(socket.StartListen());
        Assert.False(socket.IsListening());
        Ok(socket.FinishListen());
        Assert.True(socket.IsListening());
        Assert.Equal(ErrorCode.InvalidState, Error(socket.StartListen()));
        Assert.Equal(ErrorCode.InvalidState, Error(socket.StartConnect(network, Loopback(1))));
        // Nobody connects: accept would block and the listener's pollable is not ready.
        Assert.Equal(ErrorCode.WouldBlock, Error(socket.Accept()));
        Assert.False(socket.Subscribe().Ready());
        ((IDisposable)socket).Dispose();
    }

    [Fact]
    public void TcpRejectsInvalidAddresses()
    {
        var host = Host("0.0.0.0/0", "::/0");
        var network = host.InstanceNetwork();
        var socket = Ok(host.CreateTcpSocket(Family.Ipv4));
        Assert.Equal(ErrorCode.InvalidArgument, Error(socket.StartConnect(network, Loopback(0))));
        Assert.Equal(ErrorCode.InvalidArgument, Error(socket.StartConnect(network, V4(0, 0, 0, 0, 80))));
        Assert.Equal(ErrorCode.InvalidArgument, Error(socket.StartConnect(network, V4(224, 0, 0, 1, 80))));
        var v6Loopback = new SocketAddress.Ipv6(new Network.Ipv6SocketAddress(80, 0, (0, 0, 0, 0, 0, 0, 0, 1), 0));
        Assert.Equal(ErrorCode.InvalidArgument, Error(socket.StartConnect(network, v6Loopback)));
        Assert.Equal(ErrorCode.InvalidArgument, Error(socket.StartBind(network, v6Loopback)));

        var v6 = Ok(host.CreateTcpSocket(Family.Ipv6));
        var mapped = new SocketAddress.Ipv6(new Network.Ipv6SocketAddress(80, 0, (0, 0, 0, 0, 0, 0xffff, 0x7f00, 1), 0));
        Assert.Equal(ErrorCode.InvalidArgument, Error(v6.StartConnect(network, mapped)));
        Assert.Equal(ErrorCode.InvalidArgument, Error(v6.StartBind(network, mapped)));
        ((IDisposable)socket).Dispose();
        ((IDisposable)v6).Dispose();
    }

    [Fact]
    public void TcpConnectToAClosedPortIsRefusedAndClosesTheSocket()
    {
        // A bound socket that does not listen holds the port, so nothing accepts on it.
        using var reserved = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        reserved.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var port = (ushort)((IPEndPoint)reserved.LocalEndPoint!).Port;

        var host = Host("127.0.0.1/32");
        var network = host.InstanceNetwork();
        var socket = Ok(host.CreateTcpSocket(Family.Ipv4));
        Ok(socket.StartConnect(network, Loopback(port)));
        Assert.Equal(ErrorCode.ConcurrencyConflict, Error(socket.StartConnect(network, Loopback(port))));
        socket.Subscribe().Block();
        Assert.Equal(ErrorCode.ConnectionRefused, Error(socket.FinishConnect()));
        Assert.Equal(ErrorCode.InvalidState, Error(socket.StartConnect(network, Loopback(port))));
        Assert.Equal(ErrorCode.InvalidState, Error(socket.StartBind(network, Loopback(0))));
        ((IDisposable)socket).Dispose();
    }

    [Fact]
    public void TcpBindToAnAddressInUseFails()
    {
        var host = Host("127.0.0.1/32");
        var network = host.InstanceNetwork();
        var first = Listener(host, network, out var port);
        var second = Ok(host.CreateTcpSocket(Family.Ipv4));
        Assert.Equal(ErrorCode.AddressInUse, Error(second.StartBind(network, Loopback(port))));
        // The failed bind left the socket unbound: it can still bind elsewhere.
        Ok(second.StartBind(network, Loopback(0)));
        ((IDisposable)first).Dispose();
        ((IDisposable)second).Dispose();
    }

    [Fact]
    public void TcpOptionsRoundTripAndRejectZero()
    {
        var host = Host("127.0.0.1/32");
        var socket = Ok(host.CreateTcpSocket(Family.Ipv4));
        Ok(socket.SetKeepAliveEnabled(true));
        Assert.True(Ok(socket.KeepAliveEnabled()));
        Ok(socket.SetKeepAliveEnabled(false));
        Assert.False(Ok(socket.KeepAliveEnabled()));

        // Keep-alive times are whole seconds in the kernel: 1.5 s rounds up to 2 s.
        Ok(socket.SetKeepAliveIdleTime(1_500_000_000));
        Assert.Equal(2_000_000_000UL, Ok(socket.KeepAliveIdleTime()));
        Ok(socket.SetKeepAliveInterval(3_000_000_000));
        Assert.Equal(3_000_000_000UL, Ok(socket.KeepAliveInterval()));
        Ok(socket.SetKeepAliveCount(7));
        Assert.Equal(7u, Ok(socket.KeepAliveCount()));
        Assert.Equal(ErrorCode.InvalidArgument, Error(socket.SetKeepAliveIdleTime(0)));
        Assert.Equal(ErrorCode.InvalidArgument, Error(socket.SetKeepAliveInterval(0)));
        Assert.Equal(ErrorCode.InvalidArgument, Error(socket.SetKeepAliveCount(0)));

        Ok(socket.SetHopLimit(42));
        Assert.Equal(42, Ok(socket.HopLimit()));
        Assert.Equal(ErrorCode.InvalidArgument, Error(socket.SetHopLimit(0)));

        Ok(socket.SetReceiveBufferSize(64 * 1024));
        Assert.True(Ok(socket.ReceiveBufferSize()) >= 64 * 1024);
        Ok(socket.SetSendBufferSize(64 * 1024));
        Assert.True(Ok(socket.SendBufferSize()) >= 64 * 1024);
        Assert.Equal(ErrorCode.InvalidArgument, Error(socket.SetReceiveBufferSize(0)));
        Assert.Equal(ErrorCode.InvalidArgument, Error(socket.SetSendBufferSize(0)));

        Assert.Equal(ErrorCode.InvalidArgument, Error(socket.SetListenBacklogSize(0)));
        Ok(socket.SetListenBacklogSize(16));
        ((IDisposable)socket).Dispose();
    }

    [Fact]
    public void NothingIsAllowedByDefault()
    {
        var host = new SocketsHost(new WasiConfig());
        var network = host.InstanceNetwork();
        Assert.Equal(ErrorCode.AccessDenied, Error(host.CreateTcpSocket(Family.Ipv4)));
        Assert.Equal(ErrorCode.AccessDenied, Error(host.CreateTcpSocket(Family.Ipv6)));
        Assert.Equal(ErrorCode.AccessDenied, Error(host.CreateUdpSocket(Family.Ipv4)));
        Assert.Equal(ErrorCode.AccessDenied, Error(host.ResolveAddresses(network, "localhost")));
    }

    [Fact]
    public void ConnectOutsideTheAllowedRangesIsDeniedBeforeAnythingIsSent()
    {
        using var target = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        target.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        target.Listen();
        var port = (ushort)((IPEndPoint)target.LocalEndPoint!).Port;

        var host = Host("127.0.0.2/32");
        var network = host.InstanceNetwork();
        var socket = Ok(host.CreateTcpSocket(Family.Ipv4));
        Assert.Equal(ErrorCode.AccessDenied, Error(socket.StartConnect(network, Loopback(port))));
        Assert.Equal(ErrorCode.AccessDenied, Error(socket.StartBind(network, Loopback(0))));
        // No connection reached the listener.
        Assert.False(target.Poll(200_000, SelectMode.SelectRead));
        // The denied calls left the socket unbound and unconnected: an allowed bind still works.
        Ok(socket.StartBind(network, V4(127, 0, 0, 2, 0)));
        ((IDisposable)socket).Dispose();

        var udp = Ok(host.CreateUdpSocket(Family.Ipv4));
        Assert.Equal(ErrorCode.AccessDenied, Error(udp.StartBind(network, Loopback(0))));
        Ok(udp.StartBind(network, V4(127, 0, 0, 2, 0)));
        Ok(udp.FinishBind());
        Assert.Equal(ErrorCode.AccessDenied, Error(udp.Stream(Loopback(port))));
        var (_, outgoing) = Ok(udp.Stream(null));
        Ok(outgoing.CheckSend());
        Assert.Equal(ErrorCode.AccessDenied, Error(outgoing.Send([new Udp.OutgoingDatagram([1, 2, 3], Loopback(port))])));
        ((IDisposable)udp).Dispose();
    }

    [Fact]
    public void UdpDatagramsBothWays()
    {
        var host = Host("127.0.0.1/32");
        var network = host.InstanceNetwork();
        var a = Ok(host.CreateUdpSocket(Family.Ipv4));
        var b = Ok(host.CreateUdpSocket(Family.Ipv4));
        Assert.Equal(ErrorCode.InvalidState, Error(a.Stream(null)));
        Assert.Equal(ErrorCode.NotInProgress, Error(a.FinishBind()));
        Ok(a.StartBind(network, Loopback(0)));
        Ok(a.FinishBind());
        Ok(b.StartBind(network, Loopback(0)));
        Ok(b.FinishBind());
        var aAddress = Ok(a.LocalAddress());
        var bAddress = Ok(b.LocalAddress());
        Assert.Equal(ErrorCode.InvalidState, Error(a.RemoteAddress()));

        var (aIn, aOut) = Ok(a.Stream(null));
        var (bIn, bOut) = Ok(b.Stream(aAddress));
        Assert.Equal(aAddress, Ok(b.RemoteAddress()));

        Assert.True(Ok(bOut.CheckSend()) >= 2);
        Assert.Equal(2UL, Ok(bOut.Send([
            new Udp.OutgoingDatagram(Encoding.UTF8.GetBytes("one"), null),
            new Udp.OutgoingDatagram(Encoding.UTF8.GetBytes("two"), aAddress),
        ])));
        var received = new List<Udp.IncomingDatagram>();
        while (received.Count < 2)
        {
            aIn.Subscribe().Block();
            received.AddRange(Ok(aIn.Receive(10)));
        }
        Assert.Equal(["one", "two"], received.Select(d => Encoding.UTF8.GetString(d.Data)));
        Assert.All(received, d => Assert.Equal(bAddress, d.RemoteAddress));

        // The unconnected socket names the destination per datagram, and must name one.
        Ok(aOut.CheckSend());
        Assert.Equal(ErrorCode.InvalidArgument, Error(aOut.Send([new Udp.OutgoingDatagram([0], null)])));
        Ok(aOut.CheckSend());
        Assert.Equal(1UL, Ok(aOut.Send([new Udp.OutgoingDatagram(Encoding.UTF8.GetBytes("back"), bAddress)])));
        bIn.Subscribe().Block();
        var reply = Ok(bIn.Receive(1));
        Assert.Equal("back", Encoding.UTF8.GetString(Assert.Single(reply).Data));

        // A connected socket refuses other destinations; a new stream pair retires the old one.
        Ok(bOut.CheckSend());
        Assert.Equal(ErrorCode.InvalidArgument, Error(bOut.Send([new Udp.OutgoingDatagram([0], bAddress)])));
        var (bIn2, _) = Ok(b.Stream(null));
        Assert.Equal(ErrorCode.InvalidState, Error(bIn.Receive(1)));
        Assert.Equal(ErrorCode.InvalidState, Error(bOut.CheckSend()));
        Assert.Equal(ErrorCode.InvalidState, Error(b.RemoteAddress()));
        Assert.Empty(Ok(bIn2.Receive(1)));
        ((IDisposable)a).Dispose();
        ((IDisposable)b).Dispose();
    }

    [Fact]
    public void UdpSendBeyondCheckSendTraps()
    {
        var host = Host("127.0.0.1/32");
        var network = host.InstanceNetwork();
        var socket = Ok(host.CreateUdpSocket(Family.Ipv4));
        Ok(socket.StartBind(network, Loopback(0)));
        Ok(socket.FinishBind());
        var (_, outgoing) = Ok(socket.Stream(Ok(socket.LocalAddress())));
        // No check-send yet: nothing is permitted.
        Assert.Throws<TrapException>(() => outgoing.Send([new Udp.OutgoingDatagram([1], null)]));
        ((IDisposable)socket).Dispose();
    }

    [Fact]
    public void NameLookupResolvesLocalhostAndLiterals()
    {
        var config = new WasiConfig { AllowNameLookup = true };
        var host = new SocketsHost(config);
        var network = host.InstanceNetwork();

        var literal = Ok(host.ResolveAddresses(network, "192.0.2.7"));
        Assert.True(literal.Subscribe().Ready());
        Assert.Equal(new Network.IpAddress.Ipv4((192, 0, 2, 7)), Ok(literal.ResolveNextAddress()));
        Assert.Null(Ok(literal.ResolveNextAddress()));

        var v6 = Ok(host.ResolveAddresses(network, "[::1]"));
        Assert.Equal(new Network.IpAddress.Ipv6((0, 0, 0, 0, 0, 0, 0, 1)), Ok(v6.ResolveNextAddress()));

        var stream = Ok(host.ResolveAddresses(network, "localhost"));
        stream.Subscribe().Block();
        var addresses = new List<Network.IpAddress>();
        while (Ok(stream.ResolveNextAddress()) is { } address) addresses.Add(address);
        Assert.Contains(addresses, a => a.Equals(new Network.IpAddress.Ipv4((127, 0, 0, 1))) || a.Equals(new Network.IpAddress.Ipv6((0, 0, 0, 0, 0, 0, 0, 1))));
        ((IDisposable)stream).Dispose();

        Assert.Equal(ErrorCode.InvalidArgument, Error(host.ResolveAddresses(network, "")));
        Assert.Equal(ErrorCode.InvalidArgument, Error(host.ResolveAddresses(network, "not a host name")));
    }

    [Fact]
    public void AllowedRangesParseCidrAndBareAddresses()
    {
        var config = new WasiConfig().AllowSocketAddresses("10.0.0.0/8").AllowSocketAddresses("::1").AllowSocketAddresses("192.0.2.1");
        Assert.Equal([IPNetwork.Parse("10.0.0.0/8"), IPNetwork.Parse("::1/128"), IPNetwork.Parse("192.0.2.1/32")], config.SocketAddresses);
        Assert.Throws<FormatException>(() => new WasiConfig().AllowSocketAddresses("localhost"));
        Assert.Throws<FormatException>(() => new WasiConfig().AllowSocketAddresses("10.0.0.0/40"));

        var host = new SocketsHost(config);
        var network = host.InstanceNetwork();
        var socket = Ok(host.CreateTcpSocket(Family.Ipv4));
        // 10.1.2.3 is inside 10.0.0.0/8, so the policy lets it through and the host has no such address to bind;
        // 192.0.2.2 is outside every range.
        Assert.Equal(ErrorCode.AddressNotBindable, Error(socket.StartBind(network, V4(10, 1, 2, 3, 0))));
        Assert.Equal(ErrorCode.AccessDenied, Error(socket.StartBind(network, V4(192, 0, 2, 2, 0))));
        ((IDisposable)socket).Dispose();
    }

    [Fact]
    public void SocketPollablesWaitInTheSamePollAsTimers()
    {
        var host = Host("127.0.0.1/32");
        var network = host.InstanceNetwork();
        var listener = Listener(host, network, out var port);
        var poller = new Wasm.Wasi.Preview2.Io.Poller();
        var pending = listener.Subscribe();

        // Nobody connects: the 50 ms deadline wins, after at least 50 ms.
        var started = System.Diagnostics.Stopwatch.StartNew();
        Assert.Equal([1u], poller.Poll([pending, new Wasm.Wasi.Preview2.Io.DeadlinePollable(Wasm.Wasi.Preview2.Io.MonotonicTime.Now() + 50_000_000)]));
        Assert.True(started.ElapsedMilliseconds >= 45, $"poll returned after {started.ElapsedMilliseconds} ms");

        // A connection arrives: the listener's pollable wins over a distant deadline.
        var client = Ok(host.CreateTcpSocket(Family.Ipv4));
        Ok(client.StartConnect(network, Loopback(port)));
        var far = new Wasm.Wasi.Preview2.Io.DeadlinePollable(Wasm.Wasi.Preview2.Io.MonotonicTime.Now() + 60_000_000_000);
        Assert.Equal([0u], poller.Poll([pending, far]));
        Ok(listener.Accept());
        ((IDisposable)client).Dispose();
        ((IDisposable)listener).Dispose();
    }

    [Fact]
    public void TcpBackpressureThroughCheckWriteAndSubscribe()
    {
        var host = Host("127.0.0.1/32");
        var network = host.InstanceNetwork();
        var listener = Listener(host, network, out var port);
        var client = Ok(host.CreateTcpSocket(Family.Ipv4));
        Ok(client.SetSendBufferSize(16 * 1024));
        var (_, clientOut) = Connect(client, network, port);
        var (_, serverIn, _) = Accept(listener);

        // Fill the connection without reading: writes never block, check-write eventually grants nothing (bytes are
        // waiting in the host) and the pollable is not ready.
        var chunk = new byte[64 * 1024];
        int written = 0;
        while (true)
        {
            var permitted = clientOut.CheckWrite();
            Assert.True(permitted.IsOk);
            if (permitted.Value == 0) break;
            Assert.True(clientOut.Write(chunk).IsOk);
            written += chunk.Length;
            Assert.True(written < 64 << 20, "the connection never filled up");
        }
        Assert.False(clientOut.Subscribe().Ready());

        // Reading the other end lets the buffered bytes go out (each check-write pushes more): every byte arrives.
        var poller = new Wasm.Wasi.Preview2.Io.Poller();
        long read = 0;
        while (read < written)
        {
            poller.Poll([serverIn.Subscribe(), clientOut.Subscribe()]);
            Assert.True(clientOut.CheckWrite().IsOk);
            var data = serverIn.Read(1 << 16);
            Assert.True(data.IsOk);
            read += data.Value.Length;
        }
        Assert.Equal(written, read);
        ((IDisposable)client).Dispose();
        ((IDisposable)listener).Dispose();
    }

    [Fact]
    public void BufferedBytesGoOutInTheBackgroundAndBeforeAShutdown()
    {
        var host = Host("127.0.0.1/32");
        var network = host.InstanceNetwork();
        var listener = Listener(host, network, out var port);
        var client = Ok(host.CreateTcpSocket(Family.Ipv4));
        Ok(client.SetSendBufferSize(16 * 1024));
        var (_, clientOut) = Connect(client, network, port);
        var (_, serverIn, _) = Accept(listener);

        var chunk = new byte[64 * 1024];
        for (int i = 0; i < chunk.Length; i++) chunk[i] = (byte)i;
        long written = 0;
        while (Ok2(clientOut.CheckWrite()) > 0)
        {
            Assert.True(clientOut.Write(chunk).IsOk);
            written += chunk.Length;
        }
        // The sending side ends after the buffered bytes: the reader gets every byte, in order, then the end, while
        // the writer's stream is never touched again.
        Ok(client.Shutdown(Tcp.ShutdownType.Send));
        long read = 0;
        while (true)
        {
            var data = serverIn.BlockingRead(1 << 16);
            if (data.IsErr)
            {
                Assert.IsType<Streams.StreamError.Closed>(data.Error);
                break;
            }
            foreach (var b in data.Value) Assert.Equal((byte)(read++ % chunk.Length), b);
        }
        Assert.Equal(written, read);
        ((IDisposable)client).Dispose();
        ((IDisposable)listener).Dispose();
    }

    private static ulong Ok2(Result<ulong, Streams.StreamError> result)
    {
        Assert.True(result.IsOk);
        return result.Value;
    }
}
