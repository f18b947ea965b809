using WasmCs.Cli.Commands;

namespace WasmCs.Cli;

/// <summary>The <c>wasmcs</c> command.</summary>
public static class Program
{
    private const string Usage = """
        wasmcs: WebAssembly and the Component Model on .NET

        usage:
          wasmcs wast FILE... [--verbose]      run WebAssembly spec scripts
          wasmcs run [--dir HOST[::GUEST]] [--env NAME=VALUE] [--env-inherit] [--invoke NAME] MODULE [ARGS...]
                                               run a core module under WASI preview1; exit with its exit code
          wasmcs run --invoke 'NAME(ARGS)' COMPONENT
                                               call a component export with WAVE arguments, print the result
          wasmcs serve [--addr HOST:PORT] [--timeout SECONDS] [--fuel N] COMPONENT
                                               serve a wasi:http/proxy component (default 127.0.0.1:8080)
          wasmcs wit PATH [--json] [--features a,b]
                                               print the WIT of a .wit file, a package folder or a component
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
