using Wasm.Components;
using Wasm.Wasi.Preview2;

namespace Wasm.Wasi;

/// <summary>Adds WASI 0.2 (the component-model WASI) to a component linker.</summary>
public static class WasiP2
{
    /// <summary>
    /// Defines <c>wasi:io</c>, <c>wasi:clocks</c>, <c>wasi:random</c>, <c>wasi:cli</c>, <c>wasi:filesystem</c> and <c>wasi:sockets</c> at
    /// version 0.2.12 in <paramref name="linker"/>, for one guest with the capabilities in <paramref name="config"/>
    /// (the same configuration preview1 takes). A component importing any 0.2.x version links against them. Dispose
    /// the returned context when the guest is done, to close its descriptors.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">A preopened directory cannot be opened.</exception>
    /// <exception cref="ArgumentException">The linker already defines one of these interfaces.</exception>
    public static WasiP2Context AddToLinker(ComponentLinker linker, WasiConfig config)
    {
        ArgumentNullException.ThrowIfNull(linker);
        ArgumentNullException.ThrowIfNull(config);
        var context = new WasiP2Context(config);
        try
        {
            context.Define(linker);
        }
        catch
        {
            context.Dispose();
            throw;
        }
        return context;
    }
}
