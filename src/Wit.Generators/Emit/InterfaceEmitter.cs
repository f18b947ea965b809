using System.Collections.Generic;
using System.Linq;
using Wit.Generators.Model;
using Wit.Generators.Naming;
using Wit.Model;

namespace Wit.Generators.Emit;

/// <summary>
/// Writes an interface's bindings. Imported (the host implements it): a static class with the types and
/// <c>AddToLinker</c>, and the host's C# interface. Exported (the host calls it): a class with the types whose
/// methods call the guest, and one handle class per resource.
/// </summary>
internal sealed class InterfaceEmitter
{
    private const string Linker = "global::Wasm.Components.ComponentLinker";

    private readonly BindingsPlan _plan;
    private readonly DiagnosticSink _diagnostics;
    private readonly IFunctionBodyEmitter _bodies;
    private readonly TypeDeclarations _types;

    public InterfaceEmitter(BindingsPlan plan, DiagnosticSink diagnostics, IFunctionBodyEmitter bodies)
    {
        _plan = plan;
        _diagnostics = diagnostics;
        _bodies = bodies;
        _types = new TypeDeclarations(plan, diagnostics);
    }

    /// <summary>The imported side of a named interface: its static class, then the host's C# interface.</summary>
    /// <param name="writer">Positioned in the namespace or class that contains the interface.</param>
    /// <param name="names">The interface's names on the import side.</param>
    /// <param name="instanceName">The instance the component imports, e.g. <c>wasi:io/streams@0.2.0</c>.</param>
    /// <param name="docs">The WIT docs of the interface.</param>
    /// <param name="types">The types the interface owns.</param>
    /// <param name="functions">The interface's functions.</param>
    public void EmitImport(SourceWriter writer, InterfaceNames names, string instanceName, string? docs, IReadOnlyList<TypeId> types, IEnumerable<Function> functions)
    {
        ImportsBinding? imports;
        using (OpenClass(writer, $"public static partial class {names.ClassName}", docs, $"The types of `{instanceName}`."))
        {
            imports = EmitImportMembers(writer, names, instanceName, types, functions);
        }

        if (imports is not null)
        {
            writer.BlankLine();
            EmitHostInterface(writer, names, imports);
        }
    }

    /// <summary>
    /// The members of an imported interface's class (or of a world class, for the world's own imports): types and
    /// <c>AddToLinker</c>. Returns what the host implements, or null when there is nothing to implement.
    /// </summary>
    public ImportsBinding? EmitImportMembers(SourceWriter writer, InterfaceNames names, string? instanceName, IReadOnlyList<TypeId> types, IEnumerable<Function> functions)
    {
        var bindings = functions.Select(f => Bind(f, names, Side.Import)).Where(b => b is not null).Select(b => b!).ToList();
        var resources = types.Where(t => _plan.Resolve[t].Kind is ResourceKind && names.Types.ContainsKey(t)).ToList();
        _types.Emit(writer, names, types, Side.Import);
        if (bindings.Count == 0 && resources.Count == 0)
        {
            return null;
        }

        var imports = new ImportsBinding(instanceName, names.HostFullName, bindings, resources.Select(r => (r, names.HostFullName + "." + names.Types[r])).ToList());
        writer.BlankLine();
        writer.Line($"/// <summary>Defines {Describe(instanceName)} in <paramref name=\"linker\"/>, implemented by <paramref name=\"host\"/>.</summary>");
        writer.Line($"public static void AddToLinker({Linker} linker, {names.HostFullName} host)");
        _bodies.EmitAddToLinker(writer, imports);
        return imports;
    }

    /// <summary>Whether the imported interface has a host interface: functions with bindings, or resources.</summary>
    public bool HasHostInterface(InterfaceId id)
    {
        var iface = _plan.Resolve[id];
        var names = _plan.Interface(id, Side.Import);
        return iface.Functions.Values.Any(f => _plan.Unsupported(f) is null && names.Functions.ContainsKey(f.Name))
               || iface.Types.Values.Any(t => _plan.Resolve[t].Owner == TypeOwner.OfInterface(id) && _plan.Resolve[t].Kind is ResourceKind && names.Types.ContainsKey(t));
    }

    /// <summary>The C# interface the host implements: functions, constructors and statics, and one nested interface per resource.</summary>
    /// <param name="writer">Positioned where the interface is declared.</param>
    /// <param name="names">The names of the imported interface or world.</param>
    /// <param name="imports">The functions and resources to declare.</param>
    /// <param name="accessibility">The interface's accessibility: a world's follows its class.</param>
    public void EmitHostInterface(SourceWriter writer, InterfaceNames names, ImportsBinding imports, string accessibility = "public")
    {
        Docs.Summary(writer, null, $"The host's implementation of {Describe(imports.InstanceName)}.");
        using (writer.Block($"{accessibility} interface {names.HostInterface}"))
        {
            foreach (var binding in imports.Functions.Where(b => b.Function.Kind is not (FunctionKindTag.Method or FunctionKindTag.AsyncMethod)))
            {
                writer.BlankLine();
                Signature(writer, binding, string.Empty, ";");
            }

            foreach (var (resource, _) in imports.Resources)
            {
                var def = _plan.Resolve[resource];
                writer.BlankLine();
                Docs.Summary(writer, def.Docs, $"The host's object for the resource `{def.Name}`.");
                using (writer.Block($"public interface {names.Types[resource]}"))
                {
                    foreach (var binding in imports.Functions.Where(b => b.Function.Resource == resource && b.Function.Kind is FunctionKindTag.Method or FunctionKindTag.AsyncMethod))
                    {
                        writer.BlankLine();
                        Signature(writer, binding, string.Empty, ";");
                    }
                }
            }
        }
    }

