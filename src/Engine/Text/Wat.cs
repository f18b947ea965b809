using System.Text;

namespace Wasm.Text;

/// <summary>The WebAssembly text format (WAT): parses a module's text and encodes it in the binary format.</summary>
public static class Wat
{
    /// <summary>
    /// Parses a module written as <c>(module $id? field*)</c> or as a bare sequence of module fields and returns
    /// its binary encoding.
    /// </summary>
    /// <param name="text">The module text.</param>
    /// <param name="fileName">A file name to cite in error messages.</param>
    /// <returns>The binary module.</returns>
    /// <exception cref="TextFormatException">The text is malformed.</exception>
    /// <exception cref="UnsupportedFeatureException">The text uses a proposal this engine does not implement.</exception>
    public static byte[] ToBinary(string text, string? fileName = null) => ToBinary(Encoding.UTF8.GetBytes(text), fileName);

    /// <summary>Like <see cref="ToBinary(string, string?)"/> on UTF-8 bytes (which may hold malformed UTF-8).</summary>
    internal static byte[] ToBinary(byte[] utf8, string? fileName, bool wasm1Limits = false)
    {
        var src = new SourceText(utf8, fileName) { Wasm1Limits = wasm1Limits };
        var nodes = new Lexer(src).ReadAll();
        if (nodes.Count == 1 && nodes[0].IsForm("module")) return EncodeModuleNode(src, nodes[0]);
        foreach (var n in nodes)
            if (n.IsForm("module")) throw src.Error("unexpected token \"(module\"", n.Offset);
        return ModuleEncoder.Encode(src, nodes, 0);
    }

    /// <summary>Encodes a <c>(module $id? ...)</c> node (including the <c>binary</c> and <c>quote</c> forms).</summary>
    internal static byte[] EncodeModuleNode(SourceText src, SNode module)
    {
        int j = 1;
        if (j < module.Items.Count && module.Items[j].Kind == NodeKind.Id) j++;
        if (j < module.Items.Count && module.Items[j].IsKeyword("binary"))
            return ConcatStrings(src, module, j + 1);
        if (j < module.Items.Count && module.Items[j].IsKeyword("quote"))
            return ToBinary(ConcatStrings(src, module, j + 1), src.FileName, src.Wasm1Limits);
        return ModuleEncoder.Encode(src, module.Items, j);
    }

    /// <summary>Encodes module fields <c>fields[start..]</c>.</summary>
    internal static byte[] EncodeFields(SourceText src, List<SNode> fields, int start) => ModuleEncoder.Encode(src, fields, start);

    /// <summary>Concatenates the string literals <c>list.Items[j..]</c>.</summary>
    internal static byte[] ConcatStrings(SourceText src, SNode list, int j)
    {
        var w = new ByteWriter(256);
        for (; j < list.Items.Count; j++)
        {
            var s = list.Items[j];
            if (s.Kind != NodeKind.String) throw src.Error($"unexpected token \"{s.Describe()}\", expected a string", s.Offset);
            w.Bytes(s.Bytes);
        }
        return w.ToArray();
    }
}
