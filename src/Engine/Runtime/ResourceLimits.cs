namespace Wasm;

/// <summary>
/// Decides, for one <see cref="Store"/>, whether its memories and tables may grow and how many instances,
/// memories and tables instantiation may create in it. Set with <see cref="Store.Limiter"/>.
/// </summary>
/// <remarks>
/// The growth callbacks are asked for every request that the resource's own maximum allows: when a memory or table
/// is created by instantiation (from 0 to its initial size; refusing makes instantiation throw
/// <see cref="ResourceLimitException"/>), for the guest's <c>memory.grow</c> and <c>table.grow</c> (refusing makes
/// them return -1) and for <see cref="Memory.Grow"/> and <see cref="Table.Grow"/> called by the host (which then
/// return -1). Requests to grow by zero are not passed on. An exception thrown by a callback propagates to the
/// caller of the guest code. Memories and tables the host creates with their public constructors belong to no
/// store and are never limited.
/// </remarks>
public interface IResourceLimiter
{
    /// <summary>Whether <paramref name="memory"/> may grow from <paramref name="currentBytes"/> to
    /// <paramref name="desiredBytes"/>; <paramref name="maximumBytes"/> is its declared maximum, if any.</summary>
    bool MemoryGrowing(Memory memory, ulong currentBytes, ulong desiredBytes, ulong? maximumBytes);

    /// <summary>Whether <paramref name="table"/> may grow from <paramref name="currentElements"/> to
    /// <paramref name="desiredElements"/>; <paramref name="maximumElements"/> is its declared maximum, if any.</summary>
    bool TableGrowing(Table table, uint currentElements, uint desiredElements, uint? maximumElements);

    /// <summary>Most instances the store may hold (including failed instantiations that got as far as allocating).</summary>
    int Instances => int.MaxValue;

    /// <summary>Most memories instantiation may define in the store (imported ones are not counted again).</summary>
    int Memories => int.MaxValue;

    /// <summary>Most tables instantiation may define in the store (imported ones are not counted again).</summary>
    int Tables => int.MaxValue;
}

/// <summary>
/// Static limits for a store, built with <see cref="StoreLimitsBuilder"/>: bytes per linear memory, elements per
/// table, and counts of instances, memories and tables. Unset limits are unlimited.
/// </summary>
public sealed class StoreLimits : IResourceLimiter
{
    internal StoreLimits(ulong? memorySize, uint? tableElements, int instances, int memories, int tables)
    {
        MemorySize = memorySize;
        TableElements = tableElements;
        Instances = instances;
        Memories = memories;
        Tables = tables;
    }

    /// <summary>Most bytes any one linear memory may have, or null.</summary>
    public ulong? MemorySize { get; }

    /// <summary>Most elements any one table may have, or null.</summary>
    public uint? TableElements { get; }

    /// <inheritdoc/>
    public int Instances { get; }

    /// <inheritdoc/>
    public int Memories { get; }

    /// <inheritdoc/>
    public int Tables { get; }

    /// <inheritdoc/>
    public bool MemoryGrowing(Memory memory, ulong currentBytes, ulong desiredBytes, ulong? maximumBytes) =>
        MemorySize is not { } max || desiredBytes <= max;

    /// <inheritdoc/>
    public bool TableGrowing(Table table, uint currentElements, uint desiredElements, uint? maximumElements) =>
        TableElements is not { } max || desiredElements <= max;
}

/// <summary>Builds <see cref="StoreLimits"/>: <c>new StoreLimitsBuilder().MemorySize(64 &lt;&lt; 20).Instances(1).Build()</c>.</summary>
public sealed class StoreLimitsBuilder
{
    private ulong? _memorySize;
    private uint? _tableElements;
    private int _instances = int.MaxValue, _memories = int.MaxValue, _tables = int.MaxValue;

    /// <summary>Most bytes any one linear memory may have (initially or by growing).</summary>
    public StoreLimitsBuilder MemorySize(ulong bytes) { _memorySize = bytes; return this; }

    /// <summary>Most elements any one table may have (initially or by growing).</summary>
    public StoreLimitsBuilder TableElements(uint elements) { _tableElements = elements; return this; }

    /// <summary>Most instances in the store.</summary>
    public StoreLimitsBuilder Instances(int count) { _instances = NonNegative(count); return this; }

    /// <summary>Most memories defined by instances in the store.</summary>
    public StoreLimitsBuilder Memories(int count) { _memories = NonNegative(count); return this; }

    /// <summary>Most tables defined by instances in the store.</summary>
    public StoreLimitsBuilder Tables(int count) { _tables = NonNegative(count); return this; }

    /// <summary>The limits.</summary>
    public StoreLimits Build() => new(_memorySize, _tableElements, _instances, _memories, _tables);

    private static int NonNegative(int count) =>
        count >= 0 ? count : throw new ArgumentOutOfRangeException(nameof(count), "a limit cannot be negative");
}
