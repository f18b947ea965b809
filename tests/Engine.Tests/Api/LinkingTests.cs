namespace Wasm.Tests.Api;

public class LinkingTests
{
    private const string Provider = """
        (module
          (memory (export "memory") 1 4)
          (global (export "base") i32 (i32.const 64))
          (table (export "table") 2 funcref)
          (func $square (export "square") (param i32) (result i32) (i32.mul (local.get 0) (local.get 0)))
          (elem (i32.const 1) $square)
          ;; stores v at base + 4*i
          (func (export "put") (param $i i32) (param $v i32)
            (i32.store (i32.add (i32.const 64) (i32.shl (local.get $i) (i32.const 2))) (local.get $v))))
        """;

    private const string Consumer = """
        (module
          (import "lib" "memory" (memory 1))
          (import "lib" "base" (global $base i32))
          (import "lib" "square" (func $square (param i32) (result i32)))
          (import "lib" "table" (table 1 funcref))
          (func (export "get") (param $i i32) (result i32)
            (i32.load (i32.add (global.get $base) (i32.shl (local.get $i) (i32.const 2)))))
          (func (export "sq_plus_one") (param i32) (result i32)
            (i32.add (call $square (local.get 0)) (i32.const 1)))
          (func (export "via_table") (param i32) (result i32)
            (call_indirect (param i32) (result i32) (local.get 0) (i32.const 1)))
          (func (export "grow") (result i32) (memory.grow (i32.const 1))))
        """;

    [Fact]
    public void DefineInstance_SharesFunctionMemoryGlobalAndTable()
    {
        var engine = new Engine();
        var store = new Store(engine);
        var linker = new Linker(engine);
        var lib = linker.Instantiate(store, Module.FromText(engine, Provider));
        linker.DefineInstance("lib", lib);
        Assert.Same(lib.GetMemory("memory"), linker.Get("lib", "memory"));

        var app = linker.Instantiate(store, Module.FromText(engine, Consumer));

        // Function imported across instances.
        Assert.Equal(50, app.GetFunction<Func<int, int>>("sq_plus_one")(7));
        Assert.Equal(81, app.GetFunction<Func<int, int>>("via_table")(9));

        // Memory shared: writes by one instance are seen by the other and by the host.
        lib.GetFunction<Action<int, int>>("put")(3, 1234);
        Assert.Equal(1234, app.GetFunction<Func<int, int>>("get")(3));
        var mem = lib.GetMemory("memory")!;
        BitConverter.GetBytes(-5).CopyTo(mem.Span[(64 + 4 * 5)..]);
        Assert.Equal(-5, app.GetFunction<Func<int, int>>("get")(5));

        // Growth by the importer is visible to the exporter.
        Assert.Equal(1, app.GetFunction<Func<int>>("grow")());
        Assert.Equal(2ul, mem.Pages);
    }

    [Fact]
    public void LinkingAcrossStores_StillCalls()
    {
        // An instance's exports can be defined in a linker and used by a module instantiated in another store.
        var engine = new Engine();
        var linker = new Linker(engine);
        linker.DefineInstance("lib", linker.Instantiate(new Store(engine), Module.FromText(engine, Provider)));
        var app = linker.Instantiate(new Store(engine), Module.FromText(engine, Consumer));
        Assert.Equal(17, app.GetFunction<Func<int, int>>("sq_plus_one")(4));
    }

    [Fact]
    public void MissingImport_IsUnknownImport()
    {
        var engine = new Engine();
        var module = Module.FromText(engine, "(module (import \"env\" \"missing\" (func)))");
        var e = Assert.Throws<LinkException>(() => new Linker(engine).Instantiate(new Store(engine), module));
        Assert.Equal("unknown import", e.Reason);
        Assert.Equal("env", e.Module);
        Assert.Equal("missing", e.Name);
        Assert.StartsWith("unknown import", e.Message);
    }

    [Theory]
    [InlineData("(func (param i64))")] // function signature differs
    [InlineData("(func (param i32) (result i32))")]
    [InlineData("(memory 1)")] // wrong kind
    [InlineData("(global i32)")]
    [InlineData("(table 1 funcref)")]
    public void FunctionImportOfWrongType_IsIncompatible(string importDesc)
    {
        var engine = new Engine();
        var linker = new Linker(engine).DefineFunction("env", "f", (Action<int>)(_ => { }));
        var module = Module.FromText(engine, $"(module (import \"env\" \"f\" {importDesc}))");
        var e = Assert.Throws<LinkException>(() => linker.Instantiate(new Store(engine), module));
        Assert.Equal("incompatible import type", e.Reason);
        Assert.Equal("f", e.Name);
    }

