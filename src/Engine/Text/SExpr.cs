using System.Text;

namespace Wasm.Text;

/// <summary>The kinds of S-expression node.</summary>
internal enum NodeKind : byte
{
    /// <summary>A parenthesised list.</summary>
    List,
    /// <summary>An atom starting with a lowercase letter (<c>func</c>, <c>i32.add</c>, <c>offset=4</c>, <c>nan:0x1</c>).</summary>
    Keyword,
    /// <summary>A symbolic identifier; <see cref="SNode.Text"/> holds the name without <c>$</c>.</summary>
    Id,
    /// <summary>A string literal; <see cref="SNode.Bytes"/> holds its decoded bytes.</summary>
    String,
    /// <summary>Any other atom (numbers and reserved tokens).</summary>
    Reserved,
}

/// <summary>One node of the S-expression tree of a WAT or WAST text.</summary>
internal sealed class SNode
{
    private static readonly List<SNode> NoItems = new();

    public SNode(NodeKind kind, int offset, int end, string? text, byte[]? bytes, List<SNode>? items)
    {
        Kind = kind;
        Offset = offset;
        End = end;
        Text = text;
        Bytes = bytes;
        Items = items ?? NoItems;
    }

    /// <summary>The kind of node.</summary>
    public NodeKind Kind { get; }

    /// <summary>Byte offset of the first character (the open paren for lists).</summary>
    public int Offset { get; }

    /// <summary>Byte offset just past the node.</summary>
    public int End { get; set; }

    /// <summary>The atom's text (identifier name without <c>$</c> for ids); null for lists and strings.</summary>
    public string? Text { get; }

    /// <summary>The decoded bytes of a string literal.</summary>
    public byte[]? Bytes { get; }

    /// <summary>The children of a list.</summary>
    public List<SNode> Items { get; }

    /// <summary>True for a list.</summary>
    public bool IsList => Kind == NodeKind.List;

    /// <summary>The keyword that starts a list, or null.</summary>
    public string? Head => Kind == NodeKind.List && Items.Count > 0 && Items[0].Kind == NodeKind.Keyword ? Items[0].Text : null;

    /// <summary>True when this is a keyword atom with the given text.</summary>
    public bool IsKeyword(string text) => Kind == NodeKind.Keyword && Text == text;

    /// <summary>True when this is a list starting with the given keyword.</summary>
    public bool IsForm(string head) => Kind == NodeKind.List && Items.Count > 0 && Items[0].IsKeyword(head);

    /// <summary>A short rendering for messages.</summary>
    public string Describe() => Kind switch
    {
        NodeKind.List => Items.Count > 0 && Items[0].Kind != NodeKind.List ? "(" + Items[0].Describe() : "(",
        NodeKind.Id => "$" + Text,
        NodeKind.String => "\"" + Encoding.UTF8.GetString(Bytes!) + "\"",
        _ => Text!,
    };

    /// <inheritdoc/>
    public override string ToString() => Describe();
}
