using System.Collections.Generic;
using Wit.Ast;
using Wit.Diagnostics;
using Wit.Lexing;
using Wit.Model;

namespace Wit.Parsing;

/// <summary>
/// Recursive-descent parser from tokens to the AST, one method per syntax node. Lookahead is
/// done by saving and restoring the token position, which is cheap with a token array.
/// </summary>
internal sealed partial class Parser
{
    private const int MaxPackageDepth = 100;
    private const int MaxTypeDepth = 100;

    private readonly TokenStream _stream;
    private readonly Token[] _tokens;
    private int _pos;

    private Parser(TokenStream stream)
    {
        _stream = stream;
        _tokens = stream.Tokens;
    }

    /// <summary>Parses one file: an optional `package x:y;` header followed by declarations.</summary>
    public static PackageFileSyntax ParseFile(SourceFile file)
    {
        var parser = new Parser(Lexer.Tokenize(file));
        return parser.ParsePackageFile();
    }

    private PackageFileSyntax ParsePackageFile()
    {
        var file = new PackageFileSyntax();
        int start = _pos;
        var docs = ParseDocs();
        if (Eat(TokenKind.Package))
        {
            var name = ParsePackageName(docs);
            if (Eat(TokenKind.Semicolon))
            {
                file.PackageName = name;
            }
            else
            {
                // `package x:y { ... }` is a nested package, parsed as an item below.
                _pos = start;
            }
        }
        else
        {
            _pos = start;
        }

        ParseDeclList(file.Items, endsWithBrace: false, depth: 0);
        return file;
    }

    private void ParseDeclList(List<TopLevelItemSyntax> items, bool endsWithBrace, int depth)
    {
        var docs = ParseDocs();
        while (true)
        {
            if (endsWithBrace)
            {
                if (Eat(TokenKind.RightBrace))
                {
                    break;
                }
            }
            else if (Peek().Kind == TokenKind.Eof)
            {
                break;
            }

            items.Add(ParseTopLevelItem(docs, depth));
            docs = ParseDocs();
        }
    }

    private TopLevelItemSyntax ParseTopLevelItem(DocComments docs, int depth)
    {
        var attributes = ParseAttributes();
        var next = Peek();
        switch (next.Kind)
        {
            case TokenKind.Interface:
                return ParseInterface(docs, attributes);
            case TokenKind.World:
                return ParseWorld(docs, attributes);
            case TokenKind.Use:
                return ParseTopLevelUse(attributes);
            case TokenKind.Package:
                return ParseNestedPackage(docs, attributes, depth);
            default:
                throw ExpectedError("`world`, `interface` or `use`", Next());
        }
    }

    private NestedPackageSyntax ParseNestedPackage(DocComments docs, List<AttributeSyntax> attributes, int depth)
    {
        var span = Expect(TokenKind.Package);
        if (attributes.Count > 0)
        {
            throw new WitException("cannot place attributes on nested packages", span);
        }

        if (depth >= MaxPackageDepth)
        {
            throw new WitException("package nesting too deep", span);
        }

        var file = new PackageFileSyntax { PackageName = ParsePackageName(docs) };
        Expect(TokenKind.LeftBrace);
        ParseDeclList(file.Items, endsWithBrace: true, depth + 1);
        return new NestedPackageSyntax { File = file };
    }

    private PackageNameSyntax ParsePackageName(DocComments docs)
    {
        var ns = ParseId();
        Expect(TokenKind.Colon);
        var name = ParseId();
        var version = ParseOptionalVersion(out var versionSpan);
        return new PackageNameSyntax
        {
            Docs = docs,
            Namespace = ns,
            Name = name,
            Version = version,
            Span = new TextSpan(ns.Span.Start, version is null ? name.Span.End : versionSpan.End),
        };
    }

    private TopLevelUseSyntax ParseTopLevelUse(List<AttributeSyntax> attributes)
    {
        var span = Expect(TokenKind.Use);
        var item = ParseUsePath();
        Identifier? alias = null;
        if (Eat(TokenKind.As))
        {
            alias = ParseId();
        }

        Expect(TokenKind.Semicolon);
        return new TopLevelUseSyntax { Span = span, Attributes = attributes, Item = item, As = alias };
    }

