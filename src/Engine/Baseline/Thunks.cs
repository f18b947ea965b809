namespace Wasm.Baseline;

/// <summary>
/// The machine code shared by all baseline code: the entry from managed code, the exit a trap unwinds to, and the
/// thunk through which baseline code calls managed code (imports, functions without baseline code, helpers).
/// </summary>
/// <remarks>
/// Baseline functions take the context in r15 and a pointer to their arguments in rsi; they write their results
/// over the arguments (one 8-byte cell per value; 32-bit values in the low half). r14 holds the memory base. A
/// trap jumps to <see cref="TrapExit"/> with the trap code plus one in eax: it restores the stack pointer the
/// entry saved in the context and returns that code to the managed caller, which throws.
/// </remarks>
internal static unsafe class Thunks
{
    /// <summary><c>int Enter(byte* ctx, void* code, ulong* args)</c>: 0, or a trap code plus one.</summary>
    public static readonly delegate* unmanaged<byte*, void*, ulong*, int> Enter;

    /// <summary>Where baseline code jumps on a trap (eax = trap code + 1).</summary>
    public static readonly nint TrapExit;

    /// <summary>Called like a baseline function with the function index in eax: forwards to the context's
    /// managed callout, <c>int Callout(byte* ctx, int index, ulong* args)</c>.</summary>
    public static readonly nint Callout;

    static Thunks()
    {
        if (!CodeMemory.IsSupported) return;
        var a = new X64Assembler();
        var exit = a.NewLabel();
        var trap = a.NewLabel();

        // Enter
        var enter = a.Position;
        a.Push(Reg.Rbp);
        a.MovRR(true, Reg.Rbp, Reg.Rsp);
        a.Push(Reg.Rbx);
        a.Push(Reg.R12);
        a.Push(Reg.R13);
        a.Push(Reg.R14);
        a.Push(Reg.R15);
        a.PushM(Mem.At(Reg.Rdi, NativeContext.ExitSp));
        a.Store(true, Mem.At(Reg.Rdi, NativeContext.ExitSp), Reg.Rsp);
        a.MovRR(true, Reg.R15, Reg.Rdi);
        a.Load(true, Reg.R14, Mem.At(Reg.R15, NativeContext.MemBase));
        a.MovRR(true, Reg.Rax, Reg.Rsi);
        a.MovRR(true, Reg.Rsi, Reg.Rdx);
        a.CallR(Reg.Rax);
        a.MovImm(false, Reg.Rax, 0);
        a.Bind(exit);
        a.PopM(Mem.At(Reg.R15, NativeContext.ExitSp));
        a.Pop(Reg.R15);
        a.Pop(Reg.R14);
        a.Pop(Reg.R13);
        a.Pop(Reg.R12);
        a.Pop(Reg.Rbx);
        a.Pop(Reg.Rbp);
        a.Ret();

        // TrapExit
        var trapAt = a.Position;
        a.Bind(trap);
        a.Load(true, Reg.Rsp, Mem.At(Reg.R15, NativeContext.ExitSp));
        a.Jmp(exit);

        // Callout
        var callout = a.Position;
        a.Push(Reg.Rbp);
        a.MovRR(true, Reg.Rbp, Reg.Rsp);
        a.MovRR(true, Reg.Rdi, Reg.R15);
        a.MovRR(true, Reg.Rdx, Reg.Rsi);
        a.MovRR(false, Reg.Rsi, Reg.Rax);
        a.CallM(Mem.At(Reg.R15, NativeContext.CalloutFn));
        a.TestRR(false, Reg.Rax, Reg.Rax);
        a.Jcc(Cond.NE, trap);
        a.Pop(Reg.Rbp);
        a.Ret();

        a.Finish();
        var code = CodeMemory.Publish(a.Code);
        Enter = (delegate* unmanaged<byte*, void*, ulong*, int>)(code + enter);
        TrapExit = (nint)(code + trapAt);
        Callout = (nint)(code + callout);
    }
}
