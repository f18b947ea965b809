namespace Wasm;

/// <summary>
/// A precompiled artifact (<see cref="Module.Precompile"/>) is refused: it is not an artifact, it was modified or
/// truncated (checksum mismatch), or it was compiled by another engine build or with other compilation settings.
/// Nothing from it was loaded or run. Recompile the original module with this engine.
/// </summary>
public sealed class PrecompiledArtifactException : WasmException
{
    /// <summary>Creates the exception.</summary>
    public PrecompiledArtifactException(ArtifactProblem problem, string message) : base(message) => Problem = problem;

    /// <summary>What is wrong with the artifact.</summary>
    public ArtifactProblem Problem { get; }
}

/// <summary>Why a precompiled artifact was refused.</summary>
public enum ArtifactProblem
{
    /// <summary>The file does not end in an artifact trailer (wrong file, or truncated).</summary>
    NotAnArtifact,

    /// <summary>The content does not match its checksum: modified or damaged after it was written.</summary>
    ChecksumMismatch,

    /// <summary>Written by a different build of the engine, whose compiled code this engine cannot trust to match.</summary>
    EngineVersionMismatch,

    /// <summary>Compiled with other settings (fuel metering, epoch interruption) than the loading engine's.</summary>
    ConfigMismatch,

    /// <summary>The embedded module does not match the hash recorded for it, or the module the caller expected.</summary>
    ModuleHashMismatch,
}
