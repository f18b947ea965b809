using System.Runtime.InteropServices;

namespace Wasm;

/// <summary>
/// Address space reserved without backing memory, then committed piece by piece: what lets a linear memory keep
/// its base address while it grows and cost only the pages the guest touches. Linux (<c>mmap</c> with
/// <c>PROT_NONE</c>, then <c>mprotect</c>) and Windows (<c>VirtualAlloc</c> reserve, then commit); elsewhere
/// <see cref="TryReserve"/> fails and memories fall back to copying on growth.
/// </summary>
internal static unsafe partial class VirtualMemory
{
    private static readonly bool IsLinux = OperatingSystem.IsLinux() && Environment.Is64BitProcess;
    private static readonly bool IsWindows = OperatingSystem.IsWindows() && Environment.Is64BitProcess;

    /// <summary>Reserves <paramref name="bytes"/> (a multiple of 64 KiB) of inaccessible address space.</summary>
    public static bool TryReserve(ulong bytes, out byte* address)
    {
        address = null;
        if (bytes == 0 || bytes > nuint.MaxValue) return false;
        try
        {
            if (IsLinux)
            {
                var p = mmap(null, (nuint)bytes, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
                if (p == MapFailed) return false;
                address = (byte*)p;
                return true;
            }
            if (IsWindows)
            {
                address = (byte*)VirtualAlloc(null, (nuint)bytes, MEM_RESERVE, PAGE_NOACCESS);
                return address != null;
            }
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // An unusual libc: the copying fallback still works.
        }
        return false;
    }

    /// <summary>Makes [<paramref name="address"/>, +<paramref name="bytes"/>) of a reservation readable and
    /// writable; the pages read as zero until written and use no physical memory before that.</summary>
    public static bool Commit(byte* address, ulong bytes)
    {
        if (bytes == 0) return true;
        if (IsLinux) return mprotect(address, (nuint)bytes, PROT_READ | PROT_WRITE) == 0;
        return VirtualAlloc(address, (nuint)bytes, MEM_COMMIT, PAGE_READWRITE) != null;
    }

    /// <summary>Maps <paramref name="bytes"/> of readable and writable memory (Linux only; null on failure).</summary>
    public static byte* MapWritable(ulong bytes)
    {
        if (!IsLinux) return null;
        var p = mmap(null, (nuint)bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        return p == MapFailed ? null : (byte*)p;
    }

    /// <summary>Makes written pages read-and-execute (and no longer writable).</summary>
    public static bool MakeExecutable(byte* address, ulong bytes) =>
        IsLinux && mprotect(address, (nuint)bytes, PROT_READ | PROT_EXEC) == 0;

    /// <summary>Returns a whole reservation to the system.</summary>
    public static void Release(byte* address, ulong bytes)
    {
        if (IsLinux) munmap(address, (nuint)bytes);
        else VirtualFree(address, 0, MEM_RELEASE);
    }

    private const int PROT_NONE = 0, PROT_READ = 1, PROT_WRITE = 2, PROT_EXEC = 4;
    // Linux values (the same on x64 and arm64).
    private const int MAP_PRIVATE = 0x02, MAP_ANONYMOUS = 0x20, MAP_NORESERVE = 0x4000;
    private static readonly void* MapFailed = (void*)-1;

    private const uint MEM_COMMIT = 0x1000, MEM_RESERVE = 0x2000, MEM_RELEASE = 0x8000;
    private const uint PAGE_NOACCESS = 0x01, PAGE_READWRITE = 0x04;

    [LibraryImport("libc", EntryPoint = "mmap")]
    private static partial void* mmap(void* addr, nuint length, int prot, int flags, int fd, nint offset);

    [LibraryImport("libc", EntryPoint = "mprotect")]
    private static partial int mprotect(void* addr, nuint length, int prot);

    [LibraryImport("libc", EntryPoint = "munmap")]
    private static partial int munmap(void* addr, nuint length);

    [LibraryImport("kernel32.dll", EntryPoint = "VirtualAlloc")]
    private static partial void* VirtualAlloc(void* address, nuint size, uint allocationType, uint protect);

    [LibraryImport("kernel32.dll", EntryPoint = "VirtualFree")]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static partial bool VirtualFree(void* address, nuint size, uint freeType);
}
