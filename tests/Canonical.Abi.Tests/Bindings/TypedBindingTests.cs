using System.Text;
using Wasm.Components.Model;
using Wasm.Components.Bindings;
using Wasm.Components.Tests.Support;

namespace Wasm.Components.Tests.Bindings;

/// <summary>
/// The binding API that generated code uses, driven by hand-written bindings in exactly the shape the generator
/// emits, against real fixtures: no <see cref="Values.WitValue"/> on either path.
/// </summary>
public sealed class TypedBindingTests
{
    private const string Unicode = "🚀🚀🚀 𠈄𓀀";

    // ------------------------------------------------------------------ strings.component.wasm

    private static readonly ComponentFuncType TakeBasicType = new([new Param("s", WitType.String)], null);
    private static readonly ComponentFuncType ReturnUnicodeType = new([], WitType.String);
    private static readonly ComponentFuncType RoundtripType = new([new Param("s", WitType.String)], WitType.String);

    /// <summary>What a host implements for <c>test:strings/imports</c>.</summary>
    private interface IStringsImports
    {
        void TakeBasic(string s);
        string ReturnUnicode();
    }

    private sealed class RecordingImports : IStringsImports
    {
        public readonly List<string> Received = new();
        public void TakeBasic(string s) => Received.Add(s);
        public string ReturnUnicode() => Unicode;
    }

    /// <summary><c>AddToLinker</c> for <c>test:strings/imports</c>, as generated.</summary>
    private static void AddStringsImports(ComponentLinker linker, IStringsImports host)
    {
        linker.Instance("test:strings/imports")
            .DefineFunction("take-basic", TakeBasicType, site => Function.FromDelegate(site.Engine, (int ptr, int len) =>
            {
                var cx = site.BeginCall();
                host.TakeBasic(cx.LoadString(ptr, len));
                cx.ExitCall();
            }))
            .DefineFunction("return-unicode", ReturnUnicodeType, site => Function.FromDelegate(site.Engine, (int retptr) =>
            {
                var cx = site.BeginCall();
                int p = cx.StoreString(host.ReturnUnicode(), out int n);
                cx.Write(retptr, p);
                cx.Write(retptr + 4, n);
                cx.ExitCall();
            }));
    }

    /// <summary>The exports of the strings fixture, as generated.</summary>
    private sealed class StringsExports
    {
        private readonly GuestFunction _roundtrip;
        private readonly Func<int, int, int> _roundtripCore;
        private readonly Action<int>? _roundtripPostReturn;
        private readonly GuestFunction _testImports;
        private readonly Action _testImportsCore;

        public StringsExports(ComponentInstance instance)
        {
            _roundtrip = Bind(instance, "roundtrip", RoundtripType);
            _roundtripCore = _roundtrip.CoreDelegate<Func<int, int, int>>();
            _roundtripPostReturn = _roundtrip.PostReturnDelegate<Action<int>>();
            _testImports = Bind(instance, "test-imports", new ComponentFuncType([], null));
            _testImportsCore = _testImports.CoreDelegate<Action>();
        }

        public string Roundtrip(string s)
        {
            using var call = _roundtrip.Begin();
            var cx = call.Context;
            int ptr = cx.StoreString(s, out int len);
            int ret = _roundtripCore(ptr, len);
            string result = cx.LoadString(cx.Read<int>(ret), cx.Read<int>(ret + 4));
            call.ExitCall();
            if (_roundtripPostReturn is { } post)
            {
                call.EnterPostReturn();
                post(ret);
            }
            call.Complete();
            return result;
        }

        public void TestImports()
        {
            using var call = _testImports.Begin();
            _testImportsCore();
            call.ExitCall();
            call.Complete();
        }
    }

    private static GuestFunction Bind(ComponentInstance instance, string name, ComponentFuncType expected)
    {
        var f = instance.GetFunc(name) ?? throw new InvalidOperationException($"no export {name}");
        Assert.Equal(expected.ToString(), f.Type.ToString());
        return f.Guest ?? throw new InvalidOperationException($"{name} is not lifted from a guest");
    }

    private static (ComponentInstance Instance, RecordingImports Host) InstantiateStrings()
    {
        var component = JcoFixtures.Load("strings");
        var linker = new ComponentLinker(JcoFixtures.Engine);
        CapturedWasi.AddTo(linker);
        var host = new RecordingImports();
        AddStringsImports(linker, host);
        return (linker.Instantiate(new Store(JcoFixtures.Engine), component), host);
    }

