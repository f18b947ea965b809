using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Wit.Json;

/// <summary>A minimal streaming JSON writer producing two-space indented output.</summary>
public sealed class JsonWriter
{
    private readonly StringBuilder _sb = new();
    private readonly Stack<bool> _hasItems = new();
    private bool _afterName;

    /// <summary>Starts an object (as a value or after a property name).</summary>
    public void BeginObject() => Begin('{');

    /// <summary>Ends the current object.</summary>
    public void EndObject() => End('}');

    /// <summary>Starts an array.</summary>
    public void BeginArray() => Begin('[');

    /// <summary>Ends the current array.</summary>
    public void EndArray() => End(']');

    /// <summary>Writes a property name; the next call writes its value.</summary>
    public void Name(string name)
    {
        Separator();
        WriteString(name);
        _sb.Append(": ");
        _afterName = true;
    }

    /// <summary>Writes a string value.</summary>
    public void String(string value)
    {
        Separator();
        WriteString(value);
    }

    /// <summary>Writes a string value or null.</summary>
    public void StringOrNull(string? value)
    {
        if (value is null)
        {
            Null();
        }
        else
        {
            String(value);
        }
    }

    /// <summary>Writes a number.</summary>
    public void Number(long value)
    {
        Separator();
        _sb.Append(value.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>Writes null.</summary>
    public void Null()
    {
        Separator();
        _sb.Append("null");
    }

    /// <inheritdoc />
    public override string ToString() => _sb.ToString();

    private void Begin(char open)
    {
        Separator();
        _sb.Append(open);
        _hasItems.Push(false);
    }

    private void End(char close)
    {
        bool hadItems = _hasItems.Pop();
        if (hadItems)
        {
            NewLine();
        }

        _sb.Append(close);
    }

    private void Separator()
    {
        if (_afterName)
        {
            _afterName = false;
            return;
        }

        if (_hasItems.Count == 0)
        {
            return;
        }

        if (_hasItems.Peek())
        {
            _sb.Append(',');
        }
        else
        {
            _hasItems.Pop();
            _hasItems.Push(true);
        }

        NewLine();
    }

    private void NewLine()
    {
        _sb.Append('\n');
        _sb.Append(' ', _hasItems.Count * 2);
    }

    private void WriteString(string value)
    {
        _sb.Append('"');
        foreach (char ch in value)
        {
            switch (ch)
            {
                case '"': _sb.Append("\\\""); break;
                case '\\': _sb.Append("\\\\"); break;
                case '\n': _sb.Append("\\n"); break;
                case '\r': _sb.Append("\\r"); break;
                case '\t': _sb.Append("\\t"); break;
                case '\b': _sb.Append("\\b"); break;
                case '\f': _sb.Append("\\f"); break;
                default:
                    if (ch < 0x20)
                    {
                        _sb.Append("\\u").Append(((int)ch).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        _sb.Append(ch);
                    }

                    break;
            }
        }

        _sb.Append('"');
    }
}
