using Wasm.Components.Types;

namespace Wasm.Components.Abi;

/// <summary>
/// The handle table of one component instance (the spec's <c>ComponentInstance.handles</c>, restricted to
/// resource handles). Index 0 is never valid; freed indices are reused last-freed-first. Every misuse is a
/// <see cref="TrapException"/> with <see cref="TrapCode.CanonicalAbi"/> and wasmtime's wording.
/// </summary>
public sealed class HandleTables
{
    /// <summary>The spec's <c>Table.MAX_LENGTH</c>.</summary>
    public const uint MaxLength = (1u << 28) - 1;

    private Entry?[] _slots = new Entry?[8];
    private int _length = 1; // slot 0 is reserved
    private readonly Stack<uint> _free = new();

    /// <summary>Creates the tables of an instance.</summary>
    /// <param name="owner">The component instance (compared with <see cref="ResourceType"/>'s defining
    /// instance: borrows of its own resources are passed as the representation).</param>
    public HandleTables(object? owner = null) => Owner = owner;

    /// <summary>The instance these tables belong to.</summary>
    public object? Owner { get; }

    /// <summary>The number of live handles.</summary>
    public int Count => _length - 1 - _free.Count;

    /// <summary>A resource handle entry (the spec's <c>ResourceHandle</c>).</summary>
    internal sealed class Entry(ResourceType type, uint rep, bool own, LiftLowerContext? scope)
    {
        public readonly ResourceType Type = type;
        public readonly uint Rep = rep;
        public readonly bool Own = own;
        /// <summary>For borrows lowered into this instance: the call they must be dropped before the end of.</summary>
        public readonly LiftLowerContext? Scope = scope;
        /// <summary>The number of calls this handle is lent to.</summary>
        public int Lends;
    }

    /// <summary><c>canon resource.new</c>: a new owned handle of <paramref name="type"/> with representation <paramref name="rep"/>.</summary>
    public uint ResourceNew(ResourceType type, uint rep) => Add(new Entry(type, rep, true, null));

    /// <summary><c>canon resource.rep</c>: the representation of the handle at <paramref name="handle"/>.</summary>
    public uint ResourceRep(ResourceType type, uint handle) => GetTyped(handle, type).Rep;

    /// <summary>
    /// <c>canon resource.drop</c>: removes the handle. Dropping an owned handle runs the resource's destructor
    /// (<see cref="ResourceType.Destructor"/> or <see cref="ResourceType.HostDestructor"/>) with its
    /// representation; dropping a borrow ends it for its call.
    /// </summary>
    public void ResourceDrop(ResourceType type, uint handle)
    {
        var e = RemoveResource(handle, type);
        if (e.Own)
        {
            if (type.Destructor is { } dtor)
            {
                // A core exception never unwinds out of the component that owns the destructor.
                try { dtor.Invoke(Value.FromI32(unchecked((int)e.Rep))); }
                catch (GuestException x) { throw new TrapException(TrapCode.CanonicalAbi, "uncaught exception propagated out of component", x); }
            }
            else type.HostDestructor?.Invoke(e.Rep);
        }
        else if (e.Scope is { } scope)
        {
            scope.NumBorrows--;
        }
    }

    /// <summary><c>lift_own</c>: moves the owned handle out of the table and returns its representation.</summary>
    internal uint LiftOwn(uint handle, ResourceType type)
    {
        var e = GetTyped(handle, type);
        if (e.Lends != 0) throw Trap("cannot remove owned resource while borrowed");
        if (!e.Own) throw Trap($"handle index {handle} is a borrow where an owned handle was expected");
        Free(handle);
        return e.Rep;
    }

    /// <summary><c>lift_borrow</c>: lends the handle to the call of <paramref name="cx"/> and returns its representation.</summary>
    internal uint LiftBorrow(uint handle, ResourceType type, LiftLowerContext cx)
    {
        var e = GetTyped(handle, type);
        e.Lends++;
        cx.AddLender(e);
        return e.Rep;
    }

    /// <summary><c>lower_own</c>: a new owned handle.</summary>
    internal uint LowerOwn(uint rep, ResourceType type) => Add(new Entry(type, rep, true, null));

    /// <summary><c>lower_borrow</c>: the representation itself for resources this instance defines, otherwise a
    /// borrow handle scoped to the call of <paramref name="cx"/>.</summary>
    internal uint LowerBorrow(uint rep, ResourceType type, LiftLowerContext cx)
    {
        if (Owner is not null && ReferenceEquals(type.DefiningInstance, Owner)) return rep;
        cx.NumBorrows++;
        return Add(new Entry(type, rep, false, cx));
    }

    private uint Add(Entry e)
    {
        if (_free.TryPop(out var i))
        {
            _slots[i] = e;
            return i;
        }
        if ((uint)_length > MaxLength) throw Trap("handle table is full");
        if (_length == _slots.Length) Array.Resize(ref _slots, _slots.Length * 2);
        _slots[_length] = e;
        return (uint)_length++;
    }

    private Entry Get(uint handle) =>
        handle < (uint)_length && _slots[handle] is { } e ? e : throw Trap($"unknown handle index {handle}");

    private Entry GetTyped(uint handle, ResourceType type)
    {
        var e = Get(handle);
        if (!ReferenceEquals(e.Type, type))
            throw Trap($"handle index {handle} used with the wrong type, expected {Describe(type)} but found {DescribeOther(type, e.Type)}");
        return e;
    }

    private Entry RemoveResource(uint handle, ResourceType type)
    {
        var e = GetTyped(handle, type);
        if (e.Own && e.Lends != 0) throw Trap("cannot remove owned resource while borrowed");
        Free(handle);
        return e;
    }

    private void Free(uint handle)
    {
        _slots[handle] = null;
        _free.Push(handle);
    }

    private static string Describe(ResourceType t) => t.DefiningInstance is null ? "host resource" : "guest-defined resource";

    private static string DescribeOther(ResourceType expected, ResourceType found) =>
        (expected.DefiningInstance is null) == (found.DefiningInstance is null) ? "a different " + Describe(found) : Describe(found);

    internal static TrapException Trap(string message) => new(TrapCode.CanonicalAbi, message);
}
