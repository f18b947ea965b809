using ComposeExample.Wit.Example.Compose;
using Wasm;
using Wasm.Components;
using Wasm.Components.Bindings;
using Wasm.Components.Composition;
using App = ComposeExample.Wit.Exports.Example.Compose.App;

namespace ComposeExample;

/// <summary>
/// The JavaScript application (compose-js.wasm) with its two imports: <c>example:compose/text</c> exported by the C
/// component (compose-c.wasm), <c>example:compose/journal</c> implemented in C# (<see cref="JournalHost"/>).
/// </summary>
public static class Scenario
{
    public const string Text = "example:compose/text@0.1.0";
    public const string JournalInterface = "example:compose/journal@0.1.0";

    /// <summary>The text the application runs on: words (one with non-ASCII letters), numbers and gaps.</summary>
    public const string Input = "compose 3 wörlds  in 12 steps";

    /// <summary>
    /// Runs the scenario and writes what crossed the boundaries to <paramref name="output"/>: the report the
    /// JavaScript export returns, then the handles left in every table. Returns false if anything leaked.
    /// </summary>
    /// <param name="componentsDir">The folder with compose-js.wasm and compose-c.wasm (tests/components/out).</param>
    /// <param name="composed">Run the component <see cref="ComponentComposer"/> makes of the two instead of linking
    /// them at runtime.</param>
    public static bool Run(TextWriter output, string componentsDir, bool composed = false)
    {
        var engine = new Engine();
        var store = new Store(engine);
        var jsBytes = File.ReadAllBytes(Path.Combine(componentsDir, "compose-js.wasm"));
        var cBytes = File.ReadAllBytes(Path.Combine(componentsDir, "compose-c.wasm"));
        var linker = new ComponentLinker(engine);
        var journal = new JournalHost(output);
        Journal.AddToLinker(linker, journal);

        ComponentInstance? textInstance = null;
        Component application;
        if (composed)
        {
            // One component nesting both: the composition instantiates C and wires its export into JavaScript.
            var bytes = ComponentComposer.Plug(engine, jsBytes, [cBytes]).Bytes;
            application = Component.FromBytes(engine, bytes);
        }
        else
        {
            // One linker graph: the C instance's exported interface is the JavaScript component's import.
            var text = Component.FromBytes(engine, cBytes);
            textInstance = linker.Instantiate(store, text);
            linker.Root.DefineInstance(Text, textInstance.GetInstance(Text)!);
            application = Component.FromBytes(engine, jsBytes);
        }
        WasiStubs.AddTo(linker, application);

        var instance = linker.Instantiate(store, application);
        var report = new App(instance, linker).Run(Input);
        Print(output, report);

        // Every handle table: the JavaScript and C instances' (nested in the composition when composed) and the C#
        // objects handed out as handles.
        int accounts = HostResources<IJournal.IAccount>.Of(linker, JournalInterface, "account").Count;
        if (textInstance is null)
            output.WriteLine($"handles left: composition (javascript and c inside) {instance.HandleCount}, c# accounts {accounts}");
        else
            output.WriteLine($"handles left: javascript {instance.HandleCount}, c {textInstance.HandleCount}, c# accounts {accounts}");
        return instance.HandleCount == 0 && (textInstance?.HandleCount ?? 0) == 0 && accounts == 0 && journal.OpenAccounts == 0;
    }

    /// <summary>The report, one field per line (examples/compose/node/run.mjs prints it the same way).</summary>
    public static void Print(TextWriter output, App.Report report)
    {
        output.WriteLine($"tokens: {string.Join(", ", report.Tokens)}");
        output.WriteLine($"stats: {report.Stats}");
        output.WriteLine($"buffer: {report.Buffer}");
        output.WriteLine($"account: {report.Account}");
        foreach (var line in report.Recorded) output.WriteLine($"recorded: {line}");
    }

    /// <summary>tests/components/out above the working directory or the program.</summary>
    public static string FindComponents()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "tests", "components", "out");
                if (File.Exists(Path.Combine(candidate, "compose-js.wasm"))) return candidate;
            }
        throw new FileNotFoundException("tests/components/out/compose-js.wasm was not found: run tests/components/build.sh");
    }
}
