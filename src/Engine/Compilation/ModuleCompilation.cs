using System.Reflection;
using System.Reflection.Emit;
using Wasm.Model;

namespace Wasm.Compilation;

/// <summary>
/// Compiles every defined function of a module into one generated type (so functions call each other with a
/// direct IL <c>call</c> the JIT can inline), then hands out the native entry points.
/// </summary>
internal sealed class ModuleCompilation
{
    private ModuleCompilation(ModuleInfo module, Engine engine)
    {
        TypeIds = new int[module.Types.Count];
        for (var i = 0; i < TypeIds.Length; i++) TypeIds[i] = engine.TypeId(module.Types[i]);
        Methods = new MethodBuilder[module.Bodies.Count];
        ConsumeFuel = engine.Config.ConsumeFuel;
        EpochInterruption = engine.Config.EpochInterruption;
    }

    /// <summary>Emit fuel metering (<see cref="EngineConfig.ConsumeFuel"/>).</summary>
    public bool ConsumeFuel { get; }

    /// <summary>Emit epoch checks (<see cref="EngineConfig.EpochInterruption"/>).</summary>
    public bool EpochInterruption { get; }

    /// <summary>The methods being built, by defined-function index.</summary>
    public MethodBuilder[] Methods { get; }

    /// <summary>Engine-wide type ids by module type index (constants in <c>call_indirect</c> checks).</summary>
    public int[] TypeIds { get; }

    /// <summary>Validates and compiles all function bodies.</summary>
    public static CompiledCode Compile(Engine engine, ModuleInfo module)
    {
        var compilation = new ModuleCompilation(module, engine);
        var code = new DynamicCode("Wasm.Module");
        var type = code.DefineType("Functions");
        for (var i = 0; i < module.Bodies.Count; i++)
        {
            var ft = module.FuncTypeOf((uint)(i + module.ImportedFuncs));
            compilation.Methods[i] = type.DefineMethod("f" + i, MethodAttributes.Public | MethodAttributes.Static,
                Signatures.ReturnType(ft.Results), Signatures.ParameterTypes(ft));
        }
        var compiler = new FunctionCompiler(module, compilation);
        for (var i = 0; i < module.Bodies.Count; i++) compiler.Compile(i, compilation.Methods[i]);

        var baked = type.CreateType();
        var pointers = new nint[module.Bodies.Count];
        foreach (var m in baked.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly))
        {
            if (m.Name.StartsWith('f') && int.TryParse(m.Name.AsSpan(1), out var index))
                pointers[index] = m.MethodHandle.GetFunctionPointer();
        }
        return new CompiledCode(baked, pointers);
    }
}

/// <summary>A module's compiled functions: the generated type (kept alive with the module) and entry points.</summary>
internal sealed record CompiledCode(Type Type, nint[] EntryPoints);
