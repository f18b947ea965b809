using Wasm;
using Wasm.Components;
using Wasm.Components.Types;
using Wasm.Components.Wave;

namespace WasmCs.Cli.Commands;

/// <summary>
/// <c>wasmcs run [OPTIONS] FILE [ARGS...]</c>. A core module runs under WASI preview1 (see <see cref="CoreRun"/>),
/// a component under WASI 0.2 (see <see cref="ComponentRun"/>): its <c>wasi:cli/run</c> export, or with
/// <c>--invoke 'EXPR'</c> one export called with arguments written in WAVE (<c>'greet({name: "Ada", age: 36})'</c>,
/// <c>'test:numbers/test#roundtrip-u8(1)'</c>), printing the result in WAVE.
/// </summary>
public static class RunCommand
{
    private const string Usage = """
        usage: wasmcs run [--dir HOST[::GUEST]]... [--env NAME[=VALUE]]... [--env-inherit] [--tcplisten ADDR:PORT]...
                          [--fuel N] [--timeout DURATION] [--max-memory BYTES] [--no-tiering] [--invoke NAME] MODULE [ARGS...]
               wasmcs run [--dir HOST[::GUEST]]... [--env NAME[=VALUE]]... [--env-inherit] [--allow-ip CIDR]...
                          [--allow-name-lookup] [--allow-http [SCHEME://]HOST[:PORT]]... [--fuel N] [--timeout DURATION]
                          [--max-memory BYTES] [--no-tiering] [--invoke 'NAME(ARGS)'] COMPONENT [ARGS...]
        """;

