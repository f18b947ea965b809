using System.Text;
using Wasm.Components.Types;
using Wasm.Components.Values;

namespace Wasm.Components.Tests.Support;

/// <summary>The guest called <c>wasi:cli/exit.exit</c>.</summary>
public sealed class WasiExitException(int code) : Exception($"guest called wasi:cli/exit with status {code}")
{
    /// <summary>0 for <c>ok</c>, 1 for <c>err</c>.</summary>
    public int Code { get; } = code;
}

/// <summary>
/// A small WASI 0.2 host for the fixtures that import WASI (guests linked with the preview1 adapter): captured
/// stdout/stderr, an empty environment, no preopens (so no descriptor is ever handed out), no terminals, <c>exit</c>
/// as a <see cref="WasiExitException"/>, and wasi:io/poll with wasi:clocks/monotonic-clock on the real clock.
/// Given the component, only the interfaces, resources and functions it imports are defined, at the version(s) it
/// imports (all fixtures import @0.2.0; multi-version also imports poll and monotonic-clock @0.2.1); without a
/// component, everything below is defined at @0.2.0. The wall clock is imported by the fixtures only for its
/// <c>datetime</c> type, so nothing is defined there. Resources are defined where they are declared (wasi:io/streams,
/// wasi:filesystem/types, ...), not where an interface re-exports them with an <c>eq</c> bound (<c>output-stream</c>
/// in wasi:cli/stdout, <c>descriptor</c> in wasi:filesystem/preopens, ...): those resolve to the same type.
/// </summary>
public sealed class TestWasiHost
{
    public const string Version = "@0.2.0";

    private const uint StdinRep = 0;
    private const uint StdoutRep = 1;
    private const uint StderrRep = 2;

    private readonly MemoryStream _stdout = new();
    private readonly MemoryStream _stderr = new();
    private readonly object _gate = new();

    public ResourceType Pollable { get; } = new("pollable");
    public ResourceType Error { get; } = new("error");
    public ResourceType InputStream { get; } = new("input-stream");
    public ResourceType OutputStream { get; } = new("output-stream");
    public ResourceType Descriptor { get; } = new("descriptor");
    public ResourceType DirectoryEntryStream { get; } = new("directory-entry-stream");
    public ResourceType TerminalInput { get; } = new("terminal-input");
    public ResourceType TerminalOutput { get; } = new("terminal-output");

    /// <summary>Every WASI function the guest called, as <c>interface@version#name</c>, in order.</summary>
    public List<string> Calls { get; } = new();

    /// <summary>Bytes written to stdout so far, as UTF-8.</summary>
    public string Stdout { get { lock (_gate) return Encoding.UTF8.GetString(_stdout.ToArray()); } }

    /// <summary>Bytes written to stderr so far, as UTF-8.</summary>
    public string Stderr { get { lock (_gate) return Encoding.UTF8.GetString(_stderr.ToArray()); } }

    /// <summary>Defines the WASI imports of <paramref name="component"/> (all supported ones when null) in the linker.</summary>
    public static TestWasiHost AddTo(ComponentLinker linker, Component? component = null)
    {
        var host = new TestWasiHost();
        host.Define(linker, component);
        return host;
    }

