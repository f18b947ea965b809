using System.Reflection;
using System.Reflection.Emit;
using Wasm.Instructions;
using Wasm.Validation;

namespace Wasm.Compilation;

internal sealed partial class FunctionCompiler
{
    /// <summary>The helpers of the atomic accesses, by shape within a group (i32, i64, i32 8, i32 16, i64 8,
    /// i64 16, i64 32) and group (load, store, add, sub, and, or, xor, xchg, cmpxchg).</summary>
    private static readonly MethodInfo[][] AtomicHelpers = BuildAtomicHelpers();

    private static MethodInfo[][] BuildAtomicHelpers()
    {
        string[] groups = ["Load", "Store", "Add", "Sub", "And", "Or", "Xor", "Xchg", "Cmpxchg"];
        int[] widths = [32, 64, 8, 16, 8, 16, 32];
        var helpers = new MethodInfo[groups.Length][];
        for (var g = 0; g < groups.Length; g++)
        {
            helpers[g] = new MethodInfo[widths.Length];
            for (var s = 0; s < widths.Length; s++)
                helpers[g][s] = Signatures.Method(typeof(AtomicOps), groups[g] + widths[s]);
        }
        return helpers;
    }

    /// <summary>
    /// An atomic access: the operands above the address wait in locals while the address is bounds-checked and
    /// checked for natural alignment ("unaligned atomic"), then a helper does the access. The i64 forms of the
    /// narrow accesses wrap their operands to i32 and zero-extend the result.
    /// </summary>
    private void EmitAtomic(in Instruction ins)
    {
        var op = ins.Op;
        if (op == Opcode.AtomicFence)
        {
            _il.Emit(OpCodes.Call, Signatures.Method(typeof(AtomicOps), nameof(AtomicOps.Fence)));
            return;
        }
        var ps = ins.Info.Params!;
        var operands = new LocalBuilder[ps.Length - 1];
        for (var i = operands.Length - 1; i >= 0; i--)
        {
            operands[i] = RentTemp(ps[i + 1]);
            _il.Emit(OpCodes.Stloc, operands[i]);
        }
        var size = 1 << (int)FunctionValidator.NaturalAlignment(op);
        EmitAddress(ins.Imm, size, (int)ins.B);
        if (size > 1)
        {
            // The base is at least 8-byte aligned, so the native address is aligned exactly when the wasm one is.
            var aligned = _il.DefineLabel();
            _il.Emit(OpCodes.Dup);
            _il.Emit(OpCodes.Conv_U4);
            _il.Emit(OpCodes.Ldc_I4, size - 1);
            _il.Emit(OpCodes.And);
            _il.Emit(OpCodes.Brfalse, aligned);
            EmitTrap(TrapCode.UnalignedAtomic);
            _il.MarkLabel(aligned);
        }

        if (op is Opcode.MemoryAtomicNotify or Opcode.MemoryAtomicWait32 or Opcode.MemoryAtomicWait64)
        {
            foreach (var local in operands)
            {
                _il.Emit(OpCodes.Ldloc, local);
                ReturnTemp(local);
            }
            LoadMemoryObject((int)ins.B);
            if (op != Opcode.MemoryAtomicNotify) LoadCtx(); // a waiting thread watches its store's epoch deadline
            var name = op switch
            {
                Opcode.MemoryAtomicNotify => nameof(AtomicOps.Notify),
                Opcode.MemoryAtomicWait32 => nameof(AtomicOps.Wait32),
                _ => nameof(AtomicOps.Wait64),
            };
            _il.Emit(OpCodes.Call, Signatures.Method(typeof(AtomicOps), name));
            return;
        }

        var index = (ushort)op - (ushort)Opcode.I32AtomicLoad;
        var group = index / 7;
        var shape = index % 7;
        // Shapes 4–6 are the narrow i64 forms: their helpers work on i32.
        var narrow64 = shape >= 4;
        foreach (var local in operands)
        {
            _il.Emit(OpCodes.Ldloc, local);
            if (narrow64) _il.Emit(OpCodes.Conv_I4);
            ReturnTemp(local);
        }
        _il.Emit(OpCodes.Call, AtomicHelpers[group][shape]);
        if (narrow64 && group != 1) _il.Emit(OpCodes.Conv_U8);
    }
}
