using System.Net;
using System.Net.Sockets;
using Wasm.Components.Bindings;
using Wasm.Wasi.Host;
using Wasm.Wasi.Preview2.Bindings.Wasi.Io;
using Wasm.Wasi.Preview2.Bindings.Wasi.Sockets;
using Wasm.Wasi.Preview2.Io;
using static Wasm.Wasi.Preview2.Sockets.SocketOptions;

namespace Wasm.Wasi.Preview2.Sockets;

/// <summary>The states of a <c>wasi:sockets/tcp.tcp-socket</c>, as its WIT documentation names them.</summary>
internal enum TcpState
{
    Unbound,
    BindStarted,
    Bound,
    ListenStarted,
    Listening,
    ConnectStarted,
    Connected,
    Closed,
}

/// <summary>
/// A <c>wasi:sockets/tcp.tcp-socket</c> over a non-blocking .NET <see cref="Socket"/>. Binding and listening happen
/// in the <c>start-*</c> call and <c>finish-*</c> only moves the state on; connecting is a non-blocking
/// <c>connect(2)</c> whose completion <c>finish-connect</c> reads from <c>SO_ERROR</c> once <c>poll(2)</c> reports
/// the descriptor writable. The connection's streams work on duplicates of the socket's descriptor: the input is the
/// host descriptor stream, the output a <see cref="TcpOutputStream"/> that never blocks; both wait with
/// <c>poll(2)</c> like every other descriptor.
/// </summary>
internal sealed class TcpSocket : ITcp.ITcpSocket, IDisposable
{
    private const int DefaultBacklog = 128;
    private readonly Socket _socket;
    private readonly SocketPolicy _policy;
    private HostNetwork? _network;
    private int _backlog = DefaultBacklog;
    private WeakReference<TcpOutputStream>? _output;

    public TcpSocket(Network.IpAddressFamily family, SocketPolicy policy)
        : this(new Socket(SocketAddresses.ToDotnet(family), SocketType.Stream, ProtocolType.Tcp), policy, TcpState.Unbound)
    {
        // WASI sockets are single-family: an IPv6 socket never carries IPv4 traffic through mapped addresses.
        if (family == Network.IpAddressFamily.Ipv6) _socket.DualMode = false;
    }

    private TcpSocket(Socket socket, SocketPolicy policy, TcpState state)
    {
        _socket = socket;
        _socket.Blocking = false;
        _policy = policy;
        State = state;
    }

    public TcpState State { get; private set; }

    private int Fd => (int)_socket.Handle;

    private static Result<Unit, Network.ErrorCode> Ok() => Result.Ok<Unit, Network.ErrorCode>(default);

    private static Result<T, Network.ErrorCode> Err<T>(Network.ErrorCode code) => Result.Err<T, Network.ErrorCode>(code);

    /// <summary>The error for starting an operation in the current state: another one in progress, or the wrong state.</summary>
    private Network.ErrorCode Busy() =>
        State is TcpState.BindStarted or TcpState.ListenStarted or TcpState.ConnectStarted ? Network.ErrorCode.ConcurrencyConflict : Network.ErrorCode.InvalidState;

    public Result<Unit, Network.ErrorCode> StartBind(INetwork.INetwork_ network, Network.IpSocketAddress localAddress)
    {
        if (State != TcpState.Unbound) return Err<Unit>(Busy());
        if (network is not HostNetwork net) return Err<Unit>(Network.ErrorCode.InvalidArgument);
        var endPoint = SocketAddresses.ToEndPoint(localAddress);
        if (SocketAddresses.Check(_socket.AddressFamily, endPoint, remote: false) is { } invalid) return Err<Unit>(invalid);
        if (!_policy.Allows(endPoint.Address)) return Err<Unit>(Network.ErrorCode.AccessDenied);
        // SO_REUSEADDR (not .NET's ReuseAddress, which adds SO_REUSEPORT): a listener can be rebound while old
        // connections linger in TIME_WAIT, but two live sockets still cannot share an address.
        var reuse = Set(_socket, SolSocket, SoReuseAddr, 1);
        if (reuse.IsErr) return reuse;
        try
        {
            _socket.Bind(endPoint);
        }
        catch (SocketException e)
        {
            return Err<Unit>(e.SocketErrorCode == SocketError.AddressNotAvailable ? Network.ErrorCode.AddressNotBindable : SocketErrors.From(e));
        }
        _network = net;
        State = TcpState.BindStarted;
        return Ok();
    }

