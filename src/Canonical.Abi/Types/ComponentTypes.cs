namespace Wasm.Components.Types;

// Resolved component types: what validation computes from the index-based definitions and what the canonical
// ABI, the runtime, WAVE and the WIT printer consume. Value types are immutable object graphs; resource types
// compare by identity (each definition or abstract import is a fresh type).

/// <summary>The primitive value types.</summary>
public enum PrimitiveKind : byte
{
    /// <summary>Not a primitive (a type index is used instead).</summary>
    None = 0,
    /// <summary><c>bool</c>.</summary>
    Bool,
    /// <summary><c>s8</c>.</summary>
    S8,
    /// <summary><c>u8</c>.</summary>
    U8,
    /// <summary><c>s16</c>.</summary>
    S16,
    /// <summary><c>u16</c>.</summary>
    U16,
    /// <summary><c>s32</c>.</summary>
    S32,
    /// <summary><c>u32</c>.</summary>
    U32,
    /// <summary><c>s64</c>.</summary>
    S64,
    /// <summary><c>u64</c>.</summary>
    U64,
    /// <summary><c>f32</c>.</summary>
    F32,
    /// <summary><c>f64</c>.</summary>
    F64,
    /// <summary><c>char</c>.</summary>
    Char,
    /// <summary><c>string</c>.</summary>
    String,
    /// <summary><c>error-context</c>.</summary>
    ErrorContext,
}

/// <summary>The kinds of component value type.</summary>
public enum ValueKind : byte
{
    /// <summary><c>bool</c>.</summary>
    Bool,
    /// <summary><c>s8</c>.</summary>
    S8,
    /// <summary><c>u8</c>.</summary>
    U8,
    /// <summary><c>s16</c>.</summary>
    S16,
    /// <summary><c>u16</c>.</summary>
    U16,
    /// <summary><c>s32</c>.</summary>
    S32,
    /// <summary><c>u32</c>.</summary>
    U32,
    /// <summary><c>s64</c>.</summary>
    S64,
    /// <summary><c>u64</c>.</summary>
    U64,
    /// <summary><c>f32</c>.</summary>
    F32,
    /// <summary><c>f64</c>.</summary>
    F64,
    /// <summary><c>char</c>.</summary>
    Char,
    /// <summary><c>string</c>.</summary>
    String,
    /// <summary><c>error-context</c>.</summary>
    ErrorContext,
    /// <summary><c>record</c>.</summary>
    Record,
    /// <summary><c>variant</c>.</summary>
    Variant,
    /// <summary><c>list</c> (optionally fixed-length).</summary>
    List,
    /// <summary><c>tuple</c>.</summary>
    Tuple,
    /// <summary><c>flags</c>.</summary>
    Flags,
    /// <summary><c>enum</c>.</summary>
    Enum,
    /// <summary><c>option</c>.</summary>
    Option,
    /// <summary><c>result</c>.</summary>
    Result,
    /// <summary><c>own</c> handle.</summary>
    Own,
    /// <summary><c>borrow</c> handle.</summary>
    Borrow,
    /// <summary><c>stream</c>.</summary>
    Stream,
    /// <summary><c>future</c>.</summary>
    Future,
    /// <summary><c>map</c>.</summary>
    Map,
}

/// <summary>A component value type. Size, alignment and flattening are computed once per instance by the
/// canonical ABI.</summary>
public abstract partial class WitType
{
    private protected WitType(ValueKind kind) => Kind = kind;

    /// <summary>The kind of type.</summary>
    public ValueKind Kind { get; }

    /// <summary>Cached canonical ABI layout; filled on first use.</summary>
    internal Abi.TypeLayout? CachedLayout;

    /// <summary>
    /// For a record, variant, enum or flags type that a type import or export named: the definition it names.
    /// Validation tells each such name apart (only named types may cross a component boundary); everything else
    /// sees the one definition (<see cref="Definition"/>).
    /// </summary>
    internal WitType? AliasOf { get; init; }

