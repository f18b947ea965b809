using System.Text;
using Wasm.Components;
using Wasm.Wasi.Preview2;

namespace Wasm.Wasi.Tests.Preview2;

/// <summary>
/// tests/components/c/cli.c, a C command built as a component (wasi-libc on the preview1 adapter): it prints its
/// arguments and environment, reads a file from the preopened directory, writes another, lists the directory and
/// tries three ways out. <c>wasmcs run</c> must produce exactly what jco's node host produces for the same run.
/// </summary>
public sealed class CommandComponentTests : IDisposable
{
    private static readonly string[] GuestArgs = ["x", "two words", "escape"];
    private static readonly (string Name, string Value)[] Env = [("A", "1"), ("B", "two = words")];

    private readonly string _work = Path.Combine(Path.GetTempPath(), "wasi-p2-cli-" + Guid.NewGuid().ToString("N"));
    private readonly string _component = TestComponents.PathOf("cli-c.wasm");

    public CommandComponentTests()
    {
        Directory.CreateDirectory(Path.Combine(_work, "data", "sub"));
        File.WriteAllText(Path.Combine(_work, "data", "input.txt"), "hello\nwasi world\n");
        File.WriteAllText(Path.Combine(_work, "outside.txt"), "secret\n");
        File.CreateSymbolicLink(Path.Combine(_work, "data", "link-out"), "..");
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private string Output => Path.Combine(_work, "data", "output.txt");

    private string[] WasmcsArgs(params string[] guestArgs)
    {
        var args = new List<string> { "--dir", "data" };
        foreach (var (name, value) in Env) args.AddRange(["--env", $"{name}={value}"]);
        args.Add(_component);
        args.AddRange(guestArgs);
        return args.ToArray();
    }

    private TestComponents.Run Jco(params string[] guestArgs) =>
        TestComponents.Jco(_work, _component, _component, guestArgs, [("data", "data")], Env);

    [Fact]
    public void StdinAndSleepMatchJcoRun()
    {
        // stdin is a pipe that wasi:io waits on; the sleep is poll_oneoff on a monotonic-clock pollable.
        const string input = "first line\nsecond\nthird, no newline";
        var ours = TestComponents.WasmcsWithStdin(_work, input, WasmcsArgs("sleep", "stdin"));
        var reference = TestComponents.Jco(_work, _component, _component, ["sleep", "stdin"], [("data", "data")], Env, input);
        Assert.True(reference.ExitCode == 0, $"jco run failed ({reference.ExitCode}): {reference.Stderr}");
        Assert.Equal(0, ours.ExitCode);
        Assert.Equal(reference.Stdout, ours.Stdout);
        Assert.EndsWith("slept at least 20 ms: yes\nstdin: 35 bytes, 2 lines\n", ours.Stdout);
    }

    [Fact]
    public void WasmcsRunMatchesJcoRun()
    {
        var ours = TestComponents.Wasmcs(_work, WasmcsArgs(GuestArgs));
        var oursWritten = File.ReadAllText(Output);
        File.Delete(Output);
        var reference = Jco(GuestArgs);
        var referenceWritten = File.ReadAllText(Output);

        Assert.True(reference.ExitCode == 0, $"jco run failed ({reference.ExitCode}): {reference.Stderr}");
        Assert.True(ours.ExitCode == 0, $"wasmcs run failed ({ours.ExitCode}): {ours.Stderr}");
        Assert.Equal(reference.Stdout, ours.Stdout);
        Assert.Equal(referenceWritten, oursWritten);

        // What both printed is what the program does, not an agreement on nothing.
        Assert.Equal("HELLO\nWASI WORLD\n2 lines\n", oursWritten);
        Assert.Equal(
            """
            arg 1: x
            arg 2: two words
            arg 3: escape
            env A=1
            env B=two = words
            read 17 bytes, 2 lines
            entry input.txt
            entry link-out
            entry output.txt
            entry sub/
            open data/../outside.txt: Operation not permitted
            open /etc/passwd: Capabilities insufficient
            open data/link-out/outside.txt: Operation not permitted

            """.ReplaceLineEndings("\n"), ours.Stdout);
        Assert.Equal("secret\n", File.ReadAllText(Path.Combine(_work, "outside.txt")));
    }

    [Fact]
    public void ExitStatusMatchesJcoRun()
    {
        // exit(3) in C reaches the host as wasi:cli/exit with err (the adapter has no other status to give): 1.
        var ours = TestComponents.Wasmcs(_work, WasmcsArgs("fail"));
        var reference = Jco("fail");
        Assert.Equal(1, reference.ExitCode);
        Assert.Equal(reference.ExitCode, ours.ExitCode);
        Assert.Equal(reference.Stdout, ours.Stdout);
        Assert.Contains("arg 1: fail", ours.Stdout);
    }

    [Fact]
    public void WithoutThePreopenNothingIsReachable()
    {
        var ours = TestComponents.Wasmcs(_work, _component);
        // main returns 2; through the preview1 adapter any nonzero status is wasi:cli/exit's err: 1.
        Assert.Equal(1, ours.ExitCode);
        // wasi-libc finds no preopen that could hold the path: ENOTCAPABLE, before the host is asked.
        Assert.Equal("cannot read data/input.txt: Capabilities insufficient\n", ours.Stdout);
        Assert.False(File.Exists(Output));
    }

    [Fact]
    public void EmbeddingRunsTheCommandWithCapturedStdio()
    {
        var engine = new Engine();
        var component = Component.FromFile(engine, _component);
        var stdout = new MemoryStream();
        var config = new WasiConfig { Stdout = stdout }.WithArgs("cli", "embedded").WithEnv("MODE", "api").PreopenDirectory(Path.Combine(_work, "data"), "data");
        var linker = new ComponentLinker(engine);
        using var wasi = WasiP2.AddToLinker(linker, config);
        var instance = linker.Instantiate(new Store(engine), component);

        Assert.Equal(0, WasiP2Context.RunCommand(instance));
        var text = Encoding.UTF8.GetString(stdout.ToArray());
        Assert.StartsWith("arg 1: embedded\nenv MODE=api\nread 17 bytes, 2 lines\n", text);
        Assert.Equal("HELLO\nWASI WORLD\n2 lines\n", File.ReadAllText(Output));
    }
}
