using System.Runtime.InteropServices;

namespace Wasm.Baseline;

/// <summary>
/// The per-instance block of native memory that baseline code reaches through r15: memory base and length, the
/// stack limit, where a trap unwinds to, the shared thunks and one code pointer per function. It lives outside the
/// managed heap because native code runs while the garbage collector may move managed objects.
/// </summary>
internal static unsafe class NativeContext
{
    public const int MemBase = 0;
    public const int MemLength = 8;
    public const int StackLimit = 16;
    public const int ExitSp = 24;
    public const int TrapCode = 32;
    public const int CalloutFn = 40;
    public const int TrapThunk = 48;
    public const int Owner = 56;
    public const int Globals = 64;
    /// <summary>The helper argument that does not fit the argument cells (<c>call_indirect</c>'s type and table;
    /// the function and loop of a budget or on-stack-replacement callout).</summary>
    public const int Descriptor = 72;
    /// <summary>Tiered code: the module's budgets (<c>int</c> by defined function, pinned).</summary>
    public const int Counters = 80;
    /// <summary>Tiered code: the module's on-stack-replacement loops (<c>int</c> by defined function, pinned).</summary>
    public const int OsrLoops = 88;
    /// <summary>Tiered code: the module's optimized entry points (<c>nint</c> by defined function, pinned).</summary>
    public const int Optimized = 96;
    public const int Functions = 104;

    /// <summary>Bytes of a context for <paramref name="functions"/> functions.</summary>
    public static int Size(int functions) => Functions + 8 * functions;

    public static byte* Allocate(int functions)
    {
        var size = (nuint)Size(functions);
        var p = (byte*)NativeMemory.AllocZeroed(size);
        return p;
    }

    public static void Free(byte* ctx) => NativeMemory.Free(ctx);

    public static ref nint Slot(byte* ctx, int offset) => ref *(nint*)(ctx + offset);

    public static ref nint Function(byte* ctx, int index) => ref *(nint*)(ctx + Functions + 8 * index);
}
