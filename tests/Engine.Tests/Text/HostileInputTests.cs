using Wasm.Text;

namespace Wasm.Tests.Text;

/// <summary>Input built to exhaust the host's stack must end in the engine's own error, never a crash.</summary>
public sealed class HostileInputTests
{
    [Theory]
    [InlineData("(block ", ")")]
    [InlineData("block ", "end ")]
    public void DeeplyNestedTextIsRejectedWithALocation(string open, string close)
    {
        const int depth = 300_000;
        var text = "(module (func " + string.Concat(Enumerable.Repeat(open, depth)) + string.Concat(Enumerable.Repeat(close, depth)) + "))";
        var e = Assert.Throws<TextFormatException>(() => Wat.ToBinary(text));
        Assert.Contains("nesting too deep", e.Message);
        Assert.True(e.Line >= 1 && e.Column > 1);
    }

    [Fact]
    public void DeeplyNestedBinaryCompilesAndRuns()
    {
        const int depth = 100_000;
        var body = new List<byte> { 0 };
        for (var i = 0; i < depth; i++) body.AddRange(new byte[] { 0x02, 0x40 });
        for (var i = 0; i <= depth; i++) body.Add(0x0B);
        var code = Concat(Leb(1), Leb(body.Count), body.ToArray());
        var module = Concat(
            "\0asm"u8.ToArray(), [1, 0, 0, 0],
            Section(1, [1, 0x60, 0, 0]), Section(3, [1, 0]), Section(7, [1, 1, (byte)'f', 0, 0]), Section(10, code));
        var engine = new Engine();
        var instance = new Linker(engine).Instantiate(new Store(engine), Module.FromBytes(engine, module));
        instance.GetFunction<Action>("f")();
    }

    private static byte[] Section(byte id, byte[] payload) => Concat([id], Leb(payload.Length), payload);

    private static byte[] Leb(int value)
    {
        var bytes = new List<byte>();
        var v = (uint)value;
        do
        {
            var b = (byte)(v & 0x7F);
            v >>= 7;
            bytes.Add(v != 0 ? (byte)(b | 0x80) : b);
        } while (v != 0);
        return bytes.ToArray();
    }

    private static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();
}
