namespace Wasm;

/// <summary>The kinds of entity a module imports or exports.</summary>
public enum ExternKind : byte
{
    /// <summary>A function.</summary>
    Func = 0,
    /// <summary>A table.</summary>
    Table = 1,
    /// <summary>A linear memory.</summary>
    Memory = 2,
    /// <summary>A global.</summary>
    Global = 3,
    /// <summary>An exception tag.</summary>
    Tag = 4,
}

/// <summary>A function signature.</summary>
public sealed class FuncType : IEquatable<FuncType>
{
    /// <summary>Creates a signature.</summary>
    public FuncType(ValType[] parameters, ValType[] results)
    {
        Parameters = parameters;
        Results = results;
    }

    /// <summary>Parameter types, in order.</summary>
    public ValType[] Parameters { get; }

    /// <summary>Result types, in order.</summary>
    public ValType[] Results { get; }

    /// <inheritdoc/>
    public bool Equals(FuncType? other) =>
        other is not null
        && Parameters.AsSpan().SequenceEqual(other.Parameters)
        && Results.AsSpan().SequenceEqual(other.Results);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as FuncType);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (var p in Parameters) h.Add(p);
        h.Add(-1);
        foreach (var r in Results) h.Add(r);
        return h.ToHashCode();
    }

    /// <summary>Text-format rendering, e.g. <c>(func (param i32) (result i64))</c>.</summary>
    public override string ToString() =>
        $"(func (param {string.Join(' ', Parameters)}) (result {string.Join(' ', Results)}))";
}

/// <summary>Size limits of a memory (in pages) or a table (in elements).</summary>
/// <param name="Min">The initial size.</param>
/// <param name="Max">The maximum size, if any.</param>
public readonly record struct Limits(ulong Min, ulong? Max)
{
    /// <summary>Import subtyping: <paramref name="actual"/> may stand where these limits are expected.</summary>
    public bool Accepts(Limits actual) =>
        actual.Min >= Min && (Max is not { } max || (actual.Max is { } am && am <= max));
}

/// <summary>The type of a table.</summary>
/// <param name="Element">The reference type of the elements.</param>
/// <param name="Limits">Size in elements.</param>
/// <param name="Is64">Indexed by i64 (table64, part of the memory64 proposal).</param>
public readonly record struct TableType(ValType Element, Limits Limits, bool Is64 = false)
{
    /// <summary>The type of element indices and sizes: i64 for 64-bit tables, else i32.</summary>
    public ValType AddressType => Is64 ? ValType.I64 : ValType.I32;
}

/// <summary>The type of a linear memory.</summary>
/// <param name="Limits">Size in pages.</param>
/// <param name="Shared">Shared between threads (threads proposal).</param>
/// <param name="Is64">Indexed by i64 (memory64 proposal).</param>
public readonly record struct MemoryType(Limits Limits, bool Shared = false, bool Is64 = false)
{
    /// <summary>The type of addresses and sizes in pages: i64 for 64-bit memories, else i32.</summary>
    public ValType AddressType => Is64 ? ValType.I64 : ValType.I32;
}

/// <summary>The type of a global.</summary>
public readonly record struct GlobalType(ValType Type, bool Mutable);

/// <summary>The type of an exception tag: the signature whose parameters are the payload (it has no results).</summary>
/// <param name="Signature">The tag's function type.</param>
public sealed record TagType(FuncType Signature);
