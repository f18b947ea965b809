namespace Wasm;

/// <summary>Base of every error the engine reports for bad input or a failing guest.</summary>
public abstract class WasmException : Exception
{
    /// <summary>Creates the exception.</summary>
    protected WasmException(string message, Exception? inner = null) : base(message, inner) { }
}

/// <summary>
/// A module's bytes do not follow the binary format (or its text does not parse). <see cref="Reason"/> uses the
/// spec's wording, e.g. "unexpected end" or "integer too large".
/// </summary>
public class MalformedModuleException : WasmException
{
    /// <summary>Creates the exception.</summary>
    public MalformedModuleException(string reason, long offset)
        : base($"{reason} (at offset 0x{offset:x})")
    {
        Reason = reason;
        Offset = offset;
    }

    /// <summary>Creates the exception with a message already formatted by a subclass.</summary>
    protected MalformedModuleException(string reason, long offset, string message) : base(message)
    {
        Reason = reason;
        Offset = offset;
    }

    /// <summary>The spec's wording of the problem, without location.</summary>
    public string Reason { get; }

    /// <summary>Byte offset into the module (or character offset into the text).</summary>
    public long Offset { get; }
}

/// <summary>A module decodes but fails validation, e.g. "type mismatch" or "unknown function".</summary>
public sealed class InvalidModuleException : WasmException
{
    /// <summary>Creates the exception.</summary>
    public InvalidModuleException(string reason, long offset)
        : base($"{reason} (at offset 0x{offset:x})")
    {
        Reason = reason;
        Offset = offset;
    }

    /// <summary>The spec's wording of the problem, without location.</summary>
    public string Reason { get; }

    /// <summary>Byte offset of the offending construct.</summary>
    public long Offset { get; }
}

/// <summary>
/// Input uses a WebAssembly proposal this engine does not implement (yet). Distinct from malformed and invalid,
/// so tools can say which feature is missing.
/// </summary>
public sealed class UnsupportedFeatureException : WasmException
{
    /// <summary>Creates the exception.</summary>
    public UnsupportedFeatureException(string proposal, long offset)
        : base($"the {proposal} proposal is not supported (at offset 0x{offset:x})")
    {
        Proposal = proposal;
        Offset = offset;
    }

    /// <summary>The proposal's name, e.g. "simd", "gc", "multi-memory".</summary>
    public string Proposal { get; }

    /// <summary>Byte offset (or text offset) where it was first needed.</summary>
    public long Offset { get; }
}

/// <summary>Instantiation failed while resolving imports: "unknown import" or "incompatible import type".</summary>
public sealed class LinkException : WasmException
{
    /// <summary>Creates the exception.</summary>
    public LinkException(string reason, string module, string name)
        : base($"{reason}: {module}::{name}")
    {
        Reason = reason;
        Module = module;
        Name = name;
    }

    /// <summary>Creates the exception with a complete message (for imports not named <c>module::name</c>).</summary>
    public LinkException(string message)
        : base(message)
    {
        Reason = message;
        Module = "";
        Name = "";
    }

    /// <summary>The spec's wording.</summary>
    public string Reason { get; }

    /// <summary>Import module name.</summary>
    public string Module { get; }

    /// <summary>Import field name.</summary>
    public string Name { get; }
}

/// <summary>
/// Instantiation would exceed a store's resource limits (<see cref="Store.Limiter"/>): too many instances, memories
/// or tables, or a memory or table whose initial size the limiter refuses. Also thrown when a memory or table is
/// larger than the engine can allocate (<see cref="Memory.MaxBytes"/>, <see cref="Table.MaxElements"/>, or the
/// allocation fails), which a 64-bit memory or table can declare. Nothing was run; resources allocated before the
/// check stay counted.
/// </summary>
public sealed class ResourceLimitException : WasmException
{
    /// <summary>Creates the exception.</summary>
    public ResourceLimitException(string message) : base(message) { }
}
