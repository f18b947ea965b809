using System.Text;
using Wasm.Wasi;
using Wasm.Wasi.Preview2;

namespace Wasm.Components.Tests.Support;

/// <summary>
/// The project's WASI 0.2 host (<see cref="WasiP2"/>) as the fixtures get it: no arguments, environment or
/// preopens, stdin empty, stdout and stderr captured.
/// </summary>
public sealed class CapturedWasi
{
    private readonly MemoryStream _stdout = new();
    private readonly MemoryStream _stderr = new();

    private CapturedWasi(ComponentLinker linker, WasiConfig config)
    {
        config.Stdout = _stdout;
        config.Stderr = _stderr;
        Context = WasiP2.AddToLinker(linker, config);
    }

    /// <summary>The context the host keeps (exit codes through <see cref="WasiP2Context.RunCommand"/>).</summary>
    public WasiP2Context Context { get; }

    /// <summary>Bytes written to stdout so far, as UTF-8.</summary>
    public string Stdout => Encoding.UTF8.GetString(_stdout.ToArray());

    /// <summary>Bytes written to stderr so far, as UTF-8.</summary>
    public string Stderr => Encoding.UTF8.GetString(_stderr.ToArray());

    /// <summary>Defines WASI 0.2 in the linker with stdout and stderr captured.</summary>
    public static CapturedWasi AddTo(ComponentLinker linker, WasiConfig? config = null) => new(linker, config ?? new WasiConfig());
}
