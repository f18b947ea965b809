using Wasm.Components.Abi;
using Wasm.Components.Model;
using Wasm.Components.Types;
using Wasm.Components.Values;

namespace Wasm.Components.Tests.Abi;

/// <summary>Whole calls through real core modules: <c>canon lift</c> (host calls an export) and <c>canon lower</c>
/// (the guest calls a host import).</summary>
public class CallTests
{
    private const string Realloc = GuestMemory.ReallocWat;

    [Fact]
    public void CallLifted_LowersArguments_LiftsTheResult_AndRunsPostReturn()
    {
        var engine = new Engine();
        var module = Module.FromText(engine, $$"""
            (module
              (memory (export "memory") 1)
              {{Realloc}}
              (func (export "echo") (param i32 i32 i32) (result i32)
                (i32.store (i32.const 0x100) (local.get 0))
                (i32.store (i32.const 0x104) (local.get 1))
                (i32.store (i32.const 0x108) (i32.add (local.get 2) (i32.const 1)))
                (i32.const 0x100)))
            """);
        var instance = new Linker(engine).Instantiate(new Store(engine), module);
        var posts = new List<int>();
        var post = Function.FromCallback(engine, new Wasm.FuncType([ValType.I32], []), (args, _) => posts.Add(args[0].I32));
        var options = new CanonicalOptions(new HandleTables())
        {
            StringEncoding = StringEncoding.Utf16,
            Memory = instance.GetMemory("memory"),
            Realloc = instance.GetFunction("realloc"),
            PostReturn = post,
        };
        var ft = new ComponentFuncType([new("s", WitType.String), new("n", WitType.U32)], new TupleType([WitType.String, WitType.U32]));
        Assert.Equal(CanonicalAbi.FlattenFuncTypeLift(ft), instance.GetFunction("echo")!.Type);

        var result = CanonicalAbi.CallLifted(options, ft, instance.GetFunction("echo")!, [WitValue.String("grüße 😀"), WitValue.U32(41)]);
        Assert.Equal("grüße 😀", result!.Items[0].AsString());
        Assert.Equal(42u, result.Items[1].AsUInt32());
        Assert.Equal([0x100], posts);
    }

    [Fact]
    public void LoweredImport_LiftsArguments_CallsTheHost_AndWritesThroughTheReturnPointer()
    {
        var engine = new Engine();
        var ft = new ComponentFuncType([new("s", WitType.String)], WitType.String);
        Assert.Equal(new Wasm.FuncType([ValType.I32, ValType.I32, ValType.I32], []), CanonicalAbi.FlattenFuncTypeLower(ft));
        CanonicalOptions? options = null;
        var upper = Function.FromCallback(engine, CanonicalAbi.FlattenFuncTypeLower(ft), (args, results) =>
            CanonicalAbi.CallLowered(options!, ft, args, results, a => WitValue.String(a[0].AsString().ToUpperInvariant())));
        var linker = new Linker(engine).Define("", "upper", upper);
        var module = Module.FromText(engine, $$"""
            (module
              (import "" "upper" (func $upper (param i32 i32 i32)))
              (memory (export "memory") 1)
              (data (i32.const 16) "h\c3\a9llo")
              {{Realloc}}
              (func (export "run") (result i32)
                (call $upper (i32.const 16) (i32.const 6) (i32.const 32))
                (i32.const 32)))
            """);
        var instance = linker.Instantiate(new Store(engine), module);
        options = new CanonicalOptions(new HandleTables())
        {
            Memory = instance.GetMemory("memory"),
            Realloc = instance.GetFunction("realloc"),
        };
        int retptr = instance.GetFunction("run")!.Invoke()[0].I32;
        var s = CanonicalAbi.LoadFromPointer(new LiftLowerContext(options), (uint)retptr, WitType.String);
        Assert.Equal("HÉLLO", s.AsString());
    }

    [Fact]
    public void CreateLoweredFunction_HasTheLoweredType_AndFlatResults()
    {
        var engine = new Engine();
        var ft = new ComponentFuncType([new("a", WitType.U8), new("b", WitType.S64)], WitType.F64);
        var options = new CanonicalOptions(new HandleTables());
        var f = CanonicalAbi.CreateLoweredFunction(engine, options, ft, a => WitValue.F64(a[0].AsInt64() + a[1].AsInt64()));
        Assert.Equal(new Wasm.FuncType([ValType.I32, ValType.I64], [ValType.F64]), f.Type);
        Assert.Equal(-5.0, f.Invoke(Value.FromI32(0x105), Value.FromI64(-10))[0].F64);
    }

    [Fact]
    public void HostReturningTheWrongType_IsAnArgumentError()
    {
        var engine = new Engine();
        var ft = new ComponentFuncType([], WitType.U32);
        var f = CanonicalAbi.CreateLoweredFunction(engine, new CanonicalOptions(new HandleTables()), ft, _ => WitValue.String("no"));
        Assert.ThrowsAny<Exception>(() => f.Invoke());
    }
}