    /// <summary>The type definition itself, seeing through the names imports and exports give it.</summary>
    internal WitType Definition => AliasOf ?? this;

    /// <summary>The primitive types, one shared instance each.</summary>
    public static readonly PrimitiveType Bool = new(ValueKind.Bool), S8 = new(ValueKind.S8), U8 = new(ValueKind.U8),
        S16 = new(ValueKind.S16), U16 = new(ValueKind.U16), S32 = new(ValueKind.S32), U32 = new(ValueKind.U32),
        S64 = new(ValueKind.S64), U64 = new(ValueKind.U64), F32 = new(ValueKind.F32), F64 = new(ValueKind.F64),
        Char = new(ValueKind.Char), String = new(ValueKind.String), ErrorContext = new(ValueKind.ErrorContext);

    /// <summary>The shared instance of a primitive.</summary>
    public static PrimitiveType Primitive(PrimitiveKind kind) => kind switch
    {
        PrimitiveKind.Bool => Bool,
        PrimitiveKind.S8 => S8,
        PrimitiveKind.U8 => U8,
        PrimitiveKind.S16 => S16,
        PrimitiveKind.U16 => U16,
        PrimitiveKind.S32 => S32,
        PrimitiveKind.U32 => U32,
        PrimitiveKind.S64 => S64,
        PrimitiveKind.U64 => U64,
        PrimitiveKind.F32 => F32,
        PrimitiveKind.F64 => F64,
        PrimitiveKind.Char => Char,
        PrimitiveKind.String => String,
        PrimitiveKind.ErrorContext => ErrorContext,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>The type in the WIT-like text used by error messages (<c>list&lt;u8&gt;</c>, <c>record { a: u32 }</c>).</summary>
    public abstract override string ToString();
}

/// <summary>A primitive type (<c>bool</c>, integers, floats, <c>char</c>, <c>string</c>, <c>error-context</c>).</summary>
public sealed class PrimitiveType : WitType
{
    internal PrimitiveType(ValueKind kind) : base(kind) { }

    /// <inheritdoc/>
    public override string ToString() => Kind switch
    {
        ValueKind.ErrorContext => "error-context",
        _ => Kind.ToString().ToLowerInvariant(),
    };
}

/// <summary>A record field.</summary>
public readonly record struct Field(string Name, WitType Type);

/// <summary>A variant case.</summary>
public readonly record struct Case(string Name, WitType? Type);

/// <summary><c>record { name: type, ... }</c>.</summary>
public sealed class RecordType(IReadOnlyList<Field> fields) : WitType(ValueKind.Record)
{
    /// <summary>The fields, in order.</summary>
    public IReadOnlyList<Field> Fields { get; } = fields;

    /// <inheritdoc/>
    public override string ToString() => "record { " + string.Join(", ", Fields.Select(f => f.Name + ": " + f.Type)) + " }";
}

/// <summary><c>variant { case(type), ... }</c>.</summary>
public sealed class VariantType(IReadOnlyList<Case> cases) : WitType(ValueKind.Variant)
{
    /// <summary>The cases, in order.</summary>
    public IReadOnlyList<Case> Cases { get; } = cases;

    /// <inheritdoc/>
    public override string ToString() => "variant { " + string.Join(", ", Cases.Select(c => c.Type is null ? c.Name : c.Name + "(" + c.Type + ")")) + " }";
}

/// <summary><c>list&lt;T&gt;</c> or the fixed-length <c>list&lt;T, N&gt;</c>.</summary>
public sealed class ListType(WitType element, uint? fixedLength = null) : WitType(ValueKind.List)
{
    /// <summary>The element type.</summary>
    public WitType Element { get; } = element;

    /// <summary>The length of a fixed-length list.</summary>
    public uint? FixedLength { get; } = fixedLength;

