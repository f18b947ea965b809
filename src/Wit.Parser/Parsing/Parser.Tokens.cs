using System.Collections.Generic;
using Wit.Ast;
using Wit.Diagnostics;
using Wit.Lexing;
using Wit.Model;

namespace Wit.Parsing;

/// <summary>Token-level helpers: lookahead, expectations, identifiers, docs, attributes, versions.</summary>
internal sealed partial class Parser
{
    private Token Peek()
    {
        int i = _pos;
        while (_tokens[i].Kind == TokenKind.Comment)
        {
            i++;
        }

        if (_tokens[i].Kind == TokenKind.Error)
        {
            throw _stream.Error!;
        }

        return _tokens[i];
    }

    private Token Next()
    {
        while (_tokens[_pos].Kind == TokenKind.Comment)
        {
            _pos++;
        }

        var token = _tokens[_pos];
        if (token.Kind == TokenKind.Error)
        {
            throw _stream.Error!;
        }

        if (token.Kind != TokenKind.Eof)
        {
            _pos++;
        }

        return token;
    }

    private bool Eat(TokenKind kind)
    {
        if (Peek().Kind != kind)
        {
            return false;
        }

        Next();
        return true;
    }

    private TextSpan Expect(TokenKind kind)
    {
        var token = Next();
        if (token.Kind == kind)
        {
            return token.Span;
        }

        if (token.Kind == TokenKind.Eof)
        {
            throw new WitException($"expected {kind.Describe()}, found eof", new TextSpan(_stream.EofOffset, _stream.EofOffset + 1));
        }

        throw new WitException($"expected {kind.Describe()}, found {token.Kind.Describe()}", new TextSpan(token.Start, token.Start + 1));
    }

    private WitException ExpectedError(string expected, Token found)
    {
        if (found.Kind == TokenKind.Eof)
        {
            return new WitException($"expected {expected}, found eof", new TextSpan(_stream.EofOffset, _stream.EofOffset));
        }

        return new WitException($"expected {expected}, found {found.Kind.Describe()}", found.Span);
    }

    private Identifier ParseId()
    {
        var token = Next();
        switch (token.Kind)
        {
            case TokenKind.Id:
            {
                string name = _stream.TextOf(token);
                IdentifierValidator.Validate(name, token.Start);
                return new Identifier(name, token.Span);
            }

            case TokenKind.ExplicitId:
            {
                string name = _stream.TextOf(token).Substring(1);
                IdentifierValidator.Validate(name, token.Start);
                return new Identifier(name, token.Span);
            }

            default:
                throw ExpectedError("an identifier or string", token);
        }
    }

    /// <summary>Parses an identifier, returning false instead of throwing on any error.</summary>
    private bool TryParseId()
    {
        try
        {
            ParseId();
            return true;
        }
        catch (WitException)
        {
            return false;
        }
    }

    /// <summary>Collects the comments at the current position; every comment counts as documentation.</summary>
    private DocComments ParseDocs()
    {
        if (_tokens[_pos].Kind == TokenKind.Error)
        {
            throw _stream.Error!;
        }

        if (_tokens[_pos].Kind != TokenKind.Comment)
        {
            return DocComments.Empty;
        }

        var lines = new List<string>();
        int start = _tokens[_pos].Start;
        int end = start;
        while (_tokens[_pos].Kind == TokenKind.Comment)
        {
            string text = _stream.TextOf(_tokens[_pos]);
            lines.Add(text);
            int trimmed = text.Length;
            while (trimmed > 0 && char.IsWhiteSpace(text[trimmed - 1]))
            {
                trimmed--;
            }

            end = _tokens[_pos].Start + trimmed;
            _pos++;
        }

        if (_tokens[_pos].Kind == TokenKind.Error)
        {
            throw _stream.Error!;
        }

        return new DocComments(lines, new TextSpan(start, end));
    }

    private List<AttributeSyntax> ParseAttributes()
    {
        var attributes = new List<AttributeSyntax>();
        while (Eat(TokenKind.At))
        {
            var id = ParseId();
            switch (id.Name)
            {
                case "since":
                case "deprecated":
                {
                    Expect(TokenKind.LeftParen);
                    ExpectId("version");
                    Expect(TokenKind.Equals);
                    var version = ParseVersion(out _);
                    Expect(TokenKind.RightParen);
                    attributes.Add(new AttributeSyntax
                    {
                        Kind = id.Name == "since" ? AttributeKind.Since : AttributeKind.Deprecated,
                        Span = id.Span,
                        Version = version,
                    });
                    break;
                }

                case "unstable":
                {
                    Expect(TokenKind.LeftParen);
                    ExpectId("feature");
                    Expect(TokenKind.Equals);
                    var feature = ParseId();
                    Expect(TokenKind.RightParen);
                    attributes.Add(new AttributeSyntax { Kind = AttributeKind.Unstable, Span = id.Span, Feature = feature.Name });
                    break;
                }

                case "external-id":
                {
                    Expect(TokenKind.LeftParen);
                    var literal = Expect(TokenKind.StringLiteral);
                    Expect(TokenKind.RightParen);
                    attributes.Add(new AttributeSyntax { Kind = AttributeKind.ExternalId, Span = id.Span, ExternalId = StringLiteral.Decode(_stream, literal) });
                    break;
                }

                default:
                    throw new WitException($"unknown attribute `{id.Name}`", id.Span);
            }
        }

        return attributes;
    }

    private void ExpectId(string expected)
    {
        var id = ParseId();
        if (id.Name != expected)
        {
            throw new WitException($"expected `{expected}`, found `{id.Name}`", id.Span);
        }
    }

    private SemVersion? ParseOptionalVersion(out TextSpan span)
    {
        span = TextSpan.Unknown;
        return Eat(TokenKind.At) ? ParseVersion(out span) : null;
    }

    private SemVersion ParseVersion(out TextSpan span)
    {
        int start = Expect(TokenKind.Integer).Start;
        Expect(TokenKind.Period);
        Expect(TokenKind.Integer);
        Expect(TokenKind.Period);
        int end = Expect(TokenKind.Integer).End;
        end = EatVersionIdentifiers(TokenKind.Minus, end);
        end = EatVersionIdentifiers(TokenKind.Plus, end);
        span = new TextSpan(start, end);
        string text = _stream.File.Text.Substring(start - _stream.File.BaseOffset, end - start);
        if (!SemVersion.TryParse(text, out var version, out var error))
        {
            throw new WitException(error, span);
        }

        return version!;
    }

    /// <summary>
    /// Consumes pre-release or build identifiers after `-` or `+`. A `.` not followed by an
    /// identifier, integer or `-` is left alone since it belongs to WIT syntax (`use a:b@1.0.0-x.{..}`).
    /// </summary>
    private int EatVersionIdentifiers(TokenKind prefix, int end)
    {
        if (!Eat(prefix))
        {
            return end;
        }

        while (true)
        {
            int save = _pos;
            var token = Next();
            if (token.Kind is TokenKind.Id or TokenKind.Integer or TokenKind.Minus)
            {
                end = token.End;
                continue;
            }

            if (token.Kind == TokenKind.Period)
            {
                var after = Next();
                if (after.Kind is TokenKind.Id or TokenKind.Integer or TokenKind.Minus)
                {
                    end = after.End;
                    continue;
                }
            }

            _pos = save;
            return end;
        }
    }
}
