namespace Wasm.Components.Bindings;

/// <summary>
/// The <c>err</c> case of a WIT <c>result</c>, as an exception: what bindings generated with results as exceptions
/// (<c>WitResultAs="exception"</c>) throw when an exported function returns <c>err</c>, and what a host implementing an
/// import throws to return <c>err</c>. Catch <see cref="ResultException{E}"/> for the typed payload.
/// </summary>
public abstract class ResultException : Exception
{
    private protected ResultException(string message)
        : base(message)
    {
    }

    /// <summary>The error payload, boxed (<see cref="Unit"/> for a <c>result</c> without an error type).</summary>
    public abstract object? ErrorValue { get; }
}

/// <summary>The <c>err</c> case of a WIT <c>result&lt;T, E&gt;</c>, carrying the error payload <see cref="Error"/>.</summary>
/// <typeparam name="E">The error payload; <see cref="Unit"/> when the result has no error type.</typeparam>
public sealed class ResultException<E> : ResultException
{
    /// <summary>An <c>err</c> carrying <paramref name="error"/>.</summary>
    public ResultException(E error)
        : base($"The result is an error: {error}")
    {
        Error = error;
    }

    /// <summary>The error payload.</summary>
    public E Error { get; }

    /// <inheritdoc/>
    public override object? ErrorValue => Error;
}
