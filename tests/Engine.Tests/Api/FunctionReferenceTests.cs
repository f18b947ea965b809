namespace Wasm.Tests.Api;

/// <summary>Typed function references through the embedding API.</summary>
public sealed class FunctionReferenceTests
{
    [Fact]
    public void ConcreteReferenceTypesMatchAcrossModulesByStructure()
    {
        // The exporter's $f is type 1, the importer's is type 0: the import still matches, and a mismatching
        // signature does not.
        var engine = new Engine();
        var store = new Store(engine);
        var exporter = new Linker(engine).Instantiate(store, Module.FromText(engine, """
            (module
              (type (func))
              (type $f (func (param i32) (result i32)))
              (func $inc (type $f) (i32.add (local.get 0) (i32.const 1)))
              (global (export "g") (ref null $f) (ref.func $inc))
              (elem declare func $inc))
            """));
        var linker = new Linker(engine).DefineInstance("a", exporter);
        var importer = linker.Instantiate(store, Module.FromText(engine, """
            (module
              (type $f (func (param i32) (result i32)))
              (import "a" "g" (global $g (ref null $f)))
              (func (export "call") (param i32) (result i32)
                (call_ref $f (local.get 0) (global.get $g))))
            """));
        Assert.Equal(42, importer.GetFunction<Func<int, int>>("call")(41));

        var mismatch = Module.FromText(engine, """
            (module
              (type $f (func (param i64) (result i32)))
              (import "a" "g" (global (ref null $f))))
            """);
        Assert.Throws<LinkException>(() => linker.Instantiate(store, mismatch));
    }

    [Fact]
    public void CallRefOnNullTrapsAndNonNullableLocalsMustBeSet()
    {
        var instance = ApiHelpers.Instantiate("""
            (module
              (type $f (func))
              (func (export "null") (call_ref $f (ref.null $f))))
            """);
        var trap = Assert.Throws<TrapException>(() => instance.GetFunction<Action>("null")());
        Assert.Equal(TrapCode.NullFunctionReference, trap.Code);

        var e = Assert.Throws<InvalidModuleException>(() => Module.FromText(new Engine(), """
            (module
              (type $f (func))
              (func (local (ref $f)) (drop (local.get 0))))
            """));
        Assert.Equal("uninitialized local", e.Reason);
    }
}