    [Fact]
    public void Strings_RoundtripThroughTypedExport()
    {
        var exports = new StringsExports(InstantiateStrings().Instance);
        Assert.Equal("str", exports.Roundtrip("str"));
        Assert.Equal(Unicode, exports.Roundtrip(Unicode));
        var big = new string('x', 100_000) + Unicode;
        Assert.Equal(big, exports.Roundtrip(big));
    }

    [Fact]
    public void Strings_GuestCallsTypedHostImports()
    {
        var (instance, host) = InstantiateStrings();
        // The guest checks return-unicode's answer itself and traps on a wrong one.
        new StringsExports(instance).TestImports();
        Assert.Equal(["latin utf16"], host.Received);
    }

    [Fact]
    public void Strings_TypedImportOfTheWrongTypeIsUnlinkable()
    {
        var component = JcoFixtures.Load("strings");
        var linker = new ComponentLinker(JcoFixtures.Engine);
        CapturedWasi.AddTo(linker);
        linker.Instance("test:strings/imports")
            .DefineFunction("take-basic", new ComponentFuncType([new Param("s", WitType.U32)], null), site => throw new InvalidOperationException("not lowered"))
            .DefineFunction("return-unicode", ReturnUnicodeType, site => throw new InvalidOperationException("not lowered"));
        var e = Assert.Throws<LinkException>(() => linker.Instantiate(new Store(JcoFixtures.Engine), component));
        Assert.Contains("take-basic", e.Message);
    }

    // ------------------------------------------------------------------ numbers.component.wasm

    private static readonly string[] NumberImports =
        ["roundtrip-u8", "roundtrip-s8", "roundtrip-u16", "roundtrip-s16", "roundtrip-u32", "roundtrip-s32",
         "roundtrip-u64", "roundtrip-s64", "roundtrip-f32", "roundtrip-f64", "roundtrip-char"];

    private static ComponentInstance InstantiateNumbers(Action<uint>? onSetScalar = null)
    {
        var component = JcoFixtures.Load("numbers");
        var linker = new ComponentLinker(JcoFixtures.Engine);
        CapturedWasi.AddTo(linker);
        var i = linker.Instance("test:numbers/test");
        // Each roundtrip import returns its argument, converted the way generated code does.
        i.DefineFunction("roundtrip-u8", Unary(WitType.U8), s => Function.FromDelegate(s.Engine, (int a) => { s.CheckLeave(); return (int)(byte)a; }));
        i.DefineFunction("roundtrip-s8", Unary(WitType.S8), s => Function.FromDelegate(s.Engine, (int a) => { s.CheckLeave(); return (int)(sbyte)a; }));
        i.DefineFunction("roundtrip-u16", Unary(WitType.U16), s => Function.FromDelegate(s.Engine, (int a) => { s.CheckLeave(); return (int)(ushort)a; }));
        i.DefineFunction("roundtrip-s16", Unary(WitType.S16), s => Function.FromDelegate(s.Engine, (int a) => { s.CheckLeave(); return (int)(short)a; }));
        i.DefineFunction("roundtrip-u32", Unary(WitType.U32), s => Function.FromDelegate(s.Engine, (int a) => { s.CheckLeave(); return a; }));
        i.DefineFunction("roundtrip-s32", Unary(WitType.S32), s => Function.FromDelegate(s.Engine, (int a) => { s.CheckLeave(); return a; }));
        i.DefineFunction("roundtrip-u64", Unary(WitType.U64), s => Function.FromDelegate(s.Engine, (long a) => { s.CheckLeave(); return a; }));
        i.DefineFunction("roundtrip-s64", Unary(WitType.S64), s => Function.FromDelegate(s.Engine, (long a) => { s.CheckLeave(); return a; }));
        i.DefineFunction("roundtrip-f32", Unary(WitType.F32), s => Function.FromDelegate(s.Engine, (float a) => { s.CheckLeave(); return Scalars.LiftF32(a); }));
        i.DefineFunction("roundtrip-f64", Unary(WitType.F64), s => Function.FromDelegate(s.Engine, (double a) => { s.CheckLeave(); return Scalars.LiftF64(a); }));
        i.DefineFunction("roundtrip-char", Unary(WitType.Char), s => Function.FromDelegate(s.Engine, (int a) => { s.CheckLeave(); return Scalars.LiftChar(a).Value; }));
        uint scalar = 0;
        i.DefineFunction("set-scalar", new ComponentFuncType([new Param("a", WitType.U32)], null),
            s => Function.FromDelegate(s.Engine, (int a) => { s.CheckLeave(); scalar = (uint)a; onSetScalar?.Invoke(scalar); }));
        i.DefineFunction("get-scalar", new ComponentFuncType([], WitType.U32), s => Function.FromDelegate(s.Engine, () => { s.CheckLeave(); return (int)scalar; }));
        return linker.Instantiate(new Store(JcoFixtures.Engine), component);
    }

