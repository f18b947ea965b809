namespace Wasm.Components.Wave;

/// <summary>The forms of WAVE syntax, before a type gives them meaning.</summary>
internal enum WaveNodeKind : byte
{
    True,
    False,
    /// <summary>An integer or float, including <c>nan</c>, <c>inf</c>, <c>-inf</c>.</summary>
    Number,
    Char,
    String,
    MultilineString,
    Tuple,
    List,
    /// <summary>Children are label, value, label, value, ...</summary>
    Record,
    /// <summary>A bare label: an enum case or a variant case without payload.</summary>
    Label,
    /// <summary>Children are the case label and the payload.</summary>
    VariantWithPayload,
    Some,
    None,
    /// <summary>Zero or one child.</summary>
    Ok,
    /// <summary>Zero or one child.</summary>
    Err,
    /// <summary>Children are labels.</summary>
    Flags,
}

/// <summary>A WAVE syntax node with its span in the source text.</summary>
internal sealed class WaveNode(WaveNodeKind kind, int start, int end, List<WaveNode>? children = null)
{
    private static readonly List<WaveNode> NoChildren = new();

    public WaveNodeKind Kind { get; } = kind;
    public int Start { get; } = start;
    public int End { get; } = end;
    public List<WaveNode> Children { get; } = children ?? NoChildren;
}

/// <summary>
/// The syntactic WAVE parser: text to <see cref="WaveNode"/> trees. Syntax is checked completely before any type
/// is applied, so syntax errors are reported before type errors, as the reference parser does.
/// </summary>
internal sealed class WaveSyntaxParser
{
    private const int MaxDepth = 100;

    private readonly WaveLexer _lexer;
    private int _pos;
    private int _depth;
    private WaveToken _token;
    private int _start;

    public WaveSyntaxParser(string text, int pos = 0)
    {
        _lexer = new WaveLexer(text);
        _pos = pos;
    }

    public WaveLexer Lexer => _lexer;

    public string Text => _lexer.Text;

    /// <summary>The end of the last token read.</summary>
    public int Position => _pos;

    /// <summary>Parses one value.</summary>
    public WaveNode ParseValue()
    {
        if (_depth >= MaxDepth) throw _lexer.Error(WaveErrorKind.NestingTooDeep, null, _start, _pos);
        _depth++;
        try
        {
            return ParseValueInner();
        }
        finally
        {
            _depth--;
        }
    }

    /// <summary>Fails when anything but whitespace and comments follows.</summary>
    public void Finish()
    {
        int pos = _lexer.SkipTrivia(_pos);
        if (pos < Text.Length) throw _lexer.Error(WaveErrorKind.TrailingCharacters, null, pos, Text.Length);
    }

    /// <summary>Parses comma-separated values (a trailing comma allowed) up to a token, which is consumed.</summary>
    public List<WaveNode> ParseSequence(WaveToken endToken)
    {
        var nodes = new List<WaveNode>();
        if (NextIs(endToken))
        {
            Advance();
            return nodes;
        }

        while (true)
        {
            nodes.Add(ParseValue());
            if (Advance() == WaveToken.Comma)
            {
                if (NextIs(endToken))
                {
                    Advance();
                    break;
                }
            }
            else
            {
                Expect(endToken);
                break;
            }
        }

        return nodes;
    }

    /// <summary>Reads the next token.</summary>
    public WaveToken Advance()
    {
        var (token, start, end) = _lexer.Read(_pos);
        if (token == WaveToken.End) throw _lexer.Error(WaveErrorKind.UnexpectedEnd, null, Text.Length, Text.Length);
        (_token, _start, _pos) = (token, start, end);
        return token;
    }

    /// <summary>True when the next token is <paramref name="token"/> (false when it is malformed).</summary>
    public bool NextIs(WaveToken token)
    {
        try
        {
            return _lexer.Read(_pos).Token == token;
        }
        catch (WaveFormatException)
        {
            return false;
        }
    }

    /// <summary>Fails unless the current token is <paramref name="token"/>.</summary>
    public void Expect(WaveToken token)
    {
        if (_token != token) throw Unexpected();
    }

    /// <summary>The start of the current token.</summary>
    public int TokenStart => _start;

    private WaveFormatException Unexpected() => _lexer.Error(WaveErrorKind.UnexpectedToken, Describe(_token), _start, _pos);

