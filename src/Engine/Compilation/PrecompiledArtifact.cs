using System.Buffers.Binary;
using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.Loader;
using System.Security.Cryptography;
using System.Text;
using Wasm.Binary;
using Wasm.Model;

namespace Wasm.Compilation;

/// <summary>
/// A module compiled ahead of time (<c>wasmcs compile app.wasm -o app.cwasm.dll</c>): a .NET assembly saved with
/// <see cref="PersistedAssemblyBuilder"/>, followed by the original module and a trailer.
/// <code>
/// [PE image][module bytes][manifest, UTF-8 "key: value" lines][manifest length: int32 LE][SHA-256: 32][magic: 8]
/// </code>
/// The SHA-256 covers everything before it, so a changed byte anywhere is caught before anything is loaded; the
/// manifest names the engine build (assembly version and module version id, which changes with every change to
/// the engine's code), the compilation settings, and the module's own SHA-256. Loading decodes the embedded
/// module for its types, imports and segments but neither validates nor compiles it again.
/// <para>
/// Like Wasmtime's <c>.cwasm</c>, an artifact is trusted input: the checksum detects staleness and damage, not
/// an attacker, who can recompute it. Load artifacts only from where you would load a DLL.
/// </para>
/// </summary>
internal static class PrecompiledArtifact
{
    private static ReadOnlySpan<byte> Magic => "wasmcs\0\u0001"u8;
    private const int TrailerLength = 4 + 32 + 8;

    /// <summary>This engine build: its assembly version and the id of the compiled engine code.</summary>
    public static string EngineVersion { get; } = BuildVersion();

    private static string BuildVersion()
    {
        var assembly = typeof(Engine).Assembly;
        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? assembly.GetName().Version?.ToString();
        return $"{assembly.GetName().Name} {version} build {assembly.ManifestModule.ModuleVersionId:N}";
    }

    /// <summary>The compilation settings compiled code depends on.</summary>
    public static string Settings(EngineConfig config) =>
        $"fuel={(config.ConsumeFuel ? "on" : "off")} epoch-interruption={(config.EpochInterruption ? "on" : "off")}";

    /// <summary>What the trailer records.</summary>
    public sealed record Manifest(string Engine, string Settings, string ModuleSha256, int ImageLength, int ModuleLength)
    {
        public string Format() =>
            $"engine: {Engine}\nsettings: {Settings}\nmodule-sha256: {ModuleSha256}\nimage-length: {ImageLength}\nmodule-length: {ModuleLength}\n";

