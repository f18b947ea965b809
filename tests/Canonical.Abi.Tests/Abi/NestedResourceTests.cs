namespace Wasm.Components.Tests.Abi;

public class NestedResourceTests
{
    // $C defines a resource and returns owned handles to it; the parent drops them and passes them on, naming the
    // resource through an alias of the child instance's export.
    private const string ParentUsesChildResource = """
        (component
          (component $C
            (type $R (resource (rep i32)))
            (core func $new (canon resource.new $R))
            (core module $M
              (import "" "new" (func $new (param i32) (result i32)))
              (func (export "make") (result i32) i32.const 7 call $new))
            (core instance $i (instantiate $M (with "" (instance (export "new" (func $new))))))
            (export $R2 "r" (type $R))
            (func (export "make") (result (own $R2)) (canon lift (core func $i "make"))))
          (instance $c (instantiate $C))
          (alias export $c "r" (type $R))
          (alias export $c "make" (func $make))
          (core func $make_low (canon lower (func $make)))
          (core func $drop (canon resource.drop $R))
          (core module $N
            (import "" "make" (func $make (result i32)))
            (import "" "drop" (func $drop (param i32)))
            (func (export "make-and-drop") (result i32) call $make call $drop i32.const 1)
            (func (export "pass") (result i32) call $make))
          (core instance $n (instantiate $N (with "" (instance (export "make" (func $make_low)) (export "drop" (func $drop))))))
          (export $RE "r" (type $R)) ;; exported functions may only use exported types
          (func (export "make-and-drop") (result u32) (canon lift (core func $n "make-and-drop")))
          (func (export "pass") (result (own $RE)) (canon lift (core func $n "pass"))))
        """;

    [Fact]
    public void ParentNamesAChildInstancesResource_ThroughAnAlias()
    {
        var engine = new Engine();
        var component = Component.FromText(engine, ParentUsesChildResource);
        var instance = new ComponentLinker(engine).Instantiate(new Store(engine), component);

        Assert.Equal(Values.WitValue.U32(1), instance.GetFunc("make-and-drop")!.Call());
        Assert.NotNull(instance.GetFunc("pass")!.Call());
    }
}
