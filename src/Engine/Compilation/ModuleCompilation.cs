using System.Reflection;
using System.Reflection.Emit;
using Wasm.Model;

namespace Wasm.Compilation;

/// <summary>
/// Compiles every defined function of a module into one generated type (so functions call each other with a
/// direct IL <c>call</c> the JIT can inline), then hands out the native entry points. The type lives either in a
/// collectible in-memory assembly or in an assembly saved to disk (<see cref="PrecompiledArtifact"/>).
/// </summary>
internal sealed class ModuleCompilation
{
    /// <summary>Prefix of the static fields a saved assembly reads <c>call_indirect</c> type ids from.</summary>
    internal const string TypeIdFieldPrefix = "typeId";

    private readonly int[]? _typeIds;
    private readonly TypeBuilder _type;
    private readonly Dictionary<uint, FieldBuilder> _typeIdFields = new();
    private readonly TokenCache? _tokens;

    private ModuleCompilation(ModuleInfo module, EngineConfig config, TypeBuilder type, Engine? engine)
    {
        _type = type;
        if (engine is not null)
        {
            _typeIds = new int[module.Types.Count];
            for (var i = 0; i < _typeIds.Length; i++) _typeIds[i] = module.TypeDefs[i].Id;
            _tokens = new TokenCache((ModuleBuilder)type.Module);
        }
        Methods = new MethodBuilder[module.Bodies.Count];
        TrapFactory = DefineTrapFactory(type);
        ConsumeFuel = config.ConsumeFuel;
        EpochInterruption = config.EpochInterruption;
        // Fuel is counted in locals that a hand-over between tiers would have to carry: metered code is not tiered.
        if (engine is not null && config.Tiering && !config.ConsumeFuel) Tiers = new TierState(module, config);
    }

    /// <summary>Another view of <paramref name="shared"/>'s compilation, emitting into <paramref name="type"/> with
    /// <paramref name="tokens"/>: the same methods, trap factory and settings.</summary>
    private ModuleCompilation(ModuleCompilation shared, TypeBuilder type, TokenCache? tokens)
    {
        _type = type;
        _typeIds = shared._typeIds;
        _typeIdFields = shared._typeIdFields;
        Methods = shared.Methods;
        TrapFactory = shared.TrapFactory;
        ConsumeFuel = shared.ConsumeFuel;
        EpochInterruption = shared.EpochInterruption;
        Tiers = shared.Tiers;
        _tokens = tokens;
    }

    /// <summary>Tiered compilation state, when the module is tiered (<see cref="EngineConfig.Tiering"/>).</summary>
    public TierState? Tiers { get; }

    private int _tierTypes;

    /// <summary>A new type in this module's dynamic module for recompiled functions.</summary>
    internal TypeBuilder DefineTierType() => ((ModuleBuilder)_type.Module).DefineType($"Tier1_{_type.Name}_{++_tierTypes}",
        TypeAttributes.Public | TypeAttributes.Sealed | TypeAttributes.Abstract | TypeAttributes.Class);

    /// <summary>The compilation that emits recompiled functions into <paramref name="type"/> (another type of the
    /// same module), sharing the token cache: only one thread at a time recompiles (<see cref="TierState"/>).</summary>
    internal ModuleCompilation ForTier(TypeBuilder type) => new(this, type, _tokens);

    /// <summary>Makes <paramref name="method"/> (of function type <paramref name="type"/>) a call target.</summary>
    internal void RegisterMethod(MethodBuilder method, FuncType type) =>
        _tokens!.AddMethod(method, type.Parameters.Length + 1, type.Results.Length > 0);

    /// <summary>Whether the code runs in this process (not saved to disk), so it may use this CPU's instructions.</summary>
    public bool TargetsThisMachine => _typeIds is not null;

    /// <summary>Another compiling thread's view of <paramref name="shared"/>: the same type and methods, its own
    /// token cache (the cache is not thread-safe; the module builder it fills is).</summary>
    private static ModuleCompilation ForLane(ModuleCompilation shared, ModuleInfo module)
    {
        var lane = new ModuleCompilation(shared, shared._type, new TokenCache((ModuleBuilder)shared._type.Module));
        lane.RegisterMethods(module);
        return lane;
    }

    private void RegisterMethods(ModuleInfo module)
    {
        if (_tokens is null) return;
        _tokens.AddMethod((MethodBuilder)TrapFactory, parameterCount: 1, returnsValue: true);
        for (var i = 0; i < Methods.Length; i++)
        {
            var ft = module.FuncTypeOf((uint)(i + module.ImportedFuncs));
            _tokens.AddMethod(Methods[i], ft.Parameters.Length + 1, ft.Results.Length > 0);
        }
    }

    /// <summary>Emit fuel metering (<see cref="EngineConfig.ConsumeFuel"/>).</summary>
    public bool ConsumeFuel { get; }

    /// <summary>Emit epoch checks (<see cref="EngineConfig.EpochInterruption"/>).</summary>
    public bool EpochInterruption { get; }

