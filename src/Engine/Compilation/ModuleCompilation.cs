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
        if (engine is not null && EmitsOnFirstCall(config)) Tiers = new TierState(module, config);
    }

    /// <summary>Another view of <paramref name="shared"/>'s compilation, emitting into <paramref name="type"/> with
    /// <paramref name="tokens"/>: the same trap factory and settings, and <paramref name="methods"/> (by default
    /// the same methods).</summary>
    private ModuleCompilation(ModuleCompilation shared, TypeBuilder type, TokenCache? tokens, MethodBuilder[]? methods = null)
    {
        _type = type;
        _typeIds = shared._typeIds;
        _typeIdFields = shared._typeIdFields;
        Methods = methods ?? shared.Methods;
        TrapFactory = shared.TrapFactory;
        ConsumeFuel = shared.ConsumeFuel;
        EpochInterruption = shared.EpochInterruption;
        Tiers = shared.Tiers;
        _tokens = tokens;
    }

    /// <summary>Tiered compilation state, when the module is tiered (<see cref="EngineConfig.Tiering"/>).</summary>
    public TierState? Tiers { get; }

    private int _tierTypes;

    /// <summary>A new type in this module's dynamic module for functions emitted after the module's type.</summary>
    internal TypeBuilder DefineTierType() => ((ModuleBuilder)_type.Module).DefineType($"{_type.Name}_{Interlocked.Increment(ref _tierTypes)}",
        TypeAttributes.Public | TypeAttributes.Sealed | TypeAttributes.Abstract | TypeAttributes.Class);

    /// <summary>The compilation that emits recompiled functions into <paramref name="type"/> (another type of the
    /// same module), sharing the token cache: only one thread at a time recompiles (<see cref="TierState"/>).</summary>
    internal ModuleCompilation ForTier(TypeBuilder type) => new(this, type, _tokens);

    /// <summary>
    /// The compilation that emits function bodies into <paramref name="type"/> for their first call, with a token
    /// cache of its own (<paramref name="tokens"/>, from <see cref="NewTokenCache"/>), so that a guest thread never
    /// waits for a recompilation under way on another. Its methods start as a copy of the published ones: the
    /// functions emitted together call each other directly, and become call targets for other code only once
    /// their type exists.
    /// </summary>
    internal ModuleCompilation ForFirstCall(TypeBuilder type, TokenCache tokens) => new(this, type, tokens, (MethodBuilder[])Methods.Clone());

    private Dictionary<int, MethodBuilder>? _entryStubs;

    /// <summary>
    /// Tiered: a method in this compilation's type that passes a call on to defined function
    /// <paramref name="defined"/>'s best entry point, emitting the function first if it has no code yet
    /// (<see cref="TierState.EntryOf"/>). It lets a body the JIT will not optimize call a function not emitted yet
    /// with a plain <c>call</c>.
    /// </summary>
    internal MethodBuilder EntryStub(int defined)
    {
        _entryStubs ??= new Dictionary<int, MethodBuilder>();
        if (_entryStubs.TryGetValue(defined, out var stub)) return stub;
        var module = Tiers!.Module;
        var ft = module.FuncTypeOf((uint)(defined + module.ImportedFuncs));
        var parameters = Signatures.ParameterTypes(ft);
        var returnType = Signatures.ReturnType(ft.Results);
        stub = _type.DefineMethod("s" + defined, MethodAttributes.Public | MethodAttributes.Static, returnType, parameters);
        RegisterMethod(stub, ft);
        var il = Generator(stub);
        for (var a = 0; a < parameters.Length; a++) FunctionCompiler.EmitLdarg(il, a);
        FunctionCompiler.EmitLdarg(il, parameters.Length - 1); // the context comes last
        il.Emit(OpCodes.Ldfld, Builtins.CtxTier);
        il.Emit(OpCodes.Ldc_I4, defined);
        il.Emit(OpCodes.Call, Builtins.TierEntryOf);
        il.Emit(OpCodes.Tailcall);
        il.EmitCalli(OpCodes.Calli, CallingConventions.Standard, returnType, parameters, null);
        il.Emit(OpCodes.Ret);
        _entryStubs.Add(defined, stub);
        return stub;
    }

    /// <summary>A token cache for another emitting thread (<see cref="ForFirstCall"/>).</summary>
    internal TokenCache NewTokenCache() => new((ModuleBuilder)_type.Module);

    /// <summary>Makes <paramref name="method"/> (of function type <paramref name="type"/>) a call target.</summary>
    internal void RegisterMethod(MethodBuilder method, FuncType type) =>
        _tokens!.AddMethod(method, type.Parameters.Length + 1, type.Results.Length > 0);

    /// <summary>Whether the code runs in this process (not saved to disk), so it may use this CPU's instructions.</summary>
    public bool TargetsThisMachine => _typeIds is not null;

    /// <summary>Another compiling thread's view of <paramref name="shared"/>: the same type and methods, its own
    /// token cache (the cache is not thread-safe; the module builder it fills is).</summary>
    private static ModuleCompilation ForLane(ModuleCompilation shared, ModuleInfo module)
    {
        var lane = new ModuleCompilation(shared, shared._type, shared.NewTokenCache());
        lane.RegisterMethods(module);
        return lane;
    }

    private void RegisterMethods(ModuleInfo module)
    {
        if (_tokens is null) return;
        _tokens.AddMethod((MethodBuilder)TrapFactory, parameterCount: 1, returnsValue: true);
        for (var i = 0; i < Methods.Length; i++)
        {
            if (Methods[i] is null) continue;
            var ft = module.FuncTypeOf((uint)(i + module.ImportedFuncs));
            _tokens.AddMethod(Methods[i], ft.Parameters.Length + 1, ft.Results.Length > 0);
        }
    }

    /// <summary>Emit fuel metering (<see cref="EngineConfig.ConsumeFuel"/>).</summary>
    public bool ConsumeFuel { get; }

    /// <summary>Emit epoch checks (<see cref="EngineConfig.EpochInterruption"/>).</summary>
    public bool EpochInterruption { get; }

    /// <summary>The methods being built, by defined-function index: the direct call target of each function, null
    /// in a tiered module until its body is emitted.</summary>
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

    /// <summary>Whether modules compiled with <paramref name="config"/> have their bodies emitted on first call
    /// (tiered compilation), so that compiling them only validates.</summary>
    public static bool EmitsOnFirstCall(EngineConfig config) => config.Tiering && !config.ConsumeFuel;

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
            if (compilation.Tiers is { } tiers)
            {
                // Tiered: every body is validated now and emitted when first called, or ahead of need (the
                // module's type holds only the trap factory).
                if (!module.BodiesValidated) Validation.ModuleValidator.ValidateBodies(module);
                compilation.RegisterMethods(module);
                baked = type.CreateType();
                tiers.Attach(compilation);
                return new CompiledCode(baked, new nint[module.Bodies.Count], tiers);
            }
            compilation.EmitBodies(module);
            baked = type.CreateType();
        }
        if (engine.Config.BackgroundCompilation) BackgroundJit.Schedule(baked, module);
        return EntryPoints(baked, module.Bodies.Count);
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
        return EntryPoints(type, module.Bodies.Count);
    }

    private void EmitBodies(ModuleInfo module)
    {
        for (var i = 0; i < module.Bodies.Count; i++)
        {
            var ft = module.FuncTypeOf((uint)(i + module.ImportedFuncs));
            Methods[i] = _type.DefineMethod("f" + i, MethodAttributes.Public | MethodAttributes.Static,
                Signatures.ReturnType(ft.Results), Signatures.ParameterTypes(ft));
        }
        RegisterMethods(module);
        try
        {
            // Only the in-memory module builder may be used from two threads; each needs its own token cache.
            ParallelBodies.ForEach(module, helper => new FunctionCompiler(module, helper ? ForLane(this, module) : this),
                (compiler, i) => compiler.Compile(i, Methods[i]), shareable: _tokens is not null);
        }
        catch (Exception failure) when (failure is not WasmException)
        {
            // The compiler validates as it goes, but some operators are looked at before the validator steps over
            // them; on invalid code that can fail first. The validator alone then says what is wrong.
            Validation.ModuleValidator.ValidateBodies(module);
            throw;
        }
    }

    private static CompiledCode EntryPoints(Type baked, int count)
    {
        var pointers = new nint[count];
        foreach (var m in baked.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly))
        {
            if (m.Name.StartsWith('f') && int.TryParse(m.Name.AsSpan(1), out var index))
                pointers[index] = m.MethodHandle.GetFunctionPointer();
        }
        return new CompiledCode(baked, pointers);
    }
}

/// <summary>A module's compiled functions: the generated type (kept alive with the module) and entry points; in a
/// tiered module, the tiering state instead (its functions are emitted on first call).</summary>
internal sealed record CompiledCode(Type Type, nint[] EntryPoints, TierState? Tiers = null);
