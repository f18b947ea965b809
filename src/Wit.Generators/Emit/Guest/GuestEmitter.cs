using System.Collections.Generic;
using System.Linq;
using System.Text;
using Wit.Generators.Abi;
using Wit.Generators.Model;
using Wit.Generators.Naming;
using Wit.Model;

namespace Wit.Generators.Emit.Guest;

/// <summary>
/// Writes the canonical ABI of a component written in C#, in the shape the NativeAOT-LLVM WebAssembly toolchain
/// (componentize-dotnet) compiles: an export is an <c>[UnmanagedCallersOnly(EntryPoint = "ns:pkg/iface@ver#name")]</c>
/// method that lifts its core arguments, calls the user's implementation and lowers the result (into a return
/// area freed by its <c>cabi_post_*</c> function when it does not fit one core value); an import is a
/// <c>[DllImport("ns:pkg/iface@ver", EntryPoint = "name")]</c> with <c>[WasmImportLinkage]</c>, called by a
/// method that lowers the arguments and lifts the result. Resources the component implements get the
/// <c>[resource-new]</c>/<c>[resource-rep]</c>/<c>[resource-drop]</c> intrinsics and a <c>[dtor]</c> export;
/// imported ones get handle classes. Lifting and lowering are the host emitters' (<see cref="ValueEmitter"/>),
/// over a <c>GuestContext</c> that reads linear memory through raw pointers.
/// </summary>
internal sealed class GuestEmitter
{
    private const string Interop = "global::System.Runtime.InteropServices.";
    private const string Context = "global::Wasm.Components.Guest.GuestContext";
    private const string Memory = "global::Wasm.Components.Guest.GuestMemory";

    private readonly BindingsPlan _plan;
    private readonly DiagnosticSink _diagnostics;
    private readonly InterfaceEmitter _interfaces;
    private readonly AbiLayouts _layouts;
    private readonly CSharpTypes _importTypes;
    private readonly CSharpTypes _exportTypes;
    private readonly Dictionary<TypeId, string> _handleClasses = new();

    public GuestEmitter(BindingsPlan plan, DiagnosticSink diagnostics)
    {
        _plan = plan;
        _diagnostics = diagnostics;
        // The declarations and AddToLinker (the in-process component) are host bindings of imported interfaces.
        _interfaces = new InterfaceEmitter(plan, diagnostics, new AbiBodyEmitter(plan));
        _layouts = new AbiLayouts(plan.Resolve);
        _importTypes = new CSharpTypes(plan.Resolve, new PlanNames(plan, Side.Import) { Resources = new GuestResourceAccess(this, exportRole: false) });
        _exportTypes = new CSharpTypes(plan.Resolve, new PlanNames(plan, Side.Import) { Resources = new GuestResourceAccess(this, exportRole: true) });
    }

    /// <summary>Interfaces the component exports: their resources are implemented by it.</summary>
    public HashSet<InterfaceId> ExportedInterfaces { get; } = new();

    private Resolve Resolve => _plan.Resolve;

    internal Resolve ResolveOf => _plan.Resolve;

    /// <summary>A named interface: its declarations, then the component's side of each role it has.</summary>
    public void EmitInterface(SourceWriter writer, InterfaceId id, string instanceName, bool imported, bool exported)
    {
        var iface = Resolve[id];
        var names = _plan.Interface(id, Side.Import);
        var types = iface.Types.Values.Where(t => Resolve[t].Owner == TypeOwner.OfInterface(id)).ToList();
        _interfaces.EmitImport(writer, names, instanceName, iface.Docs, types, iface.Functions.Values);
        var unit = new Unit(names, names.FullName, names.HostFullName, instanceName, Bound(names, iface.Functions.Values), Resources(names, types));
        if (unit.Functions.Count == 0 && unit.Resources.Count == 0)
        {
            return;
        }

        writer.BlankLine();
        using (writer.Block($"public static partial class {names.ClassName}"))
        {
            if (imported)
            {
                EmitImportSide(writer, unit);
            }

            if (exported)
            {
                if (imported)
                {
                    writer.BlankLine();
                }

                EmitExportSide(writer, unit);
            }
        }
    }

