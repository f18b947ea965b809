using System.Net;
using System.Net.Sockets;
using Wasm.Components.Bindings;
using Wasm.Wasi.Host;
using Wasm.Wasi.Preview2.Bindings.Wasi.Io;
using Wasm.Wasi.Preview2.Bindings.Wasi.Sockets;
using Wasm.Wasi.Preview2.Io;
using static Wasm.Wasi.Preview2.Sockets.SocketOptions;

namespace Wasm.Wasi.Preview2.Sockets;

/// <summary>
/// A <c>wasi:sockets/udp.udp-socket</c> over a non-blocking .NET <see cref="Socket"/>. Datagrams flow through the
/// streams <c>stream</c> returns; each call to <c>stream</c> replaces the previous pair, which then fails with
/// <c>invalid-state</c>. Every destination, whether fixed by <c>stream</c> or given per datagram, is checked
/// against the guest's allowed address ranges.
/// </summary>
internal sealed class UdpSocket : IUdp.IUdpSocket, IDisposable
{
    private readonly Socket _socket;
    private readonly SocketPolicy _policy;
    private HostNetwork? _network;
    private bool _bindStarted, _bound;
    private IPEndPoint? _remote;
    private int _generation;

    public UdpSocket(Network.IpAddressFamily family, SocketPolicy policy)
    {
        _socket = new Socket(SocketAddresses.ToDotnet(family), SocketType.Dgram, ProtocolType.Udp);
        if (family == Network.IpAddressFamily.Ipv6) _socket.DualMode = false;
        _socket.Blocking = false;
        _policy = policy;
    }

    internal Socket Socket => _socket;

    internal SocketPolicy Policy => _policy;

    internal IPEndPoint? Remote => _remote;

    internal int Generation => _generation;

    internal int Fd => (int)_socket.Handle;

    private static Result<Unit, Network.ErrorCode> Ok() => Result.Ok<Unit, Network.ErrorCode>(default);

    private static Result<T, Network.ErrorCode> Err<T>(Network.ErrorCode code) => Result.Err<T, Network.ErrorCode>(code);

    public Result<Unit, Network.ErrorCode> StartBind(INetwork.INetwork_ network, Network.IpSocketAddress localAddress)
    {
        if (_bindStarted) return Err<Unit>(_bound ? Network.ErrorCode.InvalidState : Network.ErrorCode.ConcurrencyConflict);
        if (network is not HostNetwork net) return Err<Unit>(Network.ErrorCode.InvalidArgument);
        var endPoint = SocketAddresses.ToEndPoint(localAddress);
        if (SocketAddresses.Check(_socket.AddressFamily, endPoint, remote: false) is { } invalid) return Err<Unit>(invalid);
        if (!_policy.Allows(endPoint.Address)) return Err<Unit>(Network.ErrorCode.AccessDenied);
        try
        {
            _socket.Bind(endPoint);
        }
        catch (SocketException e)
        {
            return Err<Unit>(e.SocketErrorCode == SocketError.AddressNotAvailable ? Network.ErrorCode.AddressNotBindable : SocketErrors.From(e));
        }
        _network = net;
        _bindStarted = true;
        return Ok();
    }

    public Result<Unit, Network.ErrorCode> FinishBind()
    {
        if (!_bindStarted || _bound) return Err<Unit>(Network.ErrorCode.NotInProgress);
        _bound = true;
        return Ok();
    }

