using System.Runtime.CompilerServices;
using Wasm.Model;

namespace Wasm.Compilation;

/// <summary>
/// Which defined functions may grow a memory while they run: those that execute <c>memory.grow</c>, call an
/// import (the host may grow a memory) or call through a table or reference, and those that call any of
/// these. After a call to any other function, compiled code keeps the memory base and length it holds in
/// locals instead of reloading them; leaf helpers such as 128-bit multiplication are called in hot loops.
/// </summary>
internal static class MemoryGrowth
{
    private static readonly ConditionalWeakTable<ModuleInfo, bool[]> Cache = new();

    /// <summary>By defined-function index: whether a call to it may change a memory's base or length.</summary>
    public static bool[] MayGrow(ModuleInfo module) => Cache.GetValue(module, Analyze);

    private static bool[] Analyze(ModuleInfo module)
    {
        var graph = CallGraph.Of(module);
        var count = module.Bodies.Count;
        var mayGrow = (bool[])graph.Opaque.Clone();
        var callers = new List<int>?[count];
        for (var i = 0; i < count; i++)
            foreach (var callee in graph.Callees[i]) (callers[callee] ??= new List<int>()).Add(i);
        // Callers of functions that may grow may grow too.
        var pending = new Stack<int>();
        for (var i = 0; i < count; i++)
            if (mayGrow[i]) pending.Push(i);
        while (pending.Count > 0)
        {
            var f = pending.Pop();
            if (callers[f] is not { } list) continue;
            foreach (var caller in list)
            {
                if (mayGrow[caller]) continue;
                mayGrow[caller] = true;
                pending.Push(caller);
            }
        }
        return mayGrow;
    }
}
