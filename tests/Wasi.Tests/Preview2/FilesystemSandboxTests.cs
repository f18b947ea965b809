using System.Text;
using Wasm.Wasi.Preview2.Bindings.Wasi.Filesystem;
using Wasm.Wasi.Preview2.Filesystem;
using ErrorCode = Wasm.Wasi.Preview2.Bindings.Wasi.Filesystem.Types.ErrorCode;
using Flags = Wasm.Wasi.Preview2.Bindings.Wasi.Filesystem.Types.DescriptorFlags;
using Open = Wasm.Wasi.Preview2.Bindings.Wasi.Filesystem.Types.OpenFlags;
using PathFlags = Wasm.Wasi.Preview2.Bindings.Wasi.Filesystem.Types.PathFlags;

namespace Wasm.Wasi.Tests.Preview2;

/// <summary>
/// wasi:filesystem with the preview1 sandbox: every way out of a preopen (<c>..</c>, absolute paths, symlinks to
/// absolute or escaping targets, symlinks the guest creates) fails with <c>not-permitted</c> (loops with
/// <c>loop</c>), for every path operation, and nothing outside the preopen is read, created, changed or removed.
/// </summary>
public sealed class FilesystemSandboxTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "wasi-p2-sandbox-" + Guid.NewGuid().ToString("N"));
    private readonly string _sandbox;
    private readonly string _outside;
    private readonly FilesystemHost _host;
    private readonly ITypes.IDescriptor _dir;

    public FilesystemSandboxTests()
    {
        _sandbox = Path.Combine(_root, "sandbox");
        _outside = Path.Combine(_root, "outside");
        Directory.CreateDirectory(Path.Combine(_sandbox, "sub"));
        Directory.CreateDirectory(_outside);
        File.WriteAllText(Path.Combine(_outside, "secret.txt"), "secret");
        File.WriteAllText(Path.Combine(_sandbox, "file.txt"), "inside");
        File.CreateSymbolicLink(Path.Combine(_sandbox, "abs"), Path.Combine(_outside, "secret.txt"));
        File.CreateSymbolicLink(Path.Combine(_sandbox, "up"), "../outside/secret.txt");
        File.CreateSymbolicLink(Path.Combine(_sandbox, "c1"), "sub/c2");
        File.CreateSymbolicLink(Path.Combine(_sandbox, "sub", "c2"), "../../outside/secret.txt");
        File.CreateSymbolicLink(Path.Combine(_sandbox, "parent"), "..");
        File.CreateSymbolicLink(Path.Combine(_sandbox, "sub", "back"), "../file.txt");
        File.CreateSymbolicLink(Path.Combine(_sandbox, "loop1"), "loop2");
        File.CreateSymbolicLink(Path.Combine(_sandbox, "loop2"), "loop1");

        _host = new FilesystemHost(new WasiConfig().PreopenDirectory(_sandbox, "sandbox"));
        var (dir, name) = Assert.Single(_host.GetDirectories());
        Assert.Equal("sandbox", name);
        _dir = dir;
    }

    public void Dispose()
    {
        (_dir as IDisposable)?.Dispose();
        _host.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    private string[] OutsideListing() => Directory.GetFileSystemEntries(_root).Concat(Directory.GetFileSystemEntries(_outside)).Order().ToArray();

    private static ErrorCode Error<T>(Components.Bindings.Result<T, ErrorCode> result)
    {
        Assert.True(result.IsErr, $"expected an error, got {result}");
        return result.Error;
    }

    private Components.Bindings.Result<ITypes.IDescriptor, ErrorCode> OpenRead(string path, bool follow = true) =>
        _dir.OpenAt(follow ? PathFlags.SymlinkFollow : PathFlags.None, path, Open.None, Flags.Read);

    [Theory]
    [InlineData("../outside/secret.txt")]
    [InlineData("sub/../../outside/secret.txt")]
    [InlineData("..")]
    [InlineData("/etc/passwd")]
    [InlineData("/")]
    [InlineData("up")]
    [InlineData("abs")]
    [InlineData("c1")]
    [InlineData("parent/outside/secret.txt")]
    [InlineData("parent")]
    public void EscapesAreNotPermitted(string path)
    {
        var before = OutsideListing();
        Assert.Equal(ErrorCode.NotPermitted, Error(OpenRead(path)));
        Assert.Equal(ErrorCode.NotPermitted, Error(_dir.StatAt(PathFlags.SymlinkFollow, path)));
        Assert.Equal(ErrorCode.NotPermitted, Error(_dir.MetadataHashAt(PathFlags.SymlinkFollow, path)));
        Assert.Equal(before, OutsideListing());
    }

    [Fact]
    public void MutationsThroughEscapingPathsTouchNothingOutside()
    {
        var before = OutsideListing();
        var secret = Path.Combine(_outside, "secret.txt");
        var none = new Types.NewTimestamp.Timestamp(new global::Wasm.Wasi.Preview2.Bindings.Wasi.Clocks.WallClock.Datetime(1, 0));

        Assert.Equal(ErrorCode.NotPermitted, Error(_dir.OpenAt(PathFlags.None, "../outside/new.txt", Open.Create, Flags.Write)));
        Assert.Equal(ErrorCode.NotPermitted, Error(_dir.OpenAt(PathFlags.SymlinkFollow, "up", Open.Truncate, Flags.Write)));
        Assert.Equal(ErrorCode.NotPermitted, Error(_dir.OpenAt(PathFlags.None, "parent/outside/new.txt", Open.Create, Flags.Write)));
        Assert.Equal(ErrorCode.NotPermitted, Error(_dir.CreateDirectoryAt("../outside/newdir")));
        Assert.Equal(ErrorCode.NotPermitted, Error(_dir.UnlinkFileAt("../outside/secret.txt")));
        Assert.Equal(ErrorCode.NotPermitted, Error(_dir.UnlinkFileAt("parent/outside/secret.txt")));
        Assert.Equal(ErrorCode.NotPermitted, Error(_dir.RemoveDirectoryAt("../outside")));
        Assert.Equal(ErrorCode.NotPermitted, Error(_dir.RenameAt("file.txt", _dir, "../outside/moved.txt")));
        Assert.Equal(ErrorCode.NotPermitted, Error(_dir.RenameAt("../outside/secret.txt", _dir, "stolen.txt")));
        Assert.Equal(ErrorCode.NotPermitted, Error(_dir.LinkAt(PathFlags.None, "../outside/secret.txt", _dir, "hard.txt")));
        Assert.Equal(ErrorCode.NotPermitted, Error(_dir.SetTimesAt(PathFlags.SymlinkFollow, "up", none, none)));
        // A symlink with an absolute target is refused when created, not only when followed.
        Assert.Equal(ErrorCode.NotPermitted, Error(_dir.SymlinkAt(secret, "mine")));
        Assert.False(File.Exists(Path.Combine(_sandbox, "mine")));

        Assert.Equal(before, OutsideListing());
        Assert.Equal("secret", File.ReadAllText(secret));
        Assert.NotEqual(new DateTime(1970, 1, 1, 0, 0, 1, DateTimeKind.Utc), File.GetLastWriteTimeUtc(secret));
        Assert.False(File.Exists(Path.Combine(_sandbox, "stolen.txt")));
        Assert.False(File.Exists(Path.Combine(_sandbox, "hard.txt")));
        Assert.True(File.Exists(Path.Combine(_sandbox, "file.txt")));
    }

    [Fact]
    public void SymlinkTheGuestCreatesCannotLeadOut()
    {
        // Creating a relative link that points out is allowed (it is only text), following it is not.
        Assert.True(_dir.SymlinkAt("../outside/secret.txt", "mine").IsOk);
        Assert.Equal(ErrorCode.NotPermitted, Error(OpenRead("mine")));
        Assert.Equal("../outside/secret.txt", _dir.ReadlinkAt("mine").Value);
    }

    [Fact]
    public void SymlinksInsideResolveAndLoopsFail()
    {
        Assert.Equal("inside", ReadAll(OpenRead("sub/back").Value));
        Assert.Equal(ErrorCode.Loop, Error(OpenRead("loop1")));
        // Without symlink-follow, a final symlink is not opened through: the kernel's O_NOFOLLOW reports ELOOP.
        Assert.Equal(ErrorCode.Loop, Error(OpenRead("sub/back", follow: false)));
        Assert.Equal(Types.DescriptorType.SymbolicLink, _dir.StatAt(PathFlags.None, "up").Value.Type);
    }

    [Fact]
    public void ReadsWritesListsAndStatsInside()
    {
        var file = _dir.OpenAt(PathFlags.None, "sub/new.txt", Open.Create | Open.Exclusive, Flags.Read | Flags.Write).Value;
        Assert.Equal(5UL, file.Write(Encoding.UTF8.GetBytes("hello"), 0).Value);
        Assert.Equal(3UL, file.Write(Encoding.UTF8.GetBytes("p!!"), 3).Value);
        var (data, end) = file.Read(100, 0).Value;
        Assert.Equal("help!!", Encoding.UTF8.GetString(data));
        Assert.False(end);
        Assert.True(file.Read(100, 6).Value.Item2);
        Assert.Equal(6UL, file.Stat().Value.Size);
        Assert.Equal(Types.DescriptorType.RegularFile, file.Stat().Value.Type);
        Assert.Equal("help!!", File.ReadAllText(Path.Combine(_sandbox, "sub", "new.txt")));
        Assert.Equal(ErrorCode.Exist, Error(_dir.OpenAt(PathFlags.None, "sub/new.txt", Open.Create | Open.Exclusive, Flags.Write)));
        Assert.Equal(ErrorCode.NotDirectory, Error(file.OpenAt(PathFlags.None, "x", Open.None, Flags.Read)));
        Assert.True(file.IsSameObject(_dir.OpenAt(PathFlags.None, "sub/new.txt", Open.None, Flags.Read).Value));
        Assert.False(file.IsSameObject(_dir));
        Assert.Equal(file.MetadataHash().Value, _dir.MetadataHashAt(PathFlags.None, "sub/new.txt").Value);

        Assert.True(_dir.CreateDirectoryAt("made").IsOk);
        Assert.Equal(ErrorCode.Exist, Error(_dir.CreateDirectoryAt("made")));
        var entries = new List<string>();
        var stream = _dir.ReadDirectory().Value;
        while (stream.ReadDirectoryEntry().Value is { } entry) entries.Add($"{entry.Name}:{entry.Type}");
        Assert.Equal(
            ["abs:SymbolicLink", "c1:SymbolicLink", "file.txt:RegularFile", "loop1:SymbolicLink", "loop2:SymbolicLink", "made:Directory", "parent:SymbolicLink", "sub:Directory", "up:SymbolicLink"],
            entries.Order(StringComparer.Ordinal));
        Assert.True(_dir.RemoveDirectoryAt("made").IsOk);
        Assert.True(_dir.UnlinkFileAt("sub/new.txt").IsOk);
        Assert.Equal(ErrorCode.NoEntry, Error(OpenRead("sub/new.txt")));
    }

    [Fact]
    public void DescriptorFlagsLimitWhatCanBeDone()
    {
        var readOnly = OpenRead("file.txt").Value;
        Assert.Equal(ErrorCode.BadDescriptor, Error(readOnly.Write([1], 0)));
        Assert.Equal(ErrorCode.BadDescriptor, Error(readOnly.WriteViaStream(0)));
        Assert.Equal(ErrorCode.BadDescriptor, Error(readOnly.SetSize(0)));
        Assert.Equal(Flags.Read, readOnly.GetFlags().Value);
        // A directory opened without mutate-directory cannot create, remove or be written through.
        var sub = _dir.OpenAt(PathFlags.None, "sub", Open.Directory, Flags.Read).Value;
        Assert.Equal(ErrorCode.NotPermitted, Error(sub.CreateDirectoryAt("x")));
        Assert.Equal(ErrorCode.NotPermitted, Error(sub.OpenAt(PathFlags.None, "x", Open.Create, Flags.Write)));
        Assert.Equal(ErrorCode.NotPermitted, Error(sub.UnlinkFileAt("back")));
        Assert.Equal(ErrorCode.IsDirectory, Error(_dir.OpenAt(PathFlags.None, "sub", Open.Directory, Flags.Write)));
        Assert.Equal(ErrorCode.NotDirectory, Error(_dir.OpenAt(PathFlags.None, "file.txt", Open.Directory, Flags.Read)));
        Assert.True(File.Exists(Path.Combine(_sandbox, "sub", "back")) || new FileInfo(Path.Combine(_sandbox, "sub", "back")).LinkTarget is not null);
    }

    [Fact]
    public void StreamsReadAndWriteAtOffsets()
    {
        var file = _dir.OpenAt(PathFlags.None, "streamed.txt", Open.Create, Flags.Read | Flags.Write).Value;
        var output = file.WriteViaStream(0).Value;
        Assert.True(output.BlockingWriteAndFlush(Encoding.UTF8.GetBytes("0123456789")).IsOk);
        var append = file.AppendViaStream().Value;
        Assert.True(append.BlockingWriteAndFlush(Encoding.UTF8.GetBytes("AB")).IsOk);
        var input = file.ReadViaStream(4).Value;
        Assert.Equal("456789AB", Encoding.UTF8.GetString(input.BlockingRead(100).Value));
        var closed = input.BlockingRead(100);
        Assert.True(closed.IsErr);
        Assert.IsType<global::Wasm.Wasi.Preview2.Bindings.Wasi.Io.Streams.StreamError.Closed>(closed.Error);
        Assert.True(input.Subscribe().Ready());
        Assert.Equal(ErrorCode.IsDirectory, Error(_dir.ReadViaStream(0)));
    }

    private static string ReadAll(ITypes.IDescriptor file)
    {
        var (data, _) = file.Read(1 << 16, 0).Value;
        return Encoding.UTF8.GetString(data);
    }
}
