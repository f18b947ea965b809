using System.Collections.Generic;
using System.Globalization;
using Wit.Ast;
using Wit.Diagnostics;
using Wit.Lexing;

namespace Wit.Parsing;

/// <summary>Type definitions and type expressions.</summary>
internal sealed partial class Parser
{
    private TypeDefSyntax ParseTypeDef(DocComments docs, List<AttributeSyntax> attributes)
    {
        var keyword = Next();
        var name = ParseId();
        TypeSyntax type;
        switch (keyword.Kind)
        {
            case TokenKind.Type:
                Expect(TokenKind.Equals);
                type = ParseType();
                Expect(TokenKind.Semicolon);
                break;
            case TokenKind.Flags:
                type = new TypeSyntax { Kind = TypeSyntaxKind.Flags, Span = name.Span, Cases = ParseCases(withPayload: false) };
                break;
            case TokenKind.Enum:
                type = new TypeSyntax { Kind = TypeSyntaxKind.Enum, Span = name.Span, Cases = ParseCases(withPayload: false) };
                break;
            case TokenKind.Variant:
                type = new TypeSyntax { Kind = TypeSyntaxKind.Variant, Span = name.Span, Cases = ParseCases(withPayload: true) };
                break;
            case TokenKind.Record:
                type = new TypeSyntax { Kind = TypeSyntaxKind.Record, Span = name.Span, Fields = ParseFields() };
                break;
            default:
                type = new TypeSyntax { Kind = TypeSyntaxKind.Resource, Span = name.Span, ResourceFuncs = ParseResourceBody() };
                break;
        }

        return new TypeDefSyntax { Docs = docs, Attributes = attributes, Name = name, Type = type };
    }

    private List<FieldSyntax> ParseFields()
    {
        var fields = new List<FieldSyntax>();
        Expect(TokenKind.LeftBrace);
        ParseListTrailer(TokenKind.RightBrace, docs =>
        {
            var name = ParseId();
            Expect(TokenKind.Colon);
            fields.Add(new FieldSyntax { Docs = docs, Name = name, Type = ParseType() });
        });
        return fields;
    }

    private List<CaseSyntax> ParseCases(bool withPayload)
    {
        var cases = new List<CaseSyntax>();
        Expect(TokenKind.LeftBrace);
        ParseListTrailer(TokenKind.RightBrace, docs =>
        {
            var name = ParseId();
            TypeSyntax? payload = null;
            if (withPayload && Eat(TokenKind.LeftParen))
            {
                payload = ParseType();
                Expect(TokenKind.RightParen);
            }

            cases.Add(new CaseSyntax { Docs = docs, Name = name, Type = payload });
        });
        return cases;
    }

    private List<ResourceFuncSyntax> ParseResourceBody()
    {
        var funcs = new List<ResourceFuncSyntax>();
        if (!Eat(TokenKind.LeftBrace))
        {
            Expect(TokenKind.Semicolon);
            return funcs;
        }

        while (!Eat(TokenKind.RightBrace))
        {
            var docs = ParseDocs();
            var attributes = ParseAttributes();
            funcs.Add(ParseResourceFunc(docs, attributes));
        }

        return funcs;
    }

    private ResourceFuncSyntax ParseResourceFunc(DocComments docs, List<AttributeSyntax> attributes)
    {
        var next = Peek();
        switch (next.Kind)
        {
            case TokenKind.Constructor:
            {
                Next();
                Expect(TokenKind.LeftParen);
                var parameters = ParseParams();
                TypeSyntax? result = null;
                if (Eat(TokenKind.RArrow))
                {
                    result = ParseType();
                }

                Expect(TokenKind.Semicolon);
                var func = new FuncSyntax { Span = next.Span, Params = parameters, Result = result };
                return new ResourceFuncSyntax
                {
                    Kind = ResourceFuncKind.Constructor,
                    Func = new NamedFuncSyntax { Docs = docs, Attributes = attributes, Name = new Identifier("constructor", next.Span), Func = func },
                };
            }

            case TokenKind.Id:
            case TokenKind.ExplicitId:
            {
                var name = ParseId();
                Expect(TokenKind.Colon);
                bool isStatic = Eat(TokenKind.Static);
                var func = ParseFunc();
                Expect(TokenKind.Semicolon);
                return new ResourceFuncSyntax
                {
                    Kind = isStatic ? ResourceFuncKind.Static : ResourceFuncKind.Method,
                    Func = new NamedFuncSyntax { Docs = docs, Attributes = attributes, Name = name, Func = func },
                };
            }

            default:
                throw ExpectedError("`constructor` or identifier", Next());
        }
    }

