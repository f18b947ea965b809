using Wasm.Components.Model;
using Wasm.Components.Types;

namespace Wasm.Components.Validation;

/// <summary>
/// A component after validation: its AST, its type, and per definition what the instantiator needs (compiled
/// core modules, resolved types). Types here are the static ones; each instantiation substitutes fresh or imported
/// resource types for the resource types they mention (see <see cref="TypeSubstitution"/>).
/// </summary>
internal sealed class ValidatedComponent
{
    public ValidatedComponent(ComponentAst ast, object?[] info, ComponentType type)
    {
        Ast = ast;
        Info = info;
        Type = type;
    }

    /// <summary>The decoded definitions.</summary>
    public ComponentAst Ast { get; }

    /// <summary>
    /// Per definition (same index as <see cref="ComponentAst.Definitions"/>): a <see cref="Wasm.Module"/> for core
    /// modules; the static type object for type definitions; a nested <see cref="ValidatedComponent"/> for
    /// components; the <see cref="InstanceType"/> of an instantiation; the <see cref="ComponentFuncType"/> of a <c>canon lift</c>; the <see cref="ResourceType"/> of resource
    /// built-ins; the <see cref="ExternType"/> of imports; the core function type of other built-ins.
    /// </summary>
    public object?[] Info { get; }

    /// <summary>The component's imports and exports.</summary>
    public ComponentType Type { get; }
}

/// <summary>
/// The core instance shape known to validation: export name → kind and type (a <see cref="Wasm.FuncType"/>,
/// <see cref="Wasm.TableType"/>, <see cref="Wasm.MemoryType"/> or <see cref="Wasm.GlobalType"/>, or null for tags).
/// </summary>
internal sealed class CoreInstanceShape
{
    public Dictionary<string, (Wasm.ExternKind Kind, object? Type)> Exports { get; } = new(StringComparer.Ordinal);
}
