namespace Wasm.Tests.Api;

/// <summary>The GC proposal through the embedding API: allocation, typed storage, casts, canonical types.</summary>
public sealed class GcTests
{
    [Fact]
    public void StructFieldsKeepTheirStorageAndReachTheHostAsOpaqueObjects()
    {
        var instance = ApiHelpers.Instantiate("""
            (module
              (type $point (struct (field $x (mut i32)) (field $y f64) (field $tag i8) (field $next (mut (ref null $point)))))
              (func (export "make") (param i32 f64 i32) (result (ref $point))
                (struct.new $point (local.get 0) (local.get 1) (local.get 2) (ref.null $point)))
              (func (export "x") (param (ref null $point)) (result i32) (struct.get $point $x (local.get 0)))
              (func (export "y") (param (ref null $point)) (result f64) (struct.get $point $y (local.get 0)))
              (func (export "tag_s") (param (ref null $point)) (result i32) (struct.get_s $point $tag (local.get 0)))
              (func (export "tag_u") (param (ref null $point)) (result i32) (struct.get_u $point $tag (local.get 0)))
              (func (export "bump") (param (ref null $point)) (struct.set $point $x (local.get 0) (i32.add (struct.get $point $x (local.get 0)) (i32.const 1)))))
            """);
        var make = instance.GetFunction<Func<int, double, int, object>>("make");
        var p = make(41, 2.5, 0x1FF);
        Assert.IsType<GcStruct>(p);
        instance.GetFunction<Action<object>>("bump")(p);
        Assert.Equal(42, instance.GetFunction<Func<object, int>>("x")(p));
        Assert.Equal(2.5, instance.GetFunction<Func<object, double>>("y")(p));
        Assert.Equal(-1, instance.GetFunction<Func<object, int>>("tag_s")(p));
        Assert.Equal(0xFF, instance.GetFunction<Func<object, int>>("tag_u")(p));
        Assert.Equal(42, ((GcStruct)p).GetField(0).I32);

        var trap = Assert.Throws<TrapException>(() => instance.GetFunction<Func<object?, int>>("x")(null));
        Assert.Equal(TrapCode.NullStructReference, trap.Code);
    }

    [Fact]
    public void ArraysStorePackedElementsAndCheckBounds()
    {
        var instance = ApiHelpers.Instantiate("""
            (module
              (type $bytes (array (mut i8)))
              (data $d "\01\02\ff")
              (func (export "sum") (param i32) (result i32)
                (local $a (ref $bytes)) (local $i i32) (local $s i32)
                (local.set $a (array.new_data $bytes $d (i32.const 0) (i32.const 3)))
                (array.set $bytes (local.get $a) (i32.const 0) (i32.const 0x180))
                (block $done
                  (loop $next
                    (br_if $done (i32.ge_u (local.get $i) (local.get 0)))
                    (local.set $s (i32.add (local.get $s) (array.get_s $bytes (local.get $a) (local.get $i))))
                    (local.set $i (i32.add (local.get $i) (i32.const 1)))
                    (br $next)))
                (local.get $s)))
            """);
        var sum = instance.GetFunction<Func<int, int>>("sum");
        Assert.Equal(-128 + 2 - 1, sum(3));
        var trap = Assert.Throws<TrapException>(() => sum(4));
        Assert.Equal(TrapCode.ArrayOutOfBounds, trap.Code);
    }

