using System.Runtime.InteropServices;

namespace Wasm.Baseline;

/// <summary>
/// Executable memory for baseline code: each piece is written while its pages are writable and then made
/// read-and-execute (never both at once). 64-bit Linux only; elsewhere <see cref="IsSupported"/> is false and
/// functions keep the IL path.
/// </summary>
internal static unsafe partial class CodeMemory
{
    public static readonly bool IsSupported =
        OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture == Architecture.X64 && Probe();

    private const int PageSize = 4096;
    private const int PROT_READ = 1, PROT_WRITE = 2, PROT_EXEC = 4;
    private const int MAP_PRIVATE = 0x02, MAP_ANONYMOUS = 0x20;

    private static readonly object s_lock = new();
    private static byte* s_chunk;
    private static int s_chunkUsed, s_chunkSize;

    /// <summary>Copies <paramref name="code"/> into fresh executable pages and returns their address.</summary>
    public static byte* Publish(ReadOnlySpan<byte> code)
    {
        var size = (code.Length + PageSize - 1) & ~(PageSize - 1);
        byte* at;
        lock (s_lock)
        {
            if (s_chunk == null || s_chunkUsed + size > s_chunkSize)
            {
                var chunk = Math.Max(size, 256 * 1024);
                var p = mmap(null, (nuint)chunk, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
                if (p == (void*)-1) throw new OutOfMemoryException("cannot map memory for baseline code");
                s_chunk = (byte*)p;
                s_chunkSize = chunk;
                s_chunkUsed = 0;
            }
            at = s_chunk + s_chunkUsed;
            s_chunkUsed += size;
        }
        code.CopyTo(new Span<byte>(at, code.Length));
        if (mprotect(at, (nuint)size, PROT_READ | PROT_EXEC) != 0)
            throw new InvalidOperationException("cannot make baseline code executable");
        return at;
    }

    private static bool Probe()
    {
        try
        {
            var p = mmap(null, PageSize, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
            if (p == (void*)-1) return false;
            var ok = mprotect(p, PageSize, PROT_READ | PROT_EXEC) == 0;
            munmap(p, PageSize);
            return ok;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "mmap")]
    private static partial void* mmap(void* addr, nuint length, int prot, int flags, int fd, nint offset);

    [LibraryImport("libc", EntryPoint = "mprotect")]
    private static partial int mprotect(void* addr, nuint length, int prot);

    [LibraryImport("libc", EntryPoint = "munmap")]
    private static partial int munmap(void* addr, nuint length);
}
