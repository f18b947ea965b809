using System.Text;
using Microsoft.CodeAnalysis.CSharp;
using Wit.Generators.Abi;
using Wit.Model;

namespace Wit.Generators.Tests.Abi;

/// <summary>
/// Naming after <c>docs/bindings.md</c> for the end-to-end tests: each interface's types are nested in a static
/// class named after its package and interface (<c>global::Gen.TestRecordsTest.R1</c>), world types in
/// <c>global::Gen.World</c>.
/// </summary>
internal sealed class TestNames(Resolve resolve) : ICSharpNames
{
    public const string Namespace = "Gen";

    public static string Pascal(string kebab)
    {
        var sb = new StringBuilder();
        foreach (var word in kebab.Split(kebab.Where(c => !char.IsLetterOrDigit(c)).Distinct().ToArray(), StringSplitOptions.RemoveEmptyEntries))
            sb.Append(char.ToUpperInvariant(word[0])).Append(word, 1, word.Length - 1);
        return sb.ToString();
    }

    public static string Camel(string kebab)
    {
        string p = Pascal(kebab);
        string c = char.ToLowerInvariant(p[0]) + p[1..];
        return SyntaxFacts.GetKeywordKind(c) != SyntaxKind.None ? "@" + c : c;
    }

    public string ClassOf(InterfaceId id)
    {
        var iface = resolve[id];
        if (iface.Package is not { } package) return Pascal(iface.Name ?? "anonymous" + id.Index);
        var name = resolve[package].Name;
        return Pascal(name.Namespace) + Pascal(name.Name) + Pascal(iface.Name ?? "anonymous" + id.Index);
    }

    public string ContainerOf(TypeId id) => resolve[id].Owner.Kind == TypeOwnerKind.Interface ? ClassOf(resolve[id].Owner.Interface) : "World";

    public string TypeName(TypeId type) => $"global::{Namespace}.{ContainerOf(type)}.{Pascal(resolve[type].Name!)}";

    public string FieldName(TypeId record, int index) => Pascal(((RecordKind)resolve[record].Kind).Fields[index].Name);

    public string CaseName(TypeId variant, int index) => Pascal(((VariantKind)resolve[variant].Kind).Cases[index].Name);

    public string EnumCaseName(TypeId @enum, int index) => Pascal(((EnumKind)resolve[@enum].Kind).Cases[index].Name);

    public string FlagsUnderlyingType(TypeId flags)
    {
        int n = ((FlagsKind)resolve[flags].Kind).Flags.Count;
        return n <= 8 ? "byte" : n <= 16 ? "ushort" : n <= 32 ? "uint" : "ulong";
    }

    // The fixtures below have no resources; handles are a host table's representation.
    public string HandleTypeName(TypeId handle) => "uint";

    public string ResourceTypeExpression(TypeId resource) => $"global::{Namespace}.Resources.{Pascal(resolve[resource].Name!)}";

    public string HandleToRep(TypeId handle, string value) => value;

    public string HandleFromRep(TypeId handle, string rep) => rep;

    public string OptionStruct => $"global::{Namespace}.Option";

    public string ResultStruct => $"global::{Namespace}.Result";

    public string UnitStruct => $"global::{Namespace}.Unit";
}

/// <summary>
/// Host bindings of one world for the end-to-end tests: hand-written-style type declarations following
/// <c>docs/bindings.md</c>, and around them the generator's emitted function bodies. Imports become
/// <c>I{Class}</c> interfaces with an <c>AddToLinker</c>, exports classes with one method per function.
/// WASI interfaces are left to the test (they are stubbed).
/// </summary>
internal sealed class TestBindings
{
    private readonly Resolve _resolve;
    private readonly TestNames _names;
    private readonly HostFunctionEmitter _emitter;
    private readonly HashSet<string> _resources = new();
    private readonly StringBuilderCodeWriter _w = new(new StringBuilder());

    private readonly Func<Function, bool> _include;

    private TestBindings(Resolve resolve, Func<Function, bool>? include)
    {
        _include = include ?? (_ => true);
        _resolve = resolve;
        _names = new TestNames(resolve);
        _emitter = new HostFunctionEmitter(resolve, _names);
    }

    public static string Generate(Resolve resolve, WorldId world, Func<Function, bool>? include = null) => new TestBindings(resolve, include).Emit(world);

