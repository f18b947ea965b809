using Wit.Diagnostics;
using Wit.Lexing;
using Wit.Model;
using Wit.Resolution;

namespace Wit.Parser.Tests;

/// <summary>Token kinds, spans, CRLF handling, nested and doc comments.</summary>
public sealed class LexerTests
{
    private static (SourceMap Map, TokenStream Stream) Lex(string text, string name = "test.wit")
    {
        var map = new SourceMap();
        map.Add("padding.wit", "xx"); // Offsets are global: the second file starts at 3.
        var file = map.Add(name, text);
        return (map, Lexer.Tokenize(file));
    }

    [Fact]
    public void TokensCarryGlobalSpans()
    {
        var (_, stream) = Lex("interface foo {}");
        var tokens = stream.Tokens;
        Assert.Equal(new[] { TokenKind.Interface, TokenKind.Id, TokenKind.LeftBrace, TokenKind.RightBrace, TokenKind.Eof }, tokens.Select(t => t.Kind));
        Assert.Equal((3, 12), (tokens[0].Start, tokens[0].End));
        Assert.Equal((13, 16), (tokens[1].Start, tokens[1].End));
        Assert.Equal("foo", stream.TextOf(tokens[1]));
        Assert.Equal(19, tokens[^1].Start);
    }

    [Fact]
    public void KeywordsPunctuationAndIdentifiers()
    {
        var (_, stream) = Lex("%type -> error-context list<u8, 4> @since a-b-c _ 12");
        Assert.Equal(
            new[]
            {
                TokenKind.ExplicitId, TokenKind.RArrow, TokenKind.ErrorContext, TokenKind.List, TokenKind.LessThan, TokenKind.U8,
                TokenKind.Comma, TokenKind.Integer, TokenKind.GreaterThan, TokenKind.At, TokenKind.Id, TokenKind.Id, TokenKind.Underscore,
                TokenKind.Integer, TokenKind.Eof,
            },
            stream.Tokens.Select(t => t.Kind));
    }

    [Fact]
    public void CrlfLineEndingsGiveCorrectLinesAndColumns()
    {
        var (map, stream) = Lex("package a:b;\r\n\r\ninterface i {\r\n  f: func();\r\n}\r\n");
        var f = stream.Tokens.First(t => t.Kind == TokenKind.Id && stream.TextOf(t) == "f");
        var location = map.Locate(f.Span)!;
        Assert.Equal(("test.wit", 4, 3), (location.File, location.Line, location.Column));
    }

    [Fact]
    public void CrlfSourcesResolveAndDocsDropCarriageReturns()
    {
        var resolve = new Resolve();
        var id = WitLoader.PushSource(resolve, "crlf.wit", "package a:b;\r\n/// line one\r\n/// line two\r\ninterface i {\r\n}\r\n");
        Assert.Equal("line one\nline two", resolve[resolve[id].Interfaces["i"]].Docs);
    }

    [Fact]
    public void BlockCommentsNest()
    {
        var (_, stream) = Lex("/* a /* b */ still comment */ x");
        Assert.Equal(new[] { TokenKind.Comment, TokenKind.Id, TokenKind.Eof }, stream.Tokens.Select(t => t.Kind));
        Assert.Equal("/* a /* b */ still comment */", stream.TextOf(stream.Tokens[0]));
    }

    [Fact]
    public void UnterminatedNestedCommentIsAnErrorAtItsStart()
    {
        var (map, stream) = Lex("x /* a /* b */");
        Assert.NotNull(stream.Error);
        Assert.Equal("unterminated block comment", stream.Error!.Message);
        Assert.Equal(5, stream.Error.Span.Start);
        Assert.Equal(TokenKind.Error, stream.Tokens[^2].Kind);
        Assert.Equal(3, map.Locate(stream.Error.Span)!.Column);
    }

    [Fact]
    public void DocCommentsOfBothStylesBecomeDocs()
    {
        const string source = """
            package a:b;

            /// Line docs
            ///   indented
            interface i {
              /** Block docs */
              type t = u32;
            }
            """;
        var resolve = new Resolve();
        var id = WitLoader.PushSource(resolve, "docs.wit", source);
        var iface = resolve[resolve[id].Interfaces["i"]];
        Assert.Equal("Line docs\n  indented", iface.Docs);
        Assert.Equal("Block docs", resolve[iface.Types["t"]].Docs);
    }

    [Fact]
    public void ForbiddenCodepointsAreRejected()
    {
        var (_, stream) = Lex("interface \u202e x");
        Assert.StartsWith("Input contains bidirectional override codepoint", stream.Error!.Message);
    }

    [Fact]
    public void UnexpectedCharacterIsReportedWhereItOccurs()
    {
        var (map, stream) = Lex("a\n  $");
        Assert.Equal("unexpected character '$'", stream.Error!.Message);
        var location = map.Locate(stream.Error.Span)!;
        Assert.Equal((2, 3), (location.Line, location.Column));
    }
}
