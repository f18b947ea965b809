using System.Text.Json;
using System.Text.Json.Nodes;
using Wasm;
using Wasm.Components.Binary;
using WasmCs.Cli.Inspection;

namespace WasmCs.Cli.Commands;

/// <summary>
/// <c>wasmcs inspect FILE [--json]</c>: what a core module or a component needs and provides. A module shows its
/// sections with their sizes, imports and exports with their types, entity counts, segments, start function and
/// custom sections (<c>name</c> and <c>producers</c> decoded); a component shows its imports and exports with
/// their WIT, nested core modules and components (each with its own summary), instances, canonical functions and
/// custom sections. The preamble's layer field tells the two apart.
/// </summary>
public static class InspectCommand
{
    private const string Usage = "usage: wasmcs inspect FILE [--json]";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Runs the command; 0 on success, 1 for a malformed or unreadable file, 2 for bad usage.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        string? path = null;
        bool json = false;
        foreach (string arg in args)
        {
            if (arg == "--json")
            {
                json = true;
            }
            else if (arg is "-h" or "--help")
            {
                stdout.WriteLine(Usage);
                return 0;
            }
            else if (arg.StartsWith("--", StringComparison.Ordinal) || path is not null)
            {
                stderr.WriteLine($"wasmcs inspect: unexpected argument '{arg}'");
                stderr.WriteLine(Usage);
                return 2;
            }
            else
            {
                path = arg;
            }
        }

        if (path is null)
        {
            stderr.WriteLine(Usage);
            return 2;
        }

        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"wasmcs inspect: {e.Message}");
            return 1;
        }

        JsonObject summary;
        try
        {
            summary = ComponentDecoder.IsComponent(bytes) ? ComponentSummary.Build(bytes) : ModuleSummary.Build(bytes);
        }
        catch (WasmException e)
        {
            stderr.WriteLine($"wasmcs inspect: {path}: {e.Message}");
            return 1;
        }

        if (json) stdout.Write(summary.ToJsonString(Indented) + "\n");
        else new SummaryText(stdout).Write(summary);
        return 0;
    }
}