    private TypeSyntax ParseType(int depth = 0)
    {
        var token = Next();
        if (depth >= MaxTypeDepth)
        {
            var span = token.Kind == TokenKind.Eof ? new TextSpan(_stream.EofOffset, _stream.EofOffset) : token.Span;
            throw new WitException("type nesting too deep", span);
        }

        switch (token.Kind)
        {
            case TokenKind.U8: return Simple(TypeSyntaxKind.U8, token);
            case TokenKind.U16: return Simple(TypeSyntaxKind.U16, token);
            case TokenKind.U32: return Simple(TypeSyntaxKind.U32, token);
            case TokenKind.U64: return Simple(TypeSyntaxKind.U64, token);
            case TokenKind.S8: return Simple(TypeSyntaxKind.S8, token);
            case TokenKind.S16: return Simple(TypeSyntaxKind.S16, token);
            case TokenKind.S32: return Simple(TypeSyntaxKind.S32, token);
            case TokenKind.S64: return Simple(TypeSyntaxKind.S64, token);
            case TokenKind.F32: return Simple(TypeSyntaxKind.F32, token);
            case TokenKind.F64: return Simple(TypeSyntaxKind.F64, token);
            case TokenKind.Char: return Simple(TypeSyntaxKind.Char, token);
            case TokenKind.Bool: return Simple(TypeSyntaxKind.Bool, token);
            case TokenKind.String: return Simple(TypeSyntaxKind.String, token);
            case TokenKind.ErrorContext: return Simple(TypeSyntaxKind.ErrorContext, token);
            case TokenKind.Tuple:
            {
                var types = new List<TypeSyntax>();
                Expect(TokenKind.LessThan);
                ParseListTrailer(TokenKind.GreaterThan, _ => types.Add(ParseType(depth + 1)));
                return new TypeSyntax { Kind = TypeSyntaxKind.Tuple, Span = token.Span, Types = types };
            }

            case TokenKind.List:
            {
                Expect(TokenKind.LessThan);
                var element = ParseType(depth + 1);
                if (Eat(TokenKind.Comma))
                {
                    var number = Next();
                    if (number.Kind != TokenKind.Integer)
                    {
                        throw ExpectedError("fixed-length", number);
                    }

                    if (!uint.TryParse(_stream.TextOf(number), NumberStyles.None, CultureInfo.InvariantCulture, out uint size))
                    {
                        throw new WitException("invalid list size: number too large to fit in target type", number.Span);
                    }

                    Expect(TokenKind.GreaterThan);
                    return new TypeSyntax { Kind = TypeSyntaxKind.FixedLengthList, Span = token.Span, First = element, Size = size };
                }

                Expect(TokenKind.GreaterThan);
                return new TypeSyntax { Kind = TypeSyntaxKind.List, Span = token.Span, First = element };
            }

            case TokenKind.Map:
            {
                Expect(TokenKind.LessThan);
                var key = ParseType(depth + 1);
                Expect(TokenKind.Comma);
                var value = ParseType(depth + 1);
                Expect(TokenKind.GreaterThan);
                return new TypeSyntax { Kind = TypeSyntaxKind.Map, Span = token.Span, First = key, Second = value };
            }

            case TokenKind.Option:
            {
                Expect(TokenKind.LessThan);
                var inner = ParseType(depth + 1);
                Expect(TokenKind.GreaterThan);
                return new TypeSyntax { Kind = TypeSyntaxKind.Option, Span = token.Span, First = inner };
            }

            case TokenKind.Result:
            {
                TypeSyntax? ok = null, err = null;
                if (Eat(TokenKind.LessThan))
                {
                    if (Eat(TokenKind.Underscore))
                    {
                        Expect(TokenKind.Comma);
                        err = ParseType(depth + 1);
                    }
                    else
                    {
                        ok = ParseType(depth + 1);
                        if (Eat(TokenKind.Comma))
                        {
                            err = ParseType(depth + 1);
                        }
                    }

                    Expect(TokenKind.GreaterThan);
                }

                return new TypeSyntax { Kind = TypeSyntaxKind.Result, Span = token.Span, First = ok, Second = err };
            }

            case TokenKind.Future:
            case TokenKind.Stream:
            {
                TypeSyntax? inner = null;
                if (Eat(TokenKind.LessThan))
                {
                    inner = ParseType(depth + 1);
                    Expect(TokenKind.GreaterThan);
                }

                var kind = token.Kind == TokenKind.Future ? TypeSyntaxKind.Future : TypeSyntaxKind.Stream;
                return new TypeSyntax { Kind = kind, Span = token.Span, First = inner };
            }

            case TokenKind.Own:
            case TokenKind.Borrow:
            {
                Expect(TokenKind.LessThan);
                var resource = ParseId();
                Expect(TokenKind.GreaterThan);
                var kind = token.Kind == TokenKind.Own ? TypeSyntaxKind.Own : TypeSyntaxKind.Borrow;
                return new TypeSyntax { Kind = kind, Span = resource.Span, Name = resource };
            }

            case TokenKind.Id:
            case TokenKind.ExplicitId:
            {
                string name = _stream.TextOf(token);
                if (token.Kind == TokenKind.ExplicitId)
                {
                    name = name.Substring(1);
                }

                IdentifierValidator.Validate(name, token.Start);
                var id = new Identifier(name, token.Span);
                return new TypeSyntax { Kind = TypeSyntaxKind.Name, Span = token.Span, Name = id };
            }

            default:
                throw ExpectedError("a type", token);
        }
    }

    private static TypeSyntax Simple(TypeSyntaxKind kind, Token token) => new() { Kind = kind, Span = token.Span };
}
