using System.Collections.Concurrent;

namespace Wasm;

/// <summary>
/// Canonical ids of function types, shared by every module in the process, so a reference type naming a concrete
/// function type (<c>(ref $t)</c>) compares equal across modules exactly when the types are structurally equal.
/// A type may only name types defined before it, so structural equality is well founded. Ids start at 1 and are
/// never reused; the table grows with the number of distinct signatures referenced this way.
/// </summary>
public static class FuncTypes
{
    private static readonly ConcurrentDictionary<FuncType, int> Ids = new();
    private static readonly List<FuncType> ById = [null!];
    private static readonly object Gate = new();

    /// <summary>The canonical id of <paramref name="type"/>, assigned on first use.</summary>
    public static int IdOf(FuncType type)
    {
        if (Ids.TryGetValue(type, out var id)) return id;
        lock (Gate)
        {
            if (Ids.TryGetValue(type, out id)) return id;
            id = ById.Count;
            ById.Add(type);
            Ids[type] = id;
            return id;
        }
    }

    /// <summary>The function type with canonical id <paramref name="id"/>.</summary>
    public static FuncType Get(int id)
    {
        lock (Gate) return ById[id];
    }
}
