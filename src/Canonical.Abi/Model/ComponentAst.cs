using Wasm.Components.Types;

namespace Wasm.Components.Model;

// The decoded form of a component binary: one node per definition, in binary order, mirroring the productions of
// the Component Model's Binary.md. Indices are raw (validated later). Every node records the byte offset where it
// starts so that validation errors can point into the binary.

/// <summary>The sorts of the core index spaces (<c>core:sort</c>).</summary>
public enum CoreSort : byte
{
    /// <summary>Core functions.</summary>
    Func = 0x00,
    /// <summary>Core tables.</summary>
    Table = 0x01,
    /// <summary>Core memories.</summary>
    Memory = 0x02,
    /// <summary>Core globals.</summary>
    Global = 0x03,
    /// <summary>Core exception tags.</summary>
    Tag = 0x04,
    /// <summary>Core types.</summary>
    Type = 0x10,
    /// <summary>Core modules.</summary>
    Module = 0x11,
    /// <summary>Core instances.</summary>
    Instance = 0x12,
}

/// <summary>The sorts of the component index spaces (<c>sort</c>); core sorts carry a <see cref="CoreSort"/>.</summary>
public enum Sort : byte
{
    /// <summary>A core sort (see <see cref="SortIndex.Core"/>).</summary>
    Core = 0x00,
    /// <summary>Component functions.</summary>
    Func = 0x01,
    /// <summary>Component values.</summary>
    Value = 0x02,
    /// <summary>Component types.</summary>
    Type = 0x03,
    /// <summary>Components.</summary>
    Component = 0x04,
    /// <summary>Component instances.</summary>
    Instance = 0x05,
}

/// <summary>A sort and an index in its index space.</summary>
/// <param name="Sort">The sort.</param>
/// <param name="Core">For <see cref="Sort.Core"/>, the core sort.</param>
/// <param name="Index">The index.</param>
public readonly record struct SortIndex(Sort Sort, CoreSort Core, uint Index);

/// <summary>A decoded component: its definitions in order.</summary>
public sealed class ComponentAst
{
    /// <summary>The definitions, in binary order (core modules, instances, aliases, types, canons, ...).</summary>
    public List<Definition> Definitions { get; } = new();

    /// <summary>Custom sections (name and payload), in order. The <c>component-name</c> section is parsed into <see cref="Names"/>.</summary>
    public List<(string Name, ReadOnlyMemory<byte> Data)> CustomSections { get; } = new();

    /// <summary>Names from the <c>component-name</c> custom section, if present and well formed.</summary>
    public ComponentNames? Names { get; set; }

    /// <summary>Byte offset of the component's preamble in the outermost binary.</summary>
    public int Offset { get; init; }

    /// <summary>Byte offset just past the component.</summary>
    public int End { get; set; }
}

/// <summary>Debug names of a component (the <c>component-name</c> custom section).</summary>
public sealed class ComponentNames
{
    /// <summary>The component's own name.</summary>
    public string? Name { get; set; }

    /// <summary>Names per sort and index.</summary>
    public Dictionary<(Sort Sort, CoreSort Core, uint Index), string> Items { get; } = new();
}

/// <summary>Base of all component definitions.</summary>
/// <param name="Offset">Byte offset of the definition in the outermost binary.</param>
public abstract record Definition(int Offset);

/// <summary><c>(core module ...)</c>: an embedded core module.</summary>
/// <param name="Offset">Byte offset.</param>
/// <param name="Bytes">The module's binary (from its preamble to its end).</param>
/// <param name="BytesOffset">Byte offset of <paramref name="Bytes"/> within the outermost binary.</param>
public sealed record CoreModuleDefinition(int Offset, ReadOnlyMemory<byte> Bytes, int BytesOffset) : Definition(Offset);

/// <summary><c>(core instance (instantiate m (with n (instance i))*))</c>.</summary>
public sealed record CoreInstantiateDefinition(int Offset, uint Module, IReadOnlyList<(string Name, uint Instance)> Args) : Definition(Offset);

/// <summary><c>(core instance (export n (sort idx))*)</c>: a core instance made of existing definitions.</summary>
public sealed record CoreInlineInstanceDefinition(int Offset, IReadOnlyList<(string Name, CoreSort Sort, uint Index)> Exports) : Definition(Offset);

/// <summary><c>(core type ...)</c>: a core function type (or rec group) or a core module type.</summary>
public sealed record CoreTypeDefinition(int Offset, CoreDefType Type) : Definition(Offset);

/// <summary><c>(component ...)</c>: a nested component.</summary>
public sealed record ComponentDefinition(int Offset, ComponentAst Component) : Definition(Offset);

