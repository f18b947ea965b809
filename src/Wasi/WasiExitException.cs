namespace Wasm.Wasi;

/// <summary>
/// Thrown by <c>proc_exit</c> to unwind the guest. It passes through compiled code like any host exception; the
/// code that called into the guest catches it and ends the program with <see cref="ExitCode"/>.
/// </summary>
public sealed class WasiExitException : Exception
{
    /// <summary>Creates the exception for an exit code.</summary>
    public WasiExitException(int exitCode) : base($"the guest exited with code {exitCode}") => ExitCode = exitCode;

    /// <summary>The guest's exit code.</summary>
    public int ExitCode { get; }
}
