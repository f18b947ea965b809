using Wasm.Components;

namespace Wit.Generators.Tests.EndToEnd;

/// <summary>
/// Handles of one exported interface's resource in another exported interface's functions: the resource belongs to
/// the instance, so <c>ops</c> takes and returns the handle class of <c>counters</c> (whose methods call through
/// <c>counters</c>), and both check and lower against the same resource type.
/// </summary>
public sealed class GeneratedSharedResourceTests
{
    // A counter is a cell of linear memory; its representation is the cell's address.
    private const string Component = """
        (component
          (type $R (resource (rep i32)))
          (core func $new (canon resource.new $R))
          (core func $rep (canon resource.rep $R))
          (core func $drop (canon resource.drop $R))
          (core module $M
            (import "" "new" (func $new (param i32) (result i32)))
            (import "" "rep" (func $rep (param i32) (result i32)))
            (import "" "drop" (func $drop (param i32)))
            (memory 1)
            (global $next (mut i32) (i32.const 16))
            (func $alloc (param $v i32) (result i32)
              (local $a i32)
              global.get $next local.set $a
              local.get $a local.get $v i32.store
              local.get $a i32.const 4 i32.add global.set $next
              local.get $a)
            (func (export "ctor") (param $start i32) (result i32) local.get $start call $alloc call $new)
            (func (export "get") (param $self i32) (result i32) local.get $self i32.load)
            (func (export "bump") (param $c i32) (param $by i32) (result i32)
              local.get $c local.get $c i32.load local.get $by i32.add i32.store
              local.get $c i32.load)
            (func (export "make") (param $start i32) (result i32) local.get $start i32.const 100 i32.add call $alloc call $new)
            (func (export "consume") (param $h i32) (result i32)
              (local $r i32)
              local.get $h call $rep local.set $r
              local.get $h call $drop
              local.get $r i32.load))
          (core instance $i (instantiate $M (with "" (instance (export "new" (func $new)) (export "rep" (func $rep)) (export "drop" (func $drop))))))
          (func $ctor (param "start" u32) (result (own $R)) (canon lift (core func $i "ctor")))
          (func $get (param "self" (borrow $R)) (result u32) (canon lift (core func $i "get")))
          (func $bump (param "c" (borrow $R)) (param "by" u32) (result u32) (canon lift (core func $i "bump")))
          (func $make (param "start" u32) (result (own $R)) (canon lift (core func $i "make")))
          (func $consume (param "c" (own $R)) (result u32) (canon lift (core func $i "consume")))
          ;; Each exported instance names the resource itself, as wit-component lays interfaces out.
          (component $Counters
            (import "counter" (type $T (sub resource)))
            (import "ctor" (func $c (param "start" u32) (result (own $T))))
            (import "get" (func $g (param "self" (borrow $T)) (result u32)))
            (export $TE "counter" (type $T))
            (export "[constructor]counter" (func $c) (func (param "start" u32) (result (own $TE))))
            (export "[method]counter.get" (func $g) (func (param "self" (borrow $TE)) (result u32))))
          (instance $counters (instantiate $Counters (with "counter" (type $R)) (with "ctor" (func $ctor)) (with "get" (func $get))))
          (export $ce "test:shared/counters" (instance $counters))
          (alias export $ce "counter" (type $R2))
          (component $Ops
            (import "counter" (type $T (sub resource)))
            (import "bump" (func $b (param "c" (borrow $T)) (param "by" u32) (result u32)))
            (import "make" (func $m (param "start" u32) (result (own $T))))
            (import "consume" (func $k (param "c" (own $T)) (result u32)))
            (export $TE "counter" (type $T))
            (export "bump" (func $b) (func (param "c" (borrow $TE)) (param "by" u32) (result u32)))
            (export "make" (func $m) (func (param "start" u32) (result (own $TE))))
            (export "consume" (func $k) (func (param "c" (own $TE)) (result u32))))
          (instance $ops (instantiate $Ops (with "counter" (type $R2)) (with "bump" (func $bump)) (with "make" (func $make)) (with "consume" (func $consume))))
          (export "test:shared/ops" (instance $ops)))
        """;

