using System.Text;

namespace Wasm.Tests.Api;

public class MemoryTableGlobalTests
{
    [Fact]
    public void ExportedMemory_WrittenByHost_ReadByWasm_AndViceVersa()
    {
        var instance = ApiHelpers.Instantiate("""
            (module
              (memory (export "mem") 1 3)
              (data (i32.const 16) "hello")
              ;; sums the bytes in [ptr, ptr+len)
              (func (export "sum") (param $ptr i32) (param $len i32) (result i32)
                (local $acc i32)
                (block $done
                  (loop $l
                    (br_if $done (i32.eqz (local.get $len)))
                    (local.set $acc (i32.add (local.get $acc) (i32.load8_u (local.get $ptr))))
                    (local.set $ptr (i32.add (local.get $ptr) (i32.const 1)))
                    (local.set $len (i32.sub (local.get $len) (i32.const 1)))
                    (br $l)))
                (local.get $acc))
              (func (export "store") (param i32 i64) (i64.store (local.get 0) (local.get 1)))
              (func (export "size") (result i32) (memory.size))
              (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))
            """);
        var mem = instance.GetMemory("mem")!;
        Assert.Equal(ExternKind.Memory, mem.Kind);
        Assert.Equal(1ul, mem.Pages);
        Assert.Equal((ulong)Memory.PageSize, mem.ByteLength);
        Assert.Equal(Memory.PageSize, mem.Span.Length);
        Assert.Equal("hello", Encoding.ASCII.GetString(mem.GetSpan(16, 5)));

        // Host writes, wasm reads.
        mem.Span[100] = 1;
        mem.Span[101] = 2;
        mem.GetSpan(102, 2).Fill(10);
        Assert.Equal(23, instance.GetFunction<Func<int, int, int>>("sum")(100, 4));

        // Wasm writes (little-endian), host reads.
        instance.GetFunction<Action<int, long>>("store")(200, 0x0102030405060708);
        Assert.Equal(0x0102030405060708, BitConverter.ToInt64(mem.GetSpan(200, 8)));
        Assert.Equal(0x08, mem.Span[200]);
        Assert.Equal(0x01, mem.Span[207]);
    }