    private static ComponentFuncType Unary(WitType t) => new([new Param("a", t)], t);

    [Fact]
    public void Numbers_GuestRoundtripsEveryScalarThroughTypedHostImports()
    {
        var instance = InstantiateNumbers();
        var g = Bind(instance, "test-imports", new ComponentFuncType([], null));
        var core = g.CoreDelegate<Action>();
        using var call = g.Begin();
        core(); // the guest asserts every answer and traps on a wrong one
        call.ExitCall();
        call.Complete();
    }

    [Fact]
    public void Numbers_TypedExportsRoundtripEdgeValues()
    {
        var instance = InstantiateNumbers();
        var u32 = Bind(instance, "test:numbers/test#roundtrip-u32", Unary(WitType.U32));
        var u32Core = u32.CoreDelegate<Func<int, int>>();
        uint RoundtripU32(uint a)
        {
            using var call = u32.Begin();
            var r = (uint)u32Core((int)a);
            call.Complete();
            return r;
        }
        foreach (var v in new[] { 0u, 1u, uint.MaxValue, 0x8000_0000u }) Assert.Equal(v, RoundtripU32(v));

        var f64 = Bind(instance, "test:numbers/test#roundtrip-f64", Unary(WitType.F64));
        var f64Core = f64.CoreDelegate<Func<double, double>>();
        using (var call = f64.Begin())
        {
            double r = Scalars.LiftF64(f64Core(BitConverter.Int64BitsToDouble(0x7ff0_0000_0000_0001)));
            Assert.Equal(0x7ff8_0000_0000_0000, BitConverter.DoubleToInt64Bits(r));
            call.Complete();
        }

        var ch = Bind(instance, "test:numbers/test#roundtrip-char", Unary(WitType.Char));
        var chCore = ch.CoreDelegate<Func<int, int>>();
        using (var call = ch.Begin())
        {
            Assert.Equal(new Rune(0x1F680), Scalars.LiftChar(chCore(0x1F680)));
            call.Complete();
        }
    }

    [Fact]
    public void GuestCall_NotCompletedPoisonsTheInstance()
    {
        var instance = InstantiateNumbers();
        var g = Bind(instance, "test:numbers/test#roundtrip-u32", Unary(WitType.U32));
        var core = g.CoreDelegate<Func<int, int>>();
        Assert.Throws<InvalidOperationException>((Action)(() =>
        {
            using var call = g.Begin();
            core(1);
            throw new InvalidOperationException("a failure between the core call and Complete");
        }));
        Assert.True(g.IsPoisoned);
        var e = Assert.Throws<TrapException>(() => { using var call = g.Begin(); });
        Assert.Contains("poisoned", e.Message);
    }

    [Fact]
    public void GuestCall_ReentryTraps()
    {
        var instance = InstantiateNumbers();
        var g = Bind(instance, "test:numbers/test#roundtrip-u32", Unary(WitType.U32));
        using var outer = g.Begin();
        var e = Assert.Throws<TrapException>(() => { using var inner = g.Begin(); });
        Assert.Contains("cannot enter component instance", e.Message);
        outer.Complete();
    }

    [Fact]
    public void Context_OutOfBoundsAccessTraps()
    {
        var (instance, _) = InstantiateStrings();
        var g = instance.GetFunc("roundtrip")!.Guest!;
        using var call = g.Begin();
        var cx = call.Context;
        Assert.Throws<TrapException>(() => cx.Read<int>(int.MaxValue));
        Assert.Throws<TrapException>(() => cx.GetBytes(-4, 8));
        Assert.Throws<TrapException>(() => cx.LoadString(int.MaxValue - 2, 10));
        Assert.Throws<TrapException>(() => cx.LoadString(0, -1));
        Assert.Equal("", cx.LoadString(0, 0));
        // This guest's strings are UTF-16.
        Assert.Equal(StringEncoding.Utf16, g.Options.StringEncoding);
        var bytes = Encoding.Unicode.GetBytes("hé🚀");
        int p = cx.Allocate(2, bytes.Length);
        bytes.CopyTo(cx.GetBytes(p, bytes.Length));
        Assert.Equal("hé🚀", cx.LoadString(p, bytes.Length / 2));
        int q = cx.StoreString("hé🚀", out int units);
        Assert.Equal(4, units);
        Assert.Equal(bytes, cx.GetBytes(q, 8).ToArray());
        call.Complete();
    }
}