    private bool IsWasi(InterfaceId id) => _resolve[id].Package is { } p && _resolve[p].Name.Namespace == "wasi";

    private string Emit(WorldId worldId)
    {
        var world = _resolve[worldId];
        _w.Line("#nullable enable");
        _w.Line($"namespace {TestNames.Namespace};");
        _w.Line("");
        Prelude();
        _w.Open("public static class Resources");
        foreach (var def in _resolve.Types)
            if (def.Kind is ResourceKind && def.Name is not null && !_resources.Contains(def.Name))
            {
                _resources.Add(def.Name);
                _w.Line($"public static readonly global::Wasm.Components.Types.ResourceType {TestNames.Pascal(def.Name)} = new(\"{def.Name}\");");
            }

        _w.Close();
        for (int i = 0; i < _resolve.Interfaces.Count; i++)
        {
            var id = new InterfaceId(i);
            if (!IsWasi(id)) Declarations(_names.ClassOf(id), _resolve[id].Types);
        }

        var worldTypes = new List<KeyValuePair<string, TypeId>>();
        foreach (var (key, item) in world.Imports)
            if (item is WorldTypeItem t) worldTypes.Add(new(key.Name!, t.Id));
        Declarations("World", worldTypes);

        foreach (var (key, item) in world.Imports)
        {
            if (item is WorldInterfaceItem i && !IsWasi(i.Id)) Import(_resolve.NameOf(key), _names.ClassOf(i.Id), _resolve[i.Id].Functions.Select(f => f.Value).Where(_include).ToList());
        }

        var worldExports = new List<(string, Function)>();
        foreach (var (key, item) in world.Exports)
        {
            if (item is WorldFunctionItem f && _include(f.Function)) worldExports.Add((f.Function.Name, f.Function));
            if (item is WorldInterfaceItem i)
            {
                string name = _resolve.NameOf(key);
                Exports(_names.ClassOf(i.Id) + "Exports", _resolve[i.Id].Functions.Where(fn => _include(fn.Value)).Select(fn => (name + "#" + fn.Value.Name, fn.Value)).ToList());
            }
        }

        Exports("WorldExports", worldExports);
        return _w.ToString();
    }

    private void Prelude()
    {
        _w.Line("public readonly record struct Unit;");
        _w.Line("public readonly record struct Option<T>(bool HasValue, T Value)");
        _w.Open("");
        _w.Line("public Option(T value) : this(true, value) { }");
        _w.Line("public static Option<T> None => default;");
        _w.Line("public static Option<T> Some(T value) => new(true, value);");
        _w.Close();
        _w.Line("public readonly record struct Result<T, E>(bool IsOk, T Value, E Error)");
        _w.Open("");
        _w.Line("public static Result<T, E> Ok(T value) => new(true, value, default!);");
        _w.Line("public static Result<T, E> Err(E error) => new(false, default!, error);");
        _w.Close();
    }

    private void Declarations(string container, IEnumerable<KeyValuePair<string, TypeId>> types)
    {
        _w.Open($"public static partial class {container}");
        foreach (var (_, id) in types)
        {
            var def = _resolve[id];
            if (def.Owner.Kind == TypeOwnerKind.None || def.Name is null) continue;
            string name = TestNames.Pascal(def.Name);
            try
            {
                Declaration(id, def, name);
            }
            catch (NotSupportedException)
            {
                // Futures, streams and maps have no C# binding yet; neither do the functions using them.
            }
        }

        _w.Close();
    }

    private void Declaration(TypeId id, TypeDef def, string name)
    {
        // Every payload's C# type first, so that an unsupported one throws before anything is written.
        if (def.Kind is VariantKind variant)
            foreach (var c in variant.Cases)
                if (c.Type is { } t) _emitter.Types.Of(t);
        {
            switch (def.Kind)
            {
                case RecordKind r:
                    _w.Line($"public sealed record {name}({string.Join(", ", r.Fields.Select((f, i) => $"{_emitter.Types.Of(f.Type)} {_names.FieldName(id, i)}"))});");
                    break;
                case EnumKind e:
                    _w.Line($"public enum {name} : {(e.Cases.Count <= 256 ? "byte" : "ushort")} {{ {string.Join(", ", e.Cases.Select((_, i) => _names.EnumCaseName(id, i)))} }}");
                    break;
                case FlagsKind f:
                    _w.Line("[global::System.Flags]");
                    _w.Line($"public enum {name} : {_names.FlagsUnderlyingType(id)} {{ None = 0, {string.Join(", ", f.Flags.Select((_, i) => $"{TestNames.Pascal(f.Flags[i].Name)} = {1UL << i}"))} }}");
                    break;
                case VariantKind v:
                    _w.Line($"public abstract record {name}");
                    _w.Open("");
                    _w.Line($"private {name}() {{ }}");
                    for (int i = 0; i < v.Cases.Count; i++)
                    {
                        string payload = v.Cases[i].Type is { } t ? _emitter.Types.Of(t) + " Value" : "";
                        _w.Line($"public sealed record {_names.CaseName(id, i)}({payload}) : {name};");
                    }

                    _w.Close();
                    break;
            }
        }
    }

