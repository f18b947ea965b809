using Wasm.Components.Tests.Support;
using Wasm.Components.Types;
using Wasm.Components.Values;

namespace Wasm.Components.Tests.Jco;

/// <summary>
/// resources.component.wasm. jco has no script for it; the expectations are those of the wit-bindgen runtime test the
/// fixture was built from (tests/runtime/resources.rs): a host resource <c>y</c> imported, guest resources
/// <c>x</c>, <c>z</c> and <c>kebab-case</c> exported from the plain-named interface <c>exports</c>.
/// </summary>
public sealed class ResourcesTests
{
    private const string E = "exports";

    private sealed class HostY
    {
        public readonly ResourceType Type = new("y");
        public readonly Dictionary<uint, int> Values = new();
        public readonly List<uint> Dropped = new();
        public readonly List<int> Created = new();
        private uint _next;

        public WitValue New(int a)
        {
            var id = _next++;
            Values[id] = a;
            Created.Add(a);
            return W.Own(Type, id);
        }
    }

    private static (JcoHarness, HostY) Setup()
    {
        var h = JcoHarness.For("resources");
        var y = new HostY();
        y.Type.HostDestructor = rep =>
        {
            y.Dropped.Add(rep);
            y.Values.Remove(rep);
        };
        h.Linker.Instance("imports")
            .DefineResource("y", y.Type)
            .DefineFunction("[constructor]y", a => y.New(a[0].AsInt32()))
            .DefineFunction("[method]y.get-a", a => WitValue.S32(y.Values[W.Rep(a[0])]))
            .DefineFunction("[method]y.set-a", a =>
            {
                y.Values[W.Rep(a[0])] = a[1].AsInt32();
                return null;
            })
            .DefineFunction("[static]y.add", a => y.New(y.Values[W.Rep(a[0])] + a[1].AsInt32()));
        return (h, y);
    }

    [Fact]
    public void TestImports_UsesHostResource()
    {
        var (h, y) = Setup();
        WitAssert.Equal(WitValue.Ok(), h.Call($"{E}#test-imports"));
        // new(10), set 20, add 10 -> 30 (this build of the guest adds 10, later wit-bindgen versions 20);
        // new(1), new(2), set 10 and 20, add 20 -> 30, add 30 -> 50.
        Assert.Equal(new[] { 10, 30, 1, 2, 30, 50 }, y.Created);
        // Handles 0, 2 and 3 were moved into [static]y.add (the host owns them then); the guest dropped the rest.
        Assert.Equal(new uint[] { 1, 4, 5 }, y.Dropped);
    }

    [Fact]
    public void GuestResourceX()
    {
        var (h, _) = Setup();
        var x = h.CallValue($"{E}#[constructor]x", WitValue.S32(5));
        WitAssert.Equal(ValueKind.Own, x.Kind);
        WitAssert.Equal(WitValue.S32(5), h.Call($"{E}#[method]x.get-a", W.Lend(x)));
        Assert.Null(h.Call($"{E}#[method]x.set-a", W.Lend(x), WitValue.S32(10)));
        WitAssert.Equal(WitValue.S32(10), h.Call($"{E}#[method]x.get-a", W.Lend(x)));

        var xAdd = h.CallValue($"{E}#[static]x.add", x, WitValue.S32(5));
        WitAssert.Equal(WitValue.S32(15), h.Call($"{E}#[method]x.get-a", W.Lend(xAdd)));
        Assert.Null(h.Call($"{E}#consume", xAdd));
    }

    [Fact]
    public void GuestResourceZ()
    {
        var (h, _) = Setup();
        var z1 = h.CallValue($"{E}#[constructor]z", WitValue.S32(10));
        WitAssert.Equal(WitValue.S32(10), h.Call($"{E}#[method]z.get-a", W.Lend(z1)));
        var z2 = h.CallValue($"{E}#[constructor]z", WitValue.S32(20));
        WitAssert.Equal(WitValue.S32(20), h.Call($"{E}#[method]z.get-a", W.Lend(z2)));

        var zAdd = h.CallValue($"{E}#add", W.Lend(z1), W.Lend(z2));
        WitAssert.Equal(WitValue.S32(30), h.Call($"{E}#[method]z.get-a", W.Lend(zAdd)));
        WitAssert.Equal(ValueKind.U32, h.CallValue($"{E}#[static]z.num-dropped").Kind);
    }

    [Fact]
    public void KebabCase()
    {
        var (h, _) = Setup();
        var k = h.CallValue($"{E}#[constructor]kebab-case", WitValue.U32(3));
        WitAssert.Equal(WitValue.U32(3), h.Call($"{E}#[method]kebab-case.get-a", W.Lend(k)));
        WitAssert.Equal(WitValue.U32(3), h.Call($"{E}#[static]kebab-case.take-owned", k));
    }
}
