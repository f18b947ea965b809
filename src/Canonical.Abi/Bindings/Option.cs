using System.Diagnostics.CodeAnalysis;

namespace Wasm.Components.Bindings;

/// <summary>Creates <see cref="Option{T}"/> values with the type argument inferred.</summary>
public static class Option
{
    /// <summary>An option holding <paramref name="value"/>.</summary>
    public static Option<T> Some<T>(T value) => new(value);
}

/// <summary>
/// A WIT <c>option&lt;T&gt;</c> where <c>T?</c> cannot express it: when <typeparamref name="T"/> is itself
/// nullable (<c>option&lt;option&lt;u32&gt;&gt;</c> is <c>Option&lt;uint?&gt;</c>), <c>none</c> and
/// <c>some(none)</c> stay distinct. <c>default</c> is <c>none</c>.
/// </summary>
/// <typeparam name="T">The payload type.</typeparam>
public readonly struct Option<T> : IEquatable<Option<T>>
{
    private readonly T _value;

    /// <summary>An option holding <paramref name="value"/>.</summary>
    public Option(T value)
    {
        _value = value;
        HasValue = true;
    }

    /// <summary>The empty option.</summary>
    public static Option<T> None => default;

    /// <summary>Whether a value is present (<c>some</c>).</summary>
    public bool HasValue { get; }

    /// <summary>The value.</summary>
    /// <exception cref="InvalidOperationException">The option is <c>none</c>.</exception>
    public T Value => HasValue ? _value : throw new InvalidOperationException("The option has no value.");

    /// <summary>Gets the value when present.</summary>
    public bool TryGetValue([MaybeNullWhen(false)] out T value)
    {
        value = _value;
        return HasValue;
    }

    /// <summary>The value, or <paramref name="fallback"/> when the option is <c>none</c>.</summary>
    public T GetValueOrDefault(T fallback) => HasValue ? _value : fallback;

    /// <summary>Wraps a value.</summary>
    public static implicit operator Option<T>(T value) => new(value);

    /// <inheritdoc/>
    public bool Equals(Option<T> other) =>
        HasValue == other.HasValue && (!HasValue || EqualityComparer<T>.Default.Equals(_value, other._value));

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Option<T> other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HasValue ? HashCode.Combine(true, _value) : 0;

    /// <inheritdoc/>
    public override string ToString() => HasValue ? $"Some({_value})" : "None";

    /// <summary>Compares two options by presence and value.</summary>
    public static bool operator ==(Option<T> left, Option<T> right) => left.Equals(right);

    /// <summary>Compares two options by presence and value.</summary>
    public static bool operator !=(Option<T> left, Option<T> right) => !left.Equals(right);
}
