using System.Net;

namespace Wasm.Wasi.Http;

/// <summary>
/// What <c>wasi:http/outgoing-handler</c> may reach, and how. Nothing is allowed by default: every request fails
/// with <c>HTTP-request-denied</c> until a destination is added with <see cref="AllowOutgoing"/>. One configuration
/// holds one connection pool (a <see cref="System.Net.Http.SocketsHttpHandler"/>), so share it between the
/// instances that should share connections, e.g. every request of a server.
/// </summary>
public sealed class WasiHttpConfig : IDisposable
{
    private readonly List<OutgoingRule> _rules = [];
    private readonly Lock _gate = new();
    private OutgoingClient? _client;

    /// <summary>The destinations guests may send requests to.</summary>
    public IReadOnlyList<OutgoingRule> AllowedOutgoing => _rules;

    /// <summary>How long connecting may take when the guest's <c>request-options</c> set no connect timeout. Default 30 s.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the response head may take when the guest sets no first-byte timeout. Default 600 s, as in Wasmtime.</summary>
    public TimeSpan FirstByteTimeout { get; init; } = TimeSpan.FromSeconds(600);

    /// <summary>The longest pause between response body reads when the guest sets no between-bytes timeout. Default 600 s.</summary>
    public TimeSpan BetweenBytesTimeout { get; init; } = TimeSpan.FromSeconds(600);

    /// <summary>
    /// Lets guests send requests to <paramref name="destination"/>: <c>HOST</c> (any port, http or https),
    /// <c>HOST:PORT</c>, or either with a scheme (<c>https://HOST</c>, <c>http://HOST:PORT</c>). <c>*.example.com</c>
    /// matches every subdomain of example.com (not example.com itself); an IPv6 address is written in brackets.
    /// </summary>
    /// <exception cref="FormatException"><paramref name="destination"/> is not of that form.</exception>
    public WasiHttpConfig AllowOutgoing(string destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (!OutgoingRule.TryParse(destination, out var rule))
            throw new FormatException($"'{destination}' is not HOST, HOST:PORT or SCHEME://HOST[:PORT]");
        lock (_gate) _rules.Add(rule);
        return this;
    }

    /// <summary>Whether a request to <paramref name="host"/>:<paramref name="port"/> over <paramref name="scheme"/> (<c>http</c> or <c>https</c>) is allowed.</summary>
    public bool IsAllowed(string scheme, string host, int port)
    {
        lock (_gate)
        {
            foreach (var rule in _rules)
                if (rule.Matches(scheme, host, port)) return true;
        }
        return false;
    }

    /// <summary>The connection pool, made on the first request.</summary>
    internal OutgoingClient Client
    {
        get
        {
            lock (_gate) return _client ??= new OutgoingClient();
        }
    }

    /// <summary>Closes the pooled connections.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _client?.Dispose();
            _client = null;
        }
    }
}

/// <summary>
/// One allowed destination of <see cref="WasiHttpConfig.AllowOutgoing"/>: a host name or address (or a
/// <c>*.</c> suffix), and optionally a port and a scheme.
/// </summary>
public readonly record struct OutgoingRule(string? Scheme, string Host, int? Port)
{
    /// <summary>Parses <c>[SCHEME://]HOST[:PORT]</c>.</summary>
    public static bool TryParse(string text, out OutgoingRule rule)
    {
        ArgumentNullException.ThrowIfNull(text);
        rule = default;
        string? scheme = null;
        var rest = text.Trim();
        int separator = rest.IndexOf("://", StringComparison.Ordinal);
        if (separator >= 0)
        {
            scheme = rest[..separator].ToLowerInvariant();
            if (scheme is not ("http" or "https")) return false;
            rest = rest[(separator + 3)..].TrimEnd('/');
        }
        string host;
        int? port = null;
        if (rest.StartsWith('['))
        {
            int close = rest.IndexOf(']');
            if (close < 0 || !IPAddress.TryParse(rest[1..close], out _)) return false;
            host = rest[1..close];
            rest = rest[(close + 1)..];
            if (rest.Length > 0 && rest[0] != ':') return false;
            if (rest.Length > 0) rest = rest[1..];
            else rest = "";
            if (rest.Length > 0 && !TryPort(rest, out port)) return false;
        }
        else
        {
            int colon = rest.LastIndexOf(':');
            if (colon >= 0)
            {
                if (!TryPort(rest[(colon + 1)..], out port)) return false;
                rest = rest[..colon];
            }
            host = rest;
            var name = host.StartsWith("*.", StringComparison.Ordinal) ? host[2..] : host;
            if (name.Length == 0 || Uri.CheckHostName(name) == UriHostNameType.Unknown) return false;
        }
        rule = new OutgoingRule(scheme, host.ToLowerInvariant(), port);
        return true;
    }

    /// <summary>Whether a request to <paramref name="host"/>:<paramref name="port"/> over <paramref name="scheme"/> falls under this rule.</summary>
    public bool Matches(string scheme, string host, int port)
    {
        if (Scheme is not null && !string.Equals(Scheme, scheme, StringComparison.OrdinalIgnoreCase)) return false;
        if (Port is { } p && p != port) return false;
        if (Host.StartsWith("*.", StringComparison.Ordinal))
            return host.Length > Host.Length - 1 && host.EndsWith(Host.AsSpan(1), StringComparison.OrdinalIgnoreCase);
        return string.Equals(Host, host, StringComparison.OrdinalIgnoreCase);
    }

    /// <inheritdoc/>
    public override string ToString()
    {
        var host = Host.Contains(':') ? "[" + Host + "]" : Host;
        return (Scheme is null ? "" : Scheme + "://") + host + (Port is { } p ? ":" + p : "");
    }

    private static bool TryPort(string text, out int? port)
    {
        port = null;
        if (!int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int value) || value is < 1 or > 65535)
            return false;
        port = value;
        return true;
    }
}