    public Result<Unit, Network.ErrorCode> FinishBind()
    {
        if (State != TcpState.BindStarted) return Err<Unit>(Network.ErrorCode.NotInProgress);
        State = TcpState.Bound;
        return Ok();
    }

    public Result<Unit, Network.ErrorCode> StartConnect(INetwork.INetwork_ network, Network.IpSocketAddress remoteAddress)
    {
        if (State is not (TcpState.Unbound or TcpState.Bound)) return Err<Unit>(Busy());
        if (network is not HostNetwork net || _network is not null && _network.Policy != net.Policy) return Err<Unit>(Network.ErrorCode.InvalidArgument);
        var endPoint = SocketAddresses.ToEndPoint(remoteAddress);
        if (SocketAddresses.Check(_socket.AddressFamily, endPoint, remote: true) is { } invalid) return Err<Unit>(invalid);
        if (!_policy.Allows(endPoint.Address)) return Err<Unit>(Network.ErrorCode.AccessDenied);
        try
        {
            _socket.Connect(endPoint);
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.WouldBlock or SocketError.InProgress or SocketError.IOPending)
        {
            // In progress: finish-connect completes it.
        }
        catch (SocketException e)
        {
            State = TcpState.Closed;
            return Err<Unit>(SocketErrors.From(e));
        }
        _network = net;
        State = TcpState.ConnectStarted;
        return Ok();
    }

    public Result<(IStreams.IInputStream, IStreams.IOutputStream), Network.ErrorCode> FinishConnect()
    {
        if (State != TcpState.ConnectStarted) return Err<(IStreams.IInputStream, IStreams.IOutputStream)>(Network.ErrorCode.NotInProgress);
        if (!Poller.Check(Fd, Libc.POLLOUT)) return Err<(IStreams.IInputStream, IStreams.IOutputStream)>(Network.ErrorCode.WouldBlock);
        var error = Get(_socket, SolSocket, SoError);
        if (error.IsErr || error.Value != 0)
        {
            State = TcpState.Closed;
            return Err<(IStreams.IInputStream, IStreams.IOutputStream)>(error.IsErr ? error.Error : SocketErrors.FromErrno(error.Value));
        }
        var streams = Streams();
        if (streams.IsErr)
        {
            State = TcpState.Closed;
            return Err<(IStreams.IInputStream, IStreams.IOutputStream)>(streams.Error);
        }
        State = TcpState.Connected;
        return streams;
    }

    /// <summary>An input and an output stream, each over its own duplicate of the connected descriptor.</summary>
    private Result<(IStreams.IInputStream, IStreams.IOutputStream), Network.ErrorCode> Streams()
    {
        int input = Libc.Dup(Fd);
        if (input < 0) return Err<(IStreams.IInputStream, IStreams.IOutputStream)>(SocketErrors.FromErrno(Libc.Errno));
        int output = Libc.Dup(Fd);
        if (output < 0)
        {
            var errno = Libc.Errno;
            Libc.Close(input);
            return Err<(IStreams.IInputStream, IStreams.IOutputStream)>(SocketErrors.FromErrno(errno));
        }
        var outputStream = new TcpOutputStream(output);
        _output = new WeakReference<TcpOutputStream>(outputStream);
        return Result.Ok<(IStreams.IInputStream, IStreams.IOutputStream), Network.ErrorCode>((new HostInputStream(input), outputStream));
    }

    public Result<Unit, Network.ErrorCode> StartListen()
    {
        if (State != TcpState.Bound) return Err<Unit>(State == TcpState.Unbound ? Network.ErrorCode.InvalidState : Busy());
        try
        {
            _socket.Listen(_backlog);
        }
        catch (SocketException e)
        {
            return Err<Unit>(SocketErrors.From(e));
        }
        State = TcpState.ListenStarted;
        return Ok();
    }

    public Result<Unit, Network.ErrorCode> FinishListen()
    {
        if (State != TcpState.ListenStarted) return Err<Unit>(Network.ErrorCode.NotInProgress);
        State = TcpState.Listening;
        return Ok();
    }

