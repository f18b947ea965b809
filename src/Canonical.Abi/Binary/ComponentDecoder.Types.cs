using Wasm.Binary;
using Wasm.Components.Model;
using Wasm.Components.Types;

namespace Wasm.Components.Binary;

// The type section: defined value types, function, component, instance and resource types, and declarators.
public static partial class ComponentDecoder
{
    private static Definition ReadTypeDefinition(ref WasmReader r, int depth)
    {
        int at = r.Position;
        return new TypeDefinition(at, ReadDefType(ref r, depth));
    }

    private static DefType ReadDefType(ref WasmReader r, int depth)
    {
        int at = r.Position;
        byte b = r.ReadByte();
        switch (b)
        {
            case 0x3F:
            {
                var rep = ReadCoreValType(ref r);
                int dAt = r.Position;
                byte d = r.ReadByte();
                uint? dtor = d switch
                {
                    0x00 => null,
                    0x01 => r.ReadU32(),
                    _ => throw InvalidLeadingByte(d, "resource destructor", dAt),
                };
                return new ResourceDefType(rep, dtor);
            }
            case 0x40 or 0x43:
            {
                int n = ReadSize(ref r, 1000, "component function parameters");
                var ps = new List<(string, ValTypeRef)>(Cap(ref r, n));
                for (int i = 0; i < n; i++)
                {
                    string name = ReadString(ref r);
                    ps.Add((name, ReadValType(ref r)));
                }
                return new FuncDefType(ps, ReadResultList(ref r), b == 0x43);
            }
            case 0x41:
            {
                if (depth + 1 > MaxDepth) throw Error("nesting too deep", at);
                int n = ReadSize(ref r, 1_000_000, "component type declaration");
                var decls = new List<Decl>(Cap(ref r, n));
                for (int i = 0; i < n; i++) decls.Add(ReadDecl(ref r, depth + 1, component: true));
                return new ComponentDefType(decls);
            }
            case 0x42:
            {
                if (depth + 1 > MaxDepth) throw Error("nesting too deep", at);
                int n = ReadSize(ref r, 1_000_000, "instance type declaration");
                var decls = new List<Decl>(Cap(ref r, n));
                for (int i = 0; i < n; i++) decls.Add(ReadDecl(ref r, depth + 1, component: false));
                return new InstanceDefType(decls);
            }
        }
        var prim = Primitive(b);
        if (prim != PrimitiveKind.None) return new PrimitiveDefType(prim);
        return ReadDefinedType(ref r, b, at);
    }

    private static DefType ReadDefinedType(ref WasmReader r, byte b, int at)
    {
        switch (b)
        {
            case 0x72:
            {
                int n = ReadSize(ref r, 10_000, "record field");
                var fields = new List<(string, ValTypeRef)>(Cap(ref r, n));
                for (int i = 0; i < n; i++)
                {
                    string name = ReadString(ref r);
                    fields.Add((name, ReadValType(ref r)));
                }
                return new RecordDefType(fields);
            }
            case 0x71:
            {
                int n = ReadSize(ref r, 10_000, "variant cases");
                var cases = new List<(string, ValTypeRef?)>(Cap(ref r, n));
                for (int i = 0; i < n; i++)
                {
                    string name = ReadString(ref r);
                    var t = ReadOptionalValType(ref r);
                    int zAt = r.Position;
                    byte z = r.ReadByte();
                    if (z != 0x00) throw InvalidLeadingByte(z, "zero byte required", zAt);
                    cases.Add((name, t));
                }
                return new VariantDefType(cases);
            }
            case 0x70: return new ListDefType(ReadValType(ref r), null);
            case 0x67:
            {
                var t = ReadValType(ref r);
                return new ListDefType(t, r.ReadU32());
            }
            case 0x6F:
            {
                int n = ReadSize(ref r, 10_000, "tuple types");
                var ts = new List<ValTypeRef>(Cap(ref r, n));
                for (int i = 0; i < n; i++) ts.Add(ReadValType(ref r));
                return new TupleDefType(ts);
            }
            case 0x6E: return new FlagsDefType(ReadLabels(ref r, 1_000, "flag names"));
            case 0x6D: return new EnumDefType(ReadLabels(ref r, 10_000, "enum cases"));
            case 0x6B: return new OptionDefType(ReadValType(ref r));
            case 0x6A:
            {
                var ok = ReadOptionalValType(ref r);
                return new ResultDefType(ok, ReadOptionalValType(ref r));
            }
            case 0x69: return new OwnDefType(r.ReadU32());
            case 0x68: return new BorrowDefType(r.ReadU32());
            case 0x66: return new StreamDefType(ReadOptionalValType(ref r));
            case 0x65: return new FutureDefType(ReadOptionalValType(ref r));
            case 0x63:
            {
                var k = ReadValType(ref r);
                return new MapDefType(k, ReadValType(ref r));
            }
            default:
                throw InvalidLeadingByte(b, "component defined type", at);
        }
    }

