using Wasm.Components.Tests.Support;
using Wasm.Components.Values;

namespace Wasm.Components.Tests.Jco;

/// <summary>
/// list-adapter-fusion.wat, after jco's runtime/list-adapter-fusion.ts: an inner component instantiated twice,
/// the second on the first, forwards every list function to the host's "test" instance; lists must come back
/// unchanged through both adapters.
/// </summary>
public sealed class ListAdapterFusionTests
{
    private static readonly string[] Names =
        ["list-u8", "list-s8", "list-u16", "list-s16", "list-u32", "list-s32", "list-u64", "list-s64", "list-float32", "list-float64"];

    public static IEnumerable<object[]> Cases()
    {
        static WitValue[][] Lists<T>(Func<T, WitValue> f, params T[][] lists) =>
            lists.Select(l => l.Select(f).ToArray()).ToArray();
        // The values of the jco script; its -1 and -2 in unsigned typed arrays are the maximum and maximum - 1.
        yield return ["list-u8", Lists<byte>(WitValue.U8, [], [1], [1, 2, 3, 255, 254, 0])];
        yield return ["list-s8", Lists<sbyte>(WitValue.S8, [], [1], [1, 2, 3, -1, -2, 0])];
        yield return ["list-u16", Lists<ushort>(WitValue.U16, [], [1], [1, 2, 3, 65535, 65534, 0])];
        yield return ["list-s16", Lists<short>(WitValue.S16, [], [1], [1, 2, 3, -1, -2, 0])];
        yield return ["list-u32", Lists<uint>(WitValue.U32, [], [1], [1, 2, 3, uint.MaxValue, uint.MaxValue - 1, 0])];
        yield return ["list-s32", Lists<int>(WitValue.S32, [], [1], [1, 2, 3, -1, -2, 0])];
        yield return ["list-u64", Lists<ulong>(WitValue.U64, [], [1], [1, 2, 3, ulong.MaxValue, ulong.MaxValue - 1, 0])];
        yield return ["list-s64", Lists<long>(WitValue.S64, [], [1], [1, 2, 3, -1, -2, 0])];
        yield return ["list-float32", Lists<float>(WitValue.F32, [], [1f, 1.2f, 0.3f])];
        yield return ["list-float64", Lists<double>(WitValue.F64, [], [1, 1.2, 0.3])];
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ListsComeBackUnchanged(string function, WitValue[][] lists)
    {
        var h = JcoHarness.For("list-adapter-fusion.wat");
        WitValue? expected = null;
        var hostCalls = new List<string>();
        var test = h.Linker.Instance("test");
        foreach (var name in Names)
        {
            var n = name;
            test.DefineFunction(n, a =>
            {
                hostCalls.Add(n);
                WitAssert.Equal(expected, a[0]);
                return a[0];
            });
        }
        foreach (var items in lists)
        {
            expected = WitValue.List(items);
            WitAssert.Equal(expected, h.Call($"result#{function}", expected));
        }
        Assert.Equal(Enumerable.Repeat(function, lists.Length), hostCalls);
    }
}
