namespace Wasm;

/// <summary>
/// A WebAssembly exception (exception handling's <c>throw</c>): a <see cref="Wasm.Tag"/> and its payload. It is also the
/// value of an <c>exnref</c>. Compiled code catches it with <c>try_table</c>, also after it passed through host
/// frames; when nothing catches it, it reaches the host that called into WebAssembly as this exception. A host
/// function may throw one to raise a WebAssembly exception in its caller. Traps (<see cref="TrapException"/>)
/// and other host exceptions are never caught by WebAssembly code.
/// </summary>
public sealed class GuestException : WasmException
{
    /// <summary>Creates an exception with <paramref name="tag"/> and a payload of its parameter types.</summary>
    /// <exception cref="ArgumentException">The payload does not match the tag's type.</exception>
    public GuestException(Tag tag, params Value[] payload) : this(tag, Box(tag, payload)) { }

    /// <summary>Creates an exception from payload values boxed as compiled code holds them.</summary>
    internal GuestException(Tag tag, object?[] fields) : base($"uncaught WebAssembly exception with tag {tag.Type}")
    {
        Tag = tag;
        Fields = fields;
    }

    /// <summary>The tag it was thrown with.</summary>
    public Tag Tag { get; }

    /// <summary>Handlers the exception passes by before one may catch it: set by the legacy <c>delegate</c>, which
    /// hands an exception to the handler of an outer label.</summary>
    internal int SkipHandlers;

    /// <summary>The payload, one boxed CLR value per tag parameter (int, long, float, double, Vector128, reference).</summary>
    internal readonly object?[] Fields;

    /// <summary>The payload as values of the tag's parameter types.</summary>
    public Value[] Payload
    {
        get
        {
            var types = Tag.Type.Parameters;
            var values = new Value[types.Length];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = types[i].Kind switch
                {
                    ValKind.I32 => Value.FromI32((int)Fields[i]!),
                    ValKind.I64 => Value.FromI64((long)Fields[i]!),
                    ValKind.F32 => Value.FromF32((float)Fields[i]!),
                    ValKind.F64 => Value.FromF64((double)Fields[i]!),
                    ValKind.V128 => Value.FromV128((System.Runtime.Intrinsics.Vector128<byte>)Fields[i]!),
                    _ => Value.FromRef(types[i], Fields[i]),
                };
            }
            return values;
        }
    }

    private static object?[] Box(Tag tag, Value[] payload)
    {
        var types = tag.Type.Parameters;
        if (payload.Length != types.Length)
            throw new ArgumentException($"the tag carries {types.Length} values, got {payload.Length}", nameof(payload));
        var fields = new object?[payload.Length];
        for (var i = 0; i < fields.Length; i++)
        {
            if (payload[i].Type.Kind != types[i].Kind)
                throw new ArgumentException($"payload value {i} is {payload[i].Type}, the tag expects {types[i]}", nameof(payload));
            fields[i] = payload[i].ToObject();
        }
        return fields;
    }
}
