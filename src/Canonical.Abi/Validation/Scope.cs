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

    /// <summary>Resource types defined by <c>(resource ...)</c> in this component.</summary>
    public readonly HashSet<ResourceType> DefinedResources = new(ReferenceEqualityComparer.Instance);

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
            case TypeExternType t: Types.Add((object?)t.Resource ?? t.WitType!); break;
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
                    ResourceType r => new TypeExternType(r),
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

/// <summary>A type import/export of a non-value, non-resource type (a function, component or instance type).</summary>
internal sealed class DefinedTypeExternType(object type) : ExternType(ExternTypeKind.Type)
{
    public object Type { get; } = type;
}
