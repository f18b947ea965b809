using Wasm.Components;
using Wasm.Components.Types;
using Wasm.Components.Values;
using Wit.Diagnostics;
using Wit.Resolution;

namespace Wasm.Fuzz;

/// <summary>How one input ended.</summary>
public enum Outcome : byte
{
    /// <summary>Everything ran, or the guest trapped (which it may).</summary>
    Success,
    /// <summary>Rejected with one of the library's documented exceptions (decode, validation, link, limit).</summary>
    Rejected,
}

/// <summary>
/// The pipelines an input runs through. Core modules and components: decode → validate → compile → instantiate
/// (imports satisfied by stubs) → call every exported function with fuel. WIT: lex, parse and resolve. Only the
/// library's documented exceptions may come out (<see cref="WasmException"/> and its subclasses for modules and
/// components, <see cref="WitException"/> for WIT); anything else propagates to the harness as a failure.
/// </summary>
public sealed class Targets
{
    /// <summary>Fuel for instantiation and for each call: enough for real work, small enough for many inputs.</summary>
    public const ulong FuelPerCall = 10_000;

    private readonly Engine _engine = new(new EngineConfig { ConsumeFuel = true, MaxWasmStack = 128 * 1024 });

    // Tiered compilation (not combined with fuel): every function the interpreter handles starts there and
    // leaves it after a few calls or loop iterations; compiled functions change tier after two units of budget,
    // at entry or inside a loop (on-stack replacement), synchronously; calls end by epoch, which a timer advances.
    private readonly Engine _tiered = new(new EngineConfig
    {
        Tiering = true, TieringSynchronous = true, TieringBudget = 2, TieringBudgetPerByte = 0, TieringMinCodeBytes = 0,
        TieringInterpretMinCodeBytes = 0, TieringInterpretBudgetPerByte = 1,
        EpochInterruption = true, MaxWasmStack = 128 * 1024,
    });
    private readonly Timer _epochTicker;

    public Targets() => _epochTicker = new Timer(_ => _tiered.IncrementEpoch(), null, 2, 2);

    // Guests may grow memories and tables only so far; the fuzzer's host has other inputs to run.
    private static IResourceLimiter Limits() => new StoreLimitsBuilder()
        .MemorySize(16 * 1024 * 1024).TableElements(100_000).Instances(64).Memories(64).Tables(64).Build();

    /// <summary>Functions called, instances made: evidence the pipeline gets past validation.</summary>
    public long Calls { get; private set; }
    public long Instances { get; private set; }

    /// <summary>Stopwatch ticks spent compiling (decode, validate, compile), instantiating and calling, for core
    /// modules and components together.</summary>
    public long CompileTicks { get; private set; }
    public long InstantiateTicks { get; private set; }
    public long CallTicks { get; private set; }

    public Outcome Run(FuzzInput input) => input.Kind switch
    {
        InputKind.Core => Guard(() => RunCore(input.Bytes)),
        InputKind.Component => Guard(() => RunComponent(input.Bytes)),
        _ => RunWit(input.Bytes),
    };

    private static Outcome Guard(Action run)
    {
        try
        {
            run();
            return Outcome.Success;
        }
        catch (TrapException)
        {
            return Outcome.Success;
        }
        catch (WasmException)
        {
            return Outcome.Rejected;
        }
    }

    private void RunCore(byte[] bytes)
    {
        var t0 = System.Diagnostics.Stopwatch.GetTimestamp();
        Module module;
        try { module = Module.FromBytes(_engine, bytes); }
        finally { CompileTicks += System.Diagnostics.Stopwatch.GetTimestamp() - t0; }
        var linker = StubLinker(_engine, module);
        var store = NewStore();
        var t1 = System.Diagnostics.Stopwatch.GetTimestamp();
        Instance instance;
        try { instance = linker.Instantiate(store, module); }
        finally { InstantiateTicks += System.Diagnostics.Stopwatch.GetTimestamp() - t1; }
        Instances++;
        var t2 = System.Diagnostics.Stopwatch.GetTimestamp();
        try { CallCoreExports(module, instance, () => store.SetFuel(FuelPerCall)); }
        finally { CallTicks += System.Diagnostics.Stopwatch.GetTimestamp() - t2; }
        // Every eighth module that instantiated: recompiling every function twice is slow.
        if (Instances % 8 == 0) RunTiered(bytes);
    }