    [Theory]
    [InlineData("(memory 3)")] // minimum larger than the memory's size
    [InlineData("(memory 1 2)")] // the memory's max (4) exceeds the import's max
    [InlineData("(memory 1)", true)]
    [InlineData("(memory 2 4)", true)]
    public void MemoryImportLimits(string importDesc, bool ok = false)
    {
        var engine = new Engine();
        using var mem = new Memory(new MemoryType(new Limits(2, 4)));
        var linker = new Linker(engine).Define("env", "m", mem);
        var module = Module.FromText(engine, $"(module (import \"env\" \"m\" {importDesc}))");
        if (ok)
        {
            linker.Instantiate(new Store(engine), module);
            return;
        }
        var e = Assert.Throws<LinkException>(() => linker.Instantiate(new Store(engine), module));
        Assert.Equal("incompatible import type", e.Reason);
    }

    [Theory]
    [InlineData("(global i32)")] // mutability differs
    [InlineData("(global (mut i64))")] // type differs
    public void GlobalImportMismatch_IsIncompatible(string importDesc)
    {
        var engine = new Engine();
        var linker = new Linker(engine).Define("env", "g", new Global(new GlobalType(ValType.I32, true), Value.FromI32(0)));
        var module = Module.FromText(engine, $"(module (import \"env\" \"g\" {importDesc}))");
        Assert.Equal("incompatible import type",
            Assert.Throws<LinkException>(() => linker.Instantiate(new Store(engine), module)).Reason);
    }

    [Fact]
    public void TableImportMismatch_IsIncompatible()
    {
        var engine = new Engine();
        var linker = new Linker(engine).Define("env", "t", new Table(new TableType(ValType.ExternRef, new Limits(1, null))));
        var module = Module.FromText(engine, "(module (import \"env\" \"t\" (table 1 funcref)))");
        Assert.Equal("incompatible import type",
            Assert.Throws<LinkException>(() => linker.Instantiate(new Store(engine), module)).Reason);
    }

    [Fact]
    public void DefiningTwice_ThrowsUnlessShadowingAllowed()
    {
        var engine = new Engine();
        var linker = new Linker(engine).DefineFunction("env", "f", (Func<int>)(() => 1));
        Assert.Throws<InvalidOperationException>(() => linker.DefineFunction("env", "f", (Func<int>)(() => 2)));
        linker.AllowShadowing = true;
        linker.DefineFunction("env", "f", (Func<int>)(() => 2));
        var instance = linker.Instantiate(new Store(engine), Module.FromText(engine, """
            (module (import "env" "f" (func $f (result i32))) (func (export "g") (result i32) (call $f)))
            """));
        Assert.Equal(2, instance.GetFunction<Func<int>>("g")());
        Assert.Null(linker.Get("env", "nope"));
    }

    [Fact]
    public void ModuleFromAnotherEngine_IsRejected()
    {
        var module = Module.FromText(new Engine(), "(module)");
        var other = new Engine();
        Assert.Throws<ArgumentException>(() => new Linker(other).Instantiate(new Store(other), module));
    }

    [Fact]
    public void StartFunctionRunsAtInstantiation_AndItsTrapIsReported()
    {
        var engine = new Engine();
        var started = 0;
        var linker = new Linker(engine).DefineFunction("env", "started", (Action)(() => started++));
        linker.Instantiate(new Store(engine), Module.FromText(engine, """
            (module (import "env" "started" (func $s)) (start $s))
            """));
        Assert.Equal(1, started);

        var e = Assert.Throws<TrapException>(() => linker.Instantiate(new Store(engine), Module.FromText(engine, """
            (module (func $s unreachable) (start $s))
            """)));
        Assert.Equal(TrapCode.Unreachable, e.Code);
    }

    [Fact]
    public void DataSegmentOutOfBounds_TrapsAtInstantiation()
    {
        var engine = new Engine();
        var e = Assert.Throws<TrapException>(() => new Linker(engine).Instantiate(new Store(engine), Module.FromText(engine, """
            (module (memory 1) (data (i32.const 65535) "ab"))
            """)));
        Assert.Equal("out of bounds memory access", e.Message);
    }
}
