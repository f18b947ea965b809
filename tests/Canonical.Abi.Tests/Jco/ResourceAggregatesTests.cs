using Wasm.Components.Tests.Support;
using Wasm.Components.Values;

namespace Wasm.Components.Tests.Jco;

/// <summary>
/// resource_aggregates.component.wasm (wit-bindgen tests/runtime/resource_aggregates.rs; no jco script): guest
/// resources inside records, tuples, variants, lists, options and results, as own and borrow.
/// </summary>
public sealed class ResourceAggregatesTests
{
    private const string I = "test:resource-aggregates/test";

    [Fact]
    public void FooSumsEveryThing()
    {
        var h = JcoHarness.For("resource_aggregates");
        var thing = new HostResource<uint>("thing");
        var fooCalls = 0;
        h.Linker.Instance(I)
            .DefineResource("thing", thing.Type)
            .DefineFunction("[constructor]thing", a => thing.New(a[0].AsUInt32() + 2))
            .DefineFunction("foo", a =>
            {
                fooCalls++;
                uint V(WitValue handle) => thing[handle];
                var arr = a.ToArray();
                var sum = V(arr[0].Field("thing"))
                          + V(arr[1].Field("thing"))
                          + V(arr[2].Field("thing1")) + V(arr[2].Field("thing2"))
                          + V(arr[3].Items[0]) + V(arr[3].Items[1].Field("thing"))
                          + V(arr[4].Items[0])
                          + V(arr[5].Payload!)
                          + V(arr[6].Payload!)
                          + arr[7].Items.Aggregate(0u, (s, x) => s + V(x))
                          + arr[8].Items.Aggregate(0u, (s, x) => s + V(x))
                          + (arr[9].IsSome ? V(arr[9].Payload!) : 0)
                          + (arr[10].IsSome ? V(arr[10].Payload!) : 0)
                          + (arr[11].IsOk ? V(arr[11].Payload!) : 0)
                          + (arr[12].IsOk ? V(arr[12].Payload!) : 0)
                          + 3;
                return WitValue.U32(sum);
            });

        var things = new List<WitValue>();
        uint expected = 0;
        for (uint i = 1; i < 18; i++)
        {
            things.Add(h.CallValue($"{I}#[constructor]thing", WitValue.U32(i)));
            expected += i + 1 + 2;
        }
        expected += 3 + 4;

        var result = h.Call($"{I}#foo",
            W.Rec(("thing", things[0])),
            W.Rec(("thing", W.Lend(things[1]))),
            W.Rec(("thing1", W.Lend(things[2])), ("thing2", things[3])),
            WitValue.Tuple(things[4], W.Rec(("thing", things[5]))),
            WitValue.Tuple(W.Lend(things[6])),
            WitValue.Variant("thing", things[7]),
            WitValue.Variant("thing", W.Lend(things[8])),
            WitValue.List(things[9], things[10]),
            WitValue.List(W.Lend(things[11]), W.Lend(things[12])),
            WitValue.Some(things[13]),
            WitValue.Some(W.Lend(things[14])),
            WitValue.Ok(things[15]),
            WitValue.Ok(W.Lend(things[16])));

        WitAssert.Equal(WitValue.U32(expected), result);
        WitAssert.Equal(1, fooCalls);
    }
}
