using System.Text;

namespace Wasm.Text;

/// <summary>
/// A function signature as the text encoder sees it: value types kept as their binary encodings
/// (one byte, or <c>0x64</c>/<c>0x63</c> followed by a heap type byte in the high/low bytes of an int, or a
/// reference to a type index marked by <see cref="ConcreteFlag"/>).
/// </summary>
internal sealed class FuncSig
{
    public FuncSig(int[] parameters, int[] results)
    {
        Params = parameters;
        Results = results;
        var sb = new StringBuilder();
        foreach (var p in parameters) sb.Append(p).Append(',');
        sb.Append("->");
        foreach (var r in results) sb.Append(r).Append(',');
        Key = sb.ToString();
    }

    /// <summary>Parameter type encodings.</summary>
    public int[] Params { get; }

    /// <summary>Result type encodings.</summary>
    public int[] Results { get; }

    /// <summary>Structural identity.</summary>
    public string Key { get; }

    /// <summary>Marks the encoding of a reference to a type index (in the low bits).</summary>
    public const int ConcreteFlag = 0x4000_0000;

    /// <summary>With <see cref="ConcreteFlag"/>: the reference is nullable.</summary>
    public const int NullableFlag = 0x2000_0000;

    /// <summary>Writes a value type encoding.</summary>
    public static void WriteValType(ByteWriter w, int vt)
    {
        if ((vt & ConcreteFlag) != 0)
        {
            w.Byte((vt & NullableFlag) != 0 ? (byte)0x63 : (byte)0x64);
            w.S64(vt & (NullableFlag - 1));
            return;
        }
        if (vt > 0xFF) w.Byte((byte)(vt >> 8));
        w.Byte((byte)vt);
    }

    /// <summary>Writes the <c>0x60</c> form of the signature.</summary>
    public void Write(ByteWriter w)
    {
        w.Byte(0x60);
        w.U32((uint)Params.Length);
        foreach (var p in Params) WriteValType(w, p);
        w.U32((uint)Results.Length);
        foreach (var r in Results) WriteValType(w, r);
    }
}

/// <summary>One index space of a module or function: symbolic names to indices.</summary>
internal sealed class NameSpace
{
    private readonly Dictionary<string, uint> _names = new(StringComparer.Ordinal);

    public NameSpace(string kind) => Kind = kind;

    /// <summary>The word used in messages ("function", "global", ...).</summary>
    public string Kind { get; }

    /// <summary>Number of entries.</summary>
    public uint Count { get; private set; }

    /// <summary>Adds an entry; returns false when the name is already bound.</summary>
    public bool TryAdd(string? name, out uint index)
    {
        index = Count;
        if (name is not null && !_names.TryAdd(name, index)) return false;
        Count++;
        return true;
    }

    /// <summary>Looks up a name.</summary>
    public bool TryGet(string name, out uint index) => _names.TryGetValue(name, out index);
}
