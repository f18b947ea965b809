using System.Text;
using Wasm.Text;

namespace Wasm.Components.Text;

/// <summary>The component text format: parses a component's text and encodes it in the component binary format.</summary>
public static class ComponentWat
{
    /// <summary>
    /// Parses a component written as <c>(component $id? field*)</c> (including the <c>binary</c> and <c>quote</c>
    /// forms) or as a bare sequence of component fields, and returns its binary encoding.
    /// </summary>
    /// <param name="text">The component text.</param>
    /// <param name="fileName">A file name to cite in error messages.</param>
    /// <returns>The binary component.</returns>
    /// <exception cref="TextFormatException">The text is malformed.</exception>
    /// <exception cref="UnsupportedFeatureException">The text uses a proposal the encoder does not implement.</exception>
    public static byte[] ToBinary(string text, string? fileName = null) => ToBinary(Encoding.UTF8.GetBytes(text), fileName);

    /// <summary>Like <see cref="ToBinary(string, string?)"/> on UTF-8 bytes (which may hold malformed UTF-8).</summary>
    internal static byte[] ToBinary(byte[] utf8, string? fileName)
    {
        var src = new SourceText(utf8, fileName);
        var nodes = new Lexer(src).ReadAll();
        if (nodes.Count == 1 && nodes[0].IsForm("component")) return EncodeComponentNode(src, nodes[0]);
        return ComponentEncoder.Encode(src, nodes, 0, null);
    }

    /// <summary>Encodes a <c>(component $id? ...)</c> node, including its <c>binary</c> and <c>quote</c> forms.</summary>
    internal static byte[] EncodeComponentNode(SourceText src, SNode component)
    {
        int j = 1;
        string? id = null;
        if (j < component.Items.Count && component.Items[j].Kind == NodeKind.Id) id = component.Items[j++].Text;
        if (j < component.Items.Count && component.Items[j].IsKeyword("binary"))
            return Wat.ConcatStrings(src, component, j + 1);
        if (j < component.Items.Count && component.Items[j].IsKeyword("quote"))
            return ToBinary(Wat.ConcatStrings(src, component, j + 1), src.FileName);
        return ComponentEncoder.Encode(src, component.Items, j, id);
    }
}
