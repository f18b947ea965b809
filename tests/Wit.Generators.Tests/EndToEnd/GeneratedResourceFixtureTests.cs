namespace Wit.Generators.Tests.EndToEnd;

/// <summary>
/// More jco resource fixtures (wit-bindgen's runtime tests, built by jco) through the real generator, with the
/// calls and expected values of their tests/Canonical.Abi.Tests/Jco counterparts.
/// </summary>
public sealed class GeneratedResourceFixtureTests
{
    private const string Link = GeneratedJcoTests.Link;

    [Fact]
    public void ResourceAlias() => GeneratedJcoTests.Run("resource_alias", $$"""
        using E1 = Gen.Exports.Test.ResourceAlias.E1;
        using E2 = Gen.Exports.Test.ResourceAlias.E2;
        public static class Scenario
        {
            public static void Run(Component component, Wasm.Engine engine)
            {
        {{Link}}
                var world = World.Instantiate(new Wasm.Store(engine), component, linker);
                var x = world.E1.CreateX(42);
                var back = Check.Single(world.E1.A(new E1.Foo(x)), "e1.a");
                try { world.E1.A(new E1.Foo(x)); throw new Exception("a moved handle was passed again"); } catch (ObjectDisposedException) { }
                // The handle given back is owned by the caller again: it can be moved once more.
                var again = Check.Single(world.E1.A(new E1.Foo(back)), "e1.a with the returned handle");
                again.Dispose();

                var f = world.E1.CreateX(7);
                var g = world.E1.CreateX(8);
                using var y = world.E1.CreateX(8);
                var list = world.E2.A(new E2.Foo(f), new E2.Bar(g), y);
                Check.Equal(2, list.Count, "e2.a");
                // f and g were moved, y only lent.
                try { world.E2.A(new E2.Foo(f), new E2.Bar(list[0]), y); throw new Exception("a moved handle was passed again"); } catch (ObjectDisposedException) { }
                Check.Equal(2, world.E2.A(new E2.Foo(list[0]), new E2.Bar(list[1]), y).Count, "e2.a with the returned handles");
            }
        }
        """);

    [Fact]
    public void ResourceAliasRedux() => GeneratedJcoTests.Run("resource_alias_redux", $$"""
        using I1 = Gen.Test.ResourceAliasRedux.IResourceAlias1;
        using E1 = Gen.Exports.Test.ResourceAliasRedux.ResourceAlias1;
        using E2 = Gen.Exports.Test.ResourceAliasRedux.ResourceAlias2;
        sealed class Thing : I1.IThing
        {
            public readonly string Text;
            public Thing(string text) => Text = text;
            public string Get() => Text + " HostThing.get";
        }
        sealed class Host1 : I1
        {
            public I1.IThing CreateThing(string s) => new Thing(s + " HostThing");
            public IReadOnlyList<I1.IThing> A(Gen.Test.ResourceAliasRedux.ResourceAlias1.Foo f) => new[] { f.Thing };
        }
        sealed class Host2 : Gen.Test.ResourceAliasRedux.IResourceAlias2
        {
            public IReadOnlyList<I1.IThing> B(Gen.Test.ResourceAliasRedux.ResourceAlias2.Foo f, Gen.Test.ResourceAliasRedux.ResourceAlias1.Foo g) => new[] { f.Thing, g.Thing };
        }
        public static class Scenario
        {
            public static void Run(Component component, Wasm.Engine engine)
            {
        {{Link}}
                Gen.Test.ResourceAliasRedux.ResourceAlias1.AddToLinker(linker, new Host1());
                Gen.Test.ResourceAliasRedux.ResourceAlias2.AddToLinker(linker, new Host2());
                var world = World.Instantiate(new Wasm.Store(engine), component, linker);

                var thing1 = new Thing("Ni Hao HostThing");
                var passed = world.Test(new I1.IThing[] { thing1 });
                Check.True(passed.Count == 1 && ReferenceEquals(passed[0], thing1), "test gives back the host's object");

                var thing2 = world.ResourceAlias1.CreateThing("Ciao");
                Check.Seq(new[] { "Ciao Thing HostThing HostThing.get Thing.get" },
                    world.ResourceAlias1.A(new E1.Foo(thing2)).Select(t => t.Get()), "resource-alias1.a");

                var thing3 = world.ResourceAlias1.CreateThing("Ciao");
                var thing4 = world.ResourceAlias1.CreateThing("Aloha");
                Check.Seq(new[]
                {
                    "Ciao Thing HostThing HostThing.get Thing.get",
                    "Aloha Thing HostThing HostThing.get Thing.get",
                }, world.ResourceAlias2.B(new E2.Foo(thing3), new E1.Foo(thing4)).Select(t => t.Get()), "resource-alias2.b");
            }
        }
        """);

