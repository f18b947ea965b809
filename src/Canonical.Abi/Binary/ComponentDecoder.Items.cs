using Wasm.Binary;
using Wasm.Components.Model;

namespace Wasm.Components.Binary;

// Instances, aliases, imports, exports, start and values; names, sorts and extern types.
public static partial class ComponentDecoder
{
    private static Definition ReadCoreInstance(ref WasmReader r)
    {
        int at = r.Position;
        byte b = r.ReadByte();
        switch (b)
        {
            case 0x00:
            {
                uint module = r.ReadU32();
                int n = ReadSize(ref r, 100_000, "core instantiation arguments");
                var args = new List<(string, uint)>(Cap(ref r, n));
                for (int i = 0; i < n; i++)
                {
                    string name = ReadString(ref r);
                    int kindAt = r.Position;
                    byte kind = r.ReadByte();
                    if (kind != 0x12) throw InvalidLeadingByte(kind, "instantiation arg kind", kindAt);
                    args.Add((name, r.ReadU32()));
                }
                return new CoreInstantiateDefinition(at, module, args);
            }
            case 0x01:
            {
                int n = ReadSize(ref r, 100_000, "core instantiation arguments");
                var exports = new List<(string, CoreSort, uint)>(Cap(ref r, n));
                for (int i = 0; i < n; i++)
                {
                    string name = ReadString(ref r);
                    var sort = ReadExternalKind(ref r);
                    exports.Add((name, sort, r.ReadU32()));
                }
                return new CoreInlineInstanceDefinition(at, exports);
            }
            default:
                throw InvalidLeadingByte(b, "core instance", at);
        }
    }

    /// <summary>A core <c>externalkind</c> (func, table, memory, global, tag).</summary>
    private static CoreSort ReadExternalKind(ref WasmReader r)
    {
        int at = r.Position;
        byte b = r.ReadByte();
        if (b > 0x04) throw InvalidLeadingByte(b, "external kind", at);
        return (CoreSort)b;
    }

    private static Definition ReadInstance(ref WasmReader r)
    {
        int at = r.Position;
        byte b = r.ReadByte();
        switch (b)
        {
            case 0x00:
            {
                uint component = r.ReadU32();
                int n = ReadSize(ref r, 100_000, "instantiation arguments");
                var args = new List<(string, SortIndex)>(Cap(ref r, n));
                for (int i = 0; i < n; i++)
                {
                    string name = ReadString(ref r);
                    var sort = ReadExternalSort(ref r);
                    args.Add((name, sort with { Index = r.ReadU32() }));
                }
                return new InstantiateDefinition(at, component, args);
            }
            case 0x01:
            {
                int n = ReadSize(ref r, 100_000, "instantiation exports");
                var exports = new List<(ExternName, SortIndex)>(Cap(ref r, n));
                for (int i = 0; i < n; i++)
                {
                    var name = ReadExternName(ref r);
                    var sort = ReadExternalSort(ref r);
                    exports.Add((name, sort with { Index = r.ReadU32() }));
                }
                return new InlineInstanceDefinition(at, exports);
            }
            default:
                throw InvalidLeadingByte(b, "instance", at);
        }
    }

    /// <summary>A component <c>sort</c> whose only core sort is <c>module</c> (wasmparser's component external kind).</summary>
    private static SortIndex ReadExternalSort(ref WasmReader r)
    {
        int at = r.Position;
        byte b1 = r.ReadByte();
        if (b1 == 0x00)
        {
            byte b2 = r.ReadByte();
            if (b2 != 0x11) throw InvalidLeadingByte(b2, "component external kind", at + 1);
            return new SortIndex(Sort.Core, CoreSort.Module, 0);
        }
        if (b1 > 0x05) throw InvalidLeadingByte(b1, "component external kind", at);
        return new SortIndex((Sort)b1, 0, 0);
    }

    private static AliasDefinition ReadAlias(ref WasmReader r)
    {
        int at = r.Position;
        byte b1 = r.ReadByte();
        byte b2 = b1 == 0x00 ? r.ReadByte() : (byte)0;
        int kindAt = r.Position;
        byte kind = r.ReadByte();
        switch (kind)
        {
            case 0x00:
            {
                if (b1 == 0x00 && b2 != 0x11) throw InvalidLeadingByte(b2, "component external kind", at + 1);
                if (b1 > 0x05) throw InvalidLeadingByte(b1, "component external kind", at);
                uint instance = r.ReadU32();
                string name = ReadString(ref r);
                return new AliasDefinition(at, (Sort)b1, (CoreSort)b2, AliasKind.InstanceExport, instance, name, 0);
            }
            case 0x01:
            {
                if (b1 != 0x00) throw InvalidLeadingByte(b1, "core instance export kind", at);
                if (b2 > 0x04) throw InvalidLeadingByte(b2, "external kind", at);
                uint instance = r.ReadU32();
                string name = ReadString(ref r);
                return new AliasDefinition(at, Sort.Core, (CoreSort)b2, AliasKind.CoreInstanceExport, instance, name, 0);
            }
            case 0x02:
            {
                if (b1 == 0x00)
                {
                    if (b2 is not (0x10 or 0x11)) throw InvalidLeadingByte(b2, "component outer alias kind", at + 1);
                }
                else if (b1 is not (0x03 or 0x04))
                {
                    throw InvalidLeadingByte(b1, "component outer alias kind", at);
                }
                uint count = r.ReadU32();
                uint index = r.ReadU32();
                return new AliasDefinition(at, (Sort)b1, (CoreSort)b2, AliasKind.Outer, count, null, index);
            }
            default:
                throw InvalidLeadingByte(kind, "alias", kindAt);
        }
    }

