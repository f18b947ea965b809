namespace Wit.Generators.Tests.EndToEnd;

/// <summary>
/// The jco fixtures about world shapes (cross-crate resources, versioned and foreign packages, top-level imports
/// beside interface imports) through the real generator, with the calls and expected values of their
/// tests/Canonical.Abi.Tests/Jco counterparts.
/// </summary>
public sealed class GeneratedWorldFixtureTests
{
    private const string Link = GeneratedJcoTests.Link;

    [Fact]
    public void RustXcrate() => GeneratedJcoTests.Run("rust_xcrate", $$"""
        sealed class X : Gen.Test.Xcrate.IAImports.IX, Gen.Test.Xcrate.IBImports.IX, IDisposable
        {
            readonly List<string> _log;
            readonly string _iface;
            public X(List<string> log, string iface) { _log = log; _iface = iface; _log.Add(iface + ": new"); }
            public void Foo() => _log.Add(_iface + ": foo");
            public void Dispose() => _log.Add(_iface + ": drop");
        }
        sealed class Host : Gen.Test.Xcrate.IAImports, Gen.Test.Xcrate.IBImports
        {
            public readonly List<string> Log = new();
            Gen.Test.Xcrate.IAImports.IX Gen.Test.Xcrate.IAImports.CreateX() => new X(Log, "a");
            Gen.Test.Xcrate.IBImports.IX Gen.Test.Xcrate.IBImports.CreateX() => new X(Log, "b");
            public void A() => Log.Add("a: a");
            public void B() => Log.Add("b: b");
        }
        public static class Scenario
        {
            public static void Run(Component component, Wasm.Engine engine)
            {
        {{Link}}
                var host = new Host();
                Gen.Test.Xcrate.AImports.AddToLinker(linker, host);
                Gen.Test.Xcrate.BImports.AddToLinker(linker, host);
                var world = World.Instantiate(new Wasm.Store(engine), component, linker);
                world.B();
                Check.Seq(new[] { "a: a", "b: b", "a: new", "a: foo", "a: drop", "b: new", "b: foo", "b: drop" }, host.Log, "calls");

                using var x = world.AnExportedInterface.CreateX();
                x.Foo();
                x.Foo();
            }
        }
        """);

    [Fact]
    public void OtherDependencies() => GeneratedJcoTests.Run("other-dependencies", $$"""
        public static class Scenario
        {
            public static void Run(Component component, Wasm.Engine engine)
            {
        {{Link}}
                var world = World.Instantiate(new Wasm.Store(engine), component, linker);
                Check.True(world.Test is Gen.Exports.Other.Test.Test, "other:test/test is exported");
            }
        }
        """);

    [Fact]
    public void Versions() => GeneratedJcoTests.Run("versions", $$"""
        sealed class Host1 : Gen.Test.Dep.V0_1_0.ITest
        {
            public readonly List<string> Calls;
            public Host1(List<string> calls) => Calls = calls;
            public float X() { Calls.Add("0.1.0#x"); return 1; }
            public float Y(float a) { Calls.Add("0.1.0#y"); return 1 + a; }
        }
        sealed class Host2 : Gen.Test.Dep.V0_2_0.ITest
        {
            public readonly List<string> Calls;
            public Host2(List<string> calls) => Calls = calls;
            public float X() { Calls.Add("0.2.0#x"); return 2; }
            public float Z(float a, float b) { Calls.Add("0.2.0#z"); return 2 + a + b; }
        }
        public static class Scenario
        {
            public static void Run(Component component, Wasm.Engine engine)
            {
        {{Link}}
                var calls = new List<string>();
                Gen.Test.Dep.V0_1_0.Test.AddToLinker(linker, new Host1(calls));
                Gen.Test.Dep.V0_2_0.Test.AddToLinker(linker, new Host2(calls));
                var world = World.Instantiate(new Wasm.Store(engine), component, linker);
                Gen.Exports.Test.Dep.V0_1_0.Test v1 = world.Test;
                Gen.Exports.Test.Dep.V0_2_0.Test v2 = world.DepTest;
                Check.Equal(1f, v1.X(), "0.1.0 x");
                Check.Equal(2f, v1.Y(1), "0.1.0 y");
                Check.Equal(2f, v2.X(), "0.2.0 x");
                Check.Equal(4f, v2.Z(1, 1), "0.2.0 z");
                world.TestImports();
                Check.Seq(new[] { "0.1.0#x", "0.1.0#y", "0.2.0#x", "0.2.0#z" }, calls.Distinct().Order(), "imports called");
            }
        }
        """);

