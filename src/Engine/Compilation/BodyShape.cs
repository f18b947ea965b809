using Wasm.Instructions;

namespace Wasm.Compilation;

/// <summary>
/// Rough counts of what a function body becomes in IL, gathered while scanning it, to choose how its bounds
/// checks are emitted. The JIT compiles a method without optimizations (MinOpts: no register allocation of
/// locals, no inlining) once its IL exceeds any of a few fixed limits: 60,000 bytes, 20,000 instructions,
/// 2,000 basic blocks, 2,000 locals or 8,000 local references; these are not configurable in release
/// runtimes. An inline bounds check costs about 15 instructions, 5 local references and 2 basic blocks; a call
/// to a <see cref="MemoryAccess"/> helper costs 5 instructions, 2 references and no block, and after inlining
/// compiles to the same machine code. Bodies that stay under the limits only with the helper use it; bodies
/// that exceed them either way keep the inline checks, which are faster in unoptimized code.
/// </summary>
internal struct BodyShape
{
    // Margins under the JIT's limits, since these are estimates.
    private const int MaxBytes = 57_000, MaxInstructions = 19_000, MaxBlocks = 1_900, MaxLocalRefs = 7_600;
    // The JIT stops inlining once a method has this many locals (its own temporaries included).
    private const int MaxLocalsForInlining = 350;

    private int _bytes, _instructions, _blocks, _localRefs, _memoryAccesses;

    /// <param name="ins">The next instruction of the body.</param>
    /// <param name="reloadsMemory">Whether a call here is followed by reloading memory base and length.</param>
    public void Add(in Instruction ins, bool reloadsMemory)
    {
        var op = ins.Op;
        _instructions++;
        _bytes += 3;
        switch (op)
        {
            case Opcode.LocalGet or Opcode.LocalSet:
                _localRefs++;
                return;
            case Opcode.LocalTee:
                _localRefs++;
                _instructions++;
                return;
            case Opcode.I64Const or Opcode.F64Const:
                _bytes += 6;
                return;
            case Opcode.I32Const or Opcode.F32Const:
                _bytes += 2;
                return;
            case Opcode.GlobalGet:
                _instructions += 4;
                _localRefs++;
                _bytes += 14;
                return;
            case Opcode.GlobalSet:
                _instructions += 6;
                _localRefs += 3;
                _bytes += 18;
                return;
            case Opcode.Call or Opcode.CallRef:
                // The context argument and maybe the reload of memory base and length afterwards.
                _instructions += reloadsMemory ? 9 : 2;
                _localRefs += reloadsMemory ? 4 : 1;
                _bytes += reloadsMemory ? 20 : 6;
                return;
            case Opcode.CallIndirect:
                _instructions += 35;
                _localRefs += 12;
                _blocks += 6;
                _bytes += 90;
                return;
            case Opcode.If or Opcode.BrIf:
                _blocks += 2;
                return;
            case Opcode.Br or Opcode.Else or Opcode.Loop or Opcode.Return:
                _blocks++;
                return;
            case Opcode.BrTable:
                _blocks += 2 + (ins.Targets?.Length ?? 0);
                _instructions += 3 * (ins.Targets?.Length ?? 0);
                return;
            case Opcode.I64Shl or Opcode.I64ShrS or Opcode.I64ShrU:
                _instructions += 3; // the count is narrowed and masked
                return;
            case Opcode.I32Shl or Opcode.I32ShrS or Opcode.I32ShrU or Opcode.I32Ne or Opcode.I64Ne or Opcode.I32LeS
                or Opcode.I32LeU or Opcode.I32GeS or Opcode.I32GeU or Opcode.I64LeS or Opcode.I64LeU or Opcode.I64GeS
                or Opcode.I64GeU or Opcode.I64Eqz:
                _instructions += 2;
                return;
            case Opcode.Select or Opcode.SelectTyped:
                _blocks += 2;
                _instructions += 8;
                _localRefs += 6;
                _bytes += 20;
                return;
        }
        if (ins.Info.Immediate == Immediate.MemArg && !ins.Info.IsSimd) _memoryAccesses++;
    }

    /// <summary>Whether bounds checks should be helper calls: the body fits the JIT's limits only that way.</summary>
    public readonly bool PrefersCheckCalls(int localCount)
    {
        if (_memoryAccesses == 0) return false;
        if (Fits(15, 5, 2, 50)) return false;
        return localCount < MaxLocalsForInlining && Fits(5, 2, 0, 13);
    }

    /// <summary>Whether the JIT will optimize the body at all (with the checks <see cref="PrefersCheckCalls"/> picks).</summary>
    public readonly bool Optimizable(int localCount) =>
        Fits(15, 5, 2, 50) || (localCount < MaxLocalsForInlining && Fits(5, 2, 0, 13));

    private readonly bool Fits(int instructionsPerAccess, int refsPerAccess, int blocksPerAccess, int bytesPerAccess) =>
        _instructions + instructionsPerAccess * _memoryAccesses < MaxInstructions
        && _localRefs + refsPerAccess * _memoryAccesses < MaxLocalRefs
        && _blocks + blocksPerAccess * _memoryAccesses < MaxBlocks
        && _bytes + bytesPerAccess * _memoryAccesses < MaxBytes;
}
