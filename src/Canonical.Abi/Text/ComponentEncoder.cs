using System.Text;
using System.Text.Unicode;
using Wasm.Text;

namespace Wasm.Components.Text;

/// <summary>
/// Encodes the component text format to the component binary format in one pass over the fields: every
/// definition is emitted as soon as it is read, sugar (inline exports and imports, inline types, export paths,
/// outer references by name) being expanded into the definitions it stands for just before its user.
/// </summary>
internal sealed partial class ComponentEncoder
{
    // Sorts: core sorts are 0x100 | core:sort, component sorts their sort byte.
    internal const int CoreFuncSort = 0x100, CoreTableSort = 0x101, CoreMemorySort = 0x102, CoreGlobalSort = 0x103;
    internal const int CoreTagSort = 0x104, CoreTypeSort = 0x110, CoreModuleSort = 0x111, CoreInstanceSort = 0x112;
    internal const int FuncSort = 1, ValueSort = 2, TypeSort = 3, ComponentSort = 4, InstanceSort = 5;

    private static readonly byte[] Preamble = [0x00, 0x61, 0x73, 0x6D, 0x0D, 0x00, 0x01, 0x00];

    private readonly SourceText _src;
    private readonly ModuleEncoder _core;
    private Scope _scope = null!;

    private ComponentEncoder(SourceText src)
    {
        _src = src;
        _core = ModuleEncoder.ForTypes(src);
    }

    /// <summary>Encodes a component given its fields <c>fields[start..]</c>.</summary>
    public static byte[] Encode(SourceText src, List<SNode> fields, int start, string? id)
    {
        var enc = new ComponentEncoder(src);
        return enc.EncodeComponent(fields, start, id);
    }

    private enum ScopeKind : byte { Component, ComponentType, InstanceType }

    /// <summary>One scope of index spaces: a component, a component type or an instance type.</summary>
    private sealed class Scope
    {
        private readonly Dictionary<int, NameSpace> _spaces = new();

        public Scope(ScopeKind kind, string? id, Scope? parent)
        {
            Kind = kind;
            Id = id;
            Parent = parent;
        }

        public ScopeKind Kind { get; }
        public string? Id { get; }
        public Scope? Parent { get; }

        /// <summary>Sections (components) or declarations (types) written so far.</summary>
        public readonly ByteWriter Out = new(256);

        /// <summary>The open vector section of a component.</summary>
        public int SectionId = -1;
        public ByteWriter Section = new(64);
        public uint SectionCount;

        /// <summary>Number of declarations of a type scope.</summary>
        public uint DeclCount;

        public NameSpace Space(int sort)
        {
            if (!_spaces.TryGetValue(sort, out var s)) _spaces[sort] = s = new NameSpace(SortName(sort));
            return s;
        }
    }

    private byte[] EncodeComponent(List<SNode> fields, int start, string? id)
    {
        var outer = _scope;
        _scope = new Scope(ScopeKind.Component, id, outer);
        for (int i = start; i < fields.Count; i++) ComponentField(fields[i]);
        Flush(_scope);
        var w = new ByteWriter(_scope.Out.Length + 8);
        w.Bytes(Preamble);
        w.Append(_scope.Out);
        _scope = outer!;
        return w.ToArray();
    }

    // ---------------------------------------------------------------- emission

    private static void Flush(Scope s)
    {
        if (s.SectionId < 0) return;
        var body = new ByteWriter(s.Section.Length + 5);
        body.U32(s.SectionCount);
        body.Append(s.Section);
        s.Out.Byte((byte)s.SectionId);
        s.Out.U32((uint)body.Length);
        s.Out.Append(body);
        s.SectionId = -1;
        s.Section = new ByteWriter(64);
        s.SectionCount = 0;
    }

    /// <summary>Appends one item to a vector section of the current component, opening the section if needed.</summary>
    private void EmitItem(int sectionId, ByteWriter item)
    {
        var s = _scope;
        if (s.SectionId != sectionId)
        {
            Flush(s);
            s.SectionId = sectionId;
        }
        s.Section.Append(item);
        s.SectionCount++;
    }

