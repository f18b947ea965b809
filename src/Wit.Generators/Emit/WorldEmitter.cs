using System.Collections.Generic;
using System.Linq;
using Wit.Generators.Model;
using Wit.Generators.Naming;
using Wit.Model;

namespace Wit.Generators.Emit;

/// <summary>
/// Writes a world's class (its exports, instantiation and own types), its <c>Pre</c> class, and the host
/// interface of its own imported functions.
/// </summary>
internal sealed class WorldEmitter
{
    private const string Linker = "global::Wasm.Components.ComponentLinker";
    private const string Component = "global::Wasm.Components.Component";
    private const string Store = "global::Wasm.Store";

    private readonly BindingsPlan _plan;
    private readonly IFunctionBodyEmitter _bodies;
    private readonly InterfaceEmitter _interfaces;

    public WorldEmitter(BindingsPlan plan, DiagnosticSink diagnostics, IFunctionBodyEmitter bodies)
    {
        _plan = plan;
        _bodies = bodies;
        _interfaces = new InterfaceEmitter(plan, diagnostics, bodies);
    }

    public void Emit(SourceWriter writer, WorldId id, bool userClass)
    {
        var resolve = _plan.Resolve;
        var world = resolve[id];
        var names = _plan.World(id);
        var ownTypes = world.Imports.Values.OfType<WorldTypeItem>().Select(t => t.Id).Where(t => resolve[t].Owner == TypeOwner.OfWorld(id)).ToList();
        var importedFunctions = world.Imports.Values.OfType<WorldFunctionItem>().Select(f => f.Function).ToList();

        // World functions see the world's types and imported interfaces: the import side.
        var exportBindings = world.Exports.Values.OfType<WorldFunctionItem>()
            .Select(f => _interfaces.Bind(f.Function, names.Exports, Side.Import, names.FullName))
            .Where(b => b is not null)
            .Select(b => b!)
            .ToList();

        var properties = new List<(string Name, string Type, string InstanceName)>();
        foreach (var (key, item) in world.Exports)
        {
            if (item is WorldInterfaceItem iface && names.ExportProperties.TryGetValue(key, out var property))
            {
                properties.Add((property, _plan.Interface(iface.Id, Side.Export).FullName, resolve.NameOf(key)));
            }
        }

        var hosts = new List<(string Class, string Interface)>();
        var binding = new WorldBinding(id, names.ClassName, names.PreClassName, new ExportsClass(names.ClassName, null, exportBindings, properties));
        ImportsBinding? imports;
        if (!userClass)
        {
            // A [WitWorld] class keeps the documentation its author wrote.
            Docs.Summary(writer, world.Docs, $"The world `{world.Name}`: instantiates a component and calls its exports.");
        }

        using (writer.Block(userClass ? $"partial class {names.ClassName}" : $"{names.Accessibility} sealed partial class {names.ClassName}"))
        {
            _bodies.EmitExportsState(writer, binding.Exports);
            foreach (var (property, type, instance) in properties)
            {
                writer.BlankLine();
                writer.Line($"/// <summary>The exported interface `{instance}`.</summary>");
                writer.Line($"public {type} {property} {{ get; }}");
            }

            writer.BlankLine();
            writer.Line("/// <summary>Instantiates <paramref name=\"component\"/> with the imports defined in <paramref name=\"linker\"/>.</summary>");
            writer.Line($"public static {names.ClassName} Instantiate({Store} store, {Component} component, {Linker} linker) =>");
            writer.Line($"    new {names.PreClassName}(component, linker).Instantiate(store);");

            // The world's own types and imported functions, laid out as an imported interface in this class.
            imports = _interfaces.EmitImportMembers(writer, names.Imports, null, ownTypes, importedFunctions);

            // Every imported interface's host interface, in world order (an instance's resources are defined
            // before the imports that use them), then the world's own functions.
            foreach (var item in world.Imports.Values)
            {
                if (item is WorldInterfaceItem iface && _interfaces.HasHostInterface(iface.Id))
                {
                    // An interface imported under several names has one class and host interface.
                    var ifaceNames = _plan.Interface(iface.Id, Side.Import);
                    if (!hosts.Contains((ifaceNames.FullName, ifaceNames.HostFullName)))
                    {
                        hosts.Add((ifaceNames.FullName, ifaceNames.HostFullName));
                    }
                }
            }

            if (imports is not null)
            {
                hosts.Add((names.FullName, names.Imports.HostFullName));
            }

            if (hosts.Count > 0)
            {
                EmitInstantiateWithImports(writer, names, hosts, imports is not null);
            }

            foreach (var export in exportBindings)
            {
                writer.BlankLine();
                InterfaceEmitter.Signature(writer, export, "public ", null);
                _bodies.EmitExportCall(writer, export);
            }

            // Inline interfaces (`import x: interface { ... }`) are nested in the world class.
            foreach (var (key, item) in world.Imports.Concat(world.Exports))
            {
                if (item is WorldInterfaceItem iface && resolve[iface.Id].Name is null)
                {
                    writer.BlankLine();
                    bool exported = world.Exports.ContainsKey(key);
                    EmitInterface(writer, iface.Id, exported ? Side.Export : Side.Import, resolve.NameOf(key));
                }
            }
        }

        writer.BlankLine();
        writer.Line($"/// <summary>The world `{world.Name}` linked and type-checked once, for fast instantiation.</summary>");
        using (writer.Block($"{names.Accessibility} sealed partial class {names.PreClassName}"))
        {
            writer.Line("/// <summary>Checks <paramref name=\"component\"/> against the world and resolves its imports in <paramref name=\"linker\"/>.</summary>");
            writer.Line($"public {names.PreClassName}({Component} component, {Linker} linker)");
            _bodies.EmitPreState(writer, binding);
            if (hosts.Count > 0)
            {
                writer.BlankLine();
                writer.Line($"/// <summary>Defines the world's imports in <paramref name=\"linker\"/>, implemented by <paramref name=\"imports\"/> (each imported interface's <c>AddToLinker</c>), then checks <paramref name=\"component\"/>.</summary>");
                writer.Line($"public {names.PreClassName}({Component} component, {Linker} linker, {names.HostInterface} imports)");
                writer.Line($"    : this(component, __Define(linker, imports))");
                writer.Line("{");
                writer.Line("}");
                writer.BlankLine();
                using (writer.Block($"private static {Linker} __Define({Linker} linker, {names.HostInterface} imports)"))
                {
                    writer.Line($"{names.ClassName}.AddToLinker(linker, imports);");
                    writer.Line("return linker;");
                }
            }

            writer.BlankLine();
            writer.Line("/// <summary>Creates an instance in <paramref name=\"store\"/>.</summary>");
            writer.Line($"public {names.ClassName} Instantiate({Store} store)");
            _bodies.EmitPreInstantiate(writer, binding);
        }

        if (imports is not null)
        {
            writer.BlankLine();
            _interfaces.EmitHostInterface(writer, names.Imports, imports, names.Accessibility);
        }

        if (hosts.Count > 0)
        {
            writer.BlankLine();
            writer.Line($"/// <summary>Everything the world `{world.Name}` imports, implemented by one host object: each imported interface's host interface{(imports is null ? string.Empty : " and the world's own imports")}.</summary>");
            writer.Line($"{names.Accessibility} interface {names.HostInterface} : {string.Join(", ", hosts.Select(h => h.Interface))}");
            writer.Line("{");
            writer.Line("}");
        }
    }

    /// <summary>
    /// <c>AddToLinker(linker, I{World}Host)</c>, which defines every import of the world, and the
    /// <c>Instantiate</c> that takes the imports' implementation, as Wasmtime's <c>bindgen!</c> has them.
    /// </summary>
    private static void EmitInstantiateWithImports(SourceWriter writer, WorldNames names, List<(string Class, string Interface)> hosts, bool ownImports)
    {
        writer.BlankLine();
        writer.Line("/// <summary>Defines every import of the world in <paramref name=\"linker\"/>, implemented by <paramref name=\"host\"/>: each imported interface's <c>AddToLinker</c> in the world's order, then the world's own functions.</summary>");
        using (writer.Block($"public static void AddToLinker({Linker} linker, {names.HostInterface} host)"))
        {
            writer.Line("global::System.ArgumentNullException.ThrowIfNull(linker);");
            writer.Line("global::System.ArgumentNullException.ThrowIfNull(host);");
            foreach (var (cls, iface) in hosts)
            {
                // The world's own imports: the cast selects the overload of this class that defines them.
                writer.Line(cls == names.FullName && ownImports ? $"AddToLinker(linker, ({iface})host);" : $"{cls}.AddToLinker(linker, host);");
            }
        }

        writer.BlankLine();
        writer.Line("/// <summary>");
        writer.Line("/// Defines the world's imports in <paramref name=\"linker\"/>, implemented by <paramref name=\"imports\"/>, and instantiates");
        writer.Line("/// <paramref name=\"component\"/> in <paramref name=\"store\"/>. The linker keeps the definitions: to instantiate again, use");
        writer.Line("/// the <c>Instantiate</c> without imports or a <c>Pre</c>.");
        writer.Line("/// </summary>");
        writer.Line($"public static {names.ClassName} Instantiate({Store} store, {Component} component, {Linker} linker, {names.HostInterface} imports) =>");
        writer.Line($"    new {names.PreClassName}(component, linker, imports).Instantiate(store);");
    }

    /// <summary>Writes a named interface on one side in the current namespace.</summary>
    public void EmitInterface(SourceWriter writer, InterfaceId id, Side side, string instanceName)
    {
        var iface = _plan.Resolve[id];
        var names = _plan.Interface(id, side);
        var types = iface.Types.Values.Where(t => _plan.Resolve[t].Owner == TypeOwner.OfInterface(id)).ToList();
        if (side == Side.Export)
        {
            _interfaces.EmitExport(writer, names, instanceName, iface.Docs, types, iface.Functions.Values);
        }
        else
        {
            _interfaces.EmitImport(writer, names, instanceName, iface.Docs, types, iface.Functions.Values);
        }
    }
}