    [Fact]
    public void GetSpan_IsBoundsChecked()
    {
        var mem = ApiHelpers.Instantiate("(module (memory (export \"m\") 1))").GetMemory("m")!;
        Assert.Equal(0, mem.GetSpan(Memory.PageSize, 0).Length);
        Assert.Equal(1, mem.GetSpan(Memory.PageSize - 1, 1).Length);
        Assert.Throws<ArgumentOutOfRangeException>(() => mem.GetSpan(Memory.PageSize - 1, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => mem.GetSpan(Memory.PageSize + 1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => mem.GetSpan(0, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => mem.GetSpan(ulong.MaxValue, 1));
    }

    [Fact]
    public void Grow_FromHost_ReturnsOldPages_OrMinusOneBeyondMax_AndWasmSeesIt()
    {
        var instance = ApiHelpers.Instantiate("""
            (module
              (memory (export "mem") 1 3)
              (func (export "size") (result i32) (memory.size))
              (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
              (func (export "load") (param i32) (result i32) (i32.load8_u (local.get 0))))
            """);
        var mem = instance.GetMemory("mem")!;
        var size = instance.GetFunction<Func<int>>("size");
        var load = instance.GetFunction<Func<int, int>>("load");
        mem.Span[5] = 55;

        Assert.Equal(1, mem.Grow(1));
        Assert.Equal(2ul, mem.Pages);
        Assert.Equal(2, size());
        Assert.Equal(55, load(5)); // contents kept
        Assert.Equal(0, load(Memory.PageSize + 10)); // new pages zeroed
        mem.Span[Memory.PageSize + 10] = 9; // the span sees the new size
        Assert.Equal(9, load(Memory.PageSize + 10));

        Assert.Equal(2, mem.Grow(0));
        Assert.Equal(-1, mem.Grow(2)); // 4 > max 3
        Assert.Equal(2ul, mem.Pages);
        Assert.Equal(2, mem.Grow(1));
        Assert.Equal(-1, mem.Grow(1));
        Assert.Equal(3, size());
        Assert.Equal(3 * Memory.PageSize, mem.Span.Length);

        // Out of bounds before growing, in bounds after: compiled code must see host-side growth.
        var instance2 = ApiHelpers.Instantiate("""
            (module
              (memory (export "mem") 1)
              (func (export "load") (param i32) (result i32) (i32.load8_u (local.get 0))))
            """);
        var load2 = instance2.GetFunction<Func<int, int>>("load");
        Assert.Equal(TrapCode.MemoryOutOfBounds, Assert.Throws<TrapException>(() => load2(Memory.PageSize)).Code);
        Assert.Equal(1, instance2.GetMemory("mem")!.Grow(1));
        Assert.Equal(0, load2(Memory.PageSize));
    }

    [Fact]
    public void Grow_FromWasm_IsVisibleToHost()
    {
        var instance = ApiHelpers.Instantiate("""
            (module
              (memory (export "mem") 0 2)
              (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))
            """);
        var mem = instance.GetMemory("mem")!;
        var grow = instance.GetFunction<Func<int, int>>("grow");
        Assert.Equal(0ul, mem.Pages);
        Assert.Equal(0, mem.Span.Length);
        Assert.Equal(0, grow(2));
        Assert.Equal(2ul, mem.Pages);
        Assert.Equal(-1, grow(1));
        Assert.Equal(2 * Memory.PageSize, mem.Span.Length);
    }

    [Fact]
    public void HostCreatedMemory_Imported()
    {
        var engine = new Engine();
        using var mem = new Memory(new MemoryType(new Limits(1, 2)));
        Encoding.ASCII.GetBytes("abc").CopyTo(mem.Span);
        var linker = new Linker(engine).Define("env", "memory", mem);
        var instance = linker.Instantiate(new Store(engine), Module.FromText(engine, """
            (module
              (import "env" "memory" (memory 1 2))
              (func (export "get") (param i32) (result i32) (i32.load8_u (local.get 0)))
              (func (export "put") (param i32 i32) (i32.store8 (local.get 0) (local.get 1))))
            """));
        Assert.Equal('b', instance.GetFunction<Func<int, int>>("get")(1));
        instance.GetFunction<Action<int, int>>("put")(3, 'd');
        Assert.Equal("abcd", Encoding.ASCII.GetString(mem.GetSpan(0, 4)));
    }

    [Fact]
    public void Memory_ConstructorRejectsBadLimits()
    {
        Assert.Throws<ArgumentException>(() => new Memory(new MemoryType(new Limits(2, 1))));
        Assert.Throws<ArgumentException>(() => new Memory(new MemoryType(new Limits(0, 65537))));
    }

    [Fact]
    public void Table_GetSetGrow()
    {
        var instance = ApiHelpers.Instantiate("""
            (module
              (type $v2i (func (result i32)))
              (table $t (export "tab") 2 4 funcref)
              (func $one (export "one") (result i32) (i32.const 1))
              (func $two (export "two") (result i32) (i32.const 2))
              (elem (i32.const 0) $one)
              (func (export "call") (param i32) (result i32) (call_indirect (type $v2i) (local.get 0)))
              (func (export "size") (result i32) (table.size $t)))
            """);
        var table = instance.GetTable("tab")!;
        var one = instance.GetFunction("one")!;
        var two = instance.GetFunction("two")!;
        var call = instance.GetFunction<Func<int, int>>("call");
        Assert.Equal(ExternKind.Table, table.Kind);
        Assert.Equal(new TableType(ValType.FuncRef, new Limits(2, 4)), table.Type);
        Assert.Equal(2u, table.Size);
        Assert.Same(one, table.Get(0));
        Assert.Null(table.Get(1));

        table.Set(1, two);
        Assert.Same(two, table.Get(1));
        Assert.Equal(2, call(1));
        table.Set(0, two);
        Assert.Equal(2, call(0));

        Assert.Equal(2, table.Grow(1, one));
        Assert.Equal(3u, table.Size);
        Assert.Equal(3, instance.GetFunction<Func<int>>("size")());
        Assert.Equal(1, call(2));
        Assert.Equal(3, table.Grow(1, null));
        Assert.Null(table.Get(3));
        Assert.Equal(-1, table.Grow(1, null)); // beyond max 4
        Assert.Equal(4, table.Grow(0, null));
        Assert.Equal(4u, table.Size);

        Assert.Equal(TrapCode.TableOutOfBounds, Assert.Throws<TrapException>(() => table.Get(4)).Code);
        Assert.Equal(TrapCode.TableOutOfBounds, Assert.Throws<TrapException>(() => table.Set(4, one)).Code);
    }

    [Fact]
    public void Table_HostFunctionStoredAndCalledIndirectly()
    {
        var engine = new Engine();
        var table = new Table(new TableType(ValType.FuncRef, new Limits(1, null)));
        table.Set(0, Function.FromDelegate(engine, (Func<int>)(() => 77)));
        var linker = new Linker(engine).Define("env", "table", table);
        var instance = linker.Instantiate(new Store(engine), Module.FromText(engine, """
            (module
              (import "env" "table" (table 1 funcref))
              (func (export "call0") (result i32) (call_indirect (result i32) (i32.const 0))))
            """));
        Assert.Equal(77, instance.GetFunction<Func<int>>("call0")());
    }

    [Fact]
    public void Table_ExternRef()
    {
        var instance = ApiHelpers.Instantiate("""
            (module
              (table (export "t") 2 externref)
              (func (export "get") (param i32) (result externref) (table.get 0 (local.get 0))))
            """);
        var t = instance.GetTable("t")!;
        var o = new List<int> { 1 };
        t.Set(1, o);
        Assert.Same(o, instance.GetFunction<Func<int, object?>>("get")(1));
        Assert.Null(instance.GetFunction<Func<int, object?>>("get")(0));
    }

    [Fact]
    public void Global_GetSet()
    {
        var instance = ApiHelpers.Instantiate("""
            (module
              (global $m (export "m") (mut i32) (i32.const 5))
              (global (export "c") f64 (f64.const 2.5))
              (global $l (export "l") (mut i64) (i64.const -1))
              (func (export "getm") (result i32) (global.get $m))
              (func (export "setm") (param i32) (global.set $m (local.get 0)))
              (func (export "getl") (result i64) (global.get $l)))
            """);
        var m = instance.GetGlobal("m")!;
        var c = instance.GetGlobal("c")!;
        var l = instance.GetGlobal("l")!;
        Assert.Equal(ExternKind.Global, m.Kind);
        Assert.Equal(new GlobalType(ValType.I32, true), m.Type);
        Assert.Equal(Value.FromI32(5), m.Value);
        Assert.Equal(2.5, c.Value.F64);
        Assert.Equal(ValType.F64, c.Value.Type);

        m.Value = Value.FromI32(9);
        Assert.Equal(9, instance.GetFunction<Func<int>>("getm")());
        instance.GetFunction<Action<int>>("setm")(11);
        Assert.Equal(11, m.Value.I32);
        l.Value = Value.FromI64(long.MinValue);
        Assert.Equal(long.MinValue, instance.GetFunction<Func<long>>("getl")());

        Assert.Throws<InvalidOperationException>(() => c.Value = Value.FromF64(1));
        Assert.Equal(2.5, c.Value.F64);
        Assert.Throws<ArgumentException>(() => m.Value = Value.FromI64(1));
        Assert.Equal(11, m.Value.I32);
    }

    [Fact]
    public void Global_HostCreatedAndImported()
    {
        var engine = new Engine();
        var g = new Global(new GlobalType(ValType.I32, true), Value.FromI32(3));
        var k = new Global(new GlobalType(ValType.F32, false), Value.FromF32(0.5f));
        Assert.Throws<ArgumentException>(() => new Global(new GlobalType(ValType.I32, false), Value.FromF32(1)));
        var linker = new Linker(engine).Define("env", "g", g).Define("env", "k", k);
        var instance = linker.Instantiate(new Store(engine), Module.FromText(engine, """
            (module
              (import "env" "g" (global $g (mut i32)))
              (import "env" "k" (global $k f32))
              (func (export "incr") (global.set $g (i32.add (global.get $g) (i32.const 1))))
              (func (export "k") (result f32) (global.get $k)))
            """));
        instance.GetFunction<Action>("incr")();
        Assert.Equal(4, g.Value.I32);
        g.Value = Value.FromI32(100);
        instance.GetFunction<Action>("incr")();
        Assert.Equal(101, g.Value.I32);
        Assert.Equal(0.5f, instance.GetFunction<Func<float>>("k")());
    }
    [Fact]
    public void Data_segments_are_per_instance_a_drop_in_one_leaves_the_others_intact()
    {
        // Instances of one module read their data segments from the module's bytes; dropping a segment (or the
        // implicit drop of an active one) must only affect the instance that dropped it.
        var engine = new Engine();
        var module = Module.FromText(engine, """
            (module
              (memory (export "mem") 1)
              (data (i32.const 0) "active")
              (data $p "passive")
              (func (export "init") (param $dst i32) (memory.init $p (local.get $dst) (i32.const 0) (i32.const 7)))
              (func (export "drop") (data.drop $p))
              (func (export "init_active") (memory.init 0 (i32.const 100) (i32.const 0) (i32.const 1))))
            """);
        var linker = new Linker(engine);
        var first = linker.Instantiate(new Store(engine), module);
        var second = linker.Instantiate(new Store(engine), module);

        first.GetFunction<Action>("drop")();
        Assert.Equal(TrapCode.MemoryOutOfBounds, Assert.Throws<TrapException>(() => first.GetFunction<Action<int>>("init")(16)).Code);
        second.GetFunction<Action<int>>("init")(16);
        Assert.Equal("active", Encoding.ASCII.GetString(second.GetMemory("mem")!.GetSpan(0, 6)));
        Assert.Equal("passive", Encoding.ASCII.GetString(second.GetMemory("mem")!.GetSpan(16, 7)));
        // An active segment is dropped once written, in every instance.
        Assert.Equal(TrapCode.MemoryOutOfBounds, Assert.Throws<TrapException>(() => second.GetFunction<Action>("init_active")()).Code);

        // Writing the memory never writes through to the module: a third instance starts from the same bytes.
        second.GetMemory("mem")!.GetSpan(0, 6).Fill((byte)'x');
        var third = linker.Instantiate(new Store(engine), module);
        Assert.Equal("active", Encoding.ASCII.GetString(third.GetMemory("mem")!.GetSpan(0, 6)));
    }
}