/// <summary><c>(instance (instantiate c (with n (sort idx))*))</c>.</summary>
public sealed record InstantiateDefinition(int Offset, uint Component, IReadOnlyList<(string Name, SortIndex Item)> Args) : Definition(Offset);

/// <summary><c>(instance (export n (sort idx))*)</c>: an instance made of existing definitions.</summary>
public sealed record InlineInstanceDefinition(int Offset, IReadOnlyList<(ExternName Name, SortIndex Item)> Exports) : Definition(Offset);

/// <summary>The kinds of alias.</summary>
public enum AliasKind : byte
{
    /// <summary><c>(alias export i n (sort))</c>: an export of a component instance.</summary>
    InstanceExport = 0x00,
    /// <summary><c>(alias core export i n (sort))</c>: an export of a core instance.</summary>
    CoreInstanceExport = 0x01,
    /// <summary><c>(alias outer ct idx (sort))</c>: a definition of an enclosing component or type.</summary>
    Outer = 0x02,
}

/// <summary>An alias (definition or declarator). For outer aliases <see cref="Instance"/> is the count of scopes
/// and <see cref="Index"/> the index; for export aliases <see cref="Instance"/> is the instance index.</summary>
public sealed record AliasDefinition(int Offset, Sort Sort, CoreSort CoreSort, AliasKind Kind, uint Instance, string? Name, uint Index) : Definition(Offset);

/// <summary><c>(type ...)</c>: a component type definition.</summary>
public sealed record TypeDefinition(int Offset, DefType Type) : Definition(Offset);

/// <summary><c>(canon ...)</c>: a canonical built-in.</summary>
public sealed record CanonDefinition(int Offset, Canon Canon) : Definition(Offset);

/// <summary><c>(start f (value arg)* (result (value))*)</c>.</summary>
public sealed record StartDefinition(int Offset, uint Func, IReadOnlyList<uint> Args, uint Results) : Definition(Offset);

/// <summary><c>(import name externtype)</c>.</summary>
public sealed record ImportDefinition(int Offset, ExternName Name, ExternDesc Type) : Definition(Offset);

/// <summary><c>(export name (sort idx) externtype?)</c>.</summary>
public sealed record ExportDefinition(int Offset, ExternName Name, SortIndex Item, ExternDesc? Type) : Definition(Offset);

/// <summary><c>(value t v)</c>: a value definition (the binary value encoding kept undecoded).</summary>
public sealed record ValueDefinition(int Offset, ValTypeRef Type, ReadOnlyMemory<byte> Bytes) : Definition(Offset);

/// <summary>An import or export name with its attributes.</summary>
/// <param name="Name">The extern name (e.g. <c>wasi:cli/stdout@0.2.0</c>, <c>[method]r.f</c>).</param>
/// <param name="Implements">The <c>implements</c> attribute, if any.</param>
/// <param name="VersionSuffix">The <c>versionsuffix</c> attribute, if any.</param>
/// <param name="ExternalId">The <c>external-id</c> attribute, if any.</param>
public sealed record ExternName(string Name, string? Implements = null, string? VersionSuffix = null, string? ExternalId = null)
{
    /// <inheritdoc/>
    public override string ToString() => Name;
}

// ---------------------------------------------------------------- core types

/// <summary>A core type definition in a component: a function type (or other rec group) or a module type.</summary>
public abstract record CoreDefType;

/// <summary>A core function type.</summary>
public sealed record CoreFuncDefType(Wasm.FuncType Type) : CoreDefType;

/// <summary>A core rec group or sub type other than a plain function type (GC), as the engine decodes it.</summary>
internal sealed record CoreRecGroupDefType(Wasm.RawSubType[] Types) : CoreDefType;

/// <summary>A core rec group using encodings beyond GC (shared types, descriptors, continuations); kept opaque.</summary>
public sealed record CoreOtherDefType(string Description) : CoreDefType;

/// <summary><c>(module decl*)</c>: a core module type.</summary>
public sealed record CoreModuleDefType(IReadOnlyList<CoreModuleDecl> Decls) : CoreDefType;

/// <summary>A declaration inside a core module type.</summary>
public abstract record CoreModuleDecl(int Offset);

/// <summary>An import declaration of a core module type.</summary>
public sealed record CoreImportDecl(int Offset, string Module, string Name, CoreExternDesc Type) : CoreModuleDecl(Offset);

/// <summary>A type declaration of a core module type.</summary>
public sealed record CoreTypeDecl(int Offset, CoreDefType Type) : CoreModuleDecl(Offset);

/// <summary>An outer type alias declaration of a core module type.</summary>
public sealed record CoreAliasDecl(int Offset, uint Count, uint Index) : CoreModuleDecl(Offset);

