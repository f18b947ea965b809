using Wasm.Instructions;

namespace Wasm.Validation;

/// <summary>One entry of the validator's control stack: an open block, loop, if/else, or the function itself.</summary>
internal struct ControlFrame
{
    /// <summary><see cref="Opcode.Block"/>, <see cref="Opcode.Loop"/>, <see cref="Opcode.If"/> or
    /// <see cref="Opcode.Else"/>; the function's own frame uses <see cref="Opcode.Block"/> with
    /// <see cref="IsFunction"/> set.</summary>
    public Opcode Opcode;

    /// <summary>True for the outermost frame (the function body).</summary>
    public bool IsFunction;

    /// <summary>Types the block takes (its parameters).</summary>
    public ValType[] StartTypes;

    /// <summary>Types the block leaves (its results).</summary>
    public ValType[] EndTypes;

    /// <summary>Operand stack height when the block was entered (after popping its parameters).</summary>
    public int Height;

    /// <summary>Length of the validator's log of initialised locals when the block was entered: locals set inside
    /// the block count as unset again after it.</summary>
    public int InitHeight;

    /// <summary>True once the rest of the block is unreachable (after <c>br</c>, <c>return</c>, ...).</summary>
    public bool Unreachable;

    /// <summary>The types a branch to this frame's label carries: parameters for a loop, results otherwise.</summary>
    public readonly ValType[] LabelTypes => Opcode == Opcode.Loop ? StartTypes : EndTypes;
}
