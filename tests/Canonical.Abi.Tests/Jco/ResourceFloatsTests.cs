using Wasm.Components.Tests.Support;
using Wasm.Components.Values;

namespace Wasm.Components.Tests.Jco;

/// <summary>
/// resource_floats.component.wasm (wit-bindgen tests/runtime/resource_floats.rs; no jco script): two host
/// <c>float</c> resources (interface test and the plain-named imports) sharing one table, as in the Rust host.
/// </summary>
public sealed class ResourceFloatsTests
{
    [Fact]
    public void ExportedFloatWrapsHostFloats()
    {
        var h = JcoHarness.For("resource_floats");
        var values = new Dictionary<uint, double>();
        uint next = 0;
        var float1 = new Types.ResourceType("float");   // imports.float
        var float2 = new Types.ResourceType("float");   // test:resource-floats/test.float
        float1.HostDestructor = rep => values.Remove(rep);
        float2.HostDestructor = rep => values.Remove(rep);
        WitValue New(Types.ResourceType type, double v)
        {
            var id = next++;
            values[id] = v;
            return W.Own(type, id);
        }

        h.Linker.Instance("imports")
            .DefineResource("float", float1)
            .DefineFunction("[constructor]float", a => New(float1, a[0].AsDouble() + 2))
            .DefineFunction("[method]float.get", a => WitValue.F64(values[W.Rep(a[0])] + 4))
            // add goes through the constructor, which adds its 2 as well.
            .DefineFunction("[static]float.add", a => New(float1, values[W.Rep(a[0])] + a[1].AsDouble() + 6 + 2));
        h.Linker.Instance("test:resource-floats/test")
            .DefineResource("float", float2)
            .DefineFunction("[constructor]float", a => New(float2, a[0].AsDouble() + 1))
            .DefineFunction("[method]float.get", a => WitValue.F64(values[W.Rep(a[0])] + 3));
        // `use test.{float}` in the world is a top-level (import "float" (type (eq ...))) of the resource imported
        // above, which needs no definition of its own.

        var float3 = h.CallValue("exports#[constructor]float", WitValue.F64(22));
        Assert.Equal(22.0 + 1 + 2 + 4 + 3, h.CallValue("exports#[method]float.get", W.Lend(float3)).AsDouble());
        var sum = h.CallValue("exports#[static]float.add", float3, WitValue.F64(7));
        Assert.Equal(59.0, h.CallValue("exports#[method]float.get", W.Lend(sum)).AsDouble());
    }
}
