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

    [Fact]
    public void ResourceAggregates() => GeneratedJcoTests.Run("resource_aggregates", $$"""
        using I = Gen.Test.ResourceAggregates;
        using X = Gen.Exports.Test.ResourceAggregates.Test;
        sealed class Thing : I.ITest.IThing
        {
            public readonly uint Value;
            public Thing(uint value) => Value = value;
        }
        sealed class Host : I.ITest
        {
            public int FooCalls;
            public I.ITest.IThing CreateThing(uint v) => new Thing(v + 2);
            public uint Foo(I.Test.R1 r1, I.Test.R2 r2, I.Test.R3 r3, (I.ITest.IThing, I.Test.R1) t1, ValueTuple<I.ITest.IThing> t2, I.Test.V1 v1, I.Test.V2 v2,
                IReadOnlyList<I.ITest.IThing> l1, IReadOnlyList<I.ITest.IThing> l2, I.ITest.IThing? o1, I.ITest.IThing? o2,
                Result<I.ITest.IThing, Unit> result1, Result<I.ITest.IThing, Unit> result2)
            {
                FooCalls++;
                static uint V(I.ITest.IThing t) => ((Thing)t).Value;
                return V(r1.Thing) + V(r2.Thing) + V(r3.Thing1) + V(r3.Thing2) + V(t1.Item1) + V(t1.Item2.Thing) + V(t2.Item1)
                    + V(((I.Test.V1.Thing)v1).Value) + V(((I.Test.V2.Thing)v2).Value)
                    + l1.Aggregate(0u, (s, x) => s + V(x)) + l2.Aggregate(0u, (s, x) => s + V(x))
                    + (o1 is null ? 0 : V(o1)) + (o2 is null ? 0 : V(o2))
                    + (result1.IsOk ? V(result1.Value) : 0) + (result2.IsOk ? V(result2.Value) : 0)
                    + 3;
            }
        }
        public static class Scenario
        {
            public static void Run(Component component, Wasm.Engine engine)
            {
        {{Link}}
                var host = new Host();
                I.Test.AddToLinker(linker, host);
                var e = World.Instantiate(new Wasm.Store(engine), component, linker).Test;
                var things = new List<X.Thing>();
                uint expected = 0;
                for (uint i = 1; i < 18; i++)
                {
                    things.Add(e.CreateThing(i));
                    expected += i + 1 + 2;
                }
                expected += 3 + 4;
                var t = things;
                uint sum = e.Foo(new X.R1(t[0]), new X.R2(t[1]), new X.R3(t[2], t[3]), (t[4], new X.R1(t[5])), new ValueTuple<X.Thing>(t[6]),
                    new X.V1.Thing(t[7]), new X.V2.Thing(t[8]), new[] { t[9], t[10] }, new[] { t[11], t[12] }, t[13], t[14],
                    Result<X.Thing, Unit>.Ok(t[15]), Result<X.Thing, Unit>.Ok(t[16]));
                Check.Equal(expected, sum, "foo");
                Check.Equal(1, host.FooCalls, "host foo calls");

                // Handles passed as own were moved into the guest; borrowed ones are still the caller's.
                try { e.Foo(new X.R1(t[0]), new X.R2(t[1]), new X.R3(t[2], t[3]), (t[4], new X.R1(t[5])), new ValueTuple<X.Thing>(t[6]),
                    new X.V1.Thing(t[7]), new X.V2.Thing(t[8]), new X.Thing[0], new X.Thing[0], null, null, Result<X.Thing, Unit>.Err(default), Result<X.Thing, Unit>.Err(default));
                    throw new Exception("a moved handle was passed again"); }
                catch (ObjectDisposedException) { }
                var fresh = Enumerable.Range(0, 7).Select(i => e.CreateThing(100)).ToList();
                uint Call(X.V1 v1, X.Thing? o1, Result<X.Thing, Unit> result1) =>
                    e.Foo(new X.R1(fresh[0]), new X.R2(t[1]), new X.R3(t[2], fresh[1]), (fresh[2], new X.R1(fresh[3])), new ValueTuple<X.Thing>(t[6]),
                        v1, new X.V2.Thing(t[8]), new[] { fresh[5] }, new[] { t[11], t[12] }, o1, t[14], result1, Result<X.Thing, Unit>.Err(default));
                // Used-up handles inside a variant, an option or a result are refused before anything is moved.
                try { Call(new X.V1.Thing(t[7]), null, Result<X.Thing, Unit>.Ok(fresh[6])); throw new Exception("a moved handle in a variant was passed"); }
                catch (ObjectDisposedException) { }
                try { Call(new X.V1.Thing(fresh[4]), t[13], Result<X.Thing, Unit>.Ok(fresh[6])); throw new Exception("a moved handle in an option was passed"); }
                catch (ObjectDisposedException) { }
                try { Call(new X.V1.Thing(fresh[4]), null, Result<X.Thing, Unit>.Ok(t[15])); throw new Exception("a moved handle in a result was passed"); }
                catch (ObjectDisposedException) { }
                try { Call(new X.V1.Thing(null!), null, Result<X.Thing, Unit>.Ok(fresh[6])); throw new Exception("a null handle in a variant was passed"); }
                catch (ArgumentNullException) { }
                uint again = Call(new X.V1.Thing(fresh[4]), null, Result<X.Thing, Unit>.Ok(fresh[6]));
                Check.Equal(7 * 103u + (2 + 3 + 7 + 9 + 12 + 13 + 15 + 3 * 7) + 3 + 4, again, "foo with the borrowed handles again");
                Check.Equal(2, host.FooCalls, "host foo calls");
                foreach (var thing in t) thing.Dispose();
            }
        }
        """);
}