    /// <summary>The module again with tiered compilation: tier-0 code, promotion and on-stack replacement must
    /// neither throw anything undocumented nor fail to recompile what compiled once.</summary>
    private void RunTiered(byte[] bytes)
    {
        var failures = Wasm.Compilation.TierUpWorker.Failures;
        var module = Module.FromBytes(_tiered, bytes);
        var store = new Store(_tiered) { Limiter = Limits() };
        store.SetEpochDeadline(3);
        var instance = StubLinker(_tiered, module).Instantiate(store, module);
        CallCoreExports(module, instance, () => store.SetEpochDeadline(3));
        if (Wasm.Compilation.TierUpWorker.Failures != failures)
            throw new InvalidOperationException("recompiling a hot function failed", Wasm.Compilation.TierUpWorker.LastFailure);
    }

    /// <summary>A linker with a stub for every import that has one (the others fail to link, as they may).</summary>
    private static Linker StubLinker(Engine engine, Module module)
    {
        var linker = new Linker(engine);
        foreach (var import in module.Imports)
        {
            if (Stub(import, engine) is { } stub && linker.Get(import.Module, import.Name) is null)
                linker.Define(import.Module, import.Name, stub);
        }
        return linker;
    }

    /// <summary>Calls every exported function with zero arguments, <paramref name="beforeCall"/> granting each
    /// its allowance (fuel or epoch deadline).</summary>
    private void CallCoreExports(Module module, Instance instance, Action beforeCall)
    {
        foreach (var export in module.Exports)
        {
            if (export.Kind != ExternKind.Func || instance.GetFunction(export.Name) is not { } function) continue;
            // Zero values are the arguments: a parameter without one (a non-null reference) is refused by Invoke.
            if (!function.Type.Parameters.All(p => p.IsDefaultable)) continue;
            var args = new Value[function.Type.Parameters.Length];
            for (var i = 0; i < args.Length; i++) args[i] = Value.Default(function.Type.Parameters[i]);
            beforeCall();
            Calls++;
            try { function.Invoke(args); }
            catch (TrapException) { /* a trap ends this call, not the input */ }
        }
    }

    private Store NewStore()
    {
        var store = new Store(_engine) { Limiter = Limits() };
        store.SetFuel(FuelPerCall);
        return store;
    }

    /// <summary>A host definition matching an import, or null (the import then fails to link, as it may).</summary>
    private static Extern? Stub(ModuleImport import, Engine engine)
    {
        switch (import.Type)
        {
            case FuncType type:
                return Function.FromCallback(engine, type, static (_, results) =>
                {
                    for (var i = 0; i < results.Length; i++) results[i] = Value.Default(results[i].Type);
                });
            case MemoryType { Limits.Min: <= 16 } type when !type.Shared:
                return new Memory(type);
            case TableType { Limits.Min: <= 1000, Element.Nullable: true } type:
                return new Table(type);
            case GlobalType type when type.Type.IsNumeric || type.Type.Kind == ValKind.V128 || type.Type is { IsRef: true, Nullable: true }:
                return new Global(type, Value.Default(type.Type));
            default:
                return null;
        }
    }

    private void RunComponent(byte[] bytes)
    {
        var t0 = System.Diagnostics.Stopwatch.GetTimestamp();
        Component component;
        try { component = Component.FromBytes(_engine, bytes); }
        finally { CompileTicks += System.Diagnostics.Stopwatch.GetTimestamp() - t0; }
        var linker = new ComponentLinker(_engine);
        foreach (var (name, type) in component.Type.Imports) StubImport(linker.Root, name, type);
        var store = NewStore();
        var t1 = System.Diagnostics.Stopwatch.GetTimestamp();
        ComponentInstance instance;
        try { instance = linker.Instantiate(store, component); }
        finally { InstantiateTicks += System.Diagnostics.Stopwatch.GetTimestamp() - t1; }
        Instances++;
        var t2 = System.Diagnostics.Stopwatch.GetTimestamp();
        try { CallExports(store, instance, instance.Exports, depth: 0); }
        finally { CallTicks += System.Diagnostics.Stopwatch.GetTimestamp() - t2; }
    }

    private void CallExports(Store store, ComponentInstance instance, IReadOnlyList<KeyValuePair<string, ExternType>> exports, int depth)
    {
        foreach (var (name, type) in exports)
        {
            if (instance.IsPoisoned) return;
            switch (type)
            {
                case FuncExternType func when instance.GetFunc(name) is { } f && Arguments(func.Type) is { } args:
                    store.SetFuel(FuelPerCall);
                    Calls++;
                    try { f.Call(args); }
                    catch (TrapException) { }
                    break;
                case InstanceType inner when depth < 4 && instance.GetInstance(name) is { } nested:
                    CallExports(store, nested, inner.Exports, depth + 1);
                    break;
            }
        }
    }

