using System.Runtime.CompilerServices;
using Wasm.Components.Types;

namespace Wasm.Components.Abi;

// The operations generated bindings use to marshal between C# values and linear memory. Pointers and lengths
// are the guest's i32 values as the core signature carries them; every access is bounds-checked and traps
// (never corrupts the host) on a bad pointer.
public sealed partial class LiftLowerContext
{
    private const string ListBounds = "list content out-of-bounds";

    /// <summary>Encodes a string in the guest's encoding into memory it allocates; returns the pointer.</summary>
    /// <param name="value">The string (ill-formed UTF-16 is replaced as <see cref="System.Text.Encoding.UTF8"/> does).</param>
    /// <param name="taggedLength">The length in code units, with the UTF-16 tag for latin1+utf16 strings that need it.</param>
    public int StoreString(string value, out int taggedLength)
    {
        ArgumentNullException.ThrowIfNull(value);
        var (ptr, units) = Strings.StoreHostString(this, value);
        taggedLength = unchecked((int)units);
        return unchecked((int)ptr);
    }

    /// <summary>Decodes a string the guest passed as pointer and (tagged) length; traps on invalid encoding or bounds.</summary>
    public string LoadString(int ptr, int taggedLength) => Strings.LoadText(this, unchecked((uint)ptr), unchecked((uint)taggedLength));

    /// <summary>Allocates <paramref name="byteLength"/> bytes in the guest with its realloc (for a list's elements).</summary>
    public int Allocate(int alignment, int byteLength) =>
        unchecked((int)Allocate(unchecked((uint)alignment), unchecked((uint)byteLength), ListBounds));

    /// <summary>A bounds-checked window of guest memory; valid until the guest runs again (it may grow memory).</summary>
    public Span<byte> GetBytes(int ptr, int length)
    {
        var memory = Options.RequireMemory();
        if (length < 0 || (ulong)unchecked((uint)ptr) + (ulong)length > memory.ByteLength) throw HandleTables.Trap(ListBounds);
        return memory.GetSpan(unchecked((uint)ptr), length);
    }

    /// <summary>Reads a little-endian primitive (<c>int</c>, <c>long</c>, <c>float</c>, <c>byte</c>...) at a guest pointer.</summary>
    public T Read<T>(int ptr) where T : unmanaged => Unsafe.ReadUnaligned<T>(ref GetBytes(ptr, Unsafe.SizeOf<T>())[0]);

    /// <summary>Writes a little-endian primitive at a guest pointer.</summary>
    public void Write<T>(int ptr, T value) where T : unmanaged => Unsafe.WriteUnaligned(ref GetBytes(ptr, Unsafe.SizeOf<T>())[0], value);

    /// <summary><c>lower_own</c>: gives the guest a new owned handle to a resource of representation <paramref name="rep"/>.</summary>
    public int LowerOwn(ResourceType type, uint rep) => unchecked((int)Options.Handles.LowerOwn(rep, type));

    /// <summary><c>lower_borrow</c>: lends the guest a handle for the duration of this call.</summary>
    public int LowerBorrow(ResourceType type, uint rep) => unchecked((int)Options.Handles.LowerBorrow(rep, type, this));

    /// <summary><c>lift_own</c>: takes an owned handle out of the guest's table and returns its representation.</summary>
    public uint LiftOwn(ResourceType type, int handle) => Options.Handles.LiftOwn(unchecked((uint)handle), type);

    /// <summary><c>lift_borrow</c>: the representation behind a handle the guest lends for this call.</summary>
    public uint LiftBorrow(ResourceType type, int handle) => Options.Handles.LiftBorrow(unchecked((uint)handle), type, this);
}
