using System.Diagnostics;
using ComposeExample;
using Wasm.Components.Composition;

namespace Wasm.Components.Tests.Composition;

/// <summary>
/// examples/compose: a JavaScript component (componentize-js) whose imports are a C component's export and a C#
/// implementation through generated bindings. Run as one linker graph, as the component <see cref="ComponentComposer"/>
/// writes, and that same composed binary under jco and node, every run must give the same output: strings, lists,
/// records, variants (with and without payloads), an enum, options and results crossing JavaScript↔C and JavaScript↔C#, a C resource and C#
/// resources created, used and dropped from JavaScript, and no handle left in any table.
/// </summary>
public sealed class ComposeExampleTests
{
    /// <summary>What the C# journal logs while the application runs (resources opened and dropped).</summary>
    private const string JournalLog = """
        [c#] open account scratch
        [c#] closed account scratch at -1
        [c#] open account js
        [c#] closed account js at 15

        """;

    /// <summary>The report the JavaScript export returns.</summary>
    private const string Report = """
        tokens: word(compose), gap(1), number(3), gap(1), word(wörlds), gap(2), word(in), gap(1), number(12), gap(1), word(steps)
        stats: 4 words, 2 numbers, total 15, longest compose
        buffer: shouted: 1. COMPOSE | 2. WöRLDS | 3. IN | 4. STEPS
        account: js: 15 in 2 deposits (3 12)
        recorded: ok(1)
        recorded: err(empty message from a script)
        recorded: ok(2)
        recorded: warn script "shouted: 1. COMPOSE | 2. WöRLDS | 3. IN | 4. STEPS" [c, buffer, ünïcode]
        recorded: info text-tools(4) "4 words, 2 numbers, total 15, longest compose" [c, summary]

        """;

    private static string Components => Scenario.FindComponents();

    [Fact]
    public void RuntimeLinkerGraph()
    {
        var output = new StringWriter { NewLine = "\n" };
        bool clean = Scenario.Run(output, Components);
        Assert.Equal(JournalLog + Report + "handles left: javascript 0, c 0, c# accounts 0\n", output.ToString());
        Assert.True(clean);
    }

    [Fact]
    public void ComposedComponentInThisRuntime()
    {
        var output = new StringWriter { NewLine = "\n" };
        bool clean = Scenario.Run(output, Components, composed: true);
        // The JavaScript and C instances are nested in the composition: its count covers their tables.
        Assert.Equal(JournalLog + Report + "handles left: composition (javascript and c inside) 0, c# accounts 0\n", output.ToString());
        Assert.True(clean);
    }

    [Fact]
    public void ComposedImportsWhatNoPlugSupplies()
    {
        var engine = new Engine();
        var js = File.ReadAllBytes(Path.Combine(Components, "compose-js.wasm"));
        var c = File.ReadAllBytes(Path.Combine(Components, "compose-c.wasm"));
        var composed = ComponentComposer.Plug(engine, js, [c]);

        Assert.Equal([new KeyValuePair<string, int>(Scenario.Text, 0)], composed.Plugged);
        var type = Component.FromBytes(engine, composed.Bytes).Type;
        var imports = type.Imports.Select(i => i.Key).ToArray();
        Assert.Equal(composed.Imports, imports);
        Assert.Contains(Scenario.JournalInterface, imports);
        Assert.DoesNotContain(Scenario.Text, imports);
        Assert.Equal(["example:compose/app@0.1.0"], type.Exports.Select(e => e.Key));
        // Every import of the JavaScript component except the plugged one, in its order.
        var expected = Component.FromBytes(engine, js).Type.Imports.Select(i => i.Key).Where(n => n != Scenario.Text);
        Assert.Equal(expected, imports);
    }

    [Fact]
    public void PlugThatSuppliesNothingIsRejected()
    {
        var engine = new Engine();
        var js = File.ReadAllBytes(Path.Combine(Components, "compose-js.wasm"));
        var e2e = File.ReadAllBytes(Path.Combine(Components, "e2e-c.wasm"));
        var e = Assert.Throws<LinkException>(() => ComponentComposer.Plug(engine, js, [e2e]));
        Assert.Contains("plug 1 exports nothing the socket imports", e.Message);
    }

    /// <summary>The composed binary under another runtime: jco transpiles it to JavaScript, node runs it with the
    /// journal written in JavaScript (examples/compose/node/journal.js, the same behaviour as the C# one).</summary>
    [NodeFact]
    public void ComposedComponentUnderJco()
    {
        var engine = new Engine();
        var js = File.ReadAllBytes(Path.Combine(Components, "compose-js.wasm"));
        var c = File.ReadAllBytes(Path.Combine(Components, "compose-c.wasm"));
        var composed = ComponentComposer.Plug(engine, js, [c]);

        var root = Path.GetFullPath(Path.Combine(Components, "..", "..", ".."));
        var example = Path.Combine(root, "examples", "compose", "node");
        var tools = Path.GetFullPath(Path.Combine(root, "..", "shared", "tools"));
        var work = Directory.CreateTempSubdirectory("compose-jco-");
        try
        {
            var wasm = Path.Combine(work.FullName, "composed.wasm");
            File.WriteAllBytes(wasm, composed.Bytes);
            var outDir = Path.Combine(work.FullName, "out");
            Run(Path.Combine(tools, "jco.sh"), ["transpile", wasm, "-o", outDir, "--no-typescript", "--quiet",
                "--map", $"{Scenario.JournalInterface}={Path.Combine(example, "journal.js")}"]);
            // The transpiled code imports the WASI shim by package name: it resolves from the shared tools' install.
            var modules = Run(Path.Combine(tools, "js-tools.sh"), []).Trim();
            Directory.CreateSymbolicLink(Path.Combine(outDir, "node_modules"), Path.Combine(modules, "node_modules"));

            var stdout = Run("node", [Path.Combine(example, "run.mjs"), outDir]);
            Assert.Equal(JournalLog + Report, stdout);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static string Run(string program, string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new Xunit.Sdk.XunitException($"{Path.GetFileName(program)} {string.Join(' ', args)} exited with {process.ExitCode}:\n{stderr.Result}\n{stdout}");
        return stdout;
    }
}

/// <summary>A fact that needs node on PATH (CI has it); skipped with the reason otherwise.</summary>
public sealed class NodeFactAttribute : FactAttribute
{
    private static readonly Lazy<bool> NodeAvailable = new(() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Any(dir => dir.Length > 0 && File.Exists(Path.Combine(dir, "node"))));

    public NodeFactAttribute()
    {
        if (!NodeAvailable.Value) Skip = "node is not on PATH: the jco run of the composed component needs node";
    }
}