    /// <summary>The methods being built, by defined-function index.</summary>
    public MethodBuilder[] Methods { get; }

    /// <summary>
    /// <c>Exception trap(int code)</c> in the generated type, forwarding to <see cref="Traps.Create"/>. Trap sites
    /// (one per memory access, division, conversion) call it rather than <see cref="Traps.Create"/> itself:
    /// a call to a method of the module being built costs Reflection.Emit a table lookup, while each call
    /// into the engine assembly resolves a member reference anew, which made up about a third of compile time.
    /// </summary>
    public MethodInfo TrapFactory { get; }

    /// <summary>The IL generator for <paramref name="method"/>: in memory, one that emits each referenced member's
    /// token resolved once per module (<see cref="TokenCachingILGenerator"/>).</summary>
    public ILGenerator Generator(MethodBuilder method) =>
        _tokens is null ? method.GetILGenerator() : new TokenCachingILGenerator(method.GetILGenerator(), _tokens);

    private static MethodBuilder DefineTrapFactory(TypeBuilder type)
    {
        // Public: recompiled functions in other types of the module call it too.
        var method = type.DefineMethod("trap", MethodAttributes.Public | MethodAttributes.Static, typeof(Exception), [typeof(int)]);
        var il = method.GetILGenerator();
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Call, Builtins.TrapCreate);
        il.Emit(OpCodes.Ret);
        return method;
    }

    /// <summary>
    /// Pushes the engine-wide id of module type <paramref name="typeIndex"/> (for <c>call_indirect</c> checks):
    /// a constant in memory, a static field in a saved assembly, since the engine that loads it numbers types
    /// its own way and fills the fields in (<see cref="FromLoadedType"/>).
    /// </summary>
    public void EmitTypeId(ILGenerator il, uint typeIndex)
    {
        if (_typeIds is not null)
        {
            il.Emit(OpCodes.Ldc_I4, _typeIds[typeIndex]);
            return;
        }
        if (!_typeIdFields.TryGetValue(typeIndex, out var field))
        {
            field = _type.DefineField(TypeIdFieldPrefix + typeIndex, typeof(int), FieldAttributes.Public | FieldAttributes.Static);
            _typeIdFields.Add(typeIndex, field);
        }
        il.Emit(OpCodes.Ldsfld, field);
    }

    /// <summary>Validates and compiles all function bodies into a collectible in-memory assembly (the module's
    /// declarations validated already: <see cref="Validation.ModuleValidator.ValidateDeclarations"/>).</summary>
    public static CompiledCode Compile(Engine engine, ModuleInfo module)
    {
        Type baked;
        ModuleCompilation compilation;
        using (BackgroundJit.CompilationUnderWay())
        {
            var code = new DynamicCode("Wasm.Module");
            var type = code.DefineType("Functions");
            compilation = new ModuleCompilation(module, engine.Config, type, engine);
            compilation.EmitBodies(module);
            if (compilation.Tiers is { } tiers)
            {
                for (var i = 0; i < tiers.TierZero.Length; i++)
                {
                    if (!tiers.TierZero[i]) continue;
                    compilation.Methods[i].SetImplementationFlags(MethodImplAttributes.NoOptimization);
                    compilation.Methods[i].InitLocals = false; // the prologue zeroes the wasm locals itself

                }
            }
            baked = type.CreateType();
        }
        // A tiered module's functions get their optimized code ahead of need from the tier-up thread instead.
        if (engine.Config.BackgroundCompilation && compilation.Tiers is null) BackgroundJit.Schedule(baked, module);
        var entries = EntryPoints(baked, module.Bodies.Count, compilation.Tiers);
        compilation.Tiers?.Attach(compilation, baked, entries.EntryPoints);
        return entries;
    }

    /// <summary>Validates and compiles all function bodies into an assembly saved as a PE image.</summary>
    public static byte[] CompileToImage(EngineConfig config, ModuleInfo module, string assemblyName, IEnumerable<CustomAttributeBuilder> attributes)
    {
        var name = new AssemblyName(assemblyName);
        var ctor = typeof(System.Runtime.CompilerServices.IgnoresAccessChecksToAttribute).GetConstructor([typeof(string)])!;
        var assembly = new PersistedAssemblyBuilder(name, typeof(object).Assembly,
            [new CustomAttributeBuilder(ctor, [typeof(Engine).Assembly.GetName().Name!]), .. attributes]);
        var type = assembly.DefineDynamicModule(assemblyName).DefineType(PrecompiledTypeName,
            TypeAttributes.Public | TypeAttributes.Sealed | TypeAttributes.Abstract | TypeAttributes.Class);
        new ModuleCompilation(module, config, type, engine: null).EmitBodies(module);
        type.CreateType();
        var image = new MemoryStream();
        assembly.Save(image);
        return image.ToArray();
    }

    /// <summary>The type holding the functions in a saved assembly.</summary>
    internal const string PrecompiledTypeName = "Wasm.Precompiled.Functions";

    /// <summary>Entry points of a saved assembly's functions, once its type-id fields hold <paramref name="engine"/>'s ids.</summary>
    public static CompiledCode FromLoadedType(Engine engine, ModuleInfo module, Type type)
    {
        foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly))
        {
            if (field.Name.StartsWith(TypeIdFieldPrefix, StringComparison.Ordinal)
                && int.TryParse(field.Name.AsSpan(TypeIdFieldPrefix.Length), out var index) && (uint)index < (uint)module.Types.Count)
                field.SetValue(null, module.TypeDefs[index].Id);
        }
        if (engine.Config.BackgroundCompilation) BackgroundJit.Schedule(type, module);
        return EntryPoints(type, module.Bodies.Count, tiers: null);
    }

    /// <summary>Modules with at least this much code are compiled by two threads when the machine has the cores.</summary>
    internal const int ParallelCodeBytes = 32 * 1024;

    private void EmitBodies(ModuleInfo module)
    {
        for (var i = 0; i < module.Bodies.Count; i++)
        {
            var ft = module.FuncTypeOf((uint)(i + module.ImportedFuncs));
            Methods[i] = _type.DefineMethod("f" + i, MethodAttributes.Public | MethodAttributes.Static,
                Signatures.ReturnType(ft.Results), Signatures.ParameterTypes(ft));
        }
        RegisterMethods(module);

        var work = new BodyQueue(module.Bodies.Count);
        if (_tokens is not null && Environment.ProcessorCount > 1 && CodeBytes(module) >= ParallelCodeBytes)
        {
            // A second thread takes chunks of functions from the same queue; if it starts late, this thread
            // simply does more of them. Only the in-memory module builder is used from two threads.
            var lane = new FunctionCompiler(module, ForLane(this, module));
            ThreadPool.UnsafeQueueUserWorkItem(_ =>
            {
                if (!work.Join()) return;
                try
                {
                    EmitFrom(lane, work);
                }
                finally
                {
                    work.Leave();
                }
            }, null);
        }
        EmitFrom(new FunctionCompiler(module, this), work);
        work.Close();
        if (work.Failure is { } failure)
        {
            // The compiler validates as it goes, but some operators are looked at before the validator steps over
            // them; on invalid code that can fail first. The validator alone then says what is wrong.
            if (failure is not WasmException) Validation.ModuleValidator.ValidateBodies(module);
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }
    }

    /// <summary>Compiles chunks of functions from <paramref name="work"/> until none is left or one failed.</summary>
    private void EmitFrom(FunctionCompiler compiler, BodyQueue work)
    {
        while (work.TryTake(out var start, out var end))
        {
            for (var i = start; i < end; i++)
            {
                try
                {
                    compiler.Compile(i, Methods[i]);
                }
                catch (Exception e)
                {
                    work.Fail(i, e);
                    return;
                }
            }
        }
    }

    private static long CodeBytes(ModuleInfo module)
    {
        var total = 0L;
        foreach (var body in module.Bodies) total += body.CodeLength;
        return total;
    }

    /// <summary>
    /// The functions of a module handed out in chunks to the compiling threads. A failure stops the handing out
    /// past it; the error reported is the one of the lowest failing function, as a single thread would report.
    /// </summary>
    private sealed class BodyQueue(int count)
    {
        private const int Chunk = 8;
        private int _next;
        private int _failedAt = int.MaxValue;
        private int _helpers;
        private bool _closed;

        public Exception? Failure { get; private set; }

        public bool TryTake(out int start, out int end)
        {
            start = Interlocked.Add(ref _next, Chunk) - Chunk;
            end = Math.Min(start + Chunk, count);
            return start < count && start < Volatile.Read(ref _failedAt);
        }

        public void Fail(int index, Exception e)
        {
            lock (this)
            {
                if (index >= _failedAt) return;
                _failedAt = index;
                Failure = e;
            }
        }

        /// <summary>A helper thread arrives; false when the work is already closed.</summary>
        public bool Join()
        {
            lock (this)
            {
                if (_closed) return false;
                _helpers++;
                return true;
            }
        }

        public void Leave()
        {
            lock (this)
            {
                if (--_helpers == 0) Monitor.PulseAll(this);
            }
        }

        /// <summary>Turns away helpers that have not started and waits for those that have.</summary>
        public void Close()
        {
            lock (this)
            {
                _closed = true;
                while (_helpers > 0) Monitor.Wait(this);
            }
        }
    }

    private static CompiledCode EntryPoints(Type baked, int count, TierState? tiers)
    {
        var pointers = new nint[count];
        foreach (var m in baked.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly))
        {
            if (m.Name.StartsWith('f') && int.TryParse(m.Name.AsSpan(1), out var index))
                pointers[index] = m.MethodHandle.GetFunctionPointer();
        }
        return new CompiledCode(baked, pointers, tiers);
    }
}

/// <summary>A module's compiled functions: the generated type (kept alive with the module) and entry points.</summary>
internal sealed record CompiledCode(Type Type, nint[] EntryPoints, TierState? Tiers = null);
