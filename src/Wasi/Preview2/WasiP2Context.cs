using Wasm.Components;
using Wasm.Components.Values;
using B = Wasm.Wasi.Preview2.Bindings.Wasi;
using Wasm.Wasi.Preview2.Cli;
using Wasm.Wasi.Preview2.Clocks;
using Wasm.Wasi.Preview2.Filesystem;
using Wasm.Wasi.Preview2.Io;
using Wasm.Wasi.Preview2.Random;
using Wasm.Wasi.Preview2.Sockets;

namespace Wasm.Wasi.Preview2;

/// <summary>
/// The WASI 0.2 state of one guest: its stdio, preopened directories and random generators. Created by
/// <see cref="WasiP2.AddToLinker"/>; <see cref="RunCommand"/> runs a <c>wasi:cli/run</c> component.
/// </summary>
public sealed class WasiP2Context : IDisposable
{
    private readonly StdioHost _stdio;
    private readonly FilesystemHost _filesystem;
    private readonly WasiConfig _config;

    internal WasiP2Context(WasiConfig config)
    {
        if (!OperatingSystem.IsLinux())
            throw new PlatformNotSupportedException("WASI 0.2 is implemented on Linux only so far");
        _config = config;
        _filesystem = new FilesystemHost(config);
        _stdio = new StdioHost(config);
    }

    /// <summary>
    /// Defines every interface through its generated bindings. Interfaces whose resources others use come first
    /// (wasi:io before the streams' users), since the bindings look those resources up in the linker.
    /// </summary>
    internal void Define(ComponentLinker linker)
    {
        B.Io.Error.AddToLinker(linker, new EmptyHost());
        B.Io.Poll.AddToLinker(linker, new Poller());
        B.Io.Streams.AddToLinker(linker, new EmptyHost());

        B.Clocks.MonotonicClock.AddToLinker(linker, new MonotonicClockHost());
        B.Clocks.WallClock.AddToLinker(linker, new WallClockHost());

        B.Random.Random.AddToLinker(linker, new RandomHost());
        B.Random.Insecure.AddToLinker(linker, new InsecureRandomHost());
        B.Random.InsecureSeed.AddToLinker(linker, new InsecureSeedHost());

        B.Cli.Environment.AddToLinker(linker, new EnvironmentHost(_config));
        B.Cli.Exit.AddToLinker(linker, new ExitHost());
        B.Cli.Stdin.AddToLinker(linker, _stdio);
        B.Cli.Stdout.AddToLinker(linker, _stdio);
        B.Cli.Stderr.AddToLinker(linker, _stdio);
        B.Cli.TerminalInput.AddToLinker(linker, _stdio);
        B.Cli.TerminalOutput.AddToLinker(linker, _stdio);
        B.Cli.TerminalStdin.AddToLinker(linker, _stdio);
        B.Cli.TerminalStdout.AddToLinker(linker, _stdio);
        B.Cli.TerminalStderr.AddToLinker(linker, _stdio);

        B.Filesystem.Types.AddToLinker(linker, _filesystem);
        B.Filesystem.Preopens.AddToLinker(linker, _filesystem);

        var sockets = new SocketsHost(_config);
        B.Sockets.Network.AddToLinker(linker, sockets);
        B.Sockets.InstanceNetwork.AddToLinker(linker, sockets);
        B.Sockets.Tcp.AddToLinker(linker, sockets);
        B.Sockets.TcpCreateSocket.AddToLinker(linker, sockets);
        B.Sockets.Udp.AddToLinker(linker, sockets);
        B.Sockets.UdpCreateSocket.AddToLinker(linker, sockets);
        B.Sockets.IpNameLookup.AddToLinker(linker, sockets);
    }

    /// <summary>
    /// Runs a command component: calls its <c>wasi:cli/run</c> export (any 0.2.x version). Returns 0 when
    /// <c>run</c> returns <c>ok</c>, 1 when it returns <c>err</c>, otherwise the code the guest passed to
    /// <c>wasi:cli/exit</c>. Traps propagate.
    /// </summary>
    /// <exception cref="ArgumentException">The component exports no <c>wasi:cli/run</c> interface with a <c>run</c> function.</exception>
    public static int RunCommand(ComponentInstance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var run = instance.GetFunc("wasi:cli/run#run")
            ?? throw new ArgumentException("the component exports no wasi:cli/run interface with a run function", nameof(instance));
        return Run(() => run.Call() is { } result && !result.IsOk ? 1 : 0);
    }

    /// <summary>Calls <paramref name="entry"/>; returns its result, or the code the guest passed to <c>wasi:cli/exit</c>.</summary>
    public static int Run(Func<int> entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        try
        {
            return entry();
        }
        catch (WasiExitException e)
        {
            return e.ExitCode;
        }
    }

    /// <summary>Closes the preopened directories and the duplicated stdio descriptors.</summary>
    public void Dispose()
    {
        _stdio.Dispose();
        _filesystem.Dispose();
    }

    /// <summary>The hosts of interfaces that declare only resources (wasi:io/error, wasi:io/streams).</summary>
    private sealed class EmptyHost : B.Io.IError, B.Io.IStreams;
}
