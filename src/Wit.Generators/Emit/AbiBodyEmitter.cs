using System.Collections.Generic;
using System.Linq;
using Wit.Generators.Abi;
using Wit.Generators.Naming;
using Wit.Model;

namespace Wit.Generators.Emit;

/// <summary>
/// The canonical ABI bodies of the declarations: export calls through <c>GuestFunction</c>s bound (and
/// type-checked) once per instance, and imports defined with <c>HostLowering</c>s whose core functions are typed
/// delegates. The straight-line marshalling comes from <see cref="HostFunctionEmitter"/>.
/// </summary>
internal sealed class AbiBodyEmitter : IFunctionBodyEmitter
{
    private const string Bindings = "global::Wasm.Components.Bindings.";
    private const string ThrowIfNull = "global::System.ArgumentNullException.ThrowIfNull";

    private readonly BindingsPlan _plan;
    private readonly RuntimeTypes _runtimeTypes;
    private readonly PlanNames _importNames;
    private readonly PlanNames _exportNames;
    private readonly HostFunctionEmitter _importSide;
    private readonly HostFunctionEmitter _exportSide;

    // The side whose names the next export calls use: set by the class state written before them.
    private HostFunctionEmitter _calls;

    public AbiBodyEmitter(BindingsPlan plan)
    {
        _plan = plan;
        _runtimeTypes = new RuntimeTypes(plan.Resolve);
        _importNames = new PlanNames(plan, Side.Import);
        _exportNames = new PlanNames(plan, Side.Export);
        _importSide = new HostFunctionEmitter(plan.Resolve, _importNames);
        _exportSide = new HostFunctionEmitter(plan.Resolve, _exportNames);
        _calls = _importSide;
    }

    // ------------------------------------------------------------------ exports

    public void EmitExportsState(SourceWriter writer, ExportsClass exports)
    {
        // A world's own exports use the world's (import-side) types; an exported interface's, its exported types.
        _calls = exports.InstanceName is null ? _importSide : _exportSide;
        var functions = exports.Functions.Where(f => Supported(f.Function)).ToList();
        foreach (var function in functions)
        {
            var plan = _calls.PlanOf(function.Function);
            string field = Field(function);
            writer.Line($"private readonly {Bindings}GuestFunction {field};");
            writer.Line($"private readonly {_calls.ExportCoreDelegateType(function.Function)} {field}Core;");
            writer.Line($"private readonly {HostFunctionEmitter.DelegateType(plan.LiftedResults, System.Array.Empty<CoreType>())}? {field}PostReturn;");
        }

        writer.BlankLine();
        using (writer.Block($"internal {exports.ClassName}(global::Wasm.Components.ComponentInstance instance)"))
        {
            foreach (var function in functions)
            {
                string field = Field(function);
                string name = exports.InstanceName is null ? function.ExternName : exports.InstanceName + "#" + function.ExternName;
                writer.Line($"{field} = {Bindings}GuestExports.Function(");
                writer.Line($"    instance,");
                writer.Line($"    \"{name}\",");
                writer.Line($"    {_runtimeTypes.Function(function.Function, NoResources)});");
                writer.Line($"{field}Core = {field}.CoreDelegate<{_calls.ExportCoreDelegateType(function.Function)}>();");
                writer.Line($"{field}PostReturn = {field}.PostReturnDelegate<{_calls.ExportPostReturnDelegateType(function.Function)}>();");
            }

            foreach (var (property, type, _) in exports.Properties)
            {
                writer.Line($"{property} = new {type}(instance);");
            }
        }
    }

    public void EmitExportCall(SourceWriter writer, FunctionBinding function)
    {
        using (writer.Block())
        {
            if (!Supported(function.Function))
            {
                Unsupported(writer, function);
                return;
            }

            var parameterNames = function.Parameters.Select(p => p.Name).ToList();
            var witParams = function.Function.Params;
            for (int i = 0; i < witParams.Count; i++)
            {
                Validate(writer, witParams[i].Type, parameterNames[i]);
            }

            string field = Field(function);
            _calls.EmitExportBody(writer, function.Function, parameterNames, field, field + "Core", field + "PostReturn");
        }
    }

    public void EmitHandleState(SourceWriter writer, ResourceBinding resource)
    {
        _calls = _exportSide;
        writer.Line($"private readonly {resource.OwnerClass} _owner;");
        writer.Line("private readonly int _handle;");
        writer.BlankLine();
        using (writer.Block($"internal {resource.ClassName}({resource.OwnerClass} owner, int handle)"))
        {
            writer.Line("_owner = owner;");
            writer.Line("_handle = handle;");
        }

        writer.BlankLine();
        writer.Line("/// <summary>Drops the handle; the guest's destructor runs when it was the last one.</summary>");
        using (writer.Block("public void Dispose()"))
        {
            writer.Line("throw new global::System.NotSupportedException(\"resource handles are not bound yet\");");
        }
    }