    /// <summary>Writes a whole section (core module, component, start) to the current component.</summary>
    private void EmitSection(byte id, ReadOnlySpan<byte> content)
    {
        Flush(_scope);
        _scope.Out.Byte(id);
        _scope.Out.U32((uint)content.Length);
        _scope.Out.Bytes(content);
    }

    private void EmitDecl(byte tag, ByteWriter item)
    {
        _scope.Out.Byte(tag);
        _scope.Out.Append(item);
        _scope.DeclCount++;
    }

    private bool InType => _scope.Kind != ScopeKind.Component;

    private void RequireComponent(SNode at)
    {
        if (InType) throw Error($"unexpected token \"{at.Describe()}\" in a type declaration", at);
    }

    /// <summary>Emits a core type definition and binds it.</summary>
    private uint AddCoreType(ByteWriter body, string? id, SNode at)
    {
        if (InType) EmitDecl(0x00, body);
        else EmitItem(3, body);
        return Bind(CoreTypeSort, id, at);
    }

    /// <summary>Emits a type definition and binds it.</summary>
    private uint AddType(ByteWriter body, string? id, SNode at)
    {
        if (InType) EmitDecl(0x01, body);
        else EmitItem(7, body);
        return Bind(TypeSort, id, at);
    }

    /// <summary>Emits an alias and binds it.</summary>
    private uint AddAlias(ByteWriter body, int sort, string? id, SNode at)
    {
        if (InType) EmitDecl(0x02, body);
        else EmitItem(6, body);
        return Bind(sort, id, at);
    }

    // ---------------------------------------------------------------- names

    private uint Bind(int sort, string? id, SNode at)
    {
        if (!_scope.Space(sort).TryAdd(id, out var idx)) throw Error($"duplicate {SortName(sort)} identifier ${id}", at);
        return idx;
    }

    private static string SortName(int sort) => sort switch
    {
        CoreFuncSort => "core func",
        CoreTableSort => "core table",
        CoreMemorySort => "core memory",
        CoreGlobalSort => "core global",
        CoreTagSort => "core tag",
        CoreTypeSort => "core type",
        CoreModuleSort => "core module",
        CoreInstanceSort => "core instance",
        FuncSort => "func",
        ValueSort => "value",
        TypeSort => "type",
        ComponentSort => "component",
        InstanceSort => "instance",
        _ => "item",
    };

    private static void WriteSort(ByteWriter w, int sort)
    {
        if (sort >= 0x100)
        {
            w.Byte(0x00);
            w.Byte((byte)sort);
        }
        else w.Byte((byte)sort);
    }

    /// <summary>
    /// Resolves an index of a sort. A name bound only in an enclosing scope (core modules, core types, types and
    /// components) gets an outer alias in the current scope, bound to the same name.
    /// </summary>
    private uint Resolve(int sort, SNode n)
    {
        if (n.Kind == NodeKind.Reserved && Literals.IsNat(n.Text!))
        {
            if (!Literals.TryParseU32(n.Text!, out var v)) throw Error("constant out of range", n);
            return v;
        }
        if (n.Kind != NodeKind.Id) throw Unexpected(n, $"a {SortName(sort)} index");
        if (_scope.Space(sort).TryGet(n.Text!, out var idx)) return idx;
        if (sort is CoreModuleSort or CoreTypeSort or TypeSort or ComponentSort)
        {
            uint depth = 0;
            for (var s = _scope.Parent; s is not null; s = s.Parent)
            {
                depth++;
                if (!s.Space(sort).TryGet(n.Text!, out var outerIdx)) continue;
                var w = new ByteWriter(8);
                WriteSort(w, sort);
                w.Byte(0x02);
                w.U32(depth);
                w.U32(outerIdx);
                return AddAlias(w, sort, n.Text, n);
            }
        }
        throw Error($"unknown {SortName(sort)} ${n.Text}", n);
    }

    private static bool IsIndex(SNode n) => ModuleEncoder.IsIndex(n);