    public Result<(ITcp.ITcpSocket, IStreams.IInputStream, IStreams.IOutputStream), Network.ErrorCode> Accept()
    {
        if (State != TcpState.Listening) return Err<(ITcp.ITcpSocket, IStreams.IInputStream, IStreams.IOutputStream)>(Network.ErrorCode.InvalidState);
        Socket client;
        try
        {
            client = _socket.Accept();
        }
        catch (SocketException e)
        {
            return Err<(ITcp.ITcpSocket, IStreams.IInputStream, IStreams.IOutputStream)>(SocketErrors.From(e));
        }
        var connection = new TcpSocket(client, _policy, TcpState.Connected) { _network = _network };
        var streams = connection.Streams();
        if (streams.IsErr)
        {
            connection.Dispose();
            return Err<(ITcp.ITcpSocket, IStreams.IInputStream, IStreams.IOutputStream)>(streams.Error);
        }
        return Result.Ok<(ITcp.ITcpSocket, IStreams.IInputStream, IStreams.IOutputStream), Network.ErrorCode>((connection, streams.Value.Item1, streams.Value.Item2));
    }

    public Result<Network.IpSocketAddress, Network.ErrorCode> LocalAddress()
    {
        if (State is TcpState.Unbound or TcpState.BindStarted or TcpState.Closed) return Err<Network.IpSocketAddress>(Network.ErrorCode.InvalidState);
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

    public Result<Network.IpSocketAddress, Network.ErrorCode> RemoteAddress()
    {
        if (State != TcpState.Connected) return Err<Network.IpSocketAddress>(Network.ErrorCode.InvalidState);
        try
        {
            return _socket.RemoteEndPoint is IPEndPoint remote
                ? Result.Ok<Network.IpSocketAddress, Network.ErrorCode>(SocketAddresses.FromEndPoint(remote))
                : Err<Network.IpSocketAddress>(Network.ErrorCode.InvalidState);
        }
        catch (SocketException e)
        {
            return Err<Network.IpSocketAddress>(SocketErrors.From(e));
        }
    }

    public bool IsListening() => State == TcpState.Listening;

    public Network.IpAddressFamily AddressFamily() =>
        _socket.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? Network.IpAddressFamily.Ipv4 : Network.IpAddressFamily.Ipv6;

    public Result<Unit, Network.ErrorCode> SetListenBacklogSize(ulong value)
    {
        if (value == 0) return Err<Unit>(Network.ErrorCode.InvalidArgument);
        if (State is TcpState.ConnectStarted or TcpState.Connected) return Err<Unit>(Network.ErrorCode.InvalidState);
        _backlog = (int)Math.Min(value, int.MaxValue);
        if (State is not (TcpState.ListenStarted or TcpState.Listening)) return Ok();
        // Linux takes a second listen(2) as a new backlog for the listening socket.
        try
        {
            _socket.Listen(_backlog);
        }
        catch (SocketException e)
        {
            return Err<Unit>(SocketErrors.From(e));
        }
        return Ok();
    }

    public Result<bool, Network.ErrorCode> KeepAliveEnabled()
    {
        var r = Get(_socket, SolSocket, SoKeepAlive);
        return r.IsOk ? Result.Ok<bool, Network.ErrorCode>(r.Value != 0) : Err<bool>(r.Error);
    }

    public Result<Unit, Network.ErrorCode> SetKeepAliveEnabled(bool value) => Set(_socket, SolSocket, SoKeepAlive, value ? 1 : 0);

    public Result<ulong, Network.ErrorCode> KeepAliveIdleTime() => Seconds(TcpKeepIdle);

    public Result<Unit, Network.ErrorCode> SetKeepAliveIdleTime(ulong value) => SetSeconds(TcpKeepIdle, value);

    public Result<ulong, Network.ErrorCode> KeepAliveInterval() => Seconds(TcpKeepIntvl);

    public Result<Unit, Network.ErrorCode> SetKeepAliveInterval(ulong value) => SetSeconds(TcpKeepIntvl, value);

    public Result<uint, Network.ErrorCode> KeepAliveCount()
    {
        var r = Get(_socket, SolTcp, TcpKeepCnt);
        return r.IsOk ? Result.Ok<uint, Network.ErrorCode>((uint)r.Value) : Err<uint>(r.Error);
    }

    public Result<Unit, Network.ErrorCode> SetKeepAliveCount(uint value)
    {
        if (value == 0) return Err<Unit>(Network.ErrorCode.InvalidArgument);
        // Linux accepts 1..127 probes.
        return Set(_socket, SolTcp, TcpKeepCnt, (int)Math.Min(value, 127));
    }

    /// <summary>A keep-alive time: the kernel keeps whole seconds, the guest passes nanoseconds.</summary>
    private Result<ulong, Network.ErrorCode> Seconds(int name)
    {
        var r = Get(_socket, SolTcp, name);
        return r.IsOk ? Result.Ok<ulong, Network.ErrorCode>((ulong)r.Value * 1_000_000_000UL) : Err<ulong>(r.Error);
    }

    private Result<Unit, Network.ErrorCode> SetSeconds(int name, ulong nanoseconds)
    {
        if (nanoseconds == 0) return Err<Unit>(Network.ErrorCode.InvalidArgument);
        // Rounded up to a whole second and clamped to what Linux accepts (1..32767 s).
        ulong seconds = Math.Clamp(nanoseconds / 1_000_000_000UL + (nanoseconds % 1_000_000_000UL == 0 ? 0UL : 1UL), 1, 32767);
        return Set(_socket, SolTcp, name, (int)seconds);
    }

    public Result<byte, Network.ErrorCode> HopLimit() => SocketOptions.HopLimit(_socket);

    public Result<Unit, Network.ErrorCode> SetHopLimit(byte value) => SocketOptions.SetHopLimit(_socket, value);

    public Result<ulong, Network.ErrorCode> ReceiveBufferSize() => BufferSize(_socket, SoRcvBuf);

    public Result<Unit, Network.ErrorCode> SetReceiveBufferSize(ulong value) => SetBufferSize(_socket, SoRcvBuf, value);

    public Result<ulong, Network.ErrorCode> SendBufferSize() => BufferSize(_socket, SoSndBuf);

    public Result<Unit, Network.ErrorCode> SetSendBufferSize(ulong value) => SetBufferSize(_socket, SoSndBuf, value);

    public IPoll.IPollable Subscribe() => new TcpPollable(this);

    public Result<Unit, Network.ErrorCode> Shutdown(Tcp.ShutdownType shutdownType)
    {
        if (State != TcpState.Connected) return Err<Unit>(Network.ErrorCode.InvalidState);
        // Bytes the output stream still holds go out before the sending side ends.
        if (shutdownType != Tcp.ShutdownType.Receive && _output is not null && _output.TryGetTarget(out var output) && output.ShutdownAfterPending())
        {
            if (shutdownType == Tcp.ShutdownType.Send) return Ok();
            shutdownType = Tcp.ShutdownType.Receive;
        }
        try
        {
            _socket.Shutdown(shutdownType switch
            {
                Tcp.ShutdownType.Receive => SocketShutdown.Receive,
                Tcp.ShutdownType.Send => SocketShutdown.Send,
                _ => SocketShutdown.Both,
            });
        }
        catch (SocketException e)
        {
            return Err<Unit>(SocketErrors.From(e));
        }
        return Ok();
    }

    /// <summary>Closes the socket; streams handed out keep their own descriptors until the guest drops them.</summary>
    public void Dispose()
    {
        State = TcpState.Closed;
        _socket.Dispose();
    }

    /// <summary>
    /// The socket's pollable: while connecting, ready when the descriptor is writable (the connection completed or
    /// failed); while listening, when it is readable (a connection is pending); in every other state, at once.
    /// </summary>
    private sealed class TcpPollable(TcpSocket socket) : Pollable
    {
        public override bool IsReady() => socket.State switch
        {
            TcpState.ConnectStarted => Poller.Check(socket.Fd, Libc.POLLOUT),
            TcpState.Listening => Poller.Check(socket.Fd, Libc.POLLIN),
            _ => true,
        };

        public override PollWait WaitOn() => socket.State switch
        {
            TcpState.ConnectStarted => PollWait.Writable(socket.Fd),
            TcpState.Listening => PollWait.Readable(socket.Fd),
            _ => PollWait.Until(0),
        };
    }
}
