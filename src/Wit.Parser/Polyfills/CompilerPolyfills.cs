// Polyfills for language features that netstandard2.0 lacks; the compiler only needs the types to exist.
#pragma warning disable IDE0130
namespace System.Runtime.CompilerServices
{
    /// <summary>Enables <c>init</c> accessors and records on netstandard2.0.</summary>
    internal static class IsExternalInit
    {
    }
}

namespace System.Diagnostics.CodeAnalysis
{
    /// <summary>States that an out parameter is not null when the method returns the given value.</summary>
    [AttributeUsage(AttributeTargets.Parameter)]
    internal sealed class NotNullWhenAttribute : Attribute
    {
        /// <summary>Creates the attribute.</summary>
        public NotNullWhenAttribute(bool returnValue) => ReturnValue = returnValue;

        /// <summary>The return value for which the parameter is not null.</summary>
        public bool ReturnValue { get; }
    }

    /// <summary>States that a method never returns.</summary>
    [AttributeUsage(AttributeTargets.Method)]
    internal sealed class DoesNotReturnAttribute : Attribute
    {
    }
}
