using Wasm.Components.Types;
using Wasm.Components.Validation;

namespace Wasm.Components;

/// <summary>
/// A decoded and validated component, ready to be instantiated any number of times with a
/// <see cref="ComponentLinker"/>. Its core modules are compiled once, when the component is loaded.
/// </summary>
public sealed partial class Component
{
    private Component(Engine engine, ValidatedComponent validated)
    {
        Engine = engine;
        Validated = validated;
    }

    /// <summary>The engine that compiled the component's core modules.</summary>
    public Engine Engine { get; }

    /// <summary>The validated definitions.</summary>
    internal ValidatedComponent Validated { get; }

    /// <summary>The component's type: what it imports and exports.</summary>
    public ComponentType Type => Validated.Type;

    /// <summary>Decodes, validates and compiles a component binary.</summary>
    /// <exception cref="MalformedModuleException">The binary is malformed (the message gives the byte offset).</exception>
    /// <exception cref="InvalidModuleException">The component is invalid.</exception>
    /// <exception cref="UnsupportedFeatureException">The component uses a feature this runtime lacks (async, threads, GC).</exception>
    /// <remarks>
    /// A valid component whose root imports or exports a component is rejected too, as Wasmtime does: there is
    /// no way to supply or use one from the host.
    /// </remarks>
    public static Component FromBytes(Engine engine, ReadOnlySpan<byte> bytes, ComponentFeatures? features = null)
    {
        var ast = Binary.ComponentDecoder.Decode(bytes.ToArray());
        var validated = ComponentValidator.Validate(engine, ast, features ?? ComponentFeatures.Default);
        CheckRuntimeRestrictions(ast);
        return new Component(engine, validated);
    }

    /// <summary>Loads a component binary (or, for <c>.wat</c> files, component text) from a file.</summary>
    public static Component FromFile(Engine engine, string path)
    {
        if (path.EndsWith(".wat", StringComparison.OrdinalIgnoreCase))
            return FromBytes(engine, Text.ComponentWat.ToBinary(File.ReadAllText(path), path));
        return FromBytes(engine, File.ReadAllBytes(path));
    }

    /// <summary>Parses a component in the text format (<c>(component ...)</c>) and loads it.</summary>
    /// <exception cref="Wasm.Text.TextFormatException">The text is malformed.</exception>
    public static Component FromText(Engine engine, string text) => FromBytes(engine, Text.ComponentWat.ToBinary(text));

    /// <summary>Checks that bytes are a valid component without keeping the result.</summary>
    public static void Validate(Engine engine, ReadOnlySpan<byte> bytes, ComponentFeatures? features = null) => FromBytes(engine, bytes, features);

    /// <summary>True when the bytes start with the component preamble (rather than a core module's).</summary>
    public static bool IsComponent(ReadOnlySpan<byte> bytes) => Binary.ComponentDecoder.IsComponent(bytes);

    /// <summary>The component as a closure with no enclosing scope.</summary>
    internal ComponentClosure Closure => new(Validated, null);
}
