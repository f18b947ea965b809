using System.Text;
using Wasm.Wasi.Host;
using Wasm.Wasi.Preview2.Bindings.Wasi.Filesystem;
using Wasm.Wasi.Preview2.Bindings.Wasi.Io;
using Wasm.Wasi.Preview2.Io;

namespace Wasm.Wasi.Preview2.Filesystem;

/// <summary>
/// <c>wasi:filesystem/preopens</c> and the free function of <c>wasi:filesystem/types</c>. The preopened directories
/// are opened once; each <c>get-directories</c> hands out fresh duplicates with <c>read</c> and
/// <c>mutate-directory</c>, as Wasmtime does for <c>--dir</c>.
/// </summary>
internal sealed unsafe class FilesystemHost : ITypes, IPreopens, IDisposable
{
    private readonly List<(int Fd, string Name)> _preopens = new();

    public FilesystemHost(WasiConfig config)
    {
        try
        {
            foreach (var (hostPath, guestPath) in config.Preopens)
            {
                var path = Encoding.UTF8.GetBytes(Path.GetFullPath(hostPath) + "\0");
                int fd;
                fixed (byte* p = path)
                    fd = Libc.OpenAt(Libc.AT_FDCWD, p, Libc.O_RDONLY | Libc.O_DIRECTORY | Libc.O_CLOEXEC, 0);
                if (fd < 0) throw new DirectoryNotFoundException($"cannot open directory '{hostPath}' to preopen: {HostErrors.Last()}");
                _preopens.Add((fd, guestPath));
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public IReadOnlyList<(ITypes.IDescriptor, string)> GetDirectories()
    {
        var list = new (ITypes.IDescriptor, string)[_preopens.Count];
        for (int i = 0; i < list.Length; i++)
        {
            var dup = Libc.Dup(_preopens[i].Fd);
            if (dup < 0) throw new TrapException(TrapCode.HostError, $"wasi:filesystem/preopens: cannot duplicate a preopened directory: {HostErrors.Last()}");
            list[i] = (new Descriptor(dup, Types.DescriptorType.Directory, Types.DescriptorFlags.Read | Types.DescriptorFlags.MutateDirectory), _preopens[i].Name);
        }
        return list;
    }

    public Types.ErrorCode? FilesystemErrorCode(IError.IError_ err) => (err as IoError)?.FilesystemCode;

    public void Dispose()
    {
        foreach (var (fd, _) in _preopens) Libc.Close(fd);
        _preopens.Clear();
    }
}
