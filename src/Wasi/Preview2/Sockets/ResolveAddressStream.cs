using System.Net;
using System.Net.Sockets;
using Wasm.Components.Bindings;
using Wasm.Wasi.Host;
using Wasm.Wasi.Preview2.Bindings.Wasi.Io;
using Wasm.Wasi.Preview2.Bindings.Wasi.Sockets;
using Wasm.Wasi.Preview2.Io;

namespace Wasm.Wasi.Preview2.Sockets;

/// <summary>
/// A <c>wasi:sockets/ip-name-lookup.resolve-address-stream</c>: the addresses of one name, resolved by the host's
/// resolver in the background. Its pollable waits on an <c>eventfd(2)</c> that the resolution signals when it
/// completes, so a guest waiting on it sleeps in the same <c>poll(2)</c> as its sockets and timers.
/// </summary>
internal sealed unsafe class ResolveAddressStream : IIpNameLookup.IResolveAddressStream, IDisposable
{
    private readonly Task<IPAddress[]> _lookup;
    private readonly object _gate = new();
    private int _eventFd = -1;
    private int _next;

    /// <summary>A stream over addresses known already (the name was an IP address).</summary>
    public ResolveAddressStream(IPAddress[] addresses) => _lookup = Task.FromResult(addresses);

    /// <summary>Starts resolving <paramref name="asciiName"/>.</summary>
    public ResolveAddressStream(string asciiName)
    {
        _eventFd = SocketCalls.EventFd(0, SocketCalls.EfdNonblock | SocketCalls.EfdCloexec);
        _lookup = Dns.GetHostAddressesAsync(asciiName);
        _lookup.ContinueWith(_ => Signal(), TaskContinuationOptions.ExecuteSynchronously);
    }

    private void Signal()
    {
        lock (_gate)
        {
            if (_eventFd < 0) return;
            ulong one = 1;
            SocketCalls.Write(_eventFd, &one, 8);
        }
    }

    public Result<Network.IpAddress?, Network.ErrorCode> ResolveNextAddress()
    {
        if (!_lookup.IsCompleted) return Result.Err<Network.IpAddress?, Network.ErrorCode>(Network.ErrorCode.WouldBlock);
        if (_lookup.IsFaulted || _lookup.IsCanceled)
        {
            var code = _lookup.Exception?.InnerException is SocketException e
                ? e.SocketErrorCode switch
                {
                    SocketError.HostNotFound or SocketError.NoData => Network.ErrorCode.NameUnresolvable,
                    SocketError.TryAgain => Network.ErrorCode.TemporaryResolverFailure,
                    _ => Network.ErrorCode.PermanentResolverFailure,
                }
                : Network.ErrorCode.PermanentResolverFailure;
            return Result.Err<Network.IpAddress?, Network.ErrorCode>(code);
        }
        var addresses = _lookup.Result;
        while (_next < addresses.Length)
        {
            var address = addresses[_next++];
            // Only plain IPv4 and IPv6 addresses: a v4-mapped v6 address would be refused by every socket anyway.
            if (address.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6 && !address.IsIPv4MappedToIPv6)
                return Result.Ok<Network.IpAddress?, Network.ErrorCode>(SocketAddresses.FromAddress(address));
        }
        return Result.Ok<Network.IpAddress?, Network.ErrorCode>(null);
    }

    public IPoll.IPollable Subscribe() => new LookupPollable(this);

    public void Dispose()
    {
        lock (_gate)
        {
            if (_eventFd >= 0) Libc.Close(_eventFd);
            _eventFd = -1;
        }
    }

    private sealed class LookupPollable(ResolveAddressStream stream) : Pollable
    {
        public override bool IsReady() => stream._lookup.IsCompleted;

        public override PollWait WaitOn()
        {
            int fd = stream._eventFd;
            // The eventfd stays readable once signalled, so a completed lookup never makes poll(2) wait.
            return fd >= 0 ? PollWait.Readable(fd) : PollWait.Until(0);
        }
    }
}
