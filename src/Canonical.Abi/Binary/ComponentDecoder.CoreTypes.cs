using Wasm.Binary;
using Wasm.Components.Model;

namespace Wasm.Components.Binary;

// The core type section: function types (plain ones become engine FuncTypes), GC rec groups and sub types (read by
// the engine's type-section decoder; groups using shared types, descriptors or continuations stay opaque but fully
// parsed so that their extent is known), and module types with their declarations.
public static partial class ComponentDecoder
{
    private static Definition ReadCoreTypeDefinition(ref WasmReader r, int depth)
    {
        int at = r.Position;
        return new CoreTypeDefinition(at, ReadCoreDefType(ref r, depth));
    }

    /// <summary>Reads a <c>core:deftype</c> (in a component, <c>0x50</c> is a module type and a non-final sub type is <c>0x00 0x50</c>).</summary>
    private static CoreDefType ReadCoreDefType(ref WasmReader r, int depth)
    {
        int at = r.Position;
        byte b = r.PeekByte();
        if (b == 0x00)
        {
            r.ReadByte();
            int xAt = r.Position;
            byte x = r.PeekByte();
            if (x != 0x50) throw InvalidLeadingByte(x, "non-final sub type", xAt);
            return ReadCoreRecGroup(ref r);
        }
        if (b != 0x50) return ReadCoreRecGroup(ref r);
        r.ReadByte();
        if (depth + 1 > MaxDepth) throw Error("nesting too deep", at);
        int n = ReadSize(ref r, 100_000, "module type declaration");
        var decls = new List<CoreModuleDecl>(Cap(ref r, n));
        for (int i = 0; i < n; i++) decls.Add(ReadModuleDecl(ref r));
        return new CoreModuleDefType(decls);
    }

    private static CoreModuleDecl ReadModuleDecl(ref WasmReader r)
    {
        int at = r.Position;
        byte b = r.ReadByte();
        switch (b)
        {
            case 0x00:
            {
                string module = ReadString(ref r);
                string name = ReadString(ref r);
                return new CoreImportDecl(at, module, name, ReadCoreExternDesc(ref r));
            }
            case 0x01:
                return new CoreTypeDecl(at, ReadCoreRecGroup(ref r));
            case 0x02:
            {
                int kAt = r.Position;
                byte k = r.ReadByte();
                if (k != 0x10) throw InvalidLeadingByte(k, "outer alias kind", kAt);
                int tAt = r.Position;
                byte t = r.ReadByte();
                if (t != 0x01) throw InvalidLeadingByte(t, "outer alias target", tAt);
                uint count = r.ReadU32();
                return new CoreAliasDecl(at, count, r.ReadU32());
            }
            case 0x03:
            {
                string name = ReadString(ref r);
                return new CoreExportDecl(at, name, ReadCoreExternDesc(ref r));
            }
            default:
                throw InvalidLeadingByte(b, "type definition", at);
        }
    }

    /// <summary>Reads a core <c>externtype</c> (import/export descriptor).</summary>
    private static CoreExternDesc ReadCoreExternDesc(ref WasmReader r)
    {
        int at = r.Position;
        byte b = r.ReadByte();
        switch (b)
        {
            case 0x00: return new CoreExternDesc(ExternKind.Func, r.ReadU32(), null);
            case 0x01:
            {
                var elem = ReadCoreRefTypeForTable(ref r);
                var limits = ReadLimits(ref r, memory: false, out _, out _);
                return new CoreExternDesc(ExternKind.Table, 0, new TableType(elem, limits));
            }
            case 0x02:
            {
                var limits = ReadLimits(ref r, memory: true, out bool shared, out bool is64);
                return new CoreExternDesc(ExternKind.Memory, 0, new MemoryType(limits, shared, is64));
            }
            case 0x03:
            {
                var t = ReadCoreValType(ref r);
                int mAt = r.Position;
                byte m = r.ReadByte();
                if (m > 1) throw Error("malformed mutability", mAt);
                return new CoreExternDesc(ExternKind.Global, 0, new GlobalType(t, m == 1));
            }
            case 0x04:
            {
                int aAt = r.Position;
                byte attr = r.ReadByte();
                if (attr != 0x00) throw InvalidLeadingByte(attr, "tag attribute", aAt);
                return new CoreExternDesc(ExternKind.Tag, r.ReadU32(), null);
            }
            default:
                throw InvalidLeadingByte(b, "external kind", at);
        }
    }

