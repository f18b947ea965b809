using Wasm.Components;

namespace Wit.Generators.Tests.EndToEnd;

/// <summary>
/// jco's <c>smoke</c> fixture (a preview1 program behind the WASI adapter) with every import implemented through
/// generated bindings: the world of <c>wit/smoke/smoke.wit</c> imports the WASI 0.2 interfaces the fixture imports,
/// from the WASI WIT of the shared corpus (its <c>deps/</c>, version 0.2.12, which links against the fixture's
/// 0.2.0 imports). The test's host implements the generated <c>ISmokeHost</c>: standard output and error are
/// in-memory streams, standard input is empty, there is no terminal and no preopened directory. jco's
/// expectation (runtime/smoke.ts): calling the export <c>thunk</c> calls the imported <c>thunk</c>.
/// </summary>
public sealed class GeneratedSmokeTests
{
    private static string WitFolder => Path.Combine(Corpus.Repository, "tests", "Wit.Generators.Tests", "EndToEnd", "wit", "smoke");

    /// <summary>smoke.wit and the WASI packages as one package folder's AdditionalFiles.</summary>
    internal static List<WitInput> Files(string? resultAs = null)
    {
        var files = new List<WitInput>
        {
            new("/bindings/wit/smoke.wit", File.ReadAllText(Path.Combine(WitFolder, "smoke.wit")), World: "smoke", Namespace: "Gen", ResultAs: resultAs),
        };
        foreach (var dependency in Directory.GetFiles(Path.Combine(Corpus.Wasi02, "deps"), "*.wit").Order(StringComparer.Ordinal))
        {
            files.Add(new WitInput("/bindings/wit/deps/" + Path.GetFileName(dependency), File.ReadAllText(dependency)));
        }

        return files;
    }

    private static void Run(string scenario, string? resultAs = null)
    {
        var component = Component.FromFile(GeneratedBindings.Engine, Path.Combine(Abi.Corpus.Jco, "smoke.component.wasm"));
        GeneratedBindings.Run(component, GeneratedBindings.Generate(Files(resultAs)), GeneratedJcoTests.Source(scenario, "Gen.Test.Smoke.Smoke"));
    }

