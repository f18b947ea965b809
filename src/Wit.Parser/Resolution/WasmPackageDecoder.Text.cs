using System.Collections.Generic;
using System.Text;
using Wit.Diagnostics;

namespace Wit.Resolution;

/// <summary>The component text format side of <see cref="WasmPackageDecoder"/>.</summary>
internal static partial class WasmPackageDecoder
{
    private sealed class SExpr
    {
        public string? Atom { get; init; }

        public bool IsString { get; init; }

        public List<SExpr> Children { get; } = new();

        public string Head => Children.Count > 0 ? Children[0].Atom ?? string.Empty : string.Empty;
    }

    private static List<(string Name, bool IsWorld)> ReadText(string text, string displayPath)
    {
        int pos = 0;
        var root = ParseSExpr(text, ref pos, displayPath);
        if (root.Head != "component")
        {
            throw Unsupported(displayPath);
        }

        var items = new List<(string, bool)>();
        for (int i = 1; i < root.Children.Count; i++)
        {
            var field = root.Children[i];
            if (field.Head != "type")
            {
                continue;
            }

            var body = field.Children[field.Children.Count - 1];
            if (body.Head != "component")
            {
                throw Unsupported(displayPath);
            }

            for (int j = 1; j < body.Children.Count; j++)
            {
                var decl = body.Children[j];
                if (decl.Head != "export" || decl.Children.Count != 3 || !decl.Children[1].IsString)
                {
                    throw Unsupported(displayPath);
                }

                var desc = decl.Children[2];
                if ((desc.Head != "instance" && desc.Head != "component") || desc.Children.Count != 1)
                {
                    throw Unsupported(displayPath);
                }

                items.Add((decl.Children[1].Atom!, desc.Head == "component"));
            }
        }

        return items;
    }

    private static SExpr ParseSExpr(string text, ref int pos, string displayPath)
    {
        SkipTrivia(text, ref pos);
        if (pos >= text.Length)
        {
            throw new WitException($"unexpected end of text in [{displayPath}]");
        }

        if (text[pos] == '(')
        {
            pos++;
            var list = new SExpr();
            while (true)
            {
                SkipTrivia(text, ref pos);
                if (pos >= text.Length)
                {
                    throw new WitException($"unclosed parenthesis in [{displayPath}]");
                }

                if (text[pos] == ')')
                {
                    pos++;
                    return list;
                }

                list.Children.Add(ParseSExpr(text, ref pos, displayPath));
            }
        }

        if (text[pos] == '"')
        {
            var sb = new StringBuilder();
            pos++;
            while (pos < text.Length && text[pos] != '"')
            {
                sb.Append(text[pos++]);
            }

            pos++;
            return new SExpr { Atom = sb.ToString(), IsString = true };
        }

        int start = pos;
        while (pos < text.Length && !char.IsWhiteSpace(text[pos]) && text[pos] != '(' && text[pos] != ')')
        {
            pos++;
        }

        return new SExpr { Atom = text.Substring(start, pos - start) };
    }

    private static void SkipTrivia(string text, ref int pos)
    {
        while (pos < text.Length)
        {
            if (char.IsWhiteSpace(text[pos]))
            {
                pos++;
            }
            else if (text[pos] == ';' && pos + 1 < text.Length && text[pos + 1] == ';')
            {
                while (pos < text.Length && text[pos] != '\n')
                {
                    pos++;
                }
            }
            else
            {
                return;
            }
        }
    }
}
