namespace System.Runtime.CompilerServices;

/// <summary>
/// Recognised by the runtime by name: applied to a generated assembly, it lets that assembly's IL use this
/// engine's internal types and fields (the VM context, memories, tables) directly.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
internal sealed class IgnoresAccessChecksToAttribute(string assemblyName) : Attribute
{
    /// <summary>The assembly whose internals become accessible.</summary>
    public string AssemblyName { get; } = assemblyName;
}