    /// <summary>
    /// Runs the command: the guest's exit code (134 after a trap, in a start function too; the message goes to
    /// stderr), 1 for a load, link or argument error, 2 for bad usage. A component's exit code is 0 when wasi:cli/run returns ok (or an invoked export returns), 1 for err.
    /// </summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        string? path = null;
        var options = new CoreRun.Options();
        var i = 0;
        for (; i < args.Length && path is null; i++)
        {
            var arg = args[i];
            string? Value(string name)
            {
                if (arg.StartsWith(name + "=", StringComparison.Ordinal)) return arg[(name.Length + 1)..];
                return i + 1 < args.Length ? args[++i] : null;
            }
            if (arg is "--invoke" || arg.StartsWith("--invoke=", StringComparison.Ordinal))
            {
                if ((options.Invoke = Value("--invoke")) is null) return BadUsage(stderr, "--invoke needs a value");
            }
            else if (arg is "--dir" || arg.StartsWith("--dir=", StringComparison.Ordinal))
            {
                if (Value("--dir") is not { } dir) return BadUsage(stderr, "--dir needs a value");
                var sep = dir.IndexOf("::", StringComparison.Ordinal);
                options.Dirs.Add(sep < 0 ? (dir, dir) : (dir[..sep], dir[(sep + 2)..]));
            }
            else if (arg is "--env" || arg.StartsWith("--env=", StringComparison.Ordinal))
            {
                if (Value("--env") is not { } env) return BadUsage(stderr, "--env needs a value");
                var eq = env.IndexOf('=', StringComparison.Ordinal);
                // NAME alone passes the host's value through.
                var value = eq < 0 ? Environment.GetEnvironmentVariable(env) : env[(eq + 1)..];
                if (value is not null) options.Env.Add(new(eq < 0 ? env : env[..eq], value));
            }
            else if (arg is "--env-inherit") options.InheritEnv = true;
            else if (arg is "--allow-ip" || arg.StartsWith("--allow-ip=", StringComparison.Ordinal))
            {
                if (Value("--allow-ip") is not { } range || !Wasm.Wasi.WasiConfig.TryParseAddressRange(range, out var network))
                    return BadUsage(stderr, "--allow-ip needs an address or CIDR range such as 127.0.0.1/32 or ::1");
                options.AllowIp.Add(network);
            }
            else if (arg is "--allow-name-lookup") options.AllowNameLookup = true;
            else if (arg is "--no-tiering") options.Tiering = false;
            else if (arg is "--allow-http" || arg.StartsWith("--allow-http=", StringComparison.Ordinal))
            {
                if (Value("--allow-http") is not { } destination || !Wasm.Wasi.Http.OutgoingRule.TryParse(destination, out _))
                    return BadUsage(stderr, "--allow-http needs a destination such as example.com, localhost:8080 or https://api.example.com");
                options.AllowHttp.Add(destination);
            }
            else if (arg is "--fuel" || arg.StartsWith("--fuel=", StringComparison.Ordinal))
            {
                if (Value("--fuel") is not { } text || !ulong.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var fuel))
                    return BadUsage(stderr, "--fuel needs a number of instructions");
                options.Fuel = fuel;
            }
            else if (arg is "--timeout" || arg.StartsWith("--timeout=", StringComparison.Ordinal))
            {
                if (Value("--timeout") is not { } text || ParseDuration(text) is not { } timeout)
                    return BadUsage(stderr, "--timeout needs a duration such as 2s, 500ms or 1m");
                options.Timeout = timeout;
            }
            else if (arg is "--max-memory" || arg.StartsWith("--max-memory=", StringComparison.Ordinal))
            {
                if (Value("--max-memory") is not { } text || ParseByteSize(text) is not { } bytes)
                    return BadUsage(stderr, "--max-memory needs a size such as 65536, 64KiB, 64MiB or 1GiB");
                options.MaxMemory = bytes;
            }
            else if (arg is "--tcplisten" || arg.StartsWith("--tcplisten=", StringComparison.Ordinal))
            {
                if (Value("--tcplisten") is not { } addr || !System.Net.IPEndPoint.TryParse(addr, out var endpoint))
                    return BadUsage(stderr, "--tcplisten needs an address such as 127.0.0.1:8080");
                options.TcpListen.Add(endpoint);
            }
            else if (arg is "-h" or "--help") { stdout.WriteLine(Usage); return 0; }
            else if (arg.StartsWith("--", StringComparison.Ordinal)) return BadUsage(stderr, $"unexpected argument '{arg}'");
            else path = arg;
        }
        var guestArgs = args[i..];
        if (path is null) { stderr.WriteLine(Usage); return 2; }
        if (!File.Exists(path))
        {
            stderr.WriteLine($"wasmcs run: no such file: {path}");
            return 1;
        }

        if (IsCoreModule(path))
        {
            try
            {
                return CoreRun.Run(path, guestArgs, options, stdout, stderr);
            }
            catch (Exception e) when (e is WasmException or IOException or ArgumentException or PlatformNotSupportedException or System.Net.Sockets.SocketException)
            {
                stderr.WriteLine($"wasmcs run: {path}: {e.Message}");
                return 1;
            }
        }

        try
        {
            return ComponentRun.Run(path, guestArgs, options, stdout, stderr);
        }
        catch (WaveFormatException e)
        {
            stderr.WriteLine($"wasmcs run: bad --invoke expression: {e.Message}");
            return 1;
        }
        catch (TrapException e)
        {
            stderr.WriteLine($"wasmcs run: {path}: trap: {e.Message}");
            return CoreRun.TrapExitCode;
        }
        catch (WasmException e)
        {
            stderr.WriteLine($"wasmcs run: {path}: {e.Message}");
            return 1;
        }
        catch (Exception e) when (e is ArgumentException or IOException or PlatformNotSupportedException)
        {
            stderr.WriteLine($"wasmcs run: {e.Message}");
            return 1;
        }
    }

    /// <summary>A positive duration: a number with the unit <c>ms</c>, <c>s</c>, <c>m</c> or <c>h</c> (seconds when
    /// omitted).</summary>
    internal static TimeSpan? ParseDuration(string text)
    {
        var units = new (string Suffix, double Seconds)[] { ("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600) };
        var (number, scale) = (text, 1.0);
        foreach (var (suffix, seconds) in units)
        {
            if (text.EndsWith(suffix, StringComparison.Ordinal))
            {
                (number, scale) = (text[..^suffix.Length], seconds);
                break;
            }
        }
        if (!double.TryParse(number, System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out var value)
            || value <= 0 || value * scale > TimeSpan.MaxValue.TotalSeconds / 2)
            return null;
        return TimeSpan.FromSeconds(value * scale);
    }

    /// <summary>A number of bytes, optionally with a binary suffix (<c>KiB</c>, <c>MiB</c>, <c>GiB</c>, also written
    /// <c>K</c>, <c>M</c>, <c>G</c>, <c>KB</c>, <c>MB</c>, <c>GB</c>, all powers of 1024) or <c>B</c>.</summary>
    internal static ulong? ParseByteSize(string text)
    {
        var units = new (string Suffix, int Shift)[]
        {
            ("KiB", 10), ("MiB", 20), ("GiB", 30), ("KB", 10), ("MB", 20), ("GB", 30), ("K", 10), ("M", 20), ("G", 30), ("B", 0),
        };
        var (number, shift) = (text, 0);
        foreach (var (suffix, s) in units)
        {
            if (text.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                (number, shift) = (text[..^suffix.Length], s);
                break;
            }
        }
        if (!ulong.TryParse(number, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value)
            || value > ulong.MaxValue >> shift)
            return null;
        return value << shift;
    }

    private static int BadUsage(TextWriter stderr, string message)
    {
        stderr.WriteLine("wasmcs run: " + message);
        stderr.WriteLine(Usage);
        return 2;
    }

    /// <summary>A core module's preamble (version 1) or WebAssembly text; a component has layer 1.</summary>
    private static bool IsCoreModule(string path)
    {
        if (path.EndsWith(".wat", StringComparison.OrdinalIgnoreCase)) return true;
        Span<byte> header = stackalloc byte[8];
        using var file = File.OpenRead(path);
        var read = file.ReadAtLeast(header, 8, throwOnEndOfStream: false);
        // A precompiled artifact (wasmcs compile) is a PE image: it holds a core module.
        if (read >= 2 && header[0] == (byte)'M' && header[1] == (byte)'Z') return true;
        return read == 8 && header[4] == 1 && header[5] == 0 && header[6] == 0 && header[7] == 0;
    }
}
