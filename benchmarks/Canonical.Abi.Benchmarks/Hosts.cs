using System.Text;

namespace Canonical.Abi.Benchmarks;

/// <summary>The host's side of <c>test:numbers/test</c>, which the numbers fixture imports: each function echoes.</summary>
internal sealed class NumbersHost : Wit.Test.Numbers.ITest
{
    private uint _scalar;
    public byte RoundtripU8(byte a) => a;
    public sbyte RoundtripS8(sbyte a) => a;
    public ushort RoundtripU16(ushort a) => a;
    public short RoundtripS16(short a) => a;
    public uint RoundtripU32(uint a) => a;
    public int RoundtripS32(int a) => a;
    public ulong RoundtripU64(ulong a) => a;
    public long RoundtripS64(long a) => a;
    public float RoundtripF32(float a) => a;
    public double RoundtripF64(double a) => a;
    public Rune RoundtripChar(Rune a) => a;
    public void SetScalar(uint a) => _scalar = a;
    public uint GetScalar() => _scalar;
}

/// <summary>The host's side of <c>test:lists/test</c>, which the lists fixture imports: parameters are ignored, results echo or are empty.</summary>
internal sealed class ListsHost : Wit.Test.Lists.ITest
{
    public void EmptyListParam(byte[] a) { }
    public void EmptyStringParam(string a) { }
    public byte[] EmptyListResult() => [];
    public string EmptyStringResult() => "";
    public void ListParam(byte[] a) { }
    public void ListParam2(string a) { }
    public void ListParam3(IReadOnlyList<string> a) { }
    public void ListParam4(IReadOnlyList<IReadOnlyList<string>> a) { }
    public void ListParam5(IReadOnlyList<(byte, uint, byte)> a) { }
    public byte[] ListResult() => [];
    public string ListResult2() => "";
    public IReadOnlyList<string> ListResult3() => [];
    public (byte[], sbyte[]) ListMinmax8(byte[] a, sbyte[] b) => (a, b);
    public (ushort[], short[]) ListMinmax16(ushort[] a, short[] b) => (a, b);
    public (uint[], int[]) ListMinmax32(uint[] a, int[] b) => (a, b);
    public (ulong[], long[]) ListMinmax64(ulong[] a, long[] b) => (a, b);
    public (float[], double[]) ListMinmaxFloat(float[] a, double[] b) => (a, b);
    public byte[] ListRoundtrip(byte[] a) => a;
    public string StringRoundtrip(string a) => a;
}