    private string Signature(Function f) =>
        $"{_emitter.ReturnType(f)} {TestNames.Pascal(f.Name)}({string.Join(", ", f.Params.Select(p => $"{_emitter.Types.Of(p.Type)} {TestNames.Camel(p.Name)}"))})";

    private void Import(string instanceName, string container, List<Function> functions)
    {
        _w.Open($"public interface I{container}");
        foreach (var f in functions) _w.Line(Signature(f) + ";");
        _w.Close();
        _w.Open($"public static partial class {container}");
        _w.Open($"public static void AddToLinker(global::Wasm.Components.ComponentLinker linker, global::Wasm.Components.Component component, I{container} host)");
        _w.Line($"var instance = linker.Instance(\"{instanceName}\");");
        var delegates = new List<(string, FunctionPlan)>();
        foreach (var f in functions)
        {
            var plan = _emitter.PlanOf(f);
            string? delegateType = null;
            if (HostFunctionEmitter.DelegateType(plan.LoweredParams, plan.LoweredResults) is null)
            {
                delegateType = TestNames.Pascal(f.Name) + "Core";
                delegates.Add((delegateType, plan));
            }

            string method = TestNames.Pascal(f.Name);
            _emitter.EmitImportLowering(_w, f, "site", args => $"host.{method}({string.Join(", ", args)})", delegateType,
                prefix: $"instance.DefineFunction(\"{f.Name}\", global::Wit.Generators.Tests.Abi.ComponentTypes.Import(component, \"{instanceName}\", \"{f.Name}\"), site => ",
                suffix: ");");
        }

        _w.Close();
        foreach (var (name, plan) in delegates) HostFunctionEmitter.EmitDelegateDeclaration(_w, name, plan.LoweredParams, plan.LoweredResults);
        _w.Close();
    }

    private void Exports(string className, List<(string ExportName, Function Function)> functions)
    {
        _w.Open($"public sealed class {className}");
        for (int i = 0; i < functions.Count; i++)
        {
            var f = functions[i].Function;
            var plan = _emitter.PlanOf(f);
            string core = _emitter.ExportCoreDelegateType(f) ?? $"F{i}Core";
            if (core == $"F{i}Core") HostFunctionEmitter.EmitDelegateDeclaration(_w, core, plan.LiftedParams, plan.LiftedResults);
            _w.Line($"private readonly global::Wasm.Components.Bindings.GuestFunction _f{i};");
            _w.Line($"private readonly {core} _f{i}Core;");
            _w.Line($"private readonly {_emitter.ExportPostReturnDelegateType(f)}? _f{i}PostReturn;");
        }

        _w.Open($"public {className}(global::Wasm.Components.ComponentInstance instance)");
        for (int i = 0; i < functions.Count; i++)
        {
            var f = functions[i].Function;
            string core = _emitter.ExportCoreDelegateType(f) ?? $"F{i}Core";
            _w.Line($"_f{i} = instance.GetFunc(\"{functions[i].ExportName}\")!.Guest!;");
            _w.Line($"_f{i}Core = _f{i}.CoreDelegate<{core}>();");
            _w.Line($"_f{i}PostReturn = _f{i}.PostReturnDelegate<{_emitter.ExportPostReturnDelegateType(f)}>();");
        }

        _w.Close();
        for (int i = 0; i < functions.Count; i++)
        {
            var f = functions[i].Function;
            _w.Open($"public {Signature(f)}");
            _emitter.EmitExportBody(_w, f, f.Params.Select(p => TestNames.Camel(p.Name)).ToList(), $"_f{i}", $"_f{i}Core", $"_f{i}PostReturn");
            _w.Close();
        }

        _w.Close();
    }
}
