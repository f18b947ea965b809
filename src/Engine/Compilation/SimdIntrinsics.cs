using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.Intrinsics;

namespace Wasm.Compilation;

/// <summary>
/// Finds the <see cref="Vector128"/> and x86 hardware-intrinsic methods that compiled SIMD code calls directly.
/// The JIT expands these calls in place while importing IL, so unlike calls to <see cref="SimdOps"/> they stay
/// single instructions in functions too large for the inliner to keep expanding helpers.
/// </summary>
internal static class SimdIntrinsics
{
    private static readonly ConcurrentDictionary<(Type Owner, string Name, Type First, int Count, Type Last), MethodInfo> Cache = new();

    private static readonly ConcurrentDictionary<Type, Type> Vectors = new();

    public static Type Vec(Type element) => Vectors.GetOrAdd(element, static e => typeof(Vector128<>).MakeGenericType(e));

    /// <summary>A <see cref="Vector128"/> method with exactly these parameter types.</summary>
    public static MethodInfo Vector(string name, params Type[] parameters) => Find(typeof(Vector128), name, parameters);

    /// <summary>A method of an x86 intrinsics class (<c>Sse2</c>, <c>Ssse3</c>, ...) with exactly these parameter types.</summary>
    public static MethodInfo X86(Type isa, string name, params Type[] parameters) => Find(isa, name, parameters);

    /// <summary><c>Vector128&lt;T&gt;.Zero</c>.</summary>
    public static MethodInfo Zero(Type element) => Vec(element).GetProperty(nameof(Vector128<byte>.Zero))!.GetMethod!;

    private static MethodInfo Find(Type owner, string name, Type[] parameters) =>
        Cache.GetOrAdd((owner, name, parameters[0], parameters.Length, parameters[^1]), static (key, ps) => Resolve(key.Owner, key.Name, ps), parameters);

    // A non-generic overload with these exact parameter types, else the generic method whose single type argument
    // (the element type of the first vector parameter, or the first parameter itself) makes them match.
    private static MethodInfo Resolve(Type owner, string name, Type[] parameters)
    {
        var exact = owner.GetMethod(name, BindingFlags.Public | BindingFlags.Static, parameters);
        if (exact is not null && !exact.IsGenericMethodDefinition) return exact;
        var first = parameters[0];
        var element = first.IsGenericType && first.GetGenericTypeDefinition() == typeof(Vector128<>) ? first.GetGenericArguments()[0] : first;
        foreach (var m in owner.GetMethods(BindingFlags.Public | BindingFlags.Static))
        {
            if (m.Name != name || !m.IsGenericMethodDefinition || m.GetGenericArguments().Length != 1) continue;
            var candidate = m.MakeGenericMethod(element);
            if (candidate.GetParameters().Select(p => p.ParameterType).SequenceEqual(parameters)) return candidate;
        }
        throw new MissingMethodException(owner.FullName, name);
    }
}
