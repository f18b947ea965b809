namespace Wasm.Components.Abi;

/// <summary>The canonical ABI layout of a value type: size and alignment in memory, and its flattened core types.</summary>
internal sealed class TypeLayout
{
}

/// <summary>The canonical ABI flattening of a function type.</summary>
internal sealed class FuncLayout
{
}
