namespace Wasm.Components.Tests.Validation;

/// <summary>
/// Core type sections of a component may define GC types (rec groups, open and final sub types, structs and arrays);
/// they are decoded and canonicalised as a module's type section is, and checked the same way.
/// </summary>
public sealed class CoreGcTypeTests
{
    private static readonly byte[] Preamble = [0x00, 0x61, 0x73, 0x6D, 0x0D, 0x00, 0x01, 0x00];

    private static byte[] Bytes(params byte[][] sections) => [.. Preamble, .. sections.SelectMany(s => s)];

    [Fact]
    public void RecGroupsSubTypesAndModuleTypesUsingThem_Validate()
    {
        var bytes = Bytes(
            // (rec (type (sub (struct (field (mut (ref null 0)))))) (type (sub final 0 (struct (field (mut (ref null 0))) (field i32)))))
            [0x03, 0x14, 0x01, 0x4E, 0x02, 0x50, 0x00, 0x5F, 0x01, 0x63, 0x00, 0x01, 0x4F, 0x01, 0x00, 0x5F, 0x02, 0x63, 0x00, 0x01, 0x7F, 0x00],
            // type 2: (sub (func (param (ref 0)))), 0x00-prefixed in a component
            [0x03, 0x09, 0x01, 0x00, 0x50, 0x00, 0x60, 0x01, 0x64, 0x00, 0x00],
            // (module (alias outer 1 2 (type)) (import "a" "b" (func (type 0))))
            [0x03, 0x0F, 0x01, 0x50, 0x02, 0x02, 0x10, 0x01, 0x01, 0x02, 0x00, 0x01, 0x61, 0x01, 0x62, 0x00, 0x00]);
        Wasm.Components.Component.Validate(new Engine(), bytes);
    }

    [Fact]
    public void SubTypeOfFinalType_IsInvalid()
    {
        // (rec (type (struct)) (type (sub 0 (struct))))
        var bytes = Bytes([0x03, 0x0A, 0x01, 0x4E, 0x02, 0x5F, 0x00, 0x50, 0x01, 0x00, 0x5F, 0x00]);
        var e = Assert.Throws<InvalidModuleException>(() => Wasm.Components.Component.Validate(new Engine(), bytes));
        Assert.Contains("supertype is final", e.Message);
    }

    [Fact]
    public void SubTypeNotMatchingItsSupertype_IsInvalid()
    {
        // (rec (type (sub (struct (field i32)))) (type (sub 0 (struct (field i64)))))
        var bytes = Bytes([0x03, 0x10, 0x01, 0x4E, 0x02, 0x50, 0x00, 0x5F, 0x01, 0x7F, 0x00, 0x50, 0x01, 0x00, 0x5F, 0x01, 0x7E, 0x00]);
        var e = Assert.Throws<InvalidModuleException>(() => Wasm.Components.Component.Validate(new Engine(), bytes));
        Assert.Contains("does not match its supertype", e.Message);
    }

    [Fact]
    public void ReferenceToModuleType_IsInvalid()
    {
        // type 0: (module); type 1: (struct (field (ref 0)))
        var bytes = Bytes([0x03, 0x03, 0x01, 0x50, 0x00], [0x03, 0x06, 0x01, 0x5F, 0x01, 0x64, 0x00, 0x00]);
        var e = Assert.Throws<InvalidModuleException>(() => Wasm.Components.Component.Validate(new Engine(), bytes));
        Assert.Contains("is not a function, struct or array type", e.Message);
    }

    [Fact]
    public void ReferenceToLaterType_IsInvalid()
    {
        // (struct (field (ref 1))) with no type 1
        var bytes = Bytes([0x03, 0x06, 0x01, 0x5F, 0x01, 0x64, 0x01, 0x00]);
        var e = Assert.Throws<InvalidModuleException>(() => Wasm.Components.Component.Validate(new Engine(), bytes));
        Assert.Contains("unknown type 1", e.Message);
    }
}