    private static List<string> ReadLabels(ref WasmReader r, int limit, string what)
    {
        int n = ReadSize(ref r, limit, what);
        var names = new List<string>(Cap(ref r, n));
        for (int i = 0; i < n; i++) names.Add(ReadString(ref r));
        return names;
    }

    private static PrimitiveKind Primitive(byte b) => b switch
    {
        0x7F => PrimitiveKind.Bool,
        0x7E => PrimitiveKind.S8,
        0x7D => PrimitiveKind.U8,
        0x7C => PrimitiveKind.S16,
        0x7B => PrimitiveKind.U16,
        0x7A => PrimitiveKind.S32,
        0x79 => PrimitiveKind.U32,
        0x78 => PrimitiveKind.S64,
        0x77 => PrimitiveKind.U64,
        0x76 => PrimitiveKind.F32,
        0x75 => PrimitiveKind.F64,
        0x74 => PrimitiveKind.Char,
        0x73 => PrimitiveKind.String,
        0x64 => PrimitiveKind.ErrorContext,
        _ => PrimitiveKind.None,
    };

    /// <summary>Reads a <c>valtype</c>: a primitive byte or a (non-negative s33) type index.</summary>
    private static ValTypeRef ReadValType(ref WasmReader r)
    {
        var p = Primitive(r.PeekByte());
        if (p != PrimitiveKind.None)
        {
            r.ReadByte();
            return ValTypeRef.Of(p);
        }
        // As wasmparser: the index is an s33; a negative one (an unknown type byte) becomes an out-of-range index
        // that validation rejects.
        return ValTypeRef.At((uint)r.ReadS33());
    }

    private static ValTypeRef? ReadOptionalValType(ref WasmReader r)
    {
        int at = r.Position;
        byte b = r.ReadByte();
        return b switch
        {
            0x00 => null,
            0x01 => ReadValType(ref r),
            _ => throw InvalidLeadingByte(b, "optional component value type", at),
        };
    }

    /// <summary>Reads a <c>resultlist</c>.</summary>
    private static ValTypeRef? ReadResultList(ref WasmReader r)
    {
        int at = r.Position;
        byte b = r.ReadByte();
        if (b == 0x00) return ReadValType(ref r);
        if (b != 0x01) throw InvalidLeadingByte(b, "component function results", at);
        int zAt = r.Position;
        byte z = r.ReadByte();
        if (z != 0x00) throw InvalidLeadingByte(z, "number of results", zAt);
        return null;
    }

    /// <summary>Reads a <c>componentdecl</c> (<paramref name="component"/>) or an <c>instancedecl</c>.</summary>
    private static Decl ReadDecl(ref WasmReader r, int depth, bool component)
    {
        int at = r.Position;
        byte b = r.ReadByte();
        switch (b)
        {
            case 0x03 when component:
            {
                var name = ReadExternName(ref r);
                return new ImportDecl(at, name, ReadExternDesc(ref r));
            }
            case 0x00: return new CoreTypeDecl2(at, ReadCoreDefType(ref r, depth));
            case 0x01: return new TypeDecl(at, ReadDefType(ref r, depth));
            case 0x02: return new AliasDecl(at, ReadAlias(ref r));
            case 0x04:
            {
                var name = ReadExternName(ref r);
                return new ExportDecl(at, name, ReadExternDesc(ref r));
            }
            default:
                throw InvalidLeadingByte(b, "component or instance type declaration", at);
        }
    }
}
