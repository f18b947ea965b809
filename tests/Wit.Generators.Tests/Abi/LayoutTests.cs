using Wit.Generators.Abi;
using Wit.Model;

namespace Wit.Generators.Tests.Abi;

/// <summary>
/// The generator's canonical ABI layouts and function plans against the runtime's, for every type and function of
/// the WIT codegen corpus (<c>../shared/corpora/wit-codegen</c>), plus spec values for a few types by hand.
/// </summary>
public sealed class LayoutTests
{
    public static TheoryData<string> CorpusEntries()
    {
        var data = new TheoryData<string>();
        foreach (var entry in Directory.GetFileSystemEntries(Corpus.WitCodegen).Order(StringComparer.Ordinal))
        {
            if (entry.EndsWith(".wit", StringComparison.Ordinal)) data.Add(Path.GetFileName(entry));
            else if (Directory.Exists(Path.Combine(entry, "wit"))) data.Add(Path.GetFileName(entry) + "/wit");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CorpusEntries))]
    public void LayoutsAndPlansMatchTheRuntime(string entry)
    {
        var resolve = WitSources.FromPath(Path.Combine(Corpus.WitCodegen, entry));
        var layouts = new AbiLayouts(resolve);
        var runtime = new RuntimeLayout(resolve);
        for (int i = 0; i < resolve.Types.Count; i++)
        {
            var id = new TypeId(i);
            if (resolve[resolve.Dealias(id)].Kind is ResourceKind) continue;
            var mine = layouts.Of(id);
            var theirs = runtime.Of(WitType.FromId(id));
            string what = $"{resolve[id].Name ?? resolve[id].Kind.KindName} ({id})";
            Assert.True(theirs.Size == mine.Size, $"{what}: size {mine.Size}, runtime {theirs.Size}");
            Assert.True(theirs.Alignment == mine.Alignment, $"{what}: alignment {mine.Alignment}, runtime {theirs.Alignment}");
            Assert.Equal((what, theirs.Flat), (what, mine.Flat is null ? null : RuntimeLayout.Flat(mine.Flat)));
            if (mine.Shape == AbiShape.Record) Assert.Equal((what, string.Join(",", theirs.FieldOffsets!)), (what, string.Join(",", mine.FieldOffsets)));
            if (mine.Shape is AbiShape.Variant or AbiShape.Enum)
            {
                Assert.Equal((what, theirs.DiscriminantSize), (what, mine.DiscriminantSize));
                Assert.Equal((what, theirs.PayloadOffset), (what, mine.PayloadOffset));
            }
        }

        foreach (var f in AllFunctions(resolve).Where(f => !f.IsAsync))
        {
            var plan = FunctionPlan.Of(layouts, f);
            var theirs = runtime.Of(f);
            Assert.Equal((f.Name, theirs.LiftCore), (f.Name, RuntimeLayout.Core(plan.LiftedParams, plan.LiftedResults)));
            Assert.Equal((f.Name, theirs.LowerCore), (f.Name, RuntimeLayout.Core(plan.LoweredParams, plan.LoweredResults)));
            Assert.Equal((f.Name, theirs.ParamsInMemory, theirs.ResultInMemory), (f.Name, plan.ParamsInMemory, plan.ResultInMemory));
        }
    }

    internal static IEnumerable<Function> AllFunctions(Resolve resolve)
    {
        foreach (var iface in resolve.Interfaces)
            foreach (var (_, f) in iface.Functions) yield return f;
        foreach (var world in resolve.Worlds)
        {
            foreach (var (_, item) in world.Imports)
                if (item is WorldFunctionItem fi) yield return fi.Function;
            foreach (var (_, item) in world.Exports)
                if (item is WorldFunctionItem fe) yield return fe.Function;
        }
    }

    private const string SpecTypes = """
        package t:t;
        interface i {
          record r1 { a: u8, b: u32, c: u16 }
          variant v1 { a(u8), b(f32), c(s64), d }
          variant v2 { a(f32), b(u32) }
          type o = option<tuple<u8, f64>>;
          type res = result<_, string>;
          flags f9 { a, b, c, d, e, f, g, h, i }
          flags f40 { x0, x1, x2, x3, x4, x5, x6, x7, x8, x9, x10, x11, x12, x13, x14, x15, x16, x17, x18, x19, x20, x21, x22, x23, x24, x25, x26, x27, x28, x29, x30, x31, x32, x33, x34, x35, x36, x37, x38, x39 }
          type fl = list<u16, 3>;
          type big = tuple<u64, u64, u64, u64, u64, u64, u64, u64, u64, u64, u64, u64, u64, u64, u64, u64, u8>;
          f: func(a: r1, b: v1) -> string;
          g: func(a: big) -> u8;
        }
        """;

    [Theory]
    // The spec's size, alignment and flattening, by hand.
    [InlineData("r1", 12, 4, "i32 i32 i32")]
    [InlineData("v1", 16, 8, "i32 i64")]
    [InlineData("v2", 8, 4, "i32 i32")]
    [InlineData("o", 24, 8, "i32 i32 f64")]
    [InlineData("res", 12, 4, "i32 i32 i32")]
    [InlineData("f9", 2, 2, "i32")]
    [InlineData("f40", 8, 4, "i32 i32")]
    [InlineData("fl", 6, 2, "i32 i32 i32")]
    [InlineData("big", 136, 8, null)]
    public void SpecValues(string name, int size, int alignment, string? flat)
    {
        var resolve = WitSources.FromText(SpecTypes);
        var layouts = new AbiLayouts(resolve);
        var l = layouts.Of(resolve.Interfaces[0].Types[name]);
        Assert.Equal((size, alignment, flat), (l.Size, l.Alignment, l.Flat is null ? null : RuntimeLayout.Flat(l.Flat)));
    }

    [Fact]
    public void FunctionPlansSpillAndUseReturnPointers()
    {
        var resolve = WitSources.FromText(SpecTypes);
        var layouts = new AbiLayouts(resolve);
        var f = FunctionPlan.Of(layouts, resolve.Interfaces[0].Functions["f"]);
        Assert.False(f.ParamsInMemory);
        Assert.True(f.ResultInMemory);
        Assert.Equal("(i32 i32 i32 i32 i64) -> (i32)", RuntimeLayout.Core(f.LiftedParams, f.LiftedResults));
        Assert.Equal("(i32 i32 i32 i32 i64 i32) -> ()", RuntimeLayout.Core(f.LoweredParams, f.LoweredResults));
        var g = FunctionPlan.Of(layouts, resolve.Interfaces[0].Functions["g"]);
        Assert.True(g.ParamsInMemory);
        Assert.Equal("(i32) -> (i32)", RuntimeLayout.Core(g.LiftedParams, g.LiftedResults));
        Assert.Equal((136, 8), (g.ParamArea.Size, g.ParamArea.Alignment));
    }
}

/// <summary>Paths of the shared corpora (<c>../shared/corpora</c> next to the repository root).</summary>
internal static class Corpus
{
    public static string Root
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                foreach (var candidate in new[] { Path.Combine(dir.FullName, "shared", "corpora"), Path.Combine(dir.FullName, "..", "shared", "corpora") })
                    if (Directory.Exists(candidate)) return Path.GetFullPath(candidate);
            }

            throw new DirectoryNotFoundException("shared/corpora not found above " + AppContext.BaseDirectory);
        }
    }

    public static string WitCodegen => Path.Combine(Root, "wit-codegen");

    public static string Jco => Path.Combine(Root, "components", "jco");
}