    [Fact]
    public void TypeSectionSuffix() => GeneratedJcoTests.Run("type_section_suffix", $$"""
        sealed class Host : Gen.Test.Suffix.IImports, Gen.Root.Component.IRootImports
        {
            public readonly List<string> Calls = new();
            void Gen.Test.Suffix.IImports.Foo() => Calls.Add("imports#foo");
            void Gen.Root.Component.IRootImports.Foo() => Calls.Add("foo");
            public void Bar() => Calls.Add("bar");
        }
        public static class Scenario
        {
            public static void Run(Component component, Wasm.Engine engine)
            {
        {{Link}}
                var host = new Host();
                Gen.Test.Suffix.Imports.AddToLinker(linker, host);
                World.AddToLinker(linker, (Gen.Root.Component.IRootImports)host);
                var world = World.Instantiate(new Wasm.Store(engine), component, linker);
                world.Run();
                Check.Seq(new[] { "imports#foo", "imports#foo", "foo", "bar" }, host.Calls, "calls");
            }
        }
        """);
    [Fact]
    public void ExampleGuestExport() => GeneratedJcoTests.Run("example_guest_export.wasm", $$"""
        public static class Scenario
        {
            public static void Run(Component component, Wasm.Engine engine)
            {
        {{Link}}
                var backend = World.Instantiate(new Wasm.Store(engine), component, linker).Backend;
                Check.Equal(5u, backend.ScalarsGetA(), "scalars.get-a");
                using var scalar = backend.CreateScalars();
                Check.Equal(2u, scalar.GetB(), "scalars.get-b");
                Check.Equal(7u, backend.ScalarArg(scalar), "scalar-arg");
            }
        }
        """);

    [Fact]
    public void ExampleGuestImport() => GeneratedJcoTests.Run("example_guest_import.wasm", $$"""
        using IBackend = Gen.Example2.Component.IBackend;
        sealed class Scalars : IBackend.IScalars
        {
            public readonly uint Number;
            public Scalars(uint number) => Number = number;
            public uint GetB() => Number;
        }
        sealed class Host : IBackend
        {
            // get-b gives the object's number; fetch records its argument and makes a new one.
            public uint Next;
            public readonly List<Scalars> Received = new();
            public IBackend.IScalars Fetch(IBackend.IScalars x) { Received.Add((Scalars)x); return new Scalars(Next++); }
        }
        public static class Scenario
        {
            public static void Run(Component component, Wasm.Engine engine)
            {
        {{Link}}
                var host = new Host();
                Gen.Example2.Component.Backend.AddToLinker(linker, host);
                var front = World.Instantiate(new Wasm.Store(engine), component, linker).Front;
                var x = new Scalars(host.Next++);
                var y = new Scalars(host.Next++);
                Check.Equal(2u, front.Handle(x), "handle(x)");
                Check.Equal(4u, front.Handle(y), "handle(y)");
                Check.True(host.Received.Count == 2 && ReferenceEquals(host.Received[0], x) && ReferenceEquals(host.Received[1], y), "fetch borrowed the handled objects");
                // The objects the host received can be handed in again as owned ones.
                Check.Equal(4u, front.Handle(host.Received[0]), "handle(received[0])");
                Check.Equal(6u, front.Handle(host.Received[1]), "handle(received[1])");
            }
        }
        """);
}
