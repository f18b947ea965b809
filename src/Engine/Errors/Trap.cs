namespace Wasm;

/// <summary>Why a guest trapped. The messages are the spec test suite's wording.</summary>
public enum TrapCode : byte
{
    /// <summary>"unreachable"</summary>
    Unreachable,
    /// <summary>"integer divide by zero"</summary>
    IntegerDivideByZero,
    /// <summary>"integer overflow"</summary>
    IntegerOverflow,
    /// <summary>"invalid conversion to integer"</summary>
    InvalidConversionToInteger,
    /// <summary>"out of bounds memory access"</summary>
    MemoryOutOfBounds,
    /// <summary>"out of bounds table access"</summary>
    TableOutOfBounds,
    /// <summary>"undefined element"</summary>
    UndefinedElement,
    /// <summary>"uninitialized element"</summary>
    UninitializedElement,
    /// <summary>"indirect call type mismatch"</summary>
    IndirectCallTypeMismatch,
    /// <summary>"call stack exhausted"</summary>
    StackOverflow,
    /// <summary>"null reference"</summary>
    NullReference,
    /// <summary>"all fuel consumed by WebAssembly": the store ran out of fuel.</summary>
    OutOfFuel,
    /// <summary>"interrupt": the store's epoch deadline passed.</summary>
    Interrupted,
    /// <summary>A host function broke its contract (e.g. an untyped callback returned values of the wrong type).
    /// An exception a host function throws is not a trap: it reaches the caller unchanged.</summary>
    HostError,
    /// <summary>A component broke a rule of the canonical ABI (a bad pointer, string, discriminant or handle, a
    /// reentrant call, a poisoned instance); the message says which.</summary>
    CanonicalAbi,
    /// <summary>"null function reference": <c>call_ref</c> or <c>return_call_ref</c> on null.</summary>
    NullFunctionReference,
    /// <summary>"null structure reference": a struct access on null (GC).</summary>
    NullStructReference,
    /// <summary>"null array reference": an array access on null (GC).</summary>
    NullArrayReference,
    /// <summary>"null i31 reference": <c>i31.get_s</c>/<c>i31.get_u</c> on null (GC).</summary>
    NullI31Reference,
    /// <summary>"out of bounds array access" (GC).</summary>
    ArrayOutOfBounds,
    /// <summary>"cast failure": <c>ref.cast</c> of a reference not of the target type (GC).</summary>
    CastFailure,
    /// <summary>"allocation too large": an array longer than the runtime can hold (GC).</summary>
    AllocationTooLarge,
    /// <summary>"unaligned atomic": an atomic access whose effective address is not a multiple of its size.</summary>
    UnalignedAtomic,
    /// <summary>"expected shared memory": <c>memory.atomic.wait32</c>/<c>wait64</c> on an unshared memory, where
    /// nothing could ever wake the waiter.</summary>
    ExpectedSharedMemory,
}

/// <summary>The one exception type for a guest trap. Nothing else escapes from compiled code as a trap.</summary>
public sealed class TrapException : WasmException
{
    /// <summary>Creates a trap.</summary>
    public TrapException(TrapCode code, Exception? inner = null) : base(MessageOf(code), inner) => Code = code;

    /// <summary>Creates a trap with a custom message (host errors).</summary>
    public TrapException(TrapCode code, string message, Exception? inner = null) : base(message, inner) => Code = code;

    /// <summary>The reason.</summary>
    public TrapCode Code { get; }

    /// <summary>The spec wording for a code.</summary>
    public static string MessageOf(TrapCode code) => code switch
    {
        TrapCode.Unreachable => "unreachable",
        TrapCode.IntegerDivideByZero => "integer divide by zero",
        TrapCode.IntegerOverflow => "integer overflow",
        TrapCode.InvalidConversionToInteger => "invalid conversion to integer",
        TrapCode.MemoryOutOfBounds => "out of bounds memory access",
        TrapCode.TableOutOfBounds => "out of bounds table access",
        TrapCode.UndefinedElement => "undefined element",
        TrapCode.UninitializedElement => "uninitialized element",
        TrapCode.IndirectCallTypeMismatch => "indirect call type mismatch",
        TrapCode.StackOverflow => "call stack exhausted",
        TrapCode.NullReference => "null reference",
        TrapCode.OutOfFuel => "all fuel consumed by WebAssembly",
        TrapCode.Interrupted => "interrupt",
        TrapCode.CanonicalAbi => "canonical ABI violation",
        TrapCode.NullFunctionReference => "null function reference",
        TrapCode.NullStructReference => "null structure reference",
        TrapCode.NullArrayReference => "null array reference",
        TrapCode.NullI31Reference => "null i31 reference",
        TrapCode.ArrayOutOfBounds => "out of bounds array access",
        TrapCode.CastFailure => "cast failure",
        TrapCode.AllocationTooLarge => "allocation too large",
        TrapCode.UnalignedAtomic => "unaligned atomic",
        TrapCode.ExpectedSharedMemory => "expected shared memory",
        _ => "host error",
    };
}
