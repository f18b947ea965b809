namespace Wasm.Wasi;

/// <summary>
/// What a guest may see: its arguments and environment, the directories it may reach, and its stdio. Nothing is
/// granted by default: no environment, no directories, stdin empty and stdout/stderr discarded.
/// </summary>
public sealed class WasiConfig
{
    /// <summary>The arguments, <c>argv[0]</c> (the program name) included.</summary>
    public IList<string> Args { get; } = new List<string>();

    /// <summary>Environment variables in order.</summary>
    public IList<KeyValuePair<string, string>> Env { get; } = new List<KeyValuePair<string, string>>();

    /// <summary>Preopened directories: a host directory and the name the guest knows it by.</summary>
    public IList<(string HostPath, string GuestPath)> Preopens { get; } = new List<(string, string)>();

    /// <summary>
    /// Listening sockets the guest may accept connections on (preview1 cannot create sockets, only use ones it is
    /// given, like Wasmtime's <c>--tcplisten</c>); each appears after the preopened directories.
    /// </summary>
    public IList<System.Net.Sockets.Socket> PreopenedSockets { get; } = new List<System.Net.Sockets.Socket>();

    /// <summary>
    /// Address ranges a WASI 0.2 guest may bind sockets to and connect or send to (<c>wasi:sockets</c>); anything
    /// else is <c>access-denied</c>. Empty by default: the guest cannot create sockets at all.
    /// </summary>
    public IList<System.Net.IPNetwork> SocketAddresses { get; } = new List<System.Net.IPNetwork>();

    /// <summary>Whether a WASI 0.2 guest may resolve host names (<c>wasi:sockets/ip-name-lookup</c>); off by default.</summary>
    public bool AllowNameLookup { get; set; }

    /// <summary>The guest's fd 0; <c>null</c> reads as end of file.</summary>
    public Stream? Stdin { get; set; }

    /// <summary>The guest's fd 1; <c>null</c> discards.</summary>
    public Stream? Stdout { get; set; }

    /// <summary>The guest's fd 2; <c>null</c> discards.</summary>
    public Stream? Stderr { get; set; }

    /// <summary>Adds arguments (fluent).</summary>
    public WasiConfig WithArgs(params string[] args)
    {
        foreach (var a in args) Args.Add(a);
        return this;
    }

    /// <summary>Adds an environment variable (fluent).</summary>
    public WasiConfig WithEnv(string name, string value)
    {
        Env.Add(new(name, value));
        return this;
    }

    /// <summary>Copies the host process's environment.</summary>
    public WasiConfig InheritEnv()
    {
        foreach (System.Collections.DictionaryEntry e in Environment.GetEnvironmentVariables())
            Env.Add(new((string)e.Key, (string?)e.Value ?? ""));
        return this;
    }

    /// <summary>Grants access to <paramref name="hostPath"/> and everything beneath it, as <paramref name="guestPath"/>.</summary>
    public WasiConfig PreopenDirectory(string hostPath, string guestPath)
    {
        Preopens.Add((hostPath, guestPath));
        return this;
    }

    /// <summary>Lets the guest accept connections on a listening TCP socket (the host keeps ownership of it).</summary>
    /// <exception cref="ArgumentException">The socket is not a listening stream socket.</exception>
    public WasiConfig PreopenSocket(System.Net.Sockets.Socket listener)
    {
        ArgumentNullException.ThrowIfNull(listener);
        if (listener.SocketType != System.Net.Sockets.SocketType.Stream || !listener.IsBound)
            throw new ArgumentException("only bound, listening stream sockets can be handed to a guest", nameof(listener));
        PreopenedSockets.Add(listener);
        return this;
    }

    /// <summary>
    /// Lets a WASI 0.2 guest bind to and connect or send to addresses in <paramref name="range"/>, in CIDR notation
    /// (<c>"127.0.0.1/32"</c>, <c>"::1/128"</c>, <c>"10.0.0.0/8"</c>; a bare address means just that address).
    /// </summary>
    /// <exception cref="FormatException"><paramref name="range"/> is not an address or CIDR range.</exception>
    public WasiConfig AllowSocketAddresses(string range)
    {
        ArgumentNullException.ThrowIfNull(range);
        if (!TryParseAddressRange(range, out var network))
            throw new FormatException($"'{range}' is not an IP address or CIDR range");
        SocketAddresses.Add(network);
        return this;
    }

    /// <summary>Parses what <see cref="AllowSocketAddresses"/> accepts: a CIDR range, or a bare address (/32 or /128).</summary>
    public static bool TryParseAddressRange(string range, out System.Net.IPNetwork network)
    {
        ArgumentNullException.ThrowIfNull(range);
        if (range.Contains('/')) return System.Net.IPNetwork.TryParse(range, out network);
        if (System.Net.IPAddress.TryParse(range, out var address))
        {
            network = new System.Net.IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? 128 : 32);
            return true;
        }
        network = default;
        return false;
    }

    /// <summary>
    /// The guest uses the host process's own descriptors 0, 1 and 2 (duplicated), so reads and writes go straight
    /// to them and <c>poll_oneoff</c> waits on them for real. Overrides <see cref="Stdin"/>, <see cref="Stdout"/>
    /// and <see cref="Stderr"/>.
    /// </summary>
    public bool InheritStdio { get; set; }
}
