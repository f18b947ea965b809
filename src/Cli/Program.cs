return WasmCs.Cli.Program.Main(args);
