using Wasm;

namespace WasmCs.Cli.Commands;

/// <summary>
/// <c>wasmcs compile MODULE -o OUT.cwasm.dll</c>: validates and compiles a core module ahead of time into a
/// precompiled artifact that <c>wasmcs run</c> and <see cref="Module.FromPrecompiled"/> load without compiling.
/// The artifact fits only this build of the engine and the settings given here.
/// </summary>
internal static class CompileCommand
{
    private const string Usage = """
        usage: wasmcs compile [--fuel] [--epoch-interruption] MODULE -o OUT.cwasm.dll
               --fuel and --epoch-interruption compile in the checks that run --fuel and --timeout need
        """;

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        string? input = null, output = null;
        bool fuel = false, epoch = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "-o" or "--output":
                    if (i + 1 >= args.Length) return BadUsage(stderr, "-o needs a file");
                    output = args[++i];
                    break;
                case "--fuel":
                    fuel = true;
                    break;
                case "--epoch-interruption":
                    epoch = true;
                    break;
                case "-h" or "--help":
                    stdout.WriteLine(Usage);
                    return 0;
                default:
                    if (args[i].StartsWith('-')) return BadUsage(stderr, $"unknown option '{args[i]}'");
                    if (input is not null) return BadUsage(stderr, "give one module");
                    input = args[i];
                    break;
            }
        }
        if (input is null) return BadUsage(stderr, "give a module to compile");
        output ??= Path.ChangeExtension(input, ".cwasm.dll");
        try
        {
            var engine = new Engine(new EngineConfig { ConsumeFuel = fuel, EpochInterruption = epoch });
            var bytes = input.EndsWith(".wat", StringComparison.OrdinalIgnoreCase)
                ? Wasm.Text.Wat.ToBinary(File.ReadAllText(input))
                : File.ReadAllBytes(input);
            File.WriteAllBytes(output, Module.Precompile(engine, bytes));
            return 0;
        }
        catch (Exception e) when (e is WasmException or IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"wasmcs compile: {input}: {e.Message}");
            return 1;
        }
    }

    private static int BadUsage(TextWriter stderr, string message)
    {
        stderr.WriteLine($"wasmcs compile: {message}");
        stderr.WriteLine(Usage);
        return 2;
    }
}
