using Wasm.Components.Composition;
using Wasm.Components.Tests.Support;
using Wasm.Components.Text;
using Wasm.Components.Types;
using Wasm.Components.Values;

namespace Wasm.Components.Tests.Composition;

/// <summary>
/// <see cref="ComponentComposer"/> on small components written in the text format: plugs matched by name and by
/// semver-compatible version, unsupplied imports re-imported with their types (resources and records that one
/// interface takes from another included), and the errors for compositions that cannot be made.
/// </summary>
public sealed class ComponentComposerTests
{
    private static readonly Engine Engine = new();

    /// <summary>Exports test:math/ops@1.2.0 with <c>double</c>.</summary>
    private const string MathPlug = """
        (component
          (core module $m (func (export "double") (param i32) (result i32) local.get 0 local.get 0 i32.add))
          (core instance $i (instantiate $m))
          (func $double (param "x" u32) (result u32) (canon lift (core func $i "double")))
          (instance $ops (export "double" (func $double)))
          (export "test:math/ops@1.2.0" (instance $ops))
        )
        """;

    /// <summary>Imports test:math/ops@1.0.0 and a function <c>offset</c>; <c>run(x)</c> is <c>double(x) + offset()</c>.</summary>
    private const string MathSocket = """
        (component
          (import "test:math/ops@1.0.0" (instance $ops (export "double" (func (param "x" u32) (result u32)))))
          (import "offset" (func $offset (result u32)))
          (core func $d (canon lower (func $ops "double")))
          (core func $o (canon lower (func $offset)))
          (core module $m
            (import "" "double" (func $double (param i32) (result i32)))
            (import "" "offset" (func $offset (result i32)))
            (func (export "run") (param i32) (result i32) local.get 0 call $double call $offset i32.add))
          (core instance $i (instantiate $m (with "" (instance (export "double" (func $d)) (export "offset" (func $o))))))
          (func $run (param "x" u32) (result u32) (canon lift (core func $i "run")))
          (export "run" (func $run))
        )
        """;

    [Fact]
    public void PlugsByCompatibleVersionAndReimportsTheRest()
    {
        var composed = ComponentComposer.Plug(Engine, ComponentWat.ToBinary(MathSocket), [ComponentWat.ToBinary(MathPlug)]);
        Assert.Equal([new KeyValuePair<string, int>("test:math/ops@1.0.0", 0)], composed.Plugged);
        Assert.Equal(["offset"], composed.Imports);

        var component = Component.FromBytes(Engine, composed.Bytes);
        var linker = new ComponentLinker(Engine);
        linker.Root.DefineFunction("offset", _ => WitValue.U32(2));
        var instance = linker.Instantiate(new Store(Engine), component);
        WitAssert.Equal(WitValue.U32(42), instance.GetFunc("run")!.Call(WitValue.U32(20)));
    }

    /// <summary>Interfaces as WIT tooling writes them: <c>host</c> uses the resource and the record of <c>types</c>.</summary>
    private const string TypesSocket = """
        (component
          (import "test:t/types@1.0.0" (instance $types
            (export "blob" (type (sub resource)))
            (type $p (record (field "x" s32) (field "y" s32)))
            (export "point" (type (eq $p)))))
          (alias export $types "blob" (type $blob))
          (alias export $types "point" (type $point))
          (import "test:t/host@1.0.0" (instance
            (alias outer 1 $blob (type $b))
            (export "blob" (type (eq $b)))
            (alias outer 1 $point (type $p))
            (export "point" (type (eq $p)))
            (type $own (own 1))
            (type $list (list 3))
            (export "make" (func (param "at" 3) (result $own)))
            (export "points" (func (param "b" (borrow 1)) (result $list)))))
          (import "test:t/unused@1.0.0" (instance (export "f" (func))))
        )
        """;

    /// <summary>Supplies only test:t/unused: the other two stay imports of the composition.</summary>
    private const string UnusedPlug = """
        (component
          (core module $m (func (export "f")))
          (core instance $i (instantiate $m))
          (func $f (canon lift (core func $i "f")))
          (instance $x (export "f" (func $f)))
          (export "test:t/unused@1.0.0" (instance $x))
        )
        """;

    [Fact]
    public void ReimportedInterfacesKeepSharedResourcesAndRecords()
    {
        var socket = Component.FromBytes(Engine, ComponentWat.ToBinary(TypesSocket));
        var composed = ComponentComposer.Plug(Engine, ComponentWat.ToBinary(TypesSocket), [ComponentWat.ToBinary(UnusedPlug)]);
        Assert.Equal(["test:t/types@1.0.0", "test:t/host@1.0.0"], composed.Imports);

        var type = Component.FromBytes(Engine, composed.Bytes).Type;
        var types = Assert.IsType<InstanceType>(type.Imports[0].Value);
        var host = Assert.IsType<InstanceType>(type.Imports[1].Value);
        var blob = Assert.IsType<TypeExternType>(types.Exports[0].Value).Resource;
        Assert.NotNull(blob);
        // host's blob is types' blob, and host's functions refer to it.
        Assert.Same(blob, Assert.IsType<TypeExternType>(host.Exports[0].Value).Resource);
        var points = Assert.IsType<FuncExternType>(host.Exports.Single(e => e.Key == "points").Value).Type;
        Assert.Same(blob, Assert.IsType<HandleType>(points.Params[0].Type).Resource);
        var make = Assert.IsType<FuncExternType>(host.Exports.Single(e => e.Key == "make").Value).Type;
        Assert.Same(blob, Assert.IsType<HandleType>(make.Result).Resource);
        // host's point is types' point (one definition, two names).
        var point = Assert.IsType<TypeExternType>(types.Exports[1].Value).WitType!;
        Assert.Same(point.Definition, Assert.IsType<TypeExternType>(host.Exports[1].Value).WitType!.Definition);
        Assert.Same(point.Definition, make.Params[0].Type.Definition);

        // The re-imported interfaces have the socket's exports, in its order.
        for (int i = 0; i < 2; i++)
        {
            var mine = (InstanceType)socket.Type.Imports[i].Value;
            var theirs = (InstanceType)type.Imports[i].Value;
            Assert.Equal(mine.Exports.Select(e => e.Key), theirs.Exports.Select(e => e.Key));
        }
    }

