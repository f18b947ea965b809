namespace Wasm;

/// <summary>A table of references (functions or host objects).</summary>
public sealed class Table : Extern
{
    /// <summary>Most elements a table may hold in this engine.</summary>
    public const uint MaxElements = 10_000_000;

    // Read by compiled code: Elements.Length is the table's size.
    internal object?[] Elements;
    private readonly ulong _max;

    /// <summary>Creates a table of <c>type.Limits.Min</c> elements, all <paramref name="init"/>.</summary>
    /// <exception cref="ArgumentException">The initial size exceeds <see cref="MaxElements"/>.</exception>
    public Table(TableType type, object? init = null) : this(type, init, null) { }

    /// <summary>Creates a table owned by <paramref name="owner"/>, whose limiter must accept the initial size.</summary>
    /// <exception cref="ResourceLimitException">The owner's limiter refuses the initial size, or it exceeds
    /// <see cref="MaxElements"/>.</exception>
    internal Table(TableType type, object? init, Store? owner)
    {
        Type = type;
        Owner = owner;
        _max = type.Limits.Max ?? (type.Is64 ? ulong.MaxValue : uint.MaxValue);
        if (type.Limits.Min > MaxElements)
        {
            var message = $"table of {type.Limits.Min} elements exceeds this engine's maximum of {MaxElements}";
            if (owner is null) throw new ArgumentException(message, nameof(type));
            throw new ResourceLimitException(message);
        }
        Elements = [];
        if (type.Limits.Min > 0 && owner?.Limiter is { } limiter
            && !limiter.TableGrowing(this, 0, (uint)type.Limits.Min, MaximumElements))
            throw new ResourceLimitException($"table of {type.Limits.Min} elements exceeds the store's limit");
        Elements = new object?[type.Limits.Min];
        if (init is not null) Array.Fill(Elements, init);
    }

    /// <summary>The store whose limiter decides growth, for tables defined by an instance; null for host tables.</summary>
    internal readonly Store? Owner;

    private uint? MaximumElements => Type.Limits.Max is { } max ? (uint)Math.Min(max, uint.MaxValue) : null;

    /// <summary>The table's type as created.</summary>
    public TableType Type { get; }

    /// <inheritdoc/>
    public override ExternKind Kind => ExternKind.Table;

    /// <summary>Current number of elements.</summary>
    public uint Size => (uint)Elements.Length;

    /// <summary>Reads an element (a <see cref="Function"/>, a host object, or null).</summary>
    /// <exception cref="TrapException">Index out of bounds.</exception>
    public object? Get(uint index) =>
        index < (uint)Elements.Length ? Elements[index] : throw new TrapException(TrapCode.TableOutOfBounds);

    /// <summary>Writes an element.</summary>
    /// <exception cref="TrapException">Index out of bounds.</exception>
    /// <exception cref="ArgumentException">The value is not of the element type (e.g. null for a non-nullable one).</exception>
    public void Set(uint index, object? value)
    {
        if (index >= (uint)Elements.Length) throw new TrapException(TrapCode.TableOutOfBounds);
        var t = Type.Element;
        if (Compilation.GcOps.NeedsCheck(t) && !Compilation.GcOps.IsInstance(value, (int)t.Heap, t.TypeId, t.Nullable))
            throw new ArgumentException($"expected a {t} value, got {(value is null ? "null" : value.GetType().Name)}");
        Elements[index] = value;
    }

    /// <summary>Grows by <paramref name="delta"/> elements set to <paramref name="init"/>; returns the old size or -1 when
    /// the maximum would be exceeded or the owning store's <see cref="Store.Limiter"/> refuses.</summary>
    public int Grow(uint delta, object? init) => (int)Grow64(delta, init);

    /// <summary>Grows by <paramref name="delta"/> elements (any u64, as <c>table.grow</c> on a 64-bit table asks);
    /// returns the old size or -1.</summary>
    internal long Grow64(ulong delta, object? init)
    {
        var old = (uint)Elements.Length;
        if (delta > _max - old || delta > MaxElements - old) return -1;
        if (delta == 0) return old;
        var size = old + (uint)delta;
        if (Owner?.Limiter is { } limiter && !limiter.TableGrowing(this, old, size, MaximumElements)) return -1;
        var grown = new object?[size];
        Array.Copy(Elements, grown, old);
        if (init is not null) Array.Fill(grown, init, (int)old, (int)delta);
        Elements = grown;
        return old;
    }
}
