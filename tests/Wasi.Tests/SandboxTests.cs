using System.Text;
using Wasm.Wasi.Preview1;

namespace Wasm.Wasi.Tests;

/// <summary>
/// Every way out of a preopened directory is refused: <c>..</c>, absolute paths, symlinks to absolute or escaping
/// targets (directly, in a chain, in the middle of a path, or created by the guest itself), symlink loops.
/// </summary>
public sealed class SandboxTests : IDisposable
{
    private const string Wat = """
        (module
          (import "wasi_snapshot_preview1" "path_open" (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
          (import "wasi_snapshot_preview1" "path_symlink" (func $path_symlink (param i32 i32 i32 i32 i32) (result i32)))
          (import "wasi_snapshot_preview1" "path_filestat_get" (func $path_filestat_get (param i32 i32 i32 i32 i32) (result i32)))
          (import "wasi_snapshot_preview1" "path_unlink_file" (func $path_unlink_file (param i32 i32 i32) (result i32)))
          (import "wasi_snapshot_preview1" "path_create_directory" (func $path_create_directory (param i32 i32 i32) (result i32)))
          (memory (export "memory") 1)
          ;; fd 3 is the preopen; rights: fd_read
          (func (export "open") (param $p i32) (param $l i32) (param $follow i32) (result i32)
            (call $path_open (i32.const 3) (local.get $follow) (local.get $p) (local.get $l) (i32.const 0) (i64.const 2) (i64.const 0) (i32.const 0) (i32.const 4096)))
          (func (export "create") (param $p i32) (param $l i32) (result i32)
            (call $path_open (i32.const 3) (i32.const 1) (local.get $p) (local.get $l) (i32.const 1) (i64.const 64) (i64.const 0) (i32.const 0) (i32.const 4096)))
          (func (export "symlink") (param $t i32) (param $tl i32) (param $p i32) (param $pl i32) (result i32)
            (call $path_symlink (local.get $t) (local.get $tl) (i32.const 3) (local.get $p) (local.get $pl)))
          (func (export "stat") (param $p i32) (param $l i32) (param $follow i32) (result i32)
            (call $path_filestat_get (i32.const 3) (local.get $follow) (local.get $p) (local.get $l) (i32.const 8192)))
          (func (export "unlink") (param $p i32) (param $l i32) (result i32)
            (call $path_unlink_file (i32.const 3) (local.get $p) (local.get $l)))
          (func (export "mkdir") (param $p i32) (param $l i32) (result i32)
            (call $path_create_directory (i32.const 3) (local.get $p) (local.get $l))))
        """;

    private readonly string _root = Path.Combine(Path.GetTempPath(), "wasi-sandbox-" + Guid.NewGuid().ToString("N"));
    private readonly string _outside;
    private readonly Instance _instance;
    private readonly WasiContext _wasi;
    private int _next = 16384;

    public SandboxTests()
    {
        var sandbox = Path.Combine(_root, "sandbox");
        _outside = Path.Combine(_root, "outside");
        Directory.CreateDirectory(Path.Combine(sandbox, "sub"));
        Directory.CreateDirectory(_outside);
        File.WriteAllText(Path.Combine(_outside, "secret.txt"), "secret");
        File.WriteAllText(Path.Combine(sandbox, "file.txt"), "inside");
        File.CreateSymbolicLink(Path.Combine(sandbox, "abs"), Path.Combine(_outside, "secret.txt"));
        File.CreateSymbolicLink(Path.Combine(sandbox, "up"), "../outside/secret.txt");
        File.CreateSymbolicLink(Path.Combine(sandbox, "c1"), "c2");
        File.CreateSymbolicLink(Path.Combine(sandbox, "c2"), "sub/c3");
        File.CreateSymbolicLink(Path.Combine(sandbox, "sub", "c3"), "../../outside/secret.txt");
        File.CreateSymbolicLink(Path.Combine(sandbox, "parent"), "..");
        File.CreateSymbolicLink(Path.Combine(sandbox, "sub", "back"), "../file.txt");
        File.CreateSymbolicLink(Path.Combine(sandbox, "loop1"), "loop2");
        File.CreateSymbolicLink(Path.Combine(sandbox, "loop2"), "loop1");

        var engine = new Engine();
        var linker = new Linker(engine);
        _wasi = Wasi.AddToLinker(linker, new WasiConfig().PreopenDirectory(sandbox, "/sandbox"));
        _instance = linker.Instantiate(new Store(engine), Module.FromText(engine, Wat));
        _wasi.Bind(_instance);
    }

