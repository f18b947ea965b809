using Wasm.Binary;
using Wasm.Compilation;
using Wasm.Model;
using Wasm.Validation;

namespace Wasm;

/// <summary>An import a module declares.</summary>
/// <param name="Module">The module name.</param>
/// <param name="Name">The field name.</param>
/// <param name="Kind">What is imported.</param>
/// <param name="Type">A <see cref="FuncType"/>, <see cref="TableType"/>, <see cref="MemoryType"/>, <see cref="GlobalType"/> or <see cref="TagType"/>.</param>
public sealed record ModuleImport(string Module, string Name, ExternKind Kind, object Type);

/// <summary>An export a module declares.</summary>
/// <param name="Name">The export name.</param>
/// <param name="Kind">What is exported.</param>
/// <param name="Type">A <see cref="FuncType"/>, <see cref="TableType"/>, <see cref="MemoryType"/>, <see cref="GlobalType"/> or <see cref="TagType"/>.</param>
public sealed record ModuleExport(string Name, ExternKind Kind, object Type);

/// <summary>A validated, compiled module, ready to instantiate any number of times.</summary>
public sealed class Module
{
    internal readonly ModuleInfo Info;
    internal readonly CompiledCode Code;

    private Module(Engine engine, ModuleInfo info, CompiledCode code)
    {
        Engine = engine;
        Info = info;
        Code = code;
        Imports = info.Imports.Select(i => new ModuleImport(i.Module, i.Name, i.Kind, i.Kind switch
        {
            ExternKind.Func => info.Types[(int)i.TypeIndex],
            ExternKind.Tag => new TagType(info.Types[(int)i.TypeIndex]),
            ExternKind.Table => i.Table,
            ExternKind.Memory => i.Memory,
            _ => (object)i.Global,
        })).ToArray();
        Exports = info.Exports.Select(e => new ModuleExport(e.Name, e.Kind, e.Kind switch
        {
            ExternKind.Func => info.FuncTypeOf(e.Index),
            ExternKind.Table => info.Tables[(int)e.Index],
            ExternKind.Memory => info.Memories[(int)e.Index],
            ExternKind.Tag => new TagType(info.Types[(int)info.TagTypeIndices[(int)e.Index]]),
            _ => (object)info.Globals[(int)e.Index].Type,
        })).ToArray();
    }

    /// <summary>The engine the module was compiled for.</summary>
    public Engine Engine { get; }

    /// <summary>Declared imports, in order.</summary>
    public IReadOnlyList<ModuleImport> Imports { get; }

    /// <summary>Declared exports, in order.</summary>
    public IReadOnlyList<ModuleExport> Exports { get; }

    /// <summary>Decodes, validates and compiles a binary module.</summary>
    /// <exception cref="MalformedModuleException">The bytes are not a well-formed module.</exception>
    /// <exception cref="InvalidModuleException">The module does not validate.</exception>
    /// <exception cref="UnsupportedFeatureException">The module uses a proposal this engine lacks.</exception>
    public static Module FromBytes(Engine engine, ReadOnlySpan<byte> bytes)
    {
        var info = ModuleDecoder.Decode(bytes.ToArray());
        ModuleValidator.Validate(info);
        return new Module(engine, info, ModuleCompilation.Compile(engine, info));
    }

    /// <summary>Reads a binary (or, for <c>.wat</c> files, text) module from a file.</summary>
    public static Module FromFile(Engine engine, string path)
    {
        if (path.EndsWith(".wat", StringComparison.OrdinalIgnoreCase))
            return FromText(engine, File.ReadAllText(path));
        return FromBytes(engine, File.ReadAllBytes(path));
    }

    /// <summary>Parses a module in the text format and compiles it.</summary>
    /// <exception cref="MalformedModuleException">The text does not parse (a <c>TextFormatException</c> with line and column).</exception>
    public static Module FromText(Engine engine, string text) => FromBytes(engine, Text.Wat.ToBinary(text));

    /// <summary>Decodes and validates a binary module without compiling it.</summary>
    /// <exception cref="MalformedModuleException">The bytes are not a well-formed module.</exception>
    /// <exception cref="InvalidModuleException">The module does not validate.</exception>
    public static void Validate(ReadOnlySpan<byte> bytes) => ModuleValidator.Validate(ModuleDecoder.Decode(bytes.ToArray()));
}
