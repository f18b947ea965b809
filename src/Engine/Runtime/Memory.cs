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

    /// <summary>Most pages a 64-bit memory can declare (2^64 bytes).</summary>
    public const ulong MaxPages64 = 1UL << 48;

    /// <summary>
    /// Most bytes this engine allocates for one memory: 2^47 (128 TiB, the user address space of x64 and arm64),
    /// or 2 GiB in a 32-bit process. A 64-bit memory may declare more; creating or growing it beyond this fails
    /// like any other allocation failure. Compiled bounds checks rely on lengths staying below 2^63.
    /// </summary>
    public static readonly ulong MaxBytes = Environment.Is64BitProcess ? 1UL << 47 : int.MaxValue;

    // Read by compiled code (fields, not properties, so IL loads them directly).
    internal byte* Base;
    internal ulong Length;

    private readonly ulong _maxPages;

    /// <summary>Growth of at least this many bytes allocates a new zeroed block instead of clearing in place.</summary>
    private const ulong LargeGrowth = 1 << 20;

    /// <summary>Creates a memory of <c>type.Limits.Min</c> zeroed pages.</summary>
    /// <exception cref="ArgumentException">The limits are not valid for the memory's address type.</exception>
    /// <exception cref="ResourceLimitException">The initial size cannot be allocated.</exception>
    public Memory(MemoryType type) : this(type, null) { }

    /// <summary>Creates a memory owned by <paramref name="owner"/>, whose limiter must accept the initial size.</summary>
    /// <exception cref="ResourceLimitException">The owner's limiter refuses the initial size, or it cannot be
    /// allocated.</exception>
    internal Memory(MemoryType type, Store? owner)
    {
        var limit = type.Is64 ? MaxPages64 : MaxPages32;
        var max = type.Limits.Max ?? limit;
        if (type.Limits.Min > max || max > limit)
            throw new ArgumentException(type.Is64 ? "memory size must be at most 2^48 pages"
                : "memory size must be at most 65536 pages (4GiB)", nameof(type));
        _maxPages = max;
        Type = type;
        Owner = owner;
        if (type.Limits.Min > MaxBytes / PageSize)
            throw new ResourceLimitException($"memory of {type.Limits.Min} pages is larger than this engine can allocate");
        var initial = type.Limits.Min * PageSize;
        if (initial > 0 && owner?.Limiter is { } limiter && !limiter.MemoryGrowing(this, 0, initial, MaximumBytes))
            throw new ResourceLimitException($"memory of {initial} bytes exceeds the store's limit");
        try
        {
            // One zeroed allocation; a zero-length memory still gets a valid pointer.
            Base = (byte*)NativeMemory.AllocZeroed((nuint)Math.Max(initial, 1));
        }
        catch (OutOfMemoryException)
        {
            throw new ResourceLimitException($"memory of {initial} bytes could not be allocated");
        }
        Length = initial;
        AddPressure(Length);
    }

    /// <summary>Bytes reported to the GC with <see cref="GC.AddMemoryPressure"/>: memories dropped without
    /// <see cref="Dispose"/> are freed by their finalizer, so the collector must know what they hold to run
    /// often enough in a host that instantiates and drops modules continually.</summary>
    private long _pressure;

    /// <summary>Native bytes held by all live memories of the process (what they reported as pressure).</summary>
    private static long s_nativeBytes;

    /// <summary>Native bytes held by all memories not yet freed, process-wide: what a host that drops instances
    /// without disposing them waits for the collector to reclaim.</summary>
    internal static long NativeBytesInUse => Interlocked.Read(ref s_nativeBytes);

    private void AddPressure(ulong bytes)
    {
        if (bytes == 0) return;
        var amount = (long)Math.Min(bytes, long.MaxValue - (ulong)_pressure);
        GC.AddMemoryPressure(amount);
        Interlocked.Add(ref s_nativeBytes, amount);
        _pressure += amount;
    }

    /// <summary>The store whose limiter decides growth, for memories defined by an instance; null for host memories.</summary>
    internal readonly Store? Owner;

    // Saturates: a 64-bit memory may declare 2^48 pages, which is 2^64 bytes.
    private ulong? MaximumBytes => Type.Limits.Max is { } max ? (max >= MaxPages64 ? ulong.MaxValue : max * PageSize) : null;

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
        if (old + deltaPages > MaxBytes / PageSize) return -1;
        var newLength = (old + deltaPages) * PageSize;
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

    /// <summary>Called by compiled code for <c>memory.grow</c> on a 64-bit memory: the delta is unsigned.</summary>
    internal long GrowFromGuest64(long deltaPages) => Grow((ulong)deltaPages);

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
            Interlocked.Add(ref s_nativeBytes, -_pressure);
            _pressure = 0;
        }
    }

    /// <summary>Frees the native memory if the owner did not.</summary>
    ~Memory() => Free();
}
