using System.Runtime.Intrinsics;
using Wasm.Text;

namespace Wasm.Wast;

/// <summary>Outcome counts of one script.</summary>
public sealed class WastResult
{
    /// <summary>Commands that behaved as the script expects.</summary>
    public int Passed { get; internal set; }
    /// <summary>Commands that did not.</summary>
    public int Failed { get; internal set; }
    /// <summary>Commands that need a proposal the engine does not implement, by proposal.</summary>
    public Dictionary<string, int> Skipped { get; } = new(StringComparer.Ordinal);
    /// <summary>Total skipped.</summary>
    public int SkippedCount => Skipped.Values.Sum();
    /// <summary>One line per failure: <c>file:line: message</c>.</summary>
    public List<string> Failures { get; } = new();
    /// <summary>When the whole script was skipped, the feature it needs.</summary>
    public string? SkippedFile { get; internal set; }
}

/// <summary>
/// Runs <c>.wast</c> scripts against the engine. Every command counts once as passed, failed or skipped; skipped
/// is only for commands that need an unimplemented proposal (including those acting on a module that did).
/// </summary>
public sealed class WastRunner
{
    private readonly Engine _engine;
    private Store _store = null!;
    private Linker _linker = null!;
    private readonly Dictionary<string, Instance> _instances = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _unavailable = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Module> _definitions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _skippedRegistrations = new(StringComparer.Ordinal);
    private Instance? _current;
    private string? _currentUnavailable;
    private WastResult _result = null!;
    private string _file = "";
    private bool _wasm1;

    /// <summary>Creates a runner with its own engine.</summary>
    public WastRunner(Engine? engine = null) => _engine = engine ?? new Engine();

    /// <summary>Runs a script file.</summary>
    public WastResult RunFile(string path) => Run(File.ReadAllText(path), path);

    /// <summary>Runs script text.</summary>
    public WastResult Run(string text, string fileName)
    {
        _result = new WastResult();
        _file = fileName;
        _wasm1 = Wasm1Baseline.Applies(fileName);
        _store = new Store(_engine);
        _linker = new Linker(_engine) { AllowShadowing = true };
        _instances.Clear();
        _unavailable.Clear();
        _definitions.Clear();
        _skippedRegistrations.Clear();
        _current = null;
        _currentUnavailable = null;
        SpecTestHost.Define(_linker);

        WastScript script;
        try
        {
            script = WastParser.Parse(text, fileName);
        }
        catch (Exception e) when (e is WasmException)
        {
            Fail(0, $"script does not parse: {e.Message}");
            return _result;
        }
        foreach (var command in script.Commands)
        {
            try
            {
                Execute(command);
            }
            catch (SkipException s)
            {
                Skip(s.Proposal);
            }
            catch (Exception e)
            {
                // An exception that is not the engine's own is a bug: keep its stack for --verbose.
                Fail(command.Line, e is WasmException ? $"unexpected {e.GetType().Name}: {e.Message}" : $"internal error: {e}");
            }
        }
        return _result;
    }

    private sealed class SkipException(string proposal) : Exception(proposal)
    {
        public string Proposal { get; } = proposal;
    }

    private void Pass() => _result.Passed++;

    private void Fail(int line, string message)
    {
        _result.Failed++;
        _result.Failures.Add($"{_file}:{line}: {message}");
    }

    private void Skip(string proposal) =>
        _result.Skipped[proposal] = _result.Skipped.GetValueOrDefault(proposal) + 1;

