using System.Text;

namespace Wit.Generators.Emit;

/// <summary>WIT <c>///</c> docs as C# XML documentation.</summary>
internal static class Docs
{
    /// <summary>Writes a <c>&lt;summary&gt;</c> of the WIT docs, or of <paramref name="fallback"/> when there are none.</summary>
    public static void Summary(SourceWriter writer, string? docs, string? fallback = null)
    {
        string? text = string.IsNullOrWhiteSpace(docs) ? fallback : docs;
        if (text is null)
        {
            return;
        }

        string escaped = Escape(text!.Trim());
        if (escaped.IndexOf('\n') < 0 && escaped.Length <= 100)
        {
            writer.Line("/// <summary>" + escaped + "</summary>");
            return;
        }

        writer.Line("/// <summary>");
        writer.DocLines(escaped);
        writer.Line("/// </summary>");
    }

    /// <summary>A <c>&lt;param&gt;</c> line.</summary>
    public static void Param(SourceWriter writer, string name, string text) =>
        writer.Line($"/// <param name=\"{name.TrimStart('@')}\">{Escape(text.Trim()).Replace("\n", " ")}</param>");

    /// <summary>Escapes text for XML, and WIT's backticks are kept as they read well in tooltips.</summary>
    public static string Escape(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            switch (c)
            {
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '\r': break;
                default: sb.Append(c); break;
            }
        }

        return sb.ToString();
    }
}
