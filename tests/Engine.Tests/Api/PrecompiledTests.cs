using Wasm.Compilation;

namespace Wasm.Tests.Api;

/// <summary>
/// Precompiled artifacts (<see cref="Module.Precompile"/>, <see cref="Module.FromPrecompiled"/>): they run like
/// the module they came from, and anything stale or damaged is refused before any of it is loaded.
/// </summary>
public sealed class PrecompiledTests
{
    // Memory with data, a mutable global, a table with call_indirect over two signatures, a host import, loops.
    private const string Wat = """
        (module
          (import "host" "scale" (func $scale (param i32) (result i32)))
          (type $unary (func (param i32) (result i32)))
          (type $binary (func (param i32 i32) (result i32)))
          (memory (export "memory") 1)
          (data (i32.const 16) "precompiled")
          (global $calls (mut i32) (i32.const 0))
          (table 4 funcref)
          (elem (i32.const 0) $double $add $square)
          (func $double (type $unary) (i32.mul (local.get 0) (i32.const 2)))
          (func $add (type $binary) (i32.add (local.get 0) (local.get 1)))
          (func $square (type $unary) (i32.mul (local.get 0) (local.get 0)))
          (func (export "apply") (param $slot i32) (param $x i32) (result i32)
            (global.set $calls (i32.add (global.get $calls) (i32.const 1)))
            (call_indirect (type $unary) (local.get $x) (local.get $slot)))
          (func (export "apply2") (param $slot i32) (param $x i32) (param $y i32) (result i32)
            (call_indirect (type $binary) (local.get $x) (local.get $y) (local.get $slot)))
          (func (export "calls") (result i32) (global.get $calls))
          (func (export "sum-bytes") (param $from i32) (param $len i32) (result i32)
            (local $total i32)
            (block $done
              (loop $next
                (br_if $done (i32.eqz (local.get $len)))
                (local.set $total (i32.add (local.get $total) (i32.load8_u (local.get $from))))
                (local.set $from (i32.add (local.get $from) (i32.const 1)))
                (local.set $len (i32.sub (local.get $len) (i32.const 1)))
                (br $next)))
            (call $scale (local.get $total)))
        )
        """;

    private static byte[] Binary => Wasm.Text.Wat.ToBinary(Wat);

    private static Instance Instantiate(Engine engine, Module module)
    {
        var linker = new Linker(engine);
        linker.DefineFunction("host", "scale", (int x) => x * 10);
        return linker.Instantiate(new Store(engine), module);
    }

    [Fact]
    public void RunsLikeTheModuleItCameFrom()
    {
        var artifact = Module.Precompile(new Engine(), Binary);

        // An engine that has already numbered other signatures: the artifact's call_indirect checks must use
        // this engine's type ids, not the compiling engine's.
        var engine = new Engine();
        Module.FromText(engine, "(module (type (func (param f64) (result f64 f64))) (type (func (param i64))) (func (type 0) local.get 0 local.get 0) (func (type 1)))");
        var precompiled = Instantiate(engine, Module.FromPrecompiled(engine, artifact));
        var compiled = Instantiate(engine, Module.FromBytes(engine, Binary));

        foreach (var instance in (Instance[])[precompiled, compiled])
        {
            var apply = instance.GetFunction<Func<int, int, int>>("apply");
            Assert.Equal(14, apply(0, 7));
            Assert.Equal(49, apply(2, 7));
            Assert.Equal(TrapCode.IndirectCallTypeMismatch, Assert.Throws<TrapException>(() => apply(1, 7)).Code);
            Assert.Equal(TrapCode.UninitializedElement, Assert.Throws<TrapException>(() => apply(3, 7)).Code);
            Assert.Equal(12, instance.GetFunction<Func<int, int, int, int>>("apply2")(1, 5, 7));
            Assert.Equal(TrapCode.IndirectCallTypeMismatch, Assert.Throws<TrapException>(() => instance.GetFunction<Func<int, int, int, int>>("apply2")(0, 5, 7)).Code);
            Assert.Equal(4, instance.GetFunction<Func<int>>("calls")());
            var expected = "precompiled"u8.ToArray().Sum(b => b) * 10;
            Assert.Equal(expected, instance.GetFunction<Func<int, int, int>>("sum-bytes")(16, 11));
        }
    }

    [Fact]
    public void KeepsTheModulesImportsAndExports()
    {
        var engine = new Engine();
        var module = Module.FromPrecompiled(engine, Module.Precompile(engine, Binary));
        var original = Module.FromBytes(engine, Binary);
        Assert.Equal(original.Imports, module.Imports);
        Assert.Equal(original.Exports.Select(e => (e.Name, e.Kind)), module.Exports.Select(e => (e.Name, e.Kind)));
    }

