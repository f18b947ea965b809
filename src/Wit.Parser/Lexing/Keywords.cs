using System.Collections.Generic;

namespace Wit.Lexing;

/// <summary>Maps keyword spellings to token kinds and back.</summary>
internal static class Keywords
{
    private static readonly Dictionary<string, TokenKind> ByText = new(System.StringComparer.Ordinal)
    {
        ["use"] = TokenKind.Use,
        ["type"] = TokenKind.Type,
        ["func"] = TokenKind.Func,
        ["u8"] = TokenKind.U8,
        ["u16"] = TokenKind.U16,
        ["u32"] = TokenKind.U32,
        ["u64"] = TokenKind.U64,
        ["s8"] = TokenKind.S8,
        ["s16"] = TokenKind.S16,
        ["s32"] = TokenKind.S32,
        ["s64"] = TokenKind.S64,
        ["f32"] = TokenKind.F32,
        ["f64"] = TokenKind.F64,
        ["char"] = TokenKind.Char,
        ["resource"] = TokenKind.Resource,
        ["own"] = TokenKind.Own,
        ["borrow"] = TokenKind.Borrow,
        ["record"] = TokenKind.Record,
        ["flags"] = TokenKind.Flags,
        ["variant"] = TokenKind.Variant,
        ["enum"] = TokenKind.Enum,
        ["bool"] = TokenKind.Bool,
        ["string"] = TokenKind.String,
        ["option"] = TokenKind.Option,
        ["result"] = TokenKind.Result,
        ["future"] = TokenKind.Future,
        ["stream"] = TokenKind.Stream,
        ["error-context"] = TokenKind.ErrorContext,
        ["list"] = TokenKind.List,
        ["map"] = TokenKind.Map,
        ["_"] = TokenKind.Underscore,
        ["as"] = TokenKind.As,
        ["from"] = TokenKind.From,
        ["static"] = TokenKind.Static,
        ["interface"] = TokenKind.Interface,
        ["tuple"] = TokenKind.Tuple,
        ["world"] = TokenKind.World,
        ["import"] = TokenKind.Import,
        ["export"] = TokenKind.Export,
        ["package"] = TokenKind.Package,
        ["constructor"] = TokenKind.Constructor,
        ["include"] = TokenKind.Include,
        ["with"] = TokenKind.With,
        ["async"] = TokenKind.Async,
    };

    private static readonly Dictionary<TokenKind, string> ByKind = Invert();

    public static TokenKind Lookup(string text, int start, int length)
    {
        // Keywords are short; avoid allocating for long identifiers.
        if (length > 13)
        {
            return TokenKind.Id;
        }

        return ByText.TryGetValue(text.Substring(start, length), out var kind) ? kind : TokenKind.Id;
    }

    public static bool IsKeyword(string name) => ByText.ContainsKey(name);

    public static string TextOf(TokenKind kind) => ByKind.TryGetValue(kind, out var text) ? text : kind.ToString();

    private static Dictionary<TokenKind, string> Invert()
    {
        var result = new Dictionary<TokenKind, string>();
        foreach (var pair in ByText)
        {
            result[pair.Value] = pair.Key;
        }

        return result;
    }
}