    private void Define(ComponentLinker linker, Component? component)
    {
        Dictionary<string, InstanceType?>? imported = null;
        if (component is not null)
        {
            imported = new(StringComparer.Ordinal);
            foreach (var (name, type) in component.Type.Imports)
                if (name.StartsWith("wasi:", StringComparison.Ordinal)) imported[name] = type as InstanceType;
        }

        Scope? Open(string iface) => OpenAll(iface).FirstOrDefault();

        // Every imported version of an interface (multi-version imports both @0.2.0 and @0.2.1 of some); without a
        // component, the @0.2.0 one.
        IEnumerable<Scope> OpenAll(string iface)
        {
            if (imported is null)
            {
                yield return new Scope(this, iface + Version, linker.Instance(iface + Version), null);
                yield break;
            }
            foreach (var (name, type) in imported.OrderBy(p => p.Key, StringComparer.Ordinal))
                if (name.StartsWith(iface + "@", StringComparison.Ordinal))
                    yield return new Scope(this, name, linker.Instance(name), type);
        }

        Pollable.HostDestructor = rep =>
        {
            lock (_gate) _deadlines.Remove(rep);
        };
        foreach (var resource in new[] { Pollable, Error, InputStream, OutputStream, Descriptor, DirectoryEntryStream, TerminalInput, TerminalOutput })
            resource.HostDestructor ??= _ => { };

        if (Open("wasi:cli/environment") is { } env)
            env.Func("get-environment", _ => WitValue.List());

        if (Open("wasi:cli/exit") is { } exit)
            exit.Func("exit", args => throw new WasiExitException(args[0].IsOk ? 0 : 1));

        if (Open("wasi:io/error") is { } error)
            error.Resource("error", Error);

        if (Open("wasi:io/streams") is { } streams)
        {
            streams.Resource("input-stream", InputStream);
            streams.Resource("output-stream", OutputStream);
            streams.Func("[method]output-stream.check-write", _ => WitValue.Ok(WitValue.U64(4096)));
            streams.Func("[method]output-stream.write", args => Write(args[0], args[1]));
            streams.Func("[method]output-stream.blocking-write-and-flush", args => Write(args[0], args[1]));
            streams.Func("[method]output-stream.blocking-flush", _ => WitValue.Ok());
        }

        if (Open("wasi:cli/stdin") is { } stdin)
        {
            stdin.Func("get-stdin", _ => Own(InputStream, StdinRep));
        }

        if (Open("wasi:cli/stdout") is { } stdout)
        {
            stdout.Func("get-stdout", _ => Own(OutputStream, StdoutRep));
        }

        if (Open("wasi:cli/stderr") is { } stderr)
        {
            stderr.Func("get-stderr", _ => Own(OutputStream, StderrRep));
        }

        if (Open("wasi:cli/terminal-input") is { } terminalInput) terminalInput.Resource("terminal-input", TerminalInput);
        if (Open("wasi:cli/terminal-output") is { } terminalOutput) terminalOutput.Resource("terminal-output", TerminalOutput);
        if (Open("wasi:cli/terminal-stdin") is { } terminalStdin)
        {
            terminalStdin.Func("get-terminal-stdin", _ => WitValue.None);
        }
        if (Open("wasi:cli/terminal-stdout") is { } terminalStdout)
        {
            terminalStdout.Func("get-terminal-stdout", _ => WitValue.None);
        }
        if (Open("wasi:cli/terminal-stderr") is { } terminalStderr)
        {
            terminalStderr.Func("get-terminal-stderr", _ => WitValue.None);
        }

        // wasi:io/poll and wasi:clocks/monotonic-clock (multi-version imports both @0.2.0 and @0.2.1): pollables
        // are deadlines on the real monotonic clock; poll sleeps until the earliest one and reports the ready ones.
        foreach (var poll in OpenAll("wasi:io/poll"))
        {
            poll.Resource("pollable", Pollable);
            poll.Func("[method]pollable.ready", args => WitValue.Bool(IsReady(args[0])));
            poll.Func("[method]pollable.block", args =>
            {
                WaitUntil(DeadlineOf(args[0]));
                return null;
            });
            poll.Func("poll", args => Poll(args[0]));
        }
        foreach (var clock in OpenAll("wasi:clocks/monotonic-clock"))
        {
            clock.Func("now", _ => WitValue.U64(NowNanos()));
            clock.Func("resolution", _ => WitValue.U64(100));
            clock.Func("subscribe-duration", args => NewPollable(NowNanos() + args[0].AsUInt64()));
            clock.Func("subscribe-instant", args => NewPollable(args[0].AsUInt64()));
        }

        // Imported for the datetime type only: the scope must exist, there is nothing to define.
        Open("wasi:clocks/wall-clock");

        if (Open("wasi:filesystem/types") is { } fs)
        {
            fs.Resource("descriptor", Descriptor);
            fs.Resource("directory-entry-stream", DirectoryEntryStream);
            // No descriptor is ever handed out (no preopens), so these are unreachable in practice.
            foreach (var method in new[]
                     {
                         "[method]descriptor.write-via-stream", "[method]descriptor.append-via-stream",
                         "[method]descriptor.get-type", "[method]descriptor.stat",
                         "[method]descriptor.get-flags",
                     })
                fs.Func(method, _ => WitValue.Err(WitValue.Enum("bad-descriptor")));
            fs.Func("filesystem-error-code", _ => WitValue.None);
        }

        if (Open("wasi:filesystem/preopens") is { } preopens)
        {
            preopens.Func("get-directories", _ => WitValue.List());
        }
    }

    private readonly Dictionary<uint, ulong> _deadlines = new();
    private uint _nextPollable = 1;

    private static ulong NowNanos() => (ulong)(System.Diagnostics.Stopwatch.GetTimestamp() * (1_000_000_000.0 / System.Diagnostics.Stopwatch.Frequency));

    private WitValue NewPollable(ulong deadline)
    {
        lock (_gate)
        {
            var rep = _nextPollable++;
            _deadlines[rep] = deadline;
            return Own(Pollable, rep);
        }
    }

    private ulong DeadlineOf(WitValue pollable)
    {
        lock (_gate) return _deadlines.TryGetValue(pollable.AsHandle().Rep, out var d) ? d : 0;
    }

    private bool IsReady(WitValue pollable) => DeadlineOf(pollable) <= NowNanos();

    private static void WaitUntil(ulong deadline)
    {
        var now = NowNanos();
        if (deadline > now) Thread.Sleep(TimeSpan.FromTicks((long)((deadline - now) / 100)));
    }

    private WitValue Poll(WitValue pollables)
    {
        var items = pollables.Items;
        if (items.Count == 0) throw new InvalidOperationException("wasi:io/poll.poll called with an empty list");
        WaitUntil(items.Min(DeadlineOf));
        var ready = new List<WitValue>();
        for (int i = 0; i < items.Count; i++)
            if (IsReady(items[i])) ready.Add(WitValue.U32((uint)i));
        return WitValue.List(ready.ToArray());
    }

    private static WitValue Own(ResourceType type, uint rep) => WitValue.Handle(new ResourceHandle(type, rep, isOwn: true));

    private WitValue Write(WitValue self, WitValue contents)
    {
        var items = contents.Items;
        var bytes = new byte[items.Count];
        for (int i = 0; i < bytes.Length; i++) bytes[i] = (byte)items[i].AsUInt32();
        lock (_gate)
        {
            switch (self.AsHandle().Rep)
            {
                case StdoutRep: _stdout.Write(bytes); break;
                case StderrRep: _stderr.Write(bytes); break;
                default: return WitValue.Err(WitValue.Variant("closed"));
            }
        }
        return WitValue.Ok();
    }

    private sealed class Scope(TestWasiHost host, string iface, ComponentLinkerInstance linker, InstanceType? type)
    {
        private bool Imports(string name) => type is null || type.Find(name) is not null;

        public void Func(string name, ComponentHostFunction function)
        {
            if (!Imports(name)) return;
            var label = iface + "#" + name;
            linker.DefineFunction(name, args =>
            {
                lock (host._gate) host.Calls.Add(label);
                return function(args);
            });
        }

        public void Resource(string name, ResourceType resource)
        {
            if (Imports(name)) linker.DefineResource(name, resource);
        }
    }
}
