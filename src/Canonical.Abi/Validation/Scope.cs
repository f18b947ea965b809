using System.Runtime.CompilerServices;
using Wasm.Components.Model;
using Wasm.Components.Types;

namespace Wasm.Components.Validation;

/// <summary>
/// The index spaces of one validation scope: a component definition, a component type or an instance type.
/// Outer aliases reach enclosing scopes through <see cref="Parent"/>.
/// </summary>
internal sealed class Scope
{
    public Scope(Scope? parent, bool isComponent)
    {
        Parent = parent;
        IsComponent = isComponent;
    }

    /// <summary>The enclosing scope.</summary>
    public Scope? Parent { get; }

    /// <summary>True for a component definition (false for component and instance types).</summary>
    public bool IsComponent { get; }

    /// <summary>Types: <see cref="WitType"/>, <see cref="ComponentFuncType"/>, <see cref="ResourceType"/>,
    /// <see cref="ComponentType"/> or <see cref="InstanceType"/>.</summary>
    public readonly List<object> Types = new();

    /// <summary>Core types: <see cref="Wasm.FuncType"/>, <see cref="CoreModuleExternType"/>, or a string describing a GC type.</summary>
    public readonly List<object> CoreTypes = new();

    public readonly List<CoreModuleExternType> CoreModules = new();
    public readonly List<CoreInstanceShape> CoreInstances = new();
    public readonly List<Wasm.FuncType> CoreFuncs = new();
    public readonly List<Wasm.TableType> CoreTables = new();
    public readonly List<Wasm.MemoryType> CoreMemories = new();
    public readonly List<Wasm.GlobalType> CoreGlobals = new();
    public readonly List<object?> CoreTags = new();

    public readonly List<ComponentFuncType> Funcs = new();
    public readonly List<WitType> Values = new();
    public readonly List<ComponentType> Components = new();
    public readonly List<InstanceType> Instances = new();

    public readonly List<KeyValuePair<string, ExternType>> Imports = new();
    public readonly List<KeyValuePair<string, ExternType>> Exports = new();

    /// <summary>The canonical forms of the import and export names (for strong uniqueness), to the names as written.</summary>
    public readonly Dictionary<string, string> ImportNames = new(StringComparer.Ordinal);
    public readonly Dictionary<string, string> ExportNames = new(StringComparer.Ordinal);

    /// <summary>Resource types defined by <c>(resource ...)</c> in this component: only these have a representation
    /// that <c>resource.new</c> and <c>resource.rep</c> may use.</summary>
    public readonly HashSet<ResourceType> LocalResources = new(ReferenceEqualityComparer.Instance);

    /// <summary>Resources this scope creates: its own definitions, those of each nested instantiation, and the
    /// abstract resources a component or instance type exports. They become the type's defined resources.</summary>
    public readonly List<ResourceType> DefinedResources = new();

    /// <summary>Abstract resources this scope's imports introduce.</summary>
    public readonly List<ResourceType> ImportedResources = new();

    /// <summary>Type index → the name a resource has at that index, where an import, export or alias renamed it
    /// (<see cref="HandleType.ResourceName"/>). Other resource indices hold the resource under its own name.</summary>
    private readonly Dictionary<int, object> _resourceNames = new();

    /// <summary>Types named by this component's imports: what later imports may mention (external visibility).</summary>
    public readonly HashSet<TypeName> ImportedNames = new();

    /// <summary>Types named by this component's imports and exports: what later exports may mention.</summary>
    public readonly HashSet<TypeName> ExportedNames = new();

    /// <summary>
    /// For the types a nested component imports, the types its instantiations supplied: the instance's types
    /// mention the former where they mean the latter.
    /// </summary>
    public readonly Dictionary<TypeName, List<TypeName>> SuppliedNames = new();

    /// <summary>Adds a type to the type index space; <paramref name="resourceName"/> is the name a resource has there.</summary>
    public void AddType(object type, object? resourceName = null)
    {
        if (resourceName is not null && !ReferenceEquals(resourceName, type)) _resourceNames[Types.Count] = resourceName;
        Types.Add(type);
    }

    /// <summary>The name the resource at a type index has there.</summary>
    public object ResourceNameAt(uint index) => _resourceNames.TryGetValue((int)index, out var name) ? name : Types[(int)index];

