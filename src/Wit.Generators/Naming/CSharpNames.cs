using System.Collections.Generic;
using System.Text;

namespace Wit.Generators.Naming;

/// <summary>Converts WIT kebab-case names to C# identifiers.</summary>
internal static class CSharpNames
{
    private static readonly HashSet<string> Keywords = new()
    {
        "abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class", "const",
        "continue", "decimal", "default", "delegate", "do", "double", "else", "enum", "event", "explicit", "extern",
        "false", "finally", "fixed", "float", "for", "foreach", "goto", "if", "implicit", "in", "int", "interface",
        "internal", "is", "lock", "long", "namespace", "new", "null", "object", "operator", "out", "override",
        "params", "private", "protected", "public", "readonly", "ref", "return", "sbyte", "sealed", "short",
        "sizeof", "stackalloc", "static", "string", "struct", "switch", "this", "throw", "true", "try", "typeof",
        "uint", "ulong", "unchecked", "unsafe", "ushort", "using", "virtual", "void", "volatile", "while",
    };

    /// <summary><c>get-HTTP-header</c> → <c>GetHttpHeader</c>: each word capitalized, the rest lower case (acronyms too, as .NET names them).</summary>
    public static string Pascal(string kebab)
    {
        var sb = new StringBuilder(kebab.Length);
        foreach (var word in kebab.Split('-'))
        {
            if (word.Length == 0)
            {
                continue;
            }

            sb.Append(char.ToUpperInvariant(word[0]));
            sb.Append(word.Substring(1).ToLowerInvariant());
        }

        return sb.ToString();
    }

    /// <summary><c>list-of-things</c> → <c>listOfThings</c>, with <c>@</c> before C# keywords.</summary>
    public static string Camel(string kebab)
    {
        string pascal = Pascal(kebab);
        string camel = pascal.Length == 0 ? pascal : char.ToLowerInvariant(pascal[0]) + pascal.Substring(1);
        return Escape(camel);
    }

    /// <summary>Prefixes C# keywords with <c>@</c>.</summary>
    public static string Escape(string identifier) => Keywords.Contains(identifier) ? "@" + identifier : identifier;
}