    private UsePathSyntax ParseUsePath()
    {
        var id = ParseId();
        if (!Eat(TokenKind.Colon))
        {
            return new UsePathSyntax { Name = id };
        }

        var packageName = ParseId();
        Expect(TokenKind.Slash);
        var name = ParseId();
        var version = ParseOptionalVersion(out _);
        return new UsePathSyntax
        {
            Name = name,
            Package = new PackageNameSyntax
            {
                Namespace = id,
                Name = packageName,
                Version = version,
                Span = new TextSpan(id.Span.Start, packageName.Span.End),
            },
        };
    }

    private UseSyntax ParseUse(List<AttributeSyntax> attributes)
    {
        Expect(TokenKind.Use);
        var from = ParseUsePath();
        Expect(TokenKind.Period);
        Expect(TokenKind.LeftBrace);
        var names = new List<UseNameSyntax>();
        while (!Eat(TokenKind.RightBrace))
        {
            var name = ParseId();
            Identifier? alias = null;
            if (Eat(TokenKind.As))
            {
                alias = ParseId();
            }

            names.Add(new UseNameSyntax { Name = name, As = alias });
            if (!Eat(TokenKind.Comma))
            {
                Expect(TokenKind.RightBrace);
                break;
            }
        }

        Expect(TokenKind.Semicolon);
        return new UseSyntax { Attributes = attributes, From = from, Names = names };
    }

    private InterfaceSyntax ParseInterface(DocComments docs, List<AttributeSyntax> attributes)
    {
        Expect(TokenKind.Interface);
        var name = ParseId();
        return new InterfaceSyntax { Docs = docs, Attributes = attributes, Name = name, Items = ParseInterfaceItems() };
    }

    private List<InterfaceItemSyntax> ParseInterfaceItems()
    {
        Expect(TokenKind.LeftBrace);
        var items = new List<InterfaceItemSyntax>();
        while (true)
        {
            var docs = ParseDocs();
            if (Eat(TokenKind.RightBrace))
            {
                break;
            }

            var attributes = ParseAttributes();
            items.Add(ParseInterfaceItem(docs, attributes));
        }

        return items;
    }

    private InterfaceItemSyntax ParseInterfaceItem(DocComments docs, List<AttributeSyntax> attributes)
    {
        switch (Peek().Kind)
        {
            case TokenKind.Type:
            case TokenKind.Flags:
            case TokenKind.Enum:
            case TokenKind.Variant:
            case TokenKind.Resource:
            case TokenKind.Record:
                return new InterfaceTypeSyntax { TypeDef = ParseTypeDef(docs, attributes) };
            case TokenKind.Id:
            case TokenKind.ExplicitId:
                return new InterfaceFuncSyntax { Func = ParseNamedFunc(docs, attributes) };
            case TokenKind.Use:
                return new InterfaceUseSyntax { Use = ParseUse(attributes) };
            default:
                throw ExpectedError("`type`, `resource` or `func`", Next());
        }
    }

    private WorldSyntax ParseWorld(DocComments docs, List<AttributeSyntax> attributes)
    {
        Expect(TokenKind.World);
        var name = ParseId();
        Expect(TokenKind.LeftBrace);
        var items = new List<WorldItemSyntax>();
        while (true)
        {
            var itemDocs = ParseDocs();
            if (Eat(TokenKind.RightBrace))
            {
                break;
            }

            var itemAttributes = ParseAttributes();
            items.Add(ParseWorldItem(itemDocs, itemAttributes));
        }

        return new WorldSyntax { Docs = docs, Attributes = attributes, Name = name, Items = items };
    }