        public static Manifest? Parse(string text)
        {
            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                var colon = line.IndexOf(": ", StringComparison.Ordinal);
                if (colon < 0) return null;
                fields[line[..colon]] = line[(colon + 2)..];
            }
            return fields.TryGetValue("engine", out var engine) && fields.TryGetValue("settings", out var settings)
                && fields.TryGetValue("module-sha256", out var hash)
                && fields.TryGetValue("image-length", out var image) && int.TryParse(image, out var imageLength) && imageLength >= 0
                && fields.TryGetValue("module-length", out var module) && int.TryParse(module, out var moduleLength) && moduleLength >= 0
                ? new Manifest(engine, settings, hash, imageLength, moduleLength)
                : null;
        }
    }

    /// <summary>Decodes, validates and compiles <paramref name="wasm"/> for engines with <paramref name="config"/>.</summary>
    public static byte[] Create(EngineConfig config, ReadOnlySpan<byte> wasm)
    {
        var bytes = wasm.ToArray();
        var info = ModuleDecoder.Decode(bytes);
        Validation.ModuleValidator.Validate(info);
        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var metadata = typeof(AssemblyMetadataAttribute).GetConstructor([typeof(string), typeof(string)])!;
        var image = ModuleCompilation.CompileToImage(config, info, "Wasm.Precompiled." + hash[..16],
        [
            new CustomAttributeBuilder(metadata, ["wasm-engine", EngineVersion]),
            new CustomAttributeBuilder(metadata, ["wasm-module-sha256", hash]),
        ]);
        return Write(image, bytes, new Manifest(EngineVersion, Settings(config), hash, image.Length, bytes.Length));
    }

    /// <summary>Lays out an artifact and seals it with its checksum.</summary>
    public static byte[] Write(ReadOnlySpan<byte> image, ReadOnlySpan<byte> module, Manifest manifest)
    {
        var text = Encoding.UTF8.GetBytes(manifest.Format());
        var artifact = new byte[image.Length + module.Length + text.Length + TrailerLength];
        var at = 0;
        image.CopyTo(artifact.AsSpan(at));
        at += image.Length;
        module.CopyTo(artifact.AsSpan(at));
        at += module.Length;
        text.CopyTo(artifact.AsSpan(at));
        at += text.Length;
        BinaryPrimitives.WriteInt32LittleEndian(artifact.AsSpan(at), text.Length);
        at += 4;
        SHA256.HashData(artifact.AsSpan(0, at), artifact.AsSpan(at, 32));
        Magic.CopyTo(artifact.AsSpan(at + 32));
        return artifact;
    }

    /// <summary>The checked parts of an artifact: trailer, checksum and manifest layout, nothing about the engine.</summary>
    public static (Manifest Manifest, byte[] Image, byte[] Module) Read(ReadOnlySpan<byte> artifact)
    {
        if (artifact.Length < TrailerLength || !artifact[^8..].SequenceEqual(Magic))
            throw new PrecompiledArtifactException(ArtifactProblem.NotAnArtifact, "not a wasmcs precompiled artifact (no artifact trailer at the end of the file)");
        var checksumAt = artifact.Length - 8 - 32;
        Span<byte> actual = stackalloc byte[32];
        SHA256.HashData(artifact[..checksumAt], actual);
        if (!actual.SequenceEqual(artifact.Slice(checksumAt, 32)))
            throw new PrecompiledArtifactException(ArtifactProblem.ChecksumMismatch, "the precompiled artifact was modified or damaged after it was written (checksum mismatch); recompile it");
        var manifestLength = BinaryPrimitives.ReadInt32LittleEndian(artifact[(checksumAt - 4)..]);
        var manifestAt = checksumAt - 4 - manifestLength;
        var manifest = manifestLength >= 0 && manifestAt >= 0 ? Manifest.Parse(Encoding.UTF8.GetString(artifact.Slice(manifestAt, manifestLength))) : null;
        if (manifest is null || (long)manifest.ImageLength + manifest.ModuleLength != manifestAt)
            throw new PrecompiledArtifactException(ArtifactProblem.NotAnArtifact, "the precompiled artifact's manifest is malformed");
        return (manifest, artifact[..manifest.ImageLength].ToArray(), artifact.Slice(manifest.ImageLength, manifest.ModuleLength).ToArray());
    }

    /// <summary>Checks an artifact against this engine build and <paramref name="engine"/>'s settings, then loads its code.</summary>
    public static (ModuleInfo Info, CompiledCode Code) Load(Engine engine, ReadOnlySpan<byte> artifact)
    {
        var (manifest, image, module) = Read(artifact);
        if (manifest.Engine != EngineVersion)
            throw new PrecompiledArtifactException(ArtifactProblem.EngineVersionMismatch,
                $"the precompiled artifact was compiled by another engine build ({manifest.Engine}); this is {EngineVersion}; recompile it");
        if (manifest.Settings != Settings(engine.Config))
            throw new PrecompiledArtifactException(ArtifactProblem.ConfigMismatch,
                $"the precompiled artifact was compiled with {manifest.Settings}, but the engine runs with {Settings(engine.Config)}; recompile it with matching settings");
        if (Convert.ToHexStringLower(SHA256.HashData(module)) != manifest.ModuleSha256)
            throw new PrecompiledArtifactException(ArtifactProblem.ModuleHashMismatch, "the module inside the precompiled artifact does not match its recorded SHA-256");

        // Validated when the artifact was made; decoding gives the types, imports and segments instantiation needs.
        var info = ModuleDecoder.Decode(module);
        var context = new ArtifactLoadContext(manifest.ModuleSha256);
        var assembly = context.LoadFromStream(new MemoryStream(image, writable: false));
        var type = assembly.GetType(ModuleCompilation.PrecompiledTypeName, throwOnError: true)!;
        return (info, ModuleCompilation.FromLoadedType(engine, info, type));
    }

    /// <summary>Whether <paramref name="bytes"/> start like an artifact (a PE image, "MZ") rather than a module
    /// ("\0asm"); whether it is a sound one is for <see cref="Load"/> to say.</summary>
    public static bool LooksLikeArtifact(ReadOnlySpan<byte> bytes) => bytes.Length >= 2 && bytes[0] == (byte)'M' && bytes[1] == (byte)'Z';

    /// <summary>
    /// One per loaded artifact, collectible like the in-memory compilations: the code goes away with the last
    /// module using it. The engine resolves to the engine already loaded, wherever that lives.
    /// </summary>
    private sealed class ArtifactLoadContext(string name) : AssemblyLoadContext("wasm-artifact-" + name, isCollectible: true)
    {
        private static readonly Assembly EngineAssembly = typeof(Engine).Assembly;

        protected override Assembly? Load(AssemblyName assemblyName) =>
            assemblyName.Name == EngineAssembly.GetName().Name ? EngineAssembly : null;
    }
}
