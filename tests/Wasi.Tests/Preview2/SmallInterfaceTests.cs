using Wasm.Components.Bindings;
using Wasm.Wasi.Preview2.Cli;
using Wasm.Wasi.Preview2.Clocks;
using Wasm.Wasi.Preview2.Io;
using Wasm.Wasi.Preview2.Random;

namespace Wasm.Wasi.Tests.Preview2;

/// <summary>wasi:cli/exit and environment, wasi:clocks, wasi:random and the terminals, each on its own.</summary>
public sealed class SmallInterfaceTests
{
    [Fact]
    public void ExitUnwindsWithTheStatus()
    {
        var exit = new ExitHost();
        Assert.Equal(0, Assert.Throws<WasiExitException>(() => exit.Exit(Result.Ok<Unit, Unit>(default))).ExitCode);
        Assert.Equal(1, Assert.Throws<WasiExitException>(() => exit.Exit(Result.Err<Unit, Unit>(default))).ExitCode);
        Assert.Equal(42, Assert.Throws<WasiExitException>(() => exit.ExitWithCode(42)).ExitCode);
    }

    [Fact]
    public void EnvironmentIsExactlyTheConfiguration()
    {
        var env = new EnvironmentHost(new WasiConfig().WithArgs("prog", "a b").WithEnv("K", "v=w").WithEnv("EMPTY", ""));
        Assert.Equal(["prog", "a b"], env.GetArguments());
        Assert.Equal([("K", "v=w"), ("EMPTY", "")], env.GetEnvironment());
        Assert.Null(env.InitialCwd());
        Assert.Empty(new EnvironmentHost(new WasiConfig()).GetEnvironment());
    }

    [Fact]
    public void ClocksTickAndDeadlinesWait()
    {
        var monotonic = new MonotonicClockHost();
        var first = monotonic.Now();
        Assert.True(monotonic.Now() >= first);
        Assert.InRange(monotonic.Resolution(), 1UL, 1_000_000UL);
        var deadline = (Pollable)monotonic.SubscribeDuration(30_000_000);
        Assert.False(deadline.IsReady());
        ((global::Wasm.Wasi.Preview2.Bindings.Wasi.Io.IPoll.IPollable)deadline).Block();
        Assert.True(monotonic.Now() - first >= 30_000_000);
        Assert.True(((Pollable)monotonic.SubscribeInstant(0)).IsReady());
        // A duration that would overflow the clock is a deadline that never comes, not a wrapped one in the past.
        Assert.False(((Pollable)monotonic.SubscribeDuration(ulong.MaxValue)).IsReady());

        var wall = new WallClockHost().Now();
        var expected = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        Assert.InRange((long)wall.Seconds, expected - 5, expected + 5);
        Assert.InRange(wall.Nanoseconds, 0u, 999_999_999u);
    }

    [Fact]
    public void RandomBytesAreFreshAndTheSeedIsStable()
    {
        var random = new RandomHost();
        Assert.Equal(32, random.GetRandomBytes(32).Length);
        Assert.NotEqual(random.GetRandomBytes(32), random.GetRandomBytes(32));
        Assert.NotEqual(random.GetRandomU64(), random.GetRandomU64());
        Assert.Throws<TrapException>(() => random.GetRandomBytes(ulong.MaxValue));
        var insecure = new InsecureRandomHost();
        Assert.NotEqual(insecure.GetInsecureRandomBytes(16), insecure.GetInsecureRandomBytes(16));
        var seed = new InsecureSeedHost();
        Assert.Equal(seed.InsecureSeed(), seed.InsecureSeed());
        Assert.NotEqual(seed.InsecureSeed(), new InsecureSeedHost().InsecureSeed());
    }

    [Fact]
    public void CapturedStdioIsNoTerminal()
    {
        using var stdio = new StdioHost(new WasiConfig { Stdout = new MemoryStream() });
        Assert.Null(stdio.GetTerminalStdin());
        Assert.Null(stdio.GetTerminalStdout());
        Assert.Null(stdio.GetTerminalStderr());
        Assert.IsType<DotnetOutputStream>(stdio.GetStdout());
        Assert.IsType<global::Wasm.Wasi.Preview2.Bindings.Wasi.Io.Streams.StreamError.Closed>(stdio.GetStdin().Read(1).Error);
    }
}
