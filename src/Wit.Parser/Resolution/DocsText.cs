using System.Collections.Generic;
using System.Text;
using Wit.Ast;

namespace Wit.Resolution;

/// <summary>Turns raw comments into doc text: markers stripped, common indentation removed.</summary>
internal static class DocsText
{
    public static string? From(DocComments docs)
    {
        if (docs.Lines.Count == 0)
        {
            return null;
        }

        var lines = new List<string>(docs.Lines.Count);
        foreach (var raw in docs.Lines)
        {
            string content;
            if (raw.StartsWith("/**", System.StringComparison.Ordinal))
            {
                content = raw.Substring(3);
                if (content.EndsWith("*/", System.StringComparison.Ordinal))
                {
                    content = content.Substring(0, content.Length - 2);
                }
            }
            else
            {
                content = raw.TrimStart('/');
            }

            lines.Add(content.TrimEnd());
        }

        int minIndent = int.MaxValue;
        foreach (var line in lines)
        {
            if (line.Length == 0)
            {
                continue;
            }

            int indent = 0;
            while (indent < line.Length && IsAsciiWhitespace(line[indent]))
            {
                indent++;
            }

            minIndent = System.Math.Min(minIndent, indent);
        }

        if (minIndent != int.MaxValue && minIndent > 0)
        {
            string prefix = new(' ', minIndent);
            for (int i = 0; i < lines.Count; i++)
            {
                if (lines[i].StartsWith(prefix, System.StringComparison.Ordinal))
                {
                    lines[i] = lines[i].Substring(minIndent);
                }
            }
        }

        var sb = new StringBuilder();
        foreach (var doc in lines)
        {
            if (doc.Length == 0)
            {
                sb.Append('\n');
                continue;
            }

            foreach (var line in SplitLines(doc))
            {
                sb.Append(line).Append('\n');
            }
        }

        int length = sb.Length;
        while (length > 0 && sb[length - 1] == '\n')
        {
            length--;
        }

        return sb.ToString(0, length);
    }

    /// <summary>Splits like Rust's <c>str::lines</c>: on '\n', dropping a trailing '\r' and a final empty line.</summary>
    private static IEnumerable<string> SplitLines(string text)
    {
        int start = 0;
        while (start < text.Length)
        {
            int nl = text.IndexOf('\n', start);
            int end = nl < 0 ? text.Length : nl;
            string line = text.Substring(start, end - start);
            if (line.EndsWith("\r", System.StringComparison.Ordinal))
            {
                line = line.Substring(0, line.Length - 1);
            }

            yield return line;
            if (nl < 0)
            {
                break;
            }

            start = nl + 1;
        }
    }

    private static bool IsAsciiWhitespace(char ch) => ch is ' ' or '\t' or '\n' or '\r' or '\f';
}
