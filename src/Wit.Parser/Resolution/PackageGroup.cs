using System.Collections.Generic;
using Wit.Ast;
using Wit.Diagnostics;
using Wit.Parsing;

namespace Wit.Resolution;

/// <summary>The packages parsed from one set of files: the main package plus nested `package {}` blocks.</summary>
internal sealed class PackageGroup
{
    private PackageGroup(UnresolvedPackage main, List<UnresolvedPackage> nested)
    {
        Main = main;
        Nested = nested;
    }

    public UnresolvedPackage Main { get; }

    public List<UnresolvedPackage> Nested { get; }

    /// <summary>Parses files of one package; files are processed in path order.</summary>
    public static PackageGroup Parse(List<SourceFile> files) => Build(ParseSyntax(files));

    /// <summary>The syntax phase alone: lexes and parses each file, in path order.</summary>
    public static List<PackageFileSyntax> ParseSyntax(List<SourceFile> files)
    {
        files.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        var syntax = new List<PackageFileSyntax>(files.Count);
        foreach (var file in files)
        {
            try
            {
                syntax.Add(Parser.ParseFile(file));
            }
            catch (WitException e)
            {
                e.IsSyntaxError = true;
                throw;
            }
        }

        return syntax;
    }

    /// <summary>Builds the package (and nested `package {}` blocks) from parsed files: per-package name resolution.</summary>
    public static PackageGroup Build(List<PackageFileSyntax> files)
    {
        var nested = new List<UnresolvedPackage>();
        var builder = new PackageBuilder();
        foreach (var syntax in files)
        {
            var remaining = new List<TopLevelItemSyntax>(syntax.Items.Count);
            foreach (var item in syntax.Items)
            {
                if (item is NestedPackageSyntax nestedPackage)
                {
                    var nestedBuilder = new PackageBuilder();
                    nestedBuilder.Push(nestedPackage.File);
                    nested.Add(nestedBuilder.Build());
                }
                else
                {
                    remaining.Add(item);
                }
            }

            syntax.Items.Clear();
            syntax.Items.AddRange(remaining);
            builder.Push(syntax);
        }

        return new PackageGroup(builder.Build(), nested);
    }
}