    private void Execute(WastCommand command)
    {
        switch (command)
        {
            case ModuleCommand m:
                DefineModule(m.Module);
                Pass();
                break;
            case ModuleInstanceCommand mi:
            {
                if (mi.DefinitionId is null || !_definitions.TryGetValue(mi.DefinitionId, out var def))
                {
                    if (mi.DefinitionId is not null && _unavailable.TryGetValue(mi.DefinitionId, out var why))
                    {
                        MarkUnavailable(mi.InstanceId, false, why);
                        throw new SkipException(why);
                    }
                    Fail(mi.Line, "unknown module definition");
                    return;
                }
                SetCurrent(mi.InstanceId, Instantiate(def));
                Pass();
                break;
            }
            case RegisterCommand r:
                try
                {
                    _linker.DefineInstance(r.Name, Resolve(r.ModuleId));
                    _skippedRegistrations.Remove(r.Name);
                }
                catch (SkipException s)
                {
                    _skippedRegistrations[r.Name] = s.Proposal;
                    throw;
                }
                Pass();
                break;
            case ActionCommand a:
                Perform(a.Action);
                Pass();
                break;
            case AssertReturnCommand ar:
                AssertReturn(ar);
                break;
            case AssertTrapCommand at:
                AssertTrap(at);
                break;
            case AssertExhaustionCommand ae:
                ExpectTrap(ae.Line, () => Perform(ae.Action), ae.Message);
                break;
            case AssertModuleCommand am:
                AssertModule(am);
                break;
            case AssertExceptionCommand ae:
                try
                {
                    Perform(ae.Action);
                    Fail(ae.Line, "expected an uncaught exception, but it returned");
                }
                catch (GuestException)
                {
                    Pass();
                }
                break;
            case AssertSuspensionCommand:
                throw new SkipException("stack-switching");
            case UnsupportedCommand u:
                throw new SkipException(u.Proposal);
            default:
                Fail(command.Line, $"unknown command {command.GetType().Name}");
                break;
        }
    }

    private Module Compile(WastModule module)
    {
        try
        {
            var binary = module.GetBinary();
            if (_wasm1) Wasm1Baseline.Check(binary);
            return Module.FromBytes(_engine, binary);
        }
        catch (UnsupportedFeatureException e)
        {
            throw new SkipException(e.Proposal);
        }
    }

    private void DefineModule(WastModule module)
    {
        Module compiled;
        try
        {
            compiled = Compile(module);
        }
        catch (SkipException s)
        {
            MarkUnavailable(module.Id, module.IsDefinition, s.Proposal);
            throw;
        }
        catch
        {
            MarkUnavailable(module.Id, module.IsDefinition, null);
            throw;
        }
        if (module.IsDefinition)
        {
            if (module.Id is not null) _definitions[module.Id] = compiled;
            return;
        }
        try
        {
            SetCurrent(module.Id, Instantiate(compiled));
        }
        catch (SkipException s)
        {
            MarkUnavailable(module.Id, false, s.Proposal);
            throw;
        }
        catch
        {
            MarkUnavailable(module.Id, false, null);
            throw;
        }
    }

    /// <summary>Instantiates; an import from a registration that was skipped makes this skipped too.</summary>
    private Instance Instantiate(Module module)
    {
        try
        {
            return _linker.Instantiate(_store, module);
        }
        catch (LinkException e) when (_skippedRegistrations.TryGetValue(e.Module, out var proposal))
        {
            throw new SkipException(proposal);
        }
    }

    private void MarkUnavailable(string? id, bool definition, string? proposal)
    {
        if (id is not null)
        {
            if (proposal is not null) _unavailable[id] = proposal;
            else _unavailable.Remove(id);
            _instances.Remove(id);
            _definitions.Remove(id);
        }
        if (!definition)
        {
            _current = null;
            _currentUnavailable = proposal;
        }
    }

    private void SetCurrent(string? id, Instance instance)
    {
        _current = instance;
        _currentUnavailable = null;
        if (id is not null)
        {
            _instances[id] = instance;
            _unavailable.Remove(id);
        }
    }

    private Instance Resolve(string? id)
    {
        if (id is null)
        {
            if (_current is not null) return _current;
            if (_currentUnavailable is not null) throw new SkipException(_currentUnavailable);
            throw new InvalidOperationException("no module instantiated");
        }
        if (_instances.TryGetValue(id, out var i)) return i;
        if (_unavailable.TryGetValue(id, out var why)) throw new SkipException(why);
        throw new InvalidOperationException($"unknown module {id}");
    }

    private Value[] Perform(WastAction action)
    {
        var instance = Resolve(action.ModuleId);
        if (action.Kind == WastActionKind.Get)
        {
            var g = instance.GetGlobal(action.Name) ?? throw new InvalidOperationException($"no global \"{action.Name}\"");
            return [g.Value];
        }
        var f = instance.GetFunction(action.Name) ?? throw new InvalidOperationException($"no function \"{action.Name}\"");
        var args = new Value[action.Args.Count];
        for (var i = 0; i < args.Length; i++) args[i] = ToValue(action.Args[i]);
        return f.Invoke(args);
    }

