using System.Reflection;
using System.Reflection.Emit;

namespace Wasm.Compilation;

/// <summary>
/// An <see cref="ILGenerator"/> that resolves each field and method the generated code references to a metadata
/// token once per module and then emits the token. The in-memory <see cref="ModuleBuilder"/> defines a fresh
/// member reference (signature blob, name lookup) on every <c>Emit(ldfld, field)</c> or <c>Emit(call, method)</c>;
/// a function body reloads the memory base after every call and loads globals and tables through fields, so
/// that resolution made up about a third of compile time.
/// <para>
/// A token emitted through <see cref="ILGenerator.Emit(OpCode, int)"/> counts only the opcode's own stack effect
/// towards the method's max stack. That is exact for field access; a call counts as leaving the depth unchanged.
/// A call that takes more values than it returns therefore overstates the depth, which is harmless for a little
/// while: each method may overstate it by up to <see cref="MaxOverstatedDepth"/> slots before calls go back to
/// the generator's own accounting. Calls that return more than they take never use the token.
/// </para>
/// </summary>
internal sealed class TokenCachingILGenerator(ILGenerator inner, TokenCache cache) : ILGenerator
{
    /// <summary>How far the max stack recorded for one method may exceed the real one.</summary>
    internal const int MaxOverstatedDepth = 16;

    private int _overstated;

    /// <summary>The tokens this generator emits, for callers that emit calls by token themselves.</summary>
    public TokenCache Cache => cache;

    public override int ILOffset => inner.ILOffset;

    public override void Emit(OpCode opcode, FieldInfo field) => inner.Emit(opcode, cache.Field(field));

    public override void Emit(OpCode opcode, MethodInfo meth)
    {
        if (opcode.Value == OpCodes.Call.Value && cache.Call(meth) is { Token: not 0 } call
            && call.StackChange <= 0 && _overstated - call.StackChange <= MaxOverstatedDepth)
        {
            _overstated -= call.StackChange;
            inner.Emit(opcode, call.Token);
        }
        else inner.Emit(opcode, meth);
    }

    public override void BeginCatchBlock(Type? exceptionType) => inner.BeginCatchBlock(exceptionType);
    public override void BeginExceptFilterBlock() => inner.BeginExceptFilterBlock();
    public override Label BeginExceptionBlock() => inner.BeginExceptionBlock();
    public override void BeginFaultBlock() => inner.BeginFaultBlock();
    public override void BeginFinallyBlock() => inner.BeginFinallyBlock();
    public override void BeginScope() => inner.BeginScope();
    public override LocalBuilder DeclareLocal(Type localType, bool pinned) => inner.DeclareLocal(localType, pinned);
    public override Label DefineLabel() => inner.DefineLabel();
    public override void Emit(OpCode opcode) => inner.Emit(opcode);
    public override void Emit(OpCode opcode, byte arg) => inner.Emit(opcode, arg);
    public override void Emit(OpCode opcode, double arg) => inner.Emit(opcode, arg);
    public override void Emit(OpCode opcode, short arg) => inner.Emit(opcode, arg);
    public override void Emit(OpCode opcode, int arg) => inner.Emit(opcode, arg);
    public override void Emit(OpCode opcode, long arg) => inner.Emit(opcode, arg);
    public override void Emit(OpCode opcode, ConstructorInfo con) => inner.Emit(opcode, con);
    public override void Emit(OpCode opcode, Label label) => inner.Emit(opcode, label);
    public override void Emit(OpCode opcode, Label[] labels) => inner.Emit(opcode, labels);
    public override void Emit(OpCode opcode, LocalBuilder local) => inner.Emit(opcode, local);
    public override void Emit(OpCode opcode, SignatureHelper signature) => inner.Emit(opcode, signature);
    public override void Emit(OpCode opcode, float arg) => inner.Emit(opcode, arg);
    public override void Emit(OpCode opcode, string str) => inner.Emit(opcode, str);
    public override void Emit(OpCode opcode, Type cls) => inner.Emit(opcode, cls);
    public override void EmitCall(OpCode opcode, MethodInfo methodInfo, Type[]? optionalParameterTypes) => inner.EmitCall(opcode, methodInfo, optionalParameterTypes);
    public override void EmitCalli(OpCode opcode, CallingConventions callingConvention, Type? returnType, Type[]? parameterTypes, Type[]? optionalParameterTypes) =>
        inner.EmitCalli(opcode, callingConvention, returnType, parameterTypes, optionalParameterTypes);
    public override void EmitCalli(OpCode opcode, System.Runtime.InteropServices.CallingConvention unmanagedCallConv, Type? returnType, Type[]? parameterTypes) =>
        inner.EmitCalli(opcode, unmanagedCallConv, returnType, parameterTypes);
    public override void EndExceptionBlock() => inner.EndExceptionBlock();
    public override void EndScope() => inner.EndScope();
    public override void MarkLabel(Label loc) => inner.MarkLabel(loc);
    public override void UsingNamespace(string usingNamespace) => inner.UsingNamespace(usingNamespace);
}