    private static string Describe(WaveToken token) => token switch
    {
        WaveToken.BraceOpen => "'{'",
        WaveToken.BraceClose => "'}'",
        WaveToken.ParenOpen => "'('",
        WaveToken.ParenClose => "')'",
        WaveToken.BracketOpen => "'['",
        WaveToken.BracketClose => "']'",
        WaveToken.Colon => "':'",
        WaveToken.Comma => "','",
        WaveToken.Number => "a number",
        WaveToken.Label => "a label",
        WaveToken.Char => "a char",
        _ => "a string",
    };

    private WaveNode Leaf(WaveNodeKind kind) => new(kind, _start, _pos);

    private string Slice => Text[_start.._pos];

    private WaveNode ParseValueInner()
    {
        switch (Advance())
        {
            case WaveToken.Number: return Leaf(WaveNodeKind.Number);
            case WaveToken.Char: return Leaf(WaveNodeKind.Char);
            case WaveToken.String: return Leaf(WaveNodeKind.String);
            case WaveToken.MultilineString: return Leaf(WaveNodeKind.MultilineString);
            case WaveToken.ParenOpen:
            {
                int start = _start;
                var items = ParseSequence(WaveToken.ParenClose);
                if (items.Count == 0) throw _lexer.Error(WaveErrorKind.EmptyTuple, null, start, _pos);
                return new WaveNode(WaveNodeKind.Tuple, start, _pos, items);
            }
            case WaveToken.BracketOpen:
            {
                int start = _start;
                var items = ParseSequence(WaveToken.BracketClose);
                return new WaveNode(WaveNodeKind.List, start, _pos, items);
            }
            case WaveToken.BraceOpen:
                return ParseRecordOrFlags();
            case WaveToken.Label:
                switch (Slice)
                {
                    case "true": return Leaf(WaveNodeKind.True);
                    case "false": return Leaf(WaveNodeKind.False);
                    case "inf" or "nan": return Leaf(WaveNodeKind.Number);
                    case "none": return Leaf(WaveNodeKind.None);
                    case "some":
                    {
                        int start = _start;
                        Advance();
                        Expect(WaveToken.ParenOpen);
                        var payload = ParseValue();
                        Advance();
                        Expect(WaveToken.ParenClose);
                        return new WaveNode(WaveNodeKind.Some, start, _pos, [payload]);
                    }
                    case "ok" or "err":
                    {
                        var kind = Slice == "ok" ? WaveNodeKind.Ok : WaveNodeKind.Err;
                        int start = _start;
                        var children = new List<WaveNode>();
                        if (NextIs(WaveToken.ParenOpen))
                        {
                            Advance();
                            children.Add(ParseValue());
                            Advance();
                            Expect(WaveToken.ParenClose);
                        }

                        return new WaveNode(kind, start, _pos, children);
                    }
                    default:
                    {
                        var label = Leaf(WaveNodeKind.Label);
                        if (!NextIs(WaveToken.ParenOpen)) return label;
                        Advance();
                        var payload = ParseValue();
                        Advance();
                        Expect(WaveToken.ParenClose);
                        return new WaveNode(WaveNodeKind.VariantWithPayload, label.Start, _pos, [label, payload]);
                    }
                }

            default:
                throw Unexpected();
        }
    }

    private WaveNode ParseRecordOrFlags()
    {
        int start = _start;
        Advance();
        if (_token == WaveToken.Colon)
        {
            Advance();
            Expect(WaveToken.BraceClose);
            return new WaveNode(WaveNodeKind.Record, start, _pos);
        }

        if (_token == WaveToken.BraceClose) return new WaveNode(WaveNodeKind.Flags, start, _pos);
        bool isRecord = NextIs(WaveToken.Colon);
        var children = new List<WaveNode>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            Expect(WaveToken.Label);
            var label = Leaf(WaveNodeKind.Label);
            string name = Slice.TrimStart('%');
            if (!seen.Add(name))
            {
                throw _lexer.Error(isRecord ? WaveErrorKind.DuplicateField : WaveErrorKind.DuplicateFlag, $"\"{name}\"", label.Start, label.End);
            }

            children.Add(label);
            if (isRecord)
            {
                Advance();
                Expect(WaveToken.Colon);
                children.Add(ParseValue());
            }

            if (Advance() == WaveToken.Comma) Advance();
            if (_token == WaveToken.BraceClose) break;
        }

        return new WaveNode(isRecord ? WaveNodeKind.Record : WaveNodeKind.Flags, start, _pos, children);
    }
}