    [Fact]
    public void CastsFollowDeclaredSubtypes()
    {
        var instance = ApiHelpers.Instantiate("""
            (module
              (type $animal (sub (struct (field i32))))
              (type $cat (sub final $animal (struct (field i32) (field f32))))
              (type $dog (sub final $animal (struct (field i32) (field i64))))
              (func (export "is_cat") (param anyref) (result i32) (ref.test (ref $cat) (local.get 0)))
              (func (export "is_animal") (param anyref) (result i32) (ref.test (ref $animal) (local.get 0)))
              (func (export "as_dog") (param anyref) (result anyref) (ref.cast (ref null $dog) (local.get 0)))
              (func (export "cat") (result anyref) (struct.new_default $cat))
              (func (export "small") (result anyref) (ref.i31 (i32.const 7))))
            """);
        var cat = instance.GetFunction<Func<object>>("cat")();
        var small = instance.GetFunction<Func<object>>("small")();
        var isCat = instance.GetFunction<Func<object?, int>>("is_cat");
        var isAnimal = instance.GetFunction<Func<object?, int>>("is_animal");
        Assert.Equal(1, isCat(cat));
        Assert.Equal(1, isAnimal(cat));
        Assert.Equal(0, isCat(small));
        Assert.Equal(0, isAnimal(null));
        Assert.IsType<I31Ref>(small);
        var trap = Assert.Throws<TrapException>(() => instance.GetFunction<Func<object?, object?>>("as_dog")(cat));
        Assert.Equal(TrapCode.CastFailure, trap.Code);
        Assert.Null(instance.GetFunction<Func<object?, object?>>("as_dog")(null));
    }

    [Fact]
    public void EqualRecursionGroupsAreOneTypeAcrossModules()
    {
        const string group = """
            (rec (type $list (struct (field i32) (field (ref null $list)))) (type $unused (func)))
            """;
        var engine = new Engine();
        var store = new Store(engine);
        var producer = new Linker(engine).Instantiate(store, Module.FromText(engine, $$"""
            (module {{group}}
              (func (export "cons") (param i32 (ref null $list)) (result (ref $list)) (struct.new $list (local.get 0) (local.get 1))))
            """));
        var linker = new Linker(engine).DefineInstance("p", producer);
        var consumer = linker.Instantiate(store, Module.FromText(engine, $$"""
            (module {{group}}
              (import "p" "cons" (func $cons (param i32 (ref null $list)) (result (ref $list))))
              (func (export "second") (result i32)
                (struct.get $list 0 (ref.as_non_null (struct.get $list 1 (call $cons (i32.const 1) (call $cons (i32.const 2) (ref.null $list))))))))
            """));
        Assert.Equal(2, consumer.GetFunction<Func<int>>("second")());

        // The same struct in a group of a different shape is a different type: the import does not link.
        var other = Module.FromText(engine, """
            (module
              (rec (type $list (struct (field i32) (field (ref null $list)))))
              (import "p" "cons" (func (param i32 (ref null $list)) (result (ref $list)))))
            """);
        Assert.Throws<LinkException>(() => linker.Instantiate(store, other));
    }

    [Fact]
    public void I31ReferencesCompareByValue()
    {
        var instance = ApiHelpers.Instantiate("""
            (module
              (func (export "eq") (param i32 i32) (result i32) (ref.eq (ref.i31 (local.get 0)) (ref.i31 (local.get 1))))
              (func (export "get_s") (param i32) (result i32) (i31.get_s (ref.i31 (local.get 0)))))
            """);
        Assert.Equal(1, instance.GetFunction<Func<int, int, int>>("eq")(100_000, 100_000));
        Assert.Equal(0, instance.GetFunction<Func<int, int, int>>("eq")(1, 2));
        Assert.Equal(-1, instance.GetFunction<Func<int, int>>("get_s")(-1));
        Assert.Equal(-0x40000000, instance.GetFunction<Func<int, int>>("get_s")(0x40000000));
    }

    [Fact]
    public void HostArgumentsMustBeValuesOfTheParameterType()
    {
        var instance = ApiHelpers.Instantiate("""
            (module
              (type $a (struct (field i32)))
              (type $b (struct (field i64) (field i64)))
              (func (export "make_b") (result anyref) (struct.new_default $b))
              (func (export "first") (param (ref $a)) (result i32) (struct.get $a 0 (local.get 0))))
            """);
        var b = instance.GetFunction<Func<object>>("make_b")();
        var first = instance.GetFunction<Func<object?, int>>("first");
        var e = Assert.Throws<ArgumentException>(() => first(b));
        Assert.Contains("argument 0", e.Message);
        Assert.Throws<ArgumentException>(() => first("not a struct"));
        Assert.Throws<ArgumentException>(() => first(null));
        var type = instance.GetFunction("first")!.Type.Parameters[0];
        Assert.Throws<ArgumentException>(() => instance.GetFunction("first")!.Invoke(Value.FromRef(type, b)));
    }