    public Result<(IUdp.IIncomingDatagramStream, IUdp.IOutgoingDatagramStream), Network.ErrorCode> Stream(Network.IpSocketAddress? remoteAddress)
    {
        if (!_bound) return Err<(IUdp.IIncomingDatagramStream, IUdp.IOutgoingDatagramStream)>(Network.ErrorCode.InvalidState);
        if (remoteAddress is not null)
        {
            var endPoint = SocketAddresses.ToEndPoint(remoteAddress);
            if (SocketAddresses.Check(_socket.AddressFamily, endPoint, remote: true) is { } invalid)
                return Err<(IUdp.IIncomingDatagramStream, IUdp.IOutgoingDatagramStream)>(invalid);
            if (!_policy.Allows(endPoint.Address)) return Err<(IUdp.IIncomingDatagramStream, IUdp.IOutgoingDatagramStream)>(Network.ErrorCode.AccessDenied);
            try
            {
                _socket.Connect(endPoint);
            }
            catch (SocketException e)
            {
                return Err<(IUdp.IIncomingDatagramStream, IUdp.IOutgoingDatagramStream)>(SocketErrors.From(e));
            }
            _remote = endPoint;
        }
        else if (_remote is not null)
        {
            if (SocketCalls.Disconnect(Fd) != 0)
                return Err<(IUdp.IIncomingDatagramStream, IUdp.IOutgoingDatagramStream)>(SocketErrors.FromErrno(Libc.Errno));
            _remote = null;
        }
        _generation++;
        return Result.Ok<(IUdp.IIncomingDatagramStream, IUdp.IOutgoingDatagramStream), Network.ErrorCode>(
            (new IncomingDatagramStream(this, _generation), new OutgoingDatagramStream(this, _generation)));
    }

    public Result<Network.IpSocketAddress, Network.ErrorCode> LocalAddress()
    {
        if (!_bound) return Err<Network.IpSocketAddress>(Network.ErrorCode.InvalidState);
        try
        {
            return _socket.LocalEndPoint is IPEndPoint local
                ? Result.Ok<Network.IpSocketAddress, Network.ErrorCode>(SocketAddresses.FromEndPoint(local))
                : Err<Network.IpSocketAddress>(Network.ErrorCode.InvalidState);
        }
        catch (SocketException e)
        {
            return Err<Network.IpSocketAddress>(SocketErrors.From(e));
        }
    }

    public Result<Network.IpSocketAddress, Network.ErrorCode> RemoteAddress() =>
        _remote is { } remote
            ? Result.Ok<Network.IpSocketAddress, Network.ErrorCode>(SocketAddresses.FromEndPoint(remote))
            : Err<Network.IpSocketAddress>(Network.ErrorCode.InvalidState);

    public Network.IpAddressFamily AddressFamily() =>
        _socket.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? Network.IpAddressFamily.Ipv4 : Network.IpAddressFamily.Ipv6;

    public Result<byte, Network.ErrorCode> UnicastHopLimit() => HopLimit(_socket);

    public Result<Unit, Network.ErrorCode> SetUnicastHopLimit(byte value) => SetHopLimit(_socket, value);

    public Result<ulong, Network.ErrorCode> ReceiveBufferSize() => BufferSize(_socket, SoRcvBuf);

    public Result<Unit, Network.ErrorCode> SetReceiveBufferSize(ulong value) => SetBufferSize(_socket, SoRcvBuf, value);

    public Result<ulong, Network.ErrorCode> SendBufferSize() => BufferSize(_socket, SoSndBuf);

    public Result<Unit, Network.ErrorCode> SetSendBufferSize(ulong value) => SetBufferSize(_socket, SoSndBuf, value);

    /// <summary>Binding completes at once, so the socket itself is always ready.</summary>
    public IPoll.IPollable Subscribe() => new ReadyPollable();

    public void Dispose()
    {
        _generation = -1;
        _socket.Dispose();
    }
}

/// <summary>A <c>wasi:sockets/udp.incoming-datagram-stream</c>: receives what the kernel has queued, never waiting.</summary>
internal sealed class IncomingDatagramStream(UdpSocket socket, int generation) : IUdp.IIncomingDatagramStream
{
    private const int MaxDatagram = 65535;
    private const int MaxBatch = 64;

    private readonly byte[] _buffer = new byte[MaxDatagram];

    private bool Current => socket.Generation == generation;