    private const string Host = """
        using Gen.Wasi.Io;
        using Gen.Wasi.Cli;
        using Gen.Wasi.Filesystem;
        using Streams = Gen.Wasi.Io.Streams;
        using Datetime = Gen.Wasi.Clocks.WallClock.Datetime;
        sealed class Unused : Exception
        {
            public Unused(string what) : base(what + " is not used by the smoke fixture") { }
        }
        sealed class Pollable : IPoll.IPollable
        {
            public bool Ready() => true;
            public void Block() { }
        }
        sealed class Error : IError.IError_
        {
            public string ToDebugString() => "error";
        }
        /// <summary>An output stream into memory, which always accepts writes.</summary>
        sealed class Output : IStreams.IOutputStream
        {
            public readonly System.IO.MemoryStream Bytes = new();
            public readonly List<string> Calls;
            public Output(List<string> calls) { Calls = calls; }
            Result<Unit, Streams.StreamError> Ok() => Result<Unit, Streams.StreamError>.Ok(default);
            public Result<ulong, Streams.StreamError> CheckWrite() { Calls.Add("check-write"); return Result<ulong, Streams.StreamError>.Ok(4096); }
            public Result<Unit, Streams.StreamError> Write(byte[] contents) { Calls.Add("write"); Bytes.Write(contents); return Ok(); }
            public Result<Unit, Streams.StreamError> BlockingWriteAndFlush(byte[] contents) { Calls.Add("blocking-write-and-flush"); Bytes.Write(contents); return Ok(); }
            public Result<Unit, Streams.StreamError> Flush() { Calls.Add("flush"); return Ok(); }
            public Result<Unit, Streams.StreamError> BlockingFlush() { Calls.Add("blocking-flush"); return Ok(); }
            public IPoll.IPollable Subscribe() => new Pollable();
            public Result<Unit, Streams.StreamError> WriteZeroes(ulong len) { Bytes.Write(new byte[len]); return Ok(); }
            public Result<Unit, Streams.StreamError> BlockingWriteZeroesAndFlush(ulong len) => WriteZeroes(len);
            public Result<ulong, Streams.StreamError> Splice(IStreams.IInputStream src, ulong len) => throw new Unused("splice");
            public Result<ulong, Streams.StreamError> BlockingSplice(IStreams.IInputStream src, ulong len) => throw new Unused("blocking-splice");
        }
        /// <summary>An empty input stream: every read says it is closed.</summary>
        sealed class EmptyInput : IStreams.IInputStream
        {
            public Result<byte[], Streams.StreamError> Read(ulong len) => Result<byte[], Streams.StreamError>.Err(new Streams.StreamError.Closed());
            public Result<byte[], Streams.StreamError> BlockingRead(ulong len) => Read(len);
            public Result<ulong, Streams.StreamError> Skip(ulong len) => Result<ulong, Streams.StreamError>.Err(new Streams.StreamError.Closed());
            public Result<ulong, Streams.StreamError> BlockingSkip(ulong len) => Skip(len);
            public IPoll.IPollable Subscribe() => new Pollable();
        }
        sealed class Host : Gen.Test.Smoke.ISmokeHost
        {
            public readonly List<string> Calls = new();
            public readonly Output Stdout;
            public readonly Output Stderr;
            public bool Hit;
            public Host() { Stdout = new Output(Calls); Stderr = new Output(Calls); }
            public void Thunk() { Calls.Add("thunk"); Hit = true; }
            public uint[] Poll(IReadOnlyList<IPoll.IPollable> @in) { Calls.Add("poll"); return Enumerable.Range(0, @in.Count).Select(i => (uint)i).ToArray(); }
            public IStreams.IInputStream GetStdin() { Calls.Add("get-stdin"); return new EmptyInput(); }
            public IStreams.IOutputStream GetStdout() { Calls.Add("get-stdout"); return Stdout; }
            public IStreams.IOutputStream GetStderr() { Calls.Add("get-stderr"); return Stderr; }
            public ITerminalInput.ITerminalInput_? GetTerminalStdin() { Calls.Add("get-terminal-stdin"); return null; }
            public ITerminalOutput.ITerminalOutput_? GetTerminalStdout() { Calls.Add("get-terminal-stdout"); return null; }
            public ITerminalOutput.ITerminalOutput_? GetTerminalStderr() { Calls.Add("get-terminal-stderr"); return null; }
            public Datetime Now() { Calls.Add("now"); var t = DateTimeOffset.UtcNow; return new Datetime((ulong)t.ToUnixTimeSeconds(), (uint)(t.Ticks % TimeSpan.TicksPerSecond * 100)); }
            public Datetime Resolution() => new Datetime(0, 100);
            public IReadOnlyList<(ITypes.IDescriptor, string)> GetDirectories() { Calls.Add("get-directories"); return []; }
            public Types.ErrorCode? FilesystemErrorCode(IError.IError_ err) { Calls.Add("filesystem-error-code"); return null; }
        }
        """;

    [Fact]
    public void ThunkCallsTheImportedThunk() => Run(Host + """
        public static class Scenario
        {
            public static void Run(Component component, Wasm.Engine engine)
            {
                var host = new Host();
                var smoke = World.Instantiate(new Wasm.Store(engine), component, new ComponentLinker(engine), host);
                Check.True(!host.Hit, "the import was called before the export");
                smoke.Thunk();
                Check.True(host.Hit, "import not called");
                // The guest then prints through the adapter: its stdio streams, preopens and terminal, then one write.
                Check.Equal("thunk", host.Calls[0], "first call");
                Check.Equal("blocking-write-and-flush", host.Calls[^1], "last call");
                Check.Equal("howdy\n", System.Text.Encoding.UTF8.GetString(host.Stdout.Bytes.ToArray()), "stdout");
                Check.Equal(0L, host.Stderr.Bytes.Length, "stderr bytes");
                smoke.Thunk();
                Check.Equal(2, host.Calls.Count(c => c == "thunk"), "thunk calls after two calls");
            }
        }
        """);

