using Wit.Diagnostics;
using Wit.Json;
using Wit.Resolution;
using Wit.Text;

namespace WasmCs.Cli.Commands;

/// <summary>
/// <c>wasmcs wit PATH [--json] [--features a,b]</c>: resolves a .wit file or a package folder
/// (with optional deps/) and prints it as canonical WIT, or as wit-parser's JSON with --json.
/// </summary>
public static class WitCommand
{
    private const string Usage = "usage: wasmcs wit PATH [--json] [--features a,b] [--all-features]";

    /// <summary>Runs the command; 0 on success, 1 for invalid WIT (rendered on stderr), 2 for bad usage.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        string? path = null;
        bool json = false;
        bool allFeatures = false;
        var features = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            string arg = args[i];
            if (arg == "--json")
            {
                json = true;
            }
            else if (arg == "--all-features")
            {
                allFeatures = true;
            }
            else if (arg == "--features" || arg.StartsWith("--features=", StringComparison.Ordinal))
            {
                string? list = arg.Length > "--features".Length ? arg["--features=".Length..] : (i + 1 < args.Length ? args[++i] : null);
                if (list is null)
                {
                    stderr.WriteLine("wasmcs wit: --features needs a comma-separated list");
                    stderr.WriteLine(Usage);
                    return 2;
                }

                features.AddRange(list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            }
            else if (arg is "-h" or "--help")
            {
                stdout.WriteLine(Usage);
                return 0;
            }
            else if (arg.StartsWith("--", StringComparison.Ordinal) || path is not null)
            {
                stderr.WriteLine($"wasmcs wit: unexpected argument '{arg}'");
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

        if (!File.Exists(path) && !Directory.Exists(path))
        {
            stderr.WriteLine($"wasmcs wit: no such file or directory: {path}");
            return 1;
        }

        if (File.Exists(path) && IsBinary(path))
            return PrintComponent(path, json, stdout, stderr);

        try
        {
            var resolve = new Wit.Model.Resolve(features, allFeatures);
            WitLoader.PushPath(resolve, path);
            stdout.Write(json ? ResolveJson.Serialize(resolve) + "\n" : WitPrinter.Print(resolve));
            return 0;
        }
        catch (WitException e)
        {
            stderr.WriteLine(e.Render());
            return 1;
        }
        catch (IOException e)
        {
            stderr.WriteLine($"wasmcs wit: {e.Message}");
            return 1;
        }
        catch (UnauthorizedAccessException e)
        {
            stderr.WriteLine($"wasmcs wit: {e.Message}");
            return 1;
        }
    }

    /// <summary>True for a file starting with the WebAssembly magic number (a component or module binary).</summary>
    private static bool IsBinary(string path)
    {
        Span<byte> head = stackalloc byte[4];
        using var f = File.OpenRead(path);
        return f.Read(head) == 4 && head.SequenceEqual("\0asm"u8);
    }

    /// <summary>Prints the WIT world a component binary imports and exports (or its resolved JSON).</summary>
    private static int PrintComponent(string path, bool json, TextWriter stdout, TextWriter stderr)
    {
        try
        {
            var bytes = File.ReadAllBytes(path);
            if (!Wasm.Components.Component.IsComponent(bytes))
            {
                stderr.WriteLine($"wasmcs wit: {path} is a core module, not a component");
                return 1;
            }
            var component = Wasm.Components.Component.FromBytes(new Wasm.Engine(), bytes);
            var text = Wasm.Components.WitPrinting.ComponentWitPrinter.Print(component.Type);
            if (!json)
            {
                stdout.Write(text);
                return 0;
            }
            var resolve = new Wit.Model.Resolve();
            WitLoader.PushSource(resolve, Path.GetFileName(path) + ".wit", text);
            stdout.Write(ResolveJson.Serialize(resolve) + "\n");
            return 0;
        }
        catch (Wasm.WasmException e)
        {
            stderr.WriteLine($"wasmcs wit: {path}: {e.Message}");
            return 1;
        }
        catch (WitException e)
        {
            stderr.WriteLine(e.Render());
            return 1;
        }
    }
}