    private static Definition ReadImport(ref WasmReader r)
    {
        int at = r.Position;
        var name = ReadExternName(ref r);
        return new ImportDefinition(at, name, ReadExternDesc(ref r));
    }

    private static Definition ReadExport(ref WasmReader r)
    {
        int at = r.Position;
        var name = ReadExternName(ref r);
        var sort = ReadExternalSort(ref r);
        sort = sort with { Index = r.ReadU32() };
        int optAt = r.Position;
        byte opt = r.ReadByte();
        ExternDesc? type = opt switch
        {
            0x00 => null,
            0x01 => ReadExternDesc(ref r),
            _ => throw InvalidLeadingByte(opt, "optional component export type", optAt),
        };
        return new ExportDefinition(at, name, sort, type);
    }

    private static StartDefinition ReadStart(ref WasmReader r)
    {
        int at = r.Position;
        uint func = r.ReadU32();
        int n = ReadSize(ref r, 1000, "start function arguments");
        var args = new List<uint>(Cap(ref r, n));
        for (int i = 0; i < n; i++) args.Add(r.ReadU32());
        uint results = (uint)ReadSize(ref r, 1000, "start function results");
        return new StartDefinition(at, func, args, results);
    }

    private static Definition ReadValue(ref WasmReader r)
    {
        int at = r.Position;
        var type = ReadValType(ref r);
        uint len = r.ReadU32();
        if (len > (uint)r.Remaining) throw Error(Eof, r.End);
        // Copied (value definitions are rare and small); the encoding is decoded against its type later.
        return new ValueDefinition(at, type, r.ReadBytes((int)len).ToArray());
    }

    /// <summary>Reads <c>nameattributes</c>.</summary>
    private static ExternName ReadExternName(ref WasmReader r)
    {
        int at = r.Position;
        byte b = r.ReadByte();
        if (b is 0x00 or 0x01) return new ExternName(ReadString(ref r));
        if (b != 0x02) throw InvalidLeadingByte(b, "component name", at);
        string name = ReadString(ref r);
        string? implements = null, version = null, external = null;
        uint n = r.ReadU32();
        for (uint i = 0; i < n; i++)
        {
            int optAt = r.Position;
            byte kind = r.ReadByte();
            string value = ReadString(ref r);
            switch (kind)
            {
                case 0x00:
                    if (implements is not null) throw Error("duplicate 'implements' option in name", optAt);
                    implements = value;
                    break;
                case 0x01:
                    if (version is not null) throw Error("duplicate 'versionsuffix' option in name", optAt);
                    version = value;
                    break;
                case 0x02:
                    if (external is not null) throw Error("duplicate 'external-id' option in name", optAt);
                    external = value;
                    break;
                default:
                    throw InvalidLeadingByte(kind, "name option", optAt);
            }
        }
        return new ExternName(name, implements, version, external);
    }

    /// <summary>Reads an <c>externtype</c>.</summary>
    private static ExternDesc ReadExternDesc(ref WasmReader r)
    {
        var sort = ReadExternalSort(ref r);
        switch (sort.Sort)
        {
            case Sort.Core:
                return new ExternDesc(ExternDescKind.CoreModule, r.ReadU32());
            case Sort.Func:
                return new ExternDesc(ExternDescKind.Func, r.ReadU32());
            case Sort.Component:
                return new ExternDesc(ExternDescKind.Component, r.ReadU32());
            case Sort.Instance:
                return new ExternDesc(ExternDescKind.Instance, r.ReadU32());
            case Sort.Type:
            {
                int at = r.Position;
                byte b = r.ReadByte();
                return b switch
                {
                    0x00 => new ExternDesc(ExternDescKind.Type, r.ReadU32()),
                    0x01 => new ExternDesc(ExternDescKind.Type, 0, SubResource: true),
                    _ => throw InvalidLeadingByte(b, "type bound", at),
                };
            }
            default:
            {
                int at = r.Position;
                byte b = r.ReadByte();
                return b switch
                {
                    0x00 => new ExternDesc(ExternDescKind.Value, r.ReadU32(), ValueEq: true),
                    0x01 => new ExternDesc(ExternDescKind.Value, 0, WitType: ReadValType(ref r)),
                    _ => throw InvalidLeadingByte(b, "value bound", at),
                };
            }
        }
    }
}
