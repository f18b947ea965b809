namespace Wasm.Validation;

/// <summary>Validity of defined types (GC): a declared supertype must be open and structurally a supertype.</summary>
internal static class TypeRules
{
    /// <summary>Checks <paramref name="t"/> against its declared supertype.</summary>
    /// <exception cref="InvalidModuleException">The supertype is final or does not match.</exception>
    public static void CheckDeclaredSupertype(DefinedType t, long at)
    {
        var super = t.Super;
        if (super is null) return;
        if (super.Final) throw new InvalidModuleException("sub type: supertype is final", at);
        if (!Matches(t, super)) throw new InvalidModuleException("sub type: does not match its supertype", at);
    }

    /// <summary>Structural subtyping of composite types, one level deep.</summary>
    private static bool Matches(DefinedType sub, DefinedType super)
    {
        if (sub.Kind != super.Kind) return false;
        switch (sub.Kind)
        {
            case CompositeKind.Func:
            {
                var a = sub.Func!;
                var b = super.Func!;
                if (a.Parameters.Length != b.Parameters.Length || a.Results.Length != b.Results.Length) return false;
                for (int i = 0; i < a.Parameters.Length; i++)
                    if (!b.Parameters[i].IsSubtypeOf(a.Parameters[i])) return false;
                for (int i = 0; i < a.Results.Length; i++)
                    if (!a.Results[i].IsSubtypeOf(b.Results[i])) return false;
                return true;
            }
            default:
            {
                if (sub.Fields.Length < super.Fields.Length) return false;
                if (sub.Kind == CompositeKind.Array && sub.Fields.Length != super.Fields.Length) return false;
                for (int i = 0; i < super.Fields.Length; i++)
                    if (!FieldMatches(sub.Fields[i], super.Fields[i])) return false;
                return true;
            }
        }
    }

    /// <summary>A field matches when mutability agrees and the storage is a subtype (equal for mutable fields).</summary>
    public static bool FieldMatches(FieldType a, FieldType b)
    {
        if (a.Mutable != b.Mutable || a.Packed != b.Packed) return false;
        if (!a.Type.IsSubtypeOf(b.Type)) return false;
        return !a.Mutable || b.Type.IsSubtypeOf(a.Type);
    }
}
