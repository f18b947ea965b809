using System.Diagnostics;

namespace Wasm.Wasi.Tests.Preview2;

/// <summary>
/// The components tests/components/build.sh builds into tests/components/out/, and the two hosts that run a
/// command component: <c>wasmcs run</c> (this project) and <c>jco run</c> (jco's node host, the reference).
/// </summary>
internal static class TestComponents
{
    private static readonly Lazy<string> Dir = new(FindDirectory);

    /// <summary>The repository root.</summary>
    public static string RepoRoot => Path.GetFullPath(Path.Combine(Dir.Value, "..", ".."));

    /// <summary>The path of a built component; a missing one is a broken build, never a skip.</summary>
    public static string PathOf(string file)
    {
        var path = Path.Combine(Dir.Value, "out", file);
        if (!File.Exists(path))
            throw new Xunit.Sdk.XunitException($"{path} is missing: run tests/components/build.sh to build the test components");
        return path;
    }

    /// <summary>The result of running a process to its end.</summary>
    public sealed record Run(int ExitCode, string Stdout, string Stderr);

    /// <summary>
    /// <c>wasmcs run ARGS</c> as a separate process (the copy of wasmcs built beside this test assembly) in
    /// <paramref name="workingDirectory"/>; the guest sees only the environment given with <c>--env</c>.
    /// </summary>
    public static Run Wasmcs(string workingDirectory, params string[] args) => WasmcsWithStdin(workingDirectory, "", args);

    /// <summary><see cref="Wasmcs"/> with <paramref name="stdin"/> written to the process's stdin (a pipe).</summary>
    public static Run WasmcsWithStdin(string workingDirectory, string stdin, params string[] args)
    {
        var wasmcs = Path.Combine(AppContext.BaseDirectory, "wasmcs.dll");
        return Start("dotnet", workingDirectory, [wasmcs, "run", .. args], stdin);
    }

    /// <summary>
    /// <c>jco run COMPONENT ARGS</c> through ../shared/tools/jco.sh, with the preview2-shim set up like
    /// <c>wasmcs run --dir</c>: the preopens, the arguments (<c>argv[0]</c> is <paramref name="argv0"/>) and exactly
    /// the environment given.
    /// </summary>
    public static Run Jco(string workingDirectory, string component, string argv0, string[] args, IReadOnlyList<(string Host, string Guest)> preopens, IReadOnlyList<(string Name, string Value)> env, string stdin = "")
    {
        var jco = Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "tools", "jco.sh"));
        if (!File.Exists(jco)) throw new Xunit.Sdk.XunitException($"{jco} is missing: the shared tools are needed for the reference run");
        var shim = Path.Combine(Environment.GetEnvironmentVariable("WASM_JS_TOOLS") ?? Path.Combine(Environment.GetEnvironmentVariable("HOME") ?? "/root", ".cache", "wasm-js-tools"),
            "node_modules", "@bytecodealliance", "preview2-shim", "dist", "nodejs");
        static string Js(string s) => System.Text.Json.JsonSerializer.Serialize(s);
        var setup = Path.Combine(workingDirectory, "jco-setup.mjs");
        File.WriteAllText(setup, $$"""
            import { _setPreopens } from {{Js(Path.Combine(shim, "filesystem.js"))}};
            import { _setArgs, _setEnv } from {{Js(Path.Combine(shim, "cli.js"))}};
            _setPreopens({ {{string.Join(", ", preopens.Select(p => Js(p.Guest) + ": " + Js(Path.GetFullPath(p.Host, workingDirectory))))}} });
            _setArgs([{{string.Join(", ", new[] { argv0 }.Concat(args).Select(Js))}}]);
            _setEnv({ {{string.Join(", ", env.Select(e => Js(e.Name) + ": " + Js(e.Value)))}} });
            """);
        try
        {
            return Start(jco, workingDirectory, ["run", "--jco-import", setup, component, .. args], stdin);
        }
        finally
        {
            File.Delete(setup);
        }
    }

    private static Run Start(string program, string workingDirectory, string[] args, string stdin)
    {
        var info = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {program}");
        process.StandardInput.Write(stdin);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', args)} did not finish in 3 minutes");
        }
        return new Run(process.ExitCode, stdout.Result, stderr.Result);
    }

    private static string FindDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "components");
            if (File.Exists(Path.Combine(candidate, "build.sh"))) return candidate;
        }
        throw new DirectoryNotFoundException($"tests/components was not found above {AppContext.BaseDirectory}");
    }
}
