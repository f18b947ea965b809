using System.Collections.Generic;

namespace Wit.Generators.Naming;

/// <summary>
/// The member names of one C# type being generated. Names that C# forbids there (the enclosing type's own name,
/// members every record or object already has) get a <c>_</c> suffix, which no converted WIT name can end with.
/// Two WIT names that convert to the same C# name are a conflict the caller reports (WIT0004).
/// </summary>
internal sealed class MemberScope
{
    /// <summary>Members of every record (and so of every record, variant and case we generate).</summary>
    public static readonly string[] RecordMembers =
    {
        "Equals", "GetHashCode", "ToString", "GetType", "MemberwiseClone", "Finalize", "EqualityContract",
        "PrintMembers", "Deconstruct", "ReferenceEquals",
    };

    /// <summary>Members of every class.</summary>
    public static readonly string[] ObjectMembers = { "Equals", "GetHashCode", "ToString", "GetType", "MemberwiseClone", "Finalize", "ReferenceEquals" };

    private readonly HashSet<string> _reserved = new();
    private readonly Dictionary<string, string> _claimed = new();

    public MemberScope(string enclosingName, params string[] reserved)
    {
        _reserved.Add(enclosingName);
        foreach (var name in reserved)
        {
            _reserved.Add(name);
        }
    }

    /// <summary>Reserves a generated member name (e.g. <c>AddToLinker</c>), so WIT names that convert to it get a suffix.</summary>
    public void Reserve(string name) => _reserved.Add(name);

    /// <summary>Claims the C# name for a WIT item; null when another WIT item already converted to the same name.</summary>
    /// <param name="csharpName">The converted name.</param>
    /// <param name="witName">The WIT name, to tell a conflict from a repeat of the same item.</param>
    public string? Claim(string csharpName, string witName)
    {
        string name = _reserved.Contains(csharpName) ? csharpName + "_" : csharpName;
        if (_claimed.TryGetValue(name, out var owner))
        {
            return owner == witName ? name : null;
        }

        _claimed.Add(name, witName);
        return name;
    }

    /// <summary>The WIT name that claimed a C# name.</summary>
    public string? OwnerOf(string csharpName) => _claimed.TryGetValue(csharpName, out var owner) ? owner : null;
}