    private static void StubImport(ComponentLinkerInstance scope, string name, ExternType type)
    {
        switch (type)
        {
            case FuncExternType func:
                var result = func.Type.Result;
                scope.DefineFunction(name, _ => result is null ? null : DefaultValue(result, 0));
                break;
            case InstanceType inner:
                var nested = scope.Instance(name);
                foreach (var (n, t) in inner.Exports) StubImport(nested, n, t);
                break;
            case TypeExternType { Resource: not null }:
                scope.DefineResource(name, new ResourceType(name));
                break;
        }
    }

    private static WitValue[]? Arguments(ComponentFuncType type)
    {
        var args = new WitValue[type.Params.Count];
        for (var i = 0; i < args.Length; i++)
        {
            if (DefaultValue(type.Params[i].Type, 0) is not { } v) return null;
            args[i] = v;
        }
        return args;
    }

    /// <summary>A plain value of a type (zero, empty, the first case), or null where none can be made up (handles).</summary>
    private static WitValue? DefaultValue(WitType type, int depth)
    {
        if (depth > 16) return null;
        switch (type)
        {
            case PrimitiveType p:
                return p.Kind switch
                {
                    ValueKind.Bool => WitValue.Bool(false),
                    ValueKind.S8 => WitValue.S8(-1),
                    ValueKind.U8 => WitValue.U8(1),
                    ValueKind.S16 => WitValue.S16(-2),
                    ValueKind.U16 => WitValue.U16(2),
                    ValueKind.S32 => WitValue.S32(-3),
                    ValueKind.U32 => WitValue.U32(3),
                    ValueKind.S64 => WitValue.S64(-4),
                    ValueKind.U64 => WitValue.U64(4),
                    ValueKind.F32 => WitValue.F32(0.5f),
                    ValueKind.F64 => WitValue.F64(-0.25),
                    ValueKind.Char => WitValue.Char('é'),
                    ValueKind.String => WitValue.String("fuzz ✓"),
                    _ => null,
                };
            case ListType list:
                if (list.FixedLength is not { } n) return WitValue.List();
                if (n > 64 || DefaultValue(list.Element, depth + 1) is not { } e) return null;
                return WitValue.List(Enumerable.Repeat(e, (int)n).ToArray());
            case RecordType record:
            {
                var fields = new (string, WitValue)[record.Fields.Count];
                for (var i = 0; i < fields.Length; i++)
                {
                    if (DefaultValue(record.Fields[i].Type, depth + 1) is not { } v) return null;
                    fields[i] = (record.Fields[i].Name, v);
                }
                return WitValue.Record(fields);
            }
            case TupleType tuple:
            {
                var items = new WitValue[tuple.Types.Count];
                for (var i = 0; i < items.Length; i++)
                {
                    if (DefaultValue(tuple.Types[i], depth + 1) is not { } v) return null;
                    items[i] = v;
                }
                return WitValue.Tuple(items);
            }
            case VariantType variant when variant.Cases.Count > 0:
            {
                var c = variant.Cases[^1];
                if (c.Type is null) return WitValue.Variant(c.Name);
                return DefaultValue(c.Type, depth + 1) is { } v ? WitValue.Variant(c.Name, v) : null;
            }
            case EnumType enumeration when enumeration.Names.Count > 0:
                return WitValue.Enum(enumeration.Names[^1]);
            case FlagsType flags:
                return WitValue.Flags(flags.Names.Take(1).ToArray());
            case OptionType option:
                return DefaultValue(option.Inner, depth + 1) is { } some ? WitValue.Some(some) : WitValue.None;
            case ResultType r:
                if (r.Ok is null) return WitValue.Ok();
                return DefaultValue(r.Ok, depth + 1) is { } ok ? WitValue.Ok(ok) : null;
            default:
                return null;
        }
    }

    private static Outcome RunWit(byte[] bytes)
    {
        try
        {
            var (resolve, package) = WitSources.Load("/fuzz", [new WitSource("/fuzz/input.wit", Corpus.Text(bytes))]);
            // Resolution succeeded: the printer and the JSON model must handle whatever it accepted.
            Wit.Text.WitPrinter.Print(resolve);
            Wit.Json.ResolveJson.Serialize(resolve);
            _ = package;
            return Outcome.Success;
        }
        catch (WitException)
        {
            return Outcome.Rejected;
        }
    }
}
