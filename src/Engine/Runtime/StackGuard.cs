using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Wasm.Runtime;

/// <summary>
/// Stack overflow kills a .NET process, so compiled code compares the address of a local against
/// <see cref="Store.StackLimit"/> on entry to every function that makes calls. The outermost host-to-wasm entry
/// of a store on a thread sets the limit: at most <see cref="EngineConfig.MaxWasmStack"/> below the entry point,
/// and never closer than a safety margin to the end of the thread's stack. Re-entries (wasm → host → wasm, as
/// host functions and component adapters do) keep that limit, so the budget covers the whole chain and recursion
/// through the host traps like recursion inside wasm; each entry restores the previous limit when it returns.
/// </summary>
internal static unsafe class StackGuard
{
    // Room kept for host code, the JIT and exception dispatch below the deepest guest frame: a quarter of the
    // thread's stack, between 48 KiB and 256 KiB.
    private const nuint MinMargin = 48 * 1024, MaxMargin = 256 * 1024;

    [ThreadStatic] private static nuint t_threadFloor;

    /// <summary>Sets the store's limit for a call about to enter wasm on this thread and returns the limit to
    /// restore with <see cref="Exit"/> when the call returns or throws.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static nuint Enter(VmContext ctx)
    {
        var store = ctx.Store;
        if (store is null) return 0;
        var previous = store.StackLimit;
        var thread = Environment.CurrentManagedThreadId;
        // Already inside wasm on this thread: the outer entry's budget stands.
        if (previous != 0 && store.StackThread == thread) return previous;
        byte here;
        var sp = (nuint)(&here);
        var floor = t_threadFloor;
        if (floor == 0) floor = t_threadFloor = ComputeThreadFloor(sp);
        var budget = (nuint)store.Engine.Config.MaxWasmStack;
        var limit = sp > budget ? sp - budget : 0;
        store.StackLimit = limit > floor ? limit : floor;
        store.StackThread = thread;
        return previous;
    }

    /// <summary>Restores the limit <see cref="Enter"/> returned (0 once the outermost call has returned).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Exit(VmContext ctx, nuint previous)
    {
        if (ctx.Store is { } store) store.StackLimit = previous;
    }

    private static nuint ComputeThreadFloor(nuint sp)
    {
        nuint low = 0;
        try
        {
            if (OperatingSystem.IsLinux()) low = LinuxStackLow();
            else if (OperatingSystem.IsWindows()) low = WindowsStackLow();
            else if (OperatingSystem.IsMacOS()) low = MacStackLow();
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            low = 0;
        }
        // Unknown: assume the smallest common thread stack (512 KiB) below the current point.
        if (low == 0 || low >= sp) low = sp > 512 * 1024 ? sp - 512 * 1024 : 0;
        var margin = Math.Clamp((sp - low) / 4, MinMargin, MaxMargin);
        return low + margin;
    }

    private static nuint LinuxStackLow()
    {
        var attr = stackalloc byte[256];
        if (pthread_getattr_np(pthread_self(), attr) != 0) return 0;
        try
        {
            return pthread_attr_getstack(attr, out var addr, out _) == 0 ? (nuint)addr : 0;
        }
        finally
        {
            pthread_attr_destroy(attr);
        }
    }

    private static nuint WindowsStackLow()
    {
        GetCurrentThreadStackLimits(out var low, out _);
        return low;
    }

    private static nuint MacStackLow()
    {
        var self = pthread_self();
        return pthread_get_stackaddr_np(self) - pthread_get_stacksize_np(self);
    }

    [DllImport("libc")] private static extern nint pthread_self();
    [DllImport("libc")] private static extern int pthread_getattr_np(nint thread, void* attr);
    [DllImport("libc")] private static extern int pthread_attr_getstack(void* attr, out void* addr, out nuint size);
    [DllImport("libc")] private static extern int pthread_attr_destroy(void* attr);
    [DllImport("libc")] private static extern nuint pthread_get_stackaddr_np(nint thread);
    [DllImport("libc")] private static extern nuint pthread_get_stacksize_np(nint thread);
    [DllImport("kernel32")] private static extern void GetCurrentThreadStackLimits(out nuint low, out nuint high);
}
