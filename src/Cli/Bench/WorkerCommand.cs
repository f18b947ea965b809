using System.Diagnostics;
using System.Text.Json;

namespace WasmCs.Cli.Bench;

/// <summary>How to start the engine's side of <c>wasmcs bench</c> (<see cref="EngineWorker"/>) for one build of
/// <c>wasmcs</c>: its executable, or the <c>dotnet</c> host with its <c>wasmcs.dll</c>.</summary>
internal sealed record WorkerCommand(string FileName, string? Assembly)
{
    /// <summary>This process's own build, started the way this process was (a test host runs it through <c>dotnet</c>).</summary>
    public static WorkerCommand ThisBuild()
    {
        var path = Environment.ProcessPath!;
        var assembly = typeof(WorkerCommand).Assembly.Location;
        return Path.GetFileNameWithoutExtension(path) == Path.GetFileNameWithoutExtension(assembly)
            ? new WorkerCommand(path, null)
            : new WorkerCommand(Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : DotnetHost(), assembly);
    }

    /// <summary>Another build: a <c>wasmcs</c> executable, or a <c>wasmcs.dll</c> run through <c>dotnet</c>.</summary>
    public static WorkerCommand Of(string path)
    {
        path = Path.GetFullPath(path);
        return path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) ? new WorkerCommand(DotnetHost(), path) : new WorkerCommand(path, null);
    }

    public string Describe() => Assembly ?? FileName;

    public Process Start(BenchProgram program, bool tiering)
    {
        var info = new ProcessStartInfo(FileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        if (Assembly is not null) info.ArgumentList.Add(Assembly);
        foreach (var a in (string[])["bench", "--worker", program.Directory, program.File]) info.ArgumentList.Add(a);
        if (!tiering) info.ArgumentList.Add("--no-tiering");
        return Process.Start(info)!;
    }

    /// <summary>Sends one command and reads its one-line JSON answer (an "error" entry when the worker died).</summary>
    public static Dictionary<string, object?> Ask(Process worker, string command)
    {
        worker.StandardInput.WriteLine(command);
        worker.StandardInput.Flush();
        var line = worker.StandardOutput.ReadLine();
        if (line is null) return new() { ["error"] = $"the engine's worker exited with {(worker.WaitForExit(5000) ? worker.ExitCode : -1)}" };
        var result = new Dictionary<string, object?>();
        using var json = JsonDocument.Parse(line);
        foreach (var p in json.RootElement.EnumerateObject())
            result[p.Name] = p.Value.ValueKind == JsonValueKind.Number ? p.Value.GetDouble() : p.Value.GetString();
        return result;
    }

    /// <summary>Ends a worker: it exits once its stdin closes.</summary>
    public static void Finish(Process worker)
    {
        worker.StandardInput.Close();
        worker.WaitForExit();
    }

    // The SDK names its host in DOTNET_HOST_PATH for the processes it starts (tests among them).
    private static string DotnetHost() => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
}
