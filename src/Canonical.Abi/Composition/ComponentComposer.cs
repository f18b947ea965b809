using System.Text;
using Wasm.Components.Types;
using Wasm.Text;

namespace Wasm.Components.Composition;

/// <summary>A composed component binary and how it was wired.</summary>
public sealed class ComposedComponent
{
    internal ComposedComponent(byte[] bytes, IReadOnlyList<string> imports, IReadOnlyList<KeyValuePair<string, int>> plugged)
    {
        Bytes = bytes;
        Imports = imports;
        Plugged = plugged;
    }

    /// <summary>The component binary.</summary>
    public byte[] Bytes { get; }

    /// <summary>The composition's own imports: whatever no plug supplied, in order.</summary>
    public IReadOnlyList<string> Imports { get; }

    /// <summary>Each socket import a plug supplied, with the plug's position in the list of plugs (from 0).</summary>
    public IReadOnlyList<KeyValuePair<string, int>> Plugged { get; }
}

/// <summary>
/// Writes a component that nests other components and wires them together, as <c>wac plug</c> does: the socket's
/// imports are satisfied by the exports of the same name (or a semver-compatible version) of the plugs, everything
/// else the socket and the plugs import becomes an import of the composition, and the composition exports what the
/// socket exports. The nested components are copied unchanged; the composition's import types are encoded from the
/// validated types of the components that import them.
/// </summary>
public static partial class ComponentComposer
{
    private const byte ComponentSectionId = 4, InstanceSectionId = 5, AliasSectionId = 6, TypeSectionId = 7;
    private const byte ImportSectionId = 10, ExportSectionId = 11;
    private static readonly byte[] Preamble = [0x00, 0x61, 0x73, 0x6D, 0x0D, 0x00, 0x01, 0x00];