    /// <inheritdoc/>
    public override string ToString() => FixedLength is { } n ? $"list<{Element}, {n}>" : $"list<{Element}>";
}

/// <summary><c>tuple&lt;T, ...&gt;</c>.</summary>
public sealed class TupleType(IReadOnlyList<WitType> types) : WitType(ValueKind.Tuple)
{
    /// <summary>The element types.</summary>
    public IReadOnlyList<WitType> Types { get; } = types;

    /// <inheritdoc/>
    public override string ToString() => "tuple<" + string.Join(", ", Types) + ">";
}

/// <summary><c>flags { a, b, ... }</c>.</summary>
public sealed class FlagsType(IReadOnlyList<string> names) : WitType(ValueKind.Flags)
{
    /// <summary>The flag names, in bit order.</summary>
    public IReadOnlyList<string> Names { get; } = names;

    /// <inheritdoc/>
    public override string ToString() => "flags { " + string.Join(", ", Names) + " }";
}

/// <summary><c>enum { a, b, ... }</c>.</summary>
public sealed class EnumType(IReadOnlyList<string> names) : WitType(ValueKind.Enum)
{
    /// <summary>The case names, in discriminant order.</summary>
    public IReadOnlyList<string> Names { get; } = names;

    /// <inheritdoc/>
    public override string ToString() => "enum { " + string.Join(", ", Names) + " }";
}

/// <summary><c>option&lt;T&gt;</c>.</summary>
public sealed class OptionType(WitType inner) : WitType(ValueKind.Option)
{
    /// <summary>The payload type of <c>some</c>.</summary>
    public WitType Inner { get; } = inner;

    /// <inheritdoc/>
    public override string ToString() => $"option<{Inner}>";
}

/// <summary><c>result&lt;T, E&gt;</c> with either side optional.</summary>
public sealed class ResultType(WitType? ok, WitType? error) : WitType(ValueKind.Result)
{
    /// <summary>The payload of <c>ok</c>, if any.</summary>
    public WitType? Ok { get; } = ok;

    /// <summary>The payload of <c>err</c>, if any.</summary>
    public WitType? Error { get; } = error;

    /// <inheritdoc/>
    public override string ToString() => $"result<{Ok?.ToString() ?? "_"}, {Error?.ToString() ?? "_"}>";
}

/// <summary><c>own&lt;R&gt;</c> or <c>borrow&lt;R&gt;</c>.</summary>
public sealed class HandleType(ResourceType resource, bool isOwn) : WitType(isOwn ? ValueKind.Own : ValueKind.Borrow)
{
    private readonly object? _resourceName;

    /// <summary>The resource type.</summary>
    public ResourceType Resource { get; } = resource;

    /// <summary>
    /// Which name of the resource the handle was written with: a token of the import or export that named it, or
    /// the resource itself. Validation checks that handles crossing a component boundary use a visible name.
    /// </summary>
    internal object ResourceName { get => _resourceName ?? Resource; init => _resourceName = value; }

    /// <summary>True for <c>own</c>.</summary>
    public bool IsOwn => Kind == ValueKind.Own;

    /// <inheritdoc/>
    public override string ToString() => (IsOwn ? "own<" : "borrow<") + Resource + ">";
}

/// <summary><c>stream&lt;T&gt;</c> or <c>future&lt;T&gt;</c> (async; not implemented by the runtime).</summary>
public sealed class AsyncValueType(bool isStream, WitType? element) : WitType(isStream ? ValueKind.Stream : ValueKind.Future)
{
    /// <summary>The element type, if any.</summary>
    public WitType? Element { get; } = element;

    /// <inheritdoc/>
    public override string ToString() => (Kind == ValueKind.Stream ? "stream" : "future") + (Element is null ? "" : $"<{Element}>");
}

/// <summary><c>map&lt;K, V&gt;</c>.</summary>
public sealed class MapType(WitType key, WitType value) : WitType(ValueKind.Map)
{
    /// <summary>The key type.</summary>
    public WitType Key { get; } = key;

