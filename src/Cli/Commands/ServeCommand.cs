using Wasm;
using Wasm.Components;
using Microsoft.Extensions.Hosting;
using Wasm.Http;
using Wasm.Wasi.Http;

namespace WasmCs.Cli.Commands;

/// <summary>
/// <c>wasmcs serve COMPONENT [--addr HOST:PORT] [--timeout SECONDS] [--fuel N] [--allow-http DEST]...</c>: serves a
/// <c>wasi:http/proxy</c> component on Kestrel, a fresh instance per request. Its outgoing requests may go only to
/// the <c>--allow-http</c> destinations, over one connection pool shared by all requests.
/// </summary>
public static class ServeCommand
{
    private const string Usage = "usage: wasmcs serve [--addr HOST:PORT] [--timeout SECONDS] [--fuel N] [--max-concurrency N] [--max-memory BYTES] [--log-requests] [--allow-http [SCHEME://]HOST[:PORT]]... COMPONENT";

    /// <summary>Serves until the process is stopped (Ctrl+C); 1 for a load or link error, 2 for bad usage.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        string? path = null;
        string address = "127.0.0.1:8080";
        var timeout = TimeSpan.FromSeconds(30);
        ulong? fuel = null;
        using var http = new WasiHttpConfig();
        int? maxConcurrency = null;
        ulong? maxMemory = null;
        var logging = WasiHttpServerLogging.Failures;
        for (int i = 0; i < args.Length; i++)
        {
            string arg = args[i];
            string? Value() => i + 1 < args.Length ? args[++i] : null;
            switch (arg)
            {
                case "--addr":
                    if (Value() is not { } addr) return BadUsage(stderr, "--addr needs HOST:PORT");
                    address = addr;
                    break;
                case "--timeout":
                    if (!double.TryParse(Value(), System.Globalization.CultureInfo.InvariantCulture, out double seconds) || seconds <= 0)
                        return BadUsage(stderr, "--timeout needs a positive number of seconds");
                    timeout = TimeSpan.FromSeconds(seconds);
                    break;
                case "--fuel":
                    if (!ulong.TryParse(Value(), out ulong units)) return BadUsage(stderr, "--fuel needs a number");
                    fuel = units;
                    break;
                case "--allow-http":
                    if (Value() is not { } destination || !OutgoingRule.TryParse(destination, out _))
                        return BadUsage(stderr, "--allow-http needs a destination such as example.com, localhost:8080 or https://api.example.com");
                    http.AllowOutgoing(destination);
                    break;
                case "--max-concurrency":
                    if (!int.TryParse(Value(), out int most) || most < 1) return BadUsage(stderr, "--max-concurrency needs a positive number");
                    maxConcurrency = most;
                    break;
                case "--max-memory":
                    if (Value() is not { } size || RunCommand.ParseByteSize(size) is not { } bytes)
                        return BadUsage(stderr, "--max-memory needs a size such as 65536, 64KiB, 64MiB or 1GiB");
                    maxMemory = bytes;
                    break;
                case "--log-requests":
                    logging = WasiHttpServerLogging.Requests;
                    break;
                default:
                    if (arg.StartsWith('-') || path is not null) return BadUsage(stderr, $"unexpected argument '{arg}'");
                    path = arg;
                    break;
            }
        }
        if (path is null) return BadUsage(stderr, "no component given");

        HttpComponent component;
        try
        {
            component = new HttpComponent(File.ReadAllBytes(path), new HttpGuestLimits { Timeout = timeout, Fuel = fuel, Http = http, MaxConcurrency = maxConcurrency, MaxMemory = maxMemory });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or WasmException or ArgumentException)
        {
            stderr.WriteLine($"wasmcs serve: {path}: {e.Message}");
            return 1;
        }
        using (component)
        {
            var app = WasiHttpServer.StartAsync(component, address, logging).GetAwaiter().GetResult();
            stdout.WriteLine($"serving {path} on {string.Join(", ", app.Urls)}");
            stdout.Flush();
            app.WaitForShutdown();
        }
        return 0;
    }

    private static int BadUsage(TextWriter stderr, string message)
    {
        stderr.WriteLine("wasmcs serve: " + message);
        stderr.WriteLine(Usage);
        return 2;
    }
}
