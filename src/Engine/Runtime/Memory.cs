using System.Runtime.InteropServices;

namespace Wasm;

/// <summary>
/// A linear memory: native memory of whole 64 KiB pages. Compiled code keeps <see cref="Base"/> and
/// <see cref="Length"/> in locals and reloads them after anything that can grow the memory.
/// </summary>
public sealed unsafe class Memory : Extern, IDisposable
{
    /// <summary>Bytes in a WebAssembly page.</summary>
    public const int PageSize = 65536;

    /// <summary>Most pages a 32-bit memory can have (4 GiB).</summary>
    public const ulong MaxPages32 = 65536;

    // Read by compiled code (fields, not properties, so IL loads them directly).
    internal byte* Base;
    internal ulong Length;

    private readonly ulong _maxPages;

    /// <summary>Growth of at least this many bytes allocates a new zeroed block instead of clearing in place.</summary>
    private const ulong LargeGrowth = 1 << 20;

    /// <summary>Creates a memory of <c>type.Limits.Min</c> zeroed pages.</summary>
    /// <exception cref="ArgumentException">The limits are not valid for a 32-bit memory.</exception>
    public Memory(MemoryType type) : this(type, null) { }

    /// <summary>Creates a memory owned by <paramref name="owner"/>, whose limiter must accept the initial size.</summary>
    /// <exception cref="ResourceLimitException">The owner's limiter refuses the initial size, or it exceeds 4 GiB.</exception>
    internal Memory(MemoryType type, Store? owner)
    {
        var max = type.Limits.Max ?? MaxPages32;
        if (owner is null && (type.Limits.Min > max || max > MaxPages32))
            throw new ArgumentException("memory size must be at most 65536 pages (4GiB)", nameof(type));
        // A valid module may declare more than this engine holds (memory64): beyond 4 GiB, instantiation fails
        // with a limit, and growth stops there.
        if (type.Limits.Min > MaxPages32)
            throw new ResourceLimitException($"memory of {type.Limits.Min} pages exceeds the engine's maximum of {MaxPages32} pages (4 GiB)");
        max = Math.Min(max, MaxPages32);
        _maxPages = max;
        Type = type;
        Owner = owner;
        var initial = type.Limits.Min * PageSize;
        if (initial > 0 && owner?.Limiter is { } limiter && !limiter.MemoryGrowing(this, 0, initial, MaximumBytes))
            throw new ResourceLimitException($"memory of {initial} bytes exceeds the store's limit");
        Length = initial;
        // One zeroed allocation; a zero-length memory still gets a valid pointer.
        try
        {
            Base = (byte*)NativeMemory.AllocZeroed((nuint)Math.Max(Length, 1));
        }
        catch (OutOfMemoryException) when (owner is not null)
        {
            throw new ResourceLimitException($"memory of {initial} bytes could not be allocated");
        }
        AddPressure(Length);
    }

    /// <summary>Bytes reported to the GC with <see cref="GC.AddMemoryPressure"/>: memories dropped without
    /// <see cref="Dispose"/> are freed by their finalizer, so the collector must know what they hold to run
    /// often enough in a host that instantiates and drops modules continually.</summary>
    private long _pressure;

    private void AddPressure(ulong bytes)
    {
        if (bytes == 0) return;
        var amount = (long)Math.Min(bytes, long.MaxValue - (ulong)_pressure);
        GC.AddMemoryPressure(amount);
        _pressure += amount;
    }

    /// <summary>The store whose limiter decides growth, for memories defined by an instance; null for host memories.</summary>
    internal readonly Store? Owner;

    private ulong? MaximumBytes => Type.Limits.Max is { } max ? max * PageSize : null;

    /// <summary>The memory's type; <c>Limits.Min</c> is the size it was created with.</summary>
    public MemoryType Type { get; }

    /// <inheritdoc/>
    public override ExternKind Kind => ExternKind.Memory;

    /// <summary>Current size in pages.</summary>
    public ulong Pages => Length / PageSize;

    /// <summary>Current size in bytes.</summary>
    public ulong ByteLength => Length;

    /// <summary>The whole memory as a span. Valid until the next grow.</summary>
    /// <exception cref="InvalidOperationException">The memory is larger than 2 GiB; use <see cref="GetSpan"/>.</exception>
    public Span<byte> Span => Length <= int.MaxValue
        ? new Span<byte>(Base, (int)Length)
        : throw new InvalidOperationException("memory larger than 2 GiB; use GetSpan(offset, length)");

    /// <summary>A bounds-checked window of the memory. Valid until the next grow.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The window is not inside the memory.</exception>
    public Span<byte> GetSpan(ulong offset, int length)
    {
        if (length < 0 || offset > Length || (ulong)length > Length - offset)
            throw new ArgumentOutOfRangeException(nameof(offset), "out of bounds memory access");
        return new Span<byte>(Base + offset, length);
    }

    /// <summary>Grows by <paramref name="deltaPages"/> zeroed pages; returns the old size in pages, or -1 when
    /// the maximum would be exceeded or the owning store's <see cref="Store.Limiter"/> refuses (the memory is then
    /// unchanged).</summary>
    public long Grow(ulong deltaPages)
    {
        var old = Pages;
        if (deltaPages > _maxPages - old) return -1;
        if (deltaPages == 0) return (long)old;
        var newLength = (old + deltaPages) * PageSize;
        if (newLength > nuint.MaxValue) return -1;
        if (Owner?.Limiter is { } limiter && !limiter.MemoryGrowing(this, Length, newLength, MaximumBytes)) return -1;
        byte* grown;
        try
        {
            if (newLength - Length >= LargeGrowth)
            {
                // A fresh zeroed block: large allocations come from the OS already zeroed and untouched, so
                // pages the guest never writes cost no physical memory (clearing them would touch every one).
                grown = (byte*)NativeMemory.AllocZeroed((nuint)newLength);
                Buffer.MemoryCopy(Base, grown, newLength, Length);
                NativeMemory.Free(Base);
            }
            else
            {
                grown = (byte*)NativeMemory.Realloc(Base, (nuint)newLength);
                NativeMemory.Clear(grown + Length, (nuint)(newLength - Length));
            }
        }
        catch (OutOfMemoryException)
        {
            return -1;
        }
        Base = grown;
        AddPressure(newLength - Length);
        Length = newLength;
        return (long)old;
    }

    /// <summary>Called by compiled code for <c>memory.grow</c>: i32 result, -1 on failure.</summary>
    internal int GrowFromGuest(int deltaPages) => (int)Grow((uint)deltaPages);

    /// <summary>Frees the native memory. Using the memory afterwards is an error.</summary>
    public void Dispose()
    {
        Free();
        GC.SuppressFinalize(this);
    }

    private void Free()
    {
        if (Base != null)
        {
            NativeMemory.Free(Base);
            Base = null;
            Length = 0;
        }
        if (_pressure > 0)
        {
            GC.RemoveMemoryPressure(_pressure);
            _pressure = 0;
        }
    }

    /// <summary>Frees the native memory if the owner did not.</summary>
    ~Memory() => Free();
}