    public void Dispose()
    {
        _wasi.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    private (int Ptr, int Len) Str(string s)
    {
        var bytes = Encoding.UTF8.GetBytes(s);
        var ptr = _next;
        bytes.CopyTo(_instance.GetMemory("memory")!.GetSpan((ulong)ptr, bytes.Length));
        _next += bytes.Length + 8;
        return (ptr, bytes.Length);
    }

    private Errno Open(string path, bool follow = true)
    {
        var (p, l) = Str(path);
        return (Errno)_instance.GetFunction<Func<int, int, int, int>>("open")(p, l, follow ? 1 : 0);
    }

    private Errno Call(string export, string path)
    {
        var (p, l) = Str(path);
        return (Errno)_instance.GetFunction<Func<int, int, int>>(export)(p, l);
    }

    private Errno Symlink(string target, string path)
    {
        var (t, tl) = Str(target);
        var (p, l) = Str(path);
        return (Errno)_instance.GetFunction<Func<int, int, int, int, int>>("symlink")(t, tl, p, l);
    }

    [Theory]
    [InlineData("file.txt")]
    [InlineData("./file.txt")]
    [InlineData("sub/../file.txt")]
    [InlineData("sub/back")]
    [InlineData("sub//..//file.txt")]
    public void PathsThatStayInsideOpen(string path) => Assert.Equal(Errno.Success, Open(path));

    [Theory]
    [InlineData("..")]
    [InlineData("../outside/secret.txt")]
    [InlineData("sub/../../outside/secret.txt")]
    [InlineData("./sub/./../..")]
    public void DotDotCannotLeave(string path) => Assert.Equal(Errno.Perm, Open(path));

    [Theory]
    [InlineData("/")]
    [InlineData("/etc/passwd")]
    [InlineData("/sandbox/file.txt")]
    public void AbsolutePathsAreRefused(string path) => Assert.Equal(Errno.Perm, Open(path));

    [Theory]
    [InlineData("abs")] // absolute target
    [InlineData("up")] // relative target that climbs out
    [InlineData("c1")] // a chain whose last link climbs out
    [InlineData("parent/outside/secret.txt")] // a symlink to ".." in the middle of a path
    [InlineData("parent/")] // followed because of the trailing slash
    public void SymlinksCannotLeave(string path) => Assert.Equal(Errno.Perm, Open(path));

    [Fact]
    public void EscapingSymlinksAreNotFollowedEvenWithoutFollowFlag()
    {
        // Not following the last component means opening the link itself, which O_NOFOLLOW refuses.
        Assert.Equal(Errno.Loop, Open("up", follow: false));
        Assert.Equal(Errno.Perm, Open("parent/outside/secret.txt", follow: false));
    }

    [Fact]
    public void SymlinkLoopsEndWithEloop() => Assert.Equal(Errno.Loop, Open("loop1"));

    [Fact]
    public void GuestCreatedSymlinksCannotLeave()
    {
        Assert.Equal(Errno.Perm, Symlink("/etc/passwd", "mine-abs"));
        Assert.Equal(Errno.Success, Symlink("../outside/secret.txt", "mine"));
        Assert.Equal(Errno.Perm, Open("mine"));
        Assert.Equal(Errno.Success, Symlink("mine", "mine2"));
        Assert.Equal(Errno.Perm, Open("mine2"));
        // The link itself is inside: it can be inspected and removed.
        var (p, l) = Str("mine");
        Assert.Equal(Errno.Success, (Errno)_instance.GetFunction<Func<int, int, int, int>>("stat")(p, l, 0));
        Assert.Equal(Errno.Perm, (Errno)_instance.GetFunction<Func<int, int, int, int>>("stat")(p, l, 1));
        Assert.Equal(Errno.Success, Call("unlink", "mine"));
    }

    [Fact]
    public void CreatingThroughAnEscapingPathIsRefusedAndCreatesNothing()
    {
        Assert.Equal(Errno.Perm, Call("create", "../outside/new.txt"));
        Assert.Equal(Errno.Perm, Call("create", "parent/outside/new.txt"));
        Assert.Equal(Errno.Perm, Call("mkdir", "../outside/newdir"));
        Assert.Equal(Errno.Perm, Call("unlink", "../outside/secret.txt"));
        Assert.False(File.Exists(Path.Combine(_outside, "new.txt")));
        Assert.False(Directory.Exists(Path.Combine(_outside, "newdir")));
        Assert.True(File.Exists(Path.Combine(_outside, "secret.txt")));
    }

    [Fact]
    public void DanglingSymlinkCreatesItsTargetInside()
    {
        File.CreateSymbolicLink(Path.Combine(_root, "sandbox", "dangling"), "sub/created.txt");
        Assert.Equal(Errno.Success, Call("create", "dangling"));
        Assert.True(File.Exists(Path.Combine(_root, "sandbox", "sub", "created.txt")));
    }

    [Fact]
    public void PathsMustBeUtf8WithoutNul()
    {
        Assert.Equal(Errno.Ilseq, Open("file\0.txt"));
        var ptr = _next;
        _instance.GetMemory("memory")!.GetSpan((ulong)ptr, 2).Fill(0xff);
        Assert.Equal(Errno.Ilseq, (Errno)_instance.GetFunction<Func<int, int, int, int>>("open")(ptr, 2, 1));
    }

    [Fact]
    public void PointersOutsideMemoryAreEfault() =>
        Assert.Equal(Errno.Fault, (Errno)_instance.GetFunction<Func<int, int, int, int>>("open")(65530, 100, 1));

    [Fact]
    public void NothingIsReachableWithoutAPreopen()
    {
        var engine = new Engine();
        var linker = new Linker(engine);
        using var wasi = Wasi.AddToLinker(linker, new WasiConfig());
        var instance = linker.Instantiate(new Store(engine), Module.FromText(engine, Wat));
        wasi.Bind(instance);
        Assert.Equal(Errno.Badf, (Errno)instance.GetFunction<Func<int, int, int, int>>("open")(0, 1, 1));
    }
}
