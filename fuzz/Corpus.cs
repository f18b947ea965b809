using System.Text;
using Wasm.Components.Wast;
using Wasm.Wast;

namespace Wasm.Fuzz;

/// <summary>What an input is, which decides the pipeline it goes through.</summary>
public enum InputKind : byte
{
    /// <summary>A core module binary.</summary>
    Core,
    /// <summary>A component binary.</summary>
    Component,
    /// <summary>WIT text (UTF-8).</summary>
    Wit,
}

/// <summary>One input: its bytes and where it came from (a corpus file, a mutation of one, or the generator).</summary>
public sealed record FuzzInput(InputKind Kind, byte[] Bytes, string Origin);

/// <summary>
/// The seeds mutations start from, read from the shared corpora: every module and component the core and component
/// spec scripts define (valid and invalid ones), the third-party components, and the WIT test files.
/// </summary>
public sealed class Corpus
{
    // Larger seeds mostly cost compile time without reaching new code.
    private const int MaxSeedBytes = 192 * 1024;

    public List<FuzzInput> Core { get; } = [];
    public List<FuzzInput> Components { get; } = [];
    public List<FuzzInput> Wit { get; } = [];

    public List<FuzzInput> Of(InputKind kind) => kind switch
    {
        InputKind.Core => Core,
        InputKind.Component => Components,
        _ => Wit,
    };

    /// <summary>Reads the seeds below <paramref name="corpora"/> (the shared <c>corpora</c> folder).</summary>
    public static Corpus Load(string corpora)
    {
        var corpus = new Corpus();
        foreach (var file in Files(Path.Combine(corpora, "wasm-testsuite"), "*.wast", recursive: false))
            corpus.AddCoreScript(file);
        foreach (var file in Files(Path.Combine(corpora, "component-wast"), "*.wast", recursive: true))
            corpus.AddComponentScript(file);
        foreach (var file in Files(Path.Combine(corpora, "components", "jco"), "*.wasm", recursive: false))
            corpus.Add(InputKind.Component, File.ReadAllBytes(file), file);
        foreach (var dir in new[] { "wit-parser", "wit-codegen", "wasi-wit" })
        {
            foreach (var file in Files(Path.Combine(corpora, dir), "*.wit", recursive: true))
                corpus.Add(InputKind.Wit, File.ReadAllBytes(file), file);
        }
        if (corpus.Core.Count == 0 || corpus.Components.Count == 0 || corpus.Wit.Count == 0)
            throw new InvalidOperationException($"no seeds found below {corpora} (core {corpus.Core.Count}, components {corpus.Components.Count}, WIT {corpus.Wit.Count})");
        return corpus;
    }

    private static IEnumerable<string> Files(string dir, string pattern, bool recursive) =>
        Directory.Exists(dir)
            ? Directory.EnumerateFiles(dir, pattern, recursive ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly).Order(StringComparer.Ordinal)
            : [];

    private void Add(InputKind kind, byte[] bytes, string origin)
    {
        if (bytes.Length <= MaxSeedBytes) Of(kind).Add(new FuzzInput(kind, bytes, origin));
    }

    private void AddCoreScript(string file)
    {
        WastScript script;
        try { script = WastParser.Parse(File.ReadAllBytes(file), file); }
        catch (WasmException) { return; }
        foreach (var command in script.Commands)
        {
            var module = command switch
            {
                ModuleCommand m => m.Module,
                AssertModuleCommand a => a.Module,
                AssertTrapCommand { Module: { } m } => m,
                _ => null,
            };
            if (module is null) continue;
            try { Add(InputKind.Core, module.GetBinary(), $"{file}:{command.Line}"); }
            catch (WasmException) { /* text that does not encode: not a seed */ }
        }
    }

    private void AddComponentScript(string file)
    {
        ComponentWastScript script;
        try { script = ComponentWastParser.Parse(File.ReadAllBytes(file), file); }
        catch (WasmException) { return; }
        foreach (var command in script.Commands)
        {
            var module = command switch
            {
                ScriptModuleCommand m => m.Module,
                ScriptAssertModule a => a.Module,
                ScriptAssertTrap { Module: { } m } => m,
                _ => null,
            };
            if (module is null) continue;
            try
            {
                Add(module.Kind == ScriptModuleKind.Component ? InputKind.Component : InputKind.Core, module.GetBinary(), $"{file}:{command.Line}");
            }
            catch (WasmException) { }
        }
    }

    /// <summary>The file name extension inputs of a kind are saved with.</summary>
    public static string Extension(InputKind kind) => kind switch
    {
        InputKind.Core => ".wasm",
        InputKind.Component => ".component.wasm",
        _ => ".wit",
    };

    /// <summary>The kind of a saved input, from its name.</summary>
    public static InputKind KindOfFile(string path) =>
        path.EndsWith(".component.wasm", StringComparison.OrdinalIgnoreCase) ? InputKind.Component
        : path.EndsWith(".wit", StringComparison.OrdinalIgnoreCase) ? InputKind.Wit
        : InputKind.Core;

    /// <summary>Decodes WIT bytes as the parser sees them.</summary>
    public static string Text(byte[] utf8) => Encoding.UTF8.GetString(utf8);
}