/// <summary>Metadata tokens of the members one module's generated code references (one compiling thread).</summary>
internal sealed class TokenCache(ModuleBuilder module)
{
    private readonly Dictionary<FieldInfo, int> _fields = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<MethodInfo, (int Token, int StackChange)> _calls = new(ReferenceEqualityComparer.Instance);

    public int Field(FieldInfo field)
    {
        if (!_fields.TryGetValue(field, out var token))
        {
            token = module.GetFieldMetadataToken(field);
            _fields.Add(field, token);
        }
        return token;
    }

    private readonly Dictionary<Type, int> _types = new(ReferenceEqualityComparer.Instance);

    /// <summary>The token of a type (a generic instantiation's type spec is otherwise built anew on each use).</summary>
    public int Type(Type type)
    {
        if (!_types.TryGetValue(type, out var token))
        {
            token = module.GetTypeMetadataToken(type);
            _types.Add(type, token);
        }
        return token;
    }

    /// <summary>Declares a static method of the module being built, which cannot be asked for its parameters
    /// before its type is created.</summary>
    public void AddMethod(MethodBuilder method, int parameterCount, bool returnsValue) =>
        _calls[method] = (method.MetadataToken, (returnsValue ? 1 : 0) - parameterCount);

    /// <summary>The token of a call to a static method and what the call does to the stack depth; token 0 for a
    /// method a call cannot reach by token.</summary>
    public (int Token, int StackChange) Call(MethodInfo method)
    {
        if (!_calls.TryGetValue(method, out var call))
        {
            var token = Token(method);
            call = token == 0 ? (0, 0) : (token, (method.ReturnType == typeof(void) ? 0 : 1) - method.GetParameters().Length);
            _calls.Add(method, call);
        }
        return call;
    }

    /// <summary>
    /// The metadata token of a static method of another assembly: a member reference, or for a generic method
    /// instantiation the method spec, which only the runtime module builder's own lookup makes (the public
    /// <see cref="ModuleBuilder.GetMethodMetadataToken(MethodInfo)"/> answers the generic definition). 0 where only
    /// the IL generator can make the reference: methods of generic types, varargs methods, and method specs on a
    /// runtime without that lookup.
    /// </summary>
    private static int Token(ModuleBuilder module, MethodInfo method)
    {
        if (method is MethodBuilder || !method.IsStatic || method.DeclaringType is not { IsGenericType: false }
            || (method.CallingConvention & CallingConventions.VarArgs) != 0) return 0;
        if (!method.IsGenericMethod) return module.GetMethodMetadataToken(method);
        return MethodSpecToken is { } lookup ? lookup(module, method) : 0;
    }

    private readonly Dictionary<MethodInfo, int> _tokens = new(ReferenceEqualityComparer.Instance);

    /// <summary><see cref="Token(ModuleBuilder, MethodInfo)"/>, looked up once per method.</summary>
    public int Token(MethodInfo method)
    {
        if (!_tokens.TryGetValue(method, out var token)) _tokens.Add(method, token = Token(module, method));
        return token;
    }

    private static readonly Func<ModuleBuilder, MethodBase, int>? MethodSpecToken = FindMethodSpecToken();

    private static Func<ModuleBuilder, MethodBase, int>? FindMethodSpecToken()
    {
        var builder = typeof(ModuleBuilder).Assembly.GetType("System.Reflection.Emit.RuntimeModuleBuilder");
        var lookup = builder?.GetMethod("GetMethodTokenInternal", BindingFlags.NonPublic | BindingFlags.Instance,
            [typeof(MethodBase), typeof(Type[]), typeof(bool)]);
        if (lookup is null || lookup.ReturnType != typeof(int)) return null;
        return (module, method) =>
        {
            if (module.GetType() != builder) return 0;
            try
            {
                return (int)lookup.Invoke(module, [method, null, true])!;
            }
            catch (TargetInvocationException)
            {
                return 0; // the ordinary path still works
            }
        };
    }
}
