namespace Wit.Generators.Tests.Abi;

/// <summary>
/// Generated host bindings against the real jco fixtures, with the calls and expected values of the runtime's
/// jco tests (tests/Canonical.Abi.Tests/Jco). Each scenario is C# compiled together with the bindings; the guests
/// check what the host's imports return and trap on a wrong answer.
/// </summary>
public sealed class JcoEndToEndTests
{
    private const string Prelude = """
        #nullable enable
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using System.Text;
        using Wasm.Components;
        using Wit.Generators.Tests.Abi;
        namespace Gen;
        static class Check
        {
            public static void Equal<T>(T expected, T actual, string what = "")
            {
                if (!EqualityComparer<T>.Default.Equals(expected, actual)) throw new Exception($"{what}: expected {expected}, got {actual}");
            }
            public static void Seq<T>(IEnumerable<T> expected, IEnumerable<T> actual, string what = "")
            {
                if (!expected.SequenceEqual(actual)) throw new Exception($"{what}: expected [{string.Join(", ", expected)}], got [{string.Join(", ", actual)}]");
            }
            public static void True(bool condition, string what) { if (!condition) throw new Exception(what); }
        }
        """;

    private static void Run(string fixture, string scenario) => EndToEnd.Run(fixture, Prelude + "\n" + scenario);

    [Fact]
    public void Numbers() => Run("numbers", """
        sealed class Host : ITestNumbersTest
        {
            public readonly List<string> Calls = new();
            uint _scalar;
            public byte RoundtripU8(byte a) { Calls.Add("u8"); return a; }
            public sbyte RoundtripS8(sbyte a) { Calls.Add("s8"); return a; }
            public ushort RoundtripU16(ushort a) { Calls.Add("u16"); return a; }
            public short RoundtripS16(short a) { Calls.Add("s16"); return a; }
            public uint RoundtripU32(uint a) { Calls.Add("u32"); return a; }
            public int RoundtripS32(int a) { Calls.Add("s32"); return a; }
            public ulong RoundtripU64(ulong a) { Calls.Add("u64"); return a; }
            public long RoundtripS64(long a) { Calls.Add("s64"); return a; }
            public float RoundtripF32(float a) { Calls.Add("f32"); return a; }
            public double RoundtripF64(double a) { Calls.Add("f64"); return a; }
            public Rune RoundtripChar(Rune a) { Calls.Add("char"); return a; }
            public void SetScalar(uint a) { Calls.Add("set"); _scalar = a; }
            public uint GetScalar() { Calls.Add("get"); return _scalar; }
        }
        public static class Scenario
        {
            public static void Run(Component component, Wasm.Engine engine)
            {
                var linker = new ComponentLinker(engine);
                ComponentTypes.StubWasi(linker, component);
                var host = new Host();
                TestNumbersTest.AddToLinker(linker, component, host);
                var instance = linker.Instantiate(new Wasm.Store(engine), component);
                new WorldExports(instance).TestImports();
                Check.Seq(new[] { "u8", "s8", "u16", "s16", "u32", "s32", "u64", "s64", "f32", "f64", "char", "set", "get" }, host.Calls.Distinct().OrderBy(c => c == "set" || c == "get" ? 1 : 0), "imports called");

                var t = new TestNumbersTestExports(instance);
                Check.Equal((byte)1, t.RoundtripU8(1)); Check.Equal((byte)255, t.RoundtripU8(255));
                Check.Equal((ushort)1, t.RoundtripU16(1)); Check.Equal((ushort)65535, t.RoundtripU16(65535));
                Check.Equal((sbyte)1, t.RoundtripS8(1)); Check.Equal((sbyte)127, t.RoundtripS8(127)); Check.Equal((sbyte)-128, t.RoundtripS8(-128));
                Check.Equal((short)1, t.RoundtripS16(1)); Check.Equal((short)32767, t.RoundtripS16(32767)); Check.Equal((short)-32768, t.RoundtripS16(-32768));
                Check.Equal(1u, t.RoundtripU32(1)); Check.Equal(uint.MaxValue, t.RoundtripU32(uint.MaxValue));
                Check.Equal(1, t.RoundtripS32(1)); Check.Equal(int.MaxValue, t.RoundtripS32(int.MaxValue)); Check.Equal(int.MinValue, t.RoundtripS32(int.MinValue));
                Check.Equal(1ul, t.RoundtripU64(1)); Check.Equal(ulong.MaxValue, t.RoundtripU64(ulong.MaxValue));
                Check.Equal(1L, t.RoundtripS64(1)); Check.Equal(long.MaxValue, t.RoundtripS64(long.MaxValue)); Check.Equal(long.MinValue, t.RoundtripS64(long.MinValue));
                Check.Equal(1f, t.RoundtripF32(1f)); Check.Equal(float.PositiveInfinity, t.RoundtripF32(float.PositiveInfinity)); Check.Equal(float.NegativeInfinity, t.RoundtripF32(float.NegativeInfinity));
                Check.True(float.IsNaN(t.RoundtripF32(float.NaN)), "f32 NaN");
                Check.Equal(1d, t.RoundtripF64(1d)); Check.Equal(double.PositiveInfinity, t.RoundtripF64(double.PositiveInfinity)); Check.Equal(double.NegativeInfinity, t.RoundtripF64(double.NegativeInfinity));
                Check.Equal(0x7ff8_0000_0000_0000, BitConverter.DoubleToInt64Bits(t.RoundtripF64(BitConverter.Int64BitsToDouble(0x7ff0_0000_0000_0001))), "f64 NaN is canonical");
                Check.Equal(new Rune('a'), t.RoundtripChar(new Rune('a'))); Check.Equal(new Rune(' '), t.RoundtripChar(new Rune(' '))); Check.Equal(new Rune(0x1F6A9), t.RoundtripChar(new Rune(0x1F6A9)));
                t.SetScalar(2); Check.Equal(2u, t.GetScalar());
                t.SetScalar(4); Check.Equal(4u, t.GetScalar());
            }
        }
        """);

    [Fact]
    public void Strings() => Run("strings", """
        sealed class Host : ITestStringsImports
        {
            public readonly List<string> Received = new();
            public void TakeBasic(string s) => Received.Add(s);
            public string ReturnUnicode() => "🚀🚀🚀 𠈄𓀀";
        }
        public static class Scenario
        {
            public static void Run(Component component, Wasm.Engine engine)
            {
                var linker = new ComponentLinker(engine);
                ComponentTypes.StubWasi(linker, component);
                var host = new Host();
                TestStringsImports.AddToLinker(linker, component, host);
                var e = new WorldExports(linker.Instantiate(new Wasm.Store(engine), component));
                e.TestImports();
                Check.Seq(new[] { "latin utf16" }, host.Received, "take-basic");
                Check.Equal("str", e.Roundtrip("str"));
                Check.Equal("🚀🚀🚀 𠈄𓀀", e.Roundtrip("🚀🚀🚀 𠈄𓀀"));
                Check.Equal("", e.ReturnEmpty());
                var big = new string('x', 100_000) + "🚀";
                Check.Equal(big, e.Roundtrip(big));
            }
        }
        """);
}