    private static Limits ReadLimits(ref WasmReader r, bool memory, out bool shared, out bool is64)
    {
        int at = r.Position;
        byte flags = r.ReadByte();
        if (flags > (memory ? 0x0F : 0x07)) throw Error(memory ? "invalid memory limits flags" : "invalid table resizable limits flags", at);
        shared = (flags & 0x02) != 0;
        is64 = (flags & 0x04) != 0;
        ulong min = is64 ? r.ReadU64() : r.ReadU32();
        ulong? max = (flags & 0x01) != 0 ? (is64 ? r.ReadU64() : r.ReadU32()) : null;
        if ((flags & 0x08) != 0)
        {
            r.ReadU32();
            throw new UnsupportedFeatureException("custom-page-sizes", at);
        }
        return new Limits(min, max);
    }

    /// <summary>Reads a core value type that must be representable as a <see cref="ValType"/>.</summary>
    private static ValType ReadCoreValType(ref WasmReader r)
    {
        int at = r.Position;
        if (!TryReadCoreValType(ref r, out var t)) throw new UnsupportedFeatureException("gc", at);
        return t;
    }

    private static ValType ReadCoreRefTypeForTable(ref WasmReader r)
    {
        int at = r.Position;
        byte b = r.PeekByte();
        if (b is >= 0x7B and <= 0x7F) throw Error("malformed reference type", at);
        return ReadCoreValType(ref r);
    }

    /// <summary>Reads a core value type; false when it has no <see cref="ValType"/> form (v128, GC references).</summary>
    private static bool TryReadCoreValType(ref WasmReader r, out ValType t)
    {
        int at = r.Position;
        byte b = r.ReadByte();
        t = default;
        switch (b)
        {
            case 0x7F: t = ValType.I32; return true;
            case 0x7E: t = ValType.I64; return true;
            case 0x7D: t = ValType.F32; return true;
            case 0x7C: t = ValType.F64; return true;
            case 0x70: t = ValType.FuncRef; return true;
            case 0x6F: t = ValType.ExternRef; return true;
            case 0x7B: return false;
            case 0x63 or 0x64:
            {
                // Abstract GC heap types have a ValType form; references to the core type's own defined types do not.
                byte h = r.PeekByte();
                if (Wasm.Binary.TypeReader.AbstractHeap(h) is { } heap)
                {
                    r.ReadByte();
                    t = ValType.RefTo(heap, b == 0x63);
                    return true;
                }
                if (h is 0x70 or 0x6F or 0x69)
                {
                    r.ReadByte();
                    t = ValType.RefTo(h == 0x70 ? HeapType.Func : h == 0x6F ? HeapType.Extern : HeapType.Exn, b == 0x63);
                    return true;
                }
                ReadHeapType(ref r);
                return false;
            }
            case 0x65: ReadAbstractHeapType(ref r); return false;
            case 0x62: throw Error("unexpected exact type", at);
        }
        if (Wasm.Binary.TypeReader.AbstractHeap(b) is { } shorthand)
        {
            t = ValType.RefTo(shorthand, true);
            return true;
        }
        if (IsAbstractHeapByte(b)) return false;
        throw Error("invalid value type", at);
    }

    private static bool IsAbstractHeapByte(byte b) =>
        b is 0x70 or 0x6F or 0x6E or 0x71 or 0x72 or 0x73 or 0x6D or 0x6B or 0x6A or 0x6C or 0x69 or 0x74 or 0x68 or 0x75;

    private static void ReadAbstractHeapType(ref WasmReader r)
    {
        int at = r.Position;
        byte b = r.ReadByte();
        if (!IsAbstractHeapByte(b)) throw Error("invalid abstract heap type", at);
    }

    private static void ReadHeapType(ref WasmReader r)
    {
        int at = r.Position;
        byte b = r.PeekByte();
        if (IsAbstractHeapByte(b)) { r.ReadByte(); return; }
        if (b == 0x65) { r.ReadByte(); ReadAbstractHeapType(ref r); return; }
        if (b == 0x62) { r.ReadByte(); r.ReadU32(); return; }
        if (r.ReadS33() < 0) throw Error("invalid heap type", at);
    }

