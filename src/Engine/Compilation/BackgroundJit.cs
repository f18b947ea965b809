using System.Reflection;
using System.Runtime.CompilerServices;
using Wasm.Binary;
using Wasm.Instructions;
using Wasm.Model;

namespace Wasm.Compilation;

/// <summary>
/// Has the runtime generate machine code for a compiled module's functions on a background thread, so that a
/// guest does not pay for the JIT the first time it calls each function (<see cref="EngineConfig.BackgroundCompilation"/>).
/// <para>
/// Functions go in the order a run is likely to reach them: depth first from the start function and the exports
/// through direct calls, then the rest (reached through tables). A function the guest calls before the
/// worker got to it is compiled on the calling thread as usual; the runtime never compiles a method twice. One
/// worker serves the whole process and takes the newest module first; it holds a module's code only weakly, so
/// a module dropped before its turn is skipped and stays collectible.
/// </para>
/// </summary>
internal static class BackgroundJit
{
    /// <summary>Modules with less code than this are left to compile on first call: the JIT takes a few
    /// milliseconds at most for them, less than scheduling the work would save.</summary>
    internal const int MinCodeBytes = 4096;

    private sealed class Job(WeakReference<Type> type, ModuleInfo module)
    {
        public readonly WeakReference<Type> Type = type;
        public ModuleInfo? Module = module;
        public int[]? Order;
        public int Next;
    }

    private static readonly Stack<Job> s_pending = new();
    private static Thread? s_worker;
    private static int s_compiling;

    /// <summary>
    /// Marks a module compilation (or artifact load) under way: the worker pauses until none is, so the cores go
    /// to the compile, whose latency someone waits for, rather than to functions that may never run.
    /// </summary>
    public static Pause CompilationUnderWay()
    {
        lock (s_pending) s_compiling++;
        return new Pause();
    }

    /// <summary>Ends the pause begun by <see cref="CompilationUnderWay"/>.</summary>
    public readonly struct Pause : IDisposable
    {
        public void Dispose()
        {
            lock (s_pending)
            {
                if (--s_compiling == 0) Monitor.PulseAll(s_pending);
            }
        }
    }

    /// <summary>Blocks while a module compilation is under way.</summary>
    public static void WaitWhileCompiling()
    {
        lock (s_pending)
        {
            while (s_compiling > 0) Monitor.Wait(s_pending);
        }
    }

    /// <summary>Queues the functions of <paramref name="type"/> (compiled from <paramref name="module"/>).</summary>
    public static void Schedule(Type type, ModuleInfo module)
    {
        if (module.CodeBytes() < MinCodeBytes) return;
        lock (s_pending)
        {
            s_pending.Push(new Job(new WeakReference<Type>(type), module));
            if (s_worker is null)
            {
                s_worker = new Thread(Work) { IsBackground = true, Name = "wasm background jit" };
                s_worker.Start();
            }
            else Monitor.PulseAll(s_pending);
        }
    }

    private static void Work()
    {
        while (true)
        {
            Job job;
            lock (s_pending)
            {
                while (s_pending.Count == 0 || s_compiling > 0) Monitor.Wait(s_pending);
                job = s_pending.Pop();
            }
            Compile(job);
        }
    }

    private static void Compile(Job job)
    {
        if (job.Order is null)
        {
            job.Order = Order(job.Module!);
            job.Module = null;
        }
        while (job.Next < job.Order.Length)
        {
            if (!job.Type.TryGetTarget(out var type)) return;
            lock (s_pending)
            {
                while (s_compiling > 0) Monitor.Wait(s_pending);
                // A newer module waits: it is more likely to be running now. This one continues after it.
                if (s_pending.Count > 0)
                {
                    var newer = s_pending.Pop();
                    s_pending.Push(job);
                    s_pending.Push(newer);
                    return;
                }
            }
            Prepare(type, job.Order[job.Next++]);
        }
    }

    /// <summary>Has the runtime generate machine code for defined function <paramref name="function"/> of
    /// <paramref name="type"/> (the module's generated type).</summary>
    internal static void Prepare(Type type, int function)
    {
        var method = type.GetMethod("f" + function, BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly);
        if (method is not null) Prepare(method);
    }

    /// <summary>Has the runtime generate machine code for <paramref name="method"/>.</summary>
    internal static void Prepare(MethodInfo method)
    {
        try
        {
            RuntimeHelpers.PrepareMethod(method.MethodHandle);
        }
        catch (Exception e) when (e is InvalidProgramException or BadImageFormatException or OutOfMemoryException)
        {
            // The guest's own first call reports it.
        }
    }

    /// <summary>
    /// Defined-function indices, likely-first-called first: from the start function and then each exported
    /// function, depth first through direct calls in the order they appear; then every other function (reached
    /// only through tables) in index order.
    /// </summary>
    internal static int[] Order(ModuleInfo module)
    {
        var count = module.Bodies.Count;
        var imported = module.ImportedFuncs;
        var order = new int[count];
        var seen = new bool[count];
        var n = 0;
        void Add(uint funcIndex)
        {
            var defined = (long)funcIndex - imported;
            if (defined < 0 || defined >= count || seen[defined]) return;
            seen[defined] = true;
            order[n++] = (int)defined;
        }
        // Depth first, callees in the order their calls appear: roughly the order a run first calls them in, so
        // the worker stays a little ahead of the guest instead of compiling what it needs much later.
        var callees = CallGraph.Of(module).Callees;
        var stack = new Stack<(int Function, int Next)>();
        void Visit(uint funcIndex)
        {
            var first = n;
            Add(funcIndex);
            if (n == first) return;
            stack.Push((order[first], 0));
            while (stack.Count > 0)
            {
                var (function, next) = stack.Pop();
                var calls = callees[function];
                while (next < calls.Length)
                {
                    var before = n;
                    Add((uint)(calls[next++] + imported));
                    if (n == before) continue;
                    stack.Push((function, next));
                    stack.Push((order[before], 0));
                    break;
                }
            }
        }
        if (module.Start is { } start) Visit(start);
        foreach (var export in module.Exports)
            if (export.Kind == ExternKind.Func) Visit(export.Index);
        for (var i = 0; i < count; i++)
        {
            if (seen[i]) continue;
            order[n++] = i;
        }
        return order;
    }
}
