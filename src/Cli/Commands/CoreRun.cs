using System.Globalization;
using Wasm;
using Wasm.Wasi;

namespace WasmCs.Cli.Commands;

/// <summary>
/// <c>wasmcs run</c> for a core module: WASI preview1 with the host's stdio, the granted directories and
/// environment; runs <c>_start</c> (the guest's exit code becomes the process's) or, with <c>--invoke</c>, one
/// export with the remaining arguments as its parameters, printing its results.
/// </summary>
internal static class CoreRun
{
    /// <summary>Exit code after a trap, as a shell reports a process killed by SIGABRT (Wasmtime does the same).</summary>
    internal const int TrapExitCode = 134;

    public sealed class Options
    {
        public List<(string Host, string Guest)> Dirs { get; } = [];
        public List<KeyValuePair<string, string>> Env { get; } = [];
        public bool InheritEnv { get; set; }
        public string? Invoke { get; set; }
        public List<System.Net.IPEndPoint> TcpListen { get; } = [];
        /// <summary>Address ranges a component may bind, connect and send to through wasi:sockets (none: denied).</summary>
        public List<System.Net.IPNetwork> AllowIp { get; } = [];
        /// <summary>Whether a component may resolve names through wasi:sockets/ip-name-lookup.</summary>
        public bool AllowNameLookup { get; set; }
        /// <summary>Destinations a component may send requests to through wasi:http/outgoing-handler (none: denied).</summary>
        public List<string> AllowHttp { get; } = [];
        /// <summary>Instructions the guest may execute (<see cref="EngineConfig.ConsumeFuel"/>); unlimited when null.</summary>
        public ulong? Fuel { get; set; }
        /// <summary>Wall-clock time after which the guest is interrupted; unlimited when null.</summary>
        public TimeSpan? Timeout { get; set; }
        /// <summary>Most bytes any linear memory of the guest may have; unlimited when null.</summary>
        public ulong? MaxMemory { get; set; }
        /// <summary>Tiered compilation (<see cref="EngineConfig.Tiering"/>) when the machine has a core to spare.</summary>
        public bool Tiering { get; set; } = true;
    }

    public static int Run(string path, string[] guestArgs, Options options, TextWriter stdout, TextWriter stderr)
    {
        if (options.AllowIp.Count > 0 || options.AllowNameLookup || options.AllowHttp.Count > 0)
        {
            stderr.WriteLine("wasmcs run: --allow-ip, --allow-name-lookup and --allow-http apply to components (wasi:sockets, wasi:http); a preview1 module gets listening sockets with --tcplisten");
            return 2;
        }
        var engine = EngineFor(options);
        var module = path.EndsWith(".wat", StringComparison.OrdinalIgnoreCase)
            ? Module.FromText(engine, File.ReadAllText(path))
            : Module.FromFile(engine, path);

        var config = Config(path, guestArgs, options, out var listeners);
        using var closeListeners = new Disposer(listeners);

        var linker = new Linker(engine);
        using var wasi = Wasi.AddToLinker(linker, config);
        DefineBenchHooks(linker, module);
        var store = new Store(engine);
        if (options.MaxMemory is { } maxMemory) store.Limiter = new StoreLimitsBuilder().MemorySize(maxMemory).Build();
        if (options.Fuel is { } fuel) store.SetFuel(fuel);
        // One tick is the whole budget: a one-shot timer advances the epoch when the time is up. Start code runs
        // under the limits too, so set them before instantiating.
        if (options.Timeout is not null) store.SetEpochDeadline(1);
        using var timer = options.Timeout is { } timeout ? new Timer(_ => engine.IncrementEpoch(), null, timeout, System.Threading.Timeout.InfiniteTimeSpan) : null;
        try
        {
            // Inside the try: a trap in the start function is a trap like any other.
            var instance = linker.Instantiate(store, module);
            // A module without memory cannot pass WASI pointers, but its other exports may still be invoked.
            if (instance.GetMemory("memory") is { } memory) wasi.Bind(memory);
            if (options.Invoke is null)
            {
                var start = instance.GetFunction("_start");
                if (start is null)
                {
                    stderr.WriteLine($"wasmcs run: {path} exports no _start; name an export with --invoke");
                    return 1;
                }
                return WasiContext.Run(start.AsDelegate<Action>());
            }
            return Invoke(instance, options.Invoke, guestArgs, stdout, stderr);
        }
        catch (WasiExitException e)
        {
            return e.ExitCode;
        }
        catch (TrapException e)
        {
            stderr.WriteLine($"wasmcs run: {path}: trap: {e.Message}");
            return TrapExitCode;
        }
    }

