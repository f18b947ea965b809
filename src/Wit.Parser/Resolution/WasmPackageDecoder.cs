using System.Collections.Generic;
using System.Text;
using Wit.Diagnostics;
using Wit.Model;

namespace Wit.Resolution;

/// <summary>
/// Recognizes and decodes WIT packages encoded as components (binary `.wasm` or text `.wat`).
/// Only the outline is supported: a component type exporting `ns:pkg/name` instance (interface)
/// or component (world) types whose bodies are empty. Anything richer is reported as unsupported.
/// </summary>
internal static partial class WasmPackageDecoder
{
    /// <summary>True for the wasm binary magic, or for text that starts like a `(component ...)`.</summary>
    public static bool IsWasm(byte[] bytes, string path)
    {
        if (bytes.Length >= 4 && bytes[0] == 0 && bytes[1] == (byte)'a' && bytes[2] == (byte)'s' && bytes[3] == (byte)'m')
        {
            return true;
        }

        int i = 0;
        while (i < bytes.Length)
        {
            byte b = bytes[i];
            if (b == ' ' || b == '\t' || b == '\n' || b == '\r')
            {
                i++;
            }
            else if (b == ';' && i + 1 < bytes.Length && bytes[i + 1] == ';')
            {
                while (i < bytes.Length && bytes[i] != '\n')
                {
                    i++;
                }
            }
            else
            {
                return b == '(' && !path.EndsWith(".wit", System.StringComparison.Ordinal);
            }
        }

        return false;
    }

    /// <summary>Decodes the package and adds it to <paramref name="resolve"/>; returns its id.</summary>
    public static PackageId DecodeInto(Resolve resolve, byte[] bytes, string displayPath)
    {
        var items = bytes.Length >= 4 && bytes[0] == 0
            ? ReadBinary(bytes, displayPath)
            : ReadText(Encoding.UTF8.GetString(bytes), displayPath);
        if (items.Count == 0)
        {
            throw new WitException($"no WIT package found in [{displayPath}]");
        }

        PackageId? packageId = null;
        foreach (var (name, isWorld) in items)
        {
            int colon = name.IndexOf(':');
            int slash = name.IndexOf('/');
            if (colon < 0 || slash < colon)
            {
                throw new WitException($"invalid package item name `{name}` in [{displayPath}]");
            }

            string itemName = name.Substring(slash + 1);
            SemVersion? version = null;
            int at = itemName.IndexOf('@');
            if (at >= 0)
            {
                version = SemVersion.Parse(itemName.Substring(at + 1));
                itemName = itemName.Substring(0, at);
            }

            var packageName = new PackageName(name.Substring(0, colon), name.Substring(colon + 1, slash - colon - 1), version);
            if (!resolve.PackageIndex.TryGetValue(packageName, out var id))
            {
                id = new PackageId(resolve.PackageList.Count);
                resolve.PackageList.Add(new Package(packageName, null));
                resolve.PackageIndex[packageName] = id;
            }

            packageId ??= id;
            var package = resolve[id];
            if (isWorld)
            {
                if (!package.Worlds.ContainsKey(itemName))
                {
                    package.Worlds.Insert(itemName, resolve.AddWorld(new World(itemName, TextSpan.Unknown) { Package = id }));
                }
            }
            else if (!package.Interfaces.ContainsKey(itemName))
            {
                package.Interfaces.Insert(itemName, resolve.AddInterface(new Interface(itemName, TextSpan.Unknown) { Package = id }));
            }
        }

        return packageId!.Value;
    }

    private static WitException Unsupported(string displayPath) =>
        new($"unsupported content in wasm-encoded WIT package [{displayPath}]: only empty interfaces and worlds can be decoded");

    private static List<(string Name, bool IsWorld)> ReadBinary(byte[] bytes, string displayPath)
    {
        var reader = new BinaryReader(bytes, displayPath);
        if (bytes.Length < 8 || bytes[4] != 0x0d || bytes[6] != 0x01)
        {
            throw new WitException($"found an actual module instead of an encoded WIT package in wasm [{displayPath}]");
        }

        reader.Position = 8;
        var items = new List<(string, bool)>();
        while (!reader.AtEnd)
        {
            byte sectionId = reader.Byte();
            int size = (int)reader.U32();
            int end = reader.Position + size;
            if (sectionId == 7)
            {
                uint count = reader.U32();
                for (uint t = 0; t < count; t++)
                {
                    if (reader.Byte() != 0x41)
                    {
                        throw Unsupported(displayPath);
                    }

                    var localTypes = new List<bool>();
                    uint decls = reader.U32();
                    for (uint d = 0; d < decls; d++)
                    {
                        byte decl = reader.Byte();
                        if (decl == 0x01)
                        {
                            byte form = reader.Byte();
                            if ((form != 0x42 && form != 0x41) || reader.U32() != 0)
                            {
                                throw Unsupported(displayPath);
                            }

                            localTypes.Add(form == 0x41);
                        }
                        else if (decl == 0x04)
                        {
                            reader.Byte();
                            string name = reader.Name();
                            byte sort = reader.Byte();
                            int index = (int)reader.U32();
                            if ((sort != 0x05 && sort != 0x04) || index >= localTypes.Count)
                            {
                                throw Unsupported(displayPath);
                            }

                            items.Add((name, localTypes[index]));
                        }
                        else
                        {
                            throw Unsupported(displayPath);
                        }
                    }
                }
            }

            reader.Position = end;
        }

        return items;
    }

    private sealed class BinaryReader
    {
        private readonly byte[] _bytes;
        private readonly string _path;

        public BinaryReader(byte[] bytes, string path)
        {
            _bytes = bytes;
            _path = path;
        }

        public int Position { get; set; }

        public bool AtEnd => Position >= _bytes.Length;

        public byte Byte() => Position < _bytes.Length ? _bytes[Position++] : throw new WitException($"unexpected end of wasm file [{_path}]");

        public uint U32()
        {
            uint result = 0;
            for (int shift = 0; shift < 35; shift += 7)
            {
                byte b = Byte();
                result |= (uint)(b & 0x7f) << shift;
                if ((b & 0x80) == 0)
                {
                    return result;
                }
            }

            throw new WitException($"invalid LEB128 number in [{_path}]");
        }

        public string Name()
        {
            int length = (int)U32();
            if (length < 0 || Position + length > _bytes.Length)
            {
                throw new WitException($"unexpected end of wasm file [{_path}]");
            }

            string name = Encoding.UTF8.GetString(_bytes, Position, length);
            Position += length;
            return name;
        }
    }
}
