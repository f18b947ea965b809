namespace Wasm.Wasi.Tests;

/// <summary>The shared corpora beside the repository (<c>../shared</c>).</summary>
internal static class Shared
{
    public static string? Root
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Components.sln"))) dir = dir.Parent;
            if (dir is null) return null;
            var path = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared"));
            return Directory.Exists(path) ? path : null;
        }
    }

    /// <summary>Copies a directory tree, leaving the copy writable so tests may create and delete in it.</summary>
    public static void CopyTree(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            var target = Path.Combine(to, Path.GetFileName(file));
            File.Copy(file, target);
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(target, File.GetUnixFileMode(target) | UnixFileMode.UserWrite);
        }
        foreach (var dir in Directory.GetDirectories(from)) CopyTree(dir, Path.Combine(to, Path.GetFileName(dir)));
    }
}

/// <summary>Runs a WASI command module with captured stdio.</summary>
internal sealed class GuestRun
{
    public int ExitCode { get; private init; }
    public string Stdout { get; private init; } = "";
    public string Stderr { get; private init; } = "";

    /// <summary>The trap that ended the guest, if one did.</summary>
    public TrapException? Trap { get; private init; }

    public static GuestRun Run(byte[] wasm, WasiConfig config, Action<Linker>? extra = null)
    {
        var engine = new Engine();
        var module = Module.FromBytes(engine, wasm);
        return Run(engine, module, config, extra);
    }

    public static GuestRun Run(Engine engine, Module module, WasiConfig config, Action<Linker>? extra = null)
    {
        var stdout = new MemoryStream();
        var stderr = new MemoryStream();
        config.Stdout = stdout;
        config.Stderr = stderr;
        config.Stdin ??= new MemoryStream();
        var linker = new Linker(engine);
        extra?.Invoke(linker);
        using var wasi = Wasi.AddToLinker(linker, config);
        int code;
        TrapException? trap = null;
        try
        {
            code = wasi.RunCommand(linker.Instantiate(new Store(engine), module));
        }
        catch (TrapException e)
        {
            // What a CLI would report for a trap; the guest's output so far is kept for the test's message.
            code = 134;
            trap = e;
        }
        return new GuestRun
        {
            ExitCode = code,
            Trap = trap,
            Stdout = System.Text.Encoding.UTF8.GetString(stdout.ToArray()),
            Stderr = System.Text.Encoding.UTF8.GetString(stderr.ToArray()),
        };
    }
}
