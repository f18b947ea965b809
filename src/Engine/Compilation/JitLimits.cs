using System.Reflection;
using System.Reflection.Emit;

namespace Wasm.Compilation;

/// <summary>
/// The JIT's fixed limits for optimizing, checked on a method's emitted IL. A method above any of them is compiled
/// without optimizations whatever it asks for: more than 60,000 bytes of IL, 20,000 instructions, 2,000 basic
/// blocks, 2,000 locals or 8,000 local references (release runtimes do not let them be configured).
/// <see cref="BodyShape"/> estimates them from the wasm before emitting, to choose how bounds checks are emitted;
/// this counts them exactly, for work that is worth doing only if it optimizes: a promotion whose method the JIT
/// would compile unoptimized costs the background core tens of milliseconds for code no faster than tier 0's
/// (tinygo-json's 16.7 KB JSON decoder: 2,647 basic blocks, 11-14 ms per promotion, and its loop variant again).
/// </summary>
internal static class JitLimits
{
    private const int MaxILBytes = 60_000, MaxInstructions = 20_000, MaxBasicBlocks = 2_000, MaxLocals = 2_000, MaxLocalRefs = 8_000;

    private static readonly OpCode[] OneByte = new OpCode[256], TwoByte = new OpCode[256];

    static JitLimits()
    {
        foreach (var field in typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            var op = (OpCode)field.GetValue(null)!;
            if (op.Size == 1) OneByte[(byte)op.Value] = op;
            else TwoByte[(byte)op.Value] = op;
        }
    }

    /// <summary>Whether the JIT would optimize method <paramref name="name"/> of the baked type <paramref name="baked"/>.</summary>
    public static bool Optimizes(Type baked, string name)
    {
        var method = baked.GetMethod(name, BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly)!;
        var body = method.GetMethodBody();
        var il = body?.GetILAsByteArray();
        if (body is null || il is null) return true;
        if (il.Length > MaxILBytes || body.LocalVariables.Count + method.GetParameters().Length > MaxLocals) return false;
        var (instructions, localRefs, blocks) = Count(il, body.ExceptionHandlingClauses);
        return instructions <= MaxInstructions && localRefs <= MaxLocalRefs && blocks <= MaxBasicBlocks;
    }

    /// <summary>Instructions, local and argument references, and basic blocks (the JIT starts one at offset 0, at
    /// each branch target, after each branch, return or throw, and at each exception region boundary).</summary>
    internal static (int Instructions, int LocalRefs, int Blocks) Count(byte[] il, IList<ExceptionHandlingClause> clauses)
    {
        var starts = new bool[il.Length + 1];
        starts[0] = true;
        int instructions = 0, localRefs = 0;
        for (var at = 0; at < il.Length;)
        {
            var op = il[at] == 0xFE && at + 1 < il.Length ? TwoByte[il[at + 1]] : OneByte[il[at]];
            if (op.Size == 0) break; // not an opcode: nothing the emitter writes, counted no further
            at += op.Size;
            instructions++;
            if (IsLocalReference(op)) localRefs++;
            var operand = op.OperandType switch
            {
                OperandType.InlineNone => 0,
                OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                OperandType.InlineVar => 2,
                OperandType.InlineI8 or OperandType.InlineR => 8,
                OperandType.InlineSwitch => 4 + 4 * BitConverter.ToInt32(il, at),
                _ => 4,
            };
            var next = at + operand;
            switch (op.OperandType)
            {
                case OperandType.ShortInlineBrTarget:
                    Mark(starts, next + (sbyte)il[at]);
                    break;
                case OperandType.InlineBrTarget:
                    Mark(starts, next + BitConverter.ToInt32(il, at));
                    break;
                case OperandType.InlineSwitch:
                    for (int k = 0, count = BitConverter.ToInt32(il, at); k < count; k++) Mark(starts, next + BitConverter.ToInt32(il, at + 4 + 4 * k));
                    break;
            }
            if (op.FlowControl is FlowControl.Branch or FlowControl.Cond_Branch or FlowControl.Return or FlowControl.Throw
                || op.Value == OpCodes.Endfinally.Value || op.Value == OpCodes.Endfilter.Value || op.Value == OpCodes.Jmp.Value)
                Mark(starts, next);
            at = next;
        }
        foreach (var clause in clauses)
        {
            Mark(starts, clause.TryOffset);
            Mark(starts, clause.TryOffset + clause.TryLength);
            Mark(starts, clause.HandlerOffset);
            Mark(starts, clause.HandlerOffset + clause.HandlerLength);
            if (clause.Flags == ExceptionHandlingClauseOptions.Filter) Mark(starts, clause.FilterOffset);
        }
        var blocks = 0;
        for (var i = 0; i < il.Length; i++) if (starts[i]) blocks++;
        return (instructions, localRefs, blocks);
    }

    private static void Mark(bool[] starts, int offset)
    {
        if ((uint)offset < (uint)starts.Length) starts[offset] = true;
    }

    private static bool IsLocalReference(OpCode op) =>
        op.OperandType is OperandType.InlineVar or OperandType.ShortInlineVar
        || op.Value == OpCodes.Ldloc_0.Value || op.Value == OpCodes.Ldloc_1.Value || op.Value == OpCodes.Ldloc_2.Value || op.Value == OpCodes.Ldloc_3.Value
        || op.Value == OpCodes.Stloc_0.Value || op.Value == OpCodes.Stloc_1.Value || op.Value == OpCodes.Stloc_2.Value || op.Value == OpCodes.Stloc_3.Value
        || op.Value == OpCodes.Ldarg_0.Value || op.Value == OpCodes.Ldarg_1.Value || op.Value == OpCodes.Ldarg_2.Value || op.Value == OpCodes.Ldarg_3.Value;
}