    [Fact]
    public void ResourceBorrowExport() => GeneratedJcoTests.Run("resource_borrow_export", $$"""
        public static class Scenario
        {
            public static void Run(Component component, Wasm.Engine engine)
            {
        {{Link}}
                var e = World.Instantiate(new Wasm.Store(engine), component, linker).Test;
                using var thing = e.CreateThing(42);
                Check.Equal(42u + 1 + 2, e.Foo(thing), "foo");
                Check.Equal(42u + 1 + 2, e.Foo(thing), "foo again: the handle was only lent");
            }
        }
        """);

    [Fact]
    public void ResourceBorrowImport() => GeneratedJcoTests.Run("resource_borrow_import", $$"""
        using I = Gen.Test.ResourceBorrowImport.ITest;
        sealed class Thing : I.IThing, IDisposable
        {
            public static int Disposed;
            public readonly uint Value;
            public Thing(uint value) => Value = value;
            public void Dispose() => Disposed++;
        }
        sealed class Host : I
        {
            public int FooCalls;
            public I.IThing CreateThing(uint v) => new Thing(v + 2);
            public uint Foo(I.IThing v) { FooCalls++; return ((Thing)v).Value + 3; }
        }
        public static class Scenario
        {
            public static void Run(Component component, Wasm.Engine engine)
            {
        {{Link}}
                var host = new Host();
                Gen.Test.ResourceBorrowImport.Test.AddToLinker(linker, host);
                var world = World.Instantiate(new Wasm.Store(engine), component, linker);
                Check.Equal(42u + 1 + 2 + 3 + 4, world.Test(42), "test");
                Check.Equal(1, host.FooCalls, "foo calls");
                Check.Equal(1, Thing.Disposed, "host things the guest dropped");
            }
        }
        """);

    [Fact]
    public void ResourceFloats() => GeneratedJcoTests.Run("resource_floats", $$"""
        using ITest = Gen.Test.ResourceFloats.ITest;
        using IImports = Gen.Root.Component.Root.IImports;
        sealed class TestFloat : ITest.IFloat
        {
            public readonly double Value;
            public TestFloat(double value) => Value = value;
            public double Get() => Value + 3;
        }
        sealed class ImportsFloat : IImports.IFloat
        {
            public readonly double Value;
            public ImportsFloat(double value) => Value = value;
            public double Get() => Value + 4;
        }
        sealed class TestHost : ITest
        {
            public ITest.IFloat CreateFloat(double v) => new TestFloat(v + 1);
        }
        sealed class ImportsHost : IImports
        {
            public IImports.IFloat CreateFloat(double v) => new ImportsFloat(v + 2);
            // As in the Rust host, add goes through the constructor, which adds its 2 as well.
            public IImports.IFloat FloatAdd(IImports.IFloat a, double b) => CreateFloat(((ImportsFloat)a).Value + b + 6);
        }
        public static class Scenario
        {
            public static void Run(Component component, Wasm.Engine engine)
            {
        {{Link}}
                Gen.Test.ResourceFloats.Test.AddToLinker(linker, new TestHost());
                World.Imports.AddToLinker(linker, new ImportsHost());
                var e = World.Instantiate(new Wasm.Store(engine), component, linker).Exports;
                using var float3 = e.CreateFloat(22);
                Check.Equal(22.0 + 1 + 2 + 4 + 3, float3.Get(), "float.get");
                using var sum = e.FloatAdd(float3, 7);
                Check.Equal(59.0, sum.Get(), "float.add");
            }
        }
        """);

