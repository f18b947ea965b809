namespace Wasm.Compilation;

/// <summary>Runtime side of exception handling's <c>throw</c> and <c>throw_ref</c>.</summary>
internal static class ExceptionOps
{
    /// <summary><c>throw</c>: raises a new exception with <paramref name="tag"/> and the boxed payload.</summary>
    public static Exception Throw(object?[] fields, Tag tag) => new GuestException(tag, fields);

    /// <summary><c>throw_ref</c>: raises the caught exception again; null traps.</summary>
    public static Exception ThrowRef(object? exn) =>
        exn as GuestException ?? throw new TrapException(TrapCode.NullReference);
}
