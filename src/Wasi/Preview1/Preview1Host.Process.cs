using System.Security.Cryptography;

namespace Wasm.Wasi.Preview1;

// args, environ, proc_*, sched_yield, random_get.
internal sealed partial class Preview1Host
{
    private int ArgsGet(int argv, int buf) => StringsGet(_args, argv, buf);
    private int ArgsSizesGet(int count, int size) => StringsSizesGet(_args, count, size);
    private int EnvironGet(int environ, int buf) => StringsGet(_env, environ, buf);
    private int EnvironSizesGet(int count, int size) => StringsSizesGet(_env, count, size);

    private int StringsGet(byte[][] strings, int pointers, int buf)
    {
        try
        {
            foreach (var s in strings)
            {
                _memory.WriteI32(pointers, buf);
                s.CopyTo(_memory.Bytes(buf, s.Length));
                pointers += 4;
                buf += s.Length;
            }
            return 0;
        }
        catch (Exception e) when (IsGuestError(e)) { return ErrnoOf(e); }
    }

    private int StringsSizesGet(byte[][] strings, int countPtr, int sizePtr)
    {
        try
        {
            var size = 0;
            foreach (var s in strings) size += s.Length;
            _memory.WriteI32(countPtr, strings.Length);
            _memory.WriteI32(sizePtr, size);
            return 0;
        }
        catch (Exception e) when (IsGuestError(e)) { return ErrnoOf(e); }
    }

    private static void ProcExit(int code) => throw new WasiExitException(code);

    // Delivering signals to oneself is not part of the sandbox; Wasmtime does not implement it either.
    private static int ProcRaise(int signal) => (int)Errno.NoSys;

    private static int SchedYield()
    {
        Thread.Yield();
        return 0;
    }

    private int RandomGet(int buf, int length)
    {
        try
        {
            RandomNumberGenerator.Fill(_memory.Bytes(buf, length));
            return 0;
        }
        catch (Exception e) when (IsGuestError(e)) { return ErrnoOf(e); }
    }
}
