using Wasm.Instructions;

namespace Wasm.Model;

/// <summary>
/// A decoded module: the sections' contents in index spaces as the spec defines them (imports first).
/// Produced by the decoder, checked by the validator, read by the compiler and by instantiation.
/// </summary>
internal sealed class ModuleInfo
{
    /// <summary>The whole binary; code bodies and data are slices of it.</summary>
    public ReadOnlyMemory<byte> Bytes;

    /// <summary>Whether the decoder left the function bodies unscanned (their instructions are checked for
    /// malformed code along with validation: <see cref="Validation.ModuleValidator.ValidateBodies"/>).</summary>
    public bool BodiesUnscanned;

    /// <summary>Whether every function body has been validated.</summary>
    public bool BodiesValidated;

    /// <summary>The type section's signatures by type index (null where the type is a struct or array).</summary>
    public readonly List<FuncType> Types = new();

    /// <summary>The type section's canonical defined types by type index.</summary>
    public readonly List<DefinedType> TypeDefs = new();

    /// <summary>The function type at <paramref name="index"/>, or null when there is none (out of range, or a struct or array).</summary>
    public FuncType? FuncTypeAt(uint index) => index < (uint)Types.Count ? Types[(int)index] : null;

    /// <summary>The import section, in order.</summary>
    public readonly List<Import> Imports = new();

    /// <summary>Type index of every function, imported ones first.</summary>
    public readonly List<uint> FuncTypeIndices = new();

    /// <summary>Every table, imported ones first.</summary>
    public readonly List<TableType> Tables = new();

    /// <summary>Initialiser of each defined table (null for <c>ref.null</c> default); imported ones excluded.</summary>
    public readonly List<ConstExpr?> TableInits = new();

    /// <summary>Every memory, imported ones first.</summary>
    public readonly List<MemoryType> Memories = new();

    /// <summary>Type index of every exception tag, imported ones first.</summary>
    public readonly List<uint> TagTypeIndices = new();

    /// <summary>Every global, imported ones first (those have no initialiser).</summary>
    public readonly List<GlobalInfo> Globals = new();

    /// <summary>The export section.</summary>
    public readonly List<Export> Exports = new();

    /// <summary>The start function, if any.</summary>
    public uint? Start;

    /// <summary>The element section.</summary>
    public readonly List<ElementSegment> Elements = new();

    /// <summary>The data section.</summary>
    public readonly List<DataSegment> Datas = new();

    /// <summary>The data count section, if present.</summary>
    public uint? DataCount;

    /// <summary>Code of each defined function (index = function index − <see cref="ImportedFuncs"/>).</summary>
    public readonly List<FunctionBody> Bodies = new();

    /// <summary>The bytes of code in all function bodies.</summary>
    public long CodeBytes()
    {
        var total = 0L;
        foreach (var body in Bodies) total += body.CodeLength;
        return total;
    }

    /// <summary>Custom sections, in order, kept for tools.</summary>
    public readonly List<CustomSection> CustomSections = new();

    /// <summary>Functions that may be referenced with <c>ref.func</c> (the spec's C.refs): those named in
    /// exports, element segments and global initialisers outside function bodies.</summary>
    public readonly HashSet<uint> DeclaredFuncRefs = new();

    /// <summary>Byte offset of each section's id byte, indexed by section id (0 when absent; custom sections excluded).
    /// Used to locate module-level validation errors.</summary>
    public readonly long[] SectionOffsets = new long[14];

    /// <summary>Every section (custom ones included) in binary order, for tools that summarise a module.</summary>
    public readonly List<SectionExtent> Sections = new();

    /// <summary>Counts of imported entities: they come first in their index spaces.</summary>
    public int ImportedFuncs, ImportedTables, ImportedMemories, ImportedGlobals, ImportedTags;

    /// <summary>The signature of a function by index.</summary>
    public FuncType FuncTypeOf(uint funcIndex) => Types[(int)FuncTypeIndices[(int)funcIndex]];
}

/// <summary>An import. Exactly one of the type fields applies, per <see cref="Kind"/>.</summary>
internal sealed record Import(string Module, string Name, ExternKind Kind, long Offset)
{
    /// <summary>For functions: the type index.</summary>
    public uint TypeIndex { get; init; }
    /// <summary>For tables.</summary>
    public TableType Table { get; init; }
    /// <summary>For memories.</summary>
    public MemoryType Memory { get; init; }
    /// <summary>For globals.</summary>
    public GlobalType Global { get; init; }
}

/// <summary>An export.</summary>
internal sealed record Export(string Name, ExternKind Kind, uint Index)
{
    /// <summary>Byte offset of the export in the module.</summary>
    public long Offset { get; init; }
}

/// <summary>A global; <see cref="Init"/> is null for imported ones.</summary>
internal sealed record GlobalInfo(GlobalType Type, ConstExpr? Init);

/// <summary>A constant expression (global and table initialisers, segment offsets, element items).</summary>
internal sealed record ConstExpr(Instruction[] Code, long Offset);

/// <summary>Whether a segment is copied at instantiation, kept for <c>*.init</c>, or only declares references.</summary>
internal enum SegmentMode : byte
{
    /// <summary>Copied into a table/memory at instantiation, then dropped.</summary>
    Active,
    /// <summary>Available to <c>table.init</c>/<c>memory.init</c>.</summary>
    Passive,
    /// <summary>Only declares functions for <c>ref.func</c>; dropped at instantiation.</summary>
    Declarative,
}

/// <summary>An element segment. Function-index encodings are normalised to <c>ref.func</c> items.</summary>
internal sealed record ElementSegment(SegmentMode Mode, uint TableIndex, ConstExpr? Offset, ValType ElementType, ConstExpr[] Items, long SegmentOffset);

/// <summary>A data segment.</summary>
internal sealed record DataSegment(SegmentMode Mode, uint MemoryIndex, ConstExpr? Offset, ReadOnlyMemory<byte> Data, long SegmentOffset);

/// <summary>A defined function's body.</summary>
/// <param name="Locals">Declared locals, expanded (parameters not included).</param>
/// <param name="CodeOffset">Offset in <see cref="ModuleInfo.Bytes"/> of the first instruction.</param>
/// <param name="CodeLength">Bytes of code up to and including the final <c>end</c>.</param>
internal sealed record FunctionBody(ValType[] Locals, int CodeOffset, int CodeLength);

/// <summary>Where a section sits: its id, the offset of its id byte and the size of its contents.</summary>
internal readonly record struct SectionExtent(byte Id, long Offset, int Size);

/// <summary>A custom section.</summary>
internal sealed record CustomSection(string Name, ReadOnlyMemory<byte> Data, long Offset);
