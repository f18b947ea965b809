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
        var copy = bytes.ToArray();
        if (!ModuleCompilation.EmitsOnFirstCall(engine.Config))
        {
            var info = ModuleDecoder.Decode(copy);
            ModuleValidator.ValidateDeclarations(info);
            // Function bodies are validated while they are compiled.
            return new Module(engine, info, ModuleCompilation.Compile(engine, info));
        }
        ModuleInfo lazy;
        // Background compilation of other modules pauses meanwhile: this is the work someone waits for.
        using (BackgroundJit.CompilationUnderWay())
        {
            try
            {
                // Bodies emitted on first call are scanned and validated together, on two threads for a large module.
                lazy = ModuleDecoder.Decode(copy, scanBodies: false);
                ModuleValidator.Validate(lazy);
            }
            catch (WasmException)
            {
                // The error reported is the one a full decode and then validation meet first.
                ModuleValidator.Validate(ModuleDecoder.Decode(copy));
                throw;
            }
        }
        return new Module(engine, lazy, ModuleCompilation.Compile(engine, lazy));
    }

    /// <summary>
    /// Decodes, validates and compiles a binary module into a precompiled artifact (a .NET assembly plus the
    /// module and a checksummed manifest) that <see cref="FromPrecompiled"/> loads without validating or
    /// compiling again. The artifact fits only this engine build and <paramref name="engine"/>'s settings (fuel,
    /// epoch interruption). Artifacts are trusted input, like a DLL: the checksum catches stale or damaged
    /// files, not deliberate tampering.
    /// </summary>
    /// <exception cref="MalformedModuleException">The bytes are not a well-formed module.</exception>
    /// <exception cref="InvalidModuleException">The module does not validate.</exception>
    /// <exception cref="UnsupportedFeatureException">The module uses a proposal this engine lacks.</exception>
    public static byte[] Precompile(Engine engine, ReadOnlySpan<byte> bytes) => PrecompiledArtifact.Create(engine.Config, bytes);

    /// <summary>Loads a module from an artifact made by <see cref="Precompile"/>, after checking its checksum, the
    /// engine build and settings it was compiled for, and the SHA-256 of the module inside.</summary>
    /// <exception cref="PrecompiledArtifactException">The artifact is refused; nothing from it was loaded or run.</exception>
    public static Module FromPrecompiled(Engine engine, ReadOnlySpan<byte> artifact)
    {
        var (info, code) = PrecompiledArtifact.Load(engine, artifact);
        return new Module(engine, info, code);
    }

    /// <summary>Whether <paramref name="bytes"/> look like a precompiled artifact (a PE image) rather than a
    /// binary module; <see cref="FromPrecompiled"/> then decides whether it is a sound one.</summary>
    public static bool IsPrecompiled(ReadOnlySpan<byte> bytes) => PrecompiledArtifact.LooksLikeArtifact(bytes);

    /// <summary>Reads a binary (or, for <c>.wat</c> files, text) module, or a precompiled artifact, from a file.</summary>
    /// <exception cref="PrecompiledArtifactException">The file is a precompiled artifact and is refused.</exception>
    public static Module FromFile(Engine engine, string path)
    {
        if (path.EndsWith(".wat", StringComparison.OrdinalIgnoreCase))
            return FromText(engine, File.ReadAllText(path));
        var bytes = File.ReadAllBytes(path);
        return IsPrecompiled(bytes) ? FromPrecompiled(engine, bytes) : FromBytes(engine, bytes);
    }

    /// <summary>Parses a module in the text format and compiles it.</summary>
    /// <exception cref="MalformedModuleException">The text does not parse (a <c>TextFormatException</c> with line and column).</exception>
    public static Module FromText(Engine engine, string text) => FromBytes(engine, Text.Wat.ToBinary(text));

    /// <summary>Decodes and validates a binary module without compiling it.</summary>
    /// <exception cref="MalformedModuleException">The bytes are not a well-formed module.</exception>
    /// <exception cref="InvalidModuleException">The module does not validate.</exception>
    public static void Validate(ReadOnlySpan<byte> bytes) => ModuleValidator.Validate(ModuleDecoder.Decode(bytes.ToArray()));
}
