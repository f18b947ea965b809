using System.Runtime.InteropServices;
using Wasm.Components.Bindings;
using Wasm.Wasi.Host;
using Wasm.Wasi.Preview2.Bindings.Wasi.Cli;
using Wasm.Wasi.Preview2.Bindings.Wasi.Io;
using Wasm.Wasi.Preview2.Io;

namespace Wasm.Wasi.Preview2.Cli;

/// <summary><c>wasi:cli/environment</c>: the arguments and variables of the <see cref="WasiConfig"/>, nothing else.</summary>
internal sealed class EnvironmentHost(WasiConfig config) : IEnvironment
{
    private readonly (string, string)[] _env = config.Env.Select(e => (e.Key, e.Value)).ToArray();
    private readonly string[] _args = config.Args.ToArray();

    public IReadOnlyList<(string, string)> GetEnvironment() => _env;

    public IReadOnlyList<string> GetArguments() => _args;

    /// <summary>No current directory: relative paths mean nothing outside a preopen.</summary>
    public string? InitialCwd() => null;
}

/// <summary><c>wasi:cli/exit</c>: unwinds the guest with a <see cref="WasiExitException"/>.</summary>
internal sealed class ExitHost : IExit
{
    public void Exit(Result<Unit, Unit> status) => throw new WasiExitException(status.IsOk ? 0 : 1);

    public void ExitWithCode(byte statusCode) => throw new WasiExitException(statusCode);
}

/// <summary>
/// <c>wasi:cli/stdin</c>, <c>stdout</c>, <c>stderr</c> and the <c>terminal-*</c> interfaces. With
/// <see cref="WasiConfig.InheritStdio"/> the guest gets duplicates of the host's descriptors 0-2 (readiness through
/// <c>poll(2)</c>, terminals reported as terminals); otherwise the configured .NET streams (stdin empty and
/// output discarded when unset), which are never terminals.
/// </summary>
internal sealed partial class StdioHost : IStdin, IStdout, IStderr, ITerminalStdin, ITerminalStdout, ITerminalStderr, ITerminalInput, ITerminalOutput, IDisposable
{
    private readonly WasiConfig _config;
    private readonly int[] _fds = [-1, -1, -1];
    private readonly object _outputGate = new();

    public StdioHost(WasiConfig config)
    {
        _config = config;
        if (config.InheritStdio)
            for (int fd = 0; fd < 3; fd++) _fds[fd] = Libc.Dup(fd);
    }

    public IStreams.IInputStream GetStdin() =>
        _fds[0] >= 0 ? new HostInputStream(Libc.Dup(_fds[0])) : new DotnetInputStream(_config.Stdin);

    public IStreams.IOutputStream GetStdout() => Output(1, _config.Stdout);

    public IStreams.IOutputStream GetStderr() => Output(2, _config.Stderr);

    private IStreams.IOutputStream Output(int fd, Stream? stream) =>
        _fds[fd] >= 0 ? new HostOutputStream(Libc.Dup(_fds[fd])) : new DotnetOutputStream(stream, _outputGate);

    public ITerminalInput.ITerminalInput_? GetTerminalStdin() => IsTerminal(0) ? new Terminal() : null;

    public ITerminalOutput.ITerminalOutput_? GetTerminalStdout() => IsTerminal(1) ? new Terminal() : null;

    public ITerminalOutput.ITerminalOutput_? GetTerminalStderr() => IsTerminal(2) ? new Terminal() : null;

    private bool IsTerminal(int fd) => _fds[fd] >= 0 && IsATty(_fds[fd]) == 1;

    public void Dispose()
    {
        for (int fd = 0; fd < 3; fd++)
        {
            if (_fds[fd] >= 0) Libc.Close(_fds[fd]);
            _fds[fd] = -1;
        }
    }

    [LibraryImport("libc", EntryPoint = "isatty")]
    private static partial int IsATty(int fd);

    /// <summary>A terminal, as <c>terminal-input</c> and <c>terminal-output</c> are: no operations yet.</summary>
    private sealed class Terminal : ITerminalInput.ITerminalInput_, ITerminalOutput.ITerminalOutput_;
}
