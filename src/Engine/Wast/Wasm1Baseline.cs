using Wasm.Binary;

namespace Wasm.Wast;

/// <summary>
/// The threads proposal's scripts were written against WebAssembly 1.0, before multi-memory, multiple tables
/// (reference types) and 64-bit memory limits: they expect a second memory or table to be invalid and a 32-bit
/// memory limit above 2^32-1 to be malformed text. The runner holds those scripts to that baseline, as the
/// proposal's reference interpreter did; every other script runs against the full engine.
/// </summary>
internal static class Wasm1Baseline
{
    /// <summary>True for a script of a proposal that is based on WebAssembly 1.0.</summary>
    public static bool Applies(string? fileName) =>
        fileName is not null && fileName.Replace('\\', '/').Contains("proposals/threads/", StringComparison.Ordinal);

    /// <summary>Rejects what WebAssembly 1.0 does not allow: more than one memory or table.</summary>
    /// <exception cref="InvalidModuleException">The module has two memories or two tables.</exception>
    public static void Check(byte[] binary)
    {
        ModuleInfoCounts(binary, out var memories, out var tables);
        if (memories > 1) throw new InvalidModuleException("multiple memories", 0);
        if (tables > 1) throw new InvalidModuleException("multiple tables", 0);
    }

    private static void ModuleInfoCounts(byte[] binary, out int memories, out int tables)
    {
        memories = tables = 0;
        Model.ModuleInfo info;
        try
        {
            info = ModuleDecoder.Decode(binary);
        }
        catch (WasmException)
        {
            return; // the engine reports the malformed module itself
        }
        memories = info.Memories.Count;
        tables = info.Tables.Count;
    }
}