    /// <summary>The value type.</summary>
    public WitType Value { get; } = value;

    /// <inheritdoc/>
    public override string ToString() => $"map<{Key}, {Value}>";
}

/// <summary>
/// A resource type. Every <c>(resource ...)</c> definition, every abstract <c>(sub resource)</c> import and every
/// host-defined resource is a distinct object; equality is identity.
/// </summary>
public sealed class ResourceType
{
    /// <summary>Creates a resource type.</summary>
    /// <param name="name">A name for messages (the import or export name that introduced it).</param>
    public ResourceType(string? name) => Name = name;

    /// <summary>A name for messages.</summary>
    public string? Name { get; internal set; }

    /// <summary>The component instance that defined it with <c>(resource ...)</c>, or null for host and abstract resources.</summary>
    internal object? DefiningInstance { get; set; }

    /// <summary>The core destructor function, if the defining component gave one.</summary>
    internal Wasm.Function? Destructor { get; set; }

    /// <summary>A host callback run when an owned handle of a host-defined resource is dropped (receives the rep).</summary>
    public Action<uint>? HostDestructor { get; set; }

    /// <summary>
    /// Drops an owned handle that the host holds, e.g. one a guest export returned: runs the destructor, inside the
    /// defining instance for a guest resource (which must be enterable; a trap there poisons it).
    /// </summary>
    /// <exception cref="TrapException">The defining instance cannot be entered, or its destructor trapped.</exception>
    public void DropOwned(uint rep)
    {
        if (Destructor is not { } dtor)
        {
            HostDestructor?.Invoke(rep);
            return;
        }
        var owner = DefiningInstance as InstanceState;
        owner?.Enter();
        try
        {
            dtor.Invoke(Value.FromI32(unchecked((int)rep)));
        }
        catch (Exception e) when (owner is not null && InstanceState.PoisonOn(owner, e))
        {
        }
        finally
        {
            owner?.Exit();
        }
    }

    /// <inheritdoc/>
    public override string ToString() => Name ?? "resource";
}

/// <summary>A named parameter.</summary>
public readonly record struct Param(string Name, WitType Type);

/// <summary>A component function type.</summary>
public sealed class ComponentFuncType(IReadOnlyList<Param> parameters, WitType? result, bool isAsync = false)
{
    /// <summary>The parameters, in order.</summary>
    public IReadOnlyList<Param> Params { get; } = parameters;

    /// <summary>The result type, if any.</summary>
    public WitType? Result { get; } = result;

    /// <summary>True for <c>async</c> function types.</summary>
    public bool IsAsync { get; } = isAsync;

    /// <summary>Cached canonical ABI flattening; filled on first use.</summary>
    internal Abi.FuncLayout? CachedLayout;

    /// <inheritdoc/>
    public override string ToString() =>
        (IsAsync ? "async " : "") + "func(" + string.Join(", ", Params.Select(p => p.Name + ": " + p.Type)) + ")" + (Result is null ? "" : " -> " + Result);
}

/// <summary>The kinds of extern (import/export) types.</summary>
public enum ExternTypeKind : byte
{
    /// <summary>A core module.</summary>
    CoreModule,
    /// <summary>A component function.</summary>
    Func,
    /// <summary>A value.</summary>
    Value,
    /// <summary>A type.</summary>
    Type,
    /// <summary>A component.</summary>
    Component,
    /// <summary>A component instance.</summary>
    Instance,
}

/// <summary>The type of an import or export.</summary>
public abstract class ExternType
{
    private protected ExternType(ExternTypeKind kind) => Kind = kind;

