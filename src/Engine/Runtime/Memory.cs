using System.Runtime.InteropServices;

namespace Wasm;

/// <summary>
/// A linear memory: native memory of whole 64 KiB pages. Where the system allows (64-bit Linux and Windows) the
/// memory reserves address space for its maximum size up front (bounded by <see cref="EngineConfig.MemoryReservation"/>)
/// and commits pages as it grows, so its base never moves and untouched pages cost nothing; elsewhere, or when the
/// reservation fails, growth allocates a larger block and copies. Compiled code keeps <see cref="Base"/> and
/// <see cref="Length"/> in locals and reloads them after anything that can grow the memory.
/// </summary>
public sealed unsafe partial class Memory : Extern, IDisposable
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

    /// <summary>The address space a memory reserves when no engine says otherwise: 4 GiB, all a 32-bit memory can
    /// address.</summary>
    public const ulong DefaultReservation = 4UL << 30;

    // Read by compiled code (fields, not properties, so IL loads them directly).
    internal byte* Base;
    internal ulong Length;

    private readonly ulong _maxPages;

    /// <summary>Bytes of address space reserved at <see cref="Base"/> (pages committed up to <see cref="Length"/>);
    /// 0 when the memory lives in an ordinary heap block instead.</summary>
    private ulong _reserved;

    /// <summary>For a shared memory in a heap block: the block holds the whole maximum, so it never moves.</summary>
    private ulong _capacity;

    /// <summary>Growth of at least this many bytes allocates a new zeroed block instead of clearing in place.</summary>
    private const ulong LargeGrowth = 1 << 20;

    /// <summary>Creates a memory of <c>type.Limits.Min</c> zeroed pages.</summary>
    /// <exception cref="ArgumentException">The limits are not valid for the memory's address type, or a shared
    /// memory has no maximum.</exception>
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
        if (type.Shared && type.Limits.Max is null)
            throw new ArgumentException("shared memory must have maximum size", nameof(type));
        _maxPages = max;
        Type = type;
        Owner = owner;
        if (type.Limits.Min > MaxBytes / PageSize)
            throw new ResourceLimitException($"memory of {type.Limits.Min} pages is larger than this engine can allocate");
        var initial = type.Limits.Min * PageSize;
        if (initial > 0 && owner?.Limiter is { } limiter && !limiter.MemoryGrowing(this, 0, initial, MaximumBytes))
            throw new ResourceLimitException($"memory of {initial} bytes exceeds the store's limit");
        var reservation = owner?.EngineRef.Config.MemoryReservation ?? DefaultReservation;
        var wanted = Math.Max(initial, Math.Min(Math.Min(max, MaxBytes / PageSize) * PageSize, reservation));
        if (!TryReserve(wanted, initial))
        {
            // A shared memory's block must hold its maximum from the start: other threads keep using its base.
            var capacity = type.Shared ? Math.Min(max, MaxBytes / PageSize) * PageSize : initial;
            try
            {
                // One zeroed allocation; a zero-length memory still gets a valid pointer.
                Base = (byte*)NativeMemory.AllocZeroed((nuint)Math.Max(capacity, 1));
            }
            catch (OutOfMemoryException)
            {
                throw new ResourceLimitException($"memory of {capacity} bytes could not be allocated");
            }
            if (type.Shared) _capacity = capacity;
        }
        Length = initial;
        AddPressure(Length);
    }

    /// <summary>Reserves <paramref name="bytes"/> of address space and commits the first <paramref name="commit"/>.</summary>
    private bool TryReserve(ulong bytes, ulong commit)
    {
        bytes = Math.Max(bytes, PageSize);
        if (!VirtualMemory.TryReserve(bytes, out var address)) return false;
        if (!VirtualMemory.Commit(address, commit))
        {
            VirtualMemory.Release(address, bytes);
            return false;
        }
        Base = address;
        _reserved = bytes;
        return true;
    }

    /// <summary>Native bytes this memory holds (counted in <see cref="s_nativeBytes"/>): memories dropped without
    /// <see cref="Dispose"/> are freed by their finalizer, so the collector must know what they hold to run often
    /// enough in a host that instantiates and drops modules continually.</summary>
    private long _pressure;

    /// <summary>Native bytes held by all live memories of the process.</summary>
    private static long s_nativeBytes;

    /// <summary>The part of <see cref="s_nativeBytes"/> reported to the GC with <see cref="GC.AddMemoryPressure"/>.</summary>
    private static long s_reportedBytes;

    private static readonly object s_pressureLock = new();

    /// <summary>
    /// Native bytes of memories the collector is not told about: only what all live memories hold beyond this is
    /// reported. Reported pressure makes the collector run full collections as a guest grows its memory (one to
    /// three in a sightglass run, each pausing the guest 1-7 ms, their background work taking the core the tier-up
    /// thread compiles on), which only pays when dropped memories have piled up; this bounds how much may pile up
    /// before it does (docs/engine.md).
    /// </summary>
    internal const long UnreportedBytes = 128L * 1024 * 1024;

    /// <summary>Native bytes held by all memories not yet freed, process-wide: what a host that drops instances
    /// without disposing them waits for the collector to reclaim.</summary>
    internal static long NativeBytesInUse => Interlocked.Read(ref s_nativeBytes);

    /// <summary>Native bytes reported to the collector as memory pressure, process-wide.</summary>
    internal static long ReportedBytes => Interlocked.Read(ref s_reportedBytes);

    private void AddPressure(ulong bytes)
    {
        if (bytes == 0) return;
        var amount = (long)Math.Min(bytes, long.MaxValue - (ulong)_pressure);
        _pressure += amount;
        ChangeNativeBytes(amount);
    }

    /// <summary>Counts <paramref name="delta"/> native bytes and brings the pressure reported to the collector to
    /// what all memories hold beyond <see cref="UnreportedBytes"/>.</summary>
    private static void ChangeNativeBytes(long delta)
    {
        long change;
        lock (s_pressureLock)
        {
            s_nativeBytes += delta;
            var reported = Math.Max(0, s_nativeBytes - UnreportedBytes);
            change = reported - s_reportedBytes;
            s_reportedBytes = reported;
        }
        // Outside the lock: adding pressure may run a collection, whose finalizers free memories and take it.
        if (change > 0) GC.AddMemoryPressure(change);
        else if (change < 0) GC.RemoveMemoryPressure(-change);
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

    /// <summary>Serializes growth of a shared memory, which any thread may grow.</summary>
    private readonly Lock _growLock = new();

    /// <summary>Grows by <paramref name="deltaPages"/> zeroed pages; returns the old size in pages, or -1 when
    /// the maximum would be exceeded or the owning store's <see cref="Store.Limiter"/> refuses (the memory is then
    /// unchanged). A shared memory grows only within the address space it reserved, so that its base never
    /// moves.</summary>
    public long Grow(ulong deltaPages)
    {
        if (!Type.Shared) return GrowUnshared(deltaPages);
        lock (_growLock) return GrowUnshared(deltaPages);
    }

    private long GrowUnshared(ulong deltaPages)
    {
        var old = Pages;
        if (deltaPages > _maxPages - old) return -1;
        if (deltaPages == 0) return (long)old;
        if (old + deltaPages > MaxBytes / PageSize) return -1;
        var newLength = (old + deltaPages) * PageSize;
        if (Type.Shared && newLength > Math.Max(_reserved, _capacity)) return -1;
        if (Owner?.Limiter is { } limiter && !limiter.MemoryGrowing(this, Length, newLength, MaximumBytes)) return -1;
        if (_capacity != 0)
        {
            // Already allocated (and zeroed) up to the maximum.
        }
        else if (newLength <= _reserved)
        {
            // Committing fails when the system is out of memory or of mappings: an unshared memory may still
            // move to a heap block.
            if (!VirtualMemory.Commit(Base + Length, newLength - Length) && (Type.Shared || !Relocate(newLength, reserve: false)))
                return -1;
        }
        else if (!Relocate(newLength, reserve: true)) return -1;
        AddPressure(newLength - Length);
        Volatile.Write(ref Length, newLength);
        return (long)old;
    }

    /// <summary>Moves an unshared memory to a block of at least <paramref name="newLength"/> bytes: a larger
    /// reservation when the old one is full (doubling, so repeated growth copies little), else a heap block.</summary>
    private bool Relocate(ulong newLength, bool reserve)
    {
        if (_reserved != 0)
        {
            var limit = Math.Min(_maxPages, MaxBytes / PageSize) * PageSize;
            var bytes = Math.Max(newLength, Math.Min(_reserved * 2, limit));
            if (reserve && VirtualMemory.TryReserve(bytes, out var address))
            {
                if (VirtualMemory.Commit(address, newLength))
                {
                    Buffer.MemoryCopy(Base, address, newLength, Length);
                    VirtualMemory.Release(Base, _reserved);
                    Base = address;
                    _reserved = bytes;
                    return true;
                }
                VirtualMemory.Release(address, bytes);
            }
            // No larger reservation: continue in a heap block.
            byte* block;
            try
            {
                block = (byte*)NativeMemory.AllocZeroed((nuint)newLength);
            }
            catch (OutOfMemoryException)
            {
                return false;
            }
            Buffer.MemoryCopy(Base, block, newLength, Length);
            VirtualMemory.Release(Base, _reserved);
            Base = block;
            _reserved = 0;
            return true;
        }
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
            return false;
        }
        Base = grown;
        return true;
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
            if (_reserved != 0) VirtualMemory.Release(Base, _reserved);
            else NativeMemory.Free(Base);
            Base = null;
            Length = 0;
            _reserved = 0;
        }
        if (_pressure > 0)
        {
            ChangeNativeBytes(-_pressure);
            _pressure = 0;
        }
    }

    /// <summary>Frees the native memory if the owner did not.</summary>
    ~Memory() => Free();
}