    /// <summary>
    /// Reads a rec group: a plain function type as such, GC groups as the engine's decoder reads module type
    /// sections (canonicalised during validation), and groups beyond GC opaque.
    /// </summary>
    private static CoreDefType ReadCoreRecGroup(ref WasmReader r)
    {
        var start = r;
        var shape = ReadRecGroup(ref r);
        if (shape is not CoreOtherDefType) return shape;
        var group = new List<RawSubType>();
        try
        {
            Wasm.Binary.ModuleDecoder.ReadRecGroup(ref start, group);
        }
        catch (Exception e) when (e is MalformedModuleException or UnsupportedFeatureException)
        {
            // Shared types, descriptors and continuations: well-formed here, but not types the engine defines.
            return shape;
        }
        return start.Position == r.Position ? new CoreRecGroupDefType(group.ToArray()) : shape;
    }

    /// <summary>Reads a rec group (explicit <c>0x4e</c> or a single sub type), checking its encoding.</summary>
    private static CoreDefType ReadRecGroup(ref WasmReader r)
    {
        if (r.PeekByte() != 0x4E) return ReadSubType(ref r);
        r.ReadByte();
        int n = ReadSize(ref r, 1_000_000, "rec group types");
        for (int i = 0; i < n; i++) ReadSubType(ref r);
        return new CoreOtherDefType($"rec group of {n} types");
    }

    private static CoreDefType ReadSubType(ref WasmReader r)
    {
        int at = r.Position;
        byte b = r.ReadByte();
        if (b is not (0x4F or 0x50)) return ReadCompositeType(ref r, b, at);
        int n = ReadSize(ref r, 1, "supertype idxs");
        for (int i = 0; i < n; i++) r.ReadU32();
        int cAt = r.Position;
        var inner = ReadCompositeType(ref r, r.ReadByte(), cAt);
        return new CoreOtherDefType((b == 0x4F ? "sub final " : "sub ") + Describe(inner));
    }

    private static string Describe(CoreDefType t) => t is CoreOtherDefType o ? o.Description : "func";

    private static CoreDefType ReadCompositeType(ref WasmReader r, byte opcode, int at)
    {
        bool plain = true;
        if (opcode == 0x65) { plain = false; at = r.Position; opcode = r.ReadByte(); }
        if (opcode == 0x4C) { plain = false; r.ReadU32(); at = r.Position; opcode = r.ReadByte(); }
        if (opcode == 0x4D) { plain = false; r.ReadU32(); at = r.Position; opcode = r.ReadByte(); }
        switch (opcode)
        {
            case 0x60:
            {
                var ps = ReadCoreValTypes(ref r, "function params", ref plain);
                var rs = ReadCoreValTypes(ref r, "function returns", ref plain);
                return plain ? new CoreFuncDefType(new FuncType(ps, rs)) : new CoreOtherDefType("func");
            }
            case 0x5E:
                ReadFieldType(ref r);
                return new CoreOtherDefType("array");
            case 0x5F:
            {
                int n = ReadSize(ref r, 10_000, "struct fields");
                for (int i = 0; i < n; i++) ReadFieldType(ref r);
                return new CoreOtherDefType("struct");
            }
            case 0x5D:
                if (r.ReadS33() < 0) throw Error("invalid continuation type", r.Position);
                return new CoreOtherDefType("cont");
            default:
                throw InvalidLeadingByte(opcode, "type", at);
        }
    }

    private static ValType[] ReadCoreValTypes(ref WasmReader r, string what, ref bool plain)
    {
        int n = ReadSize(ref r, 1000, what);
        if (n == 0) return [];
        var ts = new ValType[Cap(ref r, n)];
        for (int i = 0; i < n; i++)
        {
            if (!TryReadCoreValType(ref r, out var t)) plain = false;
            if (i < ts.Length) ts[i] = t;
        }
        return ts;
    }

    private static void ReadFieldType(ref WasmReader r)
    {
        byte b = r.PeekByte();
        if (b is 0x78 or 0x77) r.ReadByte();
        else TryReadCoreValType(ref r, out _);
        int mAt = r.Position;
        if (r.ReadByte() > 1) throw Error("malformed mutability byte for field type", mAt + 1);
    }
}
