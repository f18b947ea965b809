using Wasm;
using Wasm.Components;
using Wasm.Components.Composition;

namespace WasmCs.Cli.Commands;

/// <summary>
/// <c>wasmcs compose SOCKET --plug PLUG... -o OUT</c>: writes a component that instantiates SOCKET with the exports
/// of the plugs supplying its imports of the same name (as <c>wac plug</c> does). What no plug supplies, and what the
/// plugs import, becomes an import of the result; the result exports what SOCKET exports. The result is validated
/// before it is written.
/// </summary>
public static class ComposeCommand
{
    private const string Usage = "usage: wasmcs compose SOCKET.wasm --plug PLUG.wasm [--plug PLUG.wasm ...] -o OUT.wasm";

    /// <summary>Runs the command; 0 on success, 1 for components that cannot be composed, 2 for bad usage.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        string? socket = null, output = null;
        var plugs = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            string arg = args[i];
            if (arg is "-h" or "--help")
            {
                stdout.WriteLine(Usage);
                return 0;
            }
            if (arg is "--plug" or "-o" or "--output")
            {
                if (i + 1 >= args.Length) return Fail(stderr, $"{arg} needs a file name");
                if (arg == "--plug") plugs.Add(args[++i]);
                else if (output is not null) return Fail(stderr, "the output is given twice");
                else output = args[++i];
            }
            else if (arg.StartsWith('-') || socket is not null) return Fail(stderr, $"unexpected argument '{arg}'");
            else socket = arg;
        }
        if (socket is null) return Fail(stderr, "no socket component given");
        if (plugs.Count == 0) return Fail(stderr, "no --plug given");
        if (output is null) return Fail(stderr, "no output file given (-o)");

        string current = socket;
        try
        {
            var engine = new Engine();
            var socketBytes = File.ReadAllBytes(socket);
            var socketType = Component.FromBytes(engine, socketBytes).Type;
            var plugBytes = new List<ReadOnlyMemory<byte>>(plugs.Count);
            var plugTypes = new List<Wasm.Components.Types.ComponentType>(plugs.Count);
            foreach (var plug in plugs)
            {
                current = plug;
                var bytes = File.ReadAllBytes(plug);
                plugTypes.Add(Component.FromBytes(engine, bytes).Type);
                plugBytes.Add(bytes);
            }
            current = socket;
            var composed = ComponentComposer.Plug(socketBytes, socketType, plugBytes, plugTypes);

            // What is written must load: an encoding mistake is reported here, not by whichever runtime runs it.
            current = "the composed component";
            Component.Validate(engine, composed.Bytes);
            File.WriteAllBytes(output, composed.Bytes);

            foreach (var (import, plug) in composed.Plugged) stdout.WriteLine($"plugged {import} <- {plugs[plug]}");
            stdout.WriteLine($"wrote {output}: {composed.Bytes.Length} bytes, {composed.Imports.Count} imports left");
            return 0;
        }
        catch (WasmException e)
        {
            stderr.WriteLine($"wasmcs compose: {current}: {e.Message}");
            return 1;
        }
        catch (IOException e)
        {
            stderr.WriteLine($"wasmcs compose: {e.Message}");
            return 1;
        }
        catch (UnauthorizedAccessException e)
        {
            stderr.WriteLine($"wasmcs compose: {e.Message}");
            return 1;
        }
    }

    private static int Fail(TextWriter stderr, string message)
    {
        stderr.WriteLine($"wasmcs compose: {message}");
        stderr.WriteLine(Usage);
        return 2;
    }
}
