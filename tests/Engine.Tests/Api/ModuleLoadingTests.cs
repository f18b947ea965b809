using Wasm.Text;

namespace Wasm.Tests.Api;

public class ModuleLoadingTests
{
    private static readonly byte[] Header = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

    [Fact]
    public void FromText_CompilesAndReportsImportsAndExports()
    {
        var engine = new Engine();
        var module = Module.FromText(engine, """
            (module
              (import "env" "log" (func (param i32)))
              (import "env" "mem" (memory 1))
              (global (export "g") (mut i64) (i64.const 7))
              (table (export "t") 3 funcref)
              (func (export "add") (param i32 i32) (result i32)
                (i32.add (local.get 0) (local.get 1))))
            """);

        Assert.Same(engine, module.Engine);
        Assert.Equal(2, module.Imports.Count);
        Assert.Equal(new ModuleImport("env", "log", ExternKind.Func, new FuncType([ValType.I32], [])), module.Imports[0]);
        Assert.Equal("mem", module.Imports[1].Name);
        Assert.Equal(ExternKind.Memory, module.Imports[1].Kind);
        Assert.Equal(new MemoryType(new Limits(1, null)), module.Imports[1].Type);

        Assert.Equal(["g", "t", "add"], module.Exports.Select(e => e.Name));
        Assert.Equal(new GlobalType(ValType.I64, true), module.Exports[0].Type);
        Assert.Equal(new TableType(ValType.FuncRef, new Limits(3, null)), module.Exports[1].Type);
        Assert.Equal(new FuncType([ValType.I32, ValType.I32], [ValType.I32]), module.Exports[2].Type);
    }

    [Fact]
    public void FromBytes_AcceptsWatToBinaryOutput_AndCanBeInstantiatedTwice()
    {
        var engine = new Engine();
        var bytes = Wat.ToBinary("(module (global $g (mut i32) (i32.const 0)) (func (export \"next\") (result i32) (global.set $g (i32.add (global.get $g) (i32.const 1))) (global.get $g)))");
        Assert.Equal(Header, bytes[..8]);
        var module = Module.FromBytes(engine, bytes);
        var linker = new Linker(engine);
        var a = linker.Instantiate(new Store(engine), module);
        var b = linker.Instantiate(new Store(engine), module);
        var nextA = a.GetFunction<Func<int>>("next");
        var nextB = b.GetFunction<Func<int>>("next");
        Assert.Equal(1, nextA());
        Assert.Equal(2, nextA());
        Assert.Equal(1, nextB()); // instances do not share globals
    }

    [Fact]
    public void FromBytes_EmptyModule()
    {
        var module = Module.FromBytes(new Engine(), Header);
        Assert.Empty(module.Imports);
        Assert.Empty(module.Exports);
        Module.Validate(Header);
    }

    [Fact]
    public void BadMagic_IsMalformedAtOffsetZero()
    {
        byte[] bytes = [0x00, 0x61, 0x73, 0x6e, 0x01, 0x00, 0x00, 0x00];
        var e = Assert.Throws<MalformedModuleException>(() => Module.FromBytes(new Engine(), bytes));
        Assert.Equal("magic header not detected", e.Reason);
        Assert.Equal(0, e.Offset);
        Assert.Contains("0x0", e.Message);
        Assert.Throws<MalformedModuleException>(() => Module.Validate(bytes));
    }

    [Fact]
    public void BadVersion_IsMalformedAtOffsetFour()
    {
        byte[] bytes = [0x00, 0x61, 0x73, 0x6d, 0x02, 0x00, 0x00, 0x00];
        var e = Assert.Throws<MalformedModuleException>(() => Module.Validate(bytes));
        Assert.Equal("unknown binary version", e.Reason);
        Assert.Equal(4, e.Offset);
    }

    [Fact]
    public void TruncatedModule_IsMalformedWithOffsetInsideInput()
    {
        // A type section that promises 5 bytes but ends after 1.
        byte[] bytes = [.. Header, 0x01, 0x05, 0x01];
        var e = Assert.ThrowsAny<MalformedModuleException>(() => Module.FromBytes(new Engine(), bytes));
        Assert.IsNotType<TextFormatException>(e);
        Assert.Contains(e.Reason, new[] { "unexpected end", "length out of bounds" });
        Assert.InRange(e.Offset, 8, bytes.Length);
    }

    [Fact]
    public void TypeMismatch_IsInvalidWithOffsetOfTheCode()
    {
        var bytes = Wat.ToBinary("(module (func (result i32) (i64.const 0)))");
        var e = Assert.Throws<InvalidModuleException>(() => Module.Validate(bytes));
        Assert.Equal("type mismatch", e.Reason);
        Assert.InRange(e.Offset, 8, bytes.Length - 1);
        Assert.Contains($"0x{e.Offset:x}", e.Message);
        Assert.Throws<InvalidModuleException>(() => Module.FromBytes(new Engine(), bytes));
        Assert.Throws<InvalidModuleException>(() => Module.FromText(new Engine(), "(module (func (result i32) (i64.const 0)))"));
    }

    [Fact]
    public void UnknownFunction_IsInvalid()
    {
        var e = Assert.Throws<InvalidModuleException>(() => Module.FromText(new Engine(), "(module (func (call 7)))"));
        Assert.StartsWith("unknown function", e.Reason);
        Assert.True(e.Offset > 8);
    }

    [Fact]
    public void BadText_RaisesTextFormatExceptionWithLineAndColumn()
    {
        const string text = "(module\n  (func (result i32)\n    (i32.bogus)))";
        var e = Assert.Throws<TextFormatException>(() => Module.FromText(new Engine(), text));
        Assert.IsAssignableFrom<MalformedModuleException>(e);
        Assert.StartsWith("unknown operator", e.Reason);
        Assert.Equal(3, e.Line);
        Assert.InRange(e.Column, 5, 6); // at the "(" or at the keyword
        Assert.Contains($"3:{e.Column}", e.Message);
        Assert.Equal(text.IndexOf("(i32.bogus", StringComparison.Ordinal) + (e.Column - 5), e.Offset);
    }

    [Fact]
    public void UnbalancedText_IsTextFormatException()
    {
        var e = Assert.Throws<TextFormatException>(() => Wat.ToBinary("(module (func)"));
        Assert.Equal(1, e.Line);
        Assert.True(e.Column >= 1);
    }
}