    public Result<IReadOnlyList<Udp.IncomingDatagram>, Network.ErrorCode> Receive(ulong maxResults)
    {
        if (!Current) return Result.Err<IReadOnlyList<Udp.IncomingDatagram>, Network.ErrorCode>(Network.ErrorCode.InvalidState);
        var received = new List<Udp.IncomingDatagram>();
        if (maxResults == 0) return Result.Ok<IReadOnlyList<Udp.IncomingDatagram>, Network.ErrorCode>(received);
        var buffer = _buffer;
        int limit = (int)Math.Min(maxResults, MaxBatch);
        while (received.Count < limit && Poller.Check(socket.Fd, Libc.POLLIN))
        {
            EndPoint from = socket.Socket.AddressFamily == AddressFamily.InterNetwork ? new IPEndPoint(IPAddress.Any, 0) : new IPEndPoint(IPAddress.IPv6Any, 0);
            int n;
            try
            {
                n = socket.Socket.ReceiveFrom(buffer, SocketFlags.None, ref from);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.WouldBlock)
            {
                break;
            }
            catch (SocketException e)
            {
                // An error after some datagrams is reported by the next call (the kernel keeps it pending only
                // for ICMP errors, which recur); the datagrams already taken are not lost.
                if (received.Count > 0) break;
                return Result.Err<IReadOnlyList<Udp.IncomingDatagram>, Network.ErrorCode>(SocketErrors.From(e));
            }
            received.Add(new Udp.IncomingDatagram(buffer.AsSpan(0, n).ToArray(), SocketAddresses.FromEndPoint((IPEndPoint)from)));
        }
        return Result.Ok<IReadOnlyList<Udp.IncomingDatagram>, Network.ErrorCode>(received);
    }

    public IPoll.IPollable Subscribe() => Current ? new DescriptorPollable(socket.Fd, Libc.POLLIN) : new ReadyPollable();
}

/// <summary>
/// A <c>wasi:sockets/udp.outgoing-datagram-stream</c>: <c>check-send</c> grants a batch while the socket is
/// writable; <c>send</c> traps when given more datagrams than granted, as the WIT requires.
/// </summary>
internal sealed class OutgoingDatagramStream(UdpSocket socket, int generation) : IUdp.IOutgoingDatagramStream
{
    private const ulong Batch = 64;
    private ulong _permitted;

    private bool Current => socket.Generation == generation;

    public Result<ulong, Network.ErrorCode> CheckSend()
    {
        if (!Current) return Result.Err<ulong, Network.ErrorCode>(Network.ErrorCode.InvalidState);
        _permitted = Poller.Check(socket.Fd, Libc.POLLOUT) ? Batch : 0;
        return Result.Ok<ulong, Network.ErrorCode>(_permitted);
    }

    public Result<ulong, Network.ErrorCode> Send(IReadOnlyList<Udp.OutgoingDatagram> datagrams)
    {
        if (!Current) return Result.Err<ulong, Network.ErrorCode>(Network.ErrorCode.InvalidState);
        if ((ulong)datagrams.Count > _permitted)
            throw new TrapException(TrapCode.HostError, $"wasi:sockets/udp: send of {datagrams.Count} datagrams exceeds the {_permitted} that check-send permitted");
        _permitted -= (ulong)datagrams.Count;
        ulong sent = 0;
        foreach (var datagram in datagrams)
        {
            var error = SendOne(datagram);
            if (error is { } code)
            {
                if (sent == 0) return Result.Err<ulong, Network.ErrorCode>(code);
                break;
            }
            sent++;
        }
        return Result.Ok<ulong, Network.ErrorCode>(sent);
    }

    private Network.ErrorCode? SendOne(Udp.OutgoingDatagram datagram)
    {
        IPEndPoint? target = null;
        if (datagram.RemoteAddress is { } address)
        {
            target = SocketAddresses.ToEndPoint(address);
            if (SocketAddresses.Check(socket.Socket.AddressFamily, target, remote: true) is { } invalid) return invalid;
            if (socket.Remote is { } remote && !remote.Equals(target)) return Network.ErrorCode.InvalidArgument;
            if (!socket.Policy.Allows(target.Address)) return Network.ErrorCode.AccessDenied;
        }
        else if (socket.Remote is null)
        {
            return Network.ErrorCode.InvalidArgument;
        }
        try
        {
            if (socket.Remote is not null) socket.Socket.Send(datagram.Data);
            else socket.Socket.SendTo(datagram.Data, target!);
        }
        catch (SocketException e)
        {
            return SocketErrors.From(e);
        }
        return null;
    }

    public IPoll.IPollable Subscribe() => Current ? new DescriptorPollable(socket.Fd, Libc.POLLOUT) : new ReadyPollable();
}