    /// <summary>A world's class: its own types, imported functions (<c>Imports</c>) and exported functions (<c>Implementation</c>).</summary>
    public void EmitWorld(SourceWriter writer, WorldId id, bool userClass)
    {
        var world = Resolve[id];
        var names = _plan.World(id);
        var ownTypes = world.Imports.Values.OfType<WorldTypeItem>().Select(t => t.Id).Where(t => Resolve[t].Owner == TypeOwner.OfWorld(id)).ToList();
        var imported = world.Imports.Values.OfType<WorldFunctionItem>().Select(f => f.Function).ToList();
        var exported = Bound(names.Exports, world.Exports.Values.OfType<WorldFunctionItem>().Select(f => f.Function));
        string exportsInterface = "I" + names.ClassName + "Exports";
        string exportsFullName = InterfaceNames.Qualify(names.Namespace, exportsInterface);
        if (!userClass)
        {
            Docs.Summary(writer, world.Docs, $"The world `{world.Name}`, implemented by this component.");
        }

        ImportsBinding? imports;
        using (writer.Block(userClass ? $"partial class {names.ClassName}" : $"{names.Accessibility} partial class {names.ClassName}"))
        {
            imports = _interfaces.EmitImportMembers(writer, names.Imports, null, ownTypes, imported);
            var resources = Resources(names.Imports, ownTypes);
            if (imports is not null)
            {
                writer.BlankLine();
                EmitImportSide(writer, new Unit(names.Imports, names.FullName, names.Imports.HostFullName, null, Bound(names.Imports, imported), resources));
            }

            if (exported.Count > 0)
            {
                writer.BlankLine();
                EmitExportSide(writer, new Unit(names.Exports, names.FullName, exportsFullName, null, exported, new List<TypeId>()));
            }

            // Inline interfaces (`import x: interface { ... }`) are nested in the world class; their instance is the key.
            foreach (var (key, item) in world.Imports.Concat(world.Exports))
            {
                if (item is WorldInterfaceItem iface && Resolve[iface.Id].Name is null)
                {
                    writer.BlankLine();
                    bool isExport = world.Exports.ContainsKey(key);
                    EmitInterface(writer, iface.Id, Resolve.NameOf(key), imported: !isExport, exported: isExport);
                }
            }
        }

        if (imports is not null)
        {
            writer.BlankLine();
            _interfaces.EmitHostInterface(writer, names.Imports, imports, names.Accessibility);
        }

        if (exported.Count > 0)
        {
            writer.BlankLine();
            Docs.Summary(writer, null, $"The functions the world `{world.Name}` exports, implemented by this component.");
            using (writer.Block($"{names.Accessibility} interface {exportsInterface}"))
            {
                foreach (var function in exported)
                {
                    if (Bind(function, names.Exports, exportsFullName) is { } binding)
                    {
                        writer.BlankLine();
                        InterfaceEmitter.Signature(writer, binding, string.Empty, ";");
                    }
                }
            }
        }
    }

    // ------------------------------------------------------------------ imports