    private static Value ToValue(WastValue v) => v.Kind switch
    {
        WastValueKind.I32 => Value.FromI32((int)v.Bits),
        WastValueKind.I64 => Value.FromI64((long)v.Bits),
        WastValueKind.F32 => Value.FromF32Bits((int)v.Bits),
        WastValueKind.F64 => Value.FromF64Bits((long)v.Bits),
        WastValueKind.RefNull => v.HeapType switch
        {
            "extern" or "noextern" => Value.FromExternRef(null),
            "func" or "nofunc" => Value.FromFuncRef(null),
            "exn" or "noexn" => Value.FromRef(ValType.ExnRef, null),
            _ => Value.FromRef(ValType.RefTo(HeapType.Any, true), null),
        },
        WastValueKind.RefExtern or WastValueKind.RefHost => Value.FromExternRef(new HostRef(v.Bits)),
        WastValueKind.V128 => Value.FromV128(Vector128.Create(v.V128!)),
        _ => throw new SkipException("function-references"),
    };

    private void AssertReturn(AssertReturnCommand command)
    {
        var actual = Perform(command.Action);
        if (actual.Length != command.Results.Count)
        {
            Fail(command.Line, $"expected {command.Results.Count} results, got {actual.Length}");
            return;
        }
        for (var i = 0; i < actual.Length; i++)
        {
            if (!Matches(actual[i], command.Results[i]))
            {
                Fail(command.Line, $"result {i}: expected {Describe(command.Results[i])}, got {Describe(actual[i])}");
                return;
            }
        }
        Pass();
    }

    private static bool Matches(Value actual, WastExpected expected)
    {
        switch (expected.Kind)
        {
            case WastExpectedKind.Either:
                foreach (var alt in expected.Alternatives!)
                    if (Matches(actual, alt)) return true;
                return false;
            case WastExpectedKind.NanCanonical:
                return expected.Type == "f32"
                    ? actual.Type == ValType.F32 && (actual.I32 & 0x7FFFFFFF) == 0x7FC00000
                    : actual.Type == ValType.F64 && (actual.I64 & 0x7FFFFFFFFFFFFFFF) == 0x7FF8000000000000;
            case WastExpectedKind.NanArithmetic:
                return expected.Type == "f32"
                    ? actual.Type == ValType.F32 && (actual.I32 & 0x7FC00000) == 0x7FC00000
                    : actual.Type == ValType.F64 && (actual.I64 & 0x7FF8000000000000) == 0x7FF8000000000000;
            case WastExpectedKind.V128Lanes:
            {
                if (actual.Type != ValType.V128) return false;
                // Each float lane is checked as a scalar of its own (exact bits or a NaN pattern).
                var lanes = expected.Lanes!;
                for (var k = 0; k < lanes.Count; k++)
                {
                    var lane = lanes[k].Value?.Kind == WastValueKind.F32 || lanes[k].Type == "f32"
                        ? Value.FromF32Bits(actual.V128.AsInt32().GetElement(k))
                        : Value.FromF64Bits(actual.V128.AsInt64().GetElement(k));
                    if (!Matches(lane, lanes[k])) return false;
                }
                return true;
            }
            case WastExpectedKind.AnyRef:
                return expected.Type switch
                {
                    "ref.extern" => actual.Type.IsRef && actual.Ref is not null and not Function,
                    "ref.func" => actual.Type.IsRef && actual.Ref is Function,
                    "ref.null" => actual.Type.IsRef && actual.Ref is null,
                    "ref.struct" => actual.Ref is GcStruct,
                    "ref.array" => actual.Ref is GcArray,
                    "ref.i31" => actual.Ref is I31Ref,
                    "ref.eq" => actual.Ref is GcObject or I31Ref,
                    "ref.any" => actual.Type.IsRef && actual.Ref is not null,
                    _ => throw new SkipException("gc"),
                };
        }
        var v = expected.Value!;
        return v.Kind switch
        {
            WastValueKind.I32 => actual.Type == ValType.I32 && actual.I32 == (int)v.Bits,
            WastValueKind.I64 => actual.Type == ValType.I64 && actual.I64 == (long)v.Bits,
            WastValueKind.F32 => actual.Type == ValType.F32 && actual.I32 == (int)v.Bits,
            WastValueKind.F64 => actual.Type == ValType.F64 && actual.I64 == (long)v.Bits,
            WastValueKind.RefNull => actual.Type.IsRef && actual.Ref is null,
            WastValueKind.RefExtern or WastValueKind.RefHost => actual.Type.IsRef && Equals(actual.Ref, new HostRef(v.Bits)),
            WastValueKind.RefFunc => actual.Type.IsRef && actual.Ref is Function,
            WastValueKind.V128 => actual.Type == ValType.V128 && actual.V128 == Vector128.Create(v.V128!),
            _ => false,
        };
    }

