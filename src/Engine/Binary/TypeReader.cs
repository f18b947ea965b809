namespace Wasm.Binary;

/// <summary>Decoding of value types, reference types and heap types, with proposal detection.</summary>
internal static class TypeReader
{
    /// <summary>The proposal of a GC-era abstract heap type shorthand byte, or null.</summary>
    private static string? ProposalOfHeapByte(byte b) => b switch
    {
        0x69 or 0x74 => "exception-handling",
        0x6A or 0x6B or 0x6C or 0x6D or 0x6E or 0x71 or 0x72 or 0x73 => "gc",
        0x63 or 0x64 => "function-references",
        _ => null,
    };

    /// <summary>The GC abstract heap type of a shorthand byte, or null.</summary>
    public static HeapType? AbstractHeap(byte b) => b switch
    {
        0x6E => HeapType.Any,
        0x6D => HeapType.Eq,
        0x6C => HeapType.I31,
        0x6B => HeapType.Struct,
        0x6A => HeapType.Array,
        0x71 => HeapType.None,
        0x73 => HeapType.NoFunc,
        0x72 => HeapType.NoExtern,
        0x74 => HeapType.NoExn,
        _ => null,
    };

    /// <summary>Reads a value type.</summary>
    public static ValType ReadValType(ref WasmReader r)
    {
        int at = r.Position;
        byte b = r.ReadByte();
        if (b is 0x63 or 0x64) return ReadRefTypeBody(ref r, nullable: b == 0x63);
        return FromByte(b, at, "malformed value type");
    }

    /// <summary>Reads a reference type ("malformed reference type" otherwise).</summary>
    public static ValType ReadRefType(ref WasmReader r)
    {
        int at = r.Position;
        byte b = r.ReadByte();
        if (b is 0x7F or 0x7E or 0x7D or 0x7C or 0x7B) throw WasmReader.Error("malformed reference type", at);
        if (b is 0x63 or 0x64) return ReadRefTypeBody(ref r, nullable: b == 0x63);
        return FromByte(b, at, "malformed reference type");
    }

    /// <summary>Decodes a one-byte value type.</summary>
    public static ValType FromByte(byte b, long at, string malformed)
    {
        switch (b)
        {
            case 0x7F: return ValType.I32;
            case 0x7E: return ValType.I64;
            case 0x7D: return ValType.F32;
            case 0x7C: return ValType.F64;
            case 0x7B: return ValType.V128;
            case 0x70: return ValType.FuncRef;
            case 0x6F: return ValType.ExternRef;
            case 0x69: return ValType.ExnRef;
        }
        if (AbstractHeap(b) is { } h) return ValType.RefTo(h, true);
        if (ProposalOfHeapByte(b) is { } p) throw new UnsupportedFeatureException(p, at);
        throw WasmReader.Error(malformed, at);
    }

    /// <summary>Reads the heap type of <c>ref.null</c> and returns the nullable reference type.</summary>
    public static ValType ReadHeapType(ref WasmReader r) => ReadRefTypeBody(ref r, nullable: true);

    /// <summary>Reads the heap type after <c>0x63</c>/<c>0x64</c> (or of <c>ref.null</c>).</summary>
    private static ValType ReadRefTypeBody(ref WasmReader r, bool nullable)
    {
        int at = r.Position;
        long v = r.ReadS33();
        if (v >= 0) return Concrete(ref r, v, nullable, at);
        byte b = (byte)(v & 0x7F);
        if (v < -0x40) throw WasmReader.Error("malformed heap type", at);
        if (b == 0x70) return ValType.FuncRef with { Nullable = nullable };
        if (b == 0x6F) return ValType.ExternRef with { Nullable = nullable };
        if (b == 0x69) return ValType.ExnRef with { Nullable = nullable };
        if (AbstractHeap(b) is { } h) return ValType.RefTo(h, nullable);
        if (ProposalOfHeapByte(b) is { } p && b is not (0x63 or 0x64)) throw new UnsupportedFeatureException(p, at);
        throw WasmReader.Error("malformed heap type", at);
    }

    /// <summary>A reference to type index <paramref name="index"/>, which must be a function type defined earlier.</summary>
    private static ValType Concrete(ref WasmReader r, long index, bool nullable, int at)
    {
        // Inside the type section, references stay module indices until their recursion group is canonicalised.
        if (r.TypesDeclared >= 0)
        {
            if (index < r.TypesDeclared) return new ValType(ValKind.Ref, HeapType.Func, nullable, -(int)index - 1);
            throw new InvalidModuleException($"unknown type {index}", at);
        }
        var types = r.Types;
        int known = types?.Count ?? 0;
        if (index < known) return ValType.RefTo(types![(int)index], nullable);
        throw new InvalidModuleException($"unknown type {index}", at);
    }
}