/// <summary>An export declaration of a core module type.</summary>
public sealed record CoreExportDecl(int Offset, string Name, CoreExternDesc Type) : CoreModuleDecl(Offset);

/// <summary>A core extern type in a module type: a function type index, or a table, memory, global or tag type.</summary>
/// <param name="Kind">The kind.</param>
/// <param name="TypeIndex">For functions and tags, the core type index.</param>
/// <param name="Type">For tables, memories and globals: <see cref="Wasm.TableType"/>, <see cref="Wasm.MemoryType"/> or <see cref="Wasm.GlobalType"/>.</param>
public sealed record CoreExternDesc(Wasm.ExternKind Kind, uint TypeIndex, object? Type);

// ---------------------------------------------------------------- component types

/// <summary>A reference to a value type: a primitive or an index in the type index space.</summary>
/// <param name="Primitive">The primitive, or <see cref="PrimitiveKind.None"/> when <paramref name="Index"/> is used.</param>
/// <param name="Index">The type index when not a primitive.</param>
public readonly record struct ValTypeRef(PrimitiveKind Primitive, uint Index)
{
    /// <summary>True when this refers to a type index.</summary>
    public bool IsIndex => Primitive == PrimitiveKind.None;

    /// <summary>A primitive type.</summary>
    public static ValTypeRef Of(PrimitiveKind p) => new(p, 0);

    /// <summary>A type index.</summary>
    public static ValTypeRef At(uint index) => new(PrimitiveKind.None, index);
}

/// <summary>A component type definition (<c>deftype</c>).</summary>
public abstract record DefType;

/// <summary>A primitive used as a defined type (<c>(type u32)</c>).</summary>
public sealed record PrimitiveDefType(PrimitiveKind Kind) : DefType;

/// <summary><c>(record (field l t)+)</c>.</summary>
public sealed record RecordDefType(IReadOnlyList<(string Name, ValTypeRef Type)> Fields) : DefType;

/// <summary><c>(variant (case l t?)+)</c>.</summary>
public sealed record VariantDefType(IReadOnlyList<(string Name, ValTypeRef? Type)> Cases) : DefType;

/// <summary><c>(list t)</c> or <c>(list t len)</c>.</summary>
public sealed record ListDefType(ValTypeRef Element, uint? FixedLength) : DefType;

/// <summary><c>(tuple t+)</c>.</summary>
public sealed record TupleDefType(IReadOnlyList<ValTypeRef> Types) : DefType;

/// <summary><c>(flags l+)</c>.</summary>
public sealed record FlagsDefType(IReadOnlyList<string> Names) : DefType;

/// <summary><c>(enum l+)</c>.</summary>
public sealed record EnumDefType(IReadOnlyList<string> Names) : DefType;

/// <summary><c>(option t)</c>.</summary>
public sealed record OptionDefType(ValTypeRef Type) : DefType;

/// <summary><c>(result t? (error u)?)</c>.</summary>
public sealed record ResultDefType(ValTypeRef? Ok, ValTypeRef? Error) : DefType;

/// <summary><c>(own i)</c>.</summary>
public sealed record OwnDefType(uint Resource) : DefType;

/// <summary><c>(borrow i)</c>.</summary>
public sealed record BorrowDefType(uint Resource) : DefType;

/// <summary><c>(stream t?)</c>.</summary>
public sealed record StreamDefType(ValTypeRef? Element) : DefType;

/// <summary><c>(future t?)</c>.</summary>
public sealed record FutureDefType(ValTypeRef? Element) : DefType;

/// <summary><c>(map k v)</c>.</summary>
public sealed record MapDefType(ValTypeRef Key, ValTypeRef Value) : DefType;

/// <summary><c>(func async? (param l t)* (result t)?)</c>.</summary>
public sealed record FuncDefType(IReadOnlyList<(string Name, ValTypeRef Type)> Params, ValTypeRef? Result, bool IsAsync) : DefType;

/// <summary><c>(resource (rep i32) (dtor f)?)</c>.</summary>
public sealed record ResourceDefType(Wasm.ValType Rep, uint? Destructor) : DefType;

/// <summary><c>(component decl*)</c>.</summary>
public sealed record ComponentDefType(IReadOnlyList<Decl> Decls) : DefType;

/// <summary><c>(instance decl*)</c>.</summary>
public sealed record InstanceDefType(IReadOnlyList<Decl> Decls) : DefType;

/// <summary>A declarator inside a component or instance type.</summary>
public abstract record Decl(int Offset);

/// <summary>A core type declarator.</summary>
public sealed record CoreTypeDecl2(int Offset, CoreDefType Type) : Decl(Offset);

