using ComposeExample;

// dotnet run --project examples/compose [-- --composed] [COMPONENTS_DIR]
// Runs the JavaScript application with the C text tools and the C# journal, either as three parts linked in one
// ComponentLinker graph or as the single component `wasmcs compose` writes from the JavaScript and C ones.
bool composed = args.Contains("--composed");
string dir = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? Scenario.FindComponents();
return Scenario.Run(Console.Out, dir, composed) ? 0 : 1;
