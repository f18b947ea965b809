using System.Text;

namespace Wasm.Fuzz;

/// <summary>
/// Byte-level mutations for binaries (bit flips, boundary values, LEB128 edits, deleted, repeated and spliced
/// ranges) and token-level ones for WIT text. Everything is drawn from one seeded <see cref="Random"/>, so a run
/// is reproducible from its seed.
/// </summary>
public sealed class Mutator(Random random)
{
    private static readonly byte[] Interesting = [0x00, 0x01, 0x02, 0x7f, 0x80, 0xff, 0x40, 0x41, 0x60, 0x70, 0x6f, 0x0b, 0x0f, 0x10, 0x11, 0xfc, 0xfd, 0xfe, 0xfb];

    private static readonly string[] WitTokens =
    [
        "package", "interface", "world", "use", "type", "resource", "func", "record", "variant", "enum", "flags",
        "import", "export", "include", "with", "as", "static", "constructor", "own", "borrow", "list", "option",
        "result", "tuple", "string", "u8", "u32", "s64", "f64", "char", "bool", "future", "stream", "async", "_",
        "{", "}", "(", ")", "<", ">", ",", ";", ":", "=", "->", "@", ".", "/", "*", "%", "@since(version = 0.2.0)",
        "@unstable(feature = x)", "@deprecated(version = 1.0.0)", "a:b/c@1.0.0", "0.1.0", "x", "%world", "-", "\n",
        "///", "/*", "*/", "é", "\u0000", "\t", "123", "a-b-c", "A", "list<u8, 4>",
    ];

    private int Below(int n) => n <= 0 ? 0 : random.Next(n);

    /// <summary>A mutated copy of <paramref name="input"/>, sometimes spliced with <paramref name="other"/>.</summary>
    public byte[] MutateBinary(byte[] input, byte[] other)
    {
        var bytes = new List<byte>(input);
        var count = 1 + Below(4);
        for (var i = 0; i < count; i++)
        {
            var at = Below(bytes.Count + 1);
            switch (Below(9))
            {
                case 0 when bytes.Count > 0:
                    at = Below(bytes.Count);
                    bytes[at] ^= (byte)(1 << Below(8));
                    break;
                case 1 when bytes.Count > 0:
                    bytes[Below(bytes.Count)] = Interesting[Below(Interesting.Length)];
                    break;
                case 2 when bytes.Count > 0:
                    bytes[Below(bytes.Count)] = (byte)Below(256);
                    break;
                case 3 when bytes.Count > 0:
                {
                    var length = Math.Min(bytes.Count - Math.Min(at, bytes.Count - 1), 1 + Below(16));
                    bytes.RemoveRange(Math.Min(at, bytes.Count - 1), Math.Max(0, length));
                    break;
                }
                case 4 when bytes.Count > 0:
                {
                    // Repeat a range (sections, instructions, vector entries).
                    var from = Below(bytes.Count);
                    var length = Math.Min(bytes.Count - from, 1 + Below(32));
                    bytes.InsertRange(at, bytes.GetRange(from, length));
                    break;
                }
                case 5:
                    bytes.InsertRange(at, Leb(random.Next(5) switch
                    {
                        0 => 0,
                        1 => (ulong)Below(128),
                        2 => uint.MaxValue,
                        3 => (ulong)int.MaxValue + 1,
                        _ => (ulong)random.NextInt64(),
                    }));
                    break;
                case 6 when other.Length > 0:
                {
                    // Splice a range of another seed in.
                    var from = Below(other.Length);
                    var length = Math.Min(other.Length - from, 1 + Below(64));
                    bytes.InsertRange(at, other.AsSpan(from, length).ToArray());
                    break;
                }
                case 7 when bytes.Count > 8:
                    // Truncate.
                {
                    var keep = 8 + Below(bytes.Count - 8);
                    bytes.RemoveRange(keep, bytes.Count - keep);
                    break;
                }
                default:
                    if (bytes.Count > 0) bytes[Below(bytes.Count)] = (byte)(bytes[Below(bytes.Count)] + random.Next(-2, 3));
                    break;
            }
        }
        return bytes.ToArray();
    }

    private static byte[] Leb(ulong value)
    {
        var result = new List<byte>();
        do
        {
            var b = (byte)(value & 0x7f);
            value >>= 7;
            result.Add(value != 0 ? (byte)(b | 0x80) : b);
        } while (value != 0);
        return result.ToArray();
    }

    /// <summary>A mutated copy of WIT text: tokens inserted, removed, repeated or swapped, lines moved, another
    /// file's lines spliced in.</summary>
    public byte[] MutateText(byte[] input, byte[] other)
    {
        var text = Encoding.UTF8.GetString(input);
        var count = 1 + Below(3);
        for (var i = 0; i < count; i++)
        {
            var at = Below(text.Length + 1);
            switch (Below(7))
            {
                case 0:
                    text = text.Insert(at, " " + WitTokens[Below(WitTokens.Length)] + " ");
                    break;
                case 1 when text.Length > 0:
                {
                    var length = Math.Min(text.Length - Math.Min(at, text.Length - 1), 1 + Below(24));
                    text = text.Remove(Math.Min(at, text.Length - 1), Math.Max(0, length));
                    break;
                }
                case 2 when text.Length > 0:
                {
                    var from = Below(text.Length);
                    var length = Math.Min(text.Length - from, 1 + Below(80));
                    text = text.Insert(at, text.Substring(from, length));
                    break;
                }
                case 3:
                {
                    var lines = text.Split('\n').ToList();
                    if (lines.Count > 1)
                    {
                        var a = Below(lines.Count);
                        var b = Below(lines.Count);
                        (lines[a], lines[b]) = (lines[b], lines[a]);
                        text = string.Join('\n', lines);
                    }
                    break;
                }
                case 4:
                {
                    var lines = Encoding.UTF8.GetString(other).Split('\n');
                    if (lines.Length > 0)
                    {
                        var from = Below(lines.Length);
                        var length = Math.Min(lines.Length - from, 1 + Below(8));
                        text = text.Insert(at, "\n" + string.Join('\n', lines, from, length) + "\n");
                    }
                    break;
                }
                case 5:
                    // Replace an identifier-like word with another word of the text.
                {
                    var words = text.Split([' ', '\n', '\t', '(', ')', '{', '}', '<', '>', ',', ';', ':'], StringSplitOptions.RemoveEmptyEntries);
                    if (words.Length > 1)
                    {
                        var from = words[Below(words.Length)];
                        var index = text.IndexOf(from, StringComparison.Ordinal);
                        if (index >= 0) text = text.Remove(index, from.Length).Insert(index, words[Below(words.Length)]);
                    }
                    break;
                }
                default:
                    if (text.Length > 0)
                    {
                        var chars = text.ToCharArray();
                        chars[Below(chars.Length)] = (char)(random.Next(3) == 0 ? random.Next(0x20, 0x7f) : "{}()<>;:,@/.-_%"[Below(15)]);
                        text = new string(chars);
                    }
                    break;
            }
        }
        return Encoding.UTF8.GetBytes(text);
    }
}
