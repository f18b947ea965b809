using System.Runtime.InteropServices;

namespace Wasm.Baseline;

/// <summary>
/// Executable memory for baseline code: each piece is written while its pages are writable and then made
/// read-and-execute (never both at once). 64-bit Linux only; elsewhere <see cref="IsSupported"/> is false and
/// functions keep the IL path.
/// </summary>
internal static unsafe class CodeMemory
{
    public static readonly bool IsSupported =
        OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture == Architecture.X64 && Probe();

    private const int PageSize = 4096;

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
                s_chunk = VirtualMemory.MapWritable((ulong)chunk);
                if (s_chunk == null) throw new OutOfMemoryException("cannot map memory for baseline code");
                s_chunkSize = chunk;
                s_chunkUsed = 0;
            }
            at = s_chunk + s_chunkUsed;
            s_chunkUsed += size;
        }
        code.CopyTo(new Span<byte>(at, code.Length));
        if (!VirtualMemory.MakeExecutable(at, (ulong)size)) throw new InvalidOperationException("cannot make baseline code executable");
        return at;
    }

    private static bool Probe()
    {
        try
        {
            var p = VirtualMemory.MapWritable(PageSize);
            if (p == null) return false;
            var ok = VirtualMemory.MakeExecutable(p, PageSize);
            VirtualMemory.Release(p, PageSize);
            return ok;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }
}
