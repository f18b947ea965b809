using System.Collections.Generic;
using Wit.Model;

namespace Wit.Generators.Emit;

// The seam between the declarations (this folder) and the canonical ABI code (Abi/). Declarations fix every
// signature, name and type; an IFunctionBodyEmitter writes what runs inside them: fields, constructor bodies and
// method bodies that flatten, lift and lower. Each method writes complete members or a complete block body,
// braces included, at the writer's current indentation.

/// <summary>Writes the bodies of generated bindings (the canonical ABI), given their fixed declarations.</summary>
internal interface IFunctionBodyEmitter
{
    /// <summary>
    /// The state of a class that calls into a guest instance (a world class or an exported interface's class):
    /// fields and the constructor <c>{Class}(ComponentInstance instance, ComponentLinker linker)</c>, which must set every property in
    /// <see cref="ExportsClass.Properties"/>. An exported interface's class whose functions pass another exported
    /// interface's resources takes that interface's class after <c>linker</c>; the world's constructor supplies it.
    /// </summary>
    void EmitExportsState(SourceWriter writer, ExportsClass exports);

    /// <summary>The block body of a method that calls an exported function.</summary>
    void EmitExportCall(SourceWriter writer, FunctionBinding function);

    /// <summary>The state of an exported resource's handle class: fields, constructor and <c>Dispose</c>.</summary>
    void EmitHandleState(SourceWriter writer, ResourceBinding resource);

    /// <summary>The block body of <c>AddToLinker(ComponentLinker linker, {HostInterface} host)</c>.</summary>
    void EmitAddToLinker(SourceWriter writer, ImportsBinding imports);

    /// <summary>The block body of the <c>{World}Pre(Component component, ComponentLinker linker)</c> constructor, and any fields.</summary>
    void EmitPreState(SourceWriter writer, WorldBinding world);

    /// <summary>The block body of <c>{World}Pre.Instantiate(Store store)</c>.</summary>
    void EmitPreInstantiate(SourceWriter writer, WorldBinding world);
}

/// <summary>A function as generated: the WIT function and the C# names and types of its method.</summary>
/// <param name="Function">The WIT function.</param>
/// <param name="ExternName">The name the component knows it by within its instance (e.g. <c>[method]r.get</c>).</param>
/// <param name="MethodName">The C# method name.</param>
/// <param name="Parameters">C# parameter names and types, in WIT order (without <c>self</c> for methods).</param>
/// <param name="ReturnType">The C# return type, <c>void</c> when there is no result.</param>
internal sealed record FunctionBinding(Function Function, string ExternName, string MethodName, IReadOnlyList<(string Name, string Type)> Parameters, string ReturnType);

/// <summary>A class whose methods call exported functions of one instance (or of an exported interface).</summary>
/// <param name="ClassName">The class's simple name (for the constructor).</param>
/// <param name="InstanceName">The exported instance name (<c>ns:pkg/iface@1.0.0</c>), or null for a world's own exports.</param>
/// <param name="Functions">The exported functions bound by the class.</param>
/// <param name="Properties">Properties the constructor sets: exported interfaces' classes, with their instance names.</param>
/// <param name="Resources">The exported resources whose handle classes are nested in the class.</param>
internal sealed record ExportsClass(string ClassName, string? InstanceName, IReadOnlyList<FunctionBinding> Functions, IReadOnlyList<(string Name, string Type, string InstanceName)> Properties, IReadOnlyList<TypeId>? Resources = null);

/// <summary>An exported resource's handle class.</summary>
internal sealed record ResourceBinding(TypeId Resource, string ClassName, string OwnerClass, IReadOnlyList<FunctionBinding> Methods);

/// <summary>The functions a host implements for one imported instance (or a world's own imports).</summary>
/// <param name="InstanceName">The imported instance name, or null for a world's own imports.</param>
/// <param name="HostInterface">The C# interface the host implements.</param>
/// <param name="Functions">The functions, resource functions included.</param>
/// <param name="Resources">Imported resources and the C# interfaces of their host objects.</param>
internal sealed record ImportsBinding(string? InstanceName, string HostInterface, IReadOnlyList<FunctionBinding> Functions, IReadOnlyList<(TypeId Resource, string Interface)> Resources);

/// <summary>A world as generated.</summary>
internal sealed record WorldBinding(WorldId World, string ClassName, string PreClassName, ExportsClass Exports);

/// <summary>Bodies that throw <see cref="System.NotImplementedException"/>: declarations compile before the ABI layer exists.</summary>
internal sealed class NotImplementedBodyEmitter : IFunctionBodyEmitter
{
    public static readonly NotImplementedBodyEmitter Instance = new();

    public void EmitExportsState(SourceWriter writer, ExportsClass exports)
    {
        using (writer.Block($"internal {exports.ClassName}(global::Wasm.Components.ComponentInstance instance, global::Wasm.Components.ComponentLinker linker)"))
        {
            Throw(writer);
        }
    }

    public void EmitExportCall(SourceWriter writer, FunctionBinding function) => Body(writer);

    public void EmitHandleState(SourceWriter writer, ResourceBinding resource)
    {
        using (writer.Block($"internal {resource.ClassName}({resource.OwnerClass} owner, uint rep)"))
        {
            Throw(writer);
        }

        writer.BlankLine();
        writer.Line("/// <summary>Drops the handle; the guest's destructor runs when it was the last one.</summary>");
        using (writer.Block("public void Dispose()"))
        {
            Throw(writer);
        }
    }

    public void EmitAddToLinker(SourceWriter writer, ImportsBinding imports) => Body(writer);

    public void EmitPreState(SourceWriter writer, WorldBinding world) => Body(writer);

    public void EmitPreInstantiate(SourceWriter writer, WorldBinding world) => Body(writer);

    private static void Body(SourceWriter writer)
    {
        using (writer.Block())
        {
            Throw(writer);
        }
    }

    private static void Throw(SourceWriter writer) => writer.Line("throw new global::System.NotImplementedException();");
}
