using System.Reflection.Emit;
using Wasm.Instructions;

namespace Wasm.Compilation;

/// <summary>
/// Bounds checks that an earlier check already covers are left out. Compilers address memory mostly as
/// <c>local.get p</c> followed by a load or store with a constant offset, often several times from the same
/// <c>p</c> in a row (fields of one struct). Once <c>p + reach &lt;= length</c> has been checked, any later access
/// through the unchanged <c>p</c> reaching no further is in bounds too: a memory never shrinks, and its base is
/// reloaded after anything that may grow it. The knowledge is kept per local within straight-line code: it is
/// dropped when the local is written and at every join point (loop start, <c>else</c>, block end, handler),
/// where control may arrive from code that did not check.
/// </summary>
internal sealed partial class FunctionCompiler
{
    // For each local (parameters first): how far past it accesses of memory 0 are known to be in bounds (0: unknown).
    private ulong[] _checkedReach = [];
    private readonly List<int> _checkedLocals = new();

    private void BeginCheckedAddresses(int localCount)
    {
        if (_checkedReach.Length < localCount) _checkedReach = new ulong[localCount];
        else Array.Clear(_checkedReach, 0, localCount);
        _checkedLocals.Clear();
    }

    private void ForgetCheckedAddresses()
    {
        foreach (var local in _checkedLocals) _checkedReach[local] = 0;
        _checkedLocals.Clear();
    }

    private void ForgetCheckedAddress(uint local)
    {
        if (local < (uint)_checkedReach.Length) _checkedReach[local] = 0;
    }

    private void RememberCheckedAddress(int local, ulong reach)
    {
        if (_checkedReach[local] == 0) _checkedLocals.Add(local);
        if (reach > _checkedReach[local]) _checkedReach[local] = reach;
    }

    /// <summary>
    /// The local whose value is the address operand of the current load or store, or -1 when the operand is
    /// anything else: for a load the previous instruction read (or teed) the local; for a store the one before
    /// it did, and the previous one pushed the value without touching anything. Always -1 for a shared memory, whose
    /// accesses take <see cref="EmitAddress"/>'s path that re-reads a length another thread may have grown.
    /// </summary>
    private int AddressLocal(bool isStore, int memory)
    {
        if (memory != 0 || _module.Memories[0].Is64 || _module.Memories[0].Shared) return -1;
        Opcode op;
        uint local;
        if (!isStore) (op, local) = (_prevOp, _prevA);
        else if (_prevOp is Opcode.LocalGet or Opcode.I32Const or Opcode.I64Const or Opcode.F32Const or Opcode.F64Const)
            (op, local) = (_prev2Op, _prev2A);
        else return -1;
        return op is Opcode.LocalGet or Opcode.LocalTee && local < (uint)_checkedReach.Length ? (int)local : -1;
    }

    private void LoadLocal(int index)
    {
        if (index < _paramCount) EmitLdarg(index);
        else _il.Emit(OpCodes.Ldloc, _locals[index - _paramCount]);
    }

    /// <summary>[address] → [native pointer] for an access already known to be in bounds.</summary>
    private void EmitCheckedAddress(ulong offset, int memory)
    {
        _il.Emit(OpCodes.Conv_U8);
        if (offset != 0)
        {
            _il.Emit(OpCodes.Ldc_I8, (long)offset);
            _il.Emit(OpCodes.Add);
        }
        _il.Emit(OpCodes.Conv_U);
        _il.Emit(OpCodes.Ldloc, _memBase[memory]!);
        _il.Emit(OpCodes.Add);
    }

    /// <summary>[] → [native pointer] of local <paramref name="local"/> + <paramref name="offset"/>, known to be in bounds.</summary>
    private void LoadLocalAsAddress(int local, ulong offset, int memory)
    {
        LoadLocal(local);
        EmitCheckedAddress(offset, memory);
    }

    /// <summary>[] → [native pointer] of local <paramref name="local"/> + <paramref name="offset"/>, trapping
    /// unless all <paramref name="size"/> bytes lie inside the (32-bit) memory.</summary>
    private void EmitAddressOfLocal(int local, ulong offset, int size, int memory)
    {
        var set = SetAsideForSharedTrap();
        LoadLocal(local);
        _il.Emit(OpCodes.Conv_U8);
        _il.Emit(OpCodes.Ldc_I8, (long)(offset + (ulong)size));
        _il.Emit(OpCodes.Add);
        _il.Emit(OpCodes.Ldloc, _memLength[memory]!);
        TrapIf(OpCodes.Bgt_Un, OpCodes.Ble_Un, TrapCode.MemoryOutOfBounds);
        PutBack(set);
        LoadLocalAsAddress(local, offset, memory);
    }

    /// <summary>Pushes the value of the current store again: the previous instruction read it from a local or
    /// was a constant (<see cref="AddressLocal"/>).</summary>
    private void ReloadStoredValue()
    {
        switch (_prevOp)
        {
            case Opcode.LocalGet: LoadLocal((int)_prevA); return;
            case Opcode.I32Const: EmitInt((int)_prevImm); return;
            case Opcode.I64Const: _il.Emit(OpCodes.Ldc_I8, (long)_prevImm); return;
            case Opcode.F32Const: EmitF32Const((int)_prevImm); return;
            case Opcode.F64Const: EmitF64Const((long)_prevImm); return;
            default: throw new InvalidOperationException($"no stored value to reload after {_prevOp}");
        }
    }
}