    private WorldItemSyntax ParseWorldItem(DocComments docs, List<AttributeSyntax> attributes)
    {
        switch (Peek().Kind)
        {
            case TokenKind.Import:
                Next();
                return new ImportExportSyntax { IsExport = false, Docs = docs, Attributes = attributes, Kind = ParseExtern() };
            case TokenKind.Export:
                Next();
                return new ImportExportSyntax { IsExport = true, Docs = docs, Attributes = attributes, Kind = ParseExtern() };
            case TokenKind.Use:
                return new WorldUseSyntax { Use = ParseUse(attributes) };
            case TokenKind.Type:
            case TokenKind.Flags:
            case TokenKind.Resource:
            case TokenKind.Record:
            case TokenKind.Variant:
            case TokenKind.Enum:
                return new WorldTypeSyntax { TypeDef = ParseTypeDef(docs, attributes) };
            case TokenKind.Include:
                return ParseInclude(attributes);
            default:
                throw ExpectedError("`import`, `export`, `include`, `use`, or type definition", Next());
        }
    }

    private IncludeSyntax ParseInclude(List<AttributeSyntax> attributes)
    {
        Expect(TokenKind.Include);
        var from = ParseUsePath();
        var names = new List<(Identifier, Identifier)>();
        if (Eat(TokenKind.With))
        {
            Expect(TokenKind.LeftBrace);
            ParseListTrailer(TokenKind.RightBrace, _ =>
            {
                var name = ParseId();
                Expect(TokenKind.As);
                names.Add((name, ParseId()));
            });
        }
        else
        {
            Expect(TokenKind.Semicolon);
        }

        return new IncludeSyntax { Attributes = attributes, From = from, Names = names };
    }

    private ExternSyntax ParseExtern()
    {
        // Try `id: func`, `id: interface {..}` and `label: path` before a plain path.
        int start = _pos;
        var id = ParseId();
        if (Eat(TokenKind.Colon))
        {
            var next = Peek().Kind;
            if (next == TokenKind.Func || next == TokenKind.Async)
            {
                var func = ParseFunc();
                Expect(TokenKind.Semicolon);
                return new ExternSyntax { Kind = ExternKind.Func, Name = id, Func = func };
            }

            if (Eat(TokenKind.Interface))
            {
                return new ExternSyntax { Kind = ExternKind.Interface, Name = id, Items = ParseInterfaceItems() };
            }

            // `ns:pkg/iface` has a `/` after the second identifier; otherwise `id` is a label.
            int afterColon = _pos;
            bool qualified = TryParseId() && Peek().Kind == TokenKind.Slash;
            _pos = afterColon;
            if (!qualified)
            {
                var path = ParseUsePath();
                Expect(TokenKind.Semicolon);
                return new ExternSyntax { Kind = ExternKind.NamedPath, Name = id, Path = path };
            }
        }

        _pos = start;
        var usePath = ParseUsePath();
        Expect(TokenKind.Semicolon);
        return new ExternSyntax { Kind = ExternKind.Path, Path = usePath, Name = usePath.Name };
    }

    private NamedFuncSyntax ParseNamedFunc(DocComments docs, List<AttributeSyntax> attributes)
    {
        var name = ParseId();
        Expect(TokenKind.Colon);
        var func = ParseFunc();
        Expect(TokenKind.Semicolon);
        return new NamedFuncSyntax { Docs = docs, Attributes = attributes, Name = name, Func = func };
    }

    private FuncSyntax ParseFunc()
    {
        bool isAsync = Eat(TokenKind.Async);
        var span = Expect(TokenKind.Func);
        Expect(TokenKind.LeftParen);
        var parameters = ParseParams();
        TypeSyntax? result = null;
        if (Eat(TokenKind.RArrow))
        {
            result = ParseType();
        }

        return new FuncSyntax { Span = span, IsAsync = isAsync, Params = parameters, Result = result };
    }

    private List<(Identifier, TypeSyntax)> ParseParams()
    {
        var parameters = new List<(Identifier, TypeSyntax)>();
        ParseListTrailer(TokenKind.RightParen, _ =>
        {
            var name = ParseId();
            Expect(TokenKind.Colon);
            parameters.Add((name, ParseType()));
        });
        return parameters;
    }

    /// <summary>Parses `item, item, ... end` allowing a trailing comma; docs are read before each item.</summary>
    private void ParseListTrailer(TokenKind end, System.Action<DocComments> parseItem)
    {
        while (true)
        {
            var docs = ParseDocs();
            if (Eat(end))
            {
                break;
            }

            parseItem(docs);
            if (!Eat(TokenKind.Comma))
            {
                Expect(end);
                break;
            }
        }
    }
}