    /// <summary>The kind.</summary>
    public ExternTypeKind Kind { get; }
}

/// <summary>A function import or export.</summary>
public sealed class FuncExternType(ComponentFuncType type) : ExternType(ExternTypeKind.Func)
{
    /// <summary>The function type.</summary>
    public ComponentFuncType Type { get; } = type;
}

/// <summary>A type import or export: a value type (<c>eq</c>) or a resource.</summary>
public sealed class TypeExternType : ExternType
{
    /// <summary>A type equal to a value type.</summary>
    public TypeExternType(WitType type) : base(ExternTypeKind.Type) => WitType = type;

    /// <summary>A resource type (defined, imported or abstract).</summary>
    public TypeExternType(ResourceType resource) : base(ExternTypeKind.Type) => Resource = resource;

    /// <summary>The value type, for <c>(eq t)</c> bounds on value types.</summary>
    public WitType? WitType { get; }

    /// <summary>The resource type, for resources.</summary>
    public ResourceType? Resource { get; }

    private readonly object? _resourceName;

    /// <summary>
    /// For a resource: the name this import or export gives it, as <see cref="HandleType.ResourceName"/> refers to it
    /// (the resource itself where the resource is introduced, a fresh token where an existing one is renamed).
    /// </summary>
    internal object? ResourceName { get => _resourceName ?? Resource; init => _resourceName = value; }
}

/// <summary>A value import or export.</summary>
public sealed class ValueExternType(WitType type) : ExternType(ExternTypeKind.Value)
{
    /// <summary>The value's type.</summary>
    public WitType Type { get; } = type;
}

/// <summary>A core module import or export: its imports and exports.</summary>
public sealed class CoreModuleExternType(IReadOnlyList<(string Module, string Name, object Type)> imports, IReadOnlyList<(string Name, object Type)> exports)
    : ExternType(ExternTypeKind.CoreModule)
{
    /// <summary>The imports (core extern types as the engine models them).</summary>
    public IReadOnlyList<(string Module, string Name, object Type)> Imports { get; } = imports;

    /// <summary>The exports.</summary>
    public IReadOnlyList<(string Name, object Type)> Exports { get; } = exports;
}

/// <summary>An instance type: named exports.</summary>
public sealed class InstanceType(IReadOnlyList<KeyValuePair<string, ExternType>> exports) : ExternType(ExternTypeKind.Instance)
{
    /// <summary>The exports, in order.</summary>
    public IReadOnlyList<KeyValuePair<string, ExternType>> Exports { get; } = exports;

    /// <summary>
    /// The abstract resources this instance type itself introduces (<c>(export "r" (type (sub resource)))</c>, also
    /// through exported instances). Each import or export of the type gives them fresh identities, so two instances
    /// of one type do not share resources; attached instance types have none.
    /// </summary>
    internal IReadOnlyList<ResourceType> DefinedResources { get; init; } = Array.Empty<ResourceType>();

    /// <summary>The export with the given name, or null.</summary>
    public ExternType? Find(string name)
    {
        foreach (var e in Exports) if (e.Key == name) return e.Value;
        return null;
    }
}

/// <summary>A component type: named imports and exports.</summary>
public sealed class ComponentType(IReadOnlyList<KeyValuePair<string, ExternType>> imports, IReadOnlyList<KeyValuePair<string, ExternType>> exports)
    : ExternType(ExternTypeKind.Component)
{
    /// <summary>The imports, in order.</summary>
    public IReadOnlyList<KeyValuePair<string, ExternType>> Imports { get; } = imports;

    /// <summary>The exports, in order.</summary>
    public IReadOnlyList<KeyValuePair<string, ExternType>> Exports { get; } = exports;

    /// <summary>The abstract resources the imports introduce: instantiation binds them to the resources supplied.</summary>
    internal IReadOnlyList<ResourceType> ImportedResources { get; init; } = Array.Empty<ResourceType>();

    /// <summary>The resources the component creates (definitions, nested instantiations, abstract exports of a
    /// component type): each instantiation gets fresh copies.</summary>
    internal IReadOnlyList<ResourceType> DefinedResources { get; init; } = Array.Empty<ResourceType>();
}