    [Fact]
    public void HostWritesToGcTypedGlobalsAndTablesAreChecked()
    {
        var instance = ApiHelpers.Instantiate("""
            (module
              (type $a (struct (field i32)))
              (global (export "g") (mut (ref null $a)) (ref.null $a))
              (table (export "t") 2 (ref null $a))
              (func (export "make") (result anyref) (struct.new $a (i32.const 7)))
              (func (export "read") (result i32) (struct.get $a 0 (global.get 0))))
            """);
        var g = instance.GetGlobal("g")!;
        var made = instance.GetFunction<Func<object>>("make")();
        g.Value = Value.FromRef(g.Type.Type, made);
        Assert.Equal(7, instance.GetFunction<Func<int>>("read")());
        Assert.Throws<ArgumentException>(() => g.Value = Value.FromRef(g.Type.Type, "a string"));
        var table = (Table)instance.GetExport("t")!;
        table.Set(1, made);
        Assert.Same(made, table.Get(1));
        Assert.Throws<ArgumentException>(() => table.Set(0, I31Ref.Of(1)));
    }

    [Fact]
    public void LargeStructsAndLongFixedArraysKeepEveryValue()
    {
        // More fields than the struct holds inline, a v128 straddling the inline and spilled slots, and an
        // array.new_fixed with thousands of operands.
        var elements = string.Join(' ', Enumerable.Range(0, 5000).Select(i => $"(i32.const {i * 3})"));
        var instance = ApiHelpers.Instantiate($$"""
            (module
              (type $a (array i32))
              (type $s (struct (field i64) (field i64) (field i64) (field v128) (field i64) (field i64)
                               (field anyref) (field anyref) (field anyref) (field anyref) (field anyref) (field (mut anyref))))
              (func (export "sum") (result i64)
                (local $x (ref $s))
                (local.set $x (struct.new $s (i64.const 1) (i64.const 2) (i64.const 3) (v128.const i64x2 40 50) (i64.const 6) (i64.const 7)
                  (ref.i31 (i32.const 8)) (ref.null any) (ref.null any) (ref.null any) (ref.null any) (ref.i31 (i32.const 9))))
                (struct.set $s 11 (local.get $x) (ref.i31 (i32.const 90)))
                (i64.add
                  (i64.add (i64.add (struct.get $s 0 (local.get $x)) (struct.get $s 5 (local.get $x)))
                           (i64.add (i64x2.extract_lane 0 (struct.get $s 3 (local.get $x))) (i64x2.extract_lane 1 (struct.get $s 3 (local.get $x)))))
                  (i64.extend_i32_u (i32.add (i31.get_u (ref.cast i31ref (struct.get $s 6 (local.get $x))))
                                             (i31.get_u (ref.cast i31ref (struct.get $s 11 (local.get $x))))))))
              (func (export "last") (result i32)
                (array.get $a (array.new_fixed $a 5000 {{elements}}) (i32.const 4999))))
            """);
        Assert.Equal(1 + 7 + 40 + 50 + 8 + 90, instance.GetFunction<Func<long>>("sum")());
        Assert.Equal(4999 * 3, instance.GetFunction<Func<int>>("last")());
    }

    [Fact]
    public void InvalidSubtypingIsRejected()
    {
        var engine = new Engine();
        Assert.Throws<InvalidModuleException>(() => Module.FromText(engine, """
            (module (type $a (struct (field i32))) (type $b (sub $a (struct (field i32)))))
            """));
        Assert.Throws<InvalidModuleException>(() => Module.FromText(engine, """
            (module (type $a (sub (struct (field (mut i32))))) (type $b (sub $a (struct (field i32)))))
            """));
        var e = Assert.Throws<InvalidModuleException>(() => Module.FromText(engine, """
            (module (type $a (struct (field i8))) (func (param (ref $a)) (result i32) (struct.get $a 0 (local.get 0))))
            """));
        Assert.Contains("packed", e.Message);
    }

