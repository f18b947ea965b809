using System.Security.Cryptography;
using Wasm.Wasi.Preview2.Bindings.Wasi.Random;

namespace Wasm.Wasi.Preview2.Random;

/// <summary><c>wasi:random/random</c>: the operating system's cryptographic generator.</summary>
internal sealed class RandomHost : IRandom
{
    public byte[] GetRandomBytes(ulong len) => RandomNumberGenerator.GetBytes(Length(len));

    public ulong GetRandomU64()
    {
        Span<byte> bytes = stackalloc byte[8];
        RandomNumberGenerator.Fill(bytes);
        return BitConverter.ToUInt64(bytes);
    }

    /// <summary>A list longer than a guest's 32-bit memory could hold is a trap, not a host allocation.</summary>
    internal static int Length(ulong len) =>
        len <= int.MaxValue ? (int)len : throw new TrapException(TrapCode.HostError, $"wasi:random: {len} bytes do not fit in a guest's memory");
}

/// <summary><c>wasi:random/insecure</c>: a fast generator, seeded per guest.</summary>
internal sealed class InsecureRandomHost : IInsecure
{
    private readonly System.Random _random = new(RandomNumberGenerator.GetInt32(int.MaxValue));

    public byte[] GetInsecureRandomBytes(ulong len)
    {
        var bytes = new byte[RandomHost.Length(len)];
        _random.NextBytes(bytes);
        return bytes;
    }

    public ulong GetInsecureRandomU64() => (ulong)_random.NextInt64() ^ ((ulong)_random.Next() << 63);
}

/// <summary><c>wasi:random/insecure-seed</c>: one random value per guest, the same on every call.</summary>
internal sealed class InsecureSeedHost : IInsecureSeed
{
    private readonly (ulong, ulong) _seed = (BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8)), BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8)));

    public (ulong, ulong) InsecureSeed() => _seed;
}
