using System.Net;
using System.Net.Sockets;
using Wasm.Components;
using Wasm.Components.Values;
using ErrorCode = Wasm.Wasi.Preview2.Bindings.Wasi.Sockets.Network.ErrorCode;

namespace Wasm.Wasi.Tests.Preview2;

/// <summary>
/// A component written in C (tests/components/c/sockets.c, built by tests/components/build.sh) that calls
/// <c>wasi:sockets</c> through the canonical ABI, linked against <see cref="WasiP2"/>: TCP listen, connect, accept
/// and echo, UDP both ways, name lookup, and the capability checks as the guest sees them. Loopback only.
/// </summary>
public sealed class SocketsComponentTests
{
    private static readonly Engine Engine = new();
    private static readonly Lazy<Component> Guest = new(() => Component.FromFile(Engine, ComponentPath()));

    private static string ComponentPath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var components = Path.Combine(dir.FullName, "tests", "components");
            if (!File.Exists(Path.Combine(components, "build.sh"))) continue;
            var path = Path.Combine(components, "out", "sockets-c.wasm");
            // Never a skip: the components are built before the tests, so a missing one is a broken build.
            if (!File.Exists(path)) throw new Xunit.Sdk.XunitException($"{path} is missing: run tests/components/build.sh");
            return path;
        }
        throw new DirectoryNotFoundException($"tests/components was not found above {AppContext.BaseDirectory}");
    }

    /// <summary>Instantiates the guest with <paramref name="config"/> and calls one export.</summary>
    private static uint Call(WasiConfig config, string export, params WitValue[] args)
    {
        var linker = new ComponentLinker(Engine);
        using var wasi = WasiP2.AddToLinker(linker, config);
        var instance = linker.Instantiate(new Store(Engine), Guest.Value);
        var f = instance.GetFunc(export) ?? throw new Xunit.Sdk.XunitException($"the guest exports no {export}");
        return f.Call(args)!.AsUInt32();
    }

    /// <summary>What the guest returns when <paramref name="step"/> failed with <paramref name="code"/>.</summary>
    private static uint Failed(int step, ErrorCode code) => (uint)(step << 8 | ((int)code + 1));

    private static WitValue[] Loopback(int port) =>
        [WitValue.U8(127), WitValue.U8(0), WitValue.U8(0), WitValue.U8(1), WitValue.U16((ushort)port)];

    private static WasiConfig Allow(string range) => new WasiConfig().AllowSocketAddresses(range);

    [Fact]
    public void TcpListenConnectAcceptAndEcho() => Assert.Equal(0u, Call(Allow("127.0.0.1/32"), "tcp-echo"));

    [Fact]
    public void UdpDatagramsBothWays() => Assert.Equal(0u, Call(Allow("127.0.0.1"), "udp-echo"));

    [Fact]
    public void GuestConnectsToAHostListener()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        int port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        Assert.Equal(0u, Call(Allow("127.0.0.0/8"), "tcp-connect", Loopback(port)));
        Assert.True(listener.Poll(1_000_000, SelectMode.SelectRead));
        using var accepted = listener.Accept();
        Assert.Equal(IPAddress.Loopback, ((IPEndPoint)accepted.RemoteEndPoint!).Address);
    }

    [Fact]
    public void ConnectToAClosedPortIsRefused()
    {
        using var reserved = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        reserved.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        int port = ((IPEndPoint)reserved.LocalEndPoint!).Port;
        Assert.Equal(Failed(3, ErrorCode.ConnectionRefused), Call(Allow("127.0.0.1"), "tcp-connect", Loopback(port)));
    }

    [Fact]
    public void ConnectOutsideTheAllowedRangeIsDeniedAndNothingIsOpened()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        int port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        Assert.Equal(Failed(2, ErrorCode.AccessDenied), Call(Allow("127.0.0.2/32"), "tcp-connect", Loopback(port)));
        Assert.False(listener.Poll(200_000, SelectMode.SelectRead));
        // Binding outside the range is denied too: the echo fails at its first bind.
        Assert.Equal(Failed(2, ErrorCode.AccessDenied), Call(Allow("127.0.0.2/32"), "tcp-echo"));
        Assert.Equal(Failed(1, ErrorCode.AccessDenied), Call(Allow("127.0.0.2/32"), "udp-echo"));
    }

    [Fact]
    public void WithoutCapabilitiesTheGuestCannotCreateSocketsOrResolveNames()
    {
        var none = new WasiConfig();
        Assert.Equal(Failed(1, ErrorCode.AccessDenied), Call(none, "tcp-echo"));
        Assert.Equal(Failed(1, ErrorCode.AccessDenied), Call(none, "udp-echo"));
        Assert.Equal(Failed(1, ErrorCode.AccessDenied), Call(none, "tcp-connect", Loopback(80)));
        Assert.Equal(0x8000_0000u | ((uint)ErrorCode.AccessDenied + 1), Call(none, "resolve", WitValue.String("localhost")));
    }

    [Fact]
    public void NameLookup()
    {
        var config = new WasiConfig { AllowNameLookup = true };
        Assert.Equal(1u, Call(config, "resolve", WitValue.String("127.0.0.1")));
        Assert.InRange(Call(config, "resolve", WitValue.String("localhost")), 1u, 16u);
        Assert.Equal(0x8000_0000u | ((uint)ErrorCode.InvalidArgument + 1), Call(config, "resolve", WitValue.String("no spaces allowed")));
    }

    /// <summary>The same capabilities from the command line: <c>wasmcs run --allow-ip</c>, <c>--allow-name-lookup</c>.</summary>
    [Fact]
    public void CommandLineFlagsGrantSockets()
    {
        static (int Exit, string Stdout, string Stderr) Run(params string[] args)
        {
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            var exit = WasmCs.Cli.Commands.RunCommand.Run(args, stdout, stderr);
            return (exit, stdout.ToString().Trim(), stderr.ToString());
        }
        var path = ComponentPath();
        Assert.Equal((0, "0", ""), Run("--allow-ip", "127.0.0.1/32", "--invoke", "tcp-echo()", path));
        Assert.Equal((0, ((1 << 8) | ((int)ErrorCode.AccessDenied + 1)).ToString(), ""), Run("--invoke", "udp-echo()", path));
        Assert.Equal((0, "1", ""), Run("--allow-name-lookup", "--invoke", "resolve(\"127.0.0.1\")", path));
        Assert.Equal(2, Run("--allow-ip", "not-an-address", "--invoke", "tcp-echo()", path).Exit);
    }
}
