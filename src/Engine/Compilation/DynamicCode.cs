using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;

namespace Wasm.Compilation;

/// <summary>A collectible in-memory assembly for generated code, allowed to use the engine's internals.</summary>
internal sealed class DynamicCode
{
    private static int s_counter;

    /// <summary>Lets generated code use the engine's internals; made once, as every module's assembly carries it.</summary>
    private static readonly CustomAttributeBuilder AccessToEngine = new(
        typeof(IgnoresAccessChecksToAttribute).GetConstructor([typeof(string)])!, [typeof(Engine).Assembly.GetName().Name!]);
    private readonly ModuleBuilder _module;
    private int _types;

    public DynamicCode(string name)
    {
        var assemblyName = new AssemblyName($"{name}.{Interlocked.Increment(ref s_counter)}");
        var assembly = AssemblyBuilder.DefineDynamicAssembly(assemblyName, AssemblyBuilderAccess.RunAndCollect);
        assembly.SetCustomAttribute(AccessToEngine);
        _module = assembly.DefineDynamicModule(assemblyName.Name!);
    }

    /// <summary>Starts a new public static class.</summary>
    public TypeBuilder DefineType(string name) =>
        _module.DefineType($"{name}_{Interlocked.Increment(ref _types)}",
            TypeAttributes.Public | TypeAttributes.Sealed | TypeAttributes.Abstract | TypeAttributes.Class);

    /// <summary>Defines a type holding one static method, bakes it, and returns the method.</summary>
    public MethodInfo DefineMethod(string name, Type returnType, Type[] parameterTypes, Action<ILGenerator> emit)
    {
        var type = DefineType(name);
        var method = type.DefineMethod(name, MethodAttributes.Public | MethodAttributes.Static, returnType, parameterTypes);
        emit(method.GetILGenerator());
        var baked = type.CreateType();
        return baked.GetMethod(name)!;
    }
}
