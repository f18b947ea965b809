using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using Wasm.Wasi.Preview2.Bindings.Wasi.Io;
using Wasm.Wasi.Preview2.Clocks;
using Wasm.Wasi.Preview2.Io;

namespace Wasm.Wasi.Tests.Preview2;

/// <summary>
/// wasi:io with real readiness: a stream over a pipe reads nothing (without blocking) until the writer writes, its
/// pollable turns ready then, and wasi:io/poll wakes on whichever of a pipe and a deadline comes first.
/// </summary>
public sealed partial class StreamsAndPollTests : IDisposable
{
    private readonly int _read;
    private int _write;
    private bool _readTaken;

    public StreamsAndPollTests()
    {
        Span<int> fds = stackalloc int[2];
        Assert.Equal(0, Pipe(ref MemoryMarshal.GetReference(fds)));
        (_read, _write) = (fds[0], fds[1]);
    }

    public void Dispose()
    {
        if (!_readTaken) Close(_read);
        CloseWriter();
    }

    /// <summary>The read end as a stream, which owns it from now on.</summary>
    private HostInputStream Reader()
    {
        _readTaken = true;
        return new HostInputStream(_read);
    }

    private void CloseWriter()
    {
        if (_write >= 0) Close(_write);
        _write = -1;
    }

    [LibraryImport("libc", EntryPoint = "pipe")]
    private static partial int Pipe(ref int fds);

    [LibraryImport("libc", EntryPoint = "write")]
    private static partial nint Write(int fd, byte[] buffer, nint count);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);

    private void Send(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        Assert.Equal(bytes.Length, (int)Write(_write, bytes, bytes.Length));
    }

    [Fact]
    public void PipeStreamIsReadyOnlyWhenThereIsData()
    {
        var input = Reader();
        var pollable = input.Subscribe();
        Assert.False(pollable.IsReady());
        Assert.Empty(input.Read(100).Value);       // non-blocking: nothing yet

        Send("abc");
        Assert.True(pollable.IsReady());
        Assert.Equal("abc", Encoding.UTF8.GetString(input.Read(100).Value));
        Assert.False(pollable.IsReady());

        CloseWriter();
        Assert.True(pollable.IsReady());            // end of stream is readiness too
        Assert.IsType<Streams.StreamError.Closed>(input.Read(100).Error);
        input.Dispose();
    }

    [Fact]
    public void PollWakesOnTheFirstReadySource()
    {
        var input = Reader();
        var poller = new Poller();
        var clock = new MonotonicClockHost();
        var stopwatch = Stopwatch.StartNew();

        // Nothing written: the 50 ms deadline (index 1) wakes the poll, the pipe (index 0) stays unready.
        Assert.Equal([1u], poller.Poll([input.Subscribe(), clock.SubscribeDuration(50_000_000)]));
        Assert.InRange(stopwatch.ElapsedMilliseconds, 49, 5_000);

        // A writer 50 ms later wakes a poll whose deadline is an hour away.
        stopwatch.Restart();
        var writer = new Thread(() => { Thread.Sleep(50); Send("late"); });
        writer.Start();
        Assert.Equal([0u], poller.Poll([input.Subscribe(), clock.SubscribeDuration(3_600_000_000_000)]));
        writer.Join();
        Assert.InRange(stopwatch.ElapsedMilliseconds, 30, 5_000);
        Assert.Equal("late", Encoding.UTF8.GetString(input.BlockingRead(100).Value));

        // Several ready at once are all reported, in order.
        Send("x");
        Assert.Equal([0u, 2u], poller.Poll([input.Subscribe(), clock.SubscribeDuration(3_600_000_000_000), clock.SubscribeInstant(0)]));
        input.Dispose();
    }

    [Fact]
    public void BlockingReadWaitsForTheWriter()
    {
        var input = Reader();
        var writer = new Thread(() => { Thread.Sleep(30); Send("woken"); });
        writer.Start();
        Assert.Equal("woken", Encoding.UTF8.GetString(input.BlockingRead(100).Value));
        writer.Join();
        input.Dispose();
    }

    [Fact]
    public void PipeOutputStreamReportsFullAndBrokenPipes()
    {
        var output = new HostOutputStream(Dup(_write));
        Assert.True(output.CheckWrite().Value > 0);
        Assert.True(output.BlockingWriteAndFlush(Encoding.UTF8.GetBytes("to the reader")).IsOk);
        var input = Reader();
        Assert.Equal("to the reader", Encoding.UTF8.GetString(input.Read(100).Value));
        input.Dispose();
        // With the read end closed, the write fails and the stream is closed afterwards.
        Assert.True(output.Write([1, 2, 3]).IsErr);
        Assert.IsType<Streams.StreamError.Closed>(output.CheckWrite().Error);
        output.Dispose();
    }

    [LibraryImport("libc", EntryPoint = "dup")]
    private static partial int Dup(int fd);

    [Fact]
    public void PollOfNothingTraps()
    {
        Assert.Throws<TrapException>(() => new Poller().Poll([]));
    }

    [Fact]
    public void CapturedStreamsAreAlwaysReady()
    {
        var sink = new MemoryStream();
        var output = new DotnetOutputStream(sink, new object());
        Assert.True(output.Subscribe().IsReady());
        Assert.True(output.BlockingWriteAndFlush(Encoding.UTF8.GetBytes("captured")).IsOk);
        Assert.True(output.WriteZeroes(2).IsOk);
        Assert.Equal("captured\0\0", Encoding.UTF8.GetString(sink.ToArray()));
        Assert.True(output.BlockingWriteAndFlush(new byte[4097]).IsErr);   // the 4096-byte contract

        var input = new DotnetInputStream(new MemoryStream(Encoding.UTF8.GetBytes("in")));
        Assert.Equal("in", Encoding.UTF8.GetString(input.BlockingRead(10).Value));
        Assert.IsType<Streams.StreamError.Closed>(input.Read(10).Error);
        Assert.IsType<Streams.StreamError.Closed>(new DotnetInputStream(null).Read(10).Error);
    }
}
