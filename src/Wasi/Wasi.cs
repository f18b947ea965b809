namespace Wasm.Wasi;

/// <summary>Adds WASI to a linker.</summary>
public static class Wasi
{
    /// <summary>
    /// Defines every <c>wasi_snapshot_preview1</c> function in <paramref name="linker"/> for one guest with the
    /// capabilities in <paramref name="config"/>. Bind the returned context to the instance before calling it.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">A preopened directory cannot be opened.</exception>
    public static WasiContext AddToLinker(Linker linker, WasiConfig config)
    {
        ArgumentNullException.ThrowIfNull(linker);
        ArgumentNullException.ThrowIfNull(config);
        var context = new WasiContext(config);
        context.Host.Define(linker);
        return context;
    }
}