    /// <summary>The engine a run uses: fuel and epoch checks compiled in only when --fuel or --timeout asks for
    /// them; with a core to spare, tiered compilation (unless --no-tiering), and machine code for the guest's
    /// functions generated there ahead of their first calls.</summary>
    internal static Engine EngineFor(Options options) => new(new EngineConfig
    {
        ConsumeFuel = options.Fuel is not null,
        EpochInterruption = options.Timeout is not null,
        BackgroundCompilation = Environment.ProcessorCount > 1,
        Tiering = options.Tiering && Environment.ProcessorCount > 1,
    });

    /// <summary>
    /// The guest's capabilities from the flags, shared by modules and components: the host's stdio, the file name
    /// and <paramref name="guestArgs"/> as arguments (none with <c>--invoke</c>), the environment, the directories,
    /// and the listening sockets (returned for closing).
    /// </summary>
    internal static WasiConfig Config(string path, string[] guestArgs, Options options, out List<System.Net.Sockets.Socket> listeners)
    {
        var config = new WasiConfig { InheritStdio = true };
        config.Args.Add(path);
        foreach (var a in options.Invoke is null ? guestArgs : []) config.Args.Add(a);
        if (options.InheritEnv) config.InheritEnv();
        foreach (var e in options.Env) config.Env.Add(e);
        foreach (var (host, guest) in options.Dirs) config.PreopenDirectory(host, guest);
        foreach (var network in options.AllowIp) config.SocketAddresses.Add(network);
        config.AllowNameLookup = options.AllowNameLookup;
        listeners = new List<System.Net.Sockets.Socket>();
        foreach (var endpoint in options.TcpListen)
        {
            var listener = new System.Net.Sockets.Socket(endpoint.AddressFamily, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
            listeners.Add(listener);
            listener.Bind(endpoint);
            listener.Listen();
            config.PreopenSocket(listener);
        }
        return config;
    }

    /// <summary>Sightglass benchmarks import <c>bench.start</c> and <c>bench.end</c> around the measured span.</summary>
    private static void DefineBenchHooks(Linker linker, Module module)
    {
        foreach (var import in module.Imports)
        {
            if (import.Module == "bench" && import.Kind == ExternKind.Func && linker.Get("bench", import.Name) is null)
                linker.DefineFunction("bench", import.Name, static () => { });
        }
    }

    private static int Invoke(Instance instance, string name, string[] args, TextWriter stdout, TextWriter stderr)
    {
        var func = instance.GetFunction(name);
        if (func is null)
        {
            stderr.WriteLine($"wasmcs run: the module exports no function named '{name}'");
            return 1;
        }
        var parameters = func.Type.Parameters;
        if (args.Length != parameters.Length)
        {
            stderr.WriteLine($"wasmcs run: '{name}' has type {func.Type}; pass {parameters.Length} argument(s) after the file");
            return 1;
        }
        var values = new Value[args.Length];
        for (var i = 0; i < args.Length; i++)
        {
            if (!TryParse(parameters[i], args[i], out values[i]))
            {
                stderr.WriteLine($"wasmcs run: argument {i + 1} ('{args[i]}') is not a {parameters[i]}");
                return 1;
            }
        }
        foreach (var result in func.Invoke(values)) stdout.WriteLine(Format(result));
        return 0;
    }

    private static bool TryParse(ValType type, string text, out Value value)
    {
        var inv = CultureInfo.InvariantCulture;
        value = default;
        switch (type.Kind)
        {
            case ValKind.I32 when int.TryParse(text, inv, out var i) || uint.TryParse(text, inv, out var u) && (i = (int)u) == i:
                value = Value.FromI32(i);
                return true;
            case ValKind.I64 when long.TryParse(text, inv, out var l) || ulong.TryParse(text, inv, out var ul) && (l = (long)ul) == l:
                value = Value.FromI64(l);
                return true;
            case ValKind.F32 when float.TryParse(text, inv, out var f):
                value = Value.FromF32(f);
                return true;
            case ValKind.F64 when double.TryParse(text, inv, out var d):
                value = Value.FromF64(d);
                return true;
            default:
                return false;
        }
    }

    private static string Format(Value v) => v.Type.Kind switch
    {
        ValKind.I32 => v.I32.ToString(CultureInfo.InvariantCulture),
        ValKind.I64 => v.I64.ToString(CultureInfo.InvariantCulture),
        ValKind.F32 => v.F32.ToString("R", CultureInfo.InvariantCulture),
        ValKind.F64 => v.F64.ToString("R", CultureInfo.InvariantCulture),
        _ => v.ToObject()?.ToString() ?? "null",
    };

    /// <summary>Closes the host's listening sockets when the run ends.</summary>
    internal sealed class Disposer(List<System.Net.Sockets.Socket> sockets) : IDisposable
    {
        public void Dispose()
        {
            foreach (var s in sockets) s.Dispose();
        }
    }
}
