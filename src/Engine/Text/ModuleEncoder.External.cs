namespace Wasm.Text;

/// <summary>
/// Entry points for encoders of formats that embed core types (the component text format): core function, table,
/// memory and global types parsed with this encoder's rules.
/// </summary>
internal sealed partial class ModuleEncoder
{
    /// <summary>An encoder used only to parse and write core types.</summary>
    internal static ModuleEncoder ForTypes(SourceText src) => new(src);

    /// <summary>Reads <c>(param ...)* (result ...)*</c> from <paramref name="list"/> at <paramref name="j"/>.</summary>
    internal FuncSig ReadFuncSignature(SNode list, ref int j) => ParseSignature(list, ref j, null, allowNames: true);

    /// <summary>Reads and writes a table type <c>i64? limits reftype</c>.</summary>
    internal void WriteTableType(SNode list, ref int j, ByteWriter w) => ParseTableType(list, ref j, w);

    /// <summary>Reads and writes a memory type <c>i64? limits shared?</c>.</summary>
    internal void WriteMemoryType(SNode list, ref int j, ByteWriter w) => ParseMemoryType(list, ref j, w);

    /// <summary>Reads and writes a global type <c>t</c> or <c>(mut t)</c>.</summary>
    internal void WriteGlobalType(SNode list, ref int j, ByteWriter w) => ParseGlobalType(list, ref j, w);
}
