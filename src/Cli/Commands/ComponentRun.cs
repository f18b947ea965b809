using Wasm;
using Wasm.Components;
using Wasm.Components.Types;
using Wasm.Components.Wave;
using Wasm.Wasi;
using Wasm.Wasi.Preview2;

namespace WasmCs.Cli.Commands;

/// <summary>
/// <c>wasmcs run</c> for a component: WASI 0.2 with the same capabilities as for a module (the host's stdio,
/// <c>--dir</c>, <c>--env</c>, arguments), then either its <c>wasi:cli/run</c> export (the exit code is 0 for
/// <c>ok</c>, 1 for <c>err</c>, or what the guest passed to <c>wasi:cli/exit</c>) or, with
/// <c>--invoke 'NAME(ARGS)'</c>, one export called with arguments written in WAVE, its result printed in WAVE.
/// </summary>
internal static class ComponentRun
{
    public static int Run(string path, string[] guestArgs, CoreRun.Options options, TextWriter stdout, TextWriter stderr)
    {
        if (options.TcpListen.Count > 0)
        {
            stderr.WriteLine("wasmcs run: --tcplisten applies to preview1 modules; a component creates its sockets through wasi:sockets");
            return 2;
        }
        var engine = CoreRun.EngineFor(options);
        var component = Component.FromFile(engine, path);
        var config = CoreRun.Config(path, guestArgs, options, out _);
        // With --invoke the call's arguments are in the expression, so the remaining ones are still the guest's.
        if (options.Invoke is not null) foreach (var a in guestArgs) config.Args.Add(a);

        var linker = new ComponentLinker(engine);
        using var wasi = WasiP2.AddToLinker(linker, config);
        // wasi:http types and the outgoing handler (which denies every request not allowed by --allow-http):
        // toolchains such as componentize-js import them in every component, commands included.
        using var httpConfig = new Wasm.Wasi.Http.WasiHttpConfig();
        foreach (var destination in options.AllowHttp) httpConfig.AllowOutgoing(destination);
        using var http = Wasm.Wasi.Http.WasiHttp.AddToLinker(linker, httpConfig);
        // Sightglass benchmarks import `bench` with `start` and `end` around the measured span.
        if (component.Type.Imports.Any(i => i.Key == "bench"))
            linker.Instance("bench").DefineFunction("start", static _ => null).DefineFunction("end", static _ => null);
        var store = new Store(engine);
        if (options.MaxMemory is { } maxMemory) store.Limiter = new StoreLimitsBuilder().MemorySize(maxMemory).Build();
        if (options.Fuel is { } fuel) store.SetFuel(fuel);
        if (options.Timeout is not null) store.SetEpochDeadline(1);
        using var timer = options.Timeout is { } timeout ? new Timer(_ => engine.IncrementEpoch(), null, timeout, System.Threading.Timeout.InfiniteTimeSpan) : null;
        try
        {
            var instance = linker.Instantiate(store, component);
            if (options.Invoke is null)
            {
                if (instance.GetFunc("wasi:cli/run#run") is null)
                {
                    stderr.WriteLine($"wasmcs run: {path} exports no wasi:cli/run; name an export with --invoke 'NAME(ARGS)'");
                    stderr.WriteLine("exported functions: " + string.Join(", ", ExportedFunctions(instance.Exports)));
                    return 1;
                }
                return WasiP2Context.RunCommand(instance);
            }
            return WasiP2Context.Run(() => Invoke(instance, options.Invoke, stdout, stderr));
        }
        catch (WasiExitException e)
        {
            return e.ExitCode;
        }
        catch (TrapException e)
        {
            stderr.WriteLine($"wasmcs run: {path}: trap: {e.Message}");
            return CoreRun.TrapExitCode;
        }
    }

    private static int Invoke(ComponentInstance instance, string invoke, TextWriter stdout, TextWriter stderr)
    {
        var (name, argsText) = WaveParser.ParseCall(invoke);
        var func = instance.GetFunc(name);
        if (func is null)
        {
            stderr.WriteLine($"wasmcs run: the component exports no function named '{name}'");
            stderr.WriteLine("exported functions: " + string.Join(", ", ExportedFunctions(instance.Exports)));
            return 1;
        }
        var paramTypes = new WitType[func.Type.Params.Count];
        for (int p = 0; p < paramTypes.Length; p++) paramTypes[p] = func.Type.Params[p].Type;
        var values = WaveParser.ParseArgs(argsText, paramTypes);
        var result = func.Call(values);
        if (result is not null) stdout.WriteLine(WaveWriter.ToString(result));
        return 0;
    }

    internal static IEnumerable<string> ExportedFunctions(IReadOnlyList<KeyValuePair<string, ExternType>> exports)
    {
        foreach (var (name, type) in exports)
        {
            if (type is FuncExternType) yield return name;
            else if (type is InstanceType it)
                foreach (var (n, t) in it.Exports)
                    if (t is FuncExternType) yield return name + "#" + n;
        }
    }
}
