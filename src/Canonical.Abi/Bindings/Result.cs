using System.Diagnostics.CodeAnalysis;

namespace Wasm.Components.Bindings;

/// <summary>Creates <see cref="Result{T, E}"/> values.</summary>
public static class Result
{
    /// <summary>A successful result.</summary>
    public static Result<T, E> Ok<T, E>(T value) => Result<T, E>.Ok(value);

    /// <summary>A failed result.</summary>
    public static Result<T, E> Err<T, E>(E error) => Result<T, E>.Err(error);
}

/// <summary>
/// A WIT <c>result&lt;T, E&gt;</c>: either <see cref="Value"/> (<c>ok</c>) or <see cref="Error"/> (<c>err</c>).
/// A missing payload is <see cref="Unit"/>. Deconstruct with <see cref="TryGetValue(out T, out E)"/> or the
/// <see cref="IsOk"/> property pattern: <c>if (r is { IsOk: true, Value: var v })</c>.
/// <c>default</c> is <c>ok</c> with a default value.
/// </summary>
/// <typeparam name="T">The success payload.</typeparam>
/// <typeparam name="E">The error payload.</typeparam>
public readonly struct Result<T, E> : IEquatable<Result<T, E>>
{
    private readonly T _value;
    private readonly E _error;
    private readonly bool _isErr;

    private Result(T value, E error, bool isErr)
    {
        _value = value;
        _error = error;
        _isErr = isErr;
    }

    /// <summary>A successful result.</summary>
    public static Result<T, E> Ok(T value) => new(value, default!, false);

    /// <summary>A failed result.</summary>
    public static Result<T, E> Err(E error) => new(default!, error, true);

    /// <summary>Whether this is <c>ok</c>.</summary>
    public bool IsOk => !_isErr;

    /// <summary>Whether this is <c>err</c>.</summary>
    public bool IsErr => _isErr;

    /// <summary>The success payload.</summary>
    /// <exception cref="InvalidOperationException">The result is an error.</exception>
    public T Value => _isErr ? throw new InvalidOperationException($"The result is an error: {_error}") : _value;

    /// <summary>The error payload.</summary>
    /// <exception cref="InvalidOperationException">The result is not an error.</exception>
    public E Error => _isErr ? _error : throw new InvalidOperationException("The result is not an error.");

    /// <summary>Gets the success payload, or the error when the result failed.</summary>
    public bool TryGetValue([MaybeNullWhen(false)] out T value, [MaybeNullWhen(true)] out E error)
    {
        value = _value;
        error = _error;
        return !_isErr;
    }

    /// <summary>Gets the success payload when the result is <c>ok</c>.</summary>
    public bool TryGetValue([MaybeNullWhen(false)] out T value)
    {
        value = _value;
        return !_isErr;
    }

    /// <summary>Gets the error payload when the result is <c>err</c>.</summary>
    public bool TryGetError([MaybeNullWhen(false)] out E error)
    {
        error = _error;
        return _isErr;
    }

    /// <summary>Applies <paramref name="ok"/> or <paramref name="err"/> to the payload.</summary>
    public TOut Match<TOut>(Func<T, TOut> ok, Func<E, TOut> err)
    {
        ArgumentNullException.ThrowIfNull(ok);
        ArgumentNullException.ThrowIfNull(err);
        return _isErr ? err(_error) : ok(_value);
    }

    /// <inheritdoc/>
    public bool Equals(Result<T, E> other) =>
        _isErr == other._isErr
        && (_isErr ? EqualityComparer<E>.Default.Equals(_error, other._error) : EqualityComparer<T>.Default.Equals(_value, other._value));

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Result<T, E> other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => _isErr ? HashCode.Combine(1, _error) : HashCode.Combine(0, _value);

    /// <inheritdoc/>
    public override string ToString() => _isErr ? $"Err({_error})" : $"Ok({_value})";

    /// <summary>Compares kind and payload.</summary>
    public static bool operator ==(Result<T, E> left, Result<T, E> right) => left.Equals(right);

    /// <summary>Compares kind and payload.</summary>
    public static bool operator !=(Result<T, E> left, Result<T, E> right) => !left.Equals(right);
}
