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
    public static PackageGroup Parse(List<SourceFile> files)
    {
        files.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        var nested = new List<UnresolvedPackage>();
        var builder = new PackageBuilder();
        foreach (var file in files)
        {
            var syntax = Parser.ParseFile(file);
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
