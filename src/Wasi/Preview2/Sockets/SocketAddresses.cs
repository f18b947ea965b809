using System.Net;
using System.Net.Sockets;
using Wasm.Wasi.Preview2.Bindings.Wasi.Sockets;

namespace Wasm.Wasi.Preview2.Sockets;

/// <summary>Conversions between the WIT address records and .NET endpoints, and the checks every address goes through.</summary>
internal static class SocketAddresses
{
    public static AddressFamily ToDotnet(Network.IpAddressFamily family) =>
        family == Network.IpAddressFamily.Ipv4 ? AddressFamily.InterNetwork : AddressFamily.InterNetworkV6;

    public static IPEndPoint ToEndPoint(Network.IpSocketAddress address)
    {
        switch (address)
        {
            case Network.IpSocketAddress.Ipv4 { Value: var v4 }:
            {
                var (a, b, c, d) = v4.Address;
                return new IPEndPoint(new IPAddress([a, b, c, d]), v4.Port);
            }
            case Network.IpSocketAddress.Ipv6 { Value: var v6 }:
            {
                Span<byte> bytes = stackalloc byte[16];
                var (s0, s1, s2, s3, s4, s5, s6, s7) = v6.Address;
                ushort[] segments = [s0, s1, s2, s3, s4, s5, s6, s7];
                for (int i = 0; i < 8; i++)
                {
                    bytes[2 * i] = (byte)(segments[i] >> 8);
                    bytes[2 * i + 1] = (byte)segments[i];
                }
                return new IPEndPoint(new IPAddress(bytes, v6.ScopeId), v6.Port);
            }
            default:
                throw new ArgumentNullException(nameof(address));
        }
    }

    public static Network.IpSocketAddress FromEndPoint(IPEndPoint endPoint)
    {
        var address = endPoint.Address;
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            Span<byte> b = stackalloc byte[4];
            address.TryWriteBytes(b, out _);
            return new Network.IpSocketAddress.Ipv4(new Network.Ipv4SocketAddress((ushort)endPoint.Port, (b[0], b[1], b[2], b[3])));
        }
        var s = Segments(address);
        return new Network.IpSocketAddress.Ipv6(new Network.Ipv6SocketAddress((ushort)endPoint.Port, 0, s, (uint)address.ScopeId));
    }

    public static Network.IpAddress FromAddress(IPAddress address)
    {
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            Span<byte> b = stackalloc byte[4];
            address.TryWriteBytes(b, out _);
            return new Network.IpAddress.Ipv4((b[0], b[1], b[2], b[3]));
        }
        return new Network.IpAddress.Ipv6(Segments(address));
    }

    private static (ushort, ushort, ushort, ushort, ushort, ushort, ushort, ushort) Segments(IPAddress address)
    {
        Span<byte> b = stackalloc byte[16];
        address.TryWriteBytes(b, out _);
        return (S(b, 0), S(b, 1), S(b, 2), S(b, 3), S(b, 4), S(b, 5), S(b, 6), S(b, 7));

        static ushort S(ReadOnlySpan<byte> b, int i) => (ushort)(b[2 * i] << 8 | b[2 * i + 1]);
    }

    /// <summary>
    /// Why <paramref name="endPoint"/> cannot be used with a socket of <paramref name="family"/>, or <c>null</c>:
    /// the wrong family, an IPv4-mapped IPv6 address, or not a unicast address (all <c>invalid-argument</c>);
    /// for a remote address also the unspecified address and port 0.
    /// </summary>
    public static Network.ErrorCode? Check(AddressFamily family, IPEndPoint endPoint, bool remote)
    {
        var address = endPoint.Address;
        if (address.AddressFamily != family) return Network.ErrorCode.InvalidArgument;
        if (address.IsIPv4MappedToIPv6) return Network.ErrorCode.InvalidArgument;
        if (IsMulticastOrBroadcast(address)) return Network.ErrorCode.InvalidArgument;
        if (remote && (endPoint.Port == 0 || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any)))
            return Network.ErrorCode.InvalidArgument;
        return null;
    }

    private static bool IsMulticastOrBroadcast(IPAddress address)
    {
        if (address.AddressFamily == AddressFamily.InterNetworkV6) return address.IsIPv6Multicast;
        Span<byte> b = stackalloc byte[4];
        address.TryWriteBytes(b, out _);
        return b[0] >= 224 && b[0] <= 239 || address.Equals(IPAddress.Broadcast);
    }
}
