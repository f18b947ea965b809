using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Wasm.Compilation;

/// <summary>
/// The throw side of every trap. Compiled code emits <c>call Create; throw</c> (so the JIT sees the throw and
/// moves it out of line); inlined helpers call <see cref="Throw"/>, which is never inlined.
/// </summary>
internal static class Traps
{
    /// <summary>A trap exception for compiled code to throw.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static Exception Create(TrapCode code) => new TrapException(code);

    /// <summary>Throws a trap.</summary>
    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    public static void Throw(TrapCode code) => throw new TrapException(code);
}
