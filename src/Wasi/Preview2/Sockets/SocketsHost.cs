using System.Globalization;
using System.Net;
using Wasm.Components.Bindings;
using Wasm.Wasi.Preview2.Bindings.Wasi.Sockets;

namespace Wasm.Wasi.Preview2.Sockets;

/// <summary>
/// A <c>wasi:sockets/network.network</c>: the guest's capability to use the host network, carrying what the guest
/// was granted. Sockets refuse a network handle of any other kind.
/// </summary>
internal sealed class HostNetwork(SocketPolicy policy) : INetwork.INetwork_
{
    public SocketPolicy Policy { get; } = policy;
}

/// <summary>
/// <c>wasi:sockets</c> 0.2: <c>network</c>, <c>instance-network</c>, <c>tcp</c>, <c>tcp-create-socket</c>,
/// <c>udp</c>, <c>udp-create-socket</c> and <c>ip-name-lookup</c>, under the capabilities of
/// <see cref="WasiConfig.SocketAddresses"/> and <see cref="WasiConfig.AllowNameLookup"/>. Without any allowed
/// address range, creating a socket is <c>access-denied</c>; binding, connecting or sending outside the ranges is
/// <c>access-denied</c> before anything reaches the host network; so is resolving names without the flag.
/// </summary>
internal sealed class SocketsHost(WasiConfig config) : INetwork, IInstanceNetwork, ITcp, ITcpCreateSocket, IUdp, IUdpCreateSocket, IIpNameLookup
{
    private readonly SocketPolicy _policy = new([.. config.SocketAddresses], config.AllowNameLookup);

    public INetwork.INetwork_ InstanceNetwork() => new HostNetwork(_policy);

    public Result<ITcp.ITcpSocket, Network.ErrorCode> CreateTcpSocket(Network.IpAddressFamily addressFamily)
    {
        if (!_policy.AnyAddress) return Result.Err<ITcp.ITcpSocket, Network.ErrorCode>(Network.ErrorCode.AccessDenied);
        try
        {
            return Result.Ok<ITcp.ITcpSocket, Network.ErrorCode>(new TcpSocket(addressFamily, _policy));
        }
        catch (System.Net.Sockets.SocketException e)
        {
            return Result.Err<ITcp.ITcpSocket, Network.ErrorCode>(SocketErrors.From(e));
        }
    }

    public Result<IUdp.IUdpSocket, Network.ErrorCode> CreateUdpSocket(Network.IpAddressFamily addressFamily)
    {
        if (!_policy.AnyAddress) return Result.Err<IUdp.IUdpSocket, Network.ErrorCode>(Network.ErrorCode.AccessDenied);
        try
        {
            return Result.Ok<IUdp.IUdpSocket, Network.ErrorCode>(new UdpSocket(addressFamily, _policy));
        }
        catch (System.Net.Sockets.SocketException e)
        {
            return Result.Err<IUdp.IUdpSocket, Network.ErrorCode>(SocketErrors.From(e));
        }
    }

    public Result<IIpNameLookup.IResolveAddressStream, Network.ErrorCode> ResolveAddresses(INetwork.INetwork_ network, string name)
    {
        if (network is not HostNetwork net) return Result.Err<IIpNameLookup.IResolveAddressStream, Network.ErrorCode>(Network.ErrorCode.InvalidArgument);
        if (!net.Policy.NameLookup) return Result.Err<IIpNameLookup.IResolveAddressStream, Network.ErrorCode>(Network.ErrorCode.AccessDenied);
        // An IP address resolves to itself (IPv6 possibly in brackets, as in URLs), without asking the resolver.
        var literal = name.Length > 2 && name[0] == '[' && name[^1] == ']' ? name[1..^1] : name;
        if (IPAddress.TryParse(literal, out var address) && (literal.Contains(':') || IsDottedQuad(literal)))
            return Result.Ok<IIpNameLookup.IResolveAddressStream, Network.ErrorCode>(new ResolveAddressStream([address]));
        if (ToAsciiHostName(name) is not { } ascii)
            return Result.Err<IIpNameLookup.IResolveAddressStream, Network.ErrorCode>(Network.ErrorCode.InvalidArgument);
        return Result.Ok<IIpNameLookup.IResolveAddressStream, Network.ErrorCode>(new ResolveAddressStream(ascii));
    }

    /// <summary>Whether <paramref name="s"/> is four decimal octets (IPAddress.TryParse also takes forms like "1" or "0x7f.1").</summary>
    private static bool IsDottedQuad(string s)
    {
        var parts = s.Split('.');
        if (parts.Length != 4) return false;
        foreach (var part in parts)
            if (part.Length is 0 or > 3 || !part.All(char.IsAsciiDigit)) return false;
        return true;
    }

    /// <summary>The ASCII (punycode) form of a host name, or <c>null</c> when it is not a valid one.</summary>
    private static string? ToAsciiHostName(string name)
    {
        if (name.Length == 0 || name.Length > 253) return null;
        string ascii;
        try
        {
            ascii = new IdnMapping { UseStd3AsciiRules = true }.GetAscii(name.EndsWith('.') ? name[..^1] : name);
        }
        catch (ArgumentException)
        {
            return null;
        }
        return ascii.Length is > 0 and <= 253 ? ascii : null;
    }
}