    [Fact]
    public void I31ValuesAreEqualByValueOtherReferencesByIdentity()
    {
        var instance = ApiHelpers.Instantiate("""
            (module
              (type $s (struct))
              (func (export "i31") (param i32) (result i31ref) (ref.i31 (local.get 0)))
              (func (export "s") (result (ref null $s)) (struct.new $s)))
            """);
        var i31 = instance.GetFunction<Func<int, object>>("i31");
        var a = i31(100_000);
        var b = i31(100_000);
        Assert.NotSame(a, b);
        var type = ValType.RefTo(HeapType.I31, true);
        Assert.Equal(Value.FromRef(type, a), Value.FromRef(type, b));
        Assert.True(Value.FromRef(type, a) == Value.FromRef(type, b));
        Assert.Equal(Value.FromRef(type, a).GetHashCode(), Value.FromRef(type, b).GetHashCode());
        Assert.NotEqual(Value.FromRef(type, a), Value.FromRef(type, i31(100_001)));
        Assert.NotEqual(Value.FromRef(type, a), Value.FromRef(type, null));

        var s = instance.GetFunction<Func<object>>("s");
        var structType = ValType.RefTo(HeapType.Struct, true);
        var first = s();
        Assert.Equal(Value.FromRef(structType, first), Value.FromRef(structType, first));
        Assert.NotEqual(Value.FromRef(structType, first), Value.FromRef(structType, s()));
    }

    [Fact]
    public void HostFunctionsTakeAndReturnGcReferencesByTheirClass()
    {
        var engine = new Engine();
        var module = Module.FromText(engine, """
            (module
              (type $pair (struct (field i32) (field i32)))
              (type $bytes (array (mut i8)))
              (import "host" "sum" (func $sum (param structref) (result i32)))
              (import "host" "len" (func $len (param arrayref) (result i32)))
              (import "host" "twice" (func $twice (param i31ref) (result i31ref)))
              (func (export "run") (result i32)
                (i32.add
                  (i32.add
                    (call $sum (struct.new $pair (i32.const 40) (i32.const 2)))
                    (call $len (array.new_default $bytes (i32.const 7))))
                  (i31.get_s (call $twice (ref.i31 (i32.const -5))))))
              (func (export "make") (result (ref $pair)) (struct.new $pair (i32.const 1) (i32.const 2)))
              (func (export "pass") (param (ref null $pair)) (result i32)
                (if (result i32) (ref.is_null (local.get 0)) (then (i32.const -1)) (else (struct.get $pair 1 (local.get 0))))))
            """);
        var linker = new Linker(engine);
        linker.DefineFunction("host", "sum", (GcStruct s) => s.GetField(0).I32 + s.GetField(1).I32);
        linker.DefineFunction("host", "len", (GcArray a) => a.Length);
        linker.DefineFunction("host", "twice", (I31Ref r) => I31Ref.Of(r.SignedValue * 2));
        var instance = linker.Instantiate(new Store(engine), module);
        Assert.Equal(42 + 7 - 10, instance.GetFunction<Func<int>>("run")());

        // Typed delegates onto guest functions: a GcStruct result, a GcStruct parameter checked against $pair.
        var pair = instance.GetFunction<Func<GcStruct>>("make")();
        Assert.Equal(2, instance.GetFunction<Func<GcStruct?, int>>("pass")(pair));
        Assert.Equal(-1, instance.GetFunction<Func<GcStruct?, int>>("pass")(null));
        var other = Module.FromText(engine, "(module (type $t (struct (field f64))) (func (export \"m\") (result (ref $t)) (struct.new $t (f64.const 1))))");
        var foreign = new Linker(engine).Instantiate(new Store(engine), other).GetFunction<Func<GcStruct>>("m")();
        Assert.Throws<ArgumentException>(() => instance.GetFunction<Func<GcStruct?, int>>("pass")(foreign));
        // A struct result cannot be seen as an array or i31.
        Assert.Throws<ArgumentException>(() => instance.GetFunction<Func<GcArray>>("make"));
        Assert.Throws<ArgumentException>(() => instance.GetFunction<Func<I31Ref, int>>("pass"));
    }
}
