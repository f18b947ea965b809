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

    /// <summary>Declares a static method of the module being built, which cannot be asked for its parameters
    /// before its type is created.</summary>
    public void AddMethod(MethodBuilder method, int parameterCount, bool returnsValue) =>
        _calls[method] = (method.MetadataToken, (returnsValue ? 1 : 0) - parameterCount);

    /// <summary>The token of a static, non-generic method and what a call to it does to the stack depth; token 0
    /// for a method a call cannot reach by token.</summary>
    public (int Token, int StackChange) Call(MethodInfo method)
    {
        if (!_calls.TryGetValue(method, out var call))
        {
            // A generic method instantiation needs a MethodSpec token, which this lookup does not make.
            var plain = method is not MethodBuilder && method.IsStatic && !method.IsGenericMethod
                && method.DeclaringType is { IsGenericType: false }
                && (method.CallingConvention & CallingConventions.VarArgs) == 0;
            call = plain
                ? (module.GetMethodMetadataToken(method), (method.ReturnType == typeof(void) ? 0 : 1) - method.GetParameters().Length)
                : (0, 0);
            _calls.Add(method, call);
        }
        return call;
    }
}
