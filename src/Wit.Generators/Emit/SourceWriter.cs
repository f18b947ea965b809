using System;
using System.Text;

namespace Wit.Generators.Emit;

/// <summary>Writes C# source with indentation and braces; lines end in <c>\n</c> on every platform.</summary>
internal sealed class SourceWriter : Wit.Generators.Abi.ICodeWriter
{
    private readonly StringBuilder _text = new();
    private int _indent;
    private bool _pendingBlankLine;
    private bool _atBlockStart = true;

    /// <summary>Writes one line at the current indentation.</summary>
    public SourceWriter Line(string text)
    {
        FlushBlankLine();
        _atBlockStart = false;
        if (text.Length > 0)
        {
            _text.Append(' ', _indent * 4).Append(text);
        }

        _text.Append('\n');
        return this;
    }

    /// <summary>Separates two members with one empty line, never at the start or end of a block.</summary>
    public void BlankLine() => _pendingBlankLine = !_atBlockStart;

    /// <summary>Writes <paramref name="header"/> (if any), then an indented block in braces; dispose the result to close it.</summary>
    public Block Block(string? header = null)
    {
        if (header is not null)
        {
            Line(header);
        }

        Line("{");
        _indent++;
        _pendingBlankLine = false;
        _atBlockStart = true;
        return new Block(this);
    }

    /// <summary>Writes each line of <paramref name="text"/> as a <c>///</c> comment line.</summary>
    public void DocLines(string text)
    {
        foreach (var line in text.Split('\n'))
        {
            Line(("/// " + line.TrimEnd('\r')).TrimEnd());
        }
    }

    public override string ToString() => _text.ToString();

    void Wit.Generators.Abi.ICodeWriter.Line(string text) => Line(text);

    void Wit.Generators.Abi.ICodeWriter.Open(string header) => Block(header.Length == 0 ? null : header);

    void Wit.Generators.Abi.ICodeWriter.Close(string suffix)
    {
        _indent--;
        _pendingBlankLine = false;
        Line("}" + suffix);
    }

    internal void Close()
    {
        _indent--;
        _pendingBlankLine = false;
        Line("}");
    }

    private void FlushBlankLine()
    {
        if (_pendingBlankLine)
        {
            _text.Append('\n');
            _pendingBlankLine = false;
        }
    }
}

/// <summary>An open block of a <see cref="SourceWriter"/>; disposing writes the closing brace.</summary>
internal readonly struct Block : IDisposable
{
    private readonly SourceWriter _writer;

    public Block(SourceWriter writer) => _writer = writer;

    public void Dispose() => _writer.Close();
}
