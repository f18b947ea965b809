using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Canonical.Abi.Benchmarks.Wit.Bench.Calls;
using Wasm;
using Wasm.Components;
using Wasm.Components.Bindings;
using Wasm.Components.Values;

namespace Canonical.Abi.Benchmarks;

/// <summary>
/// A host→guest call three ways: the core function underneath called directly (the floor), the bindings the
/// source generator writes from wit/ (<c>Wit.Exports.Test.Numbers.Test</c>, <c>Wit.Exports.Test.Lists.Test</c>),
/// and the dynamic <see cref="WitValue"/> API. Every instance is linked the same way: the fixture's test interface
/// through the generated <c>AddToLinker</c>, WASI stubbed.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class CallBenchmarks
{
    private Numbers _numbers = null!;
    private Lists _lists = null!;

    private GuestFunction _u32 = null!;
    private Func<int, int> _u32Core = null!;
    private ComponentFunc _u32Func = null!;

    private GuestFunction _string = null!;
    private Func<int, int, int> _stringCore = null!;
    private Action<int>? _stringPost;
    private ComponentFunc _stringFunc = null!;
    private string _text = null!;
    private byte[] _textUtf8 = null!;

    private GuestFunction _bytes = null!;
    private Func<int, int, int> _bytesCore = null!;
    private Action<int>? _bytesPost;
    private ComponentFunc _bytesFunc = null!;
    private byte[] _payload = null!;
    private WitValue _payloadValue = null!;

    [GlobalSetup]
    public void Setup()
    {
        var numbersComponent = Fixtures.Load("numbers");
        var numbersLinker = Fixtures.StubWasi(numbersComponent);
        Wit.Test.Numbers.Test.AddToLinker(numbersLinker, new NumbersHost());
        _numbers = Numbers.Instantiate(new Store(Fixtures.Engine), numbersComponent, numbersLinker);
        var numbers = numbersLinker.Instantiate(new Store(Fixtures.Engine), numbersComponent);
        _u32Func = numbers.GetFunc("test:numbers/test#roundtrip-u32")!;
        _u32 = _u32Func.Guest!;
        _u32Core = _u32.CoreDelegate<Func<int, int>>();

        var listsComponent = Fixtures.Load("lists");
        var listsLinker = Fixtures.StubWasi(listsComponent);
        Wit.Test.Lists.Test.AddToLinker(listsLinker, new ListsHost());
        _lists = Lists.Instantiate(new Store(Fixtures.Engine), listsComponent, listsLinker);
        var lists = listsLinker.Instantiate(new Store(Fixtures.Engine), listsComponent);
        _stringFunc = lists.GetFunc("test:lists/test#string-roundtrip")!;
        _string = _stringFunc.Guest!;
        _stringCore = _string.CoreDelegate<Func<int, int, int>>();
        _stringPost = _string.PostReturnDelegate<Action<int>>();
        _text = string.Concat(Enumerable.Repeat("0123456789", 10));
        _textUtf8 = System.Text.Encoding.UTF8.GetBytes(_text);

        _bytesFunc = lists.GetFunc("test:lists/test#list-roundtrip")!;
        _bytes = _bytesFunc.Guest!;
        _bytesCore = _bytes.CoreDelegate<Func<int, int, int>>();
        _bytesPost = _bytes.PostReturnDelegate<Action<int>>();
        _payload = new byte[1 << 20];
        new Random(1).NextBytes(_payload);
        _payloadValue = WitValue.List(_payload.Select(WitValue.U8).ToArray());

        // The three ways give the same answers.
        if (U32_Generated() != U32_Core() || U32_Dynamic() != U32_Core()) throw new InvalidOperationException("roundtrip-u32 differs");
        if (String100_Generated() != _text || String100_Dynamic() != _text || String100_Core() != _text) throw new InvalidOperationException("string-roundtrip differs");
        if (!_lists.Test.ListRoundtrip(_payload).AsSpan().SequenceEqual(_payload)) throw new InvalidOperationException("list-roundtrip differs");
    }

    // ------------------------------------------------------------------ roundtrip-u32: func(a: u32) -> u32

    [Benchmark(Baseline = true), BenchmarkCategory("u32")]
    public uint U32_Core() => (uint)_u32Core(42);

    [Benchmark, BenchmarkCategory("u32")]
    public uint U32_Generated() => _numbers.Test.RoundtripU32(42);

    [Benchmark, BenchmarkCategory("u32")]
    public uint U32_Dynamic() => _u32Func.Call(WitValue.U32(42))!.AsUInt32();

    // ------------------------------------------------------------------ string-roundtrip: func(a: string) -> string (100 chars)

    [Benchmark(Baseline = true), BenchmarkCategory("string100")]
    public string String100_Core()
    {
        // What an embedding does by hand on the core function: allocate in the guest (which then owns the
        // argument), write the UTF-8 bytes, call, decode the result, let the guest free it.
        var cx = new Wasm.Components.Abi.LiftLowerContext(_string.Options);
        int ptr = cx.Allocate(1, _textUtf8.Length);
        _textUtf8.CopyTo(cx.GetBytes(ptr, _textUtf8.Length));
        int ret = _stringCore(ptr, _textUtf8.Length);
        var s = System.Text.Encoding.UTF8.GetString(cx.GetBytes(cx.Read<int>(ret), cx.Read<int>(ret + 4)));
        _stringPost?.Invoke(ret);
        return s;
    }

    [Benchmark, BenchmarkCategory("string100")]
    public string String100_Generated() => _lists.Test.StringRoundtrip(_text);

    [Benchmark, BenchmarkCategory("string100")]
    public string String100_Dynamic() => _stringFunc.Call(WitValue.String(_text))!.AsString();

    // ------------------------------------------------------------------ list-roundtrip: func(a: list<u8>) -> list<u8> (1 MiB)

    [Benchmark(Baseline = true), BenchmarkCategory("bytes1M")]
    public int Bytes1M_Core()
    {
        var cx = new Wasm.Components.Abi.LiftLowerContext(_bytes.Options);
        int ptr = cx.Allocate(1, _payload.Length);
        _payload.CopyTo(cx.GetBytes(ptr, _payload.Length));
        int ret = _bytesCore(ptr, _payload.Length);
        var result = cx.GetBytes(cx.Read<int>(ret), cx.Read<int>(ret + 4)).ToArray();
        _bytesPost?.Invoke(ret);
        return result.Length;
    }

    [Benchmark, BenchmarkCategory("bytes1M")]
    public int Bytes1M_Generated() => _lists.Test.ListRoundtrip(_payload).Length;

    [Benchmark, BenchmarkCategory("bytes1M")]
    public int Bytes1M_Dynamic() => _bytesFunc.Call(_payloadValue)!.Items.Count;
}