    /// <summary>Resolves <c>idx name*</c> at <c>list.Items[j..]</c>, adding export aliases for the name path.</summary>
    private uint ResolvePath(int sort, SNode list, int j)
    {
        var items = list.Items;
        if (j >= items.Count) throw UnexpectedEnd(list, $"a {SortName(sort)} index");
        if (j + 1 == items.Count) return Resolve(sort, items[j]);
        uint inst = Resolve(InstanceSort, items[j]);
        for (int k = j + 1; k < items.Count; k++)
        {
            var name = Name(items[k]);
            int s = k + 1 == items.Count ? sort : InstanceSort;
            var w = new ByteWriter(16);
            WriteSort(w, s);
            w.Byte(0x00);
            w.U32(inst);
            w.Vec(name);
            inst = AddAlias(w, s, null, items[k]);
        }
        return inst;
    }

    /// <summary>Resolves a core item <c>idx "name"?</c> at <c>list.Items[j..]</c>, aliasing a core instance export.</summary>
    private uint ResolveCorePath(int sort, SNode list, int j)
    {
        var items = list.Items;
        if (j >= items.Count) throw UnexpectedEnd(list, $"a {SortName(sort)} index");
        if (j + 1 == items.Count) return Resolve(sort, items[j]);
        // Core modules are exported by component instances: their paths start at a component instance.
        if (sort == CoreModuleSort) return ResolvePath(sort, list, j);
        if (j + 2 < items.Count) throw Unexpected(items[j + 2], "\")\"");
        uint inst = Resolve(CoreInstanceSort, items[j]);
        var w = new ByteWriter(16);
        WriteSort(w, sort);
        w.Byte(0x01);
        w.U32(inst);
        w.Vec(Name(items[j + 1]));
        return AddAlias(w, sort, null, items[j + 1]);
    }

    /// <summary>
    /// Resolves a core reference written as <c>idx "name"?</c> from <paramref name="j"/> to the end of the list,
    /// or as one nested <c>(core kind idx "name"?)</c> (or legacy <c>(kind idx "name"?)</c>).
    /// </summary>
    private uint CoreRef(int sort, SNode list, int j)
    {
        if (j < list.Items.Count && list.Items[j].IsList)
        {
            var r = list.Items[j];
            ExpectEnd(list, j + 1);
            int k = r.IsForm("core") ? 1 : 0;
            string kw = SortName(sort)["core ".Length..];
            if (k >= r.Items.Count || !r.Items[k].IsKeyword(kw)) throw Unexpected(r, $"({kw} ...)");
            return ResolveCorePath(sort, r, k + 1);
        }
        return ResolveCorePath(sort, list, j);
    }

    /// <summary>Resolves a component reference: an index, or <c>(kind idx name*)</c>.</summary>
    private uint IndexOrRef(int sort, SNode n)
    {
        if (IsIndex(n)) return Resolve(sort, n);
        string kw = SortName(sort);
        if (!n.IsForm(kw)) throw Unexpected(n, $"a {kw} reference");
        return ResolvePath(sort, n, 1);
    }

    // ---------------------------------------------------------------- small readers

    private byte[] Name(SNode n)
    {
        if (n.Kind != NodeKind.String) throw Unexpected(n, "a string");
        if (!Utf8.IsValid(n.Bytes)) throw Error("malformed UTF-8 encoding", n);
        return n.Bytes!;
    }

    private static string? OptId(SNode list, ref int j)
    {
        if (j < list.Items.Count && list.Items[j].Kind == NodeKind.Id) return list.Items[j++].Text;
        return null;
    }

    private SNode Item(SNode list, int j, string expected) => _src.Item(list, j, expected);

    private uint U32(SNode n)
    {
        if (n.Kind == NodeKind.Reserved && Literals.TryParseU32(n.Text!, out var v)) return v;
        if (n.Kind == NodeKind.Reserved && Literals.IsNat(n.Text!)) throw Error("constant out of range", n);
        throw Unexpected(n, "a number");
    }

    private void ExpectEnd(SNode list, int j) => _src.ExpectEnd(list, j);

    // ---------------------------------------------------------------- diagnostics

    private TextFormatException Error(string reason, SNode at) => _src.Error(reason, at.Offset);

    private TextFormatException Unexpected(SNode n, string expected) => _src.Unexpected(n, expected);

    private TextFormatException UnexpectedEnd(SNode list, string expected) => _src.UnexpectedEnd(list, expected);

    private static string Utf8String(byte[] b) => Encoding.UTF8.GetString(b);
}