    /// <summary><c>Imports</c> (the C# interface over the component's imports), the import declarations, and a handle class per resource.</summary>
    private void EmitImportSide(SourceWriter writer, Unit unit)
    {
        var plain = unit.Functions.Where(f => !IsMethod(f) && Supported(f)).ToList();
        string importsClass = unit.ClassFullName + ".__GuestImports";
        string property = Claim(unit.Names.ClassScope, "Imports");
        writer.Line($"/// <summary>");
        writer.Line($"/// {Describe(unit)} as this component imports it: by default each call leaves the component through its core");
        writer.Line("/// import. Linked in-process (no wasm), set it to the implementation the component's imports should reach.");
        writer.Line($"/// </summary>");
        writer.Line($"public static {unit.HostFullName} {property} {{ get; set; }} = new __GuestImports();");
        writer.BlankLine();
        using (writer.Block($"private sealed class __GuestImports : {unit.HostFullName}"))
        {
            foreach (var function in plain)
            {
                if (Bind(function, unit.Names, importsClass) is { } binding)
                {
                    writer.BlankLine();
                    InterfaceEmitter.Signature(writer, binding, "public ", null);
                    using (writer.Block())
                    {
                        EmitImportCall(writer, unit, binding, null);
                    }
                }
            }
        }

        foreach (var function in unit.Functions.Where(Supported))
        {
            writer.BlankLine();
            var plan = FunctionPlan.Of(_layouts, function);
            writer.Line($"[{Interop}DllImport({Literal(unit.Module)}, EntryPoint = {Literal(function.Name)}), {Interop}WasmImportLinkage]");
            writer.Line($"private static extern {Returns(plan.LoweredResults)} {ImportName(function)}({CoreParameters(plan.LoweredParams)});");
        }

        foreach (var resource in unit.Resources)
        {
            writer.BlankLine();
            EmitHandleClass(writer, unit, resource);
        }
    }

    /// <summary>The class of handles to an imported resource: it implements the resource's C# interface by calling the imports.</summary>
    private void EmitHandleClass(SourceWriter writer, Unit unit, TypeId resource)
    {
        var def = Resolve[resource];
        string interfaceType = _plan.TypeRef(WitType.FromId(resource), Side.Import);
        string fullName = HandleClass(resource);
        string name = fullName.Substring(fullName.LastIndexOf('.') + 1);
        Docs.Summary(writer, def.Docs, $"A handle to the resource `{def.Name}` this component imports; disposing an owned handle drops it.");
        using (writer.Block($"public sealed class {name} : {interfaceType}, global::System.IDisposable"))
        {
            writer.Line("private int _handle;");
            writer.Line("private readonly bool _owned;");
            writer.BlankLine();
            using (writer.Block($"internal {name}(int handle, bool owned)"))
            {
                writer.Line("_handle = handle;");
                writer.Line("_owned = owned;");
            }

            writer.BlankLine();
            writer.Line($"[{Interop}DllImport({Literal(unit.Module)}, EntryPoint = {Literal("[resource-drop]" + def.Name)}), {Interop}WasmImportLinkage]");
            writer.Line("private static extern void __ResourceDrop(int handle);");
            writer.BlankLine();
            writer.Line("/// <summary>Drops an owned handle (once); a borrowed one is only forgotten.</summary>");
            using (writer.Block("public void Dispose()"))
            {
                writer.Line("if (_owned && _handle != 0) __ResourceDrop(_handle);");
                writer.Line("_handle = 0;");
            }

            foreach (var (method, lend) in new[] { ("__Take", false), ("__Lend", true) })
            {
                writer.BlankLine();
                using (writer.Block($"internal static uint {method}({interfaceType} value)"))
                {
                    writer.Line($"var handle = value as {name} ?? throw new global::System.ArgumentException(\"not a handle of the imported resource `{def.Name}`\", nameof(value));");
                    writer.Line($"if ({(lend ? string.Empty : "!handle._owned || ")}handle._handle == 0) throw new global::System.ObjectDisposedException(\"{def.Name}\");");
                    if (lend)
                    {
                        writer.Line("return unchecked((uint)handle._handle);");
                    }
                    else
                    {
                        writer.Line("int taken = handle._handle;");
                        writer.Line("handle._handle = 0;");
                        writer.Line("return unchecked((uint)taken);");
                    }
                }
            }

            foreach (var function in unit.Functions.Where(f => IsMethod(f) && Supported(f) && f.Resource is { } r && Resolve.Dealias(r) == resource))
            {
                if (Bind(function, unit.Names, fullName) is { } binding)
                {
                    writer.BlankLine();
                    InterfaceEmitter.Signature(writer, binding, "public ", null);
                    using (writer.Block())
                    {
                        EmitImportCall(writer, unit, binding, "this");
                    }
                }
            }
        }
    }

