using System.Text;

namespace Wit.Generators.Abi;

/// <summary>Where emitters write C#: one line at a time, with braces that indent what they enclose.</summary>
public interface ICodeWriter
{
    /// <summary>Writes one line at the current indentation.</summary>
    void Line(string text);

    /// <summary>Writes <paramref name="header"/> (when not empty) and an opening brace, then indents.</summary>
    void Open(string header);

    /// <summary>Unindents and writes a closing brace followed by <paramref name="suffix"/> (e.g. <c>");"</c>).</summary>
    void Close(string suffix = "");
}

/// <summary>An <see cref="ICodeWriter"/> over a <see cref="StringBuilder"/>, indenting with four spaces.</summary>
public sealed class StringBuilderCodeWriter : ICodeWriter
{
    private int _depth;

    /// <summary>Writes into <paramref name="builder"/>, starting at <paramref name="depth"/> levels of indentation.</summary>
    public StringBuilderCodeWriter(StringBuilder builder, int depth = 0)
    {
        Builder = builder;
        _depth = depth;
    }

    /// <summary>The text written so far.</summary>
    public StringBuilder Builder { get; }

    /// <inheritdoc/>
    public void Line(string text)
    {
        if (text.Length > 0) Builder.Append(' ', _depth * 4).Append(text);
        Builder.Append('\n');
    }

    /// <inheritdoc/>
    public void Open(string header)
    {
        if (header.Length > 0) Line(header);
        Line("{");
        _depth++;
    }

    /// <inheritdoc/>
    public void Close(string suffix = "")
    {
        _depth--;
        Line("}" + suffix);
    }

    /// <inheritdoc/>
    public override string ToString() => Builder.ToString();
}
