using BenchmarkDotNet.Attributes;
using Wasm.Components;
using Wasm.Components.Bindings;
using Wasm.Components.Values;

namespace Canonical.Abi.Benchmarks;

/// <summary>
/// A host→guest call three ways: the core function underneath called directly (the floor), the binding API that
/// generated code uses, and the dynamic <see cref="WitValue"/> API.
/// </summary>
[MemoryDiagnoser]
public class CallBenchmarks
{
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
        var numbers = Fixtures.Instantiate("numbers");
        _u32Func = numbers.GetFunc("test:numbers/test#roundtrip-u32")!;
        _u32 = _u32Func.Guest!;
        _u32Core = _u32.CoreDelegate<Func<int, int>>();

        var lists = Fixtures.Instantiate("lists");
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
    }

    // ------------------------------------------------------------------ roundtrip-u32: func(a: u32) -> u32

    [Benchmark(Baseline = true)]
    public uint U32_Core() => (uint)_u32Core(42);

    [Benchmark]
    public uint U32_Binding()
    {
        using var call = _u32.Begin();
        var r = (uint)_u32Core(42);
        call.Complete();
        return r;
    }

    [Benchmark]
    public uint U32_Dynamic() => _u32Func.Call(WitValue.U32(42))!.AsUInt32();

    // ------------------------------------------------------------------ string-roundtrip: func(a: string) -> string (100 chars)

    [Benchmark]
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

    [Benchmark]
    public string String100_Binding()
    {
        using var call = _string.Begin();
        var cx = call.Context;
        int ptr = cx.StoreString(_text, out int len);
        int ret = _stringCore(ptr, len);
        var s = cx.LoadString(cx.Read<int>(ret), cx.Read<int>(ret + 4));
        call.ExitCall();
        if (_stringPost is { } post)
        {
            call.EnterPostReturn();
            post(ret);
        }
        call.Complete();
        return s;
    }

    [Benchmark]
    public string String100_Dynamic() => _stringFunc.Call(WitValue.String(_text))!.AsString();

    // ------------------------------------------------------------------ list-roundtrip: func(a: list<u8>) -> list<u8> (1 MiB)

    [Benchmark]
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

    [Benchmark]
    public int Bytes1M_Binding()
    {
        using var call = _bytes.Begin();
        var cx = call.Context;
        int ptr = cx.Allocate(1, _payload.Length);
        _payload.CopyTo(cx.GetBytes(ptr, _payload.Length));
        int ret = _bytesCore(ptr, _payload.Length);
        var result = cx.GetBytes(cx.Read<int>(ret), cx.Read<int>(ret + 4)).ToArray(); // a fresh byte[], as a binding returns
        call.ExitCall();
        if (_bytesPost is { } post)
        {
            call.EnterPostReturn();
            post(ret);
        }
        call.Complete();
        return result.Length;
    }

    [Benchmark]
    public int Bytes1M_Dynamic() => _bytesFunc.Call(_payloadValue)!.Items.Count;
}
