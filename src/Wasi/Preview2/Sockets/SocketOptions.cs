using System.Net.Sockets;
using Wasm.Components.Bindings;
using Wasm.Wasi.Preview2.Bindings.Wasi.Sockets;

namespace Wasm.Wasi.Preview2.Sockets;

/// <summary>
/// Integer socket options read and written as the raw Linux options (<c>getsockopt</c>/<c>setsockopt</c>), so each
/// WASI option maps to exactly one kernel option (.NET's portable names sometimes set several).
/// </summary>
internal static class SocketOptions
{
    public const int SolSocket = 1, SoReuseAddr = 2, SoError = 4, SoSndBuf = 7, SoRcvBuf = 8, SoKeepAlive = 9;
    public const int IpProtoIp = 0, IpTtl = 2;
    public const int IpProtoIpv6 = 41, Ipv6UnicastHops = 16;
    public const int SolTcp = 6, TcpKeepIdle = 4, TcpKeepIntvl = 5, TcpKeepCnt = 6;

    public static Result<int, Network.ErrorCode> Get(Socket socket, int level, int name)
    {
        Span<byte> value = stackalloc byte[4];
        try
        {
            socket.GetRawSocketOption(level, name, value);
        }
        catch (SocketException e)
        {
            return Result.Err<int, Network.ErrorCode>(SocketErrors.From(e));
        }
        return Result.Ok<int, Network.ErrorCode>(BitConverter.ToInt32(value));
    }

    public static Result<Unit, Network.ErrorCode> Set(Socket socket, int level, int name, int value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BitConverter.TryWriteBytes(bytes, value);
        try
        {
            socket.SetRawSocketOption(level, name, bytes);
        }
        catch (SocketException e)
        {
            return Result.Err<Unit, Network.ErrorCode>(SocketErrors.From(e));
        }
        return Result.Ok<Unit, Network.ErrorCode>(default);
    }

    public static Result<byte, Network.ErrorCode> HopLimit(Socket socket)
    {
        var r = socket.AddressFamily == AddressFamily.InterNetwork ? Get(socket, IpProtoIp, IpTtl) : Get(socket, IpProtoIpv6, Ipv6UnicastHops);
        return r.IsOk ? Result.Ok<byte, Network.ErrorCode>((byte)r.Value) : Result.Err<byte, Network.ErrorCode>(r.Error);
    }

    public static Result<Unit, Network.ErrorCode> SetHopLimit(Socket socket, byte value)
    {
        if (value == 0) return Result.Err<Unit, Network.ErrorCode>(Network.ErrorCode.InvalidArgument);
        return socket.AddressFamily == AddressFamily.InterNetwork ? Set(socket, IpProtoIp, IpTtl, value) : Set(socket, IpProtoIpv6, Ipv6UnicastHops, value);
    }

    public static Result<ulong, Network.ErrorCode> BufferSize(Socket socket, int name)
    {
        var r = Get(socket, SolSocket, name);
        return r.IsOk ? Result.Ok<ulong, Network.ErrorCode>((ulong)r.Value) : Result.Err<ulong, Network.ErrorCode>(r.Error);
    }

    /// <summary>Sets a buffer size: 0 is <c>invalid-argument</c>; larger values than the kernel takes are clamped by it.</summary>
    public static Result<Unit, Network.ErrorCode> SetBufferSize(Socket socket, int name, ulong value)
    {
        if (value == 0) return Result.Err<Unit, Network.ErrorCode>(Network.ErrorCode.InvalidArgument);
        // The kernel doubles the value it is given (for its own bookkeeping); clamp so the doubled value fits.
        return Set(socket, SolSocket, name, (int)Math.Min(value, int.MaxValue / 2));
    }
}
