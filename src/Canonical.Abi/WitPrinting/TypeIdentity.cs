using System.Runtime.CompilerServices;
using Wasm.Components.Types;

namespace Wasm.Components.WitPrinting;

/// <summary>
/// Compares named types (value types and resources) by identity, seeing through the aliases type imports and
/// exports create: in WIT an interface that re-exports another's record <c>use</c>s that record.
/// </summary>
internal sealed class TypeIdentity : IEqualityComparer<object>
{
    public static readonly TypeIdentity Instance = new();

    private TypeIdentity() { }

    private static object Definition(object type) => type is WitType t ? t.Definition : type;

    public new bool Equals(object? a, object? b) =>
        ReferenceEquals(a, b) || a is not null && b is not null && ReferenceEquals(Definition(a), Definition(b));

    public int GetHashCode(object type) => RuntimeHelpers.GetHashCode(Definition(type));
}
