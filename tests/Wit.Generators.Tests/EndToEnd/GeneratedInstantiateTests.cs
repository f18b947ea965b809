using Wasm.Components;

namespace Wit.Generators.Tests.EndToEnd;

/// <summary>
/// <c>{World}.Instantiate(store, component, linker, imports)</c> and <c>new {World}Pre(component, linker, imports)</c>:
/// one host object implements <c>I{World}Host</c> (every imported interface's host interface and the world's own
/// imports), the generated code defines it in the linker and instantiates, as Wasmtime's <c>bindgen!</c> does.
/// </summary>
public sealed class GeneratedInstantiateTests
{
    // Imports the instance `test:inst/math` and the world's own function `offset`; `run(x)` is `double(x) + offset()`.
    private const string Component = """
        (component
          (import "test:inst/math" (instance $m (export "double" (func (param "x" u32) (result u32)))))
          (import "offset" (func $offset (result u32)))
          (alias export $m "double" (func $double))
          (core func $double_low (canon lower (func $double)))
          (core func $offset_low (canon lower (func $offset)))
          (core module $M
            (import "" "double" (func $d (param i32) (result i32)))
            (import "" "offset" (func $o (result i32)))
            (func (export "run") (param i32) (result i32) local.get 0 call $d call $o i32.add))
          (core instance $i (instantiate $M (with "" (instance (export "double" (func $double_low)) (export "offset" (func $offset_low))))))
          (func (export "run") (param "x" u32) (result u32) (canon lift (core func $i "run"))))
        """;

    private const string Wit = """
        package test:inst;

        interface math {
          double: func(x: u32) -> u32;
        }

        world root {
          import math;
          import offset: func() -> u32;
          export run: func(x: u32) -> u32;
        }
        """;

    private static void Run(string scenario) =>
        GeneratedBindings.Run(Wasm.Components.Component.FromText(GeneratedBindings.Engine, Component), Wit, GeneratedJcoTests.Source(scenario, "Gen.Test.Inst.Root"));

    private const string Host = """
        sealed class Host : Gen.Test.Inst.IRootHost
        {
            public readonly List<string> Calls = new();
            public uint Offset { get; set; } = 1;
            public uint Double(uint x) { Calls.Add($"double({x})"); return x * 2; }
            uint Gen.Test.Inst.IRootImports.Offset() { Calls.Add("offset"); return Offset; }
        }
        """;

    [Fact]
    public void InstantiateDefinesEveryImport() => Run(Host + """
        public static class Scenario
        {
            public static void Run(Component component, Wasm.Engine engine)
            {
                var host = new Host();
                var root = World.Instantiate(new Wasm.Store(engine), component, new ComponentLinker(engine), host);
                Check.Equal(41u, root.Run(20), "run(20)");
                Check.Seq(new[] { "double(20)", "offset" }, host.Calls, "host calls");
                host.Offset = 5;
                Check.Equal(5u, root.Run(0), "run(0)");
            }
        }
        """);

    [Fact]
    public void PreWithImportsInstantiatesManyTimes() => Run(Host + """
        public static class Scenario
        {
            public static void Run(Component component, Wasm.Engine engine)
            {
                var host = new Host();
                var pre = new Gen.Test.Inst.RootPre(component, new ComponentLinker(engine), host);
                var a = pre.Instantiate(new Wasm.Store(engine));
                var b = pre.Instantiate(new Wasm.Store(engine));
                Check.Equal(7u, a.Run(3), "a.run(3)");
                Check.Equal(9u, b.Run(4), "b.run(4)");
                Check.Equal(4, host.Calls.Count, "host calls");
            }
        }
        """);

    [Fact]
    public void AddToLinkerWithTheWorldHostDefinesEveryImport() => Run(Host + """
        public static class Scenario
        {
            public static void Run(Component component, Wasm.Engine engine)
            {
                var linker = new ComponentLinker(engine);
                World.AddToLinker(linker, new Host());
                Check.Equal(3u, World.Instantiate(new Wasm.Store(engine), component, linker).Run(1), "run(1)");
            }
        }
        """);

    [Fact]
    public void PerInterfaceFormsStillWork() => Run("""
        sealed class Math : Gen.Test.Inst.IMath { public uint Double(uint x) => x * 2; }
        sealed class Own : Gen.Test.Inst.IRootImports { public uint Offset() => 100; }
        public static class Scenario
        {
            public static void Run(Component component, Wasm.Engine engine)
            {
                var linker = new ComponentLinker(engine);
                Gen.Test.Inst.Math.AddToLinker(linker, new Math());
                World.AddToLinker(linker, new Own());
                Check.Equal(102u, World.Instantiate(new Wasm.Store(engine), component, linker).Run(1), "run(1)");
            }
        }
        """);

    [Fact]
    public void NullImportsAreRefused() => Run("""
        public static class Scenario
        {
            public static void Run(Component component, Wasm.Engine engine)
            {
                try
                {
                    World.Instantiate(new Wasm.Store(engine), component, new ComponentLinker(engine), null!);
                    throw new Exception("no ArgumentNullException");
                }
                catch (ArgumentNullException e) { Check.Equal("host", e.ParamName, "parameter"); }
            }
        }
        """);

    [Fact]
    public void ImportsAlreadyInTheLinkerAreNamed()
    {
        // Instantiate with imports defines them: a linker that already has them says which one, not a half-defined world.
        var e = Assert.ThrowsAny<Exception>(() => Run(Host + """
            public static class Scenario
            {
                public static void Run(Component component, Wasm.Engine engine)
                {
                    var linker = new ComponentLinker(engine);
                    World.AddToLinker(linker, new Host());
                    World.Instantiate(new Wasm.Store(engine), component, linker, new Host());
                }
            }
            """));
        Assert.Contains("`test:inst/math#double` is already defined", e.Message, StringComparison.Ordinal);
    }
}
