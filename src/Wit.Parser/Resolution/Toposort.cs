using System.Collections.Generic;
using Wit.Ast;
using Wit.Diagnostics;
using Wit.Model;

namespace Wit.Resolution;

/// <summary>
/// Dependency-ordered sort of named nodes. Among the nodes whose dependencies are all done, the
/// one declared first goes next, so output is stable and close to source order.
/// </summary>
internal static class Toposort
{
    public static List<string> Sort(string kind, OrderedMap<string, List<Identifier>> deps)
    {
        int count = deps.Count;
        var remaining = new int[count];
        var reverse = new List<int>[count];
        for (int i = 0; i < count; i++)
        {
            var edges = deps.GetAt(i).Value;
            remaining[i] = edges.Count;
            foreach (var edge in edges)
            {
                int j = deps.IndexOf(edge.Name);
                if (j < 0)
                {
                    throw new WitException($"{kind} `{edge.Name}` does not exist", edge.Span);
                }

                (reverse[j] ??= new List<int>()).Add(i);
            }
        }

        // Min-heap of ready node indices (declaration order decides ties).
        var ready = new SortedSet<int>();
        for (int i = 0; i < count; i++)
        {
            if (remaining[i] == 0)
            {
                ready.Add(i);
            }
        }

        var order = new List<string>(count);
        while (ready.Count > 0)
        {
            int node = ready.Min;
            ready.Remove(node);
            order.Add(deps.GetAt(node).Key);
            if (reverse[node] is { } dependents)
            {
                foreach (int dependent in dependents)
                {
                    if (--remaining[dependent] == 0)
                    {
                        ready.Add(dependent);
                    }
                }

                reverse[node] = null!;
            }
        }

        if (order.Count == count)
        {
            return order;
        }

        for (int i = 0; i < count; i++)
        {
            if (remaining[i] == 0)
            {
                continue;
            }

            foreach (var dep in deps.GetAt(i).Value)
            {
                int j = deps.IndexOf(dep.Name);
                if (remaining[j] != 0)
                {
                    throw new WitException($"{kind} `{dep.Name}` depends on itself", dep.Span);
                }
            }
        }

        throw new WitException($"{kind} dependency cycle");
    }
}