    [Theory]
    [InlineData("resource_import_and_export")]
    [InlineData("resource-import-and-export")]
    public void ResourceImportAndExport(string fixture) => GeneratedJcoTests.Run(fixture, $$"""
        using I = Gen.Test.ResourceImportAndExport.ITest;
        sealed class Thing : I.IThing
        {
            public uint Value;
            public Thing(uint value) => Value = value;
            public uint Foo() => Value + 2;
            public void Bar(uint v) => Value = v + 3;
        }
        sealed class Host : I, Gen.Root.Component.IRootImports
        {
            public readonly List<string> Log = new();
            public I.IThing CreateThing(uint v) => new Thing(v + 1);
            public I.IThing ThingBaz(I.IThing a, I.IThing b) => new Thing(a.Foo() + b.Foo() + 4 + 1);
            public I.IThing ToplevelImport(I.IThing a) { Log.Add("toplevel-import"); return a; }
        }
        public static class Scenario
        {
            public static void Run(Component component, Wasm.Engine engine)
            {
        {{Link}}
                var host = new Host();
                Gen.Test.ResourceImportAndExport.Test.AddToLinker(linker, host);
                World.AddToLinker(linker, (Gen.Root.Component.IRootImports)host);
                var world = World.Instantiate(new Wasm.Store(engine), component, linker);
                var e = world.Test;
                var thing1 = e.CreateThing(42);
                // 42 + 1 (constructor) + 1 (constructor) + 2 (foo) + 2 (foo)
                Check.Equal(48u, thing1.Foo(), "foo");
                // 33 + 3 (bar) + 3 (bar) + 2 (foo) + 2 (foo)
                thing1.Bar(33);
                Check.Equal(43u, thing1.Foo(), "foo after bar");
                var thing2 = e.CreateThing(81);
                using var thing3 = e.ThingBaz(thing1, thing2);
                Check.Equal(33u + 3 + 3 + 81 + 1 + 1 + 2 + 2 + 4 + 1 + 2 + 4 + 1 + 1 + 2 + 2, thing3.Foo(), "baz");

                // The top-level functions use the imported (host) thing.
                var mine = new Thing(5);
                var back = world.ToplevelExport(mine);
                Check.True(ReferenceEquals(mine, back), "toplevel-export gives back the host's object");
                Check.Seq(new[] { "toplevel-import" }, host.Log, "top-level imports called");
            }
        }
        """);

    [Fact]
    public void ResourceIntoInner() => GeneratedJcoTests.Run("resource_into_inner", $$"""
        public static class Scenario
        {
            public static void Run(Component component, Wasm.Engine engine)
            {
        {{Link}}
                var world = World.Instantiate(new Wasm.Store(engine), component, linker);
                world.Test.Test_();
                // The instance is still usable: the guest's own checks passed without a trap.
                world.Test.Test_();
            }
        }
        """);

    [Fact]
    public void ResourceWithLists() => GeneratedJcoTests.Run("resource_with_lists", $$"""
        using I = Gen.Test.ResourceWithLists.ITest;
        sealed class Thing : I.IThing
        {
            public string Text;
            public Thing(string text) => Text = text;
            public byte[] Foo() => Encoding.UTF8.GetBytes(Text + " HostThing.foo");
            public void Bar(byte[] l) => Text = Encoding.UTF8.GetString(l) + " HostThing.bar";
        }
        sealed class Host : I
        {
            public I.IThing CreateThing(byte[] l) => new Thing(Encoding.UTF8.GetString(l) + " HostThing");
            public byte[] ThingBaz(byte[] l) => Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(l) + " HostThing.baz");
        }
        public static class Scenario
        {
            static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);
            static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);
            public static void Run(Component component, Wasm.Engine engine)
            {
        {{Link}}
                Gen.Test.ResourceWithLists.Test.AddToLinker(linker, new Host());
                var e = World.Instantiate(new Wasm.Store(engine), component, linker).Test;
                using var t = e.CreateThing(Bytes("Hi"));
                Check.Equal("Hi Thing HostThing HostThing.foo Thing.foo", Text(t.Foo()), "foo");
                t.Bar(Bytes("Hola"));
                Check.Equal("Hola Thing.bar HostThing.bar HostThing.foo Thing.foo", Text(t.Foo()), "foo after bar");
                Check.Equal("Ohayo Gozaimas Thing.baz HostThing.baz Thing.baz again", Text(e.ThingBaz(Bytes("Ohayo Gozaimas"))), "baz");
            }
        }
        """);
}