    /// <summary>Composes <paramref name="socket"/> with <paramref name="plugs"/> (component binaries).</summary>
    /// <exception cref="MalformedModuleException">A component is malformed.</exception>
    /// <exception cref="InvalidModuleException">A component is invalid.</exception>
    /// <exception cref="LinkException">A plug supplies none of the socket's imports, two components import the same
    /// name with types that cannot be merged, or an unsupplied import is of a kind a composition cannot re-import (a
    /// core module, a component or value, an instance nested in an instance).</exception>
    public static ComposedComponent Plug(Engine engine, ReadOnlyMemory<byte> socket, IReadOnlyList<ReadOnlyMemory<byte>> plugs)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(plugs);
        var socketType = Component.FromBytes(engine, socket.Span).Type;
        var plugTypes = new ComponentType[plugs.Count];
        for (int i = 0; i < plugs.Count; i++) plugTypes[i] = Component.FromBytes(engine, plugs[i].Span).Type;
        return Plug(socket, socketType, plugs, plugTypes);
    }

    /// <summary>Composes already loaded components: <paramref name="socketType"/> and <paramref name="plugTypes"/>
    /// must be the types of <paramref name="socket"/> and <paramref name="plugs"/>.</summary>
    public static ComposedComponent Plug(ReadOnlyMemory<byte> socket, ComponentType socketType,
        IReadOnlyList<ReadOnlyMemory<byte>> plugs, IReadOnlyList<ComponentType> plugTypes)
    {
        if (plugs.Count != plugTypes.Count) throw new ArgumentException("one type per plug is needed", nameof(plugTypes));
        var plan = Wiring.Plan(socketType, plugTypes);
        var w = new Writer();
        w.Bytes(Preamble);

        // The composition's imports, each with the type of the first component importing it.
        var imports = new Dictionary<string, (byte Sort, uint Index)>(StringComparer.Ordinal);
        var types = new TypeWriter(w);
        foreach (var import in plan.Imports) imports[import.Name] = types.Import(import);

        // The nested components: plugs first, then the socket.
        for (int i = 0; i < plugs.Count; i++) w.Section(ComponentSectionId, plugs[i].Span);
        w.Section(ComponentSectionId, socket.Span);
        uint socketIndex = (uint)plugs.Count;
        w.Components += (uint)plugs.Count + 1;

        // Each plug's instance, its imports from the composition's.
        var plugInstances = new uint[plugs.Count];
        for (int i = 0; i < plugs.Count; i++)
            plugInstances[i] = w.Instantiate((uint)i, ArgumentsFrom(plugTypes[i].Imports, imports, null));

        // The socket's instance: plugged imports from the plugs' exports, the others from the composition's imports.
        var pluggedItems = new Dictionary<string, (byte Sort, uint Index)>(StringComparer.Ordinal);
        foreach (var p in plan.Plugged)
            pluggedItems[p.Import] = w.AliasExport(plugInstances[p.Plug], p.Export, SortOf(p.Type));
        uint socketInstance = w.Instantiate(socketIndex, ArgumentsFrom(socketType.Imports, imports, pluggedItems));

        // The socket's exports, re-exported.
        foreach (var (name, type) in socketType.Exports)
        {
            var item = w.AliasExport(socketInstance, name, SortOf(type));
            w.Export(name, item);
        }

        var plugged = new List<KeyValuePair<string, int>>(plan.Plugged.Count);
        foreach (var p in plan.Plugged) plugged.Add(new(p.Import, p.Plug));
        var importNames = new List<string>(plan.Imports.Count);
        foreach (var i in plan.Imports) importNames.Add(i.Name);
        return new ComposedComponent(w.ToArray(), importNames, plugged);
    }

    private static List<(string Name, (byte Sort, uint Index) Item)> ArgumentsFrom(IReadOnlyList<KeyValuePair<string, ExternType>> wanted,
        Dictionary<string, (byte Sort, uint Index)> imports, Dictionary<string, (byte Sort, uint Index)>? plugged)
    {
        var args = new List<(string, (byte, uint))>(wanted.Count);
        foreach (var (name, _) in wanted)
        {
            if (plugged is not null && plugged.TryGetValue(name, out var p)) args.Add((name, p));
            else args.Add((name, imports[name]));
        }
        return args;
    }

    // Sort bytes; a core module is 0x00 0x11, written as CoreModuleSort.
    internal const byte FuncSort = 0x01, ValueSort = 0x02, TypeSort = 0x03, ComponentSort = 0x04, InstanceSort = 0x05;
    internal const byte CoreModuleSort = 0x11;

    private static byte SortOf(ExternType type) => type switch
    {
        FuncExternType => FuncSort,
        ValueExternType => ValueSort,
        TypeExternType => TypeSort,
        ComponentType => ComponentSort,
        InstanceType => InstanceSort,
        CoreModuleExternType => CoreModuleSort,
        _ => throw new ArgumentException($"unknown extern type {type.GetType().Name}"),
    };

    /// <summary>The output: whole sections, and the index spaces of the composition's own scope.</summary>
    private sealed class Writer
    {
        private readonly ByteWriter _out = new(1 << 16);
        private readonly uint[] _counts = new uint[0x12];

        public uint Components { get => _counts[ComponentSort]; set => _counts[ComponentSort] = value; }

        /// <summary>Takes the next index of a sort.</summary>
        public uint Next(byte sort) => _counts[sort]++;

        public void Bytes(ReadOnlySpan<byte> bytes) => _out.Bytes(bytes);

        public void Section(byte id, ReadOnlySpan<byte> content)
        {
            _out.Byte(id);
            _out.U32((uint)content.Length);
            _out.Bytes(content);
        }

        /// <summary>A section holding one item.</summary>
        public void Item(byte id, ByteWriter item)
        {
            var body = new ByteWriter(item.Length + 1);
            body.U32(1);
            body.Append(item);
            Section(id, body.Span);
        }

        public uint Instantiate(uint component, List<(string Name, (byte Sort, uint Index) Item)> args)
        {
            var item = new ByteWriter();
            item.Byte(0x00);
            item.U32(component);
            item.U32((uint)args.Count);
            foreach (var (name, (sort, index)) in args)
            {
                Name(item, name);
                SortIndex(item, sort, index);
            }
            Item(InstanceSectionId, item);
            return Next(InstanceSort);
        }

        public (byte Sort, uint Index) AliasExport(uint instance, string name, byte sort)
        {
            var item = new ByteWriter();
            WriteSort(item, sort);
            item.Byte(0x00);
            item.U32(instance);
            Name(item, name);
            Item(AliasSectionId, item);
            return (sort, Next(sort));
        }

        public void Export(string name, (byte Sort, uint Index) item)
        {
            var w = new ByteWriter();
            w.Byte(0x00);
            Name(w, name);
            SortIndex(w, item.Sort, item.Index);
            w.Byte(0x00);
            Item(ExportSectionId, w);
            Next(item.Sort);
        }

        public byte[] ToArray() => _out.ToArray();
    }

    internal static void Name(ByteWriter w, string name)
    {
        var bytes = Encoding.UTF8.GetBytes(name);
        w.U32((uint)bytes.Length);
        w.Bytes(bytes);
    }

    private static void WriteSort(ByteWriter w, byte sort)
    {
        if (sort == CoreModuleSort) w.Byte(0x00);
        w.Byte(sort);
    }

    private static void SortIndex(ByteWriter w, byte sort, uint index)
    {
        WriteSort(w, sort);
        w.U32(index);
    }
}