    private static string Describe(WastExpected e) => e.Kind switch
    {
        WastExpectedKind.Value => Describe(e.Value!),
        WastExpectedKind.NanCanonical => $"{e.Type} nan:canonical",
        WastExpectedKind.NanArithmetic => $"{e.Type} nan:arithmetic",
        WastExpectedKind.Either => "either(" + string.Join(", ", e.Alternatives!.Select(Describe)) + ")",
        _ => e.Type ?? e.Kind.ToString(),
    };

    private static string Describe(WastValue v) => v.Kind switch
    {
        WastValueKind.I32 => $"i32:{(int)v.Bits}",
        WastValueKind.I64 => $"i64:{(long)v.Bits}",
        WastValueKind.F32 => $"f32:0x{(uint)v.Bits:x8}",
        WastValueKind.F64 => $"f64:0x{v.Bits:x16}",
        WastValueKind.V128 => "v128:" + Convert.ToHexString(v.V128!),
        _ => v.Kind + (v.HeapType is null ? "" : " " + v.HeapType) + (v.Bits != 0 ? " " + v.Bits : ""),
    };

    private static string Describe(Value v) => v.Type.Kind switch
    {
        ValKind.V128 => "v128:" + Convert.ToHexString(Bytes(v.V128)),
        ValKind.F32 => $"f32:0x{(uint)v.I32:x8}",
        ValKind.F64 => $"f64:0x{(ulong)v.I64:x16}",
        _ => v.ToString(),
    };

    private static byte[] Bytes(Vector128<byte> v)
    {
        var bytes = new byte[16];
        v.CopyTo(bytes);
        return bytes;
    }

    private void AssertTrap(AssertTrapCommand command)
    {
        if (command.Action is not null)
        {
            ExpectTrap(command.Line, () => Perform(command.Action), command.Message);
            return;
        }
        var module = Compile(command.Module!);
        ExpectTrap(command.Line, () => Instantiate(module), command.Message);
    }

    private void ExpectTrap(int line, Action action, string message)
    {
        try
        {
            action();
        }
        catch (TrapException e)
        {
            if (e.Message.Contains(message, StringComparison.Ordinal) || message.Contains(e.Message, StringComparison.Ordinal)) Pass();
            else Fail(line, $"expected trap \"{message}\", got \"{e.Message}\"");
            return;
        }
        Fail(line, $"expected trap \"{message}\", but it returned");
    }

    private void AssertModule(AssertModuleCommand command)
    {
        var expected = command.Kind;
        try
        {
            var module = Compile(command.Module);
            if (expected is ModuleAssertionKind.Invalid or ModuleAssertionKind.Malformed)
            {
                Fail(command.Line, $"expected {Word(expected)} module (\"{command.Message}\"), but it compiled");
                return;
            }
            Instantiate(module);
            Fail(command.Line, $"expected {Word(expected)} module (\"{command.Message}\"), but it instantiated");
        }
        catch (SkipException)
        {
            throw;
        }
        catch (WasmException e)
        {
            var ok = (expected, e) switch
            {
                (ModuleAssertionKind.Malformed, MalformedModuleException) => true,
                (ModuleAssertionKind.Invalid, InvalidModuleException) => true,
                (ModuleAssertionKind.Unlinkable, LinkException) => true,
                (ModuleAssertionKind.Uninstantiable, TrapException) => true,
                _ => false,
            };
            if (ok) Pass();
            else Fail(command.Line, $"expected {Word(expected)} (\"{command.Message}\"), got {e.GetType().Name}: {e.Message}");
        }
    }

    private static string Word(ModuleAssertionKind kind) => kind switch
    {
        ModuleAssertionKind.Malformed => "malformed",
        ModuleAssertionKind.Invalid => "invalid",
        ModuleAssertionKind.Unlinkable => "unlinkable",
        _ => "uninstantiable",
    };
}