    /// <summary>Lowers the arguments (flat, or spilled into memory), calls the core import, lifts the result (flat, or from the return area).</summary>
    private void EmitImportCall(SourceWriter writer, Unit unit, FunctionBinding binding, string? self)
    {
        var function = binding.Function;
        var plan = FunctionPlan.Of(_layouts, function);
        var values = new ValueEmitter(_layouts, _importTypes, writer, binding.Parameters.Select(p => p.Name.TrimStart('@')));
        var arguments = new List<string>();
        if (self is not null)
        {
            arguments.Add(self);
        }

        arguments.AddRange(binding.Parameters.Select(p => p.Name));
        writer.Line($"var __cx = new {Context}();");
        var core = new List<string>();
        if (!plan.ParamsInMemory)
        {
            for (int i = 0; i < function.Params.Count; i++)
            {
                core.AddRange(values.LowerFlat(function.Params[i].Type, arguments[i]).Select(f => f.Expr));
            }
        }
        else
        {
            writer.Line($"int __args = __cx.Allocate({plan.ParamArea.Alignment}, {plan.ParamArea.Size});");
            for (int i = 0; i < function.Params.Count; i++)
            {
                values.Store(function.Params[i].Type, arguments[i], "__args", plan.ParamOffsets[i]);
            }

            core.Add("__args");
        }

        if (plan.ResultInMemory)
        {
            var result = _layouts.Of(function.Result!.Value);
            writer.Line($"int __ret = __cx.Allocate({result.Alignment}, {result.Size});");
            core.Add("__ret");
        }

        string call = $"{unit.ClassFullName}.{ImportName(function)}({string.Join(", ", core)})";
        writer.Line(plan.LoweredResults.Length == 1 ? $"{ValueEmitter.CSharpOf(plan.LoweredResults[0])} __result = {call};" : call + ";");
        if (function.Result is not { } resultType)
        {
            writer.Line("__cx.Free();");
            return;
        }

        int index = 0;
        string value = plan.ResultInMemory
            ? values.Load(resultType, "__ret", 0)
            : values.LiftFlat(resultType, new[] { new FlatValue("__result", plan.LoweredResults[0]) }, ref index);
        writer.Line($"{binding.ReturnType} __value = {value};");
        writer.Line("__cx.Free();");
        writer.Line("return __value;");
    }

    // ------------------------------------------------------------------ exports

    /// <summary><c>Implementation</c>, the resources' intrinsics and tables, and one core export (with its post-return function) per function.</summary>
    private void EmitExportSide(SourceWriter writer, Unit unit)
    {
        string property = Claim(unit.Names.ClassScope, "Implementation");
        writer.Line($"/// <summary>The implementation of {Describe(unit)} this component's exports call; set it before the first call (e.g. in a module initializer).</summary>");
        writer.Line($"public static {unit.HostFullName}? {property} {{ get; set; }}");
        foreach (var resource in unit.Resources)
        {
            writer.BlankLine();
            EmitResourceTable(writer, unit, resource);
        }

        foreach (var function in unit.Functions.Where(Supported))
        {
            if (Bind(function, unit.Names, unit.HostFullName) is { } binding)
            {
                writer.BlankLine();
                EmitExport(writer, unit, binding, property);
            }
        }
    }

