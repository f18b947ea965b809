using Wasm.Components.Types;

namespace Wasm.Components;

/// <summary>
/// A decoded and validated component, ready to be instantiated any number of times with a
/// <see cref="ComponentLinker"/>. Its core modules are compiled once, when the component is loaded.
/// </summary>
public sealed partial class Component
{
    /// <summary>The engine that compiled the component's core modules.</summary>
    public Engine Engine { get; } = null!;

    /// <summary>The component's type: what it imports and exports.</summary>
    public ComponentType Type { get; } = null!;

    /// <summary>Decodes, validates and compiles a component binary.</summary>
    /// <exception cref="MalformedModuleException">The binary is malformed (the message gives the byte offset).</exception>
    /// <exception cref="InvalidModuleException">The component is invalid.</exception>
    public static Component FromBytes(Engine engine, ReadOnlySpan<byte> bytes) => throw new NotImplementedException();

    /// <summary>Loads a component binary from a file.</summary>
    public static Component FromFile(Engine engine, string path) => FromBytes(engine, File.ReadAllBytes(path));

    /// <summary>Parses a component in the text format (<c>(component ...)</c>) and loads it.</summary>
    /// <exception cref="Wasm.Text.TextFormatException">The text is malformed.</exception>
    public static Component FromText(Engine engine, string text) => throw new NotImplementedException();
}
