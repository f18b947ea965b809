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
        _importSide.ResultsAsExceptions = _exportSide.ResultsAsExceptions = plan.Results == Model.ResultMapping.Exception;
        _calls = _importSide;
    }

    // ------------------------------------------------------------------ exports

    public void EmitExportsState(SourceWriter writer, ExportsClass exports)
    {
        // A world's own exports use the world's (import-side) types; an exported interface's, its exported types.
        bool world = exports.InstanceName is null;
        _calls = world ? _importSide : _exportSide;
        var names = world ? _importNames : _exportNames;
        var state = new ExportsState(exports.InstanceName, _plan.Resolve);
        _exports = state;
        names.Resources = state.Access;

        // Field names: functions first (`_{method}`, `_{resource}{Method}`), then resources; no two alike.
        var resources = new List<TypeId>(exports.Resources ?? System.Array.Empty<TypeId>());
        foreach (var function in exports.Functions)
        {
            string field = FieldName(function);
            while (!state.Fields.Add(field)) field += "_";
            state.FunctionFields[function.Function] = field;
            _runtimeTypes.CollectResources(function.Function, resources);
            if (function.Function.Resource is { } own && !resources.Contains(_plan.Resolve.Dealias(own)))
            {
                resources.Add(_plan.Resolve.Dealias(own));
            }
        }

        foreach (var resource in resources)
        {
            string camel = Camel(_plan.Resolve[resource].Name ?? "resource");
            if (IsGuestResource(resource, world ? Side.Import : Side.Export))
            {
                string field = "_" + camel + "Resource";
                while (!state.Fields.Add(field)) field += "_";
                string? owner = null;
                string? ownerInstance = _plan.InstanceName(OwnerInterface(resource));
                if (ownerInstance != exports.InstanceName)
                {
                    // Another exported interface's resource: its handles belong to that interface's class (their
                    // methods call through it), which the constructor receives.
                    if (!state.Owners.TryGetValue(ownerInstance!, out var dependency))
                    {
                        string ownerField = "_" + Camel(_plan.Resolve[OwnerInterface(resource)].Name ?? "interface") + "Exports";
                        while (!state.Fields.Add(ownerField)) ownerField += "_";
                        dependency = (ownerField, _plan.Interface(OwnerInterface(resource), Side.Export).FullName);
                        state.Owners[ownerInstance!] = dependency;
                    }

                    owner = dependency.Field;
                }

                state.Access.Guest[resource] = (field, _plan.TypeRef(WitType.FromId(resource), Side.Export), owner);
            }
            else
            {
                string field = "_" + camel + "Resources";
                while (!state.Fields.Add(field)) field += "_";
                state.Access.Host[resource] = field;
            }
        }

        foreach (var (resource, field) in state.Access.Host)
        {
            writer.Line($"private readonly {HostResourcesType(resource)} {field};");
        }

        foreach (var (resource, (field, _, _)) in state.Access.Guest)
        {
            writer.Line($"private readonly {ResourceTypeName} {field};");
        }

        foreach (var (field, type) in state.Owners.Values)
        {
            writer.Line($"private readonly {type} {field};");
        }

        if (!world && exports.InstanceName is not null)
        {
            _dependencies[exports.InstanceName] = state.Owners.Select(o => (o.Key, o.Value.Class)).ToList();
        }

        var functions = exports.Functions;
        foreach (var function in functions)
        {
            var plan = _calls.PlanOf(function.Function);
            string field = state.FunctionFields[function.Function];
            writer.Line($"private readonly {Bindings}GuestFunction {field};");
            writer.Line($"private readonly {_calls.ExportCoreDelegateType(function.Function)} {field}Core;");
            writer.Line($"private readonly {HostFunctionEmitter.DelegateType(plan.LiftedResults, System.Array.Empty<CoreType>())}? {field}PostReturn;");
        }

        writer.BlankLine();
        var ownerParameters = state.Owners.Values.Select(o => $", {o.Class} {o.Field.TrimStart('_')}");
        using (writer.Block($"internal {exports.ClassName}(global::Wasm.Components.ComponentInstance instance, {Linker} linker{string.Concat(ownerParameters)})"))
        {
            foreach (var (field, _) in state.Owners.Values)
            {
                writer.Line($"{field} = {field.TrimStart('_')};");
            }

            foreach (var (resource, field) in state.Access.Host)
            {
                writer.Line($"{field} = {HostResourcesType(resource)}.Of(linker, {Literal(InstanceNameOf(resource))}, \"{_plan.Resolve[resource].Name}\");");
            }

            foreach (var (resource, (field, _, _)) in state.Access.Guest)
            {
                writer.Line($"{field} = {Bindings}GuestExports.Resource(instance, \"{InstanceNameOf(resource)}#{_plan.Resolve[resource].Name}\");");
            }

            foreach (var function in functions)
            {
                string field = state.FunctionFields[function.Function];
                string name = world ? function.ExternName : exports.InstanceName + "#" + function.ExternName;
                writer.Line($"{field} = {Bindings}GuestExports.Bind(instance, \"{name}\");");
                writer.Line($"{field}Core = {field}.CoreDelegate<{_calls.ExportCoreDelegateType(function.Function)}>();");
                writer.Line($"{field}PostReturn = {field}.PostReturnDelegate<{_calls.ExportPostReturnDelegateType(function.Function)}>();");
            }

            // Exported interfaces whose functions take another's resources receive its class: created first.
            var properties = exports.Properties.ToDictionary(p => p.InstanceName, p => p);
            var created = new HashSet<string>();
            void Create(string instanceName)
            {
                if (!created.Add(instanceName))
                {
                    return;
                }

                foreach (var (dependency, _) in Dependencies(instanceName).Where(d => properties.ContainsKey(d.Instance)))
                {
                    Create(dependency);
                }

                var (property, type, _) = properties[instanceName];
                writer.Line($"{property} = {New(type, instanceName)};");
            }

            // An interface the world does not export itself gets a class of its own.
            string New(string type, string instanceName) =>
                $"new {type}(instance, linker{string.Concat(Dependencies(instanceName).Select(d => ", " + (properties.TryGetValue(d.Instance, out var p) ? p.Name : New(d.Class, d.Instance))))})";

            foreach (var property in exports.Properties)
            {
                Create(property.InstanceName);
            }
        }

        // The types are checked once, against the component's type, when the world's Pre is created; the
        // constructor above only looks the functions up. Resources are the component type's own.
        writer.BlankLine();
        writer.Line("/// <summary>Checks the component's exports against the functions this class binds; a mismatch is a <c>LinkException</c>.</summary>");
        using (writer.Block($"internal static void __CheckExports({ComponentTypeName} __type)"))
        {
            var locals = new Dictionary<TypeId, string>();
            foreach (var (resource, field) in state.Access.Host)
            {
                locals[resource] = "_" + field;
                writer.Line($"var _{field} = {Bindings}GuestExports.ImportedResource(__type, {Literal(InstanceNameOf(resource))}, \"{_plan.Resolve[resource].Name}\");");
            }

            foreach (var (resource, (field, _, _)) in state.Access.Guest)
            {
                locals[resource] = "_" + field;
                writer.Line($"var _{field} = {Bindings}GuestExports.ExportedResource(__type, {Literal(InstanceNameOf(resource))}, \"{_plan.Resolve[resource].Name}\");");
            }

            foreach (var function in functions)
            {
                string name = world ? function.ExternName : exports.InstanceName + "#" + function.ExternName;
                writer.Line($"{Bindings}GuestExports.CheckFunction(");
                writer.Line("    __type,");
                writer.Line($"    \"{name}\",");
                writer.Line($"    {_runtimeTypes.Function(function.Function, r => locals[_plan.Resolve.Dealias(r)])});");
            }

            foreach (var (_, type, _) in exports.Properties)
            {
                writer.Line($"{type}.__CheckExports(__type);");
            }
        }
    }

    public void EmitExportCall(SourceWriter writer, FunctionBinding function)
    {
        using (writer.Block())
        {
            var state = _exports!;

            // Restored for every call: the world's AddToLinker in between uses the same names with its own tables.
            (_calls == _importSide ? _importNames : _exportNames).Resources = state.Access;
            bool method = function.Function.Kind is FunctionKindTag.Method;
            state.Access.Owner = method ? "_owner" : "this";
            string prefix = method ? "_owner." : string.Empty;

            var parameterNames = new List<string>();
            if (method)
            {
                parameterNames.Add("this");
                writer.Line("ThrowIfDisposed();");
            }

            parameterNames.AddRange(function.Parameters.Select(p => p.Name));
            var witParams = function.Function.Params;
            _validationTemps = 0;
            for (int i = method ? 1 : 0; i < witParams.Count; i++)
            {
                Validate(writer, witParams[i].Type, parameterNames[i], 0);
            }

            // Host objects lent to the guest are in their table for this call only.
            var loans = new List<(string Mark, string Table)>();
            foreach (var p in witParams)
            {
                CollectBorrowedHostResources(p.Type, state.Access, loans);
            }

            foreach (var (mark, table) in loans)
            {
                writer.Line($"int {mark} = {prefix}{table}.LoanMark;");
            }

            string field = prefix + state.FunctionFields[function.Function];
            if (loans.Count == 0)
            {
                _calls.EmitExportBody(writer, function.Function, parameterNames, field, field + "Core", field + "PostReturn");
                return;
            }

            writer.Line("try");
            using (writer.Block())
            {
                _calls.EmitExportBody(writer, function.Function, parameterNames, field, field + "Core", field + "PostReturn");
            }

            writer.Line("finally");
            using (writer.Block())
            {
                foreach (var (mark, table) in loans)
                {
                    writer.Line($"{prefix}{table}.EndLoans({mark});");
                }
            }
        }
    }

    public void EmitHandleState(SourceWriter writer, ResourceBinding resource)
    {
        _calls = _exportSide;
        var state = _exports!;
        string typeField = state.Access.Guest[resource.Resource].Field;
        writer.Line($"private readonly {resource.OwnerClass} _owner;");
        writer.Line("private readonly uint _rep;");
        writer.Line("private bool _disposed;");
        writer.BlankLine();
        using (writer.Block($"internal {resource.ClassName}({resource.OwnerClass} owner, uint rep)"))
        {
            writer.Line("_owner = owner;");
            writer.Line("_rep = rep;");
        }

        writer.BlankLine();
        writer.Line("/// <summary>Drops the handle (once); the guest's destructor runs when it was the last one.</summary>");
        using (writer.Block("public void Dispose()"))
        {
            using (writer.Block("if (!_disposed)"))
            {
                writer.Line("_disposed = true;");
                writer.Line($"_owner.{typeField}.DropOwned(_rep);");
            }
        }

        writer.BlankLine();
        writer.Line("/// <summary>The representation, for a call that borrows the handle.</summary>");
        using (writer.Block("internal uint Borrow()"))
        {
            writer.Line("ThrowIfDisposed();");
            writer.Line("return _rep;");
        }

        writer.BlankLine();
        writer.Line("/// <summary>The representation, for a call that takes ownership: the handle is used up.</summary>");
        using (writer.Block("internal uint Move()"))
        {
            writer.Line("ThrowIfDisposed();");
            writer.Line("_disposed = true;");
            writer.Line("return _rep;");
        }

        writer.BlankLine();
        writer.Line($"internal void ThrowIfDisposed() => global::System.ObjectDisposedException.ThrowIf(_disposed, this);");
    }

    // ------------------------------------------------------------------ imports

    public void EmitAddToLinker(SourceWriter writer, ImportsBinding imports)
    {
        var delegates = new List<(string Name, FunctionPlan Plan)>();
        var saved = _importNames.Resources;
        var access = new ResourceAccess(_plan.Resolve);
        _importNames.Resources = access;
        using (writer.Block())
        {
            writer.Line($"{ThrowIfNull}(linker);");
            writer.Line($"{ThrowIfNull}(host);");
            writer.Line(imports.InstanceName is null ? "var instance = linker.Root;" : $"var instance = linker.Instance(\"{imports.InstanceName}\");");

            // This instance's resources get fresh types and tables; those of other imports are looked up.
            var locals = new HashSet<string> { "linker", "host", "instance" };
            foreach (var (resource, _) in imports.Resources)
            {
                string local = Local(resource, locals);
                access.Host[resource] = local;
                writer.Line($"var {local} = {HostResourcesType(resource)}.Define(linker, {Literal(imports.InstanceName)}, \"{_plan.Resolve[resource].Name}\");");
            }

            var used = new List<TypeId>();
            foreach (var function in imports.Functions)
            {
                _runtimeTypes.CollectResources(function.Function, used);
            }

            foreach (var resource in used)
            {
                if (!access.Host.ContainsKey(resource))
                {
                    string local = Local(resource, locals);
                    access.Host[resource] = local;
                    writer.Line($"var {local} = {HostResourcesType(resource)}.Of(linker, {Literal(InstanceNameOf(resource))}, \"{_plan.Resolve[resource].Name}\");");
                }
            }

            foreach (var function in imports.Functions)
            {
                var plan = _importSide.PlanOf(function.Function);
                string? delegateType = null;
                if (HostFunctionEmitter.DelegateType(plan.LoweredParams, plan.LoweredResults) is null)
                {
                    delegateType = function.MethodName + "Lowered";
                    delegates.Add((delegateType, plan));
                }

                writer.BlankLine();
                string method = function.MethodName;
                bool isMethod = function.Function.Kind is FunctionKindTag.Method;
                _importSide.EmitImportLowering(
                    writer,
                    function.Function,
                    "site",
                    args => isMethod
                        ? $"{args[0]}.{method}({string.Join(", ", args.Skip(1))})"
                        : $"host.{method}({string.Join(", ", args)})",
                    delegateType,
                    prefix: $"instance.DefineFunction(\"{function.ExternName}\", {_runtimeTypes.Function(function.Function, access.ResourceType)}, site => ",
                    suffix: ");");
            }
        }

        foreach (var (name, plan) in delegates)
        {
            writer.BlankLine();
            HostFunctionEmitter.EmitDelegateDeclaration(writer, name, plan.LoweredParams, plan.LoweredResults);
        }

        _importNames.Resources = saved;
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
            writer.Line($"{world.ClassName}.__CheckExports(component.Type);");
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
            writer.Line($"return new {world.ClassName}(_linker.Instantiate(store, _component), _linker);");
        }
    }

    // ------------------------------------------------------------------ helpers

    private const string Linker = "global::Wasm.Components.ComponentLinker";
    private const string ResourceTypeName = "global::Wasm.Components.Types.ResourceType";
    private const string ComponentTypeName = "global::Wasm.Components.Types.ComponentType";

    private List<(string Instance, string Class)> Dependencies(string instanceName) =>
        _dependencies.TryGetValue(instanceName, out var dependencies) ? dependencies : new List<(string, string)>();

    /// <summary>The exported interfaces (by instance name) whose classes an exported interface's constructor takes.</summary>
    private readonly Dictionary<string, List<(string Instance, string Class)>> _dependencies = new();

    /// <summary>The state of the exports class being written (its fields and resources), for its calls and handle classes.</summary>
    private ExportsState? _exports;

    /// <summary>Whether <paramref name="resource"/> is implemented by the guest when seen from <paramref name="side"/>.</summary>
    private bool IsGuestResource(TypeId resource, Side side)
    {
        var owner = _plan.Resolve[resource].Owner;
        return owner.Kind == TypeOwnerKind.Interface && _plan.SideOf(OwnerInterface(resource), side) == Side.Export;
    }

    private InterfaceId OwnerInterface(TypeId resource) => _plan.Resolve[resource].Owner.Interface;

    /// <summary>The instance a resource is defined in: its interface's, or null (the root) for a world's own.</summary>
    private string? InstanceNameOf(TypeId resource) =>
        _plan.Resolve[resource].Owner.Kind == TypeOwnerKind.Interface ? _plan.InstanceName(OwnerInterface(resource)) : null;

    /// <summary><c>HostResources&lt;I{Resource}&gt;</c> of an imported resource.</summary>
    private string HostResourcesType(TypeId resource) => $"{Bindings}HostResources<{_plan.TypeRef(WitType.FromId(resource), Side.Import)}>";

    private string Local(TypeId resource, HashSet<string> taken)
    {
        string local = Camel(_plan.Resolve[resource].Name ?? "resource") + "Resources";
        while (!taken.Add(local)) local += "_";
        return local;
    }

    private static string Literal(string? text) => text is null ? "null" : "\"" + text + "\"";

    private static string Camel(string witName)
    {
        string pascal = Naming.CSharpNames.Pascal(witName);
        return char.ToLowerInvariant(pascal[0]) + pascal.Substring(1);
    }

    /// <summary>The field of a bound function: <c>_{method}</c>, or <c>_{resource}{Method}</c> for a resource's method.</summary>
    private string FieldName(FunctionBinding function)
    {
        string method = function.MethodName.TrimEnd('_');
        if (function.Function.Kind is FunctionKindTag.Method && function.Function.Resource is { } resource)
        {
            method = Naming.CSharpNames.Pascal(_plan.Resolve[resource].Name ?? "resource") + method;
        }

        return "_" + char.ToLowerInvariant(method[0]) + method.Substring(1);
    }

    /// <summary>The host resources whose objects a value of <paramref name="type"/> lends to the guest (a mark local each).</summary>
    private void CollectBorrowedHostResources(WitType type, ResourceAccess access, List<(string Mark, string Table)> loans)
    {
        var handles = new List<(TypeId Resource, bool Borrow)>();
        CollectHandles(type, handles, new HashSet<TypeId>());
        foreach (var (resource, borrow) in handles)
        {
            if (borrow && access.Host.TryGetValue(resource, out var table) && !loans.Exists(l => l.Table == table))
            {
                loans.Add(("__" + table.TrimStart('_') + "Loans", table));
            }
        }
    }

    private void CollectHandles(WitType type, List<(TypeId, bool)> handles, HashSet<TypeId> seen)
    {
        if (!type.IsId || !seen.Add(type.Id))
        {
            return;
        }

        switch (_plan.Resolve[type.Id].Kind)
        {
            case AliasKind a: CollectHandles(a.Target, handles, seen); break;
            case HandleKind h: handles.Add((_plan.Resolve.Dealias(h.Resource), h.IsBorrow)); break;
            case RecordKind r: r.Fields.ForEach(f => CollectHandles(f.Type, handles, seen)); break;
            case VariantKind v: v.Cases.ForEach(c => { if (c.Type is { } t) CollectHandles(t, handles, seen); }); break;
            case TupleKind t: t.Types.ForEach(x => CollectHandles(x, handles, seen)); break;
            case ListKind l: CollectHandles(l.Type, handles, seen); break;
            case FixedLengthListKind l: CollectHandles(l.Type, handles, seen); break;
            case OptionKind o: CollectHandles(o.Type, handles, seen); break;
            case ResultKind res:
                if (res.Ok is { } ok) CollectHandles(ok, handles, seen);
                if (res.Err is { } err) CollectHandles(err, handles, seen);
                break;
        }
    }

    /// <summary>
    /// Checks an argument before the guest is entered: a null reference (or a disposed handle) found while lowering
    /// would abandon the call and poison the instance; found here, it is an exception and nothing happens.
    /// <c>notNull</c>: <c>expression</c> is known not to be null (an option's payload).
    /// </summary>
    private void Validate(SourceWriter writer, WitType type, string expression, int depth, bool notNull = false)
    {
        var types = _calls.Types;
        type = types.Unalias(type);
        string throwIfNull = notNull ? string.Empty : $"{ThrowIfNull}({expression});";
        if (type.Kind == WitTypeKind.String)
        {
            Line(writer, throwIfNull);
            return;
        }

        if (!type.IsId)
        {
            return;
        }

        var id = types.Definition(type);
        switch (_plan.Resolve[id].Kind)
        {
            case ListKind list:
                Line(writer, throwIfNull);
                if (!types.IsNumber(list.Type) && IsReference(list.Type))
                {
                    // Elements are checked too: a null element is an ArgumentException naming the list.
                    string i = "__i" + depth;
                    using (writer.Block($"for (int {i} = 0; {i} < {expression}.Count; {i}++)"))
                    {
                        writer.Line($"if ({expression}[{i}] is null) throw new global::System.ArgumentException(\"the list has a null element\", \"{RootName(expression)}\");");
                        Validate(writer, list.Type, $"{expression}[{i}]", depth + 1);
                    }
                }

                return;
            case FixedLengthListKind:
                Line(writer, throwIfNull);
                return;
            case VariantKind variant:
            {
                // Payloads are checked too: a disposed handle or a null found while lowering would poison the instance.
                Line(writer, throwIfNull);
                var cases = new List<(int Index, WitType Payload)>();
                for (int i = 0; i < variant.Cases.Count; i++)
                {
                    if (variant.Cases[i].Type is { } payload && NeedsValidation(payload, notNull: false))
                    {
                        cases.Add((i, payload));
                    }
                }

                if (cases.Count == 0)
                {
                    return;
                }

                using (writer.Block($"switch ({expression})"))
                {
                    foreach (var (index, payload) in cases)
                    {
                        string caseName = types.Names.CaseName(id, index);
                        string temp = "__v" + _validationTemps++;
                        writer.Line($"case {types.Names.TypeName(id)}.{caseName} {temp}:");
                        using (writer.Block())
                        {
                            Validate(writer, payload, temp + (caseName == "Value" ? ".Value_" : ".Value"), depth + 1);
                            writer.Line("break;");
                        }
                    }
                }

                return;
            }
            case OptionKind option:
                if (NeedsValidation(option.Type, notNull: types.OptionFormOf(option.Type) == OptionForm.Nullable))
                {
                    if (types.OptionFormOf(option.Type) == OptionForm.Nullable)
                    {
                        string temp = "__v" + _validationTemps++;
                        using (writer.Block($"if ({expression} is {{ }} {temp})"))
                        {
                            Validate(writer, option.Type, temp, depth + 1, notNull: true);
                        }
                    }
                    else
                    {
                        using (writer.Block($"if ({expression}.HasValue)"))
                        {
                            Validate(writer, option.Type, expression + ".Value", depth + 1);
                        }
                    }
                }

                return;
            case ResultKind result:
            {
                if (result.Ok is { } okType && NeedsValidation(okType, notNull: false))
                {
                    using (writer.Block($"if ({expression}.IsOk)"))
                    {
                        Validate(writer, okType, expression + ".Value", depth + 1);
                    }
                }

                if (result.Err is { } errType && NeedsValidation(errType, notNull: false))
                {
                    using (writer.Block($"if (!{expression}.IsOk)"))
                    {
                        Validate(writer, errType, expression + ".Error", depth + 1);
                    }
                }

                return;
            }
            case HandleKind handle:
                Line(writer, throwIfNull);
                if (_exports is { } state && state.Access.Guest.ContainsKey(_plan.Resolve.Dealias(handle.Resource)))
                {
                    writer.Line($"{expression}.ThrowIfDisposed();");
                }

                return;
            case RecordKind record:
                Line(writer, throwIfNull);
                for (int i = 0; i < record.Fields.Count; i++)
                {
                    Validate(writer, record.Fields[i].Type, expression + "." + types.Names.FieldName(id, i), depth);
                }

                return;
            case TupleKind tuple:
                for (int i = 0; i < tuple.Types.Count; i++)
                {
                    Validate(writer, tuple.Types[i], expression + ".Item" + (i + 1), depth);
                }

                return;
        }
    }

    /// <summary>Whether <see cref="Validate"/> writes any check for a value of <paramref name="type"/>.</summary>
    private bool NeedsValidation(WitType type, bool notNull)
    {
        var probe = new SourceWriter();
        int temps = _validationTemps;
        Validate(probe, type, "__probe", 0, notNull);
        _validationTemps = temps;
        return probe.ToString().Length > 0;
    }

    private static void Line(SourceWriter writer, string text)
    {
        if (text.Length > 0)
        {
            writer.Line(text);
        }
    }

    /// <summary>Numbers the pattern variables of the checks written for one call.</summary>
    private int _validationTemps;

    private static string RootName(string expression)
    {
        int end = 0;
        while (end < expression.Length && (char.IsLetterOrDigit(expression[end]) || expression[end] == '_' || expression[end] == '@')) end++;
        return expression.Substring(0, end).TrimStart('@');
    }

    /// <summary>Whether values of <paramref name="type"/> are C# references (strings, lists, records, variants, handles).</summary>
    private bool IsReference(WitType type)
    {
        type = _calls.Types.Unalias(type);
        if (type.Kind == WitTypeKind.String)
        {
            return true;
        }

        return type.IsId && _plan.Resolve[_calls.Types.Definition(type)].Kind is ListKind or FixedLengthListKind or RecordKind or VariantKind or HandleKind;
    }

    /// <summary>The fields and resources of one class that calls a guest instance.</summary>
    private sealed class ExportsState
    {
        public ExportsState(string? instanceName, Resolve resolve)
        {
            InstanceName = instanceName;
            Access = new ResourceAccess(resolve);
        }

        public string? InstanceName { get; }

        public HashSet<string> Fields { get; } = new();

        public Dictionary<Function, string> FunctionFields { get; } = new();

        /// <summary>Other exported interfaces whose resources the class's functions pass: field and class, by instance name.</summary>
        public Dictionary<string, (string Field, string Class)> Owners { get; } = new();

        public ResourceAccess Access { get; }
    }

    /// <summary>
    /// Handles in the code being written. Host resources (imported): a <c>HostResources</c> table turns objects into
    /// representations and back. Guest resources (exported): a handle class holding the representation.
    /// </summary>
    private sealed class ResourceAccess : IResourceAccess
    {
        private readonly Resolve _resolve;

        public ResourceAccess(Resolve resolve) => _resolve = resolve;

        /// <summary>Imported resources: the local or field of their table.</summary>
        public Dictionary<TypeId, string> Host { get; } = new();

        /// <summary>
        /// Exported resources: the field of their <c>ResourceType</c>, their handle class, and for another exported
        /// interface's resource the field of that interface's class (the handles' owner).
        /// </summary>
        public Dictionary<TypeId, (string Field, string Class, string? Owner)> Guest { get; } = new();

        /// <summary>The exports class new handles belong to, as an expression (<c>this</c> or <c>_owner</c>).</summary>
        public string Owner { get; set; } = "this";

        private string Prefix => Owner == "this" ? string.Empty : Owner + ".";

        public string ResourceType(TypeId resource)
        {
            resource = _resolve.Dealias(resource);
            return Host.TryGetValue(resource, out var table) ? Prefix + table + ".Type" : Prefix + Guest[resource].Field;
        }

        public string ToRep(HandleKind handle, string value)
        {
            var resource = _resolve.Dealias(handle.Resource);
            if (Host.TryGetValue(resource, out var table))
            {
                return $"{Prefix}{table}.{(handle.IsBorrow ? "Lend" : "Add")}({value})";
            }

            return $"{value}.{(handle.IsBorrow ? "Borrow" : "Move")}()";
        }

        public string FromRep(HandleKind handle, string rep)
        {
            var resource = _resolve.Dealias(handle.Resource);
            if (Host.TryGetValue(resource, out var table))
            {
                return $"{Prefix}{table}.{(handle.IsBorrow ? "Get" : "Take")}({rep})";
            }

            var (_, handleClass, owner) = Guest[resource];
            return $"new {handleClass}({(owner is null ? Owner : Prefix + owner)}, {rep})";
        }
    }
}
