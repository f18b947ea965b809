using System.Net;

namespace Wasm.Wasi.Preview2.Sockets;

/// <summary>
/// What a guest may do with the network: the address ranges it may bind to and connect or send to, and whether it
/// may resolve names. Nothing is allowed by default; without any range the guest cannot even create a socket.
/// </summary>
internal sealed class SocketPolicy(IReadOnlyList<IPNetwork> ranges, bool nameLookup)
{
    private readonly IPNetwork[] _ranges = [.. ranges];

    /// <summary>Whether any address at all is allowed (otherwise socket creation is denied).</summary>
    public bool AnyAddress => _ranges.Length > 0;

    /// <summary>Whether the guest may resolve names.</summary>
    public bool NameLookup { get; } = nameLookup;

    /// <summary>Whether <paramref name="address"/> lies in an allowed range.</summary>
    public bool Allows(IPAddress address)
    {
        foreach (var range in _ranges)
            if (range.Contains(address)) return true;
        return false;
    }
}
