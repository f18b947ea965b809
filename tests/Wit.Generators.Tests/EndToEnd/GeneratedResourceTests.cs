namespace Wit.Generators.Tests.EndToEnd;

/// <summary>
/// The jco resource fixtures through the real generator: host resources are objects implementing the generated
/// <c>I{Resource}</c> interfaces, guest resources are the generated handle classes (see
/// tests/Canonical.Abi.Tests/Jco for each fixture's expectations).
/// </summary>
public sealed class GeneratedResourceTests
{
    private const string Link = GeneratedJcoTests.Link;

    [Fact]
    public void ResourceBorrowSimple() => GeneratedJcoTests.Run("resource_borrow_simple", $$"""
        sealed class R : Gen.Root.Component.IRootImports.IR, IDisposable
        {
            public static readonly List<string> Log = new();
            public void Dispose() => Log.Add("dispose");
        }
        sealed class Host : Gen.Root.Component.IRootImports
        {
            public readonly List<Gen.Root.Component.IRootImports.IR> Tested = new();
            public Gen.Root.Component.IRootImports.IR CreateR() { R.Log.Add("new"); return new R(); }
            public void Test(Gen.Root.Component.IRootImports.IR r) { R.Log.Add("test"); Tested.Add(r); }
        }
        public static class Scenario
        {
            public static void Run(Component component, Wasm.Engine engine)
            {
        {{Link}}
                var host = new Host();
                World.AddToLinker(linker, host);
                var world = World.Instantiate(new Wasm.Store(engine), component, linker);
                world.TestImports();
                Check.Seq(new[] { "new", "test", "dispose" }, R.Log, "calls");
                Check.True(host.Tested.Count == 1 && host.Tested[0] is R, "the borrowed object is the host's");
            }
        }
        """);

    [Fact]
    public void Resources() => GeneratedJcoTests.Run("resources", $$"""
        using Y = Gen.Root.Component.Root.IImports.IY;
        using X = Gen.Root.Component.Root.ExportsExports.X;
        sealed class HostY : Y, IDisposable
        {
            public static readonly List<int> Created = new();
            public static int Disposed;
            public int A;
            public HostY(int a) { A = a; Created.Add(a); }
            public int GetA() => A;
            public void SetA(int a) => A = a;
            public void Dispose() => Disposed++;
        }
        sealed class Host : Gen.Root.Component.Root.IImports
        {
            public Y CreateY(int a) => new HostY(a);
            public Y YAdd(Y y, int a) => new HostY(y.GetA() + a);
        }
        public static class Scenario
        {
            public static void Run(Component component, Wasm.Engine engine)
            {
        {{Link}}
                World.Imports.AddToLinker(linker, new Host());
                var pre = new Gen.Root.Component.RootPre(component, linker);
                var world = pre.Instantiate(new Wasm.Store(engine));
                var e = world.Exports;
                Check.True(e.TestImports().IsOk, "test-imports");
                Check.Seq(new[] { 10, 30, 1, 2, 30, 50 }, HostY.Created, "created");
                Check.Equal(3, HostY.Disposed, "host objects the guest dropped");

                using var x = e.CreateX(5);
                Check.Equal(5, x.GetA(), "x.get-a");
                x.SetA(10);
                Check.Equal(10, x.GetA(), "x.get-a after set-a");
                var sum = e.XAdd(x, 5);
                Check.Equal(15, sum.GetA(), "x.add");
                try { x.GetA(); throw new Exception("a moved handle was used"); } catch (ObjectDisposedException) { }
                e.Consume(sum);
                try { sum.GetA(); throw new Exception("a consumed handle was used"); } catch (ObjectDisposedException) { }
                sum.Dispose();

                var z1 = e.CreateZ(10);
                var z2 = e.CreateZ(20);
                Check.Equal(10, z1.GetA(), "z1");
                Check.Equal(20, z2.GetA(), "z2");
                using var zSum = e.Add(z1, z2);
                Check.Equal(30, zSum.GetA(), "add");
                uint before = e.ZNumDropped();
                z1.Dispose();
                z1.Dispose();
                Check.Equal(before + 1, e.ZNumDropped(), "z dropped once");
                z2.Dispose();

                var k = e.CreateKebabCase(3);
                Check.Equal(3u, k.GetA(), "kebab-case.get-a");
                Check.Equal(3u, e.KebabCaseTakeOwned(k), "kebab-case.take-owned");

                // A second instance of the same Pre has its own resource types.
                var other = pre.Instantiate(new Wasm.Store(engine));
                using var x2 = other.Exports.CreateX(1);
                Check.Equal(1, x2.GetA(), "second instance");
            }
        }
        """);

    [Fact]
    public void ResourceBorrowInRecord() => GeneratedJcoTests.Run("resource_borrow_in_record", $$"""
        using I = Gen.Test.ResourceBorrowInRecord;
        using E = Gen.Exports.Test.ResourceBorrowInRecord;
        sealed class Thing : I.ITest.IThing
        {
            public readonly string Text;
            public Thing(string text) => Text = text;
            public string Get() => Text + " HostThing.get";
        }
        sealed class Host : I.ITest
        {
            public I.ITest.IThing CreateThing(string s) => new Thing(s + " HostThing");
            public IReadOnlyList<I.ITest.IThing> Test(IReadOnlyList<I.Test.Foo> a) =>
                a.Select(foo => (I.ITest.IThing)new Thing(((Thing)foo.Thing).Text + " test HostThing")).ToList();
        }
        public static class Scenario
        {
            public static void Run(Component component, Wasm.Engine engine)
            {
        {{Link}}
                I.Test.AddToLinker(linker, new Host());
                var world = World.Instantiate(new Wasm.Store(engine), component, linker);
                var e = world.Test;
                using var thing1 = e.CreateThing("Bonjour");
                using var thing2 = e.CreateThing("mon cher");
                var list = e.Test_(new[] { new E.Test.Foo(thing1), new E.Test.Foo(thing2) });
                Check.Seq(new[]
                {
                    "Bonjour Thing HostThing test HostThing HostThing.get Thing.get",
                    "mon cher Thing HostThing test HostThing HostThing.get Thing.get",
                }, list.Select(t => t.Get()), "things");
                foreach (var t in list) t.Dispose();
                try { e.Test_(new E.Test.Foo[] { null! }); throw new Exception("a null element was lowered"); } catch (ArgumentException) { }
                Check.Equal("Bonjour Thing", thing1.Get().Substring(0, 13), "the instance is usable after a rejected argument");
            }
        }
        """);
}
