using Wasm;
using Wasm.Components;
using Wasm.Components.Types;
using Wasm.Components.Wave;

namespace WasmCs.Cli.Commands;

/// <summary>
/// <c>wasmcs run --invoke 'EXPR' COMPONENT</c>: instantiates a component and calls one export with arguments
/// written in WAVE (<c>'greet({name: "Ada", age: 36})'</c>, <c>'test:numbers/test#roundtrip-u8(1)'</c>),
/// printing the result in WAVE.
/// </summary>
public static class RunCommand
{
    private const string Usage = "usage: wasmcs run --invoke 'NAME(ARGS)' COMPONENT";

    /// <summary>Runs the command; 0 on success, 1 for a load, link, argument or trap error, 2 for bad usage.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        string? invoke = null, path = null;
        for (int i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg == "--invoke")
            {
                if (i + 1 >= args.Length) { stderr.WriteLine(Usage); return 2; }
                invoke = args[++i];
            }
            else if (arg.StartsWith("--invoke=", StringComparison.Ordinal)) invoke = arg["--invoke=".Length..];
            else if (arg is "-h" or "--help") { stdout.WriteLine(Usage); return 0; }
            else if (path is null && !arg.StartsWith("--", StringComparison.Ordinal)) path = arg;
            else { stderr.WriteLine($"wasmcs run: unexpected argument '{arg}'"); stderr.WriteLine(Usage); return 2; }
        }
        if (path is null || invoke is null)
        {
            stderr.WriteLine(path is null ? Usage : "wasmcs run: running a component needs --invoke 'NAME(ARGS)'");
            return 2;
        }
        if (!File.Exists(path))
        {
            stderr.WriteLine($"wasmcs run: no such file: {path}");
            return 1;
        }

        try
        {
            var engine = new Engine();
            var component = Component.FromFile(engine, path);
            var (name, argsText) = WaveParser.ParseCall(invoke);
            var instance = new ComponentLinker(engine).Instantiate(new Store(engine), component);
            var func = instance.GetFunc(name);
            if (func is null)
            {
                stderr.WriteLine($"wasmcs run: the component exports no function named '{name}'");
                stderr.WriteLine("exported functions: " + string.Join(", ", ExportedFunctions(instance.Exports, "")));
                return 1;
            }
            var paramTypes = new WitType[func.Type.Params.Count];
            for (int i = 0; i < paramTypes.Length; i++) paramTypes[i] = func.Type.Params[i].Type;
            var values = WaveParser.ParseArgs(argsText, paramTypes);
            var result = func.Call(values);
            if (result is not null) stdout.WriteLine(WaveWriter.ToString(result));
            return 0;
        }
        catch (WaveFormatException e)
        {
            stderr.WriteLine($"wasmcs run: bad --invoke expression: {e.Message}");
            return 1;
        }
        catch (WasmException e)
        {
            stderr.WriteLine($"wasmcs run: {path}: {e.Message}");
            return 1;
        }
        catch (ArgumentException e)
        {
            stderr.WriteLine($"wasmcs run: {e.Message}");
            return 1;
        }
        catch (IOException e)
        {
            stderr.WriteLine($"wasmcs run: {e.Message}");
            return 1;
        }
    }

    private static IEnumerable<string> ExportedFunctions(IReadOnlyList<KeyValuePair<string, ExternType>> exports, string prefix)
    {
        foreach (var (name, type) in exports)
        {
            if (type is FuncExternType) yield return prefix + name;
            else if (type is InstanceType it)
                foreach (var (n, t) in it.Exports)
                    if (t is FuncExternType) yield return name + "#" + n;
        }
    }
}
