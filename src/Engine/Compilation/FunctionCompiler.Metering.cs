using System.Reflection.Emit;
using Wasm.Instructions;

namespace Wasm.Compilation;

/// <summary>
/// Fuel and epoch checks, emitted only when the engine enables them.
/// <para>
/// Fuel is charged once per basic block, on entry, for all of the block's instructions: <see cref="Scan"/> splits
/// the body at every instruction that ends straight-line code (<see cref="EndsBlock"/>) and sums each piece, and
/// the compiler charges piece <c>n</c> right after emitting the <c>n</c>-th such instruction, i.e. at the loop
/// header, in the arm of an <c>if</c>/<c>else</c>, at the join after <c>end</c>, on the fall-through of
/// <c>br_if</c>. Charging before the block runs means a trap leaves none of its effects, and a loop iteration
/// costs exactly its instruction count. Pieces that cost nothing (and unreachable ones) emit nothing.
/// </para>
/// <para>
/// Epochs are checked on function entry and at each loop header, which bounds the work between two checks by
/// straight-line code plus calls (each of which checks on entry).
/// </para>
/// </summary>
internal sealed partial class FunctionCompiler
{
    private LocalBuilder? _store;
    private List<long> _blockFuel = [];
    private int _fuelBlock;

    /// <summary>What executing one instruction costs (Wasmtime's table: structural instructions are free).</summary>
    private static int FuelCost(Opcode op) =>
        op is Opcode.Nop or Opcode.Drop or Opcode.Block or Opcode.Loop or Opcode.Unreachable or Opcode.Return
            or Opcode.Else or Opcode.End ? 0 : 1;

    /// <summary>Instructions after which execution does not simply continue with the next one. <c>block</c> is
    /// not among them: entering it is straight-line.</summary>
    private static bool EndsBlock(Opcode op) =>
        op is Opcode.Loop or Opcode.If or Opcode.Else or Opcode.End or Opcode.Br or Opcode.BrIf or Opcode.BrTable
            or Opcode.Return or Opcode.ReturnCall or Opcode.ReturnCallIndirect or Opcode.ReturnCallRef or Opcode.Unreachable
            or Opcode.BrOnNull or Opcode.BrOnNonNull;

    private bool Metered => _compilation.ConsumeFuel || _compilation.EpochInterruption;

    /// <summary>Function entry: keeps the store in a local and charges/checks the first block.</summary>
    private void EmitMeteringPrologue()
    {
        _store = null;
        _fuelBlock = 0;
        if (!Metered) return;
        _store = _il.DeclareLocal(typeof(Store));
        LoadCtx();
        _il.Emit(OpCodes.Ldfld, Builtins.CtxStore);
        _il.Emit(OpCodes.Stloc, _store);
        if (_compilation.EpochInterruption) EmitEpochCheck();
        if (_compilation.ConsumeFuel) EmitFuelCharge(_blockFuel[0]);
    }

    /// <summary>After an instruction is emitted: starts the next basic block if it ended one.</summary>
    private void EmitMeteringAfter(Opcode op)
    {
        if (!Metered || !EndsBlock(op)) return;
        _fuelBlock++;
        if (!_reachable) return;
        if (op == Opcode.Loop && _compilation.EpochInterruption) EmitEpochCheck();
        if (_compilation.ConsumeFuel) EmitFuelCharge(_blockFuel[_fuelBlock]);
    }

    /// <summary><c>store.Fuel -= cost; if (store.Fuel &lt; 0) trap</c></summary>
    private void EmitFuelCharge(long cost)
    {
        if (cost == 0) return;
        var ok = _il.DefineLabel();
        _il.Emit(OpCodes.Ldloc, _store!);
        _il.Emit(OpCodes.Ldloc, _store!);
        _il.Emit(OpCodes.Ldfld, Builtins.StoreFuel);
        _il.Emit(OpCodes.Ldc_I8, cost);
        _il.Emit(OpCodes.Sub);
        _il.Emit(OpCodes.Stfld, Builtins.StoreFuel);
        _il.Emit(OpCodes.Ldloc, _store!);
        _il.Emit(OpCodes.Ldfld, Builtins.StoreFuel);
        _il.Emit(OpCodes.Ldc_I4_0);
        _il.Emit(OpCodes.Conv_I8);
        _il.Emit(OpCodes.Bge, ok);
        EmitTrap(TrapCode.OutOfFuel);
        _il.MarkLabel(ok);
    }

    /// <summary><c>if (engine.Epoch &gt;= store.EpochDeadline) trap</c>. The epoch load is volatile so the JIT
    /// cannot hoist it out of a loop: another thread advances it.</summary>
    private void EmitEpochCheck()
    {
        var ok = _il.DefineLabel();
        _il.Emit(OpCodes.Ldloc, _store!);
        _il.Emit(OpCodes.Ldfld, Builtins.StoreEngine);
        _il.Emit(OpCodes.Volatile);
        _il.Emit(OpCodes.Ldfld, Builtins.EngineEpoch);
        _il.Emit(OpCodes.Ldloc, _store!);
        _il.Emit(OpCodes.Ldfld, Builtins.StoreEpochDeadline);
        _il.Emit(OpCodes.Blt_Un, ok);
        EmitTrap(TrapCode.Interrupted);
        _il.MarkLabel(ok);
    }
}
