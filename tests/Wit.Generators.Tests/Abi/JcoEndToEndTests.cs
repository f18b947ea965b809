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
        """;

    private const string Helpers = """
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

    /// <summary>Runs a scenario; its leading <c>using</c> lines go before the namespace.</summary>
    private static void Run(string fixture, string scenario)
    {
        var lines = scenario.Split('\n');
        int usings = lines.TakeWhile(l => l.StartsWith("using ", StringComparison.Ordinal)).Count();
        EndToEnd.Run(fixture, Prelude + "\n" + string.Join("\n", lines.Take(usings)) + "\n" + Helpers + "\n" + string.Join("\n", lines.Skip(usings)));
    }

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

    [Fact]
    public void Records() => Run("records", """
        using static Gen.TestRecordsTest;
        sealed class Host : ITestRecordsTest
        {
            public readonly HashSet<string> Calls = new();
            public (byte, ushort) MultipleResults() { Calls.Add("multiple-results"); return (4, 5); }
            public (uint, byte) SwapTuple((byte, uint) a) { Calls.Add("swap-tuple"); return (a.Item2, a.Item1); }
            public F1 RoundtripFlags1(F1 a) { Calls.Add("roundtrip-flags1"); return a; }
            public F2 RoundtripFlags2(F2 a) { Calls.Add("roundtrip-flags2"); return a; }
            public (Flag8, Flag16, Flag32) RoundtripFlags3(Flag8 a, Flag16 b, Flag32 c) { Calls.Add("roundtrip-flags3"); return (a, b, c); }
            public R1 RoundtripRecord1(R1 a) { Calls.Add("roundtrip-record1"); return a; }
            public ValueTuple<byte> Tuple1(ValueTuple<byte> a) { Calls.Add("tuple1"); return a; }
        }
        public static class Scenario
        {
            public static void Run(Component component, Wasm.Engine engine)
            {
                var linker = new ComponentLinker(engine);
                ComponentTypes.StubWasi(linker, component);
                var host = new Host();
                TestRecordsTest.AddToLinker(linker, component, host);
                var instance = linker.Instantiate(new Wasm.Store(engine), component);
                new WorldExports(instance).TestImports();
                Check.Equal(7, host.Calls.Count, "imports called");
                var t = new TestRecordsTestExports(instance);
                Check.Equal(((byte)100, (ushort)200), t.MultipleResults());
                Check.Equal((2u, (byte)1), t.SwapTuple((1, 2)));
                Check.Equal(new ValueTuple<byte>(1), t.Tuple1(new ValueTuple<byte>(1)));
                Check.Equal(F1.A, t.RoundtripFlags1(F1.A));
                Check.Equal(F1.None, t.RoundtripFlags1(F1.None));
                Check.Equal(F1.A | F1.B, t.RoundtripFlags1(F1.A | F1.B));
                Check.Equal(F2.C, t.RoundtripFlags2(F2.C));
                Check.Equal(F2.None, t.RoundtripFlags2(F2.None));
                Check.Equal(F2.D, t.RoundtripFlags2(F2.D));
                Check.Equal(F2.C | F2.E, t.RoundtripFlags2(F2.C | F2.E));
                Check.Equal(new R1(8, F1.None), t.RoundtripRecord1(new R1(8, F1.None)));
                Check.Equal(new R1(0, F1.A | F1.B), t.RoundtripRecord1(new R1(0, F1.A | F1.B)));
            }
        }
        """);

    [Fact]
    public void Variants() => Run("variants", """
        using static Gen.TestVariantsTest;
        sealed class Host : ITestVariantsTest
        {
            public readonly HashSet<string> Calls = new();
            public byte? RoundtripOption(float? a) { Calls.Add("option"); return a is { } f ? (byte)f : null; }
            public Result<double, byte> RoundtripResult(Result<uint, float> a) { Calls.Add("result"); return a.IsOk ? Result<double, byte>.Ok(a.Value) : Result<double, byte>.Err((byte)Math.Round(a.Error)); }
            public E1 RoundtripEnum(E1 a) { Calls.Add("enum"); return a; }
            public bool InvertBool(bool a) { Calls.Add("bool"); return !a; }
            public (C1, C2, C3, C4, C5, C6) VariantCasts((C1, C2, C3, C4, C5, C6) a) { Calls.Add("casts"); return a; }
            public (Z1, Z2, Z3, Z4) VariantZeros((Z1, Z2, Z3, Z4) a) { Calls.Add("zeros"); return a; }
            public void VariantTypedefs(uint? a, bool b, Result<uint, Unit> c) { Calls.Add("typedefs"); }
            public (bool, Result<Unit, Unit>, MyErrno) VariantEnums(bool a, Result<Unit, Unit> b, MyErrno c)
            {
                Calls.Add("enums");
                Check.Equal(true, a); Check.Equal(Result<Unit, Unit>.Ok(default), b); Check.Equal(MyErrno.Success, c);
                return (false, Result<Unit, Unit>.Err(default), MyErrno.A);
            }
        }
        public static class Scenario
        {
            public static void Run(Component component, Wasm.Engine engine)
            {
                var linker = new ComponentLinker(engine);
                ComponentTypes.StubWasi(linker, component);
                var host = new Host();
                TestVariantsTest.AddToLinker(linker, component, host);
                var instance = linker.Instantiate(new Wasm.Store(engine), component);
                new WorldExports(instance).TestImports();
                Check.Equal(8, host.Calls.Count, "imports called");
                var t = new TestVariantsTestExports(instance);
                Check.Equal((byte?)1, t.RoundtripOption(1f));
                Check.Equal((byte?)null, t.RoundtripOption(null));
                Check.Equal((byte?)2, t.RoundtripOption(2f));
                Check.Equal(Result<double, byte>.Ok(2), t.RoundtripResult(Result<uint, float>.Ok(2)));
                Check.Equal(Result<double, byte>.Ok(4), t.RoundtripResult(Result<uint, float>.Ok(4)));
                Check.Equal(Result<double, byte>.Err(5), t.RoundtripResult(Result<uint, float>.Err(5.2f)));
                Check.Equal(E1.A, t.RoundtripEnum(E1.A));
                Check.Equal(E1.B, t.RoundtripEnum(E1.B));
                Check.Equal(false, t.InvertBool(true));
                Check.Equal(true, t.InvertBool(false));
                var a = ((C1)new C1.A(1), (C2)new C2.A(2), (C3)new C3.A(3), (C4)new C4.A(4), (C5)new C5.A(5), (C6)new C6.A(6));
                Check.Equal(a, t.VariantCasts(a));
                var b = ((C1)new C1.B(1), (C2)new C2.B(2), (C3)new C3.B(3), (C4)new C4.B(4), (C5)new C5.B(5), (C6)new C6.B(6));
                Check.Equal(b, t.VariantCasts(b));
                var z = ((Z1)new Z1.A(1), (Z2)new Z2.A(2), (Z3)new Z3.A(3), (Z4)new Z4.A(4));
                Check.Equal(z, t.VariantZeros(z));
                var zb = ((Z1)new Z1.B(), (Z2)new Z2.B(), (Z3)new Z3.B(), (Z4)new Z4.B());
                Check.Equal(zb, t.VariantZeros(zb));
                t.VariantTypedefs(null, false, Result<uint, Unit>.Err(default));
            }
        }
        """);

    [Fact]
    public void Options() => Run("options", """
        sealed class Host : ITestOptionsTest
        {
            public readonly HashSet<string> Calls = new();
            public void OptionNoneParam(string? a) { Calls.Add("none-param"); Check.Equal(null, a); }
            public void OptionSomeParam(string? a) { Calls.Add("some-param"); Check.Equal("foo", a); }
            public string? OptionNoneResult() { Calls.Add("none-result"); return null; }
            public string? OptionSomeResult() { Calls.Add("some-result"); return "foo"; }
            public string? OptionRoundtrip(string? a) { Calls.Add("roundtrip"); return a; }
            public Option<uint?> DoubleOptionRoundtrip(Option<uint?> a) { Calls.Add("double"); return a; }
        }
        public static class Scenario
        {
            public static void Run(Component component, Wasm.Engine engine)
            {
                var linker = new ComponentLinker(engine);
                ComponentTypes.StubWasi(linker, component);
                var host = new Host();
                TestOptionsTest.AddToLinker(linker, component, host);
                var instance = linker.Instantiate(new Wasm.Store(engine), component);
                new WorldExports(instance).TestImports();
                Check.Equal(6, host.Calls.Count, "imports called");
                var t = new TestOptionsTestExports(instance);
                Check.Equal(null, t.OptionNoneResult());
                Check.Equal("foo", t.OptionSomeResult());
                t.OptionNoneParam(null);
                t.OptionSomeParam("foo");
                Check.Equal("foo", t.OptionRoundtrip("foo"));
                Check.Equal(null, t.OptionRoundtrip(null));
                Check.Equal(Option<uint?>.Some(42), t.DoubleOptionRoundtrip(Option<uint?>.Some(42)));
                Check.Equal(Option<uint?>.Some(null), t.DoubleOptionRoundtrip(Option<uint?>.Some(null)));
                Check.Equal(Option<uint?>.None, t.DoubleOptionRoundtrip(Option<uint?>.None));
            }
        }
        """);

    [Fact]
    public void Results() => Run("results", """
        using static Gen.TestResultsTest;
        sealed class Host : ITestResultsTest
        {
            public Result<float, string> StringError(float a) => a == 0 ? Result<float, string>.Err("zero") : Result<float, string>.Ok(a);
            public Result<float, E> EnumError(float a) => a == 0 ? Result<float, E>.Err(E.A) : Result<float, E>.Ok(a);
            public Result<float, E2> RecordError(float a) => a switch
            {
                0 => Result<float, E2>.Err(new E2(420, 0)),
                1 => Result<float, E2>.Err(new E2(77, 2)),
                _ => Result<float, E2>.Ok(a),
            };
            public Result<float, E3> VariantError(float a) => a switch
            {
                0 => Result<float, E3>.Err(new E3.E2(new E2(420, 0))),
                1 => Result<float, E3>.Err(new E3.E1(E.B)),
                2 => Result<float, E3>.Err(new E3.E1(E.C)),
                _ => Result<float, E3>.Ok(a),
            };
            public Result<uint, Unit> EmptyError(uint a) => a switch
            {
                0 => Result<uint, Unit>.Err(default),
                1 => Result<uint, Unit>.Ok(42),
                _ => Result<uint, Unit>.Ok(a),
            };
            public Result<Result<Unit, string>, string> DoubleError(uint a) => a switch
            {
                0 => Result<Result<Unit, string>, string>.Ok(Result<Unit, string>.Ok(default)),
                1 => Result<Result<Unit, string>, string>.Ok(Result<Unit, string>.Err("one")),
                _ => Result<Result<Unit, string>, string>.Err("two"),
            };
        }
        public static class Scenario
        {
            public static void Run(Component component, Wasm.Engine engine)
            {
                var linker = new ComponentLinker(engine);
                ComponentTypes.StubWasi(linker, component);
                TestResultsTest.AddToLinker(linker, component, new Host());
                var t = new TestResultsTestExports(linker.Instantiate(new Wasm.Store(engine), component));
                Check.Equal(Result<float, string>.Err("zero"), t.StringError(0));
                Check.Equal(Result<float, string>.Ok(1), t.StringError(1));
                Check.Equal(Result<float, E>.Err(E.A), t.EnumError(0));
                Check.Equal(Result<float, E2>.Err(new E2(420, 0)), t.RecordError(0));
                Check.Equal(Result<float, E2>.Err(new E2(77, 2)), t.RecordError(1));
                Check.True(t.RecordError(2).IsOk, "record-error(2) is ok");
                Check.Equal(Result<float, E3>.Err(new E3.E2(new E2(420, 0))), t.VariantError(0));
                Check.Equal(Result<float, E3>.Err(new E3.E1(E.B)), t.VariantError(1));
                Check.Equal(Result<float, E3>.Err(new E3.E1(E.C)), t.VariantError(2));
                Check.Equal(Result<uint, Unit>.Err(default), t.EmptyError(0));
                Check.Equal(Result<uint, Unit>.Ok(42), t.EmptyError(1));
                Check.Equal(Result<uint, Unit>.Ok(2), t.EmptyError(2));
                Check.Equal(Result<Result<Unit, string>, string>.Ok(Result<Unit, string>.Ok(default)), t.DoubleError(0));
                Check.Equal(Result<Result<Unit, string>, string>.Ok(Result<Unit, string>.Err("one")), t.DoubleError(1));
                Check.Equal(Result<Result<Unit, string>, string>.Err("two"), t.DoubleError(2));
            }
        }
        """);

    [Fact]
    public void Lists() => Run("lists", """
        sealed class Host : ITestListsTest
        {
            public readonly HashSet<string> Calls = new();
            public void EmptyListParam(byte[] a) { Calls.Add("1"); Check.Equal(0, a.Length); }
            public void EmptyStringParam(string a) { Calls.Add("2"); Check.Equal("", a); }
            public byte[] EmptyListResult() { Calls.Add("3"); return []; }
            public string EmptyStringResult() { Calls.Add("4"); return ""; }
            public void ListParam(byte[] a) { Calls.Add("5"); Check.Seq(new byte[] { 1, 2, 3, 4 }, a); }
            public void ListParam2(string a) { Calls.Add("6"); Check.Equal("foo", a); }
            public void ListParam3(IReadOnlyList<string> a) { Calls.Add("7"); Check.Seq(new[] { "foo", "bar", "baz" }, a); }
            public void ListParam4(IReadOnlyList<IReadOnlyList<string>> a)
            {
                Calls.Add("8");
                Check.Equal(2, a.Count); Check.Seq(new[] { "foo", "bar" }, a[0]); Check.Seq(new[] { "baz" }, a[1]);
            }
            public void ListParam5(IReadOnlyList<(byte, uint, byte)> a) { Calls.Add("9"); Check.Seq(new[] { ((byte)1, 2u, (byte)3), ((byte)4, 5u, (byte)6) }, a); }
            public byte[] ListResult() { Calls.Add("10"); return [1, 2, 3, 4, 5]; }
            public string ListResult2() { Calls.Add("11"); return "hello!"; }
            public IReadOnlyList<string> ListResult3() { Calls.Add("12"); return ["hello,", "world!"]; }
            public (byte[], sbyte[]) ListMinmax8(byte[] a, sbyte[] b)
            {
                Calls.Add("13"); Check.Seq(new byte[] { 0, byte.MaxValue }, a); Check.Seq(new sbyte[] { sbyte.MinValue, sbyte.MaxValue }, b); return (a, b);
            }
            public (ushort[], short[]) ListMinmax16(ushort[] a, short[] b)
            {
                Calls.Add("14"); Check.Seq(new ushort[] { 0, ushort.MaxValue }, a); Check.Seq(new short[] { short.MinValue, short.MaxValue }, b); return (a, b);
            }
            public (uint[], int[]) ListMinmax32(uint[] a, int[] b)
            {
                Calls.Add("15"); Check.Seq(new uint[] { 0, uint.MaxValue }, a); Check.Seq(new int[] { int.MinValue, int.MaxValue }, b); return (a, b);
            }
            public (ulong[], long[]) ListMinmax64(ulong[] a, long[] b)
            {
                Calls.Add("16"); Check.Seq(new ulong[] { 0, ulong.MaxValue }, a); Check.Seq(new long[] { long.MinValue, long.MaxValue }, b); return (a, b);
            }
            public (float[], double[]) ListMinmaxFloat(float[] a, double[] b)
            {
                Calls.Add("17");
                Check.Seq(new[] { float.MinValue, float.MaxValue, float.NegativeInfinity, float.PositiveInfinity }, a);
                Check.Seq(new[] { double.MinValue, double.MaxValue, double.NegativeInfinity, double.PositiveInfinity }, b);
                return (a, b);
            }
            public byte[] ListRoundtrip(byte[] a) { Calls.Add("18"); return a; }
            public string StringRoundtrip(string a) { Calls.Add("19"); return a; }
        }
        public static class Scenario
        {
            public static void Run(Component component, Wasm.Engine engine)
            {
                var linker = new ComponentLinker(engine);
                ComponentTypes.StubWasi(linker, component);
                var host = new Host();
                TestListsTest.AddToLinker(linker, component, host);
                var instance = linker.Instantiate(new Wasm.Store(engine), component);
                var w = new WorldExports(instance);
                var t = new TestListsTestExports(instance);
                uint before = w.AllocatedBytes();
                w.TestImports();
                Check.True(host.Calls.Count >= 18, "imports called: " + host.Calls.Count);
                t.EmptyListParam([]);
                t.EmptyStringParam("");
                t.ListParam([1, 2, 3, 4]);
                t.ListParam5([(1, 2, 3), (4, 5, 6)]);
                t.ListParam2("foo");
                t.ListParam3(["foo", "bar", "baz"]);
                t.ListParam4([new[] { "foo", "bar" }, new[] { "baz" }]);
                Check.Equal(0, t.EmptyListResult().Length);
                Check.Equal("", t.EmptyStringResult());
                Check.Seq(new byte[] { 1, 2, 3, 4, 5 }, t.ListResult());
                Check.Equal("hello!", t.ListResult2());
                Check.Seq(new[] { "hello,", "world!" }, t.ListResult3());
                Check.Seq(new byte[] { 1, 2, 3, 4 }, t.ListRoundtrip([1, 2, 3, 4]));
                Check.Equal("x", t.StringRoundtrip("x"));
                Check.Equal("", t.StringRoundtrip(""));
                Check.Equal("hello ⚑ world", t.StringRoundtrip("hello ⚑ world"));
                Check.Equal(before, w.AllocatedBytes(), "allocated bytes after the calls");
            }
        }
        """);

    [Fact]
    public void Flavorful() => Run("flavorful", """
        using static Gen.TestFlavorfulTest;
        sealed class Host : ITestFlavorfulTest
        {
            public readonly HashSet<string> Calls = new();
            bool _firstErr = true;
            public void FListInRecord1(ListInRecord1 a) { Calls.Add("r1"); }
            public ListInRecord2 FListInRecord2() { Calls.Add("r2"); return new("list_in_record2"); }
            public ListInRecord3 FListInRecord3(ListInRecord3 a) { Calls.Add("r3"); Check.Equal("list_in_record3 input", a.A); return new("list_in_record3 output"); }
            public ListInRecord4 FListInRecord4(ListInRecord4 a) { Calls.Add("r4"); Check.Equal("input4", a.A); return new("result4"); }
            public void FListInVariant1(string? a, Result<Unit, string> b) { Calls.Add("v1"); Check.Equal("foo", a); Check.Equal(Result<Unit, string>.Err("bar"), b); }
            public string? FListInVariant2() { Calls.Add("v2"); return "list_in_variant2"; }
            public string? FListInVariant3(string? a) { Calls.Add("v3"); Check.Equal("input3", a); return "output3"; }
            public Result<Unit, MyErrno> ErrnoResult()
            {
                Calls.Add("errno");
                if (!_firstErr) return Result<Unit, MyErrno>.Ok(default);
                _firstErr = false;
                return Result<Unit, MyErrno>.Err(MyErrno.B);
            }
            public (byte[], IReadOnlyList<string>) ListTypedefs(string a, IReadOnlyList<string> c)
            {
                Calls.Add("typedefs"); Check.Equal("typedef1", a); Check.Seq(new[] { "typedef2" }, c);
                return (Encoding.UTF8.GetBytes("typedef3"), ["typedef4"]);
            }
            public (IReadOnlyList<bool>, IReadOnlyList<Result<Unit, Unit>>, IReadOnlyList<MyErrno>) ListOfVariants(IReadOnlyList<bool> a, IReadOnlyList<Result<Unit, Unit>> b, IReadOnlyList<MyErrno> c)
            {
                Calls.Add("variants");
                Check.Seq(new[] { true, false }, a);
                Check.Seq(new[] { Result<Unit, Unit>.Ok(default), Result<Unit, Unit>.Err(default) }, b);
                Check.Seq(new[] { MyErrno.Success, MyErrno.A }, c);
                return (new[] { false, true }, new[] { Result<Unit, Unit>.Err(default), Result<Unit, Unit>.Ok(default) }, new[] { MyErrno.A, MyErrno.B });
            }
        }
        public static class Scenario
        {
            public static void Run(Component component, Wasm.Engine engine)
            {
                var linker = new ComponentLinker(engine);
                ComponentTypes.StubWasi(linker, component);
                var host = new Host();
                TestFlavorfulTest.AddToLinker(linker, component, host);
                var instance = linker.Instantiate(new Wasm.Store(engine), component);
                new WorldExports(instance).TestImports();
                Check.Equal(10, host.Calls.Count, "imports called");
                var t = new TestFlavorfulTestExports(instance);
                t.FListInRecord1(new("list_in_record1"));
                Check.Equal(new ListInRecord2("list_in_record2"), t.FListInRecord2());
                Check.Equal(new ListInRecord3("list_in_record3 output"), t.FListInRecord3(new("list_in_record3 input")));
                Check.Equal(new ListInRecord4("result4"), t.FListInRecord4(new("input4")));
                t.FListInVariant1("foo", Result<Unit, string>.Err("bar"));
                Check.Equal("list_in_variant2", t.FListInVariant2());
                Check.Equal("output3", t.FListInVariant3("input3"));
                Check.Equal(Result<Unit, MyErrno>.Err(MyErrno.B), t.ErrnoResult());
                var (bytes, strings) = t.ListTypedefs("typedef1", ["typedef2"]);
                Check.Seq(Encoding.UTF8.GetBytes("typedef3"), bytes);
                Check.Seq(new[] { "typedef4" }, strings);
            }
        }
        """);

    [Fact]
    public void ManyArguments() => Run("many-arguments", """
        sealed class Host : IRootComponentAnonymous8
        {
            public ulong[]? Received;
            public void ManyArguments(ulong a1, ulong a2, ulong a3, ulong a4, ulong a5, ulong a6, ulong a7, ulong a8, ulong a9, ulong a10, ulong a11, ulong a12, ulong a13, ulong a14, ulong a15, ulong a16) =>
                Received = [a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16];
        }
        public static class Scenario
        {
            public static void Run(Component component, Wasm.Engine engine)
            {
                var linker = new ComponentLinker(engine);
                ComponentTypes.StubWasi(linker, component);
                var host = new Host();
                RootComponentAnonymous8.AddToLinker(linker, component, host);
                var w = new WorldExports(linker.Instantiate(new Wasm.Store(engine), component));
                w.ManyArguments(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16);
                Check.Seq(Enumerable.Range(1, 16).Select(i => (ulong)i), host.Received!, "arguments in order");
            }
        }
        """);
}
