namespace Wasm.Instructions;

/// <summary>What a scalar load or store touches, for the compilers' bounds checks.</summary>
internal static class ScalarAccess
{
    /// <summary>Bytes accessed by a scalar load or store, and whether it is a store; null for other instructions.</summary>
    public static (int Size, bool IsStore)? Shape(Opcode op) => op switch
    {
        Opcode.I32Load or Opcode.F32Load or Opcode.I64Load32S or Opcode.I64Load32U => (4, false),
        Opcode.I64Load or Opcode.F64Load => (8, false),
        Opcode.I32Load8S or Opcode.I32Load8U or Opcode.I64Load8S or Opcode.I64Load8U => (1, false),
        Opcode.I32Load16S or Opcode.I32Load16U or Opcode.I64Load16S or Opcode.I64Load16U => (2, false),
        Opcode.I32Store or Opcode.F32Store or Opcode.I64Store32 => (4, true),
        Opcode.I64Store or Opcode.F64Store => (8, true),
        Opcode.I32Store8 or Opcode.I64Store8 => (1, true),
        Opcode.I32Store16 or Opcode.I64Store16 => (2, true),
        _ => null,
    };
}
