using Wit.Model;

namespace Wit.Generators.Tests.Abi;

/// <summary>
/// Host bindings for every world of the WIT codegen corpus compile without warnings (overflow-checked): every
/// synchronous function whose types have a C# binding, which covers spilled parameters, return areas, fixed-length
/// lists, wide flags and handles that the jco fixtures do not.
/// </summary>
public sealed class CorpusCompileTests
{
    /// <summary>Entries whose names collide in the tests' simple naming (a case named like its variant, interfaces of one name in two packages or versions).</summary>
    private static readonly string[] NameClashes = ["issue1514-6.wit", "issue1642.wit", "multiversion/wit"];

    public static TheoryData<string> CorpusEntries()
    {
        var data = new TheoryData<string>();
        foreach (string entry in LayoutTests.CorpusEntries())
            if (!NameClashes.Contains(entry)) data.Add(entry);
        return data;
    }

    [Theory]
    [MemberData(nameof(CorpusEntries))]
    public void GeneratedBindingsCompile(string entry)
    {
        var resolve = WitSources.FromPath(Path.Combine(Corpus.WitCodegen, entry));
        for (int w = 0; w < resolve.Worlds.Count; w++)
        {
            string source = TestBindings.Generate(resolve, new WorldId(w), f => Supported(resolve, f));
            var problems = EndToEnd.Compile(source);
            Assert.True(problems.Count == 0, $"{resolve.Worlds[w].Name}:\n{string.Join("\n", problems.Take(10))}\n\n{source}");
        }
    }

    private static bool Supported(Resolve resolve, Function f) =>
        !f.IsAsync && f.Params.All(p => Supported(resolve, p.Type)) && (f.Result is not { } r || Supported(resolve, r));

    private static bool Supported(Resolve resolve, WitType t)
    {
        if (t.Kind == WitTypeKind.ErrorContext) return false;
        if (!t.IsId) return true;
        return resolve[resolve.Dealias(t.Id)].Kind switch
        {
            FutureKind or StreamKind or MapKind => false,
            RecordKind r => r.Fields.All(x => Supported(resolve, x.Type)),
            VariantKind v => v.Cases.All(c => c.Type is not { } ct || Supported(resolve, ct)),
            TupleKind tu => tu.Types.All(x => Supported(resolve, x)),
            OptionKind o => Supported(resolve, o.Type),
            ResultKind res => (res.Ok is not { } ok || Supported(resolve, ok)) && (res.Err is not { } err || Supported(resolve, err)),
            ListKind l => Supported(resolve, l.Type),
            FixedLengthListKind fl => Supported(resolve, fl.Type),
            _ => true,
        };
    }
}