/// <summary>A type declarator.</summary>
public sealed record TypeDecl(int Offset, DefType Type) : Decl(Offset);

/// <summary>An alias declarator.</summary>
public sealed record AliasDecl(int Offset, AliasDefinition Alias) : Decl(Offset);

/// <summary>An import declarator (component types only).</summary>
public sealed record ImportDecl(int Offset, ExternName Name, ExternDesc Type) : Decl(Offset);

/// <summary>An export declarator.</summary>
public sealed record ExportDecl(int Offset, ExternName Name, ExternDesc Type) : Decl(Offset);

/// <summary>The kinds of <c>externtype</c>.</summary>
public enum ExternDescKind : byte
{
    /// <summary><c>(core module (type i))</c>.</summary>
    CoreModule = 0x00,
    /// <summary><c>(func (type i))</c>.</summary>
    Func = 0x01,
    /// <summary><c>(value b)</c>.</summary>
    Value = 0x02,
    /// <summary><c>(type b)</c>.</summary>
    Type = 0x03,
    /// <summary><c>(component (type i))</c>.</summary>
    Component = 0x04,
    /// <summary><c>(instance (type i))</c>.</summary>
    Instance = 0x05,
}

/// <summary>An <c>externtype</c>: the kind and its type index or bound.</summary>
/// <param name="Kind">The kind.</param>
/// <param name="Index">The type index (core type index for modules); for <c>(type (eq i))</c> the index; for values with an <c>eq</c> bound the value index.</param>
/// <param name="SubResource">For <c>(type (sub resource))</c>.</param>
/// <param name="WitType">For <c>(value t)</c>.</param>
/// <param name="ValueEq">For <c>(value (eq i))</c>.</param>
public sealed record ExternDesc(ExternDescKind Kind, uint Index, bool SubResource = false, ValTypeRef? WitType = null, bool ValueEq = false);

// ---------------------------------------------------------------- canonical built-ins

/// <summary>The string encodings of the canonical ABI.</summary>
public enum StringEncoding : byte
{
    /// <summary>UTF-8 (the default).</summary>
    Utf8 = 0,
    /// <summary>UTF-16 little-endian.</summary>
    Utf16 = 1,
    /// <summary>Latin-1 or UTF-16, chosen per string (the high bit of the length tags UTF-16).</summary>
    Latin1Utf16 = 2,
}

/// <summary>One canonical option as written.</summary>
/// <param name="Kind">0 utf8, 1 utf16, 2 latin1+utf16, 3 memory, 4 realloc, 5 post-return, 6 async, 7 callback, 8 core-type, 9 gc.</param>
/// <param name="Index">The memory or function index for options that carry one.</param>
public readonly record struct CanonOpt(byte Kind, uint Index);

/// <summary>The kinds of canonical built-in.</summary>
public enum CanonKind : byte
{
    /// <summary><c>canon lift</c>.</summary>
    Lift,
    /// <summary><c>canon lower</c>.</summary>
    Lower,
    /// <summary><c>canon resource.new</c>.</summary>
    ResourceNew,
    /// <summary><c>canon resource.drop</c>.</summary>
    ResourceDrop,
    /// <summary><c>canon resource.drop async</c>.</summary>
    ResourceDropAsync,
    /// <summary><c>canon resource.rep</c>.</summary>
    ResourceRep,
    /// <summary>Any async, stream, future, error-context, waitable or thread built-in (see <see cref="Canon.Opcode"/>).</summary>
    Other,
}

/// <summary>A canonical definition.</summary>
/// <param name="Kind">The kind.</param>
/// <param name="Opcode">The binary opcode (for <see cref="CanonKind.Other"/>, identifies the built-in).</param>
/// <param name="Func">For lift: the core function index; for lower: the component function index.</param>
/// <param name="Type">For lift: the function type index; for resource built-ins: the resource type index; for other built-ins taking a type index, that index.</param>
/// <param name="Options">The canonical options.</param>
/// <param name="Immediates">Extra immediates of other built-ins, in binary order (flags as 0/1; for <c>context.get/set</c> the
/// core value type's leading byte, then the slot).</param>
/// <param name="Result">For <c>task.return</c>: the result type, if any.</param>
public sealed record Canon(CanonKind Kind, byte Opcode, uint Func, uint Type, IReadOnlyList<CanonOpt> Options, IReadOnlyList<uint>? Immediates = null, ValTypeRef? Result = null)
{
    /// <summary>True for built-ins belonging to the async, error-context or threading features.</summary>
    public bool IsAsyncOrThreading => Kind == CanonKind.Other || Kind == CanonKind.ResourceDropAsync;
}
