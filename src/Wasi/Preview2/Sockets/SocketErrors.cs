using System.Net.Sockets;
using Wasm.Wasi.Preview2.Bindings.Wasi.Sockets;

namespace Wasm.Wasi.Preview2.Sockets;

/// <summary>Host failures (.NET socket errors and Linux errno values) as <c>wasi:sockets/network.error-code</c>.</summary>
internal static class SocketErrors
{
    public static Network.ErrorCode From(SocketException e) => From(e.SocketErrorCode);

    public static Network.ErrorCode From(SocketError error) => error switch
    {
        SocketError.AccessDenied => Network.ErrorCode.AccessDenied,
        SocketError.AddressAlreadyInUse => Network.ErrorCode.AddressInUse,
        SocketError.AddressNotAvailable => Network.ErrorCode.AddressNotBindable,
        SocketError.ConnectionRefused => Network.ErrorCode.ConnectionRefused,
        SocketError.ConnectionReset => Network.ErrorCode.ConnectionReset,
        SocketError.ConnectionAborted => Network.ErrorCode.ConnectionAborted,
        SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.NetworkDown or SocketError.HostDown
            => Network.ErrorCode.RemoteUnreachable,
        SocketError.TimedOut => Network.ErrorCode.Timeout,
        SocketError.WouldBlock or SocketError.InProgress or SocketError.IOPending => Network.ErrorCode.WouldBlock,
        SocketError.AlreadyInProgress => Network.ErrorCode.ConcurrencyConflict,
        SocketError.InvalidArgument or SocketError.Fault => Network.ErrorCode.InvalidArgument,
        SocketError.IsConnected or SocketError.NotConnected => Network.ErrorCode.InvalidState,
        SocketError.TooManyOpenSockets => Network.ErrorCode.NewSocketLimit,
        SocketError.NoBufferSpaceAvailable => Network.ErrorCode.OutOfMemory,
        SocketError.MessageSize => Network.ErrorCode.DatagramTooLarge,
        SocketError.AddressFamilyNotSupported or SocketError.ProtocolNotSupported or SocketError.OperationNotSupported
            or SocketError.SocketNotSupported or SocketError.ProtocolFamilyNotSupported => Network.ErrorCode.NotSupported,
        SocketError.HostNotFound => Network.ErrorCode.NameUnresolvable,
        SocketError.TryAgain => Network.ErrorCode.TemporaryResolverFailure,
        SocketError.NoRecovery or SocketError.NoData => Network.ErrorCode.PermanentResolverFailure,
        _ => Network.ErrorCode.Unknown,
    };

    /// <summary>A Linux errno (from <c>SO_ERROR</c>).</summary>
    public static Network.ErrorCode FromErrno(int errno) => errno switch
    {
        1 or 13 => Network.ErrorCode.AccessDenied,             // EPERM, EACCES
        98 => Network.ErrorCode.AddressInUse,                   // EADDRINUSE
        99 => Network.ErrorCode.AddressInUse,                   // EADDRNOTAVAIL: no ephemeral port for the implicit bind
        111 => Network.ErrorCode.ConnectionRefused,
        104 => Network.ErrorCode.ConnectionReset,
        103 => Network.ErrorCode.ConnectionAborted,
        100 or 101 or 112 or 113 or 64 => Network.ErrorCode.RemoteUnreachable, // ENETDOWN ENETUNREACH EHOSTDOWN EHOSTUNREACH ENONET
        110 => Network.ErrorCode.Timeout,
        11 or 115 => Network.ErrorCode.WouldBlock,              // EAGAIN, EINPROGRESS
        114 => Network.ErrorCode.ConcurrencyConflict,           // EALREADY
        22 => Network.ErrorCode.InvalidArgument,
        106 or 107 => Network.ErrorCode.InvalidState,           // EISCONN, ENOTCONN
        23 or 24 => Network.ErrorCode.NewSocketLimit,           // ENFILE, EMFILE
        12 or 105 => Network.ErrorCode.OutOfMemory,             // ENOMEM, ENOBUFS
        90 => Network.ErrorCode.DatagramTooLarge,               // EMSGSIZE
        95 or 97 => Network.ErrorCode.NotSupported,             // EOPNOTSUPP, EAFNOSUPPORT
        _ => Network.ErrorCode.Unknown,
    };
}