    /// <summary>Each call of <c>keep</c> creates a handle to its own resource and keeps it.</summary>
    private const string KeeperPlug = """
        (component
          (type $r (resource (rep i32)))
          (core func $new (canon resource.new $r))
          (core module $m
            (import "" "new" (func $new (param i32) (result i32)))
            (func (export "keep") i32.const 7 call $new drop))
          (core instance $i (instantiate $m (with "" (instance (export "new" (func $new))))))
          (func $keep (canon lift (core func $i "keep")))
          (instance $k (export "keep" (func $keep)))
          (export "test:r/keeper@1.0.0" (instance $k))
        )
        """;

    private const string KeeperSocket = """
        (component
          (import "test:r/keeper@1.0.0" (instance $k (export "keep" (func))))
          (core func $keep (canon lower (func $k "keep")))
          (core module $m (import "" "keep" (func $keep)) (func (export "run") call $keep))
          (core instance $i (instantiate $m (with "" (instance (export "keep" (func $keep))))))
          (func $run (canon lift (core func $i "run")))
          (export "run" (func $run))
        )
        """;

    [Fact]
    public void HandleCountCoversNestedInstances()
    {
        var store = new Store(Engine);
        var plug = new ComponentLinker(Engine).Instantiate(store, Component.FromText(Engine, KeeperPlug));
        Assert.Equal(0, plug.HandleCount);
        plug.GetFunc("test:r/keeper@1.0.0#keep")!.Call();
        Assert.Equal(1, plug.HandleCount);

        var composed = ComponentComposer.Plug(Engine, ComponentWat.ToBinary(KeeperSocket), [ComponentWat.ToBinary(KeeperPlug)]);
        Assert.Empty(composed.Imports);
        var instance = new ComponentLinker(Engine).Instantiate(store, Component.FromBytes(Engine, composed.Bytes));
        Assert.Equal(0, instance.HandleCount);
        instance.GetFunc("run")!.Call();
        instance.GetFunc("run")!.Call();
        Assert.Equal(2, instance.HandleCount);
    }

    [Fact]
    public void PlugSupplyingNothingIsALinkError()
    {
        var e = Assert.Throws<LinkException>(() =>
            ComponentComposer.Plug(Engine, ComponentWat.ToBinary(MathSocket), [ComponentWat.ToBinary(MathPlug), ComponentWat.ToBinary(UnusedPlug)]));
        Assert.Contains("plug 2 exports nothing the socket imports", e.Message);
    }

    [Fact]
    public void ImportsThatCannotBeMergedAreALinkError()
    {
        // The plug imports `offset` as an instance; the socket imports it as a function.
        const string plug = """
            (component
              (import "offset" (instance (export "g" (func))))
              (core module $m (func (export "double") (param i32) (result i32) local.get 0))
              (core instance $i (instantiate $m))
              (func $double (param "x" u32) (result u32) (canon lift (core func $i "double")))
              (instance $ops (export "double" (func $double)))
              (export "test:math/ops@1.0.0" (instance $ops))
            )
            """;
        var e = Assert.Throws<LinkException>(() =>
            ComponentComposer.Plug(Engine, ComponentWat.ToBinary(MathSocket), [ComponentWat.ToBinary(plug)]));
        Assert.Contains("`offset` is imported as a function and, by plug 1, as an instance", e.Message);
    }

    [Fact]
    public void ExportOfAnotherKindIsALinkError()
    {
        const string plug = """
            (component
              (core module $m (func (export "f") (result i32) i32.const 1))
              (core instance $i (instantiate $m))
              (func $f (result u32) (canon lift (core func $i "f")))
              (export "test:math/ops@1.0.0" (func $f))
            )
            """;
        var e = Assert.Throws<LinkException>(() =>
            ComponentComposer.Plug(Engine, ComponentWat.ToBinary(MathSocket), [ComponentWat.ToBinary(plug)]));
        Assert.Contains("the socket imports `test:math/ops@1.0.0` as an instance, plug 1 exports `test:math/ops@1.0.0` as a function", e.Message);
    }

    [Fact]
    public void MalformedPlugIsReported()
    {
        Assert.ThrowsAny<WasmException>(() =>
            ComponentComposer.Plug(Engine, ComponentWat.ToBinary(MathSocket), [new byte[] { 0, 0x61, 0x73, 0x6D, 0x0D, 0, 1, 0, 42 }]));
    }
}
