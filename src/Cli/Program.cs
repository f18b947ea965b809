using WasmCs.Cli.Commands;

namespace WasmCs.Cli;

/// <summary>The <c>wasmcs</c> command.</summary>
public static class Program
{
    private const string Usage = """
        wasmcs: WebAssembly and the Component Model on .NET

        usage:
          wasmcs wast FILE... [--verbose]      run WebAssembly spec scripts
          wasmcs run [--dir HOST[::GUEST]] [--env NAME=VALUE] [--env-inherit] [--no-tiering] [--invoke NAME] MODULE [ARGS...]
                                               run a core module under WASI preview1; exit with its exit code
          wasmcs run [--dir ...] [--env ...] [--allow-ip CIDR] [--allow-http HOST[:PORT]] [--invoke 'NAME(ARGS)'] COMPONENT [ARGS...]
                                               run a component under WASI 0.2 (wasi:cli/run, or one export)
          wasmcs serve [--addr HOST:PORT] [--timeout SECONDS] [--fuel N] [--max-concurrency N] [--max-memory BYTES] [--log-requests]
                       [--allow-http HOST[:PORT]]... COMPONENT
                                               serve a wasi:http/proxy component (default 127.0.0.1:8080)
          wasmcs wit PATH [--json] [--features a,b]
                                               print the WIT of a .wit file, a package folder or a component
          wasmcs compile [--fuel] [--epoch-interruption] MODULE -o OUT.cwasm.dll
                                               compile a core module ahead of time; run loads OUT directly
          wasmcs bench [--iterations N] [--no-v8] [--no-tiering] [--out FILE.md] [PROGRAM...]
                                               run the sightglass programs on the engine and on V8, write
                                               docs/performance.md
          wasmcs compose SOCKET --plug PLUG... -o OUT
                                               write a component wiring the plugs' exports into the socket's imports
          wasmcs inspect FILE [--json]         summarise what a core module or a component imports, exports
                                               and contains (sections, nested modules, canonical functions)
        """;

    /// <summary>Entry point.</summary>
    public static int Main(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            Console.Out.WriteLine(Usage);
            return args.Length == 0 ? 2 : 0;
        }
        var rest = args[1..];
        return args[0] switch
        {
            "wast" => WastCommand.Run(rest, Console.Out, Console.Error),
            "wit" => WitCommand.Run(rest, Console.Out, Console.Error),
            "run" => RunCommand.Run(rest, Console.Out, Console.Error),
            "compile" => CompileCommand.Run(rest, Console.Out, Console.Error),
            "bench" => Bench.BenchCommand.Run(rest, Console.Out, Console.Error),
            "compose" => ComposeCommand.Run(rest, Console.Out, Console.Error),
            "inspect" => InspectCommand.Run(rest, Console.Out, Console.Error),
            "serve" => ServeCommand.Run(rest, Console.Out, Console.Error),
            _ => UnknownCommand(args[0]),
        };
    }

    private static int UnknownCommand(string name)
    {
        Console.Error.WriteLine($"wasmcs: unknown command '{name}'");
        Console.Error.WriteLine(Usage);
        return 2;
    }
}
