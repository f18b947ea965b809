using System.Runtime.CompilerServices;
using Wasm.Components.Types;

namespace Wasm.Components.Bindings;

/// <summary>
/// A resource the host implements, as generated bindings keep it: a fresh <see cref="ResourceType"/> and the
/// table from representation to host object behind the handles guests hold. <c>own</c> handles given to a guest
/// are entries until the guest drops them (then the entry is removed and the object disposed, if it is
/// <see cref="IDisposable"/>) or gives them back (<see cref="Take"/>). Borrows lent for one call are entries
/// until <see cref="EndLoans"/>.
/// </summary>
/// <typeparam name="T">The host's object type (the generated <c>I{Resource}</c> interface).</typeparam>
public sealed class HostResources<T> where T : class
{
    private T?[] _objects = new T?[8];
    private int[] _free = new int[8];
    private int _freeCount;
    private int _used;
    private uint[] _loans = new uint[4];
    private int _loanCount;

    /// <summary>A new resource type named <paramref name="name"/> with an empty table.</summary>
    public HostResources(string name) => Type = new ResourceType(name) { HostDestructor = Destroy };

    /// <summary>The resource type guests' handles refer to.</summary>
    public ResourceType Type { get; }

    /// <summary>The number of objects in the table.</summary>
    public int Count => _used - _freeCount;

    /// <summary>Puts <paramref name="value"/> in the table (for an <c>own</c> handle given to a guest); returns its representation.</summary>
    public uint Add(T value)
    {
        ArgumentNullException.ThrowIfNull(value);
        int index;
        if (_freeCount > 0)
        {
            index = _free[--_freeCount];
        }
        else
        {
            if (_used == _objects.Length) Array.Resize(ref _objects, _used * 2);
            index = _used++;
        }

        _objects[index] = value;
        return (uint)index + 1;
    }

    /// <summary>The object of representation <paramref name="rep"/>, left in the table (a borrow).</summary>
    /// <exception cref="TrapException">No object has that representation.</exception>
    public T Get(uint rep) => _objects[IndexOf(rep)]!;

    /// <summary>Removes the object of representation <paramref name="rep"/> and returns it (an <c>own</c> handle given back).</summary>
    /// <exception cref="TrapException">No object has that representation.</exception>
    public T Take(uint rep)
    {
        int index = IndexOf(rep);
        var value = _objects[index]!;
        _objects[index] = null;
        if (_freeCount == _free.Length) Array.Resize(ref _free, _free.Length * 2);
        _free[_freeCount++] = index;
        return value;
    }

    /// <summary>The number of loans outstanding: pass it to <see cref="EndLoans"/> after the call.</summary>
    public int LoanMark => _loanCount;

    /// <summary>Puts <paramref name="value"/> in the table for the duration of one call (a borrow lent to a guest).</summary>
    public uint Lend(T value)
    {
        uint rep = Add(value);
        if (_loanCount == _loans.Length) Array.Resize(ref _loans, _loans.Length * 2);
        _loans[_loanCount++] = rep;
        return rep;
    }

    /// <summary>Removes the entries lent since <paramref name="mark"/> (a <see cref="LoanMark"/>).</summary>
    public void EndLoans(int mark)
    {
        while (_loanCount > mark) Take(_loans[--_loanCount]);
    }

    private int IndexOf(uint rep)
    {
        int index = unchecked((int)rep - 1);
        if ((uint)index >= (uint)_used || _objects[index] is null)
            throw new TrapException(TrapCode.CanonicalAbi, $"unknown handle representation {rep} of host resource `{Type}`");
        return index;
    }

    private void Destroy(uint rep)
    {
        if (Take(rep) is IDisposable disposable) disposable.Dispose();
    }

    /// <summary>
    /// Defines a fresh resource <paramref name="name"/> in <paramref name="linker"/>'s instance
    /// <paramref name="instance"/> (its root when null) and remembers its table for <see cref="Of"/>.
    /// </summary>
    public static HostResources<T> Define(ComponentLinker linker, string? instance, string name)
    {
        ArgumentNullException.ThrowIfNull(linker);
        var resources = new HostResources<T>(name);
        (instance is null ? linker.Root : linker.Instance(instance)).DefineResource(name, resources.Type);
        HostResourceRegistry.Of(linker)[Key(instance, name)] = resources;
        return resources;
    }

    /// <summary>The table <see cref="Define"/> made for <paramref name="linker"/>.</summary>
    /// <exception cref="LinkException">The resource was not defined in the linker through generated bindings.</exception>
    public static HostResources<T> Of(ComponentLinker linker, string? instance, string name)
    {
        ArgumentNullException.ThrowIfNull(linker);
        if (HostResourceRegistry.Of(linker).TryGetValue(Key(instance, name), out var found) && found is HostResources<T> resources)
            return resources;
        throw new LinkException($"the resource `{Key(instance, name)}` is not defined in the linker: call the AddToLinker of its bindings first");
    }

    private static string Key(string? instance, string name) => instance is null ? name : instance + "#" + name;
}

/// <summary>The host resources generated bindings defined in each linker.</summary>
internal static class HostResourceRegistry
{
    private static readonly ConditionalWeakTable<ComponentLinker, Dictionary<string, object>> Tables = new();

    public static Dictionary<string, object> Of(ComponentLinker linker) => Tables.GetOrCreateValue(linker);
}