    /// <summary>The exported side of an interface: a class whose methods call the guest.</summary>
    public void EmitExport(SourceWriter writer, InterfaceNames names, string instanceName, string? docs, IReadOnlyList<TypeId> types, IEnumerable<Function> functions)
    {
        var bindings = functions.Select(f => Bind(f, names, Side.Export)).Where(b => b is not null).Select(b => b!).ToList();
        using (OpenClass(writer, $"public sealed partial class {names.ClassName}", docs, $"Calls `{instanceName}`, exported by a component instance."))
        {
            var plain = bindings.Where(b => b.Function.Kind is not (FunctionKindTag.Method or FunctionKindTag.AsyncMethod)).ToList();
            var resources = types.Where(t => _plan.Resolve[t].Kind is ResourceKind && names.Types.ContainsKey(t)).ToList();
            _bodies.EmitExportsState(writer, new ExportsClass(names.ClassName, instanceName, bindings, new List<(string, string, string)>(), resources));
            _types.Emit(writer, names, types, Side.Export);
            foreach (var binding in plain)
            {
                writer.BlankLine();
                Signature(writer, binding, "public ", null);
                _bodies.EmitExportCall(writer, binding);
            }

            foreach (var resource in types.Where(t => _plan.Resolve[t].Kind is ResourceKind && names.Types.ContainsKey(t)))
            {
                var def = _plan.Resolve[resource];
                string className = names.Types[resource];
                var methods = bindings.Where(b => b.Function.Resource == resource && b.Function.Kind is FunctionKindTag.Method or FunctionKindTag.AsyncMethod).ToList();
                writer.BlankLine();
                Docs.Summary(writer, def.Docs, $"A handle to the guest's resource `{def.Name}`; disposing it drops the handle.");
                using (writer.Block($"public sealed class {className} : global::System.IDisposable"))
                {
                    _bodies.EmitHandleState(writer, new ResourceBinding(resource, className, names.FullName, methods));
                    foreach (var binding in methods)
                    {
                        writer.BlankLine();
                        Signature(writer, binding, "public ", null);
                        _bodies.EmitExportCall(writer, binding);
                    }
                }
            }
        }
    }

    /// <summary>The C# form of a function, or null (reported) when it has none.</summary>
    /// <param name="function">The WIT function.</param>
    /// <param name="names">The names of its interface (or world) on <paramref name="side"/>.</param>
    /// <param name="side">The side whose types the signature uses.</param>
    /// <param name="context">The type the method is declared in, when not the default for <paramref name="side"/>.</param>
    public FunctionBinding? Bind(Function function, InterfaceNames names, Side side, string? context = null)
    {
        if (_plan.Unsupported(function) is { } reason)
        {
            _diagnostics.Report("WIT0005", reason, function.Span);
            return null;
        }

        if (!names.Functions.TryGetValue(function.Name, out var method))
        {
            return null;
        }

        // Imported functions are declared in the host interface, exported ones in the class.
        context ??= side == Side.Import ? names.HostFullName : names.FullName;
        bool isMethod = function.Kind is FunctionKindTag.Method or FunctionKindTag.AsyncMethod;
        var parameters = function.Params.Skip(isMethod ? 1 : 0).Select(p => (CSharpNames.Camel(p.Name), _plan.TypeRef(p.Type, side, context))).ToList();
        string returns = _plan.ThrownResult(function) is { } thrown ? (thrown.Ok is { } ok ? _plan.TypeRef(ok, side, context) : "void")
            : function.Result is { } result ? _plan.TypeRef(result, side, context) : "void";
        return new FunctionBinding(function, function.Name, method, parameters, returns);
    }

    /// <summary>Writes a method declaration with its docs; <paramref name="terminator"/> ends an interface member.</summary>
    public static void Signature(SourceWriter writer, FunctionBinding binding, string modifiers, string? terminator)
    {
        Docs.Summary(writer, binding.Function.Docs);
        string parameters = string.Join(", ", binding.Parameters.Select(p => p.Type + " " + p.Name));
        writer.Line($"{modifiers}{binding.ReturnType} {binding.MethodName}({parameters}){terminator}");
    }

    private static string Describe(string? instanceName) => instanceName is null ? "this world's imports" : $"`{instanceName}`";

    private static Block OpenClass(SourceWriter writer, string header, string? docs, string fallback)
    {
        Docs.Summary(writer, docs, fallback);
        return writer.Block(header);
    }
}