    private const string Wit = """
        package test:shared;

        interface counters {
          resource counter {
            constructor(start: u32);
            get: func() -> u32;
          }
        }

        interface ops {
          use counters.{counter};
          bump: func(c: borrow<counter>, by: u32) -> u32;
          make: func(start: u32) -> counter;
          consume: func(c: counter) -> u32;
        }

        world root {
          export counters;
          export ops;
        }
        """;

    private static void Run(string wit, string scenario) =>
        GeneratedBindings.Run(Wasm.Components.Component.FromText(GeneratedBindings.Engine, Component), wit, GeneratedJcoTests.Source(scenario, "Gen.Test.Shared.Root"));

    private const string Scenario = """
        public static class Scenario
        {
            public static void Run(Component component, Wasm.Engine engine)
            {
                var root = World.Instantiate(new Wasm.Store(engine), component, new ComponentLinker(engine));
                using var c = root.Counters.CreateCounter(5);
                Check.Equal(5u, c.Get(), "get");
                Check.Equal(8u, root.Ops.Bump(c, 3), "ops bumps a handle made by counters");
                Check.Equal(8u, c.Get(), "the same counter");

                Gen.Exports.Test.Shared.Counters.Counter made = root.Ops.Make(10);
                Check.Equal(110u, made.Get(), "a handle made by ops calls counters' method");
                Check.Equal(111u, root.Ops.Bump(made, 1), "bump");
                Check.Equal(111u, root.Ops.Consume(made), "consume takes ownership");
                try { made.Get(); throw new Exception("a moved handle was used"); } catch (ObjectDisposedException) { }
                try { root.Ops.Consume(made); throw new Exception("a moved handle was moved again"); } catch (ObjectDisposedException) { }

                c.Dispose();
                try { root.Ops.Bump(c, 1); throw new Exception("a dropped handle was lent"); } catch (ObjectDisposedException) { }
                using var d = root.Counters.CreateCounter(1);
                Check.Equal(3u, root.Ops.Bump(d, 2), "the instance is usable");
            }
        }
        """;

    [Fact]
    public void HandlesCrossExportedInterfaces() => Run(Wit, Scenario);

    /// <summary>
    /// A component whose <c>ops</c> passes a resource of its own, not the one <c>counters</c> exports: the <c>Pre</c>
    /// checks <c>ops</c> against <c>counters</c>' resource and refuses it.
    /// </summary>
    [Fact]
    public void PreRefusesAnotherResource()
    {
        string other = Component
            .Replace("(type $R (resource (rep i32)))", "(type $R (resource (rep i32)))\n  (type $Q (resource (rep i32)))", StringComparison.Ordinal)
            .Replace("(func $bump (param \"c\" (borrow $R))", "(func $bump (param \"c\" (borrow $Q))", StringComparison.Ordinal)
            .Replace("(func $make (param \"start\" u32) (result (own $R))", "(func $make (param \"start\" u32) (result (own $Q))", StringComparison.Ordinal)
            .Replace("(func $consume (param \"c\" (own $R))", "(func $consume (param \"c\" (own $Q))", StringComparison.Ordinal)
            .Replace("(with \"counter\" (type $R2))", "(with \"counter\" (type $Q))", StringComparison.Ordinal);
        Assert.Equal(5, other.Split("$Q").Length - 1);
        const string scenario = """
            public static class Scenario
            {
                public static void Run(Component component, Wasm.Engine engine) => new Gen.Test.Shared.RootPre(component, new ComponentLinker(engine));
            }
            """;
        var e = Assert.Throws<Wasm.LinkException>(() =>
            GeneratedBindings.Run(Wasm.Components.Component.FromText(GeneratedBindings.Engine, other), Wit, GeneratedJcoTests.Source(scenario, "Gen.Test.Shared.Root")));
        Assert.Contains("`test:shared/ops#bump` has the wrong type", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExportOrderDoesNotMatter() =>
        Run(Wit.Replace("export counters;\n  export ops;", "export ops;\n  export counters;", StringComparison.Ordinal), Scenario);
}
