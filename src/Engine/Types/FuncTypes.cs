namespace Wasm;

/// <summary>
/// Canonical ids of function types, shared by every module in the process, so a reference type naming a concrete
/// function type (<c>(ref $t)</c>) compares equal across modules exactly when the types are equivalent. A plain
/// signature stands for the final, supertype-less function type of its own recursion group (GC); ids are those
/// of <see cref="DefinedType.Id"/>, never reused.
/// </summary>
public static class FuncTypes
{
    /// <summary>The canonical id of <paramref name="type"/>, assigned on first use.</summary>
    public static int IdOf(FuncType type) => TypeRegistry.OfFunc(type).Id;

    /// <summary>The function type with canonical id <paramref name="id"/>.</summary>
    public static FuncType Get(int id) => TypeRegistry.Get(id).Func ?? throw new ArgumentException($"type {id} is not a function type");

    /// <summary>The defined type with canonical id <paramref name="id"/>.</summary>
    public static DefinedType GetDefined(int id) => TypeRegistry.Get(id);
}