    /// <summary>The objects behind the handles of a resource the component implements, the intrinsics that make those handles, and the destructor export.</summary>
    private void EmitResourceTable(SourceWriter writer, Unit unit, TypeId resource)
    {
        string name = Resolve[resource].Name!;
        string p = CSharpNames.Pascal(name);
        string type = _plan.TypeRef(WitType.FromId(resource), Side.Import);
        string module = "[export]" + unit.Module;
        writer.Line($"// The resource `{name}`: representations are indices into this table; handles are the caller's.");
        writer.Line($"private static readonly global::Wasm.Components.Guest.GuestResourceTable<{type}> __{p}Reps = new();");
        writer.BlankLine();
        writer.Line($"[{Interop}DllImport({Literal(module)}, EntryPoint = {Literal("[resource-new]" + name)}), {Interop}WasmImportLinkage]");
        writer.Line($"private static extern int __{p}ResourceNew(int rep);");
        writer.BlankLine();
        writer.Line($"[{Interop}DllImport({Literal(module)}, EntryPoint = {Literal("[resource-rep]" + name)}), {Interop}WasmImportLinkage]");
        writer.Line($"private static extern int __{p}ResourceRep(int handle);");
        writer.BlankLine();
        writer.Line($"[{Interop}DllImport({Literal(module)}, EntryPoint = {Literal("[resource-drop]" + name)}), {Interop}WasmImportLinkage]");
        writer.Line($"private static extern void __{p}ResourceDrop(int handle);");
        writer.BlankLine();
        writer.Line($"[{Interop}UnmanagedCallersOnly(EntryPoint = {Literal(unit.Module + "#[dtor]" + name)})]");
        using (writer.Block($"private static void __{p}Dtor(int rep)"))
        {
            // A handle moved into the component (own) was taken out of the table before it was dropped.
            writer.Line($"if (__{p}Reps.Contains(rep) && __{p}Reps.Remove(rep) is global::System.IDisposable disposable) disposable.Dispose();");
        }

        writer.BlankLine();
        writer.Line($"internal static uint __{p}New({type} value) => unchecked((uint)__{p}ResourceNew(__{p}Reps.Add(value)));");
        writer.BlankLine();
        writer.Line($"internal static {type} __{p}Get(uint rep) => __{p}Reps.Get(unchecked((int)rep));");
        writer.BlankLine();
        using (writer.Block($"internal static {type} __{p}Take(uint handle)"))
        {
            writer.Line($"int rep = __{p}ResourceRep(unchecked((int)handle));");
            writer.Line($"var value = __{p}Reps.Remove(rep);");
            writer.Line($"__{p}ResourceDrop(unchecked((int)handle));");
            writer.Line("return value;");
        }
    }

    /// <summary>One core export: lift the arguments, call the implementation, lower the result.</summary>
    private void EmitExport(SourceWriter writer, Unit unit, FunctionBinding binding, string implementation)
    {
        var function = binding.Function;
        var plan = FunctionPlan.Of(_layouts, function);
        string entry = unit.InstanceName is null ? function.Name : unit.InstanceName + "#" + function.Name;
        string name = "__export_" + Identifier(function.Name);
        writer.Line($"/// <summary>The core export `{entry}`.</summary>");
        writer.Line($"[{Interop}UnmanagedCallersOnly(EntryPoint = {Literal(entry)})]");
        using (writer.Block($"private static {Returns(plan.LiftedResults)} {name}({CoreParameters(plan.LiftedParams)})"))
        {
            var values = new ValueEmitter(_layouts, _exportTypes, writer, System.Array.Empty<string>());
            writer.Line($"var __cx = new {Context}();");
            var arguments = new List<string>();
            if (!plan.ParamsInMemory)
            {
                var flat = plan.LiftedParams.Select((t, i) => new FlatValue("p" + i, t)).ToList();
                int index = 0;
                for (int i = 0; i < function.Params.Count; i++)
                {
                    writer.Line($"var __arg{i} = {values.LiftFlat(function.Params[i].Type, flat, ref index)};");
                    arguments.Add("__arg" + i);
                }
            }
            else
            {
                // The caller stored the arguments in a block it allocated with cabi_realloc: the component frees it.
                values.CheckAligned("p0", plan.ParamArea.Alignment, "argument area");
                writer.Line("__cx.Own(p0);");
                for (int i = 0; i < function.Params.Count; i++)
                {
                    writer.Line($"var __arg{i} = {values.Load(function.Params[i].Type, "p0", plan.ParamOffsets[i])};");
                    arguments.Add("__arg" + i);
                }
            }

            writer.Line("__cx.Free();");
            string target;
            if (IsMethod(function))
            {
                target = arguments[0];
                arguments.RemoveAt(0);
            }
            else
            {
                target = $"({unit.ClassFullName}.{implementation} ?? throw new global::System.InvalidOperationException(\"{Describe(unit).Replace("`", string.Empty)} has no implementation: set {implementation}\"))";
            }

            string call = $"{target}.{binding.MethodName}({string.Join(", ", arguments)})";
            if (function.Result is not { } resultType)
            {
                writer.Line(call + ";");
            }
            else if (!plan.ResultInMemory)
            {
                writer.Line($"var __result = {call};");
                var flat = values.LowerFlat(resultType, "__result");
                writer.Line("__cx.Free();");
                writer.Line($"return {flat[0].Expr};");
            }
            else
            {
                var layout = _layouts.Of(resultType);
                writer.Line($"var __result = {call};");
                writer.Line($"int __ret = __cx.Allocate({layout.Alignment}, {layout.Size});");
                values.Store(resultType, "__result", "__ret", 0);
                writer.Line("__cx.KeepUntilPostReturn();");
                writer.Line("return __ret;");
            }
        }

        if (plan.ResultInMemory)
        {
            writer.BlankLine();
            writer.Line($"/// <summary>Frees what the result of `{entry}` points to, once the caller has read it.</summary>");
            writer.Line($"[{Interop}UnmanagedCallersOnly(EntryPoint = {Literal("cabi_post_" + entry)})]");
            writer.Line($"private static void __post_{Identifier(function.Name)}({CoreParameters(plan.LiftedResults)}) => {Memory}.PostReturn();");
        }
    }

    // ------------------------------------------------------------------ resources

    /// <summary>Whether a resource's handles in a function of the given role are the component's own (it implements the resource).</summary>
    internal bool Implemented(TypeId resource, bool exportRole)
    {
        var owner = Resolve[resource].Owner;
        return exportRole && owner.Kind == TypeOwnerKind.Interface && ExportedInterfaces.Contains(owner.Interface);
    }

    /// <summary>The class whose static members keep the table of a resource the component implements.</summary>
    internal string OwnerClass(TypeId resource)
    {
        var owner = Resolve[resource].Owner;
        return owner.Kind == TypeOwnerKind.World ? _plan.World(owner.World).FullName : _plan.Interface(owner.Interface, Side.Import).FullName;
    }

    /// <summary>The handle class of an imported resource, nested in its interface's class (named once, on first use).</summary>
    internal string HandleClass(TypeId resource)
    {
        if (_handleClasses.TryGetValue(resource, out var name))
        {
            return name;
        }

        var owner = Resolve[resource].Owner;
        var names = owner.Kind == TypeOwnerKind.World ? _plan.World(owner.World).Imports : _plan.Interface(owner.Interface, Side.Import);
        name = names.FullName + "." + Claim(names.ClassScope, CSharpNames.Pascal(Resolve[resource].Name ?? "resource"));
        _handleClasses[resource] = name;
        return name;
    }

    // ------------------------------------------------------------------ helpers

    private FunctionBinding? Bind(Function function, InterfaceNames names, string context)
    {
        if (!Supported(function) || !names.Functions.TryGetValue(function.Name, out var method))
        {
            return null;
        }

        var parameters = function.Params.Skip(IsMethod(function) ? 1 : 0).Select(p => (CSharpNames.Camel(p.Name), _plan.TypeRef(p.Type, Side.Import, context))).ToList();
        string returns = function.Result is { } result ? _plan.TypeRef(result, Side.Import, context) : "void";
        return new FunctionBinding(function, function.Name, method, parameters, returns);
    }

    // Unsupported functions are reported once, by the declarations.
    private bool Supported(Function function) => _plan.Unsupported(function) is null;

    /// <summary>The functions that have bindings: supported, and named without a conflict.</summary>
    private List<Function> Bound(InterfaceNames names, IEnumerable<Function> functions) =>
        functions.Where(f => Supported(f) && names.Functions.ContainsKey(f.Name)).ToList();

    private List<TypeId> Resources(InterfaceNames names, IEnumerable<TypeId> types) =>
        types.Where(t => Resolve[t].Kind is ResourceKind && names.Types.ContainsKey(t)).ToList();

    private static bool IsMethod(Function function) => function.Kind is FunctionKindTag.Method or FunctionKindTag.AsyncMethod;

    private static string Claim(MemberScope scope, string name)
    {
        string? claimed;
        while ((claimed = scope.Claim(name, "[guest] " + name)) is null)
        {
            name += "_";
        }

        return claimed;
    }

    private static string ImportName(Function function) => "__import_" + Identifier(function.Name);

    /// <summary>A C# identifier for a WIT function name (<c>[method]r.get-x</c> → <c>_method_r_get_x</c>), unique within an interface.</summary>
    private static string Identifier(string witName)
    {
        var sb = new StringBuilder(witName.Length);
        foreach (char c in witName)
        {
            sb.Append(char.IsLetterOrDigit(c) ? c : '_');
        }

        return sb.ToString();
    }

    private static string Returns(CoreType[] results) => results.Length == 0 ? "void" : ValueEmitter.CSharpOf(results[0]);

    private static string CoreParameters(CoreType[] parameters) =>
        string.Join(", ", parameters.Select((t, i) => ValueEmitter.CSharpOf(t) + " p" + i));

    private static string Literal(string text) => "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    private static string Describe(Unit unit) => unit.InstanceName is null ? "this world" : $"`{unit.InstanceName}`";

    /// <summary>An interface (or a world's own functions) in one role.</summary>
    /// <param name="Names">Its names on the import side (the only side guest bindings use).</param>
    /// <param name="ClassFullName">The class the guest members go into.</param>
    /// <param name="HostFullName">The C# interface of its functions.</param>
    /// <param name="InstanceName">The instance name, null for the world's own functions.</param>
    /// <param name="Functions">Its functions.</param>
    /// <param name="Resources">The resources it declares.</param>
    private sealed record Unit(InterfaceNames Names, string ClassFullName, string HostFullName, string? InstanceName, List<Function> Functions, List<TypeId> Resources)
    {
        /// <summary>The core module name its imports come from (<c>$root</c> for the world's own).</summary>
        public string Module => InstanceName ?? "$root";
    }
}

/// <summary>
/// Handles as the component sees them: its own resources by representation (borrowed) or through the
/// <c>[resource-new]</c>/<c>[resource-rep]</c> intrinsics (owned); imported ones as handle classes.
/// </summary>
internal sealed class GuestResourceAccess : IResourceAccess
{
    private readonly GuestEmitter _emitter;
    private readonly bool _exportRole;

    public GuestResourceAccess(GuestEmitter emitter, bool exportRole)
    {
        _emitter = emitter;
        _exportRole = exportRole;
    }

    // The guest context's handle operations take no resource type: the handle conversions below carry it.
    public string ResourceType(TypeId resource) => "0";

    public string ToRep(HandleKind handle, string value)
    {
        var resource = Dealias(handle.Resource);
        if (_emitter.Implemented(resource, _exportRole))
        {
            return $"{_emitter.OwnerClass(resource)}.__{Pascal(resource)}New({value})";
        }

        return $"{_emitter.HandleClass(resource)}.{(handle.IsBorrow ? "__Lend" : "__Take")}({value})";
    }

    public string FromRep(HandleKind handle, string rep)
    {
        var resource = Dealias(handle.Resource);
        if (_emitter.Implemented(resource, _exportRole))
        {
            // A borrow of the component's own resource arrives as its representation; an own, as a handle to take over.
            return $"{_emitter.OwnerClass(resource)}.__{Pascal(resource)}{(handle.IsBorrow ? "Get" : "Take")}({rep})";
        }

        return $"new {_emitter.HandleClass(resource)}(unchecked((int){rep}), {(handle.IsBorrow ? "false" : "true")})";
    }

    private TypeId Dealias(TypeId id) => _emitter.ResolveOf.Dealias(id);

    private string Pascal(TypeId resource) => CSharpNames.Pascal(_emitter.ResolveOf[resource].Name ?? "resource");
}