    // ------------------------------------------------------------------ imports

    public void EmitAddToLinker(SourceWriter writer, ImportsBinding imports)
    {
        var delegates = new List<(string Name, FunctionPlan Plan)>();
        using (writer.Block())
        {
            writer.Line($"{ThrowIfNull}(linker);");
            writer.Line($"{ThrowIfNull}(host);");
            writer.Line(imports.InstanceName is null ? "var instance = linker.Root;" : $"var instance = linker.Instance(\"{imports.InstanceName}\");");
            foreach (var function in imports.Functions)
            {
                if (!Supported(function.Function))
                {
                    continue;
                }

                var plan = _importSide.PlanOf(function.Function);
                string? delegateType = null;
                if (HostFunctionEmitter.DelegateType(plan.LoweredParams, plan.LoweredResults) is null)
                {
                    delegateType = function.MethodName + "Lowered";
                    delegates.Add((delegateType, plan));
                }

                writer.BlankLine();
                string method = function.MethodName;
                _importSide.EmitImportLowering(
                    writer,
                    function.Function,
                    "site",
                    args => $"host.{method}({string.Join(", ", args)})",
                    delegateType,
                    prefix: $"instance.DefineFunction(\"{function.ExternName}\", {_runtimeTypes.Function(function.Function, NoResources)}, site => ",
                    suffix: ");");
            }
        }

        foreach (var (name, plan) in delegates)
        {
            writer.BlankLine();
            HostFunctionEmitter.EmitDelegateDeclaration(writer, name, plan.LoweredParams, plan.LoweredResults);
        }
    }

    // ------------------------------------------------------------------ worlds

    public void EmitPreState(SourceWriter writer, WorldBinding world)
    {
        const string Component = "global::Wasm.Components.Component";
        const string Linker = "global::Wasm.Components.ComponentLinker";
        using (writer.Block())
        {
            writer.Line($"{ThrowIfNull}(component);");
            writer.Line($"{ThrowIfNull}(linker);");
            writer.Line("_component = component;");
            writer.Line("_linker = linker;");
        }

        writer.BlankLine();
        writer.Line($"private readonly {Component} _component;");
        writer.Line($"private readonly {Linker} _linker;");
    }

    public void EmitPreInstantiate(SourceWriter writer, WorldBinding world)
    {
        using (writer.Block())
        {
            writer.Line($"{ThrowIfNull}(store);");
            writer.Line($"return new {world.ClassName}(_linker.Instantiate(store, _component));");
        }
    }

    // ------------------------------------------------------------------ helpers

    /// <summary>Whether the ABI layer binds the function (handles come later).</summary>
    private bool Supported(Function function)
    {
        var resources = new List<TypeId>();
        _runtimeTypes.CollectResources(function, resources);
        return resources.Count == 0 && function.Resource is null;
    }

    private static void Unsupported(SourceWriter writer, FunctionBinding function) =>
        writer.Line($"throw new global::System.NotSupportedException(\"`{function.Function.Name}` passes resource handles, which are not bound yet\");");

    private static string NoResources(TypeId resource) => throw new System.NotSupportedException("resource handles are not bound yet");

    /// <summary>The field of a bound function: <c>_{method}</c>.</summary>
    private static string Field(FunctionBinding function) => "_" + char.ToLowerInvariant(function.MethodName[0]) + function.MethodName.Substring(1).TrimEnd('_');

    /// <summary>
    /// Checks an argument before the guest is entered: a null reference found while lowering would abandon the call
    /// and poison the instance; found here, it is an <see cref="System.ArgumentNullException"/> and nothing happens.
    /// </summary>
    private void Validate(SourceWriter writer, WitType type, string expression)
    {
        var types = _calls.Types;
        type = types.Unalias(type);
        if (type.Kind == WitTypeKind.String)
        {
            writer.Line($"{ThrowIfNull}({expression});");
            return;
        }

        if (!type.IsId)
        {
            return;
        }

        var id = types.Definition(type);
        switch (_plan.Resolve[id].Kind)
        {
            case ListKind:
            case FixedLengthListKind:
            case VariantKind:
            case HandleKind:
                writer.Line($"{ThrowIfNull}({expression});");
                return;
            case RecordKind record:
                writer.Line($"{ThrowIfNull}({expression});");
                for (int i = 0; i < record.Fields.Count; i++)
                {
                    Validate(writer, record.Fields[i].Type, expression + "." + types.Names.FieldName(id, i));
                }

                return;
            case TupleKind tuple:
                for (int i = 0; i < tuple.Types.Count; i++)
                {
                    Validate(writer, tuple.Types[i], expression + ".Item" + (i + 1));
                }

                return;
        }
    }
}