    [Fact]
    public void LoadsTheSameArtifactTwiceAndFromAFile()
    {
        var engine = new Engine();
        var artifact = Module.Precompile(engine, Binary);
        var path = Path.Combine(Path.GetTempPath(), $"precompiled-test-{Guid.NewGuid():N}.cwasm.dll");
        File.WriteAllBytes(path, artifact);
        try
        {
            Assert.True(Module.IsPrecompiled(artifact));
            Assert.False(Module.IsPrecompiled(Binary));
            var first = Instantiate(engine, Module.FromPrecompiled(engine, artifact));
            var second = Instantiate(engine, Module.FromFile(engine, path));
            Assert.Equal(10, first.GetFunction<Func<int, int, int>>("apply")(0, 5));
            Assert.Equal(25, second.GetFunction<Func<int, int, int>>("apply")(2, 5));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void RefusesAnArtifactWithAnyByteChanged()
    {
        var artifact = Module.Precompile(new Engine(), Binary);
        var (manifest, _, _) = PrecompiledArtifact.Read(artifact);
        // Every region: PE headers, IL and metadata, the embedded module, the manifest, the checksum, the magic.
        var positions = new SortedSet<int> { 0, 1, 0x80, manifest.ImageLength / 2, manifest.ImageLength - 1, manifest.ImageLength,
            manifest.ImageLength + manifest.ModuleLength - 1, manifest.ImageLength + manifest.ModuleLength + 3, artifact.Length - 41, artifact.Length - 30, artifact.Length - 1 };
        for (var at = 0; at < artifact.Length; at += 97) positions.Add(at);
        var engine = new Engine();
        foreach (var at in positions)
        {
            var damaged = (byte[])artifact.Clone();
            damaged[at] ^= 0x10;
            var e = Assert.Throws<PrecompiledArtifactException>(() => Module.FromPrecompiled(engine, damaged));
            Assert.True(e.Problem is ArtifactProblem.ChecksumMismatch or ArtifactProblem.NotAnArtifact, $"byte {at}: {e.Problem}");
        }
        Assert.Equal(ArtifactProblem.NotAnArtifact, Assert.Throws<PrecompiledArtifactException>(() => Module.FromPrecompiled(engine, artifact.AsSpan(0, artifact.Length - 1))).Problem);
        Assert.Equal(ArtifactProblem.NotAnArtifact, Assert.Throws<PrecompiledArtifactException>(() => Module.FromPrecompiled(engine, Binary)).Problem);
    }

    [Fact]
    public void RefusesAnArtifactFromAnotherEngineBuild()
    {
        var artifact = Module.Precompile(new Engine(), Binary);
        var (manifest, image, module) = PrecompiledArtifact.Read(artifact);
        // A sound artifact (valid checksum) whose manifest names another build of the engine.
        var other = manifest with { Engine = "Components.Engine 0.0.9 build 0123456789abcdef0123456789abcdef" };
        var stale = PrecompiledArtifact.Write(image, module, other);
        var e = Assert.Throws<PrecompiledArtifactException>(() => Module.FromPrecompiled(new Engine(), stale));
        Assert.Equal(ArtifactProblem.EngineVersionMismatch, e.Problem);
        Assert.Contains("0.0.9", e.Message);
        Assert.Contains(PrecompiledArtifact.EngineVersion, e.Message);
    }

    [Fact]
    public void RefusesAnArtifactWhoseModuleDoesNotMatchItsHash()
    {
        var artifact = Module.Precompile(new Engine(), Binary);
        var (manifest, image, module) = PrecompiledArtifact.Read(artifact);
        var swapped = Wasm.Text.Wat.ToBinary("(module (func (export \"apply\") (param i32 i32) (result i32) unreachable))");
        var e = Assert.Throws<PrecompiledArtifactException>(() =>
            Module.FromPrecompiled(new Engine(), PrecompiledArtifact.Write(image, swapped, manifest with { ModuleLength = swapped.Length })));
        Assert.Equal(ArtifactProblem.ModuleHashMismatch, e.Problem);
        Assert.NotEmpty(module);
    }

    [Fact]
    public void RefusesAnArtifactCompiledWithOtherSettings()
    {
        var artifact = Module.Precompile(new Engine(new EngineConfig { ConsumeFuel = true }), Binary);
        var e = Assert.Throws<PrecompiledArtifactException>(() => Module.FromPrecompiled(new Engine(), artifact));
        Assert.Equal(ArtifactProblem.ConfigMismatch, e.Problem);
        Assert.Contains("fuel=on", e.Message);

        // With the settings it was compiled for, the metering is there.
        var engine = new Engine(new EngineConfig { ConsumeFuel = true });
        var linker = new Linker(engine);
        linker.DefineFunction("host", "scale", (int x) => x);
        var store = new Store(engine);
        var instance = linker.Instantiate(store, Module.FromPrecompiled(engine, artifact));
        store.SetFuel(5);
        Assert.Equal(TrapCode.OutOfFuel, Assert.Throws<TrapException>(() => instance.GetFunction<Func<int, int, int>>("sum-bytes")(16, 11)).Code);
    }

    [Fact]
    public void RefusesToPrecompileAnInvalidModule() =>
        Assert.Throws<InvalidModuleException>(() => Module.Precompile(new Engine(), Wasm.Text.Wat.ToBinary("(module (func (result i32) i64.const 1))")));
}
