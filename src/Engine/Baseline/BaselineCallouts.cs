namespace Wasm.Baseline;

/// <summary>Callout numbers of the helpers baseline code calls through <see cref="Thunks.Callout"/>; function
/// indices are the non-negative ones.</summary>
internal static class BaselineCallouts
{
    /// <summary><c>memory.grow</c> of memory 0: the delta in, the old size in pages or -1 out.</summary>
    public const int MemoryGrow = -1;

    /// <summary><c>call_indirect</c>: the arguments, then the element index; the context's descriptor holds type index | table index &lt;&lt; 20.</summary>
    public const int CallIndirect = -2;

    /// <summary><c>memory.copy</c> within memory 0: destination, source, length.</summary>
    public const int MemoryCopy = -3;

    /// <summary><c>memory.fill</c> of memory 0: destination, value, length.</summary>
    public const int MemoryFill = -4;

    /// <summary>Tiered code spent its budget: the context's descriptor names the function and loop (-1: a call);
    /// asks for optimized code.</summary>
    public const int Hot = -5;

    /// <summary>Tiered code at an outermost loop whose optimized code exists: the argument is the frame pointer
    /// (locals below it, the caller's argument pointer at -8); the optimized code finishes the call.</summary>
    public const int Osr = -6;
}