    /// <summary>Number of entries in a component sort's index space.</summary>
    public int Count(Sort sort) => sort switch
    {
        Sort.Func => Funcs.Count,
        Sort.Value => Values.Count,
        Sort.Type => Types.Count,
        Sort.Component => Components.Count,
        Sort.Instance => Instances.Count,
        _ => 0,
    };

    /// <summary>Number of entries in a core sort's index space.</summary>
    public int Count(CoreSort sort) => sort switch
    {
        CoreSort.Func => CoreFuncs.Count,
        CoreSort.Table => CoreTables.Count,
        CoreSort.Memory => CoreMemories.Count,
        CoreSort.Global => CoreGlobals.Count,
        CoreSort.Tag => CoreTags.Count,
        CoreSort.Type => CoreTypes.Count,
        CoreSort.Module => CoreModules.Count,
        CoreSort.Instance => CoreInstances.Count,
        _ => 0,
    };

    /// <summary>Adds an item of a given extern type to its index space (imports, exports, aliases).</summary>
    public void Add(ExternType type)
    {
        switch (type)
        {
            case FuncExternType f: Funcs.Add(f.Type); break;
            case ValueExternType v: Values.Add(v.Type); break;
            case TypeExternType t: AddType((object?)t.Resource ?? t.WitType!, t.ResourceName); break;
            case ComponentType c: Components.Add(c); break;
            case InstanceType i: Instances.Add(i); break;
            case CoreModuleExternType m: CoreModules.Add(m); break;
            case DefinedTypeExternType d: Types.Add(d.Type); break;
        }
    }

    /// <summary>The extern type of an item in a component index space.</summary>
    public ExternType ExternTypeOf(SortIndex item, int offset)
    {
        uint i = item.Index;
        switch (item.Sort)
        {
            case Sort.Func: return new FuncExternType(Get(Funcs, i, "func", offset));
            case Sort.Value: return new ValueExternType(Get(Values, i, "value", offset));
            case Sort.Type:
                var t = Get(Types, i, "type", offset);
                return t switch
                {
                    ResourceType r => new TypeExternType(r) { ResourceName = ResourceNameAt(i) },
                    WitType v => new TypeExternType(v),
                    _ => new DefinedTypeExternType(t),
                };
            case Sort.Component: return Get(Components, i, "component", offset);
            case Sort.Instance: return Get(Instances, i, "instance", offset);
            case Sort.Core when item.Core == CoreSort.Module: return Get(CoreModules, i, "module", offset);
            default: throw Invalid($"exporting a core item other than a module is not allowed", offset);
        }
    }

    public static T Get<T>(List<T> list, uint index, string what, int offset) =>
        index < (uint)list.Count ? list[(int)index] : throw Invalid($"unknown {what} {index}: {what} index out of bounds", offset);

    public static InvalidModuleException Invalid(string reason, int offset) => new(reason, offset);
}

/// <summary>
/// A type as an import or export names it, for the external-visibility rule: a record, variant, enum or flags type
/// by object (each import and export makes its own alias), or a resource under one of its names.
/// </summary>
internal readonly struct TypeName(object type, object? resourceName = null) : IEquatable<TypeName>
{
    private readonly object _type = type;
    private readonly object? _resourceName = resourceName;

    /// <summary>The name of a handle's resource.</summary>
    public static TypeName Of(HandleType h) => new(h.Resource, h.ResourceName);

    /// <summary>The name a type import or export gives, or null when it names nothing that needs a name (a list, say).</summary>
    public static TypeName? Of(TypeExternType t) => t switch
    {
        { Resource: { } r } => new TypeName(r, t.ResourceName),
        { WitType: RecordType or VariantType or EnumType or FlagsType } => new TypeName(t.WitType),
        _ => null,
    };

    public bool Equals(TypeName other) => ReferenceEquals(_type, other._type) && ReferenceEquals(_resourceName, other._resourceName);

    public override bool Equals(object? obj) => obj is TypeName other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(RuntimeHelpers.GetHashCode(_type), _resourceName is null ? 0 : RuntimeHelpers.GetHashCode(_resourceName));
}

/// <summary>A type import/export of a non-value, non-resource type (a function, component or instance type).</summary>
internal sealed class DefinedTypeExternType(object type) : ExternType(ExternTypeKind.Type)
{
    public object Type { get; } = type;
}
