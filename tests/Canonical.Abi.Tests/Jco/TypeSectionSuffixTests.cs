using Wasm.Components.Tests.Support;

namespace Wasm.Components.Tests.Jco;

/// <summary>type_section_suffix.component.wasm (wit-bindgen tests/runtime/type_section_suffix.rs; no jco script).</summary>
public sealed class TypeSectionSuffixTests
{
    [Fact]
    public void Run()
    {
        var h = JcoHarness.For("type_section_suffix");
        var calls = new List<string>();
        h.Linker.Instance("test:suffix/imports").DefineFunction("foo", _ => { calls.Add("imports#foo"); return null; });
        h.Linker.Root.DefineFunction("foo", _ => { calls.Add("foo"); return null; });
        h.Linker.Root.DefineFunction("bar", _ => { calls.Add("bar"); return null; });
        Assert.Null(h.Call("run"));
        Assert.Equal(new[] { "imports#foo", "imports#foo", "foo", "bar" }, calls);
    }
}