    /// <summary>The same WASI host with <c>WitResultAs="exception"</c>: stream errors are thrown as <c>ResultException&lt;StreamError&gt;</c>.</summary>
    private const string ThrowingHost = """
        using Gen.Wasi.Io;
        using Gen.Wasi.Cli;
        using Gen.Wasi.Filesystem;
        using Streams = Gen.Wasi.Io.Streams;
        using Datetime = Gen.Wasi.Clocks.WallClock.Datetime;
        sealed class Unused : Exception
        {
            public Unused(string what) : base(what + " is not used by the smoke fixture") { }
        }
        sealed class Pollable : IPoll.IPollable
        {
            public bool Ready() => true;
            public void Block() { }
        }
        /// <summary>The error of a failed write; the guest drops it when it is done with it.</summary>
        sealed class Error : IError.IError_, IDisposable
        {
            public static int Dropped;
            public string ToDebugString() => "the device is gone";
            public void Dispose() => Dropped++;
        }
        /// <summary>An output stream into memory, or a failing one.</summary>
        sealed class Output : IStreams.IOutputStream
        {
            public readonly System.IO.MemoryStream Bytes = new();
            public bool Failing;
            static ResultException<Streams.StreamError> Failed() => new(new Streams.StreamError.LastOperationFailed(new Error()));
            void Put(byte[] contents) { if (Failing) throw Failed(); Bytes.Write(contents); }
            public ulong CheckWrite() => Failing ? throw Failed() : 4096UL;
            public void Write(byte[] contents) => Put(contents);
            public void BlockingWriteAndFlush(byte[] contents) => Put(contents);
            public void Flush() { }
            public void BlockingFlush() { }
            public IPoll.IPollable Subscribe() => new Pollable();
            public void WriteZeroes(ulong len) => Put(new byte[len]);
            public void BlockingWriteZeroesAndFlush(ulong len) => Put(new byte[len]);
            public ulong Splice(IStreams.IInputStream src, ulong len) => throw new Unused("splice");
            public ulong BlockingSplice(IStreams.IInputStream src, ulong len) => throw new Unused("blocking-splice");
        }
        sealed class EmptyInput : IStreams.IInputStream
        {
            public byte[] Read(ulong len) => throw new ResultException<Streams.StreamError>(new Streams.StreamError.Closed());
            public byte[] BlockingRead(ulong len) => Read(len);
            public ulong Skip(ulong len) => throw new ResultException<Streams.StreamError>(new Streams.StreamError.Closed());
            public ulong BlockingSkip(ulong len) => Skip(len);
            public IPoll.IPollable Subscribe() => new Pollable();
        }
        sealed class Host : Gen.Test.Smoke.ISmokeHost
        {
            public readonly Output Stdout = new();
            public readonly Output Stderr = new();
            public bool Hit;
            public void Thunk() => Hit = true;
            public uint[] Poll(IReadOnlyList<IPoll.IPollable> @in) => Enumerable.Range(0, @in.Count).Select(i => (uint)i).ToArray();
            public IStreams.IInputStream GetStdin() => new EmptyInput();
            public IStreams.IOutputStream GetStdout() => Stdout;
            public IStreams.IOutputStream GetStderr() => Stderr;
            public ITerminalInput.ITerminalInput_? GetTerminalStdin() => null;
            public ITerminalOutput.ITerminalOutput_? GetTerminalStdout() => null;
            public ITerminalOutput.ITerminalOutput_? GetTerminalStderr() => null;
            public Datetime Now() => new Datetime((ulong)DateTimeOffset.UtcNow.ToUnixTimeSeconds(), 0);
            public Datetime Resolution() => new Datetime(1, 0);
            public IReadOnlyList<(ITypes.IDescriptor, string)> GetDirectories() => [];
            public Types.ErrorCode? FilesystemErrorCode(IError.IError_ err) => null;
        }
        """;

    [Fact]
    public void ResultsAsExceptionsThunkPrints() => Run(ThrowingHost + """
        public static class Scenario
        {
            public static void Run(Component component, Wasm.Engine engine)
            {
                var host = new Host();
                var smoke = World.Instantiate(new Wasm.Store(engine), component, new ComponentLinker(engine), host);
                smoke.Thunk();
                Check.True(host.Hit, "import not called");
                Check.Equal("howdy\n", System.Text.Encoding.UTF8.GetString(host.Stdout.Bytes.ToArray()), "stdout");
            }
        }
        """, resultAs: "exception");

    [Fact]
    public void ResultsAsExceptionsFailingStdoutIsAnErrForTheGuest() => Run(ThrowingHost + """
        public static class Scenario
        {
            public static void Run(Component component, Wasm.Engine engine)
            {
                var host = new Host();
                host.Stdout.Failing = true;
                var smoke = World.Instantiate(new Wasm.Store(engine), component, new ComponentLinker(engine), host);
                // The thrown err reaches the guest as stream-error.last-operation-failed, whose error resource the
                // guest drops; the program ignores the failed print.
                smoke.Thunk();
                Check.True(host.Hit, "import not called");
                Check.Equal(0L, host.Stdout.Bytes.Length, "stdout bytes");
                Check.True(Error.Dropped > 0, "the guest did not receive (and drop) the error");
            }
        }
        """, resultAs: "exception");
}
